// The machine report shown by `threadmix info`.
#include "core/machine/machinereport.h"

#include <fmt/format.h>

#include "core/spec/limits.h"

namespace threadmix {

std::string kernelSummary(const MachineInfo& m) {
    if (m.blasKernelSource == "measured")
        return fmt::format("{} (measured fastest here; BLIS picks {})", m.blasKernel,
                           m.blasKernelDetected);
    if (m.blasKernelSource == "fallback")
        return fmt::format("{} (BLIS would fall back to {} on this CPU)", m.blasKernel,
                           m.blasKernelDetected);
    if (m.blasKernelSource == "environment")
        return fmt::format("{} (BLIS_ARCH_TYPE)", m.blasKernel);
    if (m.blasKernelSource == "blis")
        return fmt::format("{} (BLIS's pick)", m.blasKernel);
    return m.blasKernel; // files from before the source was recorded
}

namespace {
// CPU names come padded ("Turin-like Processor          "): one space between words.
std::string tidy(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == ' ' && (out.empty() || out.back() == ' '))
            continue;
        out += c;
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}
} // namespace

std::string cpuLine(const MachineInfo& m) {
    return fmt::format("{}, {} physical cores, {} logical CPUs", tidy(m.cpuModel), m.physicalCores,
                       m.logicalCpus);
}

std::string machineLine(const MachineInfo& m) {
    return fmt::format("{}, {} physical cores, {} logical CPUs; BLIS {} {}, kernel {}",
                       tidy(m.cpuModel), m.physicalCores, m.logicalCpus, m.blasVersion,
                       m.blasThreading, kernelSummary(m));
}

std::string machineReport(const MachineInfo& m, std::uint64_t availableBytes) {
    std::string caches;
    for (const auto& c : m.caches)
        caches += fmt::format("{}L{} {} {}", caches.empty() ? "" : ", ", c.level, c.type,
                              limits::formatBytes(double(c.bytes))) +
                  (c.count > 1 ? fmt::format(" x{}", c.count) : "");
    std::string env;
    for (const auto& [k, v] : m.environment)
        env += fmt::format("{}{}={}", env.empty() ? "" : " ", k, v);
    return fmt::format(
        "ThreadMix {}\n"
        "CPU              {}\n"
        "Physical cores   {}\n"
        "Logical CPUs     {} (affinity {})\n"
        "CPU quota        {}\n"
        "Caches           {}\n"
        "Memory           {} ({} available)\n"
        "OS               {}\n"
        "BLIS             {} ({} threading), kernel {}: {}\n"
        "BLIS library     {}\n"
        "BLIS default     {} thread{} for the plain BLAS/CBLAS interface; ThreadMix "
        "sets threads per call\n"
        "DGEMM peak       {}\n"
        "Compiler         {}, OpenMP {}\n"
        "Environment      {}\n",
        m.threadmixVersion, m.cpuModel, m.physicalCores, m.logicalCpus, m.affinity,
        m.cgroupCpuLimit > 0
            ? fmt::format("{:.2f} CPUs (cgroup cpu.max {})", m.cgroupCpuLimit, m.cgroupCpuMax)
            : std::string("none"),
        caches.empty() ? "unknown" : caches, limits::formatBytes(double(m.memoryBytes)),
        limits::formatBytes(double(availableBytes)), m.os, m.blasVersion, m.blasThreading,
        kernelSummary(m), m.blasKernelReason, m.blasLibrary, m.blasDefaultThreads,
        m.blasDefaultThreads == 1 ? "" : "s",
        m.peakGflops > 0 ? fmt::format("{:.1f} GFLOP/s ({})", m.peakGflops, m.peakMethod)
                         : std::string("not calibrated yet: threadmix info --calibrate"),
        m.compiler, m.openmp, env.empty() ? "(no OMP_/GOMP_/BLIS_ variables set)" : env);
}

} // namespace threadmix
