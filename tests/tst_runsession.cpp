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
    again.finish();
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
