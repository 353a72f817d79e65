// Command-line parsing (CLI11) into core plans; every value is checked by core's limits.
#include "app/cli.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/machine/kernelchoice.h"
#include "core/machine/machineinfo.h"
#include "core/machine/machinereport.h"
#include "core/measure/blas.h"
#include "core/results/comparison.h"
#include "core/results/crossover.h"
#include "core/run/headlessrun.h"
#include "core/run/interruptwatcher.h"
#include "core/run/kernelcalibration.h"
#include "core/run/peakcalibration.h"
#include "core/run/runjournal.h"
#include "core/spec/limits.h"
#include "core/spec/plan.h"
#include "core/version.h"

#ifdef THREADMIX_WITH_UI
#include "ui/uientry.h"
#endif

namespace threadmix::app {
namespace {

constexpr int kBadInput = 2;

// Raw texts as typed; core parses them so the messages are the same everywhere.
struct Texts {
    std::optional<std::string> workload, count, size, workers, blasThreads, data, init, chunk,
        repeats, warmup, budget, workersRange, blasRange, seed, fault, kernel, waitPolicy,
        blisThreading, threadControl;
    bool pin = false;
    std::string tutorial = "combine";
    std::string png;
    std::optional<std::string> pngScale;
    std::optional<std::string> resume;
    std::optional<std::string> holdFrom;
    std::string sizes = "64,128,256,512,1024";
    OutputFiles files;
    bool verify = false;
    bool noProgress = false;
};

void addCommon(CLI::App* cmd, Texts& t, bool threads) {
    cmd->add_option("--workload", t.workload,
                    "gemm (matrix multiplies, default), dot (vector dot products: BLAS threads do "
                    "not help) or fill (array fills: a pool does not help)");
    cmd->add_option("--count", t.count,
                    fmt::format("How many tasks: matrix pairs, vector pairs or arrays (1..{})",
                                limits::kMaxCount));
    cmd->add_option("--size", t.size,
                    fmt::format("Matrix side n for gemm and fill (1..{}); vector length for dot "
                                "(1..{})",
                                limits::kMaxMatrixSize, limits::kMaxVectorLength));
    if (threads) {
        cmd->add_option("--workers", t.workers,
                        fmt::format("Pool worker threads, each running one task at a time "
                                    "(1..{}, default 1)",
                                    limits::kMaxWorkers));
        cmd->add_option("--blas-threads", t.blasThreads,
                        fmt::format("BLIS threads inside each operation (1..{}) or auto = logical "
                                    "CPUs, as OpenBLAS does by default. BLIS's own default is 1 "
                                    "thread (default 1)",
                                    limits::kMaxBlasThreads));
    }
    cmd->add_option("--data", t.data,
                    "upfront: make all data before the operations; in-task: each task makes its "
                    "own (default: as the tutorial row did; upfront for run and sweep)");
    cmd->add_option("--init", t.init, "random (default) or ones");
    cmd->add_option("--chunk", t.chunk,
                    "Tasks a worker takes at once, like Python's map chunksize "
                    "(1..count, default 1)");
    cmd->add_option("--repeats", t.repeats,
                    fmt::format("Counted repetitions per configuration (1..{}, default 3)",
                                limits::kMaxRepeats));
    cmd->add_option(
        "--warmup", t.warmup,
        fmt::format("Uncounted warm-up repetitions first (0..{}, default 1)", limits::kMaxWarmup));
    cmd->add_option("--budget", t.budget,
                    fmt::format("Seconds one configuration may take, warm-up included; past it "
                                "the configuration is stopped and recorded as timed_out "
                                "({}..{}; default {:.0f}, sweeps: {:.0f}x the 1x1 cell)",
                                limits::kMinBudget, limits::kMaxBudget, defaults::kBudgetSeconds,
                                defaults::kSweepBudgetFactor));
    cmd->add_option("--seed", t.seed, "Seed of the random data (default 42)");
    cmd->add_option(
        "--blis-kernel", t.kernel,
        "BLIS kernel configuration (auto, or one of: " +
            [] {
                std::string names;
                for (const auto& k : blas::kernelNames())
                    names += (names.empty() ? "" : ", ") + k;
                return names;
            }() +
            "). auto = the kernel measured fastest by threadmix info --calibrate, else "
            "BLIS's pick, unless BLIS falls back to generic on a CPU it does not know (see "
            "threadmix info)");
    cmd->add_option("--json", t.files.json,
                    "Write all results, per-task records included, as JSON");
    cmd->add_option("--csv", t.files.csv, "Write one CSV row per configuration");
    cmd->add_option("--markdown", t.files.markdown, "Write the comparison table as Markdown");
    cmd->add_option("--wait-policy", t.waitPolicy,
                    "OpenMP wait policy of the BLIS threads: default, passive (sleep when idle) or "
                    "active (spin); set per child process through OMP_WAIT_POLICY");
    cmd->add_option("--blis-threading", t.blisThreading,
                    "BLIS threading variant the children load: openmp (default) or pthreads");
    cmd->add_option("--thread-control", t.threadControl,
                    "per-call (default: each multiply gets its own rntm_t) or process-wide (one "
                    "bli_thread_set_num_threads for the whole process, as numpy and "
                    "threadpoolctl users get)");
    cmd->add_flag("--pin", t.pin,
                  "Bind pool workers to cores and BLIS threads close to them (OMP_PROC_BIND)");
    cmd->add_option("--png", t.png,
                    "Also draw the charts (timing bars; sweeps add the heat map) into this PNG, "
                    "with a caption; no display needed");
    cmd->add_option("--png-scale", t.pngScale, "Pixel density of --png: 1 or 2 (default 2)");
    cmd->add_flag("--verify", t.verify,
                  "Check every product with a Freivalds test (adds O(n^2) work per task)");
    cmd->add_flag("--no-progress", t.noProgress, "No progress line on a terminal");
    cmd->add_option("--resume", t.resume,
                    "Continue an interrupted or killed run from its journal (the path it printed, "
                    "or one under ~/.local/state/threadmix): configurations already measured are "
                    "kept, the rest are run. The plan comes from the journal");
    // For the test suite: make every child commit a fault (crash, abort, hang, wrong-result).
    cmd->add_option("--inject-fault", t.fault)->group("");
    // For the test suite: children of configuration K (from 0) and later hang until stopped.
    cmd->add_option("--hold-from", t.holdFrom)->group("");
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

// Turns the texts into plan options; returns an error message for the first bad value.
std::string readOptions(const Texts& t, PlanOptions& o) {
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
          choose(t.blisThreading, "--blis-threading", blisThreadingFromString, s.blisThreading,
                 "openmp or pthreads"),
          choose(t.threadControl, "--thread-control", threadControlFromString, s.threadControl,
                 "per-call or process-wide"),
          choose(t.fault, "--inject-fault", faultFromString, s.fault,
                 "none, crash, abort, hang or wrong-result")})
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
    s.kernel = autoKernel().kernel;
    if (t.kernel && *t.kernel != "auto") {
        const auto names = blas::kernelNames();
        if (std::find(names.begin(), names.end(), *t.kernel) == names.end()) {
            std::string list;
            for (const auto& k : names)
                list += ", " + k;
            return fmt::format("--blis-kernel: '{}' is not a kernel of this BLIS; use auto{}.",
                               *t.kernel, list);
        }
        s.kernel = *t.kernel;
    }
    const int wideMax = 2 * o.logicalCpus;
    o.workersRange = {1, wideMax};
    o.blasRange = {1, wideMax};
    if (t.workersRange &&
        !take(limits::parseRange("--workers-range", *t.workersRange, 1, limits::kMaxWorkers),
              o.workersRange, err))
        return err;
    if (t.blasRange &&
        !take(limits::parseRange("--blas-range", *t.blasRange, 1, limits::kMaxBlasThreads),
              o.blasRange, err))
        return err;
    return {};
}

int badInput(const std::string& message) {
    std::fputs(fmt::format("threadmix: {}\n", message).c_str(), stderr);
    return kBadInput;
}

int execute(const Plan& plan, const Texts& t, const RecoveredRun* resume = nullptr) {
    if (auto st = validatePlan(plan, limits::availableMemoryBytes()); !st)
        return badInput(st.error());
    if (auto st = checkOutputs(t.files); !st)
        return badInput(st.error());
    double scale = 2.0;
    if (t.pngScale) {
        auto v = limits::parseInteger("--png-scale", *t.pngScale, 1, 2);
        if (!v)
            return badInput(v.error());
        scale = double(*v);
    }
    if (!t.png.empty()) {
#ifndef THREADMIX_WITH_UI
        return badInput(
            "--png: this threadmix was built without the Qt layer (THREADMIX_BUILD_UI=OFF)");
#endif
        if (auto st = checkOutputPath("--png", t.png); !st)
            return badInput(st.error());
    }
    std::stop_source stop;
    InterruptWatcher watcher(stop);
    HeadlessOptions options;
    options.progress = !t.noProgress && ::isatty(STDERR_FILENO);
    options.resume = resume;
    if (t.holdFrom) {
        auto k = limits::parseInteger("--hold-from", *t.holdFrom, 0, limits::kMaxSweepCells);
        if (!k)
            return badInput(k.error());
        options.holdFrom = std::size_t(*k);
    }
    ResultSet finished;
    int code = runHeadless(plan, t.files, options, stop.get_token(), &finished);
    if (plan.kind == PlanKind::Sizes && !finished.results.empty())
        std::fputs(("\n" + crossoverText(finished.results) + "\n").c_str(), stdout);
#ifdef THREADMIX_WITH_UI
    if (!t.png.empty() && !finished.results.empty()) {
        if (auto st = ui::renderResultsPng(finished, t.png, scale); !st) {
            std::fputs(fmt::format("threadmix: {}\n", st.error()).c_str(), stderr);
            code = code == 0 ? 1 : code;
        } else {
            std::fputs(fmt::format("PNG written to {}\n", t.png).c_str(), stderr);
        }
    }
#endif
    return code;
}

int printInfo(bool calibrate) {
    if (calibrate) {
        std::stop_source stop;
        InterruptWatcher watcher(stop);
        const bool terminal = ::isatty(STDERR_FILENO);
        KernelCalibrationOptions options;
        options.progress = [terminal](int done, int total, const std::string& what) {
            if (terminal)
                std::fputs(fmt::format("\r\33[KKernels: {}/{} ({})", done, total, what).c_str(),
                           stderr);
        };
        std::fputs(fmt::format("Measuring the kernels this CPU runs ({}), each in its own "
                               "process, on 1 thread and on all logical CPUs...\n",
                               fmt::join(blas::runnableKernels(), ", "))
                       .c_str(),
                   stderr);
        const auto kernels = calibrateKernels(IsolatedRunner(), stop.get_token(), options);
        if (terminal)
            std::fputs("\r\33[K", stderr);
        if (!kernels) {
            std::fputs(fmt::format("threadmix: {}\n", kernels.error()).c_str(), stderr);
            return watcher.interrupted() ? 130 : 1;
        }
        std::fputs(kernels->table().c_str(), stdout);
        if (auto st = storeKernelCalibration(*kernels); !st)
            std::fputs(
                fmt::format("threadmix: could not keep the kernel calibration: {}\n", st.error())
                    .c_str(),
                stderr);
        forgetAutoKernel();
        const auto choice = autoKernel();
        std::fputs(fmt::format("auto now means {}: {}.\n\n", choice.kernel, choice.reason).c_str(),
                   stdout);
        std::fputs(fmt::format("Calibrating the DGEMM peak with {} (2 multiplies of 3000x3000 on "
                               "all logical CPUs)...\n",
                               choice.kernel)
                       .c_str(),
                   stderr);
        const auto peak = calibratePeak(IsolatedRunner(), stop.get_token());
        if (!peak) {
            std::fputs(fmt::format("threadmix: {}\n", peak.error()).c_str(), stderr);
            return watcher.interrupted() ? 130 : 1;
        }
        if (auto st = storePeak(*peak); !st)
            std::fputs(
                fmt::format("threadmix: could not keep the calibration: {}\n", st.error()).c_str(),
                stderr);
    }
    std::fputs(machineReport(collectMachineInfo(), limits::availableMemoryBytes()).c_str(), stdout);
    return 0;
}

} // namespace

int runCommandLine(int argc, char** argv) {
    CLI::App app{"ThreadMix: should you parallelise across tasks (a pool of workers), inside each "
                 "operation (BLAS threads), or both? It measures, on this machine.\n"
                 "Every repetition runs in a fresh process; Ctrl-C stops at once and keeps what "
                 "finished.",
                 "threadmix"};
    app.set_version_flag("--version", std::string("threadmix ") + kVersion);
    app.require_subcommand(1, 1);
    app.footer("With no arguments, threadmix opens the explorer window, or runs the default "
               "study headless when there is no display.\nExit codes: 0 done, 1 a file could not "
               "be written, 2 bad input, 130 interrupted.");
    Texts t;
    auto* run = app.add_subcommand("run", "Measure one configuration");
    addCommon(run, t, true);
    auto* study = app.add_subcommand("study", "The tutorials' comparisons");
    addCommon(study, t, false);
    study->add_option("--tutorial", t.tutorial,
                      "combine (default): the five rows of 'combine BLAS threads with threading'; "
                      "pitfalls: a pool on top of BLAS threads, dot, fill");
    auto* sweep =
        app.add_subcommand("sweep", "A workers x BLAS threads grid (the heat map's data)");
    addCommon(sweep, t, false);
    sweep->add_option("--workers-range", t.workersRange,
                      "Workers axis A..B (default 1..2x logical CPUs)");
    sweep->add_option("--blas-range", t.blasRange,
                      "BLAS threads axis A..B (default 1..2x logical CPUs)");
    auto* sizes = app.add_subcommand(
        "sizes", "The best configuration as a function of matrix size: where is the crossover?");
    addCommon(sizes, t, false);
    sizes->add_option("--sizes", t.sizes,
                      "Matrix sizes, comma-separated (default 64,128,256,512,1024)");
    auto* compare =
        app.add_subcommand("compare", "Two result files side by side: A / B per configuration");
    std::string fileA, fileB;
    compare->add_option("A", fileA, "Result file A (JSON or CSV)")->required();
    compare->add_option("B", fileB, "Result file B")->required();
    auto* info = app.add_subcommand("info", "Machine, cores, BLIS build and kernel");
    bool calibrate = false;
    info->add_flag("--calibrate", calibrate,
                   "Measure every BLIS kernel this CPU runs (1 thread and all logical CPUs, "
                   "interleaved, about half a minute), make the fastest the auto choice when it "
                   "beats BLIS's own pick beyond the noise, then measure the DGEMM peak; both "
                   "are kept per machine for result files and the window");

    const std::string first = argc > 1 ? argv[1] : "";
    if (!first.empty() && first[0] != '-' && first != "run" && first != "study" &&
        first != "sweep" && first != "sizes" && first != "compare" && first != "info")
        return badInput(
            fmt::format("'{}' is not a command; use run, study, sweep, sizes, compare or info.\n"
                        "Run 'threadmix --help' for the commands and their options.",
                        argv[1]));
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::string msg = e.what();
        if (dynamic_cast<const CLI::RequiredError*>(&e))
            msg = "say what to do: run, study, sweep or info";
        return badInput(msg + "\nRun 'threadmix --help' for the commands and their options.");
    }

    if (info->parsed())
        return printInfo(calibrate);
    if (compare->parsed()) {
        const auto a = loadResultFile(fileA);
        if (!a)
            return badInput(a.error());
        const auto b = loadResultFile(fileB);
        if (!b)
            return badInput(b.error());
        std::fputs(comparisonText(*a, *b, fileA, fileB).c_str(), stdout);
        return 0;
    }

    if (t.resume) {
        for (const auto* given :
             {&t.workload, &t.count, &t.size, &t.workers, &t.blasThreads, &t.data, &t.init,
              &t.chunk, &t.repeats, &t.warmup, &t.budget, &t.workersRange, &t.blasRange, &t.seed,
              &t.kernel, &t.waitPolicy, &t.blisThreading, &t.threadControl})
            if (*given)
                return badInput("--resume: the plan comes from the journal; give only output "
                                "options (--json, --csv, --markdown, --png) with it.");
        auto recovered = readJournal(*t.resume);
        if (!recovered)
            return badInput("--resume: " + recovered.error());
        if (recovered->complete)
            return badInput("--resume: " + *t.resume +
                            " belongs to a run that ended; there is "
                            "nothing left to measure.");
        return execute(recovered->plan, t, &*recovered);
    }
    PlanOptions o;
    if (auto err = readOptions(t, o); !err.empty())
        return badInput(err);
    Plan plan;
    if (run->parsed()) {
        plan = makeRunPlan(o);
    } else if (study->parsed()) {
        if (t.tutorial == "combine")
            plan = makeCombineStudy(o);
        else if (t.tutorial == "pitfalls")
            plan = makePitfallsStudy(o);
        else
            return badInput(fmt::format("--tutorial: '{}' is not a tutorial; use combine or "
                                        "pitfalls.",
                                        t.tutorial));
    } else if (sizes->parsed()) {
        std::vector<std::int64_t> list;
        std::string rest = t.sizes;
        while (true) {
            const auto comma = rest.find(',');
            auto v =
                limits::parseInteger("--sizes", rest.substr(0, comma), 16, limits::kMaxMatrixSize);
            if (!v)
                return badInput(v.error());
            list.push_back(*v);
            if (comma == std::string::npos)
                break;
            rest = rest.substr(comma + 1);
        }
        if (!std::is_sorted(list.begin(), list.end()))
            return badInput("--sizes: give the sizes in increasing order, e.g. 64,128,256.");
        plan = makeSizeSweep(o, list);
    } else {
        const auto cells = std::int64_t(o.workersRange.second - o.workersRange.first + 1) *
                           (o.blasRange.second - o.blasRange.first + 1);
        if (cells > limits::kMaxSweepCells)
            return badInput(fmt::format("--workers-range x --blas-range gives {} cells; at most "
                                        "{} are allowed.",
                                        cells, limits::kMaxSweepCells));
        plan = makeSweep(o);
    }
    return execute(plan, t);
}

int runDefaultHeadless(int argc, char** argv) {
    (void)argc;
    char study[] = "study";
#ifdef THREADMIX_WITH_UI
    char png[] = "--png";
    char file[] = "threadmix-study.png";
    char* args[] = {argv[0], study, png, file, nullptr};
    return runCommandLine(4, args);
#else
    char* args[] = {argv[0], study, nullptr};
    return runCommandLine(2, args);
#endif
}

} // namespace threadmix::app
