// The subcommands: each builds its plan from the shared options and hands it to measure().
#include "app/commands.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/formats/resultfile.h"
#include "core/machine/kernelchoice.h"
#include "core/machine/machineinfo.h"
#include "core/machine/machinereport.h"
#include "core/measure/mpipool.h"
#include "core/results/comparison.h"
#include "core/results/crossover.h"
#include "core/results/libraries.h"
#include "core/run/calibration.h"
#include "core/run/cluster.h"
#include "core/run/dryrun.h"
#include "core/run/headlessrun.h"
#include "core/run/interruptwatcher.h"
#include "core/run/kernelcalibration.h"
#include "core/run/libraryprobe.h"
#include "core/run/peakcalibration.h"
#include "core/run/planbuilder.h"
#include "core/spec/limits.h"

#ifdef THREADMIX_WITH_UI
#include "ui/uientry.h"
#endif

namespace threadmix::app {

int badInput(const std::string& message) {
    std::fputs(fmt::format("threadmix: {}\n", message).c_str(), stderr);
    return kBadInput;
}

namespace {

// The plan options of a subcommand, or the message of the first bad one.
Expected<PlanOptions> planOptions(const CommonOptions& o) {
    PlanOptions out;
    if (auto err = readPlanOptions(o, out); !err.empty())
        return Error{err};
    return out;
}

} // namespace

namespace {

// Every measuring subcommand: its options, read once, fill the one plan builder of core.
int measureRequest(PlanKind kind, const CommonOptions& o, std::vector<std::int64_t> sizes = {}) {
    const auto options = planOptions(o);
    if (!options)
        return badInput(options.error());
    return measure(buildPlan(PlanRequest{kind, *options, std::move(sizes)}), o);
}

} // namespace

int runCommand(const CommonOptions& o) {
    return measureRequest(PlanKind::Run, o);
}

int studyCommand(const CommonOptions& o) {
    const std::string tutorial = o.tutorial.value_or("combine");
    if (tutorial == "combine")
        return measureRequest(PlanKind::Combine, o);
    if (tutorial == "pitfalls")
        return measureRequest(PlanKind::Pitfalls, o);
    if (tutorial == "processes") {
        for (const auto& [given, name] : {std::pair{o.pool.has_value(), "--pool"},
                                          std::pair{o.transfer.has_value(), "--transfer"}})
            if (given)
                return badInput(fmt::format("{}: the processes tutorial compares threads and "
                                            "processes, and both ways of sending, itself; leave "
                                            "{} out.",
                                            name, name));
        return measureRequest(PlanKind::Processes, o);
    }
    return badInput(fmt::format(
        "--tutorial: '{}' is not a tutorial; use combine, pitfalls or processes.", tutorial));
}

int sweepCommand(const CommonOptions& o) {
    return measureRequest(PlanKind::Sweep, o);
}

int sizesCommand(const CommonOptions& o) {
    std::vector<std::int64_t> sizes;
    if (o.sizes) {
        auto parsed = limits::parseIncreasingList("--sizes", *o.sizes, 16, limits::kMaxMatrixSize);
        if (!parsed)
            return badInput(parsed.error());
        sizes = *parsed;
    }
    return measureRequest(PlanKind::Sizes, o, std::move(sizes));
}

int resumeCommand(const CommonOptions& o) {
    if (const auto given = firstPlanOptionGiven(o); !given.empty())
        return badInput(fmt::format("--resume: the plan comes from the journal; {} cannot be "
                                    "given with it (only --json, --csv, --markdown, --png).",
                                    given));
    auto recovered = readJournal(*o.resume);
    if (!recovered)
        return badInput("--resume: " + recovered.error());
    if (recovered->complete)
        return badInput("--resume: " + *o.resume +
                        " belongs to a run that ended; there is nothing left to measure.");
    return measure(recovered->plan, o, &*recovered);
}

int compareCommand(const std::string& fileA, const std::string& fileB) {
    const auto a = loadResultFile(fileA);
    if (!a)
        return badInput(a.error());
    if (fileB.empty()) {
        // One file of several libraries: the first against the second.
        const auto libs = librariesIn(a->results);
        if (libs.size() < 2)
            return badInput(fmt::format("compare: {} holds results of one BLAS library ({}); give "
                                        "a second file B, or a file run with --blas-library a,b.",
                                        fileA, libs.empty() ? "none" : toString(libs.front())));
        const auto nameA = fmt::format("{} [{}]", fileA, toString(libs[0]));
        const auto nameB = fmt::format("{} [{}]", fileA, toString(libs[1]));
        std::fputs(comparisonText(onlyLibrary(*a, libs[0]), onlyLibrary(*a, libs[1]), nameA, nameB)
                       .c_str(),
                   stdout);
        return 0;
    }
    const auto b = loadResultFile(fileB);
    if (!b)
        return badInput(b.error());
    std::fputs(comparisonText(*a, *b, fileA, fileB).c_str(), stdout);
    return 0;
}

namespace {

int dryRun(const Plan& plan, const CommonOptions& t) {
    std::fputs("Measuring one repetition of the first configuration for the estimate...\n", stderr);
    std::stop_source stop;
    InterruptWatcher watcher(stop);
    const auto estimate = estimateDuration(plan, IsolatedRunner(), stop.get_token());
    if (watcher.interrupted())
        return 130;
    std::fputs(dryRunText(plan, estimate).c_str(), stdout);
    if (t.files.any()) {
        if (auto st = writeOutputs(t.files, plannedResults(plan, collectMachineInfo())); !st) {
            std::fputs(fmt::format("threadmix: {}\n", st.error()).c_str(), stderr);
            return 1;
        }
    }
    return 0;
}

} // namespace

namespace {

std::string absolutePath(const std::string& path) {
    std::error_code ec;
    const auto p = std::filesystem::absolute(path, ec);
    return ec ? path : p.lexically_normal().string();
}

// --submit: the same command, as a Slurm job on exclusive nodes (see core/run/cluster.h).
int submit(const Plan& plan, const CommonOptions& t) {
    if (t.resume)
        return badInput("--submit: a resumed run's job is the one --submit wrote; submit the "
                        "command itself, without --resume.");
    int nodes = 1;
    if (t.nodes) {
        auto v = limits::parseInteger("--nodes", *t.nodes, 1, 10000);
        if (!v)
            return badInput(v.error());
        nodes = int(*v);
    }
    SubmitRequest r;
    r.threadmix = currentExecutable();
    r.nodes = nodes;
    r.partition = t.partition.value_or("");
    // The command again without what only the submission means; files named absolutely.
    for (std::size_t i = 0; i < t.words.size(); ++i) {
        const auto& w = t.words[i];
        if (w == "--submit" || w == "--dry-run" || w == "--no-progress")
            continue;
        if ((w == "--nodes" || w == "--partition") && i + 1 < t.words.size()) {
            ++i;
            continue;
        }
        if (w.rfind("--nodes=", 0) == 0 || w.rfind("--partition=", 0) == 0)
            continue;
        r.args.push_back(w);
        for (const char* file : {"--json", "--csv", "--markdown", "--png", "--hosts"})
            if (w == file && i + 1 < t.words.size()) {
                r.args.push_back(absolutePath(t.words[++i]));
                if (w != "--hosts")
                    r.outputs.push_back(r.args.back());
            }
    }
    if (r.outputs.empty())
        return badInput("--submit: name where the job writes its results: --json FILE (and "
                        "--png, --csv, --markdown as you like).");
    r.folder = std::filesystem::path(r.outputs.front()).parent_path().string();
    if (!t.dryRun && findOnPath("sbatch").empty())
        return badInput("--submit: Slurm's sbatch is not on PATH; run this on the cluster's "
                        "login node (Debian: slurm-client), or add --dry-run to see the script.");
    std::fputs("Measuring one repetition of the first configuration for the job's time "
               "limit...\n",
               stderr);
    std::stop_source stop;
    InterruptWatcher watcher(stop);
    const auto estimate = estimateDuration(plan, IsolatedRunner(), stop.get_token());
    if (watcher.interrupted())
        return 130;
    r.estimateSeconds = estimate.totalSeconds;
    if (t.dryRun) {
        std::fputs(sbatchScript(r).c_str(), stdout);
        return 0;
    }
    const auto job = submitJob(r);
    if (!job)
        return badInput(job.error());
    std::fputs(fmt::format("Submitted Slurm job {} ({}).\nIts log: {}/threadmix-{}.out\nIts "
                           "results: {}\nOpen them in the window when it ends: threadmix "
                           "(File > Open).\n",
                           job->jobId, job->script, r.folder, job->jobId,
                           fmt::join(r.outputs, ", "))
                   .c_str(),
               stdout);
    return 0;
}

} // namespace

int measure(const Plan& plan, const CommonOptions& t, const RecoveredRun* resume) {
    if (auto st = validatePlan(plan, limits::availableMemoryBytes()); !st)
        return badInput(st.error());
    if (auto st = checkMpiPlan(plan); !st)
        return badInput(st.error());
    if (auto st = checkOutputs(t.files); !st)
        return badInput(st.error());
    if ((t.nodes || t.partition) && !t.submit)
        return badInput(fmt::format("{}: only a submitted job asks Slurm for nodes; add --submit.",
                                    t.nodes ? "--nodes" : "--partition"));
    if (t.submit)
        return submit(plan, t);
    if (t.dryRun)
        return dryRun(plan, t);
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

int infoCommand(bool calibrate) {
    if (calibrate) {
        std::stop_source stop;
        InterruptWatcher watcher(stop);
        const bool terminal = ::isatty(STDERR_FILENO);
        CalibrationProgress progress;
        progress.stage = [terminal](const std::string& stage) {
            if (terminal)
                std::fputs("\r\33[K", stderr);
            std::fputs((stage + "...\n").c_str(), stderr);
        };
        progress.step = [terminal](int done, int total, const std::string& what) {
            if (terminal)
                std::fputs(fmt::format("\r\33[K{}/{} ({})", done, total, what).c_str(), stderr);
        };
        const auto calibration = calibrateMachine(IsolatedRunner(), stop.get_token(), progress);
        if (terminal)
            std::fputs("\r\33[K", stderr);
        if (!calibration) {
            std::fputs(fmt::format("threadmix: {}\n", calibration.error()).c_str(), stderr);
            return watcher.interrupted() ? 130 : 1;
        }
        for (const auto& kernels : calibration->kernels)
            std::fputs(kernels.table().c_str(), stdout);
        std::fputs(fmt::format("auto now means {} for BLIS: {}.\n", calibration->blis.kernel,
                               calibration->blis.reason)
                       .c_str(),
                   stdout);
        if (calibration->openblas)
            std::fputs(fmt::format("auto now means {} for OpenBLAS: {}.\n",
                                   calibration->openblas->kernel, calibration->openblas->reason)
                           .c_str(),
                       stdout);
        std::fputs(fmt::format("{}\n\n", calibration->summary()).c_str(), stdout);
        for (const auto& warning : calibration->warnings)
            std::fputs(fmt::format("threadmix: {}\n", warning).c_str(), stderr);
    }
    std::fputs(machineReport(collectMachineInfo(), limits::availableMemoryBytes()).c_str(), stdout);
    std::fputs(librariesReport().c_str(), stdout);
    std::fputs(clusterReport().c_str(), stdout);
    return 0;
}

} // namespace threadmix::app
