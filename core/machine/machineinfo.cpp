// Machine context from hwloc (cores, caches), sched affinity, cgroup v2 and BLIS.
#include "core/machine/machineinfo.h"

#include "core/base/cpuset.h"

#include <sched.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <ctime>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <hwloc.h>
#include <nlohmann/json.hpp>
#include <omp.h>

#include "core/machine/kernelchoice.h"
#include "core/machine/peakcache.h"
#include "core/version.h"

extern char** environ;

namespace threadmix {
namespace {

struct Topology {
    int pus = 1;
    int cores = 1;
    int packages = 1;
    std::string model;
    std::vector<CacheInfo> caches;
};

// Counts only what the process may run on, so a restricted affinity or a container is honest.
Topology readTopology() {
    Topology t;
    hwloc_topology_t topo;
    if (hwloc_topology_init(&topo) != 0)
        return t;
    hwloc_topology_set_flags(topo, HWLOC_TOPOLOGY_FLAG_RESTRICT_TO_CPUBINDING);
    if (hwloc_topology_load(topo) == 0) {
        t.pus = std::max(1, hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PU));
        t.cores = std::max(1, hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_CORE));
        t.packages = std::max(1, hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PACKAGE));
        for (int i = 0; i < hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PACKAGE) && t.model.empty();
             ++i) {
            const char* m = hwloc_obj_get_info_by_name(
                hwloc_get_obj_by_type(topo, HWLOC_OBJ_PACKAGE, unsigned(i)), "CPUModel");
            if (m)
                t.model = m;
        }
        const hwloc_obj_type_t types[] = {HWLOC_OBJ_L1CACHE, HWLOC_OBJ_L2CACHE, HWLOC_OBJ_L3CACHE};
        for (auto type : types) {
            const int n = hwloc_get_nbobjs_by_type(topo, type);
            if (n <= 0)
                continue;
            const hwloc_obj_t o = hwloc_get_obj_by_type(topo, type, 0);
            CacheInfo c;
            c.level = int(o->attr->cache.depth);
            c.type = o->attr->cache.type == HWLOC_OBJ_CACHE_DATA          ? "data"
                     : o->attr->cache.type == HWLOC_OBJ_CACHE_INSTRUCTION ? "instruction"
                                                                          : "unified";
            c.bytes = o->attr->cache.size;
            c.count = n;
            t.caches.push_back(c);
        }
    }
    hwloc_topology_destroy(topo);
    return t;
}

const Topology& topology() {
    static const Topology t = readTopology();
    return t;
}

std::string firstLine(const char* path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
}

std::string compilerName() {
#if defined(__clang__)
    return fmt::format("clang {}.{}.{}", __clang_major__, __clang_minor__, __clang_patchlevel__);
#elif defined(__GNUC__)
    return fmt::format("gcc {}.{}.{}", __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__);
#else
    return "unknown";
#endif
}

} // namespace

int logicalCpuCount() {
    return topology().pus;
}
int physicalCoreCount() {
    return topology().cores;
}

std::string isoTimestampUtc() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

MachineInfo collectHardwareInfo() {
    MachineInfo m;
    const auto& t = topology();
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    m.hostname = host;
    m.cpuModel = t.model.empty() ? "unknown" : t.model;
    m.logicalCpus = t.pus;
    m.physicalCores = t.cores;
    m.packages = t.packages;
    m.caches = t.caches;
    m.affinity = allowedCpusText();
    m.cgroupCpuMax = firstLine("/sys/fs/cgroup/cpu.max");
    {
        std::istringstream in(m.cgroupCpuMax);
        std::string quota;
        double period = 0;
        if (in >> quota >> period && quota != "max" && period > 0)
            m.cgroupCpuLimit = std::stod(quota) / period;
    }
    m.memoryBytes = std::uint64_t(sysconf(_SC_PHYS_PAGES)) * std::uint64_t(sysconf(_SC_PAGESIZE));
    utsname u{};
    if (uname(&u) == 0)
        m.os = fmt::format("{} {} {}", u.sysname, u.release, u.machine);
    m.compiler = compilerName();
    m.openmp = std::to_string(_OPENMP);
    for (char** e = environ; e && *e; ++e) {
        const std::string entry(*e);
        const auto eq = entry.find('=');
        const auto name = entry.substr(0, eq);
        for (const char* prefix : {"OMP_", "GOMP_", "BLIS_", "KMP_", "OPENBLAS_", "GOTO_", "MKL_"})
            if (name.rfind(prefix, 0) == 0)
                m.environment[name] = eq == std::string::npos ? "" : entry.substr(eq + 1);
    }
    m.date = isoTimestampUtc();
    m.threadmixVersion = kVersion;
    return m;
}

void to_json(nlohmann::json& j, const MachineInfo& m) {
    auto caches = nlohmann::json::array();
    for (const auto& c : m.caches)
        caches.push_back(
            {{"level", c.level}, {"type", c.type}, {"bytes", c.bytes}, {"count", c.count}});
    j = nlohmann::json{{"hostname", m.hostname},
                       {"cpu_model", m.cpuModel},
                       {"logical_cpus", m.logicalCpus},
                       {"physical_cores", m.physicalCores},
                       {"packages", m.packages},
                       {"caches", caches},
                       {"affinity", m.affinity},
                       {"cgroup_cpu_max", m.cgroupCpuMax},
                       {"cgroup_cpu_limit", m.cgroupCpuLimit},
                       {"memory_bytes", m.memoryBytes},
                       {"os", m.os},
                       {"blas",
                        {{"library", "BLIS"},
                         {"version", m.blasVersion},
                         {"threading", m.blasThreading},
                         {"kernel", m.blasKernel},
                         {"kernel_detected", m.blasKernelDetected},
                         {"kernel_reason", m.blasKernelReason},
                         {"kernel_source", m.blasKernelSource},
                         {"path", m.blasLibrary},
                         {"default_threads", m.blasDefaultThreads}}},
                       {"peak_gflops", m.peakGflops},
                       {"peak_method", m.peakMethod},
                       {"compiler", m.compiler},
                       {"openmp", m.openmp},
                       {"environment", m.environment},
                       {"date", m.date},
                       {"threadmix_version", m.threadmixVersion}};
}

void from_json(const nlohmann::json& j, MachineInfo& m) {
    m.hostname = j.value("hostname", std::string());
    m.cpuModel = j.value("cpu_model", std::string("unknown"));
    m.logicalCpus = j.value("logical_cpus", 1);
    m.physicalCores = j.value("physical_cores", 1);
    m.packages = j.value("packages", 1);
    m.caches.clear();
    if (j.contains("caches"))
        for (const auto& c : j.at("caches"))
            m.caches.push_back(CacheInfo{c.value("level", 0), c.value("type", std::string()),
                                         c.value("bytes", std::uint64_t(0)), c.value("count", 0)});
    m.affinity = j.value("affinity", std::string());
    m.cgroupCpuMax = j.value("cgroup_cpu_max", std::string());
    m.cgroupCpuLimit = j.value("cgroup_cpu_limit", 0.0);
    m.memoryBytes = j.value("memory_bytes", std::uint64_t(0));
    m.os = j.value("os", std::string());
    if (j.contains("blas")) {
        const auto& b = j.at("blas");
        m.blasVersion = b.value("version", std::string());
        m.blasThreading = b.value("threading", std::string());
        m.blasKernel = b.value("kernel", std::string());
        m.blasKernelDetected = b.value("kernel_detected", std::string());
        m.blasKernelReason = b.value("kernel_reason", std::string());
        m.blasKernelSource = b.value("kernel_source", std::string());
        m.blasLibrary = b.value("path", std::string());
        m.blasDefaultThreads = b.value("default_threads", 1);
    }
    m.peakGflops = j.value("peak_gflops", 0.0);
    m.peakMethod = j.value("peak_method", std::string());
    m.compiler = j.value("compiler", std::string());
    m.openmp = j.value("openmp", std::string());
    m.environment = j.value("environment", std::map<std::string, std::string>());
    m.date = j.value("date", std::string());
    m.threadmixVersion = j.value("threadmix_version", std::string());
}

} // namespace threadmix
