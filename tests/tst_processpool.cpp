// The process pool's guarantees (issue 19): every data path gives the thread pool's numbers,
// checks every product and sends exactly its bytes; a dying worker fails its repetition with its
// signal; cancel and the budget leave no process of the run behind; a wrong product fails
// verification on every path; the record keeps the pool's fields through JSON.
//
// The data-path tests run executeRepetition in this process, which then forks the workers: this
// process stays single-threaded around it (no thread of a test outlives it, and one BLAS thread
// per call, so no OpenMP team exists to be lost across fork). The fault tests run the test
// worker (tests/testworker.cpp) through IsolatedRunner, as a run does.
#include <gtest/gtest.h>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <new>
#include <regex>
#include <set>
#include <stop_token>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/measure/repetition.h"
#include "core/measure/rng.h"
#include "core/measure/testseam.h"
#include "core/run/isolatedrunner.h"
#include "tests/testsupport.h"

using namespace threadmix;

namespace {

// ---- Specs

// How a task's operands reach its worker: made there, or made up front and copied or shared.
enum class Path { InTask, Copy, Shared };

std::string_view name(Path p) {
    switch (p) {
    case Path::InTask:
        return "InTask";
    case Path::Copy:
        return "Copy";
    case Path::Shared:
        return "Shared";
    }
    return "";
}

RunSpec poolSpec(Workload workload, Path path, int workers, std::int64_t chunk) {
    return test::dataPathSpec(PoolKind::Processes, workload,
                              path == Path::InTask ? DataPlacement::InTask : DataPlacement::Upfront,
                              path == Path::Shared ? Transfer::Shared : Transfer::Copy, workers,
                              chunk, 1907);
}

using test::arraysReceived;
using test::arraysSent;

// ---- References

std::vector<double> operand(const RunSpec& s, std::int64_t task, Operand which) {
    std::vector<double> v(std::size_t(s.operandElements()));
    fillUniform(v.data(), v.size(), streamKey(s.seed, task, which));
    return v;
}

// The largest relative difference of `c` from the plain triple loop's A*B.
double productError(const double* a, const double* b, const double* c, std::int64_t n) {
    std::vector<double> ref(std::size_t(n * n), 0.0);
    for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t k = 0; k < n; ++k)
            for (std::int64_t j = 0; j < n; ++j)
                ref[std::size_t(i * n + j)] += a[i * n + k] * b[k * n + j];
    double err = 0;
    for (std::size_t i = 0; i < ref.size(); ++i)
        err = std::max(err, std::abs(ref[i] - c[i]) / (std::abs(ref[i]) + 1.0));
    return err;
}

// ---- Products checked where they are made: the seam runs in whichever process ran the task
// (a forked worker), and writes here, in memory every process of the pool shares.

constexpr int kMaxTasks = 16;
struct Board {
    std::atomic<int> checks[kMaxTasks];
    std::atomic<int> checkedBy[kMaxTasks]; // pid of the process that made the product
    std::atomic<int> wrong;                // products unlike the naive reference
};
Board* g_board = nullptr;
RunSpec g_boardSpec; // whose operands the seam regenerates

Board& board() {
    if (!g_board) {
        void* p = ::mmap(nullptr, sizeof(Board), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                         -1, 0);
        if (p == MAP_FAILED)
            throw std::runtime_error("cannot map the board");
        g_board = new (p) Board;
    }
    return *g_board;
}

void clearBoard(const RunSpec& s) {
    g_boardSpec = s;
    for (int t = 0; t < kMaxTasks; ++t) {
        board().checks[t] = 0;
        board().checkedBy[t] = 0;
    }
    board().wrong = 0;
}

void checkWhereMade(std::int64_t task, double* c, std::int64_t n) {
    const auto a = operand(g_boardSpec, task, Operand::A);
    const auto b = operand(g_boardSpec, task, Operand::B);
    if (productError(a.data(), b.data(), c, n) > 1e-12)
        ++board().wrong;
    if (task >= 0 && task < kMaxTasks) {
        ++board().checks[task];
        board().checkedBy[task] = int(::getpid());
    }
}

// ---- /proc

using test::processTable;
using test::ProcStat;
using test::waitUntil;

// Live (not zombie, not dead) processes of the run whose measuring child is `child`: in its
// process group (it leads its own), or started by it.
std::vector<ProcStat> liveProcessesOfRun(int child) {
    std::vector<ProcStat> found;
    for (const auto& p : processTable())
        if ((p.pgrp == child || p.ppid == child) && p.state != 'Z' && p.state != 'X' &&
            p.state != 'x')
            found.push_back(p);
    return found;
}

std::string describe(const std::vector<ProcStat>& ps) {
    std::string out;
    for (const auto& p : ps)
        out += "pid " + std::to_string(p.pid) + " state " + p.state + " parent " +
               std::to_string(p.ppid) + " group " + std::to_string(p.pgrp) + "; ";
    return out;
}

} // namespace

// ---- 1. Every data path: the thread pool's numbers, every product checked, exact bytes

using PathCase = std::tuple<Workload, Path, int, int>;

class DataPath : public ::testing::TestWithParam<PathCase> {
protected:
    void SetUp() override { setRepetitionSeam({nullptr, checkWhereMade}); }
    void TearDown() override { setRepetitionSeam({}); }
};

TEST_P(DataPath, GivesTheThreadPoolsNumbersChecksEveryProductAndSendsExactlyItsBytes) {
    const auto [workload, path, workers, chunk] = GetParam();
    const RunSpec procs = poolSpec(workload, path, workers, chunk);
    RunSpec threads = procs;
    threads.pool = PoolKind::Threads;
    ASSERT_LE(procs.count, kMaxTasks);

    const auto reference = executeRepetition(threads);
    EXPECT_EQ(reference.processes, 1);

    clearBoard(procs);
    std::mutex m;
    std::vector<int> checkedHere(std::size_t(procs.count), 0);
    double worst = 0;
    const auto r = executeRepetition(procs, [&](std::int64_t task, const double* a, const double* b,
                                                const double* c, std::int64_t n) {
        // The product the main program received, and the operands it made.
        const double err = productError(a, b, c, n);
        const bool ownData = a[5] == uniformAt(streamKey(procs.seed, task, Operand::A), 5) &&
                             b[7] == uniformAt(streamKey(procs.seed, task, Operand::B), 7);
        std::lock_guard g(m);
        worst = std::max(worst, ownData ? err : 1.0);
        checkedHere.at(std::size_t(task))++;
    });

    // B = 1 and the same data: the very same numbers as the thread pool.
    EXPECT_EQ(r.checksum, reference.checksum);
    if (workload == Workload::Dot) {
        double sum = 0;
        for (std::int64_t t = 0; t < procs.count; ++t) {
            const auto x = operand(procs, t, Operand::A), y = operand(procs, t, Operand::B);
            for (std::size_t i = 0; i < x.size(); ++i)
                sum += x[i] * y[i];
        }
        EXPECT_NEAR(r.checksum, sum, 1e-9 * sum);
    }
    if (workload == Workload::Fill) {
        EXPECT_EQ(r.checksum, 0.0); // every array's first element zeroed by the task
    }

    if (workload == Workload::Gemm) {
        // Every product, where it was made: in a worker, never in this process.
        std::set<int> makers;
        for (std::int64_t t = 0; t < procs.count; ++t) {
            EXPECT_EQ(board().checks[t], 1) << "task " << t;
            EXPECT_NE(board().checkedBy[t], int(::getpid())) << "task " << t;
            makers.insert(board().checkedBy[t]);
        }
        EXPECT_EQ(board().wrong, 0);
        EXPECT_LE(int(makers.size()), workers);
        // Up front, every product again once it came back to the main program.
        if (path != Path::InTask) {
            for (std::int64_t t = 0; t < procs.count; ++t)
                EXPECT_EQ(checkedHere[std::size_t(t)], 1) << "task " << t;
            EXPECT_LT(worst, 1e-12);
        }
    }

    // Exactly the bytes the path must move: every task's inputs there, its output back.
    const std::int64_t arrayBytes = procs.operandElements() * std::int64_t(sizeof(double));
    if (path == Path::InTask) {
        EXPECT_EQ(r.bytesSent, 0);
        EXPECT_EQ(r.bytesReceived, 0);
        EXPECT_EQ(r.sendSeconds, 0);
        EXPECT_EQ(r.receiveSeconds, 0);
    } else {
        EXPECT_EQ(r.bytesSent, procs.count * arraysSent(workload) * arrayBytes);
        EXPECT_EQ(r.bytesReceived, procs.count * arraysReceived(workload) * arrayBytes);
        if (arraysSent(workload) > 0) {
            EXPECT_GT(r.sendSeconds, 0);
        }
    }

    // The record: every process counted, the pool's start and the phases inside the wall time,
    // each task taken, given its data, done and returned in that order by a worker of the pool.
    EXPECT_EQ(r.processes, workers + 1);
    EXPECT_GT(r.poolStartSeconds, 0);
    EXPECT_NEAR(r.poolStartSeconds + r.dataSeconds + r.computeSeconds, r.wallSeconds, 1e-6);
    const double tasksFrom =
        r.poolStartSeconds + (path == Path::InTask ? 0.0 : r.dataPhaseSeconds) - 1e-9;
    ASSERT_EQ(r.tasks.size(), std::size_t(procs.count));
    for (std::size_t t = 0; t < r.tasks.size(); ++t) {
        const auto& k = r.tasks[t];
        EXPECT_GE(k.worker, 0) << "task " << t;
        EXPECT_LT(k.worker, workers) << "task " << t;
        EXPECT_GE(k.start, tasksFrom) << "task " << t;
        EXPECT_LE(k.start, k.dataEnd) << "task " << t;
        EXPECT_LE(k.dataEnd, k.end) << "task " << t;
        EXPECT_LE(k.end, k.returned) << "task " << t;
        EXPECT_LE(k.returned, r.wallSeconds) << "task " << t;
    }
    EXPECT_GT(r.cpuSeconds, 0);
    EXPECT_GT(r.peakRssBytes, 0);
    // Every worker was reaped: none is left a zombie of this process.
    EXPECT_TRUE(test::childrenOfThisProcess().empty());
}

INSTANTIATE_TEST_SUITE_P(
    WorkloadsPathsWorkersChunks, DataPath,
    ::testing::Combine(::testing::Values(Workload::Gemm, Workload::Dot, Workload::Fill),
                       ::testing::Values(Path::InTask, Path::Copy, Path::Shared),
                       ::testing::Values(1, 2, 3), ::testing::Values(1, 3)),
    [](const ::testing::TestParamInfo<PathCase>& p) {
        return std::string(toString(std::get<0>(p.param))) + "_" +
               std::string(name(std::get<1>(p.param))) + "_W" +
               std::to_string(std::get<2>(p.param)) + "_chunk" +
               std::to_string(std::get<3>(p.param));
    });

// ---- 2. A worker that dies fails its repetition with its signal, and leaves nothing behind

class DyingWorker : public ::testing::TestWithParam<Path> {};

TEST_P(DyingWorker, FailsTheRepetitionNamingTheWorkerAndTheSignal) {
    struct Case {
        const char* fault;
        const char* signal; // as the reason must give it
    } cases[] = {{"crash", "signal 11 \\(Segmentation fault\\)"},
                 {"abort", "signal 6 \\(Aborted\\)"}};
    for (const auto& c : cases) {
        RunSpec s = poolSpec(Workload::Gemm, GetParam(), 2, 1);
        s.seed = 7310019000 + std::uint64_t(GetParam()); // names this run's processes
        const auto o = test::faultyRunner(c.fault).runOnce(s, test::farDeadline(), {});
        EXPECT_EQ(o.status, RunStatus::Failed) << c.fault;
        // The worker that ran task 0 (1 or 2, whichever took it).
        const std::regex expected(std::string("pool worker [12] \\(pid [0-9]+\\) was killed by ") +
                                  c.signal + " during task 0");
        EXPECT_TRUE(std::regex_search(o.reason, expected)) << c.fault << ": " << o.reason;
        // The main program reaped its workers before it reported, and was reaped itself: no
        // process with this run's command line (the workers are forks of the child) is alive.
        EXPECT_TRUE(test::processesMentioning(std::to_string(s.seed)).empty()) << c.fault;
        EXPECT_TRUE(test::childrenOfThisProcess().empty()) << c.fault;
    }
}

INSTANTIATE_TEST_SUITE_P(EveryPath, DyingWorker,
                         ::testing::Values(Path::InTask, Path::Copy, Path::Shared),
                         [](const auto& p) { return std::string(name(p.param)); });

// ---- 3. Cancel and the budget leave no process of the run

namespace {

constexpr int kHeldWorkers = 3;

// A process-pool run held by the "hang" fault: the worker that takes task 0 hangs, so the pool
// is alive by construction. `deadline` is the run's budget, `stop` cancels it; once every
// process of the pool was seen (or the run ended), `then` is called.
struct HeldRun {
    RepetitionOutcome outcome;
    int child = 0;          // the measuring child: it leads the run's process group
    double poolSeenAt = -1; // when its W + 1 processes were all seen alive
    int withTheSpec = 0;    // processes then whose command line held the spec's seed
};

template <typename Then>
HeldRun runHeldPool(Path path, double deadline, std::stop_source& stop, Then then) {
    HeldRun h;
    const auto runner = test::faultyRunner("hang");
    const RunSpec s = poolSpec(Workload::Gemm, path, kHeldWorkers, 1);
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
        if (h.child > 0 && waitUntil([&] {
                return int(liveProcessesOfRun(h.child).size()) >= kHeldWorkers + 1 || ended;
            }) &&
            !ended) {
            h.poolSeenAt = monotonicSeconds();
            h.withTheSpec = int(test::processesMentioning(std::to_string(s.seed)).size());
        }
        then();
    }
    return h;
}

// SIGKILL is delivered to every process of the group at once, but each is torn down by the
// kernel on its own time: poll, with a generous bound, until none of them is alive.
void expectNoProcessLeft(int child) {
    ASSERT_GT(child, 0);
    std::vector<ProcStat> left;
    const bool gone = waitUntil(
        [&] {
            left = liveProcessesOfRun(child);
            return left.empty();
        },
        20);
    EXPECT_TRUE(gone) << "still alive: " << describe(left);
    // A failure leaves nothing hung on the machine.
    for (const auto& p : left)
        ::kill(p.pid, SIGKILL);
    EXPECT_TRUE(test::childrenOfThisProcess().empty());
}

} // namespace

class EndedPool : public ::testing::TestWithParam<Path> {};

TEST_P(EndedPool, CancelLeavesNoProcessOfTheRun) {
    std::stop_source stop;
    const auto h = runHeldPool(GetParam(), test::farDeadline(), stop, [&] { stop.request_stop(); });
    ASSERT_GT(h.poolSeenAt, 0) << "the pool's " << kHeldWorkers + 1
                               << " processes were never seen; the run ended: " << h.outcome.reason;
    EXPECT_EQ(h.outcome.status, RunStatus::Cancelled) << h.outcome.reason;
    // The workers are forks of the child, so they carry its command line (the spec): what
    // DyingWorker counts on to find the processes of a run that already ended.
    EXPECT_GE(h.withTheSpec, kHeldWorkers + 1);
    expectNoProcessLeft(h.child);
}

TEST_P(EndedPool, TheBudgetLeavesNoProcessOfTheRun) {
    // The budget is fixed when the run starts; the pool must exist before it passes. A machine
    // too busy for that within the budget gets a longer one: whatever its speed, the budget
    // ends a live pool.
    for (double budget = 1; budget <= 64; budget *= 2) {
        std::stop_source none;
        const double deadline = monotonicSeconds() + budget;
        const auto h = runHeldPool(GetParam(), deadline, none, [] {});
        if (h.poolSeenAt < 0 || h.poolSeenAt >= deadline) {
            if (h.child > 0)
                expectNoProcessLeft(h.child);
            continue;
        }
        EXPECT_EQ(h.outcome.status, RunStatus::TimedOut) << h.outcome.reason;
        EXPECT_NE(h.outcome.reason.find("budget"), std::string::npos) << h.outcome.reason;
        expectNoProcessLeft(h.child);
        return;
    }
    FAIL() << "the pool never existed before the budget passed";
}

INSTANTIATE_TEST_SUITE_P(EveryPath, EndedPool,
                         ::testing::Values(Path::InTask, Path::Copy, Path::Shared),
                         [](const auto& p) { return std::string(name(p.param)); });

// ---- 4. A wrong product fails verification on every path

class WrongProduct : public ::testing::TestWithParam<Path> {};

TEST_P(WrongProduct, FailsTheFreivaldsCheck) {
    const RunSpec s = poolSpec(Workload::Gemm, GetParam(), 2, 1);
    const auto o = test::faultyRunner("wrong-result").runOnce(s, test::farDeadline(), {});
    EXPECT_EQ(o.status, RunStatus::Failed);
    EXPECT_NE(o.reason.find("wrong result: the product of task 0 failed the Freivalds check"),
              std::string::npos)
        << o.reason;
    EXPECT_TRUE(test::childrenOfThisProcess().empty());
}

TEST_P(WrongProduct, IsNotCaughtWithoutVerify) {
    // The control: the same fault without --verify measures normally, so the failure above is
    // the check's.
    RunSpec s = poolSpec(Workload::Gemm, GetParam(), 2, 1);
    s.verify = false;
    const auto o = test::faultyRunner("wrong-result").runOnce(s, test::farDeadline(), {});
    EXPECT_EQ(o.status, RunStatus::Ok) << o.reason;
}

INSTANTIATE_TEST_SUITE_P(EveryPath, WrongProduct,
                         ::testing::Values(Path::InTask, Path::Copy, Path::Shared),
                         [](const auto& p) { return std::string(name(p.param)); });

// ---- 5. The record through JSON

TEST(ProcessPoolRecord, RoundTripsThroughJson) {
    RepetitionResult r;
    r.wallSeconds = 1.5;
    r.dataSeconds = 0.25;
    r.computeSeconds = 1.0;
    r.dataPhaseSeconds = 0.25;
    r.poolStartSeconds = 0.125;
    r.sendSeconds = 0.0625;
    r.receiveSeconds = 0.03125;
    r.bytesSent = std::int64_t(3) << 33; // beyond 32 bits
    r.bytesReceived = 123456789;
    r.processes = 4;
    r.cpuSeconds = 5.5;
    r.checksum = 42.0;
    r.tasks = {TaskRecord{0, 0.125, 0.25, 0.5, 0.75}, // returned after it ended: 5 elements
               TaskRecord{2, 0.5, 0.5, 1.0, 1.0}};    // returned as it ended: 4 elements
    const nlohmann::json j = r;
    ASSERT_EQ(j.at("tasks").size(), 2u);
    EXPECT_EQ(j.at("tasks")[0].size(), 5u);
    EXPECT_EQ(j.at("tasks")[1].size(), 4u);

    const auto back = nlohmann::json::parse(j.dump()).get<RepetitionResult>();
    EXPECT_EQ(back.poolStartSeconds, r.poolStartSeconds);
    EXPECT_EQ(back.sendSeconds, r.sendSeconds);
    EXPECT_EQ(back.receiveSeconds, r.receiveSeconds);
    EXPECT_EQ(back.bytesSent, r.bytesSent);
    EXPECT_EQ(back.bytesReceived, r.bytesReceived);
    EXPECT_EQ(back.processes, r.processes);
    EXPECT_EQ(back.wallSeconds, r.wallSeconds);
    EXPECT_EQ(back.dataPhaseSeconds, r.dataPhaseSeconds);
    EXPECT_EQ(back.checksum, r.checksum);
    EXPECT_EQ(back.tasks, r.tasks);
}

TEST(ProcessPoolRecord, OldRecordsStillRead) {
    // A thread pool's record from before the process pool: 4-element tasks, none of the pool's
    // fields.
    const auto j = nlohmann::json::parse(R"({"seconds": 2.0, "data_seconds": 0.5,
        "compute_seconds": 1.5, "checksum": 3.0,
        "tasks": [[0, 0.0, 0.5, 1.0], [1, 0.25, 0.75, 2.0]]})");
    const auto r = j.get<RepetitionResult>();
    ASSERT_EQ(r.tasks.size(), 2u);
    EXPECT_EQ(r.tasks[0], (TaskRecord{0, 0.0, 0.5, 1.0, 1.0}));
    EXPECT_EQ(r.tasks[1], (TaskRecord{1, 0.25, 0.75, 2.0, 2.0}));
    EXPECT_EQ(r.processes, 1);
    EXPECT_EQ(r.poolStartSeconds, 0);
    EXPECT_EQ(r.sendSeconds, 0);
    EXPECT_EQ(r.receiveSeconds, 0);
    EXPECT_EQ(r.bytesSent, 0);
    EXPECT_EQ(r.bytesReceived, 0);
}

TEST(ProcessPoolRecord, ATaskOfAnotherLengthIsRefused) {
    for (const char* tasks : {"[[0, 0.0, 0.5]]", "[[0, 0.0, 0.5, 1.0, 1.5, 2.0]]"}) {
        const auto j =
            nlohmann::json::parse(std::string(R"({"seconds": 1.0, "tasks": )") + tasks + "}");
        EXPECT_THROW(j.get<RepetitionResult>(), std::invalid_argument) << tasks;
    }
}
