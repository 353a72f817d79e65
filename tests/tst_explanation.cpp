// The explain line says what the measurements show: oversubscription, switches, slowdown.
#include <gtest/gtest.h>

#include "core/results/explanation.h"

using namespace threadmix;

namespace {

ConfigResult cell(int workers, int blas, double wall, double taskSeconds, std::int64_t invol,
                  double cpu) {
    ConfigResult r;
    r.config.label = std::to_string(workers) + " x " + std::to_string(blas);
    r.config.spec.workers = workers;
    r.config.spec.blasThreads = blas;
    r.config.spec.count = 4;
    r.config.spec.size = 100;
    RepetitionResult rep;
    rep.wallSeconds = wall;
    rep.computeSeconds = wall; // the data was made before the timing (GFLOP/s is of this phase)
    rep.ctxInvoluntary = invol;
    rep.cpuSeconds = cpu;
    for (int t = 0; t < 4; ++t)
        rep.tasks.push_back(TaskRecord{t % workers, 0.0, 0.0, taskSeconds});
    r.repetitions = {rep};
    return r;
}

} // namespace

TEST(Explanation, OversubscribedCellShowsTheCause) {
    MachineInfo m;
    m.logicalCpus = 2;
    const auto alone = cell(1, 1, 1.0, 0.25, 10, 1.0);
    const auto slow = cell(2, 4, 14.0, 7.0, 98000, 27.0);
    const auto text = explainConfiguration(slow, &alone, m);
    EXPECT_NE(text.find("8 threads on 2 logical CPUs (4x oversubscribed)"), std::string::npos)
        << text;
    EXPECT_NE(text.find("7,000 involuntary context switches/s"), std::string::npos) << text;
    EXPECT_NE(text.find("28x as long as alone"), std::string::npos) << text;
    EXPECT_NE(text.find("96% busy"), std::string::npos) << text;
}

TEST(Explanation, HealthyPoolAndPeak) {
    MachineInfo m;
    m.logicalCpus = 2;
    m.peakGflops = 2.0;
    const auto alone = cell(1, 1, 1.0, 0.25, 10, 1.0);
    auto pool = cell(2, 1, 0.5, 0.25, 20, 1.0);
    const auto text = explainConfiguration(pool, &alone, m);
    EXPECT_NE(text.find("2 threads on 2 logical CPUs:"), std::string::npos) << text;
    EXPECT_NE(text.find("as fast as alone"), std::string::npos) << text;
    EXPECT_NE(text.find("100% busy"), std::string::npos) << text;
    EXPECT_NE(text.find("of the machine's peak"), std::string::npos) << text;
    const std::vector<ConfigResult> both = {pool, alone};
    EXPECT_EQ(aloneFor(pool, both), &both[1]);
    auto unmeasured = alone;
    unmeasured.repetitions.clear();
    const std::vector<ConfigResult> none = {pool, unmeasured};
    EXPECT_EQ(aloneFor(pool, none), nullptr) << "the alone result must have repetitions";
}

TEST(Explanation, TimedOutCellSaysSo) {
    MachineInfo m;
    m.logicalCpus = 2;
    ConfigResult r;
    r.config.label = "4 x 4";
    r.config.spec.workers = r.config.spec.blasThreads = 4;
    r.status = RunStatus::TimedOut;
    r.elapsedSeconds = 3.0;
    const auto text = explainConfiguration(r, nullptr, m);
    EXPECT_NE(text.find("stopped at its time budget after 3 s"), std::string::npos) << text;
}

// A pool of 2 that is 2.8x as fast as 1 x 1 on 2 CPUs: the line says why, from the data times.
TEST(Explanation, SuperlinearSpeedupIsExplainedByWhereTheDataWasMade) {
    MachineInfo m;
    m.logicalCpus = 2;
    auto alone = cell(1, 1, 2.8, 0.5, 10, 2.8);
    alone.config.spec.data = DataPlacement::Upfront;
    alone.repetitions[0].dataSeconds = 0.8;
    auto pool = cell(2, 1, 1.0, 0.5, 10, 2.0);
    pool.config.spec.data = DataPlacement::InTask;
    pool.repetitions[0].dataSeconds = 0.2;
    const auto text = explainConfiguration(pool, &alone, m);
    EXPECT_NE(text.find("2.8x the 1 x 1's speed with at most 2 CPUs busy"), std::string::npos)
        << text;
    EXPECT_NE(text.find("up front, serially"), std::string::npos) << text;
    EXPECT_NE(text.find("in each task, in parallel"), std::string::npos) << text;
    // Within what its threads explain: nothing to add.
    pool.repetitions[0].wallSeconds = 1.5;
    EXPECT_EQ(explainConfiguration(pool, &alone, m).find("more than its threads"),
              std::string::npos);
}

// The 1 x 1 of another library is not "alone" for this one.
TEST(Explanation, AloneIsOfTheSameLibrary) {
    std::vector<ConfigResult> rs{cell(1, 1, 1.0, 0.25, 10, 1.0), cell(1, 1, 2.0, 0.5, 10, 2.0),
                                 cell(2, 2, 1.0, 0.5, 10, 2.0)};
    rs[1].config.spec.blasLibrary = BlasLibrary::OpenBlasPthreads;
    rs[2].config.spec.blasLibrary = BlasLibrary::OpenBlasPthreads;
    EXPECT_EQ(aloneFor(rs[2], rs), &rs[1]);
}
