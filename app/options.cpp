// The shared options of the measuring subcommands and their one translation into plan options.
#include "app/options.h"

#include <algorithm>
#include <tuple>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/machine/kernelchoice.h"
#include "core/machine/machineinfo.h"
#include "core/measure/kernels.h"
#include "core/run/isolatedrunner.h"
#include "core/run/libraryprobe.h"
#include "core/spec/limits.h"

namespace threadmix::app {
namespace {

// "blis-openmp (default), blis-pthreads, openblas-pthreads (what numpy on Debian uses), ...",
// from the library table.
std::string libraryNames() {
    std::vector<std::string> names;
    for (const auto& f : allBlasLibraries())
        names.push_back(std::string(f.name) + (f.library == builtBlasLibrary() ? " (default)"
                                               : f.library == BlasLibrary::OpenBlasPthreads
                                                   ? " (what numpy on Debian uses)"
                                                   : ""));
    return fmt::format("{}", fmt::join(names, ", "));
}

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

} // namespace

void addCommonOptions(CLI::App* cmd, CommonOptions& t, bool threads) {
    auto plan = [&](CLI::Option* opt, const char* valueName, const char* group) {
        t.planOptions.push_back(opt);
        return opt->type_name(valueName)->group(group);
    };
    plan(cmd->add_option(
             "--workload", t.workload,
             "gemm (matrix multiplies, default), dot (vector dot products: BLAS threads do "
             "not help) or fill (array fills: a pool does not help)"),
         "gemm|dot|fill", "Workload");
    plan(cmd->add_option("--count", t.count,
                         fmt::format("How many tasks: matrix pairs, vector pairs or arrays (1..{})",
                                     limits::kMaxCount)),
         "N", "Workload");
    plan(cmd->add_option(
             "--size", t.size,
             fmt::format("Matrix side n for gemm and fill (1..{}); vector length for dot "
                         "(1..{})",
                         limits::kMaxMatrixSize, limits::kMaxVectorLength)),
         "N", "Workload");
    if (threads) {
        plan(cmd->add_option("--workers", t.workers,
                             fmt::format("Pool worker threads, each running one task at a time "
                                         "(1..{}, default 1)",
                                         limits::kMaxWorkers)),
             "N", "Threads");
        plan(cmd->add_option(
                 "--blas-threads", t.blasThreads,
                 fmt::format("BLIS threads inside each operation (1..{}) or auto = logical "
                             "CPUs, as OpenBLAS does by default. BLIS's own default is 1 "
                             "thread (default 1)",
                             limits::kMaxBlasThreads)),
             "N|auto", "Threads");
    }
    plan(cmd->add_option(
             "--data", t.data,
             "upfront: make all data before the operations; in-task: each task makes its "
             "own (default: as the tutorial row did; upfront for run and sweep)"),
         "upfront|in-task", "Workload");
    plan(cmd->add_option("--init", t.init, "random (default) or ones"), "random|ones", "Workload");
    plan(cmd->add_option("--chunk", t.chunk,
                         "Tasks a worker takes at once, like Python's map chunksize "
                         "(1..count, default 1)"),
         "N", "Threads");
    plan(cmd->add_option("--repeats", t.repeats,
                         fmt::format("Counted repetitions per configuration (1..{}, default {})",
                                     limits::kMaxRepeats, RunSpec{}.repeats)),
         "N", "Measurement");
    plan(cmd->add_option("--warmup", t.warmup,
                         fmt::format("Uncounted warm-up repetitions first (0..{}, default {})",
                                     limits::kMaxWarmup, RunSpec{}.warmup)),
         "N", "Measurement");
    plan(
        cmd->add_option("--budget", t.budget,
                        fmt::format("Seconds one configuration may take, warm-up included; past it "
                                    "the configuration is stopped and recorded as timed out "
                                    "({}..{}; default {:.0f}). A sweep cell gets {}",
                                    limits::kMinBudget, limits::kMaxBudget,
                                    defaults::kBudgetSeconds,
                                    cellBudgetRule(defaults::kSweepBudgetFactor,
                                                   Plan().minDerivedBudget))),
        "SECONDS", "Measurement");
    plan(cmd->add_option("--seed", t.seed,
                         fmt::format("Seed of the random data (default {})", RunSpec{}.seed)),
         "N", "Workload");
    plan(cmd->add_option(
             "--kernel,--blis-kernel", t.kernel,
             "Kernel, in the library's own names: auto, or a BLIS configuration (" +
                 fmt::format("{}", fmt::join(blas::kernelNames(BlasFamily::Blis), ", ")) +
                 ") and/or an OPENBLAS_CORETYPE value (" +
                 fmt::format("{}", fmt::join(blas::kernelNames(BlasFamily::OpenBlas), ", ")) +
                 "), comma-separated, one per family. auto = for BLIS the kernel measured "
                 "fastest by threadmix info --calibrate, else BLIS's pick; for OpenBLAS "
                 "OPENBLAS_CORETYPE if set, else OpenBLAS's pick; either with a fallback for "
                 "a CPU the library does not know replaced (see threadmix info)"),
         "auto|NAME[,NAME]", "Threading knobs");
    cmd->add_option("--json", t.files.json, "Write all results, per-task records included, as JSON")
        ->type_name("FILE")
        ->group("Output");
    cmd->add_option("--csv", t.files.csv, "Write one CSV row per configuration")
        ->type_name("FILE")
        ->group("Output");
    cmd->add_option("--markdown", t.files.markdown, "Write the comparison table as Markdown")
        ->type_name("FILE")
        ->group("Output");
    plan(cmd->add_option(
             "--wait-policy", t.waitPolicy,
             "OpenMP wait policy of the BLIS threads: default, passive (sleep when idle) or "
             "active (spin); set per child process through OMP_WAIT_POLICY"),
         "default|passive|active", "Threading knobs");
    plan(cmd->add_option(
             "--blas-library", t.blasLibrary,
             "BLAS library the children load, or a comma-separated list: the plan runs once per "
             "library, interleaved, and results are grouped by library. " +
                 libraryNames()),
         "LIB[,LIB...]", "Threading knobs");
    plan(cmd->add_option(
             "--thread-control", t.threadControl,
             "per-call (each multiply gets its own BLIS rntm_t; BLIS only) or process-wide (one "
             "setting for the whole process, as numpy and threadpoolctl users get: "
             "bli_thread_set_num_threads, openblas_set_num_threads). Default: per-call for "
             "BLIS, process-wide for OpenBLAS, which has nothing else"),
         "per-call|process-wide", "Threading knobs");
    t.planOptions.push_back(
        cmd->add_flag("--pin", t.pin,
                      "Bind pool workers to cores and BLIS threads close to them (OMP_PROC_BIND)")
            ->group("Threading knobs"));
    cmd->add_option("--png", t.png,
                    "Also draw the charts (timing bars; sweeps add the heat map) into this PNG, "
                    "with a caption; no display needed")
        ->type_name("FILE")
        ->group("Output");
    cmd->add_option("--png-scale", t.pngScale, "Pixel density of --png: 1 or 2 (default 2)")
        ->type_name("1|2")
        ->group("Output");
    t.planOptions.push_back(
        cmd->add_flag("--verify", t.verify,
                      "Check every product with a Freivalds test (adds O(n^2) work per task)")
            ->group("Measurement"));
    cmd->add_flag("--no-progress", t.noProgress, "No progress line on a terminal")->group("Output");
    cmd->add_flag("--dry-run", t.dryRun,
                  "Plan without measuring: print the configurations in run order and an "
                  "estimated duration (from one quick repetition of the first); with --json, "
                  "write them as a result file whose configurations have status planned")
        ->group("Output");
    cmd->add_option("--resume", t.resume,
                    "Continue an interrupted or killed run from its journal (the path it printed, "
                    "or one under ~/.local/state/threadmix): configurations already measured are "
                    "kept, the rest are run. The plan comes from the journal")
        ->type_name("JOURNAL")
        ->group("Output");
}

CLI::Option* addPlanOption(CLI::App* cmd, CommonOptions& o, const std::string& name,
                           std::optional<std::string>& into, const std::string& valueName,
                           const std::string& help) {
    auto* opt = cmd->add_option(name, into, help)->type_name(valueName)->group("Workload");
    o.planOptions.push_back(opt);
    return opt;
}

std::string firstPlanOptionGiven(const CommonOptions& o) {
    for (const auto* opt : o.planOptions)
        if (opt->count() > 0)
            return opt->get_name();
    return {};
}

std::string readPlanOptions(const CommonOptions& t, PlanOptions& o) {
    std::string err;
    o.logicalCpus = logicalCpuCount();
    o.physicalCores = physicalCoreCount();
    RunSpec& s = o.base;
    // Named choices: the option's text must be one of the names its type knows.
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
    if (!err.empty())
        return err;
    if (t.blasThreads && !take(limits::parseThreads("--blas-threads", *t.blasThreads,
                                                    limits::kMaxBlasThreads, o.logicalCpus),
                               s.blasThreads, err))
        return err;
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
    if (t.blasLibrary) {
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
        s.blasLibrary = o.libraries.front();
    }
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

} // namespace threadmix::app
