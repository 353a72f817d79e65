// Asking each BLAS library what it is, in its own worker process.
#include "core/run/libraryprobe.h"

#include <cstdlib>
#include <map>
#include <mutex>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "core/base/clock.h"
#include "core/machine/peakcache.h"
#include "core/measure/childmain.h"
#include "core/base/childprocess.h"
#include "core/run/isolatedrunner.h"

namespace threadmix {
namespace {

LibraryProbe ask(BlasLibrary library) {
    LibraryProbe p;
    p.library = library;
    const auto& lib = facts(library);
    p.installed = libraryInstalled(library);
    if (!p.installed) {
        p.problem = "not installed (Debian package " + std::string(lib.package) + ")";
        return p;
    }
    const std::string program = childProgramFor(library, defaultChildProgram());
    if (program.empty()) {
        p.problem =
            std::string(workerName(lib.family)) + " was not found beside " + currentExecutable();
        return p;
    }
    RunSpec spec;
    spec.blasLibrary = library;
    ChildProcess child;
    std::vector<std::string> env = libraryEnvironment(spec, false);
    if (auto st = child.start(program, {kDescribeVerb}, env); !st) {
        p.problem = st.error();
        return p;
    }
    const auto end = child.wait(monotonicSeconds() + 20.0, {});
    try {
        if (end.end != ChildProcess::End::Exited || end.code != 0)
            throw std::runtime_error("it did not start: " + child.err());
        const auto j = nlohmann::json::parse(child.out());
        p.info.family = j.at("family").get<std::string>();
        p.info.version = j.at("version").get<std::string>();
        p.info.threading = j.at("threading").get<std::string>();
        p.info.kernel = j.at("kernel").get<std::string>();
        p.info.library = j.at("path").get<std::string>();
        p.info.config = j.value("config", std::string());
        p.info.defaultThreads = j.value("default_threads", 1);
        p.info.kernels = j.value("kernels", std::vector<std::string>());
    } catch (const std::exception& e) {
        p.problem = std::string("could not be asked: ") + e.what();
    }
    return p;
}

std::mutex g_mutex;
std::map<BlasLibrary, LibraryProbe> g_probes;

} // namespace

LibraryProbe probeLibrary(BlasLibrary library) {
    {
        std::lock_guard lock(g_mutex);
        if (auto it = g_probes.find(library); it != g_probes.end())
            return it->second;
    }
    auto p = ask(library);
    std::lock_guard lock(g_mutex);
    return g_probes.emplace(library, std::move(p)).first->second;
}

std::vector<LibraryProbe> probeAllLibraries() {
    std::vector<LibraryProbe> out;
    for (const auto& f : allBlasLibraries())
        out.push_back(probeLibrary(f.library));
    return out;
}

namespace {

std::map<BlasFamily, KernelChoice> g_choices;

// The library of a family `auto` is worked out for: the BLIS variant this program is built
// with; for OpenBLAS, every variant is the same DYNAMIC_ARCH build, so the first installed.
std::optional<LibraryProbe> probeOfFamily(BlasFamily family) {
    std::optional<LibraryProbe> first;
    for (const auto& f : allBlasLibraries()) {
        if (f.family != family)
            continue;
        if (family == BlasFamily::Blis && f.library != builtBlasLibrary())
            continue;
        auto p = probeLibrary(f.library);
        if (p.problem.empty())
            return p;
        if (!first)
            first = p;
    }
    return first;
}

KernelChoice computeAutoKernel(BlasFamily family) {
    const auto p = probeOfFamily(family);
    if (!p || !p->problem.empty()) {
        KernelChoice c;
        c.source = family == BlasFamily::Blis ? "blis" : "openblas";
        c.reason = p ? std::string(facts(p->library).name) + " " + p->problem
                     : std::string("no library of the family");
        return c;
    }
    // OpenBLAS was asked with OPENBLAS_CORETYPE removed, BLIS with BLIS_ARCH_TYPE as it is
    // (a number only BLIS can name): see libraryEnvironment.
    const auto& info = p->info;
    return chooseKernel(family, info.kernel,
                        std::getenv(std::string(blas::kernelVariable(family)).c_str()),
                        blas::runnableKernels(family, info.kernels), info.version,
                        loadKernelCalibration(family, info.version, info.kernels));
}

} // namespace

KernelChoice autoKernel(BlasFamily family) {
    {
        std::lock_guard lock(g_mutex);
        if (auto it = g_choices.find(family); it != g_choices.end())
            return it->second;
    }
    auto c = computeAutoKernel(family);
    std::lock_guard lock(g_mutex);
    return g_choices.emplace(family, std::move(c)).first->second;
}

KernelChoice autoOpenBlasKernel() {
    return autoKernel(BlasFamily::OpenBlas);
}

void forgetAutoKernel(BlasFamily family) {
    std::lock_guard lock(g_mutex);
    g_choices.erase(family);
}

void forgetAutoOpenBlasKernel() {
    forgetAutoKernel(BlasFamily::OpenBlas);
}

std::vector<std::string> runnableKernels(BlasFamily family) {
    const auto p = probeOfFamily(family);
    return blas::runnableKernels(family, p && p->problem.empty() ? p->info.kernels
                                                                 : std::vector<std::string>());
}

MachineInfo collectMachineInfo() {
    MachineInfo m = collectHardwareInfo();
    const auto blis = probeLibrary(builtBlasLibrary());
    m.blasVersion = blis.info.version;
    m.blasThreading = blis.info.threading;
    m.blasLibrary = blis.problem.empty() ? blis.info.library : blis.problem;
    m.blasDefaultThreads = blis.info.defaultThreads;
    const auto kernel = autoKernel();
    m.blasKernelDetected = kernel.detected;
    m.blasKernel = kernel.kernel;
    m.blasKernelReason = kernel.reason;
    m.blasKernelSource = kernel.source;
    if (const auto peak = loadPeak(m)) {
        m.peakGflops = peak->gflops;
        m.peakMethod =
            fmt::format("best of 3 repetitions of 2 multiplies of {0}x{0} on {1} BLAS threads, {2}",
                        peak->size, peak->threads, peak->date);
    }
    return m;
}

std::string librariesReport() {
    const auto blis = autoKernel();
    std::string out = "BLAS libraries   (each asked in its own process; --blas-library NAME)\n";
    bool anyOpenBlas = false;
    for (const auto& p : probeAllLibraries()) {
        const auto& f = facts(p.library);
        if (!p.problem.empty()) {
            out += fmt::format("  {:<18} {}\n", f.name, p.problem);
            continue;
        }
        const bool isBlis = f.family == BlasFamily::Blis;
        anyOpenBlas = anyOpenBlas || !isBlis;
        const auto choice = isBlis ? blis : autoOpenBlasKernel();
        out += fmt::format("  {:<18} {} {}, {}, picks {}; ThreadMix runs {}{}\n", f.name,
                           p.info.family, p.info.version,
                           p.info.threading == "none" ? std::string("no threads of its own")
                                                      : p.info.threading + " threads",
                           p.info.kernel, choice.kernel.empty() ? p.info.kernel : choice.kernel,
                           choice.kernel == p.info.kernel ? "" : " (" + choice.reason + ")");
        out += fmt::format("  {:<18} {}{}\n", "", p.info.library,
                           f.perCallThreads ? ", threads per call"
                                            : ", threads per process only (OPENBLAS_NUM_THREADS)");
    }
    if (anyOpenBlas)
        out += "  OpenBLAS kernels this CPU runs: " +
               fmt::format("{}", fmt::join(runnableKernels(BlasFamily::OpenBlas), ", ")) +
               " (--kernel NAME; OPENBLAS_CORETYPE)\n";
    return out;
}

} // namespace threadmix
