// The plan loop: repetitions and warm-ups, budgets, faults that do not stop the plan, cancel.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/run/engine.h"
#include "core/spec/limits.h"
#include "tests/testsupport.h"

using namespace threadmix;

namespace {

struct Recorder : EngineObserver {
    std::atomic<int> warmups{0}, counted{0}, started{0}, finished{0};
    void configStarted(std::size_t, const Configuration&) override { started++; }
    void repetitionFinished(std::size_t, int, bool warmup, const RepetitionOutcome&) override {
        (warmup ? warmups : counted)++;
    }
    void configFinished(std::size_t, const ConfigResult&) override { finished++; }
};

Configuration config(std::string label, RunSpec s) {
    return {std::move(label), {}, s};
}

// An engine whose children are the test worker's, with `env` (faults keyed by seed, holds).
Engine testEngine(std::vector<std::string> env) {
    IsolatedRunner runner(test::testWorker());
    runner.setExtraEnvironment(std::move(env));
    return Engine(runner);
}

// Specs told apart by the test worker: its faults are keyed by the spec's seed.
constexpr std::uint64_t kCrashSeed = 9001, kAbortSeed = 9002, kHangSeed = 9003;
const std::string kFaults = "9001=crash,9002=abort,9003=hang";

} // namespace

TEST(Engine, WarmupIsRunButNotCounted) {
    RunSpec s = test::tinySpec();
    s.warmup = 2;
    s.repeats = 3;
    Plan plan{PlanKind::Run, {config("a", s)}, std::nullopt, 3.0};
    Recorder rec;
    const auto results = Engine().run(plan, &rec, {});
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0].status, RunStatus::Ok);
    EXPECT_EQ(results[0].repetitions.size(), 3u);
    EXPECT_EQ(rec.warmups.load(), 2);
    EXPECT_EQ(rec.counted.load(), 3);
    EXPECT_TRUE(results[0].gflops().has_value());
}

TEST(Engine, AFailedConfigurationIsRecordedAndThePlanGoesOn) {
    RunSpec ok = test::tinySpec();
    RunSpec crash = ok;
    crash.seed = kCrashSeed;
    RunSpec abort = ok;
    abort.seed = kAbortSeed;
    Plan plan{
        PlanKind::Run,
        {config("ok", ok), config("crash", crash), config("abort", abort), config("ok again", ok)},
        std::nullopt,
        3.0};
    const auto results = testEngine(test::faultEnvironment(kFaults)).run(plan, nullptr, {});
    ASSERT_EQ(results.size(), 4u);
    EXPECT_EQ(results[0].status, RunStatus::Ok);
    EXPECT_EQ(results[1].status, RunStatus::Failed);
    EXPECT_NE(results[1].reason.find("signal"), std::string::npos);
    EXPECT_EQ(results[2].status, RunStatus::Failed);
    EXPECT_EQ(results[3].status, RunStatus::Ok);
    EXPECT_TRUE(test::childrenOfThisProcess().empty());
}

TEST(Engine, BudgetStopsAnOversubscribedCell) {
    RunSpec s = test::tinySpec();
    // 2 workers x 4 BLAS threads: more threads than cores on a small machine, and 5.4 TFLOP
    // of work, which no CPU finishes inside the budget, oversubscribed or not.
    s.workers = 2;
    s.blasThreads = 4;
    s.size = 300;
    s.count = limits::kMaxCount;
    s.data = DataPlacement::InTask;
    s.budgetSeconds = 1.0;
    Plan plan{PlanKind::Run, {config("oversubscribed", s)}, std::nullopt, 3.0};
    const double t0 = monotonicSeconds();
    const auto results = Engine().run(plan, nullptr, {});
    const double took = monotonicSeconds() - t0;
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0].status, RunStatus::TimedOut) << results[0].reason;
    EXPECT_GE(results[0].elapsedSeconds, 0.95);
    EXPECT_LT(took, 3.0);
    EXPECT_NE(results[0].reason.find("budget"), std::string::npos);
    EXPECT_TRUE(test::childrenOfThisProcess().empty());
}

TEST(Engine, SweepBudgetIsDerivedFromTheFirstCell) {
    RunSpec s = test::tinySpec();
    s.budgetSeconds = 1000;
    RunSpec hang = s;
    hang.seed = kHangSeed;
    Plan plan{PlanKind::Sweep, {config("1 x 1", s), config("hangs", hang)}, 2.0, 0.5};
    const double t0 = monotonicSeconds();
    const auto results = testEngine(test::faultEnvironment(kFaults)).run(plan, nullptr, {});
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(results[1].status, RunStatus::TimedOut);
    EXPECT_LT(monotonicSeconds() - t0, 20.0) << "the derived budget was not applied";
    EXPECT_LT(results[1].config.spec.budgetSeconds, 1000);
}

// The derived budget never exceeds the cell's own budget (its ceiling), in the engine and in the
// dry run's estimate alike.
TEST(Engine, DerivedBudgetNeverExceedsTheCellsOwn) {
    RunSpec first = test::tinySpec();
    first.budgetSeconds = 60;
    RunSpec capped = test::tinySpec();
    capped.budgetSeconds = 1.0; // below the derived minimum of 3 s
    Plan plan{PlanKind::Sweep, {config("1 x 1", first), config("2 x 1", capped)}, 8.0, 3.0};
    const auto results = Engine().run(plan, nullptr, {});
    ASSERT_EQ(results.size(), 2u);
    ASSERT_EQ(results[0].status, RunStatus::Ok);
    EXPECT_LE(results[1].config.spec.budgetSeconds, 1.0);
    EXPECT_EQ(cellBudget(plan, capped, 10.0), 1.0);
    EXPECT_EQ(cellBudget(plan, first, 0.1), 3.0);  // at least the minimum
    EXPECT_EQ(cellBudget(plan, first, 1.0), 8.0);  // the factor
    EXPECT_EQ(cellBudget(plan, first, 100.0), 60); // at most its own
    EXPECT_EQ(cellBudget(plan, capped, std::nullopt), 1.0);
}

TEST(Engine, CancelKeepsFinishedConfigurationsAndStartsNoMore) {
    RunSpec quick = test::tinySpec();
    RunSpec slow = quick;
    slow.seed = quick.seed + 1; // the test worker tells configurations apart by their specs
    Plan plan{PlanKind::Run,
              {config("quick", quick), config("slow", slow), config("never", quick)},
              std::nullopt,
              3.0};
    // The quick configuration's children run; the next one's is held until cancelled.
    const test::Hold hold("engine-cancel", 1);
    std::stop_source stop;
    Recorder rec;
    std::jthread canceller([&] {
        while (hold.configurationsStarted() < 2)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        stop.request_stop();
    });
    const double t0 = monotonicSeconds();
    const auto results = testEngine(hold.env()).run(plan, &rec, stop.get_token());
    EXPECT_LT(monotonicSeconds() - t0, 10.0);
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(results[0].status, RunStatus::Ok);
    EXPECT_EQ(results[0].repetitions.size(), 2u);
    EXPECT_EQ(results[1].status, RunStatus::Cancelled);
    EXPECT_EQ(rec.started.load(), 2);
    EXPECT_TRUE(test::childrenOfThisProcess().empty());
}

TEST(Engine, SpeedupsAreOverTheGroupsFirstRow) {
    std::vector<ConfigResult> rs(3);
    const double times[] = {2.0, 1.0, 4.0};
    for (int i = 0; i < 3; ++i) {
        rs[std::size_t(i)].config.group.name = "g";
        RepetitionResult r;
        r.wallSeconds = times[i];
        rs[std::size_t(i)].repetitions.push_back(r);
    }
    const auto up = speedups(rs);
    EXPECT_DOUBLE_EQ(*up[0], 1.0);
    EXPECT_DOUBLE_EQ(*up[1], 2.0);
    EXPECT_DOUBLE_EQ(*up[2], 0.5);
    rs[0].repetitions.clear(); // a baseline without a time gives no speed-ups
    for (const auto& u : speedups(rs))
        EXPECT_FALSE(u.has_value());
    // Groups never mix (two libraries), and a group of one row has no speed-up at all.
    rs[0].repetitions = rs[1].repetitions;
    rs[1].config.group.library = BlasLibrary::OpenBlasPthreads;
    rs[2].config.group.workload = Workload::Dot;
    const auto apart = speedups(rs);
    EXPECT_FALSE(apart[1].has_value());
    EXPECT_FALSE(apart[2].has_value());
    EXPECT_FALSE(apart[0].has_value());
}
