// The machine a result file was measured on, recorded once per file.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace threadmix {

struct CacheInfo {
    int level = 0;
    std::string type; // "data", "unified", "instruction"
    std::uint64_t bytes = 0;
    int count = 0; // how many of them
    bool operator==(const CacheInfo&) const = default;
};

struct MachineInfo {
    std::string hostname;
    std::string cpuModel;
    int logicalCpus = 1;   // hardware threads the process may run on (affinity mask)
    int physicalCores = 1; // cores among them
    int packages = 1;
    std::vector<CacheInfo> caches;
    std::string affinity;      // e.g. "0-1"
    std::string cgroupCpuMax;  // e.g. "max 100000" or "200000 100000" (quota period), or ""
    double cgroupCpuLimit = 0; // quota / period in CPUs, 0 when unlimited
    std::uint64_t memoryBytes = 0;
    std::string os;
    std::string blasVersion;
    std::string blasThreading;
    std::string blasKernel;         // the kernel the measurements ran with
    std::string blasKernelDetected; // what BLIS picks by itself on this CPU
    std::string blasKernelReason;   // why the two differ, or that they do not
    std::string blasKernelSource;   // KernelChoice::source: blis, environment, fallback, measured
    std::string blasLibrary;
    int blasDefaultThreads = 1;
    double peakGflops = 0;  // calibrated DGEMM peak (threadmix info --calibrate), 0 = unknown
    std::string peakMethod; // how it was measured
    std::string compiler;
    std::string openmp;                             // OpenMP version the program was built with
    std::map<std::string, std::string> environment; // OMP_*, GOMP_*, BLIS_*, KMP_*, GOTO*
    std::string date;                               // ISO 8601 UTC, when collected
    std::string threadmixVersion;
    bool operator==(const MachineInfo&) const = default;
};

// Reads the machine (hwloc, /proc, cgroups) without its BLAS fields and peak, which come from
// the library's worker: see collectMachineInfo() (core/run/libraryprobe.h).
MachineInfo collectHardwareInfo();

// Cached counts of this machine's usable CPUs (affinity mask) and physical cores.
int logicalCpuCount();
int physicalCoreCount();

void to_json(nlohmann::json& j, const MachineInfo& m);
void from_json(const nlohmann::json& j, MachineInfo& m);

std::string isoTimestampUtc();

} // namespace threadmix
