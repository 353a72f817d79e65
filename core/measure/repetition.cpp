// The measured body of a repetition: pool, data, BLIS calls, rusage deltas, task timeline.
#include "core/measure/repetition.h"

#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <thread>

#include "core/measure/blas.h"
#include "core/measure/rng.h"
#include "core/measure/taskpool.h"
#include "core/measure/testseam.h"

namespace threadmix {
namespace {

RepetitionSeam g_seam;

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
        if (g_seam.beforeTask)
            g_seam.beforeTask(task);
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
            if (g_seam.afterTask)
                g_seam.afterTask(task, o.c.get(), n);
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

void setRepetitionSeam(RepetitionSeam seam) {
    g_seam = seam;
}

RepetitionResult executeRepetition(const RunSpec& spec, const TaskCheck& check) {
    RepetitionExecutor executor(spec, check);
    return executor.run();
}

} // namespace threadmix
