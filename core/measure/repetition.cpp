// The measured body of a repetition: pool, data, BLIS calls, rusage deltas, task timeline.
#include "core/measure/repetition.h"

#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/measure/blas.h"
#include "core/measure/rng.h"
#include "core/measure/taskpool.h"

namespace threadmix {
namespace {

// Large operands are aligned to 2 MiB and marked for transparent huge pages, as numpy does
// for arrays of 4 MiB and more: 512x fewer page faults when data is made.
constexpr std::size_t kHugePage = std::size_t(2) << 20;

struct AlignedFree {
    std::size_t alignment = 64;
    void operator()(double* p) const { ::operator delete[](p, std::align_val_t(alignment)); }
};
using Buffer = std::unique_ptr<double[], AlignedFree>;

Buffer allocate(std::int64_t elements) {
    const std::size_t bytes = std::size_t(elements) * sizeof(double);
    const std::size_t alignment = bytes >= 2 * kHugePage ? kHugePage : 64;
    auto* p = static_cast<double*>(::operator new[](bytes, std::align_val_t(alignment)));
    if (alignment == kHugePage)
        ::madvise(p, bytes / kHugePage * kHugePage, MADV_HUGEPAGE);
    return Buffer(p, AlignedFree{alignment});
}

// The operands of one task, or of one worker when data is made in-task.
struct Operands {
    Buffer a, b, c;
};

double tv(const timeval& t) {
    return double(t.tv_sec) + double(t.tv_usec) * 1e-6;
}

void commitFault(Fault fault) {
    switch (fault) {
    case Fault::Crash:
        // A hard crash even under sanitizers, which otherwise turn SIGSEGV into a report.
        std::signal(SIGSEGV, SIG_DFL);
        std::raise(SIGSEGV);
        break;
    case Fault::Abort:
        std::fputs("threadmix: injected abort (test fault)\n", stderr);
        std::abort();
    case Fault::Hang:
        for (;;)
            std::this_thread::sleep_for(std::chrono::seconds(1));
    case Fault::None:
    case Fault::WrongResult:
        break;
    }
}

// Binds the calling thread to the n-th CPU this process may use (wrapping around).
void pinToCpu(int n) {
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0)
        return;
    std::vector<int> cpus;
    for (int c = 0; c < CPU_SETSIZE; ++c)
        if (CPU_ISSET(c, &allowed))
            cpus.push_back(c);
    if (cpus.empty())
        return;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpus[std::size_t(n) % cpus.size()], &one);
    pthread_setaffinity_np(pthread_self(), sizeof one, &one);
}

// This process's own peak resident set. Not ru_maxrss: exec copies the parent's high-water
// mark into it (posix_spawn shares the parent's memory until exec), so a child of a big parent
// would report the parent's peak. VmHWM belongs to the address space made at exec.
std::int64_t ownPeakRssBytes(const rusage& fallback) {
    std::FILE* f = std::fopen("/proc/self/status", "r");
    if (f) {
        char line[256];
        while (std::fgets(line, sizeof line, f)) {
            long long kib = 0;
            if (std::sscanf(line, "VmHWM: %lld kB", &kib) == 1) {
                std::fclose(f);
                return std::int64_t(kib) * 1024;
            }
        }
        std::fclose(f);
    }
    return std::int64_t(fallback.ru_maxrss) * 1024;
}

class RepetitionExecutor {
public:
    RepetitionExecutor(const RunSpec& spec, const TaskCheck& check)
        : m_spec(spec), m_check(check), m_elements(m_spec.operandElements()) {}

    RepetitionResult run() {
        m_result.tasks.resize(std::size_t(m_spec.count));
        m_taskSums.assign(std::size_t(m_spec.count), 0.0);
        const bool upfront = m_spec.data == DataPlacement::Upfront;
        if (upfront)
            m_items.resize(std::size_t(m_spec.count));
        else
            m_items.resize(std::size_t(m_spec.workers));

        TaskPool pool(m_spec.workers, [&](int worker) { prepareWorker(worker); });

        rusage before{};
        getrusage(RUSAGE_SELF, &before);
        const double t0 = monotonicSeconds();
        m_t0 = t0;
        double dataPhaseEnd = t0;
        if (upfront) {
            pool.run(m_spec.count, 1, [&](std::int64_t t, int) { makeData(m_items[t], t); });
            dataPhaseEnd = monotonicSeconds();
            pool.run(m_spec.count, m_spec.chunk, [&](std::int64_t t, int w) {
                auto& rec = m_result.tasks[std::size_t(t)];
                rec.worker = w;
                rec.start = rec.dataEnd = monotonicSeconds() - m_t0;
                operate(m_items[std::size_t(t)], t);
                rec.end = monotonicSeconds() - m_t0;
                afterOperate(m_items[std::size_t(t)], t);
            });
        } else {
            pool.run(m_spec.count, m_spec.chunk, [&](std::int64_t t, int w) {
                auto& rec = m_result.tasks[std::size_t(t)];
                auto& mine = m_items[std::size_t(w)];
                rec.worker = w;
                rec.start = monotonicSeconds() - m_t0;
                makeData(mine, t);
                rec.dataEnd = monotonicSeconds() - m_t0;
                operate(mine, t);
                rec.end = monotonicSeconds() - m_t0;
                afterOperate(mine, t);
            });
        }
        const double t1 = monotonicSeconds();
        rusage after{};
        getrusage(RUSAGE_SELF, &after);

        if (!m_verifyError.empty())
            throw std::runtime_error(m_verifyError);

        auto& r = m_result;
        r.wallSeconds = t1 - t0;
        if (upfront) {
            r.dataPhaseSeconds = dataPhaseEnd - t0;
            r.dataSeconds = r.dataPhaseSeconds;
            r.computeSeconds = t1 - dataPhaseEnd;
        } else {
            double data = 0, total = 0;
            for (const auto& rec : r.tasks) {
                data += rec.dataEnd - rec.start;
                total += rec.end - rec.start;
            }
            const double share = total > 0 ? data / total : 0.0;
            r.dataSeconds = r.wallSeconds * share;
            r.computeSeconds = r.wallSeconds - r.dataSeconds;
        }
        r.cpuSeconds =
            (tv(after.ru_utime) - tv(before.ru_utime)) + (tv(after.ru_stime) - tv(before.ru_stime));
        r.ctxVoluntary = after.ru_nvcsw - before.ru_nvcsw;
        r.ctxInvoluntary = after.ru_nivcsw - before.ru_nivcsw;
        r.peakRssBytes = ownPeakRssBytes(after);
        r.checksum = 0;
        for (double s : m_taskSums)
            r.checksum += s;
        return std::move(m_result);
    }

private:
    void allocateOperands(Operands& o) const {
        o.a = allocate(m_elements);
        if (m_spec.workload != Workload::Fill)
            o.b = allocate(m_elements);
        if (m_spec.workload == Workload::Gemm)
            o.c = allocate(m_elements);
    }

    // 0 = the process-wide setting (made once in the child before the pool starts).
    int callThreads() const {
        return m_spec.threadControl == ThreadControl::PerCall ? m_spec.blasThreads : 0;
    }

    void prepareWorker(int worker) {
        if (m_spec.pin)
            pinToCpu(worker);
        // The first BLIS call of a thread builds its thread team and packing pools; make it
        // here, untimed, as a numpy user's process has done long before their timing starts.
        if (m_spec.workload == Workload::Gemm) {
            double x[64] = {}, y[64] = {}, z[64] = {};
            blas::gemm(8, x, y, z, callThreads());
        } else if (m_spec.workload == Workload::Dot) {
            double x[8] = {}, y[8] = {};
            m_sink += blas::dot(8, x, y, m_spec.blasThreads);
        }
        if (m_spec.data == DataPlacement::InTask) {
            // Each worker reuses its own operands; touch them now so page faults are not timed.
            auto& o = m_items[std::size_t(worker)];
            allocateOperands(o);
            for (double* p : {o.a.get(), o.b.get(), o.c.get()})
                if (p)
                    std::fill_n(p, m_elements, 0.0);
        }
    }

    void makeData(Operands& o, std::int64_t task) const {
        if (!o.a)
            allocateOperands(o);
        const auto n = std::size_t(m_elements);
        auto init = [&](double* p, Operand which) {
            if (m_spec.init == Init::Ones)
                std::fill_n(p, n, 1.0);
            else
                fillUniform(p, n, streamKey(m_spec.seed, task, which));
        };
        switch (m_spec.workload) {
        case Workload::Gemm:
            init(o.a.get(), Operand::A);
            init(o.b.get(), Operand::B);
            // gemm with beta = 0 never reads C. Up front, C is touched here so that its page
            // faults count as making data; in-task buffers were touched before the timing.
            if (m_spec.data == DataPlacement::Upfront)
                std::fill_n(o.c.get(), n, 0.0);
            break;
        case Workload::Dot:
            init(o.a.get(), Operand::A);
            init(o.b.get(), Operand::B);
            break;
        case Workload::Fill:
            init(o.a.get(), Operand::A);
            break;
        }
    }

    void operate(Operands& o, std::int64_t task) {
        if (task == 0 && m_spec.fault != Fault::None && m_spec.fault != Fault::WrongResult)
            commitFault(m_spec.fault);
        const auto n = m_spec.size;
        switch (m_spec.workload) {
        case Workload::Gemm:
            blas::gemm(n, o.a.get(), o.b.get(), o.c.get(), callThreads());
            break;
        case Workload::Dot:
            m_taskSums[std::size_t(task)] =
                blas::dot(m_elements, o.a.get(), o.b.get(), m_spec.blasThreads);
            break;
        case Workload::Fill:
            std::fill_n(o.a.get(), std::size_t(m_elements), 0.0);
            break;
        }
    }

    // Outside the task's timing: checks and the observable result.
    void afterOperate(Operands& o, std::int64_t task) {
        const auto n = m_spec.size;
        if (m_spec.workload == Workload::Gemm) {
            if (m_spec.fault == Fault::WrongResult && task == 0)
                o.c[std::size_t(n * n / 2)] += 1.0;
            m_taskSums[std::size_t(task)] = o.c[0] + o.c[std::size_t(n * n - 1)];
            if (m_spec.verify && !productLooksRight(o.a.get(), o.b.get(), o.c.get(), n))
                reportWrong(task);
            if (m_check)
                m_check(task, o.a.get(), o.b.get(), o.c.get(), n);
        } else if (m_spec.workload == Workload::Fill) {
            m_taskSums[std::size_t(task)] = o.a[0];
        }
    }

    void reportWrong(std::int64_t task) {
        std::lock_guard lock(m_errorMutex);
        if (m_verifyError.empty())
            m_verifyError = "wrong result: the product of task " + std::to_string(task) +
                            " failed the Freivalds check against A*(B*x)";
    }

    const RunSpec& m_spec;
    const TaskCheck& m_check;
    const std::int64_t m_elements;
    std::vector<Operands> m_items;
    std::vector<double> m_taskSums;
    RepetitionResult m_result;
    double m_t0 = 0;
    std::atomic<double> m_sink{0};
    std::mutex m_errorMutex;
    std::string m_verifyError;
};

} // namespace

bool productLooksRight(const double* a, const double* b, const double* c, std::int64_t n) {
    const auto un = std::size_t(n);
    std::vector<double> x(un), bx(un, 0.0);
    for (std::size_t i = 0; i < un; ++i)
        x[i] = (i % 2 == 0) ? 1.0 : -1.0;
    for (std::size_t i = 0; i < un; ++i) {
        double s = 0;
        for (std::size_t k = 0; k < un; ++k)
            s += b[i * un + k] * x[k];
        bx[i] = s;
    }
    for (std::size_t i = 0; i < un; ++i) {
        double abx = 0, cx = 0, scale = 0;
        for (std::size_t k = 0; k < un; ++k) {
            abx += a[i * un + k] * bx[k];
            cx += c[i * un + k] * x[k];
            scale += std::abs(c[i * un + k]);
        }
        // Round-off grows with n; a real error (a wrong element) is far larger.
        if (std::abs(abx - cx) > 1e-10 * double(n) * (scale + 1.0))
            return false;
    }
    return true;
}

RepetitionResult executeRepetition(const RunSpec& spec, const TaskCheck& check) {
    RepetitionExecutor executor(spec, check);
    return executor.run();
}

void to_json(nlohmann::json& j, const RepetitionResult& r) {
    auto tasks = nlohmann::json::array();
    for (const auto& t : r.tasks)
        tasks.push_back({t.worker, t.start, t.dataEnd, t.end});
    j = nlohmann::json{{"seconds", r.wallSeconds},
                       {"data_seconds", r.dataSeconds},
                       {"compute_seconds", r.computeSeconds},
                       {"data_phase_seconds", r.dataPhaseSeconds},
                       {"cpu_seconds", r.cpuSeconds},
                       {"ctx_voluntary", r.ctxVoluntary},
                       {"ctx_involuntary", r.ctxInvoluntary},
                       {"peak_rss_bytes", r.peakRssBytes},
                       {"startup_seconds", r.startupSeconds},
                       {"transfer_seconds", r.transferSeconds},
                       {"checksum", r.checksum},
                       {"blas_threading", r.blasThreading},
                       {"blas_kernel", r.blasKernel},
                       {"blas_version", r.blasVersion},
                       {"blas_path", r.blasLibraryPath},
                       {"tasks", std::move(tasks)}};
}

void from_json(const nlohmann::json& j, RepetitionResult& r) {
    r.wallSeconds = j.at("seconds").get<double>();
    r.dataSeconds = j.value("data_seconds", 0.0);
    r.computeSeconds = j.value("compute_seconds", 0.0);
    r.dataPhaseSeconds = j.value("data_phase_seconds", 0.0);
    r.cpuSeconds = j.value("cpu_seconds", 0.0);
    r.ctxVoluntary = j.value("ctx_voluntary", std::int64_t(0));
    r.ctxInvoluntary = j.value("ctx_involuntary", std::int64_t(0));
    r.peakRssBytes = j.value("peak_rss_bytes", std::int64_t(0));
    r.startupSeconds = j.value("startup_seconds", 0.0);
    r.transferSeconds = j.value("transfer_seconds", 0.0);
    r.checksum = j.value("checksum", 0.0);
    r.blasThreading = j.value("blas_threading", std::string());
    r.blasKernel = j.value("blas_kernel", std::string());
    r.blasVersion = j.value("blas_version", std::string());
    r.blasLibraryPath = j.value("blas_path", std::string());
    r.tasks.clear();
    if (j.contains("tasks")) {
        for (const auto& t : j.at("tasks")) {
            // [worker, start, data_end, end]
            if (!t.is_array() || t.size() != 4)
                throw std::invalid_argument("a task record must be [worker, start, data_end, end]");
            TaskRecord rec;
            rec.worker = t[0].get<std::int32_t>();
            rec.start = t[1].get<double>();
            rec.dataEnd = t[2].get<double>();
            rec.end = t[3].get<double>();
            r.tasks.push_back(rec);
        }
    }
}

} // namespace threadmix
