// The command line as a user meets it: exit codes, messages, files, help.
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include <signal.h>

#include <thread>

#include "core/atomicfile.h"
#include "core/childprocess.h"
#include "core/repetition.h"
#include "tests/testsupport.h"

using threadmix::test::runThreadmix;

namespace {

void expectBadInput(const std::vector<std::string>& args, const std::string& mention) {
    const auto dir = threadmix::test::scratchDir("cli-bad");
    auto full = args;
    full.push_back("--json");
    full.push_back(dir + "/out.json");
    const auto r = runThreadmix(full, 30);
    std::string joined;
    for (const auto& a : args)
        joined += a + " ";
    EXPECT_EQ(r.exitCode, 2) << joined << "\n" << r.err;
    EXPECT_NE(r.err.find(mention), std::string::npos) << joined << "\nstderr: " << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir + "/out.json")) << joined << " wrote a file";
    EXPECT_EQ(r.out, "") << joined;
    std::filesystem::remove_all(dir);
}

} // namespace

TEST(Cli, BadValuesAreRefusedWithExitCode2AndNothingWritten) {
    expectBadInput({"run", "--count", "0"}, "--count");
    expectBadInput({"run", "--count", "-3"}, "--count");
    expectBadInput({"run", "--count", "abc"}, "not a whole number");
    expectBadInput({"run", "--count", ""}, "empty");
    expectBadInput({"run", "--count", "1e9"}, "--count");
    expectBadInput({"run", "--size", "999999"}, "32768");
    expectBadInput({"run", "--workers", "0"}, "--workers");
    expectBadInput({"run", "--blas-threads", "many"}, "or auto");
    expectBadInput({"run", "--chunk", "0"}, "--chunk");
    expectBadInput({"run", "--count", "4", "--chunk", "5"}, "larger than --count");
    expectBadInput({"run", "--repeats", "0"}, "--repeats");
    expectBadInput({"run", "--warmup", "-1"}, "--warmup");
    expectBadInput({"run", "--budget", "0"}, "--budget");
    expectBadInput({"run", "--budget", "soon"}, "not a number");
    expectBadInput({"run", "--seed", "x"}, "--seed");
    expectBadInput({"run", "--workload", "fft"}, "gemm, dot or fill");
    expectBadInput({"run", "--data", "later"}, "upfront or in-task");
    expectBadInput({"run", "--init", "zeros"}, "random or ones");
    expectBadInput({"run", "--size", "30000", "--count", "1000"}, "bytes");
    expectBadInput({"sweep", "--workers-range", "4..1"}, "backwards");
    expectBadInput({"sweep", "--blas-range", "0..3"}, "--blas-range");
    expectBadInput({"study", "--tutorial", "other"}, "combine or pitfalls");
    expectBadInput({"study", "--workers", "2"}, "--workers");
    expectBadInput({"run", "--no-such-option"}, "--no-such-option");
    expectBadInput({"frobnicate"}, "frobnicate");
}

TEST(Cli, NoSubcommandAndUnwritableOutputAreBadInput) {
    auto r = runThreadmix({"--count", "3"});
    EXPECT_EQ(r.exitCode, 2);
    r = runThreadmix({"run", "--json", "/nonexistent-folder/x.json"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r.err;
}

TEST(Cli, HelpAndVersion) {
    auto r = runThreadmix({"--help"});
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_NE(r.out.find("sweep"), std::string::npos);
    r = runThreadmix({"run", "--help"});
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_NE(r.out.find("BLIS's own default is 1"), std::string::npos);
    r = runThreadmix({"--version"});
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_NE(r.out.find("threadmix "), std::string::npos);
}

TEST(Cli, InfoShowsTheMachine) {
    const auto r = runThreadmix({"info"});
    EXPECT_EQ(r.exitCode, 0);
    for (const char* s : {"Physical cores", "Logical CPUs", "BLIS", "kernel"})
        EXPECT_NE(r.out.find(s), std::string::npos) << s;
}

TEST(Cli, TinyRunWritesAllThreeFiles) {
    const auto dir = threadmix::test::scratchDir("cli-run");
    const auto r =
        runThreadmix({"run", "--count", "4", "--size", "32", "--workers", "2", "--repeats", "2",
                      "--warmup", "0", "--verify", "--json", dir + "/r.json", "--csv",
                      dir + "/r.csv", "--markdown", dir + "/r.md"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("Median s"), std::string::npos);
    const auto j = nlohmann::json::parse(*threadmix::readWholeFile(dir + "/r.json", 1 << 24));
    EXPECT_EQ(j["schema"], "threadmix/1");
    ASSERT_EQ(j["results"].size(), 1u);
    EXPECT_EQ(j["results"][0]["status"], "ok");
    EXPECT_EQ(j["results"][0]["seconds"].size(), 2u);
    EXPECT_EQ(j["results"][0]["workers"], 2);
    EXPECT_TRUE(std::filesystem::exists(dir + "/r.csv"));
    EXPECT_TRUE(std::filesystem::exists(dir + "/r.md"));
    std::filesystem::remove_all(dir);
}

TEST(Cli, TinySweepMarksSlowCellsAndKeepsGoing) {
    const auto dir = threadmix::test::scratchDir("cli-sweep");
    const auto r = runThreadmix({"sweep", "--count", "4", "--size", "32", "--workers-range", "1..2",
                                 "--blas-range", "1..2", "--repeats", "1", "--warmup", "0",
                                 "--json", dir + "/s.json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(*threadmix::readWholeFile(dir + "/s.json", 1 << 24));
    EXPECT_EQ(j["kind"], "sweep");
    EXPECT_EQ(j["results"].size(), 4u);
    std::filesystem::remove_all(dir);
}

TEST(Cli, InterruptStopsAndKeepsFinishedResults) {
    const auto dir = threadmix::test::scratchDir("cli-int");
    threadmix::ChildProcess p;
    ASSERT_TRUE(
        p.start(THREADMIX_EXE, {"run", "--count", "4", "--size", "32", "--repeats", "1", "--warmup",
                                "0", "--inject-fault", "hang", "--json", dir + "/r.json"}));
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    ::kill(p.pid(), SIGINT);
    const auto end = p.wait(threadmix::monotonicSeconds() + 5, {});
    EXPECT_EQ(end.end, threadmix::ChildProcess::End::Exited);
    EXPECT_EQ(end.code, 130) << p.err();
    EXPECT_NE(p.err().find("stopped"), std::string::npos) << p.err();
    std::filesystem::remove_all(dir);
}
