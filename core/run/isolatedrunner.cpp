// Parent side of isolation: spawn, wait, classify the ending, parse the child's record.
#include "core/run/isolatedrunner.h"

#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/base/jsontext.h"

#include "core/measure/childmain.h"
#include "core/measure/kernels.h"
#include "core/run/childprocess.h"

namespace threadmix {
namespace {

std::string tail(const std::string& text, std::size_t max = 600) {
    std::string t = text.size() > max ? "..." + text.substr(text.size() - max) : text;
    while (!t.empty() && (t.back() == '\n' || t.back() == ' '))
        t.pop_back();
    return t;
}

std::string withStderr(std::string reason, const std::string& err) {
    const auto t = tail(err);
    if (!t.empty())
        reason += "; it said: " + t;
    return reason;
}

} // namespace

std::string currentExecutable() {
    char buf[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    return n > 0 ? std::string(buf, std::size_t(n)) : std::string("/proc/self/exe");
}

namespace {

std::string besideOf(const std::string& path, std::string_view name) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? std::string()
                                      : path.substr(0, slash + 1) + std::string(name);
}

} // namespace

std::string_view workerName(BlasFamily family) {
    return family == BlasFamily::Blis ? "threadmix-worker" : "threadmix-worker-openblas";
}

std::string defaultChildProgram() {
    // Missing, it makes the child's start fail with a message that names it.
    return besideOf(currentExecutable(), workerName(BlasFamily::Blis));
}

std::string childProgramFor(BlasLibrary library, const std::string& blisWorker) {
    const auto family = facts(library).family;
    if (family == BlasFamily::Blis)
        return blisWorker;
    // Beside the BLIS worker first: a test's own worker folder keeps its OpenBLAS worker too.
    for (const auto& near : {blisWorker, currentExecutable()}) {
        const auto worker = besideOf(near, workerName(family));
        if (!worker.empty() && ::access(worker.c_str(), X_OK) == 0)
            return worker;
    }
    return {};
}

std::vector<std::string> libraryEnvironment(const RunSpec& spec, bool measuring) {
    std::vector<std::string> env;
    const auto& lib = facts(spec.blasLibrary);
    // Point the loader at the variant's folder unless the executable's RUNPATH already does.
    const bool linked = lib.family == BlasFamily::Blis
                            ? spec.blasLibrary == builtBlasLibrary()
                            : spec.blasLibrary == BlasLibrary::OpenBlasPthreads;
    if (!linked) {
        const char* old = std::getenv("LD_LIBRARY_PATH");
        env.push_back("LD_LIBRARY_PATH=" + blas::libraryDirectory(spec.blasLibrary) +
                      (old && *old ? ":" + std::string(old) : ""));
    }
    if (lib.family == BlasFamily::OpenBlas) {
        // Read when the library loads, before main(): only the environment can say it. The
        // thread count is the process-wide one numpy users set (OpenBLAS has no other).
        // Not measuring (a probe): what the library picks by itself, environment aside.
        if (!spec.kernel.empty() || !measuring)
            env.push_back("OPENBLAS_CORETYPE=" + spec.kernel);
        if (measuring) {
            env.push_back("OPENBLAS_NUM_THREADS=" + std::to_string(spec.blasThreads));
            if (lib.threading == "openmp")
                env.push_back("OMP_NUM_THREADS=" + std::to_string(spec.blasThreads));
        }
    }
    return env;
}

IsolatedRunner::IsolatedRunner(std::string program)
    : m_program(program.empty() ? defaultChildProgram() : std::move(program)) {}

RepetitionOutcome IsolatedRunner::runOnce(const RunSpec& spec, double deadline,
                                          std::stop_token stop) const {
    RepetitionOutcome outcome;
    if (stop.stop_requested()) {
        outcome.status = RunStatus::Cancelled;
        outcome.reason = "cancelled before it started";
        return outcome;
    }
    // The knobs that must be in place before the child's libraries start.
    std::vector<std::string> env = m_env;
    if (m_nice > 0)
        env.push_back(std::string(kChildNiceVariable) + "=" + std::to_string(m_nice));
    if (spec.waitPolicy != WaitPolicy::Default)
        env.push_back(spec.waitPolicy == WaitPolicy::Active ? "OMP_WAIT_POLICY=ACTIVE"
                                                            : "OMP_WAIT_POLICY=PASSIVE");
    const auto& lib = facts(spec.blasLibrary);
    if (!libraryInstalled(spec.blasLibrary)) {
        outcome.reason =
            fmt::format("{} is not installed ({}/{}; Debian package {})", lib.name,
                        blas::libraryDirectory(spec.blasLibrary), lib.soname, lib.package);
        return outcome;
    }
    const std::string program = childProgramFor(spec.blasLibrary, m_program);
    if (program.empty()) {
        outcome.reason = std::string(workerName(lib.family)) + " was not found beside " + m_program;
        return outcome;
    }
    for (auto& e : libraryEnvironment(spec, true))
        env.push_back(std::move(e));
    if (spec.pin) {
        env.push_back("OMP_PROC_BIND=close");
        env.push_back("OMP_PLACES=cores");
    }
    ChildProcess child;
    const double spawned = monotonicSeconds();
    const auto started = child.start(
        program, {kChildVerb, jsonText(nlohmann::json(spec)), std::to_string(::getpid())}, env);
    if (!started) {
        outcome.reason = started.error();
        return outcome;
    }
    const auto end = child.wait(deadline, stop);
    outcome.seconds = end.seconds;
    switch (end.end) {
    case ChildProcess::End::Cancelled:
        outcome.status = RunStatus::Cancelled;
        outcome.reason = fmt::format("cancelled after {:.2f} s", end.seconds);
        return outcome;
    case ChildProcess::End::TimedOut:
        outcome.status = RunStatus::TimedOut;
        outcome.reason = fmt::format("stopped at the time budget after {:.2f} s", end.seconds);
        return outcome;
    case ChildProcess::End::Signalled:
        outcome.reason = withStderr(fmt::format("the child process was killed by signal {} ({})",
                                                end.code, ::strsignal(end.code)),
                                    child.err());
        return outcome;
    case ChildProcess::End::Exited:
        break;
    }
    nlohmann::json record;
    try {
        record = nlohmann::json::parse(child.out());
    } catch (const std::exception&) {
        outcome.reason = withStderr(
            fmt::format("the child process exited with code {} without a readable result",
                        end.code),
            child.err());
        return outcome;
    }
    try {
        if (!record.value("ok", false)) {
            outcome.reason = record.value("reason", std::string("the child process failed"));
            return outcome;
        }
        outcome.result = record.at("rep").get<RepetitionResult>();
        outcome.result.startupSeconds = record.at("entered").get<double>() - spawned;
        outcome.result.transferSeconds = monotonicSeconds() - record.at("measured").get<double>();
        outcome.status = RunStatus::Ok;
    } catch (const std::exception& e) {
        outcome.reason = std::string("the child process sent a malformed result: ") + e.what();
    }
    return outcome;
}

bool libraryInstalled(BlasLibrary library) {
    const auto& lib = facts(library);
    return ::access((blas::libraryDirectory(library) + "/" + std::string(lib.soname)).c_str(),
                    R_OK) == 0;
}

} // namespace threadmix
