// Comparing two result files: matching, ratio arithmetic, and the size sweep's crossover.
#include <gtest/gtest.h>

#include <algorithm>

#include <fmt/format.h>

#include "core/results/comparison.h"
#include "core/run/dryrun.h"
#include "core/results/crossover.h"
#include "core/spec/plan.h"
#include "tests/testsupport.h"

using namespace threadmix;

namespace {

ConfigResult result(const std::string& label, int workers, int blas, std::vector<double> secs,
                    std::int64_t size = 500) {
    return test::measuredResult(label, secs, workers, blas, size);
}

} // namespace

TEST(Comparison, MatchesByLabelThenByCellAndDividesMedians) {
    ResultSet a, b;
    a.results = {result("1 x 1", 1, 1, {2.0, 2.2, 2.1}), result("2 x 1", 2, 1, {1.0}),
                 result("only in A", 7, 7, {1.0})};
    b.results = {result("renamed", 2, 1, {0.5}), result("1 x 1", 1, 1, {4.2})};
    const auto rows = compareResults(a, b);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].b, 1); // by label
    EXPECT_NEAR(*rows[0].ratio, 2.1 / 4.2, 1e-12);
    EXPECT_EQ(rows[1].b, 0); // by workers x BLAS threads
    EXPECT_NEAR(*rows[1].ratio, 2.0, 1e-12);
    EXPECT_EQ(rows[2].b, -1);
    EXPECT_FALSE(rows[2].ratio);
    const auto text = comparisonText(a, b, "a.json", "b.json");
    EXPECT_NE(text.find("A 2.00x faster"), std::string::npos) << text;
    EXPECT_NE(text.find("B 2.00x faster"), std::string::npos) << text;
    EXPECT_NE(text.find("not in B"), std::string::npos) << text;
}

TEST(SizeSweep, ThreeCandidatesPerSizeWithConstantWork) {
    PlanOptions o;
    o.logicalCpus = 4;
    o.physicalCores = 2;
    const auto p = makeSizeSweep(o, {64, 1000});
    ASSERT_EQ(p.configs.size(), 6u);
    EXPECT_EQ(p.configs[1].spec.workers, 2);
    EXPECT_EQ(p.configs[2].spec.blasThreads, 4);
    EXPECT_EQ(p.configs[0].group.size, 64);
    EXPECT_EQ(groupText(p.configs[0].group), "n=64");
    EXPECT_GT(p.configs[0].spec.count, p.configs[3].spec.count); // small matrices, more of them
    EXPECT_EQ(p.configs[3].spec.count, 4);                       // 1e9 / 1000^3 = 1 -> at least 4
}

// Three tight repetitions around `t`: a difference between two such rows is beyond the noise.
std::vector<double> reps(double t) {
    return {t * 0.99, t, t * 1.01};
}

TEST(SizeSweep, CrossoverNamesWhereTheWinnerChanges) {
    std::vector<ConfigResult> rs;
    for (std::int64_t n : {64, 128, 256, 512}) {
        const bool small = n <= 128;
        rs.push_back(result("n=" + std::to_string(n) + ": 1 worker", 1, 1, reps(3.0), n));
        rs.push_back(
            result("n=" + std::to_string(n) + ": pool of 2", 2, 1, reps(small ? 1.0 : 2.0), n));
        rs.push_back(result("n=" + std::to_string(n) + ": no pool, 2 BLAS threads", 1, 2,
                            reps(small ? 2.0 : 1.0), n));
    }
    const auto text = crossoverText(rs);
    // Strategies come from the pool and BLAS threads of each row, named by one description.
    EXPECT_NE(text.find("pool of 2 workers, 1 BLAS thread is fastest from n=64 to n=128"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("no pool, 2 BLAS threads is fastest from n=256 to n=512"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("changes with the matrix size"), std::string::npos) << text;
    // The chart's lines: one per strategy, time per multiply, sizes in order; one crossover.
    const auto lines = sizeSeries(rs);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[1].strategy, "pool of 2 workers, 1 BLAS thread");
    ASSERT_EQ(lines[1].points.size(), 4u);
    EXPECT_EQ(lines[1].points[0].n, 64);
    EXPECT_DOUBLE_EQ(lines[1].points[0].secondsPerTask, 1.0 / double(rs[1].config.spec.count));
    const auto marks = crossovers(rs);
    ASSERT_EQ(marks.size(), 1u);
    EXPECT_EQ(marks[0], (std::pair<std::int64_t, std::int64_t>{128, 256}));

    // Two libraries: never one winner across them; a sentence and crossovers per library.
    auto both = rs;
    for (auto r : rs) {
        r.config.spec.blasLibrary = BlasLibrary::OpenBlasPthreads;
        r.config.label = withLibrary(r.config.spec.blasLibrary, r.config.label);
        // On "OpenBLAS" the pool wins everywhere.
        if (r.config.spec.workers == 2)
            for (auto& rep : r.repetitions)
                rep.wallSeconds = 0.5;
        both.push_back(r);
    }
    const auto two = crossoverText(both);
    EXPECT_NE(two.find("openblas-pthreads: pool of 2 workers, 1 BLAS thread is fastest from n=64 "
                       "to n=512"),
              std::string::npos)
        << two;
    EXPECT_EQ(crossovers(both).size(), 1u); // BLIS's only
    EXPECT_EQ(sizeSeries(both).size(), 6u);
}

// A noisy alternation of winners is no finding: the same noise test as the recommendation.
TEST(SizeSweep, ANoisyAlternationIsNoCrossover) {
    std::vector<ConfigResult> rs;
    for (std::int64_t n : {64, 128, 256, 512}) {
        // The two strategies' repetitions overlap; the medians alternate between them.
        const bool odd = n == 128 || n == 512;
        rs.push_back(
            result("n=" + std::to_string(n) + ": pool of 2", 2, 1, {1.0, odd ? 1.3 : 1.1, 1.6}, n));
        rs.push_back(result("n=" + std::to_string(n) + ": no pool, 2 BLAS threads", 1, 2,
                            {1.05, odd ? 1.2 : 1.4, 1.5}, n));
    }
    const auto text = crossoverText(rs);
    EXPECT_EQ(text.find("changes with the matrix size"), std::string::npos) << text;
    EXPECT_NE(text.find("beyond the noise"), std::string::npos) << text;
    EXPECT_TRUE(crossovers(rs).empty());
}

// A size sweep's crossover takes sizes and strategies from the rows' specs: labels that look like
// another size or another strategy ("n=", ": ") change nothing.
TEST(SizeSweep, LabelsThatLookLikeSizesConfuseNothing) {
    std::vector<ConfigResult> rs;
    for (std::int64_t n : {64, 512}) {
        const bool small = n == 64;
        // Every label claims n=9999 and a strategy of its own.
        rs.push_back(
            result("n=9999: no pool, 8 BLAS threads: x", 2, 1, reps(small ? 1.0 : 2.0), n));
        rs.push_back(result("n=9999: pool of 8 workers: y", 1, 2, reps(small ? 2.0 : 1.0), n));
    }
    const auto text = crossoverText(rs);
    EXPECT_NE(text.find("at n=64"), std::string::npos) << text;
    EXPECT_NE(text.find("pool of 2 workers, 1 BLAS thread is fastest at n=64"), std::string::npos)
        << text;
    EXPECT_NE(text.find("no pool, 2 BLAS threads is fastest at n=512"), std::string::npos) << text;
    EXPECT_EQ(text.find("9999"), std::string::npos) << text;
    const auto lines = sizeSeries(rs);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].points.size(), 2u);
    EXPECT_EQ(crossovers(rs).size(), 1u);
}

// Only one library of a study run on two: its sections stay apart (by key), the library part
// goes from groups and labels, and a label with ": " of its own keeps it.
TEST(Comparison, OnlyLibraryKeepsAStudysSectionsApart) {
    PlanOptions o;
    o.logicalCpus = 4;
    o.physicalCores = 2;
    o.libraries = {BlasLibrary::BlisOpenMP, BlasLibrary::OpenBlasPthreads};
    const auto plan = makePitfallsStudy(o);
    ResultSet set;
    set.kind = plan.kind;
    for (const auto& c : plan.configs) {
        ConfigResult r;
        r.config = c;
        set.results.push_back(r);
    }
    set.results[0].config.label += ": with a colon";
    const auto blis = onlyLibrary(set, BlasLibrary::BlisOpenMP);
    ASSERT_EQ(blis.results.size(), plan.configs.size() / 2);
    std::vector<GroupKey> groups;
    for (const auto& r : blis.results) {
        EXPECT_FALSE(r.config.group.library);
        EXPECT_EQ(r.config.label.find("blis-openmp"), std::string::npos) << r.config.label;
        if (std::find(groups.begin(), groups.end(), r.config.group) == groups.end())
            groups.push_back(r.config.group);
    }
    ASSERT_EQ(groups.size(), 3u); // gemm, dot and fill: never merged into one "results"
    EXPECT_EQ(groupText(groups[0]), "gemm: a pool on top of BLAS threads");
    EXPECT_EQ(groupText(groups[1]), "dot: BLAS threads do not help");
    EXPECT_EQ(groupText(groups[2]), "fill: a pool does not help");
    EXPECT_EQ(blis.results[0].config.label,
              fmt::format("no pool, BLAS threads = logical CPUs (4): with a colon"));
    // A sweep's per-library groups become the sweep's one group.
    o.workersAxis = {1, 2};
    o.blasAxis = {1};
    const auto sweep = makeSweep(o);
    const ResultSet s2 = plannedResults(sweep, MachineInfo{});
    for (const auto& r : onlyLibrary(s2, BlasLibrary::OpenBlasPthreads).results) {
        EXPECT_EQ(groupText(r.config.group), "sweep");
        EXPECT_EQ(r.config.label.find(':'), std::string::npos) << r.config.label;
    }
    // Without a library in the key, a label's own "blis-openmp: " is not taken for one.
    ResultSet one;
    one.kind = PlanKind::Run;
    one.results.emplace_back();
    one.results.back().config.label = "blis-openmp: my label";
    EXPECT_EQ(onlyLibrary(one, BlasLibrary::BlisOpenMP).results.at(0).config.label,
              "blis-openmp: my label");
}
