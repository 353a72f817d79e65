// The plan options' one translation from text: each step checks its options (core's limits
// word the messages) and fills the plan options.
#include "app/options.h"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/machine/kernelchoice.h"
#include "core/machine/machineinfo.h"
#include "core/measure/kernels.h"
#include "core/measure/mpipool.h"
#include "core/run/isolatedrunner.h"
#include "core/run/libraryprobe.h"
#include "core/spec/limits.h"

namespace threadmix::app {
namespace {

template <typename T> bool take(const Expected<T>& v, T& into, std::string& error) {
    if (!v) {
        if (error.empty())
            error = v.error();
        return false;
    }
    into = *v;
    return true;
}

// "a,b, c" -> {"a", "b", "c"} (empty items dropped).
std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = std::min(text.find(',', start), text.size());
        auto item = text.substr(start, comma - start);
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        if (!item.empty())
            out.push_back(item);
        start = comma + 1;
    }
    return out;
}

// Named choices: the option's text must be one of the names its type knows.
std::string readChoices(const CommonOptions& t, PlanOptions& o) {
    RunSpec& s = o.base;
    auto choose = [](const std::optional<std::string>& text, const char* option, auto parse,
                     auto& into, const char* names) -> std::string {
        if (!text)
            return {};
        if (auto v = parse(*text)) {
            into = *v;
            return {};
        }
        return fmt::format("{}: '{}' is not one of {}.", option, *text, names);
    };
    for (auto problem :
         {choose(t.workload, "--workload", workloadFromString, s.workload, "gemm, dot or fill"),
          choose(t.data, "--data", placementFromString, s.data, "upfront or in-task"),
          choose(t.init, "--init", initFromString, s.init, "random or ones"),
          choose(t.waitPolicy, "--wait-policy", waitPolicyFromString, s.waitPolicy,
                 "default, passive or active"),
          choose(t.threadControl, "--thread-control", threadControlFromString, s.threadControl,
                 "per-call or process-wide")})
        if (!problem.empty())
            return problem;
    o.dataGiven = t.data.has_value();
    o.initGiven = t.init.has_value();
    s.pin = t.pin;
    return {};
}

// After readChoices: --size's range depends on the workload.
std::string readIntegers(const CommonOptions& t, PlanOptions& o) {
    RunSpec& s = o.base;
    std::string err;
    auto integer = [&](const std::optional<std::string>& text, const char* name, std::int64_t min,
                       std::int64_t max, auto& into, bool* given = nullptr) {
        if (!text || !err.empty())
            return;
        std::int64_t v = 0;
        if (take(limits::parseInteger(name, *text, min, max), v, err)) {
            into = static_cast<std::remove_reference_t<decltype(into)>>(v);
            if (given)
                *given = true;
        }
    };
    integer(t.count, "--count", 1, limits::kMaxCount, s.count, &o.countGiven);
    integer(t.size, "--size", 1, limits::maxSize(s.workload), s.size, &o.sizeGiven);
    integer(t.workers, "--workers", 1, limits::kMaxWorkers, s.workers);
    integer(t.chunk, "--chunk", 1, limits::kMaxCount, s.chunk, &o.chunkGiven);
    integer(t.repeats, "--repeats", 1, limits::kMaxRepeats, s.repeats);
    integer(t.warmup, "--warmup", 0, limits::kMaxWarmup, s.warmup);
    return err;
}

std::string readThreadsBudgetSeed(const CommonOptions& t, PlanOptions& o) {
    RunSpec& s = o.base;
    std::string err;
    if (t.blasThreads && *t.blasThreads == "auto-per-worker") {
        o.blasPerWorker = true;
        s.blasThreads = blasThreadsPerWorker(o.logicalCpus, s.workers);
    } else if (t.blasThreads && !take(limits::parseThreads("--blas-threads", *t.blasThreads,
                                                           limits::kMaxBlasThreads, o.logicalCpus),
                                      s.blasThreads, err)) {
        const auto tail = err.rfind(", or auto.");
        return tail == std::string::npos ? err : err.substr(0, tail) + ", auto or auto-per-worker.";
    }
    if (t.budget) {
        if (!take(
                limits::parseSeconds("--budget", *t.budget, limits::kMinBudget, limits::kMaxBudget),
                s.budgetSeconds, err))
            return err;
        o.budgetGiven = true;
    }
    if (t.seed && !take(limits::parseSeed("--seed", *t.seed), s.seed, err))
        return err;
    s.verify = t.verify;
    o.threadControlGiven = t.threadControl.has_value();
    return {};
}

// After readChoices (--data): the pool kinds, and how a process pool's data is sent.
std::string readPools(const CommonOptions& t, PlanOptions& o) {
    if (t.pool) {
        for (const auto& word : splitList(*t.pool)) {
            const auto kind = poolKindFromString(word);
            if (!kind)
                return fmt::format("--pool: '{}' is not one of threads, processes or mpi.", word);
            if (std::find(o.pools.begin(), o.pools.end(), *kind) != o.pools.end())
                return fmt::format("--pool: {} is named twice.", word);
            o.pools.push_back(*kind);
        }
        if (o.pools.empty())
            return "--pool: name a pool kind: threads, processes or mpi.";
        o.base.pool = o.pools.front();
    }
    const bool mpi = std::find(o.pools.begin(), o.pools.end(), PoolKind::Mpi) != o.pools.end();
    for (const auto& [given, name] :
         {std::pair{t.hosts.has_value(), "--hosts"}, std::pair{t.oversubscribe, "--oversubscribe"}})
        if (given && !mpi)
            return fmt::format("{}: only MPI ranks start on hosts; add --pool mpi.", name);
    if (t.hosts) {
        if (t.hosts->empty())
            return "--hosts: name an Open MPI hostfile.";
        // Checked here, in the option's words; the ranks' launcher reads it again.
        if (auto hosts = readHostfile(*t.hosts); !hosts)
            return "--hosts: " + hosts.error() + ".";
        o.base.hosts = *t.hosts;
    }
    o.base.oversubscribe = t.oversubscribe;
    // Ranks alone, on other hosts: the sweep's axes, its W x B = CPUs line and its estimates
    // count the CPUs the ranks get, not this machine's.
    if (mpi && o.pools.size() == 1) {
        int cpus = 0;
        if (t.hosts) {
            const auto hosts = readHostfile(*t.hosts); // read above: it is there
            for (const auto& h : *hosts)
                cpus += h.slotCount;
        } else if (const auto a = slurmAllocation()) {
            cpus = a->totalCpus();
        }
        if (cpus > 0)
            o.logicalCpus = o.physicalCores = cpus;
    }
    if (!t.transfer)
        return {};
    const auto transfer = transferFromString(*t.transfer);
    if (!transfer)
        return fmt::format("--transfer: '{}' is not one of copy or shared.", *t.transfer);
    if (std::find(o.pools.begin(), o.pools.end(), PoolKind::Processes) == o.pools.end() && !mpi)
        return "--transfer: only a process pool or MPI ranks are sent their operands; add --pool "
               "processes or --pool mpi.";
    if (mpi && *transfer == Transfer::Shared)
        return "--transfer: MPI ranks receive their operands by copy (MPI_Scatterv); shared is "
               "for --pool processes.";
    if (o.dataGiven && o.base.data == DataPlacement::InTask)
        return "--transfer: with --data in-task each worker makes its own operands and nothing is "
               "sent; use --data upfront, or leave --transfer out.";
    o.base.transfer = *transfer;
    return {};
}

std::string readLibraries(const CommonOptions& t, PlanOptions& o) {
    if (!t.blasLibrary)
        return {};
    for (const auto& word : splitList(*t.blasLibrary)) {
        const auto lib = blasLibraryFromString(word);
        if (!lib) {
            std::vector<std::string_view> names;
            for (const auto& f : allBlasLibraries())
                names.push_back(f.name);
            return fmt::format("--blas-library: '{}' is not one of {}.", word,
                               fmt::join(names, ", "));
        }
        if (std::find(o.libraries.begin(), o.libraries.end(), *lib) != o.libraries.end())
            return fmt::format("--blas-library: {} is named twice.", word);
        if (!libraryInstalled(*lib))
            return fmt::format("--blas-library: {} is not installed here ({}; Debian "
                               "package {}, which scripts/bootstrap installs).",
                               word, blas::libraryDirectory(*lib), facts(*lib).package);
        o.libraries.push_back(*lib);
    }
    if (o.libraries.empty())
        return "--blas-library: name at least one library.";
    o.base.blasLibrary = o.libraries.front();
    return {};
}

// After readLibraries: a kernel must belong to a library the plan runs.
std::string readKernels(const CommonOptions& t, PlanOptions& o) {
    RunSpec& s = o.base;
    const auto libraries =
        o.libraries.empty() ? std::vector<BlasLibrary>{s.blasLibrary} : o.libraries;
    auto uses = [&](BlasFamily f) {
        return std::any_of(libraries.begin(), libraries.end(),
                           [&](BlasLibrary b) { return facts(b).family == f; });
    };
    std::optional<std::string> blisKernel, openblasKernel;
    if (t.kernel && *t.kernel != "auto") {
        for (const auto& word : splitList(*t.kernel)) {
            const auto* blis = blas::findKernel(BlasFamily::Blis, word);
            const auto* known = blis ? blis : blas::findKernel(BlasFamily::OpenBlas, word);
            if (!known)
                return fmt::format("--kernel: '{}' is not a BLIS kernel ({}) nor an "
                                   "OPENBLAS_CORETYPE value ThreadMix knows ({}); use auto.",
                                   word, fmt::join(blas::kernelNames(BlasFamily::Blis), ", "),
                                   fmt::join(blas::kernelNames(BlasFamily::OpenBlas), ", "));
            auto& slot = blis ? blisKernel : openblasKernel;
            const std::string name(known->name);
            if (slot)
                return fmt::format("--kernel: {} and {} are kernels of the same library; "
                                   "give one per library.",
                                   *slot, name);
            slot = name;
        }
        if (blisKernel && !uses(BlasFamily::Blis))
            return fmt::format("--kernel: {} is a BLIS kernel, but --blas-library runs no BLIS.",
                               *blisKernel);
        if (openblasKernel && !uses(BlasFamily::OpenBlas))
            return fmt::format("--kernel: {} is an OpenBLAS kernel; add an openblas library to "
                               "--blas-library to use it.",
                               *openblasKernel);
    }
    // Not given: empty, and the plan builder takes the automatic kernels.
    s.kernel = blisKernel.value_or("");
    if (uses(BlasFamily::OpenBlas))
        o.openblasKernel = openblasKernel.value_or("");
    return {};
}

std::string readSweepAxes(const CommonOptions& t, PlanOptions& o) {
    std::string err;
    for (auto [text, name, max, into] :
         {std::tuple{&t.workersAxis, "--workers", limits::kMaxWorkers, &o.workersAxis},
          std::tuple{&t.workersRange, "--workers-range", limits::kMaxWorkers, &o.workersAxis},
          std::tuple{&t.blasAxis, "--blas-threads", limits::kMaxBlasThreads, &o.blasAxis},
          std::tuple{&t.blasRange, "--blas-range", limits::kMaxBlasThreads, &o.blasAxis}})
        if (*text &&
            !take(limits::parseAxis(name, **text, max, o.logicalCpus, o.physicalCores), *into, err))
            return err;
    if (t.workersAxis && t.workersRange)
        return "--workers and --workers-range say the same thing; give one of them.";
    if (t.blasAxis && t.blasRange)
        return "--blas-threads and --blas-range say the same thing; give one of them.";
    o.noSkip = t.noSkip;
    return {};
}

} // namespace

std::string readPlanOptions(const CommonOptions& t, PlanOptions& o) {
    o.logicalCpus = logicalCpuCount();
    o.physicalCores = physicalCoreCount();
    // In this order: each step may read what the ones before it set.
    for (auto step : {readChoices, readIntegers, readThreadsBudgetSeed, readPools, readLibraries,
                      readKernels, readSweepAxes})
        if (auto problem = step(t, o); !problem.empty())
            return problem;
    return {};
}

} // namespace threadmix::app
