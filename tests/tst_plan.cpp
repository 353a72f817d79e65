// The tutorial studies and the sweep grid are built as the tutorials describe.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "core/results/skipprediction.h"
#include "core/spec/limits.h"
#include "core/spec/plan.h"

using namespace threadmix;

namespace {
PlanOptions options(int logical, int physical) {
    PlanOptions o;
    o.logicalCpus = logical;
    o.physicalCores = physical;
    return o;
}
} // namespace

TEST(Plan, CombineStudyHasTheTutorialsFiveRows) {
    const auto p = makeCombineStudy(options(8, 4));
    ASSERT_EQ(p.configs.size(), 5u);
    const int expected[5][2] = {{1, 1}, {1, 8}, {1, 4}, {4, 1}, {2, 8}};
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(p.configs[std::size_t(i)].spec.workers, expected[i][0]) << i;
        EXPECT_EQ(p.configs[std::size_t(i)].spec.blasThreads, expected[i][1]) << i;
        EXPECT_EQ(groupText(p.configs[std::size_t(i)].group), "combine");
    }
    // No-pool rows make their data first; pool rows inside each task, as in the tutorial.
    EXPECT_EQ(p.configs[0].spec.data, DataPlacement::Upfront);
    EXPECT_EQ(p.configs[2].spec.data, DataPlacement::Upfront);
    EXPECT_EQ(p.configs[3].spec.data, DataPlacement::InTask);
    EXPECT_EQ(p.configs[4].spec.data, DataPlacement::InTask);
    EXPECT_EQ(p.configs[0].spec.count, defaults::kCombineCount);
}

TEST(Plan, GivenDataPlacementAndSizesApplyToEveryRow) {
    auto o = options(2, 2);
    o.base.data = DataPlacement::InTask;
    o.dataGiven = true;
    o.base.count = 7;
    o.countGiven = true;
    for (const auto& c : makeCombineStudy(o).configs) {
        EXPECT_EQ(c.spec.data, DataPlacement::InTask);
        EXPECT_EQ(c.spec.count, 7);
    }
}

TEST(Plan, PitfallsCoverPoolOnBlasDotAndFill) {
    const auto p = makePitfallsStudy(options(4, 2));
    int gemm = 0, dot = 0, fill = 0;
    for (const auto& c : p.configs) {
        gemm += c.spec.workload == Workload::Gemm;
        dot += c.spec.workload == Workload::Dot;
        fill += c.spec.workload == Workload::Fill;
    }
    EXPECT_EQ(gemm, 3);
    EXPECT_EQ(dot, 2);
    EXPECT_EQ(fill, 2);
    EXPECT_EQ(p.configs[1].spec.workers * p.configs[1].spec.blasThreads, 16); // oversubscribed
    EXPECT_GT(p.configs[2].spec.chunk, 1);
    EXPECT_EQ(p.configs[3].spec.blasThreads, 1);
    EXPECT_EQ(p.configs[4].spec.blasThreads, 4);
}

TEST(Plan, SweepStartsWithTheBaselineAndCoversTheGrid) {
    auto o = options(2, 2);
    o.workersAxis = {1, 2, 3};
    o.blasAxis = {2, 3, 4};
    const auto p = makeSweep(o);
    ASSERT_EQ(p.configs.size(), 1u + 9u); // 1x1 is outside the ranges, so it is added
    EXPECT_EQ(p.configs[0].spec.workers, 1);
    EXPECT_EQ(p.configs[0].spec.blasThreads, 1);
    EXPECT_TRUE(p.budgetFactorFromFirst.has_value());
    o.blasAxis = {1, 2};
    o.budgetGiven = true;
    o.base.budgetSeconds = 5;
    const auto q = makeSweep(o);
    EXPECT_EQ(q.configs.size(), 6u);
    // A given budget is the ceiling of the derived one, on the command line as in the window.
    ASSERT_TRUE(q.budgetFactorFromFirst.has_value());
    EXPECT_EQ(q.configs[3].spec.budgetSeconds, 5);
    EXPECT_EQ(cellBudget(q, q.configs[3].spec, 0.01), q.minDerivedBudget);
    EXPECT_EQ(cellBudget(q, q.configs[3].spec, 10.0), 5.0);
}

TEST(Plan, TheDefaultSweepHasAtMostAHundredCellsOnAnyMachine) {
    struct Machine {
        int logical, physical;
        std::vector<int> axis;
    } machines[] = {{2, 2, {1, 2, 3, 4}},
                    {16, 8, {1, 2, 4, 8, 16, 32}},
                    {64, 32, {1, 2, 4, 8, 16, 32, 64, 128}},
                    {256, 128, {1, 2, 4, 8, 16, 32, 64, 128, 256, 512}},
                    {48, 24, {1, 2, 4, 8, 12, 16, 24, 32, 48, 64}}};
    for (const auto& m : machines) {
        auto o = options(m.logical, m.physical);
        const auto p = makeSweep(o);
        EXPECT_LE(p.configs.size(), 100u) << m.logical << " CPUs";
        EXPECT_EQ(sweepAxis(1, 2 * m.logical, false, m.logical, m.physical), m.axis)
            << m.logical << " CPUs";
        EXPECT_EQ(p.configs.size(), m.axis.size() * m.axis.size()) << m.logical << " CPUs";
        EXPECT_TRUE(p.skipSlowCells);
        EXPECT_EQ(p.configs[0].label, "1 x 1");
    }
    // Every value when asked, and short ranges as they are.
    EXPECT_EQ(sweepAxis(1, 10, true, 4, 4).size(), 10u);
    EXPECT_EQ(sweepAxis(3, 6, false, 64, 32), (std::vector<int>{3, 4, 5, 6}));
}

TEST(Plan, SweepCellsRunFromTheDiagonalOutward) {
    auto o = options(4, 4);
    const auto p = makeSweep(o); // axes 1..8 on 4 CPUs
    ASSERT_EQ(p.configs[0].label, "1 x 1");
    double last = 0;
    for (std::size_t i = 1; i < p.configs.size(); ++i) {
        const auto& s = p.configs[i].spec;
        const double d = std::abs(std::log2(double(s.workers) * s.blasThreads) - 2.0);
        EXPECT_GE(d + 1e-9, last) << p.configs[i].label << " comes before a nearer cell";
        last = d;
    }
    // The first cells after 1 x 1 use exactly the 4 logical CPUs.
    EXPECT_EQ(p.configs[1].spec.totalThreads(), 4);
    EXPECT_EQ(p.configs[2].spec.totalThreads(), 4);
    EXPECT_EQ(p.configs[3].spec.totalThreads(), 4);
}

TEST(Plan, ValidatePlanNamesTheRow) {
    auto o = options(2, 2);
    o.base.size = 30000;
    o.sizeGiven = true;
    const auto st = validatePlan(makeCombineStudy(o), std::uint64_t(1) << 30);
    ASSERT_FALSE(st);
    EXPECT_NE(st.error().find("no pool, 1 BLAS thread"), std::string::npos) << st.error();
}

namespace {

ConfigResult finished(const Configuration& c, double seconds,
                      threadmix::RunStatus status = threadmix::RunStatus::Ok) {
    ConfigResult r;
    r.config = c;
    r.status = status;
    if (status == threadmix::RunStatus::Ok) {
        RepetitionResult rep;
        rep.wallSeconds = seconds;
        r.repetitions = {rep};
    }
    return r;
}

} // namespace

TEST(Plan, ACellIsSkippedOnlyWhenItsTwoInwardNeighboursWereSlow) {
    auto o = options(2, 2);
    o.workersAxis = {1};
    o.blasAxis = {1, 2, 3, 4};
    const auto p = makeSweep(o); // 1x1, then 1x2 (on the diagonal), 1x3, 1x4
    ASSERT_EQ(p.configs.size(), 4u);
    ASSERT_EQ(p.configs[3].label, "1 x 4");
    std::vector<ConfigResult> done = {finished(p.configs[0], 1.0), finished(p.configs[1], 0.5),
                                      finished(p.configs[2], 2.5)};
    // 1 x 3 took 5x the best (0.5 s), 1 x 2 did not: measure 1 x 4.
    EXPECT_FALSE(skipReason(p, done, 3).has_value());
    // Both neighbours towards the diagonal slow (one timed out): skip, and say why.
    done[1] = finished(p.configs[1], 3.0, threadmix::RunStatus::TimedOut);
    done[0] = finished(p.configs[0], 0.2);
    const auto why = skipReason(p, done, 3);
    ASSERT_TRUE(why.has_value());
    EXPECT_NE(why->find("1 x 3"), std::string::npos) << *why;
    EXPECT_NE(why->find("1 x 1"), std::string::npos) << *why; // the best so far
    // --no-skip measures everything.
    auto all = p;
    all.skipSlowCells = false;
    EXPECT_FALSE(skipReason(all, done, 3).has_value());
    // The baseline is never skipped.
    EXPECT_FALSE(skipReason(p, {}, 0).has_value());
}

// Several libraries: every row once per library, interleaved so the libraries are measured side
// by side, each library its own group (so its own 1x1 baseline and skip rule).
TEST(Plan, ALibraryListRunsEachRowOncePerLibraryInterleaved) {
    auto o = options(2, 2);
    o.workersAxis = {1, 2};
    o.blasAxis = {1, 2};
    o.libraries = {BlasLibrary::BlisOpenMP, BlasLibrary::OpenBlasPthreads};
    o.openblasKernel = "Haswell";
    o.base.kernel = "skx";
    const auto p = makeSweep(o);
    ASSERT_EQ(p.configs.size(), 8u);
    for (std::size_t i = 0; i < p.configs.size(); ++i) {
        const auto& c = p.configs[i];
        const bool blis = i % 2 == 0;
        EXPECT_EQ(c.spec.blasLibrary,
                  blis ? BlasLibrary::BlisOpenMP : BlasLibrary::OpenBlasPthreads);
        EXPECT_EQ(groupText(c.group), blis ? "blis-openmp" : "openblas-pthreads");
        EXPECT_EQ(c.group.library, c.spec.blasLibrary);
        EXPECT_EQ(c.label.rfind(blis ? "blis-openmp: " : "openblas-pthreads: ", 0), 0u);
        // Each family's own kernel; OpenBLAS has process-wide threads only.
        EXPECT_EQ(c.spec.kernel, blis ? "skx" : "Haswell");
        EXPECT_EQ(c.spec.threadControl, blis ? ThreadControl::PerCall : ThreadControl::ProcessWide);
    }
    EXPECT_EQ(p.configs[0].spec.workers * p.configs[0].spec.blasThreads, 1);
    EXPECT_EQ(p.configs[1].spec.workers * p.configs[1].spec.blasThreads, 1);
    // Studies keep their own groups, named by library.
    const auto study = makePitfallsStudy(o);
    EXPECT_EQ(groupText(study.configs[1].group),
              "openblas-pthreads: gemm: a pool on top of BLAS threads");
    // One library: names as before.
    o.libraries = {BlasLibrary::OpenBlasOpenMP};
    const auto one = makeSweep(o);
    EXPECT_EQ(groupText(one.configs[0].group), "sweep");
    EXPECT_FALSE(one.configs[0].group.library);
    EXPECT_EQ(one.configs[0].spec.blasLibrary, BlasLibrary::OpenBlasOpenMP);
}

TEST(Plan, ExplicitPerCallStaysAndValidationRefusesItForOpenBlas) {
    auto o = options(2, 2);
    o.libraries = {BlasLibrary::OpenBlasPthreads};
    o.threadControlGiven = true; // --thread-control per-call
    const auto p = makeRunPlan(o);
    EXPECT_EQ(p.configs[0].spec.threadControl, ThreadControl::PerCall);
    const auto st = validatePlan(p, 1ull << 34);
    ASSERT_FALSE(st);
    EXPECT_NE(st.error().find("--thread-control per-call"), std::string::npos) << st.error();
    EXPECT_NE(st.error().find("process-wide"), std::string::npos) << st.error();
}

TEST(Plan, TheSerialLibraryHasOneSweepColumn) {
    auto o = options(2, 2);
    o.workersAxis = {1, 2};
    o.blasAxis = {1, 2, 4};
    o.libraries = {BlasLibrary::BlisOpenMP, BlasLibrary::OpenBlasSerial};
    const auto p = makeSweep(o);
    int serial = 0;
    for (const auto& c : p.configs)
        if (c.spec.blasLibrary == BlasLibrary::OpenBlasSerial) {
            ++serial;
            EXPECT_EQ(c.spec.blasThreads, 1) << c.label;
        }
    EXPECT_EQ(serial, 2);
    EXPECT_EQ(p.configs.size(), 6u + 2u);
    // Elsewhere more than one thread on it is refused, in the reader's words.
    RunSpec s;
    s.blasLibrary = BlasLibrary::OpenBlasSerial;
    s.threadControl = ThreadControl::ProcessWide;
    s.blasThreads = 2;
    const auto st = limits::validate(s, 1ull << 34);
    ASSERT_FALSE(st);
    EXPECT_NE(st.error().find("--blas-threads: 2"), std::string::npos) << st.error();
}

// The skip rule judges a cell only against its own library's cells.
TEST(Plan, TheSkipRuleStaysWithinALibrary) {
    auto o = options(2, 2);
    o.workersAxis = {1};
    o.blasAxis = {1, 2, 3, 4};
    o.libraries = {BlasLibrary::BlisOpenMP, BlasLibrary::OpenBlasPthreads};
    const auto p = makeSweep(o); // (1x1 B, 1x1 O), (1x2 B, 1x2 O), (1x3 ..), (1x4 ..)
    ASSERT_EQ(p.configs.size(), 8u);
    ASSERT_EQ(p.configs[7].label, "openblas-pthreads: 1 x 4");
    // BLIS collapses past the cores, OpenBLAS does not. Run order: B 1x1, O 1x1, B 1x2, O 1x2,
    // B 1x3, O 1x3.
    std::vector<ConfigResult> done = {finished(p.configs[0], 1.0), finished(p.configs[1], 1.0),
                                      finished(p.configs[2], 9.0), finished(p.configs[3], 0.5),
                                      finished(p.configs[4], 9.0), finished(p.configs[5], 0.6)};
    // BLIS 1 x 4: its own 1 x 3 and 1 x 2 were both > 4x its best: skipped (OpenBLAS's fast
    // cells at the same places do not count).
    const auto why = skipReason(p, done, 6);
    ASSERT_TRUE(why.has_value());
    EXPECT_NE(why->find("blis-openmp: 1 x 3"), std::string::npos) << *why;
    done.push_back(finished(p.configs[6], 0, RunStatus::Skipped));
    // OpenBLAS 1 x 4: BLIS's slow cells are not its neighbours: measured.
    EXPECT_FALSE(skipReason(p, done, 7).has_value());
}

// Without SMT (logical CPUs = physical cores) rows 2 and 3 of the combine study are the same
// configuration: measured once, and the label says so.
TEST(Plan, IdenticalRowsAreMergedAndSaySo) {
    const auto p = makeCombineStudy(options(2, 2));
    ASSERT_EQ(p.configs.size(), 4u);
    EXPECT_EQ(p.configs[1].label,
              "no pool, BLAS threads = logical CPUs = physical cores (2, the same here: no SMT)");
    EXPECT_EQ(p.configs[1].spec.blasThreads, 2);
    EXPECT_EQ(p.configs[2].spec.workers, 2); // the pool row follows
    // With SMT all five rows stay.
    EXPECT_EQ(makeCombineStudy(options(4, 2)).configs.size(), 5u);
}

// Groups are typed keys: two libraries' rows separate by the key's library, a study's sections by
// its workload, a size sweep's sizes by its size; the names are made from the keys.
TEST(GroupKey, GroupsSeparateByKeyNotByName) {
    auto o = options(4, 2);
    o.workersAxis = {1, 2};
    o.blasAxis = {1, 2};
    o.libraries = {BlasLibrary::BlisOpenMP, BlasLibrary::OpenBlasPthreads};
    const auto sweep = makeSweep(o);
    const auto& blis = sweep.configs[0].group;
    const auto& openblas = sweep.configs[1].group;
    EXPECT_NE(blis, openblas);
    EXPECT_EQ(blis.plan, openblas.plan);
    EXPECT_EQ(blis.library, BlasLibrary::BlisOpenMP);
    EXPECT_EQ(openblas.library, BlasLibrary::OpenBlasPthreads);
    EXPECT_EQ(blis.pool, PoolKind::Threads);
    for (const auto& c : sweep.configs)
        EXPECT_EQ(c.group, c.spec.blasLibrary == BlasLibrary::BlisOpenMP ? blis : openblas);

    const auto pitfalls = makePitfallsStudy(o);
    std::vector<GroupKey> seen;
    for (const auto& c : pitfalls.configs)
        if (std::find(seen.begin(), seen.end(), c.group) == seen.end())
            seen.push_back(c.group);
    EXPECT_EQ(seen.size(), 6u); // 3 sections x 2 libraries
    EXPECT_EQ(groupText(seen[0]), "blis-openmp: gemm: a pool on top of BLAS threads");
    EXPECT_EQ(groupText(seen[3]), "openblas-pthreads: dot: BLAS threads do not help");

    o.libraries.clear();
    const auto sizes = makeSizeSweep(o, {64, 1000});
    EXPECT_EQ(sizes.configs[0].group.size, 64);
    EXPECT_EQ(sizes.configs[3].group.size, 1000);
    EXPECT_NE(sizes.configs[0].group, sizes.configs[3].group);
    EXPECT_EQ(groupText(sizes.configs[3].group), "n=1000");
    // The size sweep's labels are made from the strategy's one description.
    EXPECT_EQ(sizes.configs[1].label, "n=64: " + describe(strategyOf(sizes.configs[1])));
    EXPECT_EQ(sizes.configs[1].label, "n=64: pool of 2 workers, 1 BLAS thread");
    EXPECT_EQ(sizes.configs[2].label, "n=64: no pool, 4 BLAS threads");
}

// Every plan's keys come from the one rule readers of old files use (groupKeyOf), and each key's
// name is the group name plans had before keys.
TEST(GroupKey, PlansMakeTheirKeysByTheReadersRule) {
    auto o = options(4, 2);
    o.workersAxis = {1, 2};
    o.blasAxis = {1, 2};
    for (const auto& libs : {std::vector<BlasLibrary>{},
                             std::vector{BlasLibrary::BlisOpenMP, BlasLibrary::OpenBlasPthreads}}) {
        o.libraries = libs;
        for (const auto& plan : {makeRunPlan(o), makeCombineStudy(o), makePitfallsStudy(o),
                                 makeSweep(o), makeSizeSweep(o, {64, 128})})
            for (const auto& c : plan.configs)
                EXPECT_EQ(c.group, groupKeyOf(plan.kind, c.spec, libs.size() > 1)) << c.label;
    }
    o.libraries = {BlasLibrary::BlisOpenMP, BlasLibrary::OpenBlasPthreads};
    EXPECT_EQ(groupText(makeRunPlan(o).configs[1].group), "openblas-pthreads");
    EXPECT_EQ(groupText(makeSizeSweep(o, {64}).configs[0].group), "blis-openmp: n=64");
    EXPECT_EQ(groupText(makeCombineStudy(o).configs[0].group), "blis-openmp: combine");
}

TEST(GroupKey, PoolKindsAndKeysHaveNamesThatReadBack) {
    EXPECT_EQ(toString(PoolKind::Threads), "threads");
    EXPECT_EQ(poolKindFromString("threads"), PoolKind::Threads);
    EXPECT_FALSE(poolKindFromString("thread"));
    GroupKey k;
    k.plan = PlanKind::Sizes;
    k.size = 512;
    k.library = BlasLibrary::OpenBlasOpenMP;
    const nlohmann::json j = k;
    EXPECT_EQ(j.at("plan"), "sizes");
    EXPECT_EQ(j.at("size"), 512);
    EXPECT_EQ(j.at("library"), "openblas-openmp");
    EXPECT_EQ(j.get<GroupKey>(), k);
    auto bad = j;
    bad["pool"] = "fibres";
    EXPECT_THROW((void)bad.get<GroupKey>(), std::invalid_argument);
    // Strategies in words.
    EXPECT_EQ(describe(Strategy{PoolKind::Threads, 1, 1}), "1 worker, 1 BLAS thread");
    EXPECT_EQ(describe(Strategy{PoolKind::Threads, 3, 2}),
              "pool of 3 workers, 2 BLAS threads each");
}

// On one core the size sweep's candidates coincide: each is measured once.
TEST(GroupKey, ASizeSweepOnOneCoreMeasuresEachCandidateOnce) {
    const auto p = makeSizeSweep(options(1, 1), {64});
    ASSERT_EQ(p.configs.size(), 1u);
    EXPECT_EQ(p.configs[0].label, "n=64: 1 worker, 1 BLAS thread");
}

// The skip rule keys on the group: a second library's slow cells never skip the first's, even
// when their labels and every name look alike.
TEST(GroupKey, SkipPredictionJudgesEachLibraryApart) {
    auto o = options(1, 1);
    o.workersAxis = {1, 2, 4};
    o.blasAxis = {1};
    o.libraries = {BlasLibrary::BlisOpenMP, BlasLibrary::OpenBlasPthreads};
    auto plan = makeSweep(o);
    // Rows: blis 1x1, openblas 1x1, blis 2x1, openblas 2x1, blis 4x1, openblas 4x1.
    ASSERT_EQ(plan.configs.size(), 6u);
    std::vector<ConfigResult> done;
    // OpenBLAS's 1 x 1 and 2 x 1 are slow: were the groups mixed, BLIS's 4 x 1 would be skipped.
    const double secs[] = {1.0, 50.0, 1.1, 60.0};
    for (std::size_t i = 0; i < 4; ++i) {
        ConfigResult r;
        r.config = plan.configs[i];
        r.config.label = "same label"; // names play no part
        RepetitionResult rep;
        rep.wallSeconds = secs[i];
        r.repetitions = {rep};
        done.push_back(r);
    }
    // Each 4 x 1: its neighbours of its own library are within the skip factor of its best.
    EXPECT_FALSE(skipReason(plan, done, 4));
    EXPECT_FALSE(skipReason(plan, done, 5));
    // Control: one group for all (every key alike) would skip BLIS's 4 x 1.
    auto mixed = plan;
    for (auto& c : mixed.configs)
        c.group = plan.configs[0].group;
    for (auto& r : done)
        r.config.group = plan.configs[0].group;
    EXPECT_TRUE(skipReason(mixed, done, 4));
}

// Issue 19: the processes tutorial's rows, each with its pool kind and data path, in one group.
TEST(Plan, ProcessesStudyComparesThreadsAndEachWayOfSending) {
    const auto p = makeProcessesStudy(options(16, 8));
    ASSERT_EQ(p.configs.size(), 6u);
    struct Row {
        PoolKind pool;
        int workers, blas;
        DataPlacement data;
        Transfer transfer;
    };
    using P = PoolKind;
    using D = DataPlacement;
    using T = Transfer;
    const Row expected[6] = {
        {P::Threads, 1, 1, D::InTask, T::Copy},      {P::Threads, 8, 1, D::InTask, T::Copy},
        {P::Processes, 8, 1, D::InTask, T::Copy},    {P::Processes, 8, 1, D::Upfront, T::Copy},
        {P::Processes, 8, 1, D::Upfront, T::Shared}, {P::Processes, 2, 8, D::Upfront, T::Shared}};
    for (std::size_t i = 0; i < 6; ++i) {
        const auto& s = p.configs[i].spec;
        EXPECT_EQ(s.pool, expected[i].pool) << i;
        EXPECT_EQ(s.workers, expected[i].workers) << i;
        EXPECT_EQ(s.blasThreads, expected[i].blas) << i;
        EXPECT_EQ(s.data, expected[i].data) << i;
        if (s.sendsOperands())
            EXPECT_EQ(s.transfer, expected[i].transfer) << i;
        // One baseline for all: the group is the study's, whatever the row's pool kind.
        EXPECT_EQ(p.configs[i].group, p.configs[0].group) << i;
        EXPECT_EQ(s.count, defaults::kProcessesCount);
        EXPECT_EQ(s.size, defaults::kProcessesSize);
    }
    EXPECT_EQ(groupText(p.configs[0].group), "threads or processes");
    EXPECT_EQ(p.configs[3].label, "process pool of 8 workers, 1 BLAS thread, data sent by copy");
    EXPECT_NE(p.configs[5].label.find("joblib's rule"), std::string::npos);
    EXPECT_NE(p.configs[5].label.find("auto per worker = 8"), std::string::npos);
    EXPECT_EQ(toString(p.kind), "study:processes");
    EXPECT_EQ(planKindFromString("study:processes"), PlanKind::Processes);

    // On 2 cores joblib's row is the shared-memory row: measured once, and the label says so.
    const auto small = makeProcessesStudy(options(2, 2));
    ASSERT_EQ(small.configs.size(), 5u);
    EXPECT_EQ(small.configs[4].label, "process pool of 2 workers, 1 BLAS thread, data sent "
                                      "through shared memory (= joblib's rule: the same here)");
}

TEST(Plan, JoblibsRuleGivesEachWorkerItsShareOfTheCpus) {
    EXPECT_EQ(blasThreadsPerWorker(16, 2), 8);
    EXPECT_EQ(blasThreadsPerWorker(16, 3), 5);
    EXPECT_EQ(blasThreadsPerWorker(2, 4), 1); // never 0
    auto o = options(8, 8);
    o.base.workers = 4;
    o.base.blasThreads = blasThreadsPerWorker(8, 4);
    o.blasPerWorker = true;
    const auto run = makeRunPlan(o);
    EXPECT_EQ(run.configs[0].spec.blasThreads, 2);
    EXPECT_NE(run.configs[0].label.find("BLAS threads auto per worker (2)"), std::string::npos);
}

// A pool list runs each row on every kind, interleaved, a group (and a heat map) per kind.
TEST(Plan, APoolListRunsEachRowOncePerKindInterleaved) {
    auto o = options(2, 2);
    o.workersAxis = {1, 2};
    o.blasAxis = {1, 2};
    o.pools = {PoolKind::Threads, PoolKind::Processes};
    o.base.pool = PoolKind::Threads;
    const auto p = makeSweep(o);
    ASSERT_EQ(p.configs.size(), 8u);
    for (std::size_t i = 0; i < p.configs.size(); ++i) {
        const auto& c = p.configs[i];
        const auto kind = i % 2 == 0 ? PoolKind::Threads : PoolKind::Processes;
        EXPECT_EQ(c.spec.pool, kind) << i;
        EXPECT_EQ(c.group.pool, kind) << i;
        EXPECT_EQ(c.label.rfind(std::string(toString(kind)) + ": ", 0), 0u) << c.label;
    }
    EXPECT_NE(p.configs[0].group, p.configs[1].group);
    EXPECT_EQ(groupText(p.configs[0].group), "threads: sweep");
    EXPECT_EQ(groupText(p.configs[1].group), "processes: sweep");
    const nlohmann::json key = p.configs[0].group;
    EXPECT_EQ(key.get<GroupKey>(), p.configs[0].group);
    // One kind: every row of it, named in the group only when it is not threads.
    o.pools = {PoolKind::Processes};
    o.base.pool = PoolKind::Processes;
    const auto one = makeRunPlan(o);
    EXPECT_EQ(one.configs[0].spec.pool, PoolKind::Processes);
    EXPECT_EQ(one.configs[0].label, "1 worker process x 1 BLAS thread");
    EXPECT_EQ(groupText(one.configs[0].group), "processes: run");
    // The spec keeps the kind and the transfer through JSON; old files read as threads.
    RunSpec s;
    s.pool = PoolKind::Processes;
    s.transfer = Transfer::Shared;
    const nlohmann::json j = s;
    EXPECT_EQ(j.at("pool"), "processes");
    EXPECT_EQ(j.at("transfer"), "shared");
    EXPECT_EQ(j.get<RunSpec>(), s);
    auto old = j;
    old.erase("pool");
    old.erase("transfer");
    EXPECT_EQ(old.get<RunSpec>().pool, PoolKind::Threads);
    EXPECT_EQ(toString(PoolKind::Processes), "processes");
    EXPECT_EQ(describe(Strategy{PoolKind::Processes, 3, 2}),
              "process pool of 3 workers, 2 BLAS threads each");
}

// A process pool's memory: the main program's operands and what each worker holds.
TEST(Plan, AProcessPoolThatSendsItsDataNeedsMemoryForBothSides) {
    RunSpec s;
    s.count = 8;
    s.size = 1000;
    s.workers = 2;
    s.data = DataPlacement::Upfront;
    const auto threads = limits::estimateBytes(s);
    s.pool = PoolKind::Processes;
    const auto processes = limits::estimateBytes(s);
    // Two more sets of A, B, C (one per worker) and the workers themselves.
    EXPECT_GE(processes, threads + 2 * 3 * 8'000'000u);
}
