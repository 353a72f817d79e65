// What one task does; see taskwork.h.
#include "core/measure/taskwork.h"

#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include <cstdio>

#include <algorithm>
#include <vector>

#include "core/measure/blas.h"
#include "core/measure/repetition.h"
#include "core/measure/rng.h"
#include "core/measure/testseam.h"

namespace threadmix {
namespace {

RepetitionSeam g_seam;
constexpr std::size_t kHugePage = std::size_t(2) << 20;

} // namespace

void setRepetitionSeam(RepetitionSeam seam) {
    g_seam = seam;
}

Buffer allocateBuffer(std::int64_t elements) {
    const std::size_t bytes = std::size_t(elements) * sizeof(double);
    const std::size_t alignment = bytes >= 2 * kHugePage ? kHugePage : 64;
    auto* p = static_cast<double*>(::operator new[](bytes, std::align_val_t(alignment)));
    if (alignment == kHugePage)
        ::madvise(p, bytes / kHugePage * kHugePage, MADV_HUGEPAGE);
    return Buffer(p, AlignedFree{alignment});
}

ProcessUsage usageNow() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    const auto tv = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) * 1e-6; };
    return {tv(u.ru_utime) + tv(u.ru_stime), u.ru_nvcsw, u.ru_nivcsw};
}

ProcessUsage operator-(const ProcessUsage& a, const ProcessUsage& b) {
    return {a.cpuSeconds - b.cpuSeconds, a.ctxVoluntary - b.ctxVoluntary,
            a.ctxInvoluntary - b.ctxInvoluntary};
}

std::int64_t ownPeakRssBytes() {
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
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return std::int64_t(u.ru_maxrss) * 1024;
}

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

TaskWork::TaskWork(const RunSpec& spec) : m_spec(spec), m_elements(spec.operandElements()) {}

int TaskWork::inputArrays() const {
    switch (m_spec.workload) {
    case Workload::Gemm:
    case Workload::Dot:
        return 2;
    case Workload::Fill:
        return 0;
    }
    return 0;
}

int TaskWork::outputArrays() const {
    return m_spec.workload == Workload::Dot ? 0 : 1;
}

int TaskWork::callThreads() const {
    return m_spec.threadControl == ThreadControl::PerCall ? m_spec.blasThreads : 0;
}

void TaskWork::allocate(Operands& o) const {
    o.a = allocateBuffer(m_elements);
    if (m_spec.workload != Workload::Fill)
        o.b = allocateBuffer(m_elements);
    if (m_spec.workload == Workload::Gemm)
        o.c = allocateBuffer(m_elements);
}

void TaskWork::touch(OperandView o) const {
    for (double* p : {o.a, o.b, o.c})
        if (p)
            std::fill_n(p, m_elements, 0.0);
}

void TaskWork::warmUp() {
    if (m_spec.workload == Workload::Gemm) {
        double x[64] = {}, y[64] = {}, z[64] = {};
        blas::gemm(8, x, y, z, callThreads());
    } else if (m_spec.workload == Workload::Dot) {
        double x[8] = {}, y[8] = {};
        m_sink += blas::dot(8, x, y, m_spec.blasThreads);
    }
}

void TaskWork::makeData(OperandView o, std::int64_t task, bool upfront) const {
    const auto n = std::size_t(m_elements);
    auto init = [&](double* p, Operand which) {
        if (m_spec.init == Init::Ones)
            std::fill_n(p, n, 1.0);
        else
            fillUniform(p, n, streamKey(m_spec.seed, task, which));
    };
    switch (m_spec.workload) {
    case Workload::Gemm:
        init(o.a, Operand::A);
        init(o.b, Operand::B);
        // gemm with beta = 0 never reads C. Up front, C is touched here so that its page
        // faults count as making data; in-task buffers were touched before the timing.
        if (upfront)
            std::fill_n(o.c, n, 0.0);
        break;
    case Workload::Dot:
        init(o.a, Operand::A);
        init(o.b, Operand::B);
        break;
    case Workload::Fill:
        init(o.a, Operand::A);
        break;
    }
}

double TaskWork::operate(OperandView o, std::int64_t task) const {
    if (g_seam.beforeTask)
        g_seam.beforeTask(task);
    switch (m_spec.workload) {
    case Workload::Gemm:
        blas::gemm(m_spec.size, o.a, o.b, o.c, callThreads());
        return 0;
    case Workload::Dot:
        return blas::dot(m_elements, o.a, o.b, m_spec.blasThreads);
    case Workload::Fill:
        std::fill_n(o.a, std::size_t(m_elements), 0.0);
        return 0;
    }
    return 0;
}

double TaskWork::observe(OperandView o, std::int64_t task, double operated) const {
    if (m_spec.workload == Workload::Gemm && g_seam.afterTask)
        g_seam.afterTask(task, o.c, m_spec.size);
    return resultValue(o, operated);
}

double TaskWork::resultValue(OperandView o, double operated) const {
    switch (m_spec.workload) {
    case Workload::Gemm:
        return o.c[0] + o.c[std::size_t(m_elements - 1)];
    case Workload::Dot:
        return operated;
    case Workload::Fill:
        return o.a[0];
    }
    return 0;
}

std::optional<std::string> TaskWork::verify(OperandView o, std::int64_t task) const {
    if (m_spec.workload != Workload::Gemm || productLooksRight(o.a, o.b, o.c, m_spec.size))
        return std::nullopt;
    return "wrong result: the product of task " + std::to_string(task) +
           " failed the Freivalds check against A*(B*x)";
}

} // namespace threadmix
