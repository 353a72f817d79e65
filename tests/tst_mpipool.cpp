// The MPI pool's guarantees (issue 20): against the real Open MPI, every data path gives the
// thread pool's numbers with every task on its round-robin rank and exactly its bytes moved; a
// rank that crashes, aborts or makes a wrong product fails its repetition naming the rank; cancel
// and the budget leave no mpirun, orted or rank alive. Then the launcher's pure pieces: the
// command line, the hostfile, Slurm's variables, the record through JSON.
//
// The data-path tests run executeRepetition in this process, which finds the product's MPI
// worker beside this executable (build/bin). The fault tests run the test worker through
// IsolatedRunner, as a run does, from a folder where the test MPI worker
// (tests/testmpiworker.cpp) is named threadmix-mpi-worker beside it. More ranks than this
// machine's CPUs are started oversubscribed (the launcher asks for it): sizes stay tiny.
#include <gtest/gtest.h>

#include <dirent.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <stop_token>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/measure/mpipool.h"
#include "core/measure/repetition.h"
#include "core/run/isolatedrunner.h"
#include "tests/testsupport.h"

using namespace threadmix;
namespace fs = std::filesystem;

namespace {

// ---- Specs

std::string_view name(DataPlacement d) {
    return d == DataPlacement::InTask ? "InTask" : "Upfront";
}

// 7 tasks, so a chunk of 3 leaves a short last chunk and 4 ranks get unequal shares; 37 is not
// a multiple of any kernel's block.
RunSpec mpiSpec(Workload workload, DataPlacement data, int ranks, std::int64_t chunk) {
    return test::dataPathSpec(PoolKind::Mpi, workload, data, Transfer::Copy, ranks, chunk, 2011);
}

using test::arraysReceived;
using test::arraysSent;

int onlineCpus() {
    return int(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)));
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

// ---- The test worker's folder: the test worker, and the test MPI worker as the MPI worker

std::string mpiTestFolderWorker() {
    static const std::string worker = test::besideTestWorker(
        "mpi", test::testWorker(), {{THREADMIX_TEST_MPI_WORKER, "threadmix-mpi-worker"}});
    return worker;
}

std::string folderMpiWorker() {
    return (fs::path(mpiTestFolderWorker()).parent_path() / "threadmix-mpi-worker").string();
}

// A runner of the folder's test worker whose ranks commit `fault` at task `task`.
IsolatedRunner faultyMpiRunner(const std::string& fault, std::int64_t task) {
    IsolatedRunner runner(mpiTestFolderWorker());
    auto env = test::faultEnvironment(fault);
    env.push_back("THREADMIX_TEST_FAULT_TASK=" + std::to_string(task));
    runner.setExtraEnvironment(env);
    return runner;
}

// ---- /proc

using test::live;
using test::processTable;
using test::ProcStat;
using test::procStat;
using test::stillAlive;
using test::waitUntil;

// Live processes whose command line holds `needle` (a spec's unique seed).
std::vector<ProcStat> liveMentioning(const std::string& needle) {
    std::vector<ProcStat> found;
    for (int pid : test::processesMentioning(needle))
        if (auto p = procStat(pid); p && live(*p))
            found.push_back(*p);
    return found;
}

// Every live descendant of `root`, by parent links.
std::vector<ProcStat> descendantsOf(int root) {
    const auto all = processTable();
    std::vector<ProcStat> found;
    std::set<int> parents = {root};
    for (bool grew = true; grew;) {
        grew = false;
        for (const auto& p : all)
            if (parents.count(p.ppid) && !parents.count(p.pid) && live(p)) {
                parents.insert(p.pid);
                found.push_back(p);
                grew = true;
            }
    }
    return found;
}

std::string describe(const std::vector<ProcStat>& ps) {
    std::string out;
    for (const auto& p : ps)
        out += p.comm + " (pid " + std::to_string(p.pid) + ", state " + p.state + "); ";
    return out;
}

// The ranks of the spec with `seed`: processes running the rank verb with it.
std::vector<ProcStat> liveRanks(const std::string& seed) {
    std::vector<ProcStat> ranks;
    for (const auto& p : liveMentioning(seed)) {
        // argv[1] is the verb for a rank; mpirun has it further on.
        const std::string cmd = test::procFile("/proc/" + std::to_string(p.pid) + "/cmdline");
        const auto first = cmd.find('\0');
        if (first != std::string::npos && cmd.substr(first + 1, std::strlen(kMpiRankVerb) + 1) ==
                                              std::string(kMpiRankVerb) + '\0')
            ranks.push_back(p);
    }
    return ranks;
}

// Every process in `snapshot` ended (kernel teardown after SIGKILL takes its own time: poll
// with a generous bound), and none with the seed is alive. A failure kills what is left.
void expectNoneLeft(const std::vector<ProcStat>& snapshot, const std::string& seed) {
    std::vector<ProcStat> left;
    const bool gone = waitUntil(
        [&] {
            left.clear();
            for (const auto& p : snapshot)
                if (stillAlive(p))
                    left.push_back(p);
            for (const auto& p : liveMentioning(seed))
                if (std::none_of(left.begin(), left.end(),
                                 [&](const ProcStat& q) { return q.pid == p.pid; }))
                    left.push_back(p);
            return left.empty();
        },
        20);
    EXPECT_TRUE(gone) << "still alive: " << describe(left);
    for (const auto& p : left)
        ::kill(p.pid, SIGKILL);
    EXPECT_TRUE(test::childrenOfThisProcess().empty());
}

} // namespace

// ---- 1. Every data path: the thread pool's numbers, each task on its rank, exact bytes

using PathCase = std::tuple<Workload, DataPlacement, int, int>;

class DataPath : public ::testing::TestWithParam<PathCase> {};

TEST_P(DataPath, GivesTheThreadPoolsNumbersOnTheRoundRobinRanks) {
    const auto [workload, data, ranks, chunk] = GetParam();
    const RunSpec mpi = mpiSpec(workload, data, ranks, chunk);
    RunSpec threads = mpi;
    threads.pool = PoolKind::Threads;

    const auto reference = executeRepetition(threads);
    const auto r = executeRepetition(mpi); // the product's MPI worker, beside this executable

    // B = 1 and the same data: the very same numbers as the thread pool, checked by --verify.
    EXPECT_EQ(r.checksum, reference.checksum);
    if (workload == Workload::Fill) {
        EXPECT_EQ(r.checksum, 0.0); // every array's first element zeroed by the task
    } else {
        EXPECT_NE(r.checksum, 0.0);
    }

    // Each task on the rank the round robin gives it, its times in order inside the wall time.
    ASSERT_EQ(r.tasks.size(), std::size_t(mpi.count));
    for (std::size_t t = 0; t < r.tasks.size(); ++t) {
        const auto& k = r.tasks[t];
        EXPECT_EQ(k.worker, int((std::int64_t(t) / chunk) % ranks)) << "task " << t;
        EXPECT_GE(k.start, 0) << "task " << t;
        EXPECT_LE(k.start, k.dataEnd) << "task " << t;
        EXPECT_LE(k.dataEnd, k.end) << "task " << t;
        EXPECT_LE(k.end, k.returned) << "task " << t;
        EXPECT_LE(k.returned, r.wallSeconds) << "task " << t;
    }

    // Exactly the bytes the path must move: every task's inputs out, its output back.
    const std::int64_t arrayBytes = mpi.operandElements() * std::int64_t(sizeof(double));
    if (data == DataPlacement::InTask) {
        EXPECT_EQ(r.bytesSent, 0);
        EXPECT_EQ(r.bytesReceived, 0);
        EXPECT_EQ(r.sendSeconds, 0);
        EXPECT_EQ(r.receiveSeconds, 0);
    } else {
        EXPECT_EQ(r.bytesSent, mpi.count * arraysSent(workload) * arrayBytes);
        EXPECT_EQ(r.bytesReceived, mpi.count * arraysReceived(workload) * arrayBytes);
        EXPECT_GT(r.dataPhaseSeconds, 0);
    }

    // The record: one process per rank, each rank's host, Open MPI, the command as run.
    EXPECT_EQ(r.processes, ranks);
    EXPECT_GT(r.wallSeconds, 0);
    EXPECT_GT(r.cpuSeconds, 0);
    ASSERT_TRUE(r.mpi.has_value());
    const auto& m = *r.mpi;
    ASSERT_EQ(m.ranks.size(), std::size_t(ranks));
    for (int k = 0; k < ranks; ++k) {
        EXPECT_EQ(m.ranks[std::size_t(k)].rank, k);
        EXPECT_FALSE(m.ranks[std::size_t(k)].host.empty()) << "rank " << k;
        EXPECT_EQ(m.ranks[std::size_t(k)].hostCpus, onlineCpus()) << "rank " << k;
        EXPECT_FALSE(m.ranks[std::size_t(k)].binding.empty()) << "rank " << k;
    }
    EXPECT_EQ(m.library.rfind("Open MPI", 0), 0u) << m.library;
    EXPECT_EQ(m.launcher, "mpirun");
    EXPECT_EQ(m.totalCpus(), onlineCpus());
    EXPECT_GE(m.launchSeconds, 0);
    ASSERT_FALSE(m.command.empty());
    EXPECT_EQ(fs::path(m.command.front()).filename(), "mpirun");
    EXPECT_TRUE(contains(m.command, THREADMIX_MPI_WORKER));
    EXPECT_EQ(contains(m.command, "--oversubscribe"), ranks > onlineCpus());
    EXPECT_EQ(m.oversubscribed, ranks > onlineCpus());
    // mpirun and every rank were reaped.
    EXPECT_TRUE(test::childrenOfThisProcess().empty());
}

INSTANTIATE_TEST_SUITE_P(
    WorkloadsPathsRanksChunks, DataPath,
    ::testing::Combine(::testing::Values(Workload::Gemm, Workload::Dot, Workload::Fill),
                       ::testing::Values(DataPlacement::InTask, DataPlacement::Upfront),
                       ::testing::Values(1, 2, 3, 4), ::testing::Values(1, 3)),
    [](const ::testing::TestParamInfo<PathCase>& p) {
        return std::string(toString(std::get<0>(p.param))) + "_" +
               std::string(name(std::get<1>(p.param))) + "_W" +
               std::to_string(std::get<2>(p.param)) + "_chunk" +
               std::to_string(std::get<3>(p.param));
    });

// ---- 2. The test folder: the launcher beside the test worker finds the test MPI worker

TEST(MpiTestFolder, TheLauncherBesideTheTestWorkerFindsTheTestMpiWorker) {
    // /proc/self/exe resolves symbolic links: only a hard link (or a copy) makes the test
    // worker run from the folder look for its MPI worker there.
    const std::string worker = mpiTestFolderWorker();
    EXPECT_FALSE(fs::is_symlink(worker));
    EXPECT_FALSE(fs::is_symlink(folderMpiWorker()));
    EXPECT_TRUE(fs::equivalent(folderMpiWorker(), THREADMIX_TEST_MPI_WORKER));
    const auto where = mpiWhereFor(mpiSpec(Workload::Gemm, DataPlacement::InTask, 2, 1), worker);
    ASSERT_TRUE(where) << where.error();
    EXPECT_EQ(where->worker, folderMpiWorker());
    EXPECT_EQ(fs::path(where->mpirun).filename(), "mpirun");
}

// ---- 3. A rank that dies fails its repetition in mpirun's words, and leaves nothing behind

class DyingRank : public ::testing::TestWithParam<DataPlacement> {};

TEST_P(DyingRank, FailsTheRepetitionNamingTheRankAndTheSignal) {
    struct Case {
        const char* fault;
        const char* signal; // as mpirun gives it
    } cases[] = {{"crash", "signal 11 \\(Segmentation fault\\)"},
                 {"abort", "signal 6 \\(Aborted\\)"}};
    for (const auto& c : cases) {
        // Task 1 is rank 1's (chunk 1): the reason must name that rank, not rank 0.
        RunSpec s = mpiSpec(Workload::Gemm, GetParam(), 2, 1);
        s.seed = 7320011000 + std::uint64_t(GetParam()); // names this run's processes
        const auto o = faultyMpiRunner(c.fault, 1).runOnce(s, test::farDeadline(), {});
        EXPECT_EQ(o.status, RunStatus::Failed) << c.fault;
        const std::regex expected(std::string("process rank 1 with PID [0-9]+ on node \\S+ exited "
                                              "on ") +
                                  c.signal);
        EXPECT_TRUE(std::regex_search(o.reason, expected)) << c.fault << ": " << o.reason;
        expectNoneLeft({}, std::to_string(s.seed));
    }
}

INSTANTIATE_TEST_SUITE_P(EveryPath, DyingRank,
                         ::testing::Values(DataPlacement::InTask, DataPlacement::Upfront),
                         [](const auto& p) { return std::string(name(p.param)); });

// ---- 4. A wrong product fails verification naming the rank and the task

class WrongProduct : public ::testing::TestWithParam<DataPlacement> {};

TEST_P(WrongProduct, FailsTheFreivaldsCheckNamingTheRankAndTheTask) {
    // Task 4 is rank 1's with chunk 3 (tasks 3-5): a rank, a task and a chunk all told apart.
    RunSpec s = mpiSpec(Workload::Gemm, GetParam(), 2, 3);
    const auto o = faultyMpiRunner("wrong-result", 4).runOnce(s, test::farDeadline(), {});
    EXPECT_EQ(o.status, RunStatus::Failed);
    const std::string check = "wrong result: the product of task 4 failed the Freivalds check";
    // In-task the rank checks its own product; up front rank 0 checks it once gathered.
    const std::string expected =
        GetParam() == DataPlacement::InTask ? "MPI rank 1: " + check : "MPI rank 0: " + check;
    EXPECT_NE(o.reason.find(expected), std::string::npos) << o.reason;
    if (GetParam() == DataPlacement::Upfront) {
        EXPECT_NE(o.reason.find("made by MPI rank 1"), std::string::npos) << o.reason;
    }
    EXPECT_TRUE(test::childrenOfThisProcess().empty());
}

TEST_P(WrongProduct, IsNotCaughtWithoutVerify) {
    // The control: the same fault without --verify measures normally, so the failure above is
    // the check's (and the fault reached the rank).
    RunSpec s = mpiSpec(Workload::Gemm, GetParam(), 2, 3);
    s.verify = false;
    const auto o = faultyMpiRunner("wrong-result", 4).runOnce(s, test::farDeadline(), {});
    EXPECT_EQ(o.status, RunStatus::Ok) << o.reason;
}

INSTANTIATE_TEST_SUITE_P(EveryPath, WrongProduct,
                         ::testing::Values(DataPlacement::InTask, DataPlacement::Upfront),
                         [](const auto& p) { return std::string(name(p.param)); });

// ---- 5. Cancel and the budget leave no mpirun, orted or rank

namespace {

constexpr int kHeldRanks = 3; // more than this machine's 2 CPUs: oversubscribed

// A run whose rank 0 hangs at task 0 (the "hang" fault): its ranks are alive by construction.
// `deadline` is the run's budget, `stop` cancels it; once every rank was seen (or the run
// ended), `then` is called.
struct HeldRun {
    RepetitionOutcome outcome;
    int child = 0;                    // the measuring child (the test worker)
    double ranksSeenAt = -1;          // when all its ranks were seen alive
    std::vector<ProcStat> processes;  // then: the child, mpirun, the ranks, any orted
    std::vector<std::string> rankExe; // the ranks' executables
    bool mpirunSeen = false;
};

template <typename Then>
HeldRun runHeld(DataPlacement data, std::uint64_t seed, double deadline, std::stop_source& stop,
                Then then) {
    HeldRun h;
    const auto runner = faultyMpiRunner("hang", 0);
    RunSpec s = mpiSpec(Workload::Gemm, data, kHeldRanks, 1);
    s.seed = seed;
    const std::string needle = std::to_string(seed);
    std::atomic<bool> ended{false};
    {
        std::jthread run([&] {
            h.outcome = runner.runOnce(s, deadline, stop.get_token());
            ended = true;
        });
        waitUntil([&] {
            const auto kids = test::childrenOfThisProcess();
            if (!kids.empty())
                h.child = kids.front();
            return h.child > 0 || ended;
        });
        if (h.child > 0 &&
            waitUntil([&] { return int(liveRanks(needle).size()) >= kHeldRanks || ended; }) &&
            !ended) {
            h.ranksSeenAt = monotonicSeconds();
            h.processes = liveMentioning(needle);
            for (const auto& p : descendantsOf(h.child))
                if (std::none_of(h.processes.begin(), h.processes.end(),
                                 [&](const ProcStat& q) { return q.pid == p.pid; }))
                    h.processes.push_back(p);
            for (const auto& p : h.processes)
                h.mpirunSeen = h.mpirunSeen || p.comm == "mpirun";
            for (const auto& p : liveRanks(needle)) {
                std::error_code ec;
                h.rankExe.push_back(
                    fs::read_symlink("/proc/" + std::to_string(p.pid) + "/exe", ec).string());
            }
        }
        then();
    }
    return h;
}

void expectTheTestRanksWereSeen(const HeldRun& h) {
    ASSERT_GT(h.ranksSeenAt, 0) << "the " << kHeldRanks
                                << " ranks were never seen; the run ended: " << h.outcome.reason;
    EXPECT_TRUE(h.mpirunSeen) << describe(h.processes);
    // The ranks run the test MPI worker of the folder: the product's would not hang.
    ASSERT_EQ(h.rankExe.size(), std::size_t(kHeldRanks));
    for (const auto& exe : h.rankExe)
        EXPECT_EQ(exe, folderMpiWorker());
}

} // namespace

class HeldRanks : public ::testing::TestWithParam<DataPlacement> {};

TEST_P(HeldRanks, CancelLeavesNoMpirunOrRankAlive) {
    std::stop_source stop;
    const std::uint64_t seed = 7320012000 + std::uint64_t(GetParam());
    const auto h =
        runHeld(GetParam(), seed, test::farDeadline(), stop, [&] { stop.request_stop(); });
    expectTheTestRanksWereSeen(h);
    EXPECT_EQ(h.outcome.status, RunStatus::Cancelled) << h.outcome.reason;
    expectNoneLeft(h.processes, std::to_string(seed));
}

TEST_P(HeldRanks, TheBudgetLeavesNoMpirunOrRankAlive) {
    // The budget is fixed when the run starts; the ranks must exist before it passes. A machine
    // too busy for that within the budget gets a longer one: whatever its speed, the budget
    // ends live ranks.
    const std::uint64_t seed = 7320013000 + std::uint64_t(GetParam());
    for (double budget = 2; budget <= 64; budget *= 2) {
        std::stop_source none;
        const double deadline = monotonicSeconds() + budget;
        const auto h = runHeld(GetParam(), seed, deadline, none, [] {});
        if (h.ranksSeenAt < 0 || h.ranksSeenAt >= deadline) {
            expectNoneLeft(h.processes, std::to_string(seed));
            continue;
        }
        expectTheTestRanksWereSeen(h);
        EXPECT_EQ(h.outcome.status, RunStatus::TimedOut) << h.outcome.reason;
        EXPECT_NE(h.outcome.reason.find("budget"), std::string::npos) << h.outcome.reason;
        expectNoneLeft(h.processes, std::to_string(seed));
        return;
    }
    FAIL() << "the ranks never existed before the budget passed";
}

INSTANTIATE_TEST_SUITE_P(EveryPath, HeldRanks,
                         ::testing::Values(DataPlacement::InTask, DataPlacement::Upfront),
                         [](const auto& p) { return std::string(name(p.param)); });

// ---- 6. The command line, decided before mpirun starts

namespace {

MpiWhere localWhere(int cpus) {
    MpiWhere w;
    w.mpirun = "/usr/bin/mpirun";
    w.worker = "/opt/tm/threadmix-mpi-worker";
    w.localCpus = cpus;
    return w;
}

RunSpec planSpec(int ranks, int blasThreads = 1) {
    RunSpec s = mpiSpec(Workload::Gemm, DataPlacement::InTask, ranks, 1);
    s.blasThreads = blasThreads;
    return s;
}

// The words of `command` after `flag`, or "" when it is not there.
std::string after(const std::vector<std::string>& command, const std::string& flag) {
    const auto at = std::find(command.begin(), command.end(), flag);
    return at == command.end() || at + 1 == command.end() ? std::string() : *(at + 1);
}

} // namespace

TEST(PlanMpiLaunch, OnThisMachineSlotsAreHardwareThreadsAndOversubscribingIsAutomatic) {
    const auto fits = planMpiLaunch(planSpec(4), localWhere(4));
    ASSERT_TRUE(fits) << fits.error();
    const auto& c = fits->command;
    ASSERT_GE(c.size(), 6u);
    EXPECT_EQ(std::vector<std::string>(c.begin(), c.begin() + 3),
              (std::vector<std::string>{"/usr/bin/mpirun", "-np", "4"}));
    EXPECT_TRUE(contains(c, "--use-hwthread-cpus"));
    EXPECT_FALSE(contains(c, "--oversubscribe"));
    EXPECT_FALSE(fits->oversubscribeFlag);
    EXPECT_EQ(fits->slotCount, 4);
    EXPECT_EQ(fits->cpus, 4);
    EXPECT_EQ(fits->where, "this machine");
    // The rank's command last: the worker, the verb, the spec it reads back.
    EXPECT_EQ(c[c.size() - 3], "/opt/tm/threadmix-mpi-worker");
    EXPECT_EQ(c[c.size() - 2], kMpiRankVerb);
    EXPECT_EQ(nlohmann::json::parse(c.back()).get<RunSpec>(), planSpec(4));

    const auto over = planMpiLaunch(planSpec(5), localWhere(4));
    ASSERT_TRUE(over) << over.error(); // no --oversubscribe needed in the spec here
    EXPECT_TRUE(contains(over->command, "--oversubscribe"));
    EXPECT_TRUE(over->oversubscribeFlag);
    EXPECT_EQ(after(over->command, "-np"), "5");
}

TEST(PlanMpiLaunch, AHostfileRefusesMoreRanksThanSlotsUnlessAsked) {
    MpiWhere w = localWhere(4);
    w.hostfile = std::vector<HostSlots>{{"node1", 2}, {"node2", 1}};
    RunSpec s = planSpec(3);
    s.hosts = "hosts.txt";
    const auto fits = planMpiLaunch(s, w);
    ASSERT_TRUE(fits) << fits.error();
    EXPECT_EQ(after(fits->command, "--hostfile"), "hosts.txt");
    EXPECT_FALSE(contains(fits->command, "--use-hwthread-cpus"));
    EXPECT_FALSE(contains(fits->command, "--oversubscribe"));
    EXPECT_EQ(fits->slotCount, 3);

    s.workers = 4;
    const auto refused = planMpiLaunch(s, w);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().find("--workers"), std::string::npos) << refused.error();
    EXPECT_NE(refused.error().find("--oversubscribe"), std::string::npos) << refused.error();
    EXPECT_NE(refused.error().find("3 slots"), std::string::npos) << refused.error();

    s.oversubscribe = true;
    const auto asked = planMpiLaunch(s, w);
    ASSERT_TRUE(asked) << asked.error();
    EXPECT_TRUE(contains(asked->command, "--oversubscribe"));
    EXPECT_EQ(after(asked->command, "-np"), "4");
}

TEST(PlanMpiLaunch, ASlurmAllocationGivesItsTasksOrCpusAsSlots) {
    MpiWhere w = localWhere(4);
    w.slurm = SlurmAllocation{"42", "node[1-2]", {2, 2}, 0};
    const auto fits = planMpiLaunch(planSpec(4), w);
    ASSERT_TRUE(fits) << fits.error();
    EXPECT_EQ(fits->where, "Slurm job 42 (node[1-2])");
    EXPECT_EQ(fits->slotCount, 4);
    EXPECT_EQ(fits->cpus, 4);
    EXPECT_FALSE(contains(fits->command, "--use-hwthread-cpus"));
    EXPECT_FALSE(contains(fits->command, "--hostfile"));
    EXPECT_FALSE(contains(fits->command, "--oversubscribe"));

    const auto refused = planMpiLaunch(planSpec(5), w);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().find("--workers"), std::string::npos) << refused.error();
    EXPECT_NE(refused.error().find("--oversubscribe"), std::string::npos) << refused.error();
    EXPECT_NE(refused.error().find("Slurm job 42"), std::string::npos) << refused.error();

    RunSpec asked = planSpec(5);
    asked.oversubscribe = true;
    const auto over = planMpiLaunch(asked, w);
    ASSERT_TRUE(over) << over.error();
    EXPECT_TRUE(contains(over->command, "--oversubscribe"));

    // Tasks asked of Slurm are the slots, whatever the CPUs.
    w.slurm->tasks = 3;
    EXPECT_FALSE(planMpiLaunch(planSpec(4), w));
    EXPECT_TRUE(planMpiLaunch(planSpec(3), w));
}

TEST(PlanMpiLaunch, PinningGivesEachRankItsBlasThreadsCpus) {
    RunSpec s = planSpec(2, 2);
    s.pin = true;
    const auto local = planMpiLaunch(s, localWhere(4));
    ASSERT_TRUE(local) << local.error();
    EXPECT_EQ(after(local->command, "--map-by"), "slot:PE=2");
    EXPECT_EQ(after(local->command, "--bind-to"), "hwthread");
    EXPECT_EQ(local->binding, "2 CPUs per rank");

    MpiWhere nodes = localWhere(4);
    nodes.slurm = SlurmAllocation{"7", "node1", {4}, 0};
    const auto cores = planMpiLaunch(s, nodes);
    ASSERT_TRUE(cores) << cores.error();
    EXPECT_EQ(after(cores->command, "--map-by"), "slot:PE=2");
    EXPECT_EQ(after(cores->command, "--bind-to"), "core");

    // 2 x 3 threads on 4 CPUs do not fit: no binding, and the record says why.
    RunSpec big = planSpec(2, 3);
    big.pin = true;
    const auto unfit = planMpiLaunch(big, localWhere(4));
    ASSERT_TRUE(unfit) << unfit.error();
    EXPECT_FALSE(contains(unfit->command, "--map-by"));
    EXPECT_EQ(after(unfit->command, "--bind-to"), "none");
    EXPECT_EQ(unfit->binding.rfind("none: ", 0), 0u) << unfit->binding;

    // Unpinned: mpirun's own default (a core or a socket per rank) is turned off.
    const auto plain = planMpiLaunch(planSpec(2, 2), localWhere(4));
    ASSERT_TRUE(plain) << plain.error();
    EXPECT_FALSE(contains(plain->command, "--map-by"));
    EXPECT_EQ(after(plain->command, "--bind-to"), "none");
    EXPECT_EQ(plain->binding, "none");
}

TEST(PlanMpiLaunch, ForwardsTheNamedVariablesAndRefusesSharedTransfer) {
    const auto fwd = planMpiLaunch(planSpec(2), localWhere(4), {"OMP_NUM_THREADS", "BLIS_X"});
    ASSERT_TRUE(fwd) << fwd.error();
    const auto& c = fwd->command;
    const auto x = std::find(c.begin(), c.end(), "-x");
    ASSERT_NE(x, c.end());
    EXPECT_EQ(std::vector<std::string>(x, x + 4),
              (std::vector<std::string>{"-x", "OMP_NUM_THREADS", "-x", "BLIS_X"}));
    EXPECT_LT(x - c.begin(), std::ptrdiff_t(c.size()) - 3); // before the rank's command

    RunSpec shared = mpiSpec(Workload::Gemm, DataPlacement::Upfront, 2, 1);
    shared.transfer = Transfer::Shared;
    const auto refused = planMpiLaunch(shared, localWhere(4));
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().find("copy"), std::string::npos) << refused.error();
}

// ---- 7. The hostfile and Slurm's variables

namespace {

std::string writeFile(const std::string& dir, const std::string& name, const std::string& text) {
    const std::string path = dir + "/" + name;
    std::ofstream(path) << text;
    return path;
}

} // namespace

TEST(ReadHostfile, ReadsHostsAndSlotsSkippingComments) {
    const auto dir = test::scratchDir("hostfile-good");
    const auto path = writeFile(dir, "hosts",
                                "# the cluster\n"
                                "node1 slots=4   # the big one\n"
                                "\n"
                                "   \n"
                                "  node2\n"
                                "node3 max_slots=8 slots=2\n");
    const auto read = readHostfile(path);
    ASSERT_TRUE(read) << read.error();
    ASSERT_EQ(read->size(), 3u);
    EXPECT_EQ((*read)[0].host, "node1");
    EXPECT_EQ((*read)[0].slotCount, 4);
    EXPECT_EQ((*read)[1].host, "node2");
    EXPECT_EQ((*read)[1].slotCount, 1); // as Open MPI counts a host it cannot see the cores of
    EXPECT_EQ((*read)[2].host, "node3");
    EXPECT_EQ((*read)[2].slotCount, 2);
}

TEST(ReadHostfile, RefusesBadSlotsEmptyFilesAndMissingFiles) {
    const auto dir = test::scratchDir("hostfile-bad");
    for (const std::string bad : {"slots=0", "slots=-2", "slots=x", "slots=3x", "slots="}) {
        const auto path = writeFile(dir, "bad", "node1 slots=2\nnode2 " + bad + "\n");
        const auto read = readHostfile(path);
        ASSERT_FALSE(read) << bad;
        EXPECT_NE(read.error().find("line 2"), std::string::npos) << read.error();
        EXPECT_NE(read.error().find("'" + bad + "'"), std::string::npos) << read.error();
    }
    for (const std::string empty : {"", "# only a comment\n\n   \n"}) {
        const auto read = readHostfile(writeFile(dir, "empty", empty));
        ASSERT_FALSE(read);
        EXPECT_NE(read.error().find("names no host"), std::string::npos) << read.error();
    }
    const auto missing = readHostfile(dir + "/none");
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().find("cannot read " + dir + "/none"), std::string::npos)
        << missing.error();
}

TEST(SlurmCpus, ExpandsRepeatsAndRefusesGarbage) {
    EXPECT_EQ(expandSlurmCpus("2(x3),1"), (std::vector<int>{2, 2, 2, 1}));
    EXPECT_EQ(expandSlurmCpus("4"), (std::vector<int>{4}));
    EXPECT_EQ(expandSlurmCpus("8,4(x2)"), (std::vector<int>{8, 4, 4}));
    EXPECT_TRUE(expandSlurmCpus("").empty());
    for (const char* garbage : {"x", "2(x", "2(x3)y", "2x", "0", "-1", "2(x0)", "2,,1", "2,"})
        EXPECT_TRUE(expandSlurmCpus(garbage).empty()) << garbage;
}

TEST(SlurmAllocationFromEnvironment, ReadsTheJobFromTheGetter) {
    std::map<std::string, std::string> env;
    const auto getter = [&](const char* n) -> const char* {
        const auto at = env.find(n);
        return at == env.end() ? nullptr : at->second.c_str();
    };
    env = {{"SLURM_JOB_NODELIST", "node[1-2]"}, {"SLURM_JOB_CPUS_PER_NODE", "2(x2)"}};
    EXPECT_FALSE(slurmAllocation(getter)) << "no SLURM_JOB_ID: not inside a job";

    env["SLURM_JOB_ID"] = "42";
    const auto job = slurmAllocation(getter);
    ASSERT_TRUE(job);
    EXPECT_EQ(job->jobId, "42");
    EXPECT_EQ(job->nodeList, "node[1-2]");
    EXPECT_EQ(job->cpusPerNode, (std::vector<int>{2, 2}));
    EXPECT_EQ(job->tasks, 0);
    EXPECT_EQ(job->totalCpus(), 4);
    EXPECT_EQ(job->slotCount(), 4);

    env["SLURM_NTASKS"] = "3";
    const auto tasks = slurmAllocation(getter);
    ASSERT_TRUE(tasks);
    EXPECT_EQ(tasks->tasks, 3);
    EXPECT_EQ(tasks->slotCount(), 3);
}

// ---- 8. The record through JSON

TEST(MpiRecordJson, RoundTripsAndCountsTheCpusOfDistinctHosts) {
    RepetitionResult r;
    r.wallSeconds = 1.5;
    r.processes = 3;
    r.checksum = 4.25;
    r.tasks = {TaskRecord{2, 0.125, 0.25, 0.5, 0.75}};
    MpiRecord m;
    m.library = "Open MPI v4.1.4";
    m.launcher = "mpirun in Slurm job 42";
    m.command = {"/usr/bin/mpirun", "-np", "3", "w"};
    m.binding = "2 CPUs per rank";
    m.oversubscribed = true;
    m.launchSeconds = 0.375;
    m.slurmJob = "42";
    m.ranks = {RankRecord{0, "a", 4, "0-1", 1.5, 10, 2, std::int64_t(5) << 32},
               RankRecord{1, "b", 2, "0", 0.5, 3, 4, 1000},
               RankRecord{2, "a", 4, "2-3", 0.25, 1, 0, 2000}};
    r.mpi = m;
    const nlohmann::json j = r;
    const auto back = nlohmann::json::parse(j.dump()).get<RepetitionResult>();
    ASSERT_TRUE(back.mpi.has_value());
    EXPECT_EQ(*back.mpi, m);
    EXPECT_EQ(back.processes, 3);
    EXPECT_EQ(back.tasks, r.tasks);

    // Host a counted once (its 4 CPUs), then b's 2.
    EXPECT_EQ(m.totalCpus(), 6);
    EXPECT_EQ(m.hosts(), (std::vector<std::string>{"a", "b"}));

    // A record of another pool has none.
    RepetitionResult plain;
    plain.wallSeconds = 1;
    const auto plainBack = nlohmann::json(plain).get<RepetitionResult>();
    EXPECT_FALSE(plainBack.mpi.has_value());
}
