// The run session both front ends drive: a resumed run appends each configuration once.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/run/runsession.h"
#include "tests/testsupport.h"

using namespace threadmix;

namespace {

Plan threeTinyConfigs() {
    Plan p;
    p.kind = PlanKind::Sweep;
    for (int w = 1; w <= 3; ++w) {
        RunSpec s = test::tinySpec();
        s.workers = w;
        s.repeats = 1;
        p.configs.push_back(Configuration{std::to_string(w) + " x 1",
                                          groupKeyOf(PlanKind::Sweep, RunSpec{}, false), s});
    }
    return p;
}

int lines(const std::string& path) {
    std::ifstream in(path);
    return int(
        std::count(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>(), '\n'));
}

} // namespace

TEST(RunSession, AResumedRunJournalsEveryConfigurationExactlyOnce) {
    const auto dir = test::scratchDir("session");
    const std::string journal = dir + "/run.journal";
    const Plan plan = threeTinyConfigs();
    {
        // The first run ends after its first configuration (as if the process were killed).
        auto first = RunSession::start(plan, MachineInfo{}, {}, journal);
        ASSERT_EQ(first.journalProblem(), "");
        first.configFinished(0, test::measuredResult("1 x 1", {0.5}));
        ConfigResult cancelled = test::measuredResult("2 x 1", {}, 2, 1, 48, RunStatus::Cancelled);
        first.configFinished(1, cancelled); // cancelled: measured again on resume
    }
    const auto recovered = readJournal(journal);
    ASSERT_TRUE(recovered) << recovered.error();
    ASSERT_EQ(recovered->finished.size(), 1u);
    EXPECT_EQ(lines(journal), 2);

    auto again = RunSession::resume(*recovered, OutputFiles{dir + "/r.json", "", ""});
    const auto results = again.run(Engine(), {});
    ASSERT_EQ(results.size(), 3u);
    EXPECT_EQ(results[0].wallSeconds(), std::vector<double>{0.5}) << "measured again";
    EXPECT_EQ(results[1].status, RunStatus::Ok);
    EXPECT_EQ(results[2].status, RunStatus::Ok);
    EXPECT_EQ(lines(journal), 4) << "a resumed configuration was appended again";
    const auto whole = readJournal(journal);
    ASSERT_TRUE(whole) << whole.error();
    EXPECT_EQ(whole->finished.size(), 3u);
    EXPECT_EQ(again.results().results.size(), 3u);
    EXPECT_TRUE(std::filesystem::exists(dir + "/r.json"));
    EXPECT_EQ(again.end(false, RunEnd::Interrupted), RunEnd::Finished);
    EXPECT_FALSE(std::filesystem::exists(journal)) << "a finished run's journal is kept";
    std::filesystem::remove_all(dir);
}

TEST(RunSession, AJournalThatCannotBeMadeIsSaidAndTheRunGoesOn) {
    // A journal inside a plain file's "folder" cannot be made, even as root.
    const auto dir = test::scratchDir("session-nojournal");
    std::ofstream(dir + "/file") << "x";
    auto s = RunSession::start(threeTinyConfigs(), MachineInfo{}, {}, dir + "/file/run.journal");
    EXPECT_NE(s.journalProblem(), "");
    const auto results = s.run(Engine(), {});
    EXPECT_EQ(results.size(), 3u);
    EXPECT_EQ(s.writeError(), "");
    std::filesystem::remove_all(dir);
}

// The session, not the front end, decides what becomes of the journal when a run ends.
TEST(RunSession, AStoppedRunKeepsItsJournalWithTheReasonACancelledOneDeletesIt) {
    const auto dir = test::scratchDir("session-end");
    const Plan plan = threeTinyConfigs();
    {
        auto s = RunSession::start(plan, MachineInfo{}, {}, dir + "/stopped.journal");
        s.configFinished(0, test::measuredResult("1 x 1", {0.5}));
        EXPECT_EQ(s.end(true, RunEnd::Interrupted), RunEnd::Interrupted);
    }
    const auto kept = readJournal(dir + "/stopped.journal");
    ASSERT_TRUE(kept) << kept.error();
    EXPECT_FALSE(kept->complete) << "an interrupted run can be resumed";
    EXPECT_EQ(kept->ended, RunEnd::Interrupted);
    EXPECT_EQ(kept->finished.size(), 1u);
    EXPECT_NE(orphanNotice(dir + "/stopped.journal").find("was stopped"), std::string::npos);
    {
        auto s = RunSession::start(plan, MachineInfo{}, {}, dir + "/cancelled.journal");
        s.configFinished(0, test::measuredResult("1 x 1", {0.5}));
        EXPECT_EQ(s.end(true, RunEnd::Cancelled), RunEnd::Cancelled);
    }
    EXPECT_FALSE(std::filesystem::exists(dir + "/cancelled.journal"));
    std::filesystem::remove_all(dir);
}

// A result file that cannot be written must not take the journal with it: the run ends Failed
// and the journal keeps every configuration the file misses.
TEST(RunSession, AFileThatCannotBeWrittenKeepsTheJournal) {
    const auto dir = test::scratchDir("session-failed");
    std::ofstream(dir + "/file") << "x";
    auto s = RunSession::start(threeTinyConfigs(), MachineInfo{},
                               OutputFiles{dir + "/file/r.json", "", ""}, dir + "/run.journal");
    s.configFinished(0, test::measuredResult("1 x 1", {0.5}));
    EXPECT_NE(s.writeError(), "");
    EXPECT_EQ(s.end(false, RunEnd::Interrupted), RunEnd::Failed);
    const auto kept = readJournal(dir + "/run.journal");
    ASSERT_TRUE(kept) << kept.error();
    EXPECT_EQ(kept->ended, RunEnd::Failed);
    EXPECT_EQ(kept->finished.size(), 1u);
    EXPECT_NE(orphanNotice(dir + "/run.journal").find("could not write its result files"),
              std::string::npos);
    std::filesystem::remove_all(dir);
}

// Thousands of quick configurations do not rewrite the result files thousands of times, yet the
// first is on disk at once and end() leaves every one there.
TEST(RunSession, ResultFilesHoldTheFirstAtOnceAndEveryOneAfterEnd) {
    const auto dir = test::scratchDir("session-throttle");
    Plan plan;
    plan.kind = PlanKind::Sweep;
    constexpr int kRows = 300;
    for (int i = 0; i < kRows; ++i)
        plan.configs.push_back(Configuration{
            std::to_string(i), groupKeyOf(PlanKind::Sweep, RunSpec{}, false), test::tinySpec()});
    const std::string json = dir + "/r.json";
    auto s = RunSession::start(plan, MachineInfo{}, OutputFiles{json, "", ""}, dir + "/j.journal");
    s.configFinished(0, test::measuredResult("0", {0.5}));
    auto first = loadResultFile(json);
    ASSERT_TRUE(first) << first.error();
    EXPECT_EQ(first->results.size(), 1u);
    for (int i = 1; i < kRows; ++i)
        s.configFinished(std::size_t(i), test::measuredResult(std::to_string(i), {0.5}));
    EXPECT_EQ(s.end(false, RunEnd::Interrupted), RunEnd::Finished);
    auto all = loadResultFile(json);
    ASSERT_TRUE(all) << all.error();
    EXPECT_EQ(all->results.size(), std::size_t(kRows));
    std::filesystem::remove_all(dir);
}
