// Asking each BLAS library what it is, in its own worker process.
#include "core/run/libraryprobe.h"

#include <cstdlib>
#include <map>
#include <mutex>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "core/base/clock.h"
#include "core/measure/childmain.h"
#include "core/run/childprocess.h"
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
    const std::string program = lib.family == BlasFamily::OpenBlas
                                    ? openblasChildProgram(defaultChildProgram())
                                    : defaultChildProgram();
    if (program.empty()) {
        p.problem = "threadmix-worker-openblas was not found beside " + defaultChildProgram();
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
    } catch (const std::exception& e) {
        p.problem = std::string("could not be asked: ") + e.what();
    }
    return p;
}

std::mutex g_mutex;
std::map<BlasLibrary, LibraryProbe> g_probes;
std::optional<KernelChoice> g_openblasChoice;

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

KernelChoice autoOpenBlasKernel() {
    {
        std::lock_guard lock(g_mutex);
        if (g_openblasChoice)
            return *g_openblasChoice;
    }
    // Every OpenBLAS variant is the same DYNAMIC_ARCH build: ask the first one installed.
    std::string pick, version;
    for (auto lib : {BlasLibrary::OpenBlasPthreads, BlasLibrary::OpenBlasOpenMP,
                     BlasLibrary::OpenBlasSerial}) {
        const auto p = probeLibrary(lib);
        if (p.problem.empty()) {
            pick = p.info.kernel;
            version = p.info.version;
            break;
        }
    }
    // The probe ran with the environment's OPENBLAS_CORETYPE removed: `pick` is the library's.
    auto c = chooseOpenBlasKernel(
        pick, std::getenv("OPENBLAS_CORETYPE"), blas::runnableOpenBlasKernels(), version,
        loadKernelCalibration(BlasFamily::OpenBlas, version, blas::openblasKernelNames()));
    std::lock_guard lock(g_mutex);
    g_openblasChoice = c;
    return c;
}

void forgetAutoOpenBlasKernel() {
    std::lock_guard lock(g_mutex);
    g_openblasChoice.reset();
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
               fmt::format("{}", fmt::join(blas::runnableOpenBlasKernels(), ", ")) +
               " (--kernel NAME; OPENBLAS_CORETYPE)\n";
    return out;
}

} // namespace threadmix
