// The run journal: round trip, torn and damaged lines, exactly once, orphan detection.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/base/atomicfile.h"
#include "core/run/libraryprobe.h"
#include "core/run/runjournal.h"
#include "tests/testsupport.h"

using namespace threadmix;

namespace {

Plan threeConfigs() {
    Plan p;
    p.kind = PlanKind::Sweep;
    p.budgetFactorFromFirst = 8.0;
    for (int w = 1; w <= 3; ++w) {
        RunSpec s = test::tinySpec();
        s.workers = w;
        p.configs.push_back(Configuration{std::to_string(w) + " x 1",
                                          groupKeyOf(PlanKind::Sweep, RunSpec{}, false), s});
    }
    return p;
}

ConfigResult measured(const Plan& p, std::size_t i, double seconds) {
    ConfigResult r;
    r.config = p.configs[i];
    RepetitionResult rep;
    rep.wallSeconds = seconds;
    rep.tasks = {TaskRecord{0, 0, 0.1, 0.2, 0.2}};
    r.repetitions = {rep};
    r.elapsedSeconds = seconds;
    return r;
}

class Journal : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = test::scratchDir("journal");
        ::setenv("XDG_STATE_HOME", m_dir.c_str(), 1);
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }
    std::string m_dir;
};

} // namespace

TEST_F(Journal, RoundTripKeepsPlanAndResults) {
    const auto plan = threeConfigs();
    const auto machine = collectMachineInfo();
    const auto path = newJournalPath();
    {
        auto j = RunJournal::create(path, plan, machine);
        ASSERT_TRUE(j) << j.error();
        ASSERT_TRUE(j.value().append(0, measured(plan, 0, 1.5)));
        ASSERT_TRUE(j.value().append(2, measured(plan, 2, 0.5)));
    }
    auto run = readJournal(path);
    ASSERT_TRUE(run) << run.error();
    EXPECT_FALSE(run->complete);
    EXPECT_EQ(run->ownerPid, ::getpid());
    ASSERT_EQ(run->plan.configs.size(), 3u);
    EXPECT_EQ(run->plan.configs[1].spec, plan.configs[1].spec);
    EXPECT_EQ(run->plan.budgetFactorFromFirst, plan.budgetFactorFromFirst);
    EXPECT_EQ(run->machine, machine);
    ASSERT_EQ(run->finished.size(), 2u);
    EXPECT_EQ(run->finished.at(0).wallSeconds(), std::vector<double>{1.5});
    EXPECT_EQ(run->finished.at(2).repetitions[0].tasks,
              measured(plan, 2, 0.5).repetitions[0].tasks);
    EXPECT_EQ(run->results().size(), 2u);
}

TEST_F(Journal, TornLastLineIsIgnoredDamagedMiddleLineIsAnError) {
    const auto plan = threeConfigs();
    const auto path = newJournalPath();
    {
        auto j = RunJournal::create(path, plan, collectMachineInfo());
        ASSERT_TRUE(j.value().append(0, measured(plan, 0, 1.0)));
        ASSERT_TRUE(j.value().append(1, measured(plan, 1, 2.0)));
    }
    auto text = readWholeFile(path, 1 << 24).value();
    // Killed in the middle of writing the last line.
    ASSERT_TRUE(writeFileAtomically(path, text.substr(0, text.size() - 25)));
    auto run = readJournal(path);
    ASSERT_TRUE(run) << run.error();
    EXPECT_EQ(run->finished.size(), 1u);
    EXPECT_TRUE(run->finished.count(0));
    // The same damage in the middle is not a torn write: refuse it.
    const auto firstEnd = text.find('\n', text.find('\n') + 1);
    ASSERT_TRUE(writeFileAtomically(path, text.substr(0, firstEnd - 10) + "\n" +
                                              text.substr(firstEnd + 1)));
    auto bad = readJournal(path);
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().find("damaged"), std::string::npos) << bad.error();
    ASSERT_TRUE(writeFileAtomically(path, "not a journal\n"));
    EXPECT_FALSE(readJournal(path));
    ASSERT_TRUE(writeFileAtomically(path, ""));
    EXPECT_FALSE(readJournal(path));
}

TEST_F(Journal, EachConfigurationExactlyOnce) {
    const auto plan = threeConfigs();
    const auto path = newJournalPath();
    auto j = RunJournal::create(path, plan, collectMachineInfo());
    ASSERT_TRUE(j.value().append(1, measured(plan, 1, 1.0)));
    ASSERT_TRUE(j.value().append(1, measured(plan, 1, 9.0)));
    auto run = readJournal(path);
    ASSERT_EQ(run->finished.size(), 1u);
    EXPECT_EQ(run->finished.at(1).wallSeconds(), std::vector<double>{1.0});
}

TEST_F(Journal, OrphansAreJournalsOfDeadProcessesThatDidNotFinish) {
    const auto plan = threeConfigs();
    // A journal whose owner is alive (this process) is not an orphan.
    auto mine = RunJournal::create(newJournalPath(), plan, collectMachineInfo());
    ASSERT_TRUE(mine);
    EXPECT_TRUE(orphanedJournals().empty());
    // One written by a process that then died.
    const pid_t child = ::fork();
    if (child == 0) {
        auto j = RunJournal::create(newJournalPath(), plan, collectMachineInfo());
        j.value().append(0, measured(plan, 0, 1.0));
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    const auto orphans = orphanedJournals();
    ASSERT_EQ(orphans.size(), 1u);
    EXPECT_NE(orphans[0].find("run-" + std::to_string(child)), std::string::npos);
    // The command line announces it once, naming the subcommand that made it and how to
    // discard it; later commands say nothing more of it.
    ASSERT_EQ(unannouncedOrphans().size(), 1u);
    const auto notice = orphanNotice(orphans[0]);
    EXPECT_NE(notice.find("threadmix sweep --resume " + orphans[0]), std::string::npos) << notice;
    EXPECT_NE(notice.find("delete that file"), std::string::npos) << notice;
    markAnnounced(orphans[0]);
    EXPECT_TRUE(unannouncedOrphans().empty());
    EXPECT_EQ(orphanedJournals().size(), 1u); // the window still offers it
    // A finished journal is gone.
    mine.value().end(RunEnd::Finished);
    EXPECT_FALSE(std::filesystem::exists(mine.value().path()));
}

// A study's journal is continued with `threadmix study`, not `sweep`.
TEST_F(Journal, AStudysJournalNamesTheStudySubcommand) {
    auto plan = threeConfigs();
    plan.kind = PlanKind::Combine;
    const auto path = newJournalPath();
    auto j = RunJournal::create(path, plan, collectMachineInfo());
    ASSERT_TRUE(j);
    const auto notice = orphanNotice(path);
    EXPECT_NE(notice.find("threadmix study --resume " + path), std::string::npos) << notice;
    j.value().end(RunEnd::Cancelled);
}
