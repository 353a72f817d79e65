// One repetition in a child process: results come back; cancel, budget and faults are handled.
#include <gtest/gtest.h>

#include <sstream>

#include <fstream>

#include <signal.h>

#include <chrono>
#include <stop_token>
#include <thread>
#include <vector>

#include "core/run/isolatedrunner.h"
#include "tests/testsupport.h"

using namespace threadmix;

namespace {

// Polls until `done` holds; fails the test after a minute.
template <typename F> bool waitUntil(F done) {
    const double end = monotonicSeconds() + 60;
    while (!done()) {
        if (monotonicSeconds() > end)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}
} // namespace

TEST(IsolatedRunner, RunsAndReturnsTheChildsMeasurements) {
    IsolatedRunner runner;
    RunSpec s = test::tinySpec();
    s.workers = 2;
    s.verify = true;
    const auto o = runner.runOnce(s, test::farDeadline(), {});
    ASSERT_EQ(o.status, RunStatus::Ok) << o.reason;
    EXPECT_EQ(o.result.tasks.size(), std::size_t(s.count));
    EXPECT_GT(o.result.wallSeconds, 0);
    EXPECT_GT(o.result.peakRssBytes, 0);
    EXPECT_GT(o.result.startupSeconds, 0);
    EXPECT_LT(o.result.startupSeconds, 5);
    EXPECT_GE(o.result.transferSeconds, 0);
    EXPECT_TRUE(test::childrenOfThisProcess().empty());
}

TEST(IsolatedRunner, CancelStopsARunningChildWithinOneSecond) {
    // The child is held (still running by construction, whatever the CPU's speed) until the
    // cancel; without the cancel it would never end.
    const test::Hold hold("cancel", 0);
    IsolatedRunner runner(test::testWorker());
    runner.setExtraEnvironment(hold.env());
    std::stop_source stop;
    double requested = 0;
    std::jthread canceller([&] {
        if (waitUntil([&] { return hold.started() >= 1; })) {
            requested = monotonicSeconds();
            stop.request_stop();
        }
    });
    const auto o = runner.runOnce(test::tinySpec(), test::farDeadline(), stop.get_token());
    const double took = monotonicSeconds() - requested;
    canceller.join();
    ASSERT_GT(requested, 0) << "the child never started";
    EXPECT_EQ(o.status, RunStatus::Cancelled);
    EXPECT_LT(took, 1.0) << "cancel took " << took << " s";
    EXPECT_TRUE(test::childrenOfThisProcess().empty());
}

TEST(IsolatedRunner, AHeldChildGoesOnWhenReleased) {
    const test::Hold hold("release", 0);
    IsolatedRunner runner(test::testWorker());
    runner.setExtraEnvironment(hold.env());
    std::jthread releaser([&] {
        if (waitUntil([&] { return hold.started() >= 1; }))
            hold.release();
    });
    const auto o = runner.runOnce(test::tinySpec(), test::farDeadline(), {});
    EXPECT_EQ(o.status, RunStatus::Ok) << o.reason;
}

TEST(IsolatedRunner, DeadlineKillsAndReportsTheTimeUsed) {
    const auto runner = test::faultyRunner("hang");
    RunSpec s = test::tinySpec();
    const auto o = runner.runOnce(s, monotonicSeconds() + 0.5, {});
    EXPECT_EQ(o.status, RunStatus::TimedOut);
    EXPECT_GE(o.seconds, 0.45);
    EXPECT_LT(o.seconds, 2.0);
    EXPECT_NE(o.reason.find("budget"), std::string::npos);
    EXPECT_TRUE(test::childrenOfThisProcess().empty());
}

TEST(IsolatedRunner, CrashAbortAndWrongResultAreFailuresWithReasons) {
    struct Case {
        const char* fault;
        const char* expect;
    } cases[] = {
        {"crash", "signal 11"}, {"abort", "injected abort"}, {"wrong-result", "wrong result"}};
    for (const auto& c : cases) {
        RunSpec s = test::tinySpec();
        s.verify = true;
        const auto o = test::faultyRunner(c.fault).runOnce(s, test::farDeadline(), {});
        EXPECT_EQ(o.status, RunStatus::Failed) << c.fault;
        EXPECT_NE(o.reason.find(c.expect), std::string::npos) << o.reason;
    }
    EXPECT_TRUE(test::childrenOfThisProcess().empty());
}

TEST(IsolatedRunner, PeakMemoryIsTheChildsOwnNotTheParents) {
    // ru_maxrss would carry this process's 400 MiB into the child across exec.
    std::vector<char> ballast(std::size_t(400) << 20, 1);
    IsolatedRunner runner;
    const auto o = runner.runOnce(test::tinySpec(), test::farDeadline(), {});
    ASSERT_EQ(o.status, RunStatus::Ok) << o.reason;
    EXPECT_LT(o.result.peakRssBytes, std::int64_t(200) << 20)
        << "peak " << (o.result.peakRssBytes >> 20) << " MiB; ballast checksum "
        << int(ballast[12345]);
    EXPECT_GT(o.result.peakRssBytes, 0);
}

TEST(IsolatedRunner, AChildKilledFromOutsideIsAFailureWithTheSignal) {
    const auto runner = test::faultyRunner("hang");
    RunSpec s = test::tinySpec();
    RepetitionOutcome o;
    std::jthread run([&] { o = runner.runOnce(s, test::farDeadline(), {}); });
    std::vector<int> kids;
    for (int i = 0; i < 200 && kids.empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        kids = test::childrenOfThisProcess();
    }
    ASSERT_EQ(kids.size(), 1u);
    ::kill(kids[0], SIGKILL);
    run.join();
    EXPECT_EQ(o.status, RunStatus::Failed);
    EXPECT_NE(o.reason.find("signal 9"), std::string::npos) << o.reason;
    EXPECT_TRUE(test::childrenOfThisProcess().empty());
}

// A Slurm job that is preempted, requeued or cancelled gets SIGTERM in every process: the
// configuration did not fail, it was stopped, and a resumed run must measure it again.
TEST(IsolatedRunner, AChildTerminatedFromOutsideIsCancelledNotFailed) {
    const auto runner = test::faultyRunner("hang");
    RunSpec s = test::tinySpec();
    for (int sig : {SIGTERM, SIGINT, SIGHUP}) {
        RepetitionOutcome o;
        std::jthread run([&] { o = runner.runOnce(s, test::farDeadline(), {}); });
        std::vector<int> kids;
        for (int i = 0; i < 200 && kids.empty(); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            kids = test::childrenOfThisProcess();
        }
        ASSERT_EQ(kids.size(), 1u);
        ::kill(kids[0], sig);
        run.join();
        EXPECT_EQ(o.status, RunStatus::Cancelled) << sig << ": " << o.reason;
        EXPECT_NE(o.reason.find("stopped from outside by signal " + std::to_string(sig)),
                  std::string::npos)
            << o.reason;
        EXPECT_TRUE(test::childrenOfThisProcess().empty());
    }
}

TEST(IsolatedRunner, ChildrenRunAtTheNiceValueAsked) {
    auto runner = test::faultyRunner("hang");
    runner.setNice(7);
    RunSpec s = test::tinySpec();
    s.workers = 2; // the pool's threads inherit it too
    std::stop_source stop;
    RepetitionOutcome o;
    std::jthread run([&] { o = runner.runOnce(s, test::farDeadline(), stop.get_token()); });
    std::vector<int> kids;
    for (int i = 0; i < 1000 && kids.empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        kids = test::childrenOfThisProcess();
    }
    ASSERT_EQ(kids.size(), 1u);
    // Field 19 of /proc/PID/stat is the nice value; the hang starts before the child's first
    // statement could change it back, so poll until the child is past its start.
    auto niceOf = [](int pid) {
        std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
        std::string line;
        std::getline(in, line);
        std::istringstream rest(line.substr(line.rfind(')') + 2));
        std::string field;
        for (int i = 3; i <= 19 && rest >> field; ++i) {
        }
        return std::atoi(field.c_str());
    };
    int nice = 0;
    for (int i = 0; i < 500 && nice != 7; ++i) {
        nice = niceOf(kids[0]);
        if (nice != 7)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_EQ(nice, 7);
    stop.request_stop();
    run.join();
    EXPECT_EQ(o.status, RunStatus::Cancelled);
}

TEST(IsolatedRunner, MissingProgramIsAFailureNotACrash) {
    IsolatedRunner runner("/nonexistent/threadmix");
    const auto o = runner.runOnce(test::tinySpec(), test::farDeadline(), {});
    EXPECT_EQ(o.status, RunStatus::Failed);
    EXPECT_FALSE(o.reason.empty());
}
