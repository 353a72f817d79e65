// The command line as a user meets it: exit codes, messages, files, help.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <set>

#include <nlohmann/json.hpp>

#include <signal.h>

#include <thread>

#include "core/base/atomicfile.h"
#include "core/base/childprocess.h"
#include "core/formats/resultfile.h"
#include "core/measure/repetition.h"
#include "core/run/runjournal.h"
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
    expectBadInput({"run", "--blas-threads", "many"}, "auto or auto-per-worker");
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
    expectBadInput({"study", "--tutorial", "other"}, "combine, pitfalls or processes");
    expectBadInput({"study", "--workers", "2"}, "--workers");
    expectBadInput({"run", "--size", "0"}, "--size");
    expectBadInput({"run", "--size", "-1"}, "--size");
    expectBadInput({"run", "--size", ""}, "empty");
    expectBadInput({"run", "--workers", "abc"}, "not a whole number");
    expectBadInput({"run", "--workers", "99999"}, "512");
    expectBadInput({"run", "--workers", ""}, "empty");
    expectBadInput({"run", "--blas-threads", "0"}, "--blas-threads");
    expectBadInput({"run", "--blas-threads", ""}, "--blas-threads");
    expectBadInput({"run", "--repeats", "1000000"}, "1000");
    expectBadInput({"run", "--repeats", "x"}, "--repeats");
    expectBadInput({"run", "--warmup", "abc"}, "--warmup");
    expectBadInput({"run", "--chunk", "abc"}, "--chunk");
    expectBadInput({"run", "--budget", "-1"}, "--budget");
    expectBadInput({"run", "--budget", ""}, "--budget");
    expectBadInput({"run", "--budget", "1e99"}, "--budget");
    expectBadInput({"run", "--seed", ""}, "--seed");
    expectBadInput({"run", "--seed", "-5"}, "--seed");
    expectBadInput({"run", "--workload", ""}, "--workload");
    expectBadInput({"run", "--blis-kernel", "fast"}, "--kernel");
    expectBadInput({"run", "--kernel", "skx,zen3"}, "--kernel");
    expectBadInput({"run", "--kernel", "Prescott"}, "--blas-library");
    expectBadInput({"run", "--blas-library", "mkl"}, "--blas-library");
    expectBadInput({"run", "--blas-library", "blis-openmp,blis-openmp"}, "--blas-library");
    expectBadInput({"run", "--blas-library", "openblas-pthreads", "--thread-control", "per-call"},
                   "--thread-control");
    expectBadInput({"run", "--blas-library", "openblas-serial", "--blas-threads", "2"},
                   "--blas-threads");
    expectBadInput({"run", "--png-scale", "3", "--png", "/tmp/x.png"}, "--png-scale");
    expectBadInput({"run", "--workers", "100", "--blas-threads", "100"}, "4096");
    expectBadInput({"sweep", "--workers-range", ""}, "--workers-range");
    expectBadInput({"sweep", "--workers-range", "1.."}, "A..B");
    expectBadInput({"sweep", "--workers-range", "..3"}, "A..B");
    expectBadInput({"sweep", "--workers-range", "1..100:all", "--blas-range", "1..100:all"},
                   "cells");
    expectBadInput({"sweep", "--resume", "/nonexistent/journal"}, "--resume");
    expectBadInput({"sweep", "--resume", "/etc/hostname"}, "not a ThreadMix run journal");
    // The pool kinds (issue 19): each message names the option and the fix.
    expectBadInput({"run", "--pool", "fibers"},
                   "--pool: 'fibers' is not one of threads, processes or mpi");
    expectBadInput({"sweep", "--pool", "threads,threads"}, "named twice");
    expectBadInput({"run", "--transfer", "shared"}, "add --pool processes or --pool mpi");
    expectBadInput({"run", "--pool", "processes", "--data", "in-task", "--transfer", "copy"},
                   "--transfer: with --data in-task");
    expectBadInput({"run", "--pool", "processes", "--transfer", "carrier-pigeon"},
                   "--transfer: 'carrier-pigeon' is not one of copy or shared");
    expectBadInput({"study", "--tutorial", "processes", "--pool", "threads"}, "leave --pool out");
    expectBadInput({"study", "--tutorial", "processes", "--transfer", "copy"},
                   "leave --transfer out");
    expectBadInput({"study", "--tutorial", "threads"}, "combine, pitfalls or processes");
    expectBadInput({"run", "--no-such-option"}, "--no-such-option");
    expectBadInput({"frobnicate"}, "frobnicate");
}

// MPI ranks and Slurm (issue 20): each message names the option and the fix.
TEST(Cli, MpiAndSlurmBadInputNamesTheOptionAndTheFix) {
    const auto dir = threadmix::test::scratchDir("cli-mpi");
    expectBadInput({"run", "--pool", "mpi", "--transfer", "shared"},
                   "--transfer: MPI ranks receive their operands by copy");
    expectBadInput({"run", "--hosts", dir + "/hosts"}, "--hosts: only MPI ranks start on hosts; "
                                                       "add --pool mpi");
    expectBadInput({"run", "--oversubscribe"}, "--oversubscribe: only MPI ranks");
    expectBadInput({"run", "--pool", "mpi", "--hosts", dir + "/missing"},
                   "--hosts: cannot read " + dir + "/missing");
    {
        std::ofstream(dir + "/empty") << "# no host here\n\n";
        expectBadInput({"run", "--pool", "mpi", "--hosts", dir + "/empty"}, "names no host");
        std::ofstream(dir + "/bad") << "node1 slots=many\n";
        expectBadInput({"run", "--pool", "mpi", "--hosts", dir + "/bad"}, "line 1");
        std::ofstream(dir + "/two") << "localhost slots=2\n";
        expectBadInput({"run", "--pool", "mpi", "--hosts", dir + "/two", "--workers", "3"},
                       "--workers: 3 MPI ranks are more than the 2 slots of the hosts of");
        expectBadInput({"run", "--pool", "mpi", "--hosts", dir + "/two", "--workers", "3"},
                       "add --oversubscribe");
    }
    expectBadInput({"run", "--nodes", "2"}, "--nodes: only a submitted job");
    expectBadInput({"run", "--partition", "big"}, "--partition: only a submitted job");
    expectBadInput({"run", "--submit", "--nodes", "0"}, "--nodes");
    // Without Open MPI or Slurm on PATH: the option and the package to install.
    const std::vector<std::string> noPath{"PATH=" + dir};
    auto r = runThreadmix({"run", "--pool", "mpi", "--count", "2", "--size", "50"}, 30, noPath);
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("--pool mpi: Open MPI's mpirun is not on PATH: install Debian's "
                         "openmpi-bin"),
              std::string::npos)
        << r.err;
    r = runThreadmix({"run", "--count", "2", "--size", "50", "--submit", "--json", dir + "/x.json"},
                     30, noPath);
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("--submit: Slurm's sbatch is not on PATH"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir + "/x.json"));
    r = runThreadmix({"run", "--count", "2", "--size", "50", "--submit"}, 30);
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("--submit: name where the job writes its results"), std::string::npos)
        << r.err;
    std::filesystem::remove_all(dir);
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

namespace {

int journalLines(const std::string& dir) {
    int lines = -1;
    std::error_code ec;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir, ec))
        if (e.path().extension() == ".journal") {
            std::ifstream in(e.path());
            lines = int(std::count(std::istreambuf_iterator<char>(in),
                                   std::istreambuf_iterator<char>(), '\n'));
        }
    return lines;
}

std::string journalIn(const std::string& dir) {
    std::error_code ec;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir, ec))
        if (e.path().extension() == ".journal")
            return e.path().string();
    return {};
}

// threadmix in a folder where the test worker is its threadmix-worker (faults, held runs).
const std::string& heldThreadmix() {
    static const std::string program = threadmix::test::besideTestWorker("cli", THREADMIX_EXE);
    return program;
}

// Polls `done` every 10 ms until it holds or `seconds` pass; says whether it held.
template <typename F> bool waitUntil(F done, double seconds) {
    const double until = threadmix::monotonicSeconds() + seconds;
    while (!done()) {
        if (threadmix::monotonicSeconds() > until)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

} // namespace

TEST(Cli, InterruptStopsAndKeepsFinishedResults) {
    const auto dir = threadmix::test::scratchDir("cli-int");
    const std::string state = "XDG_STATE_HOME=" + dir + "/state";
    threadmix::ChildProcess p;
    // The second configuration holds its child until stopped: the run is still going when the
    // interrupt comes, whatever the CPU's speed.
    const threadmix::test::Hold hold("cli-int", 1);
    auto env = hold.env();
    env.push_back(state);
    ASSERT_TRUE(p.start(heldThreadmix(),
                        {"sweep", "--count", "4", "--size", "32", "--workers-range", "1..2",
                         "--blas-range", "1..1", "--repeats", "1", "--warmup", "0", "--no-skip",
                         "--seed", "51515", "--json", dir + "/r.json"},
                        env));
    // The first configuration is in the journal and the second one's child is running.
    ASSERT_TRUE(waitUntil(
        [&] {
            return journalLines(dir) >= 2 &&
                   !threadmix::test::processesMentioning("\"seed\":51515").empty();
        },
        60))
        << p.err();
    ::kill(p.pid(), SIGINT);
    const auto end = p.wait(threadmix::monotonicSeconds() + 5, {});
    EXPECT_EQ(end.end, threadmix::ChildProcess::End::Exited);
    EXPECT_EQ(end.code, 130) << p.err();
    EXPECT_NE(p.err().find("stopped; 1 of 2 configurations finished"), std::string::npos)
        << p.err();
    const auto kept = threadmix::loadResultFile(dir + "/r.json");
    ASSERT_TRUE(kept) << kept.error();
    ASSERT_EQ(kept->results.size(), 2u);
    EXPECT_EQ(kept->results[0].status, threadmix::RunStatus::Ok);
    EXPECT_EQ(kept->results[1].status, threadmix::RunStatus::Cancelled);
    std::filesystem::remove_all(dir);
}

TEST(Cli, SweepKilledMidwayResumesWithEveryConfigurationExactlyOnce) {
    const auto dir = threadmix::test::scratchDir("cli-resume");
    const std::string state = "XDG_STATE_HOME=" + dir + "/state";
    threadmix::ChildProcess p;
    // The third configuration's children are held.
    const threadmix::test::Hold hold("cli-resume", 2);
    auto env = hold.env();
    env.push_back(state);
    ASSERT_TRUE(p.start(heldThreadmix(),
                        {"sweep", "--count", "12", "--size", "200", "--workers-range", "1..2",
                         "--blas-range", "1..3", "--repeats", "2", "--warmup", "0", "--no-skip",
                         "--seed", "77731", "--json", dir + "/a.json"},
                        env));
    // Two configurations finish, the third holds its child: kill without warning then.
    ASSERT_TRUE(waitUntil([&] { return journalLines(dir) >= 3; }, 60)) << p.err();
    ASSERT_TRUE(waitUntil(
        [] { return !threadmix::test::processesMentioning("\"seed\":77731").empty(); }, 60));
    ::kill(p.pid(), SIGKILL);
    p.wait(threadmix::monotonicSeconds() + 5, {});
    EXPECT_TRUE(
        waitUntil([] { return threadmix::test::processesMentioning("\"seed\":77731").empty(); }, 5))
        << "a worker outlived threadmix";
    const auto journal = journalIn(dir);
    ASSERT_FALSE(journal.empty());
    const auto before = threadmix::readJournal(journal);
    ASSERT_TRUE(before) << before.error();
    ASSERT_FALSE(before->complete);
    ASSERT_EQ(before->finished.size(), 2u);

    const auto r =
        runThreadmix({"sweep", "--resume", journal, "--json", dir + "/b.json"}, 120, {state});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(*threadmix::readWholeFile(dir + "/b.json", 1 << 24));
    ASSERT_EQ(j["results"].size(), 6u);
    std::set<std::string> labels;
    for (const auto& res : j["results"])
        labels.insert(res["label"].get<std::string>());
    EXPECT_EQ(labels.size(), 6u) << "a configuration appears twice";
    for (const auto& [index, kept] : before->finished)
        EXPECT_EQ(j["results"][index]["seconds"].get<std::vector<double>>(), kept.wallSeconds())
            << "configuration " << index << " was measured again";
    EXPECT_FALSE(std::filesystem::exists(journal)) << "a finished run's journal is kept";
    std::filesystem::remove_all(dir);
}

TEST(Cli, FiftyInterruptsLeaveNoProcessNoTemporaryFileAndValidResults) {
    const auto dir = threadmix::test::scratchDir("cli-storm");
    const std::string state = "XDG_STATE_HOME=" + dir + "/state";
    std::mt19937 random(12345);
    int midRun = 0, interrupted = 0;
    for (int i = 0; i < 50; ++i) {
        threadmix::ChildProcess p;
        const bool sweep = i % 2 == 0;
        // Every fifth interrupt comes at once, whenever that is (while the options are read,
        // or in the run). The others come mid-run by construction: after `held` configurations
        // finished, while the next one holds its child until stopped.
        const bool atOnce = i % 5 == 4;
        const int held = sweep ? int(random() % 4) : 0;
        std::vector<std::string> args = {sweep ? "sweep" : "run",
                                         "--count",
                                         "8",
                                         "--size",
                                         "150",
                                         "--repeats",
                                         "2",
                                         "--warmup",
                                         "0",
                                         "--seed",
                                         "42421",
                                         "--json",
                                         dir + "/s.json"};
        if (sweep)
            args.insert(args.end(),
                        {"--workers-range", "1..2", "--blas-range", "1..2", "--no-skip"});
        else
            args.insert(args.end(), {"--workers", "2", "--blas-threads", "3"});
        std::filesystem::remove_all(dir + "/state");
        // The children of configuration `held` are held.
        const threadmix::test::Hold hold("cli-storm", held);
        auto env = hold.env();
        env.push_back(state);
        ASSERT_TRUE(p.start(heldThreadmix(), args, env));
        if (atOnce) {
            std::this_thread::sleep_for(std::chrono::milliseconds(random() % 50));
        } else {
            ASSERT_TRUE(waitUntil(
                [&] {
                    return journalLines(dir) >= 1 + held &&
                           !threadmix::test::processesMentioning("\"seed\":42421").empty();
                },
                60))
                << p.err();
            // Somewhere inside the held child's life: starting, or waiting.
            std::this_thread::sleep_for(std::chrono::milliseconds(random() % 20));
        }
        ::kill(p.pid(), SIGINT);
        const auto end = p.wait(threadmix::monotonicSeconds() + 10, {});
        // Before the run starts (parsing options), Ctrl-C ends the process the ordinary way:
        // nothing was started or written then. Afterwards it is a clean stop (130).
        const bool beforeStart =
            end.end == threadmix::ChildProcess::End::Signalled && end.code == SIGINT;
        ASSERT_TRUE(beforeStart || end.end == threadmix::ChildProcess::End::Exited) << p.err();
        ASSERT_TRUE(beforeStart || end.code == 130) << end.code << " " << p.err();
        interrupted += !beforeStart;
        if (!atOnce) {
            ++midRun;
            EXPECT_FALSE(beforeStart) << "interrupt " << i << " came mid-run yet ended the "
                                      << "process unhandled";
            const auto loaded = threadmix::loadResultFile(dir + "/s.json");
            ASSERT_TRUE(loaded) << loaded.error();
            ASSERT_EQ(int(loaded->results.size()), held + 1) << "interrupt " << i;
            for (int k = 0; k < held; ++k)
                EXPECT_EQ(loaded->results[std::size_t(k)].status, threadmix::RunStatus::Ok);
            EXPECT_EQ(loaded->results.back().status, threadmix::RunStatus::Cancelled);
        } else if (std::filesystem::exists(dir + "/s.json")) {
            const auto loaded = threadmix::loadResultFile(dir + "/s.json");
            ASSERT_TRUE(loaded) << loaded.error();
        }
        std::filesystem::remove(dir + "/s.json");
        // Children die with threadmix; the next round must not mistake one for its own.
        ASSERT_TRUE(waitUntil(
            [] { return threadmix::test::processesMentioning("\"seed\":42421").empty(); }, 5))
            << "a worker outlived threadmix";
    }
    EXPECT_TRUE(
        waitUntil([] { return threadmix::test::processesMentioning("\"seed\":42421").empty(); }, 5))
        << "a worker outlived threadmix";
    for (const auto& e : std::filesystem::directory_iterator(dir))
        EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();
    EXPECT_EQ(midRun, 40);
    EXPECT_GE(interrupted, midRun);
    std::filesystem::remove_all(dir);
}

// Issue 19: a process pool's workers are stopped with the run. A worker hangs in its first task
// (the test worker's fault), so the pool is alive by construction when the signal comes.
TEST(Cli, InterruptOrKillStopsEveryProcessOfAProcessPool) {
    for (const int signal : {SIGINT, SIGKILL}) {
        const auto dir = threadmix::test::scratchDir("cli-pool");
        const std::string seed = signal == SIGINT ? "61611" : "61612";
        threadmix::ChildProcess p;
        ASSERT_TRUE(
            p.start(heldThreadmix(),
                    {"run", "--pool", "processes", "--workers", "3", "--count", "6", "--size", "40",
                     "--repeats", "1", "--warmup", "0", "--seed", seed, "--json", dir + "/r.json"},
                    {"THREADMIX_TEST_FAULT=hang", "XDG_STATE_HOME=" + dir + "/state"}));
        // The main program and its three workers (forked: the same command line).
        ASSERT_TRUE(waitUntil(
            [&] { return threadmix::test::processesMentioning("\"seed\":" + seed).size() >= 4; },
            60))
            << p.err();
        ::kill(p.pid(), signal);
        const auto end = p.wait(threadmix::monotonicSeconds() + 10, {});
        if (signal == SIGINT) {
            EXPECT_EQ(end.end, threadmix::ChildProcess::End::Exited);
            EXPECT_EQ(end.code, 130) << p.err();
            const auto kept = threadmix::loadResultFile(dir + "/r.json");
            ASSERT_TRUE(kept) << kept.error();
            ASSERT_EQ(kept->results.size(), 1u);
            EXPECT_EQ(kept->results[0].status, threadmix::RunStatus::Cancelled);
        }
        // Ctrl-C kills the child's process group; a killed threadmix takes the main program
        // with it (parent-death signal), and the main program its workers.
        EXPECT_TRUE(waitUntil(
            [&] { return threadmix::test::processesMentioning("\"seed\":" + seed).empty(); }, 5))
            << "a pool worker outlived threadmix (signal " << signal << ")";
        std::filesystem::remove_all(dir);
    }
}

TEST(Cli, KnobsReachTheChildAndTheResultFile) {
    const auto dir = threadmix::test::scratchDir("cli-knobs");
    const auto r = runThreadmix({"run",
                                 "--count",
                                 "4",
                                 "--size",
                                 "32",
                                 "--workers",
                                 "2",
                                 "--blas-threads",
                                 "2",
                                 "--repeats",
                                 "1",
                                 "--warmup",
                                 "0",
                                 "--wait-policy",
                                 "passive",
                                 "--blas-library",
                                 "blis-pthreads",
                                 "--thread-control",
                                 "process-wide",
                                 "--pin",
                                 "--json",
                                 dir + "/k.json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(*threadmix::readWholeFile(dir + "/k.json", 1 << 24));
    const auto& spec = j["results"][0]["spec"];
    EXPECT_EQ(spec["wait_policy"], "passive");
    EXPECT_EQ(spec["blas_library"], "blis-pthreads");
    EXPECT_EQ(spec["thread_control"], "process-wide");
    EXPECT_EQ(spec["pin"], true);
    // The child says which BLIS it really loaded.
    EXPECT_EQ(j["results"][0]["repetitions"][0]["blas_threading"], "pthreads");
    EXPECT_EQ(runThreadmix({"run", "--wait-policy", "lazy"}).exitCode, 2);
    EXPECT_EQ(runThreadmix({"run", "--blas-library", "tbb"}).exitCode, 2);
    EXPECT_EQ(runThreadmix({"run", "--thread-control", "global"}).exitCode, 2);
    std::filesystem::remove_all(dir);
}

// Each OpenBLAS variant is loaded by its own child, which reports what it really ran: the
// library, its threading layer, the kernel asked for (Prescott: every x86-64 CPU runs it).
TEST(Cli, OpenBlasRunsInItsOwnChildWithProcessWideThreads) {
    const auto dir = threadmix::test::scratchDir("cli-openblas");
    for (const std::string lib : {"openblas-pthreads", "openblas-openmp", "openblas-serial"}) {
        const std::string threads = lib == "openblas-serial" ? "1" : "2";
        const auto r = runThreadmix({"run",      "--blas-library", lib,      "--count",
                                     "4",        "--size",         "40",     "--workers",
                                     "2",        "--blas-threads", threads,  "--repeats",
                                     "1",        "--warmup",       "0",      "--verify",
                                     "--kernel", "Prescott",       "--json", dir + "/o.json"});
        ASSERT_EQ(r.exitCode, 0) << lib << ": " << r.err;
        const auto j = nlohmann::json::parse(*threadmix::readWholeFile(dir + "/o.json", 1 << 24));
        const auto& result = j["results"][0];
        EXPECT_EQ(result["spec"]["blas_library"], lib);
        EXPECT_EQ(result["spec"]["thread_control"], "process-wide"); // OpenBLAS has no other
        const auto& rep = result["repetitions"][0];
        EXPECT_EQ(rep["blas_kernel"], "Prescott") << lib;
        EXPECT_EQ(rep["blas_version"].get<std::string>().rfind("OpenBLAS ", 0), 0u);
        const auto dirName = lib == "openblas-pthreads" ? std::string("openblas-pthread") : lib;
        EXPECT_NE(rep["blas_path"].get<std::string>().find("/" + dirName + "/"), std::string::npos)
            << rep["blas_path"];
        EXPECT_EQ(rep["blas_threading"], lib == "openblas-serial"   ? "none"
                                         : lib == "openblas-openmp" ? "openmp"
                                                                    : "pthreads");
    }
    std::filesystem::remove_all(dir);
}

// A list of libraries runs the plan once per library, interleaved, each library its own group
// with its own 1x1 baseline, and one recommendation per library.
TEST(Cli, SweepOverTwoLibrariesGroupsByLibrary) {
    const auto dir = threadmix::test::scratchDir("cli-two-libraries");
    std::vector<std::string> args{"sweep",
                                  "--workers",
                                  "1,2",
                                  "--blas-threads",
                                  "1,2",
                                  "--blas-library",
                                  "blis-openmp,openblas-pthreads",
                                  "--count",
                                  "4",
                                  "--size",
                                  "48",
                                  "--repeats",
                                  "1",
                                  "--warmup",
                                  "0",
                                  "--budget",
                                  "20",
                                  "--json",
                                  dir + "/s.json"};
#ifdef THREADMIX_TEST_WITH_UI // --png needs the Qt layer
    args.insert(args.end(), {"--png", dir + "/s.png", "--png-scale", "1"});
#endif
    const auto r = runThreadmix(args);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(*threadmix::readWholeFile(dir + "/s.json", 1 << 24));
    const auto& results = j["results"];
    ASSERT_EQ(results.size(), 8u);
    for (std::size_t i = 0; i < results.size(); ++i) {
        const std::string lib = i % 2 == 0 ? "blis-openmp" : "openblas-pthreads";
        EXPECT_EQ(results[i]["spec"]["blas_library"], lib) << i; // interleaved
        EXPECT_EQ(results[i]["group"], lib);
        EXPECT_EQ(results[i]["label"].get<std::string>().rfind(lib + ": ", 0), 0u);
        for (const auto& rep : results[i]["repetitions"])
            EXPECT_EQ(
                rep["blas_version"].get<std::string>().rfind(i % 2 == 0 ? "BLIS " : "OpenBLAS ", 0),
                0u);
    }
    // Each library's 1x1 comes first and is its own baseline.
    EXPECT_EQ(results[0]["spec"]["workers"], 1);
    EXPECT_EQ(results[1]["spec"]["workers"], 1);
    EXPECT_EQ(results[1]["spec"]["blas_threads"], 1);
    EXPECT_NE(r.out.find("blis-openmp:\nRecommendation: blis-openmp: "), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("openblas-pthreads:\nRecommendation: openblas-pthreads: "),
              std::string::npos)
        << r.out;
#ifdef THREADMIX_TEST_WITH_UI
    EXPECT_TRUE(std::filesystem::exists(dir + "/s.png"));
#endif
    std::filesystem::remove_all(dir);
}

TEST(Cli, StudyPrintsARecommendation) {
    const auto r =
        runThreadmix({"study", "--count", "4", "--size", "48", "--repeats", "2", "--warmup", "0"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("Recommendation: "), std::string::npos) << r.out;
}

TEST(Cli, CompareTwoFilesAndRefuseABadOne) {
    const auto dir = threadmix::test::scratchDir("cli-compare");
    for (const char* name : {"a", "b"}) {
        const auto r = runThreadmix({"sweep", "--count", "2", "--size", "32", "--workers-range",
                                     "1..2", "--blas-range", "1", "--repeats", "1", "--warmup", "0",
                                     "--json", dir + "/" + name + ".json"});
        ASSERT_EQ(r.exitCode, 0) << r.err;
    }
    auto r = runThreadmix({"compare", dir + "/a.json", dir + "/b.json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("A / B"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("2 x 1"), std::string::npos) << r.out;
    ASSERT_TRUE(threadmix::writeFileAtomically(dir + "/bad.json", "{\"schema\":"));
    r = runThreadmix({"compare", dir + "/a.json", dir + "/bad.json"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("bad.json"), std::string::npos) << r.err;
    EXPECT_EQ(runThreadmix({"sizes", "--sizes", "256,64"}).exitCode, 2);
    EXPECT_EQ(runThreadmix({"sizes", "--sizes", "8"}).exitCode, 2);
    std::filesystem::remove_all(dir);
}

TEST(Cli, DryRunPlansAtMostAHundredCellsAndWritesThemAsPlanned) {
    const auto dir = threadmix::test::scratchDir("cli-dry");
    const auto r =
        runThreadmix({"sweep", "--workers-range", "1..64", "--blas-range", "1..64", "--count", "2",
                      "--size", "32", "--dry-run", "--json", dir + "/plan.json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("in run order"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Estimated duration"), std::string::npos) << r.out;
    const auto plan = threadmix::loadResultFile(dir + "/plan.json");
    ASSERT_TRUE(plan) << plan.error();
    EXPECT_LE(plan->results.size(), 100u);
    EXPECT_GE(plan->results.size(), 36u);
    EXPECT_EQ(plan->results.front().config.label, "1 x 1");
    for (const auto& c : plan->results) {
        EXPECT_EQ(c.status, threadmix::RunStatus::Planned) << c.config.label;
        EXPECT_TRUE(c.repetitions.empty());
    }
    // Lists and every-value ranges; a list out of order is refused in the option's words.
    const auto list = runThreadmix({"sweep", "--workers", "1,2,4,8", "--blas-threads", "1..3",
                                    "--count", "2", "--size", "32", "--dry-run"});
    ASSERT_EQ(list.exitCode, 0) << list.err;
    EXPECT_NE(list.out.find("12 configurations"), std::string::npos) << list.out;
    const auto every = runThreadmix({"sweep", "--workers", "1..10:all", "--blas-threads", "1",
                                     "--count", "2", "--size", "32", "--dry-run"});
    EXPECT_NE(every.out.find("10 configurations"), std::string::npos) << every.out;
    expectBadInput({"sweep", "--workers", "4,2"}, "--workers");
    std::filesystem::remove_all(dir);
}
