// The process pool: fork, pipes or a shared mapping, one proxy thread per worker in the main
// program, and the record summed over every process. See processpool.h.
#include "core/measure/processpool.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "core/measure/blas.h"
#include "core/measure/taskwork.h"

namespace threadmix {
namespace {

// Main program -> worker.
enum class Ask : std::int32_t { Tasks = 1, Stop = 2 };
struct Request {
    Ask ask = Ask::Tasks;
    std::int32_t pad = 0;
    std::int64_t first = 0, last = 0;
};
// Worker -> main program: a header, then `bytes` of payload.
enum class Say : std::int32_t { Ready = 1, Done = 2, Failed = 3, Stats = 4 };
struct Reply {
    Say say = Say::Ready;
    std::int32_t pad = 0;
    std::int64_t bytes = 0;
};
// A task as its worker saw it (seconds from the start of the repetition; one clock for all).
struct TaskTimes {
    double start = 0, dataEnd = 0, end = 0, value = 0;
};
struct WorkerStats {
    double cpuSeconds = 0;
    std::int64_t ctxVoluntary = 0, ctxInvoluntary = 0, peakRssBytes = 0;
};

bool writeAll(int fd, const void* data, std::size_t n) {
    const char* p = static_cast<const char*>(data);
    while (n > 0) {
        const ssize_t w = ::write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= std::size_t(w);
    }
    return true;
}

// False at the end of the stream (the writer is gone) or on an error.
bool readAll(int fd, void* data, std::size_t n) {
    char* p = static_cast<char*>(data);
    while (n > 0) {
        const ssize_t r = ::read(fd, p, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return false;
        p += r;
        n -= std::size_t(r);
    }
    return true;
}

std::size_t pageRound(std::size_t bytes) {
    constexpr std::size_t kPage = 4096;
    return (bytes + kPage - 1) / kPage * kPage;
}

// Memory mapped by the main program before it forks, so every worker shares it: one slot per
// worker and task of a chunk, each holding that task's arrays.
class SharedSlots {
public:
    SharedSlots(int workers, std::int64_t chunk, const RunSpec& spec)
        : m_chunk(chunk), m_arrays(spec.operandsPerTask()),
          m_arrayBytes(pageRound(std::size_t(spec.operandElements()) * sizeof(double))) {
        m_bytes = std::size_t(workers) * std::size_t(chunk) * std::size_t(m_arrays) * m_arrayBytes;
        m_base =
            ::mmap(nullptr, m_bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (m_base == MAP_FAILED)
            throw std::runtime_error(fmt::format("cannot map {} bytes of shared memory: {}",
                                                 m_bytes, std::strerror(errno)));
    }
    ~SharedSlots() { ::munmap(m_base, m_bytes); }
    SharedSlots(const SharedSlots&) = delete;
    SharedSlots& operator=(const SharedSlots&) = delete;

    OperandView slot(int worker, std::int64_t i) const {
        auto* p = static_cast<char*>(m_base) +
                  (std::size_t(worker) * std::size_t(m_chunk) + std::size_t(i)) *
                      std::size_t(m_arrays) * m_arrayBytes;
        auto array = [&](int k) {
            return k < m_arrays ? reinterpret_cast<double*>(p + std::size_t(k) * m_arrayBytes)
                                : nullptr;
        };
        return {array(0), array(1), array(2)};
    }

private:
    std::int64_t m_chunk;
    int m_arrays;
    std::size_t m_arrayBytes;
    std::size_t m_bytes = 0;
    void* m_base = nullptr;
};

// The two ends a worker keeps.
struct WorkerEnds {
    int in = -1;  // requests from the main program
    int out = -1; // replies to it
};

// A worker process: ready, then requests until Stop. Never returns.
[[noreturn]] void workerMain(const RunSpec& spec, int w, WorkerEnds ends, const SharedSlots* shared,
                             double t0) {
    TaskWork work(spec);
    const bool upfront = spec.data == DataPlacement::Upfront;
    if (spec.pin)
        pinToCpu(w);
    if (spec.threadControl == ThreadControl::ProcessWide)
        blas::setProcessThreads(spec.blasThreads);
    work.warmUp();
    // Its own arrays: one set reused in-task, or one per task of a chunk to receive copies into.
    std::vector<Operands> own(std::size_t(upfront ? (shared ? 0 : spec.chunk) : 1));
    for (auto& o : own) {
        work.allocate(o);
        work.touch(o.view());
    }
    const auto now = [&] { return monotonicSeconds() - t0; };
    const auto reply = [&](Say say, const void* payload, std::size_t bytes) {
        const Reply r{say, 0, std::int64_t(bytes)};
        if (!writeAll(ends.out, &r, sizeof r) || (bytes > 0 && !writeAll(ends.out, payload, bytes)))
            ::_exit(0); // the main program is gone
    };
    reply(Say::Ready, nullptr, 0);
    for (;;) {
        Request q;
        if (!readAll(ends.in, &q, sizeof q))
            ::_exit(0);
        if (q.ask == Ask::Stop) {
            const ProcessUsage u = usageNow();
            const WorkerStats stats{u.cpuSeconds, u.ctxVoluntary, u.ctxInvoluntary,
                                    ownPeakRssBytes()};
            reply(Say::Stats, &stats, sizeof stats);
            ::_exit(0);
        }
        const std::int64_t k = q.last - q.first;
        std::vector<TaskTimes> times(static_cast<std::size_t>(k));
        const auto view = [&](std::int64_t i) {
            return shared ? shared->slot(w, i) : own[std::size_t(upfront ? i : 0)].view();
        };
        if (upfront)
            for (std::int64_t i = 0; i < k; ++i) {
                for (int j = 0; !shared && j < work.inputArrays(); ++j)
                    if (!readAll(ends.in, work.input(view(i), j), work.arrayBytes()))
                        ::_exit(0);
                times[std::size_t(i)].dataEnd = now();
            }
        std::string failure;
        for (std::int64_t i = 0; i < k; ++i) {
            const std::int64_t t = q.first + i;
            const auto o = view(i);
            auto& tt = times[std::size_t(i)];
            if (!upfront) {
                tt.start = now();
                work.makeData(o, t, false);
                tt.dataEnd = now();
            }
            const double operated = work.operate(o, t);
            tt.end = now();
            tt.value = work.observe(o, t, operated);
            // Products that stay in the worker are checked here; sent ones once they are back.
            if (!upfront && spec.verify && failure.empty())
                failure = work.verify(o, t).value_or("");
        }
        if (!failure.empty()) {
            reply(Say::Failed, failure.data(), failure.size());
            continue;
        }
        reply(Say::Done, times.data(), times.size() * sizeof(TaskTimes));
        if (upfront && !shared)
            for (std::int64_t i = 0; i < k; ++i)
                if (work.outputArrays() > 0 &&
                    !writeAll(ends.out, work.output(view(i)), work.arrayBytes()))
                    ::_exit(0);
    }
}

class ProcessPoolRun {
public:
    ProcessPoolRun(const RunSpec& spec, const TaskCheck& check)
        : m_spec(spec), m_check(check), m_work(spec),
          m_upfront(spec.data == DataPlacement::Upfront), m_workers(std::size_t(spec.workers)),
          m_tally(std::size_t(spec.workers)) {}

    ~ProcessPoolRun() { killWorkers(); }

    RepetitionResult run() {
        // A worker that dies makes writes to its pipe fail with EPIPE, not kill this process.
        ::signal(SIGPIPE, SIG_IGN);
        if (m_upfront && m_spec.transfer == Transfer::Shared)
            m_shared.emplace(m_spec.workers, std::max<std::int64_t>(1, m_spec.chunk), m_spec);
        makePipes();
        m_result.tasks.resize(std::size_t(m_spec.count));
        m_values.assign(std::size_t(m_spec.count), 0.0);

        const ProcessUsage before = usageNow();
        m_t0 = monotonicSeconds();
        startWorkers();
        for (std::size_t w = 0; w < m_workers.size(); ++w) {
            Reply r;
            if (!readAll(m_workers[w].fromWorker, &r, sizeof r) || r.say != Say::Ready)
                fail(workerGone(int(w), "while starting"));
        }
        throwIfFailed();
        const double ready = monotonicSeconds();
        double dataPhaseEnd = ready;
        if (m_upfront) {
            m_items.resize(std::size_t(m_spec.count));
            for (std::int64_t t = 0; t < m_spec.count; ++t) {
                auto& o = m_items[std::size_t(t)];
                m_work.allocate(o);
                m_work.makeData(o.view(), t, true);
            }
            dataPhaseEnd = monotonicSeconds();
        }
        {
            std::vector<std::jthread> proxies;
            for (int w = 0; w < m_spec.workers; ++w)
                proxies.emplace_back([this, w] { proxy(w); });
        }
        throwIfFailed();
        WorkerStats pool;
        stopWorkers(pool);
        throwIfFailed();
        const double t1 = monotonicSeconds();
        const ProcessUsage mine = usageNow() - before;

        auto& r = m_result;
        r.wallSeconds = t1 - m_t0;
        r.poolStartSeconds = ready - m_t0;
        if (m_upfront) {
            r.dataPhaseSeconds = r.dataSeconds = dataPhaseEnd - ready;
            r.computeSeconds = r.wallSeconds - r.poolStartSeconds - r.dataSeconds;
        } else {
            // The tasks' shares of the time after the pool was ready.
            splitInTaskWallTime(r, r.wallSeconds - r.poolStartSeconds);
        }
        for (const auto& t : m_tally) {
            r.sendSeconds += t.sendSeconds;
            r.receiveSeconds += t.receiveSeconds;
            r.bytesSent += t.bytesSent;
            r.bytesReceived += t.bytesReceived;
        }
        r.cpuSeconds = mine.cpuSeconds + pool.cpuSeconds;
        r.ctxVoluntary = mine.ctxVoluntary + pool.ctxVoluntary;
        r.ctxInvoluntary = mine.ctxInvoluntary + pool.ctxInvoluntary;
        r.peakRssBytes = ownPeakRssBytes() + pool.peakRssBytes;
        r.processes = 1 + m_spec.workers;
        r.checksum = 0;
        for (double v : m_values)
            r.checksum += v;
        return std::move(m_result);
    }

private:
    struct Worker {
        pid_t pid = -1;
        int toWorker = -1, fromWorker = -1; // the main program's ends
        WorkerEnds ends;                    // the worker's ends
        std::atomic<std::int64_t> task{-1}; // the first task of the chunk it has
    };
    // What one proxy thread measured: summed after they have all finished.
    struct Tally {
        double sendSeconds = 0, receiveSeconds = 0;
        std::int64_t bytesSent = 0, bytesReceived = 0;
    };

    void makePipes() {
        for (auto& w : m_workers) {
            int to[2], from[2];
            if (::pipe2(to, O_CLOEXEC) != 0)
                throw std::runtime_error(std::string("cannot make a pipe for the process pool: ") +
                                         std::strerror(errno));
            if (::pipe2(from, O_CLOEXEC) != 0) {
                ::close(to[0]);
                ::close(to[1]);
                throw std::runtime_error(std::string("cannot make a pipe for the process pool: ") +
                                         std::strerror(errno));
            }
            w.ends = {to[0], from[1]};
            w.toWorker = to[1];
            w.fromWorker = from[0];
        }
    }

    void startWorkers() {
        const pid_t main = ::getpid();
        for (std::size_t w = 0; w < m_workers.size(); ++w) {
            const pid_t pid = ::fork();
            if (pid < 0)
                throw std::runtime_error(fmt::format("cannot start pool worker {} of {}: {}", w + 1,
                                                     m_workers.size(), std::strerror(errno)));
            if (pid == 0) {
                // Die with the main program; it may have died before this was armed.
                ::prctl(PR_SET_PDEATHSIG, SIGKILL);
                if (::getppid() != main)
                    ::_exit(1);
                keepOnlyOwnEnds(w);
                workerMain(m_spec, int(w), m_workers[w].ends, m_shared ? &*m_shared : nullptr,
                           m_t0);
            }
            m_workers[w].pid = pid;
        }
        for (auto& w : m_workers) {
            ::close(w.ends.in);
            ::close(w.ends.out);
            w.ends = {};
        }
    }

    // In a new worker: only its own two ends stay open, so that a worker's end of the stream
    // is seen as soon as it dies; its output goes nowhere (the main program's is its record).
    void keepOnlyOwnEnds(std::size_t self) {
        for (std::size_t w = 0; w < m_workers.size(); ++w) {
            ::close(m_workers[w].toWorker);
            ::close(m_workers[w].fromWorker);
            if (w != self) {
                ::close(m_workers[w].ends.in);
                ::close(m_workers[w].ends.out);
            }
        }
        const int null = ::open("/dev/null", O_WRONLY);
        if (null >= 0) {
            ::dup2(null, STDOUT_FILENO);
            ::close(null);
        }
    }

    void proxy(int w) {
        auto& worker = m_workers[std::size_t(w)];
        auto& tally = m_tally[std::size_t(w)];
        const std::int64_t chunk = std::max<std::int64_t>(1, m_spec.chunk);
        const auto now = [&] { return monotonicSeconds() - m_t0; };
        std::vector<TaskTimes> times;
        while (!m_failed.load()) {
            const std::int64_t first = m_next.fetch_add(chunk);
            if (first >= m_spec.count)
                return;
            const std::int64_t last = std::min(first + chunk, m_spec.count);
            const std::int64_t k = last - first;
            worker.task.store(first);
            const Request q{Ask::Tasks, 0, first, last};
            const double sendStart = monotonicSeconds();
            bool sent = true;
            if (m_shared) {
                for (std::int64_t i = 0; i < k; ++i) {
                    m_result.tasks[std::size_t(first + i)].start = now();
                    copyInputs(m_items[std::size_t(first + i)].view(), m_shared->slot(w, i));
                }
                sent = writeAll(worker.toWorker, &q, sizeof q);
            } else {
                // A task with no inputs (fill) has all it needs once the request is read: it
                // starts before the request is sent, or the worker could mark its data
                // received before it started.
                const double asked = now();
                sent = writeAll(worker.toWorker, &q, sizeof q);
                for (std::int64_t i = 0; sent && m_upfront && i < k; ++i) {
                    m_result.tasks[std::size_t(first + i)].start =
                        m_work.inputArrays() > 0 ? now() : asked;
                    const auto o = m_items[std::size_t(first + i)].view();
                    for (int j = 0; sent && j < m_work.inputArrays(); ++j)
                        sent = writeAll(worker.toWorker, m_work.input(o, j), m_work.arrayBytes());
                }
            }
            if (m_upfront) {
                tally.sendSeconds += monotonicSeconds() - sendStart;
                tally.bytesSent += k * m_work.inputArrays() * std::int64_t(m_work.arrayBytes());
            }
            Reply r;
            if (!sent || !readAll(worker.fromWorker, &r, sizeof r)) {
                fail(workerGone(w, fmt::format("during task {}", first)));
                return;
            }
            if (r.say == Say::Failed) {
                std::string text(std::size_t(std::clamp<std::int64_t>(r.bytes, 0, 4096)), '\0');
                readAll(worker.fromWorker, text.data(), text.size());
                fail(text);
                return;
            }
            times.resize(std::size_t(k));
            if (r.say != Say::Done || r.bytes != std::int64_t(times.size() * sizeof(TaskTimes)) ||
                !readAll(worker.fromWorker, times.data(), std::size_t(r.bytes))) {
                fail(workerGone(w, fmt::format("during task {}", first)));
                return;
            }
            if (!collect(w, first, times))
                return;
        }
    }

    void copyInputs(OperandView from, OperandView to) const {
        for (int j = 0; j < m_work.inputArrays(); ++j)
            std::memcpy(m_work.input(to, j), m_work.input(from, j), m_work.arrayBytes());
    }

    // Takes a chunk's results: the times, and up front the products, each checked once back.
    bool collect(int w, std::int64_t first, const std::vector<TaskTimes>& times) {
        auto& worker = m_workers[std::size_t(w)];
        auto& tally = m_tally[std::size_t(w)];
        // Receiving is timed per product, checks excluded: from the reply (or the previous
        // product's end) to this product being in the main program's array.
        double mark = monotonicSeconds();
        for (std::size_t i = 0; i < times.size(); ++i) {
            const std::int64_t t = first + std::int64_t(i);
            auto& rec = m_result.tasks[std::size_t(t)];
            const auto& tt = times[i];
            rec.worker = w;
            if (!m_upfront)
                rec.start = tt.start;
            rec.dataEnd = tt.dataEnd;
            rec.end = tt.end;
            double value = tt.value;
            if (m_upfront) {
                const auto o = m_items[std::size_t(t)].view();
                if (m_work.outputArrays() > 0) {
                    double* product = m_work.output(o);
                    if (m_shared)
                        std::memcpy(product, m_work.output(m_shared->slot(w, std::int64_t(i))),
                                    m_work.arrayBytes());
                    else if (!readAll(worker.fromWorker, product, m_work.arrayBytes())) {
                        fail(workerGone(w, fmt::format("sending back task {}", t)));
                        return false;
                    }
                    tally.bytesReceived += std::int64_t(m_work.arrayBytes());
                }
                const double back = monotonicSeconds();
                tally.receiveSeconds += back - mark;
                rec.returned = std::max(rec.end, back - m_t0);
                value = m_work.resultValue(o, tt.value);
                if (m_spec.verify)
                    if (auto wrong = m_work.verify(o, t)) {
                        fail(*wrong);
                        return false;
                    }
                if (m_check && m_spec.workload == Workload::Gemm)
                    m_check(t, o.a, o.b, o.c, m_spec.size);
                mark = monotonicSeconds();
            } else {
                rec.returned = std::max(rec.end, mark - m_t0);
            }
            m_values[std::size_t(t)] = value;
        }
        return true;
    }

    // Every worker is asked to stop first, then each one's figures are read and it is reaped:
    // their exits overlap instead of following one another.
    void stopWorkers(WorkerStats& sum) {
        const Request q{Ask::Stop, 0, 0, 0};
        for (std::size_t w = 0; w < m_workers.size(); ++w)
            if (!writeAll(m_workers[w].toWorker, &q, sizeof q)) {
                fail(workerGone(int(w), "while stopping"));
                return;
            }
        for (std::size_t w = 0; w < m_workers.size(); ++w) {
            auto& worker = m_workers[w];
            Reply r;
            WorkerStats s;
            if (!readAll(worker.fromWorker, &r, sizeof r) || r.say != Say::Stats ||
                !readAll(worker.fromWorker, &s, sizeof s)) {
                fail(workerGone(int(w), "while stopping"));
                return;
            }
            int status = 0;
            while (::waitpid(worker.pid, &status, 0) < 0 && errno == EINTR) {
            }
            worker.pid = -1;
            sum.cpuSeconds += s.cpuSeconds;
            sum.ctxVoluntary += s.ctxVoluntary;
            sum.ctxInvoluntary += s.ctxInvoluntary;
            sum.peakRssBytes += s.peakRssBytes;
        }
    }

    // Why worker `w` stopped answering: its end, reaped here.
    std::string workerGone(int w, const std::string& when) {
        auto& worker = m_workers[std::size_t(w)];
        std::lock_guard lock(m_reapMutex);
        if (worker.pid <= 0)
            return fmt::format("pool worker {} stopped answering {}", w + 1, when);
        int status = 0;
        pid_t r;
        while ((r = ::waitpid(worker.pid, &status, 0)) < 0 && errno == EINTR) {
        }
        const pid_t pid = worker.pid;
        worker.pid = -1;
        if (r == pid && WIFSIGNALED(status))
            return fmt::format("pool worker {} (pid {}) was killed by signal {} ({}) {}", w + 1,
                               pid, WTERMSIG(status), ::strsignal(WTERMSIG(status)), when);
        if (r == pid && WIFEXITED(status))
            return fmt::format("pool worker {} (pid {}) exited with code {} {}", w + 1, pid,
                               WEXITSTATUS(status), when);
        return fmt::format("pool worker {} (pid {}) stopped answering {}", w + 1, pid, when);
    }

    void fail(const std::string& why) {
        std::lock_guard lock(m_failureMutex);
        if (m_failure.empty())
            m_failure = why;
        m_failed.store(true);
    }

    void throwIfFailed() {
        if (!m_failed.load())
            return;
        killWorkers();
        throw std::runtime_error(m_failure);
    }

    void killWorkers() {
        for (auto& w : m_workers) {
            if (w.pid > 0) {
                ::kill(w.pid, SIGKILL);
                int status = 0;
                while (::waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
                }
                w.pid = -1;
            }
            for (int* fd : {&w.toWorker, &w.fromWorker, &w.ends.in, &w.ends.out})
                if (*fd >= 0) {
                    ::close(*fd);
                    *fd = -1;
                }
        }
    }

    const RunSpec& m_spec;
    const TaskCheck& m_check;
    TaskWork m_work;
    const bool m_upfront;
    std::vector<Worker> m_workers;
    std::vector<Tally> m_tally;
    std::optional<SharedSlots> m_shared;
    std::vector<Operands> m_items; // up front: every task's arrays, made by the main program
    std::vector<double> m_values;
    RepetitionResult m_result;
    double m_t0 = 0;
    std::atomic<std::int64_t> m_next{0};
    std::atomic<bool> m_failed{false};
    std::mutex m_failureMutex, m_reapMutex;
    std::string m_failure;
};

} // namespace

RepetitionResult executeProcessRepetition(const RunSpec& spec, const TaskCheck& check) {
    ProcessPoolRun run(spec, check);
    return run.run();
}

} // namespace threadmix
