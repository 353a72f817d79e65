// Parent side of isolation: spawn, wait, classify the ending, parse the child's record.
#include "core/run/isolatedrunner.h"

#include <unistd.h>

#include <climits>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/base/jsontext.h"

#include "core/measure/childmain.h"
#include "core/measure/kernels.h"

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

namespace {

// The knobs that must be in place before the child's libraries start, after `env` (the
// runner's extra environment).
std::vector<std::string> childEnvironment(std::vector<std::string> env, int nice,
                                          const RunSpec& spec) {
    if (nice > 0)
        env.push_back(std::string(kChildNiceVariable) + "=" + std::to_string(nice));
    if (spec.waitPolicy != WaitPolicy::Default)
        env.push_back(spec.waitPolicy == WaitPolicy::Active ? "OMP_WAIT_POLICY=ACTIVE"
                                                            : "OMP_WAIT_POLICY=PASSIVE");
    for (auto& e : libraryEnvironment(spec, true))
        env.push_back(std::move(e));
    if (spec.pin) {
        env.push_back("OMP_PROC_BIND=close");
        env.push_back("OMP_PLACES=cores");
    }
    return env;
}

// Why the child cannot start for this spec, or "" with `program` set to the worker to run.
std::string findChildProgram(const RunSpec& spec, const std::string& blisWorker,
                             std::string& program) {
    const auto& lib = facts(spec.blasLibrary);
    if (!libraryInstalled(spec.blasLibrary))
        return fmt::format("{} is not installed ({}/{}; Debian package {})", lib.name,
                           blas::libraryDirectory(spec.blasLibrary), lib.soname, lib.package);
    program = childProgramFor(spec.blasLibrary, blisWorker);
    if (program.empty())
        return std::string(workerName(lib.family)) + " was not found beside " + blisWorker;
    return {};
}

// A child that did not exit by itself: its outcome says how it ended. False when it exited
// and its record is to be read.
bool endedEarly(const ChildProcess::Outcome& end, const ChildProcess& child,
                RepetitionOutcome& outcome) {
    switch (end.end) {
    case ChildProcess::End::Cancelled:
        outcome.status = RunStatus::Cancelled;
        outcome.reason = fmt::format("cancelled after {:.2f} s", end.seconds);
        return true;
    case ChildProcess::End::TimedOut:
        outcome.status = RunStatus::TimedOut;
        outcome.reason = fmt::format("stopped at the time budget after {:.2f} s", end.seconds);
        return true;
    case ChildProcess::End::Signalled:
        // Stopped from outside, as a Slurm job's processes are when it is preempted, requeued
        // or cancelled (SIGTERM to all of them): not the configuration's failure. Cancelled
        // results are not journalled, so a resumed run measures it again.
        if (end.code == SIGTERM || end.code == SIGINT || end.code == SIGHUP) {
            outcome.status = RunStatus::Cancelled;
            outcome.reason = fmt::format("stopped from outside by signal {} ({}) after {:.2f} s",
                                         end.code, ::strsignal(end.code), end.seconds);
            return true;
        }
        outcome.reason = withStderr(fmt::format("the child process was killed by signal {} ({})",
                                                end.code, ::strsignal(end.code)),
                                    child.err());
        return true;
    case ChildProcess::End::Exited:
        break;
    }
    return false;
}

// The record an exited child printed, into `outcome`; `spawned` is when it was started.
void readChildRecord(const ChildProcess::Outcome& end, const ChildProcess& child, double spawned,
                     RepetitionOutcome& outcome) {
    nlohmann::json record;
    try {
        record = nlohmann::json::parse(child.out());
    } catch (const std::exception&) {
        outcome.reason = withStderr(
            fmt::format("the child process exited with code {} without a readable result",
                        end.code),
            child.err());
        return;
    }
    try {
        if (!record.value("ok", false)) {
            outcome.reason = record.value("reason", std::string("the child process failed"));
            return;
        }
        outcome.result = record.at("rep").get<RepetitionResult>();
        outcome.result.startupSeconds = record.at("entered").get<double>() - spawned;
        outcome.result.transferSeconds = monotonicSeconds() - record.at("measured").get<double>();
        outcome.status = RunStatus::Ok;
    } catch (const std::exception& e) {
        outcome.reason = std::string("the child process sent a malformed result: ") + e.what();
    }
}

} // namespace

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
    std::string program;
    outcome.reason = findChildProgram(spec, m_program, program);
    if (!outcome.reason.empty())
        return outcome;
    const auto env = childEnvironment(m_env, m_nice, spec);
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
    if (!endedEarly(end, child, outcome))
        readChildRecord(end, child, spawned, outcome);
    return outcome;
}

bool libraryInstalled(BlasLibrary library) {
    const auto& lib = facts(library);
    return ::access((blas::libraryDirectory(library) + "/" + std::string(lib.soname)).c_str(),
                    R_OK) == 0;
}

} // namespace threadmix
