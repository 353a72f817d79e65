// The shared options of the measuring subcommands, registered with CLI11 once (readoptions.cpp
// turns them into plan options).
#include "app/options.h"

#include <algorithm>

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

// Registration order is what --help shows (per group) and the order firstPlanOptionGiven
// searches, so the steps below run in one fixed order.
CLI::Option* planOption(CommonOptions& t, CLI::Option* opt, const char* valueName,
                        const char* group) {
    t.planOptions.push_back(opt);
    return opt->type_name(valueName)->group(group);
}

CLI::Option* outputOption(CLI::Option* opt, const char* valueName) {
    return opt->type_name(valueName)->group("Output");
}

// What the tasks are and how the pool shares them.
void addTaskOptions(CLI::App* cmd, CommonOptions& t, bool threads) {
    planOption(t,
               cmd->add_option(
                   "--workload", t.workload,
                   "gemm (matrix multiplies, default), dot (vector dot products: BLAS threads do "
                   "not help) or fill (array fills: a pool does not help)"),
               "gemm|dot|fill", "Workload");
    planOption(
        t,
        cmd->add_option("--count", t.count,
                        fmt::format("How many tasks: matrix pairs, vector pairs or arrays (1..{})",
                                    limits::kMaxCount)),
        "N", "Workload");
    planOption(t,
               cmd->add_option(
                   "--size", t.size,
                   fmt::format("Matrix side n for gemm and fill (1..{}); vector length for dot "
                               "(1..{})",
                               limits::kMaxMatrixSize, limits::kMaxVectorLength)),
               "N", "Workload");
    if (threads) {
        planOption(
            t,
            cmd->add_option(
                "--workers", t.workers,
                fmt::format(
                    "Pool workers (threads; processes or MPI ranks with --pool), each running one task at a "
                    "time (1..{}, default 1)",
                    limits::kMaxWorkers)),
            "N", "Threads");
        planOption(t,
                   cmd->add_option(
                       "--blas-threads", t.blasThreads,
                       fmt::format("BLAS threads inside each operation (1..{}); auto = logical "
                                   "CPUs, as OpenBLAS does by default; auto-per-worker = logical "
                                   "CPUs / workers, joblib's rule for its workers. BLIS's own "
                                   "default is 1 thread (default 1)",
                                   limits::kMaxBlasThreads)),
                   "N|auto|auto-per-worker", "Threads");
    }
    planOption(t,
               cmd->add_option(
                   "--data", t.data,
                   "upfront: make all data before the operations; in-task: each task makes its "
                   "own (default: as the tutorial row did; upfront for run and sweep)"),
               "upfront|in-task", "Workload");
    planOption(t, cmd->add_option("--init", t.init, "random (default) or ones"), "random|ones",
               "Workload");
    planOption(t,
               cmd->add_option(
                   "--pool", t.pool,
                   "What runs the tasks side by side: threads (default) of one process; "
                   "processes the measuring process starts inside the timing, as "
                   "multiprocessing.Pool and joblib do; or mpi: MPI ranks started by Open MPI's "
                   "mpirun (on this machine, the --hosts, or the Slurm allocation the run is "
                   "inside). A list (threads,processes) runs the plan on each, interleaved, "
                   "grouped by kind"),
               "threads|processes|mpi", "Threads");
    planOption(t,
               cmd->add_option("--hosts", t.hosts,
                               "MPI ranks: an Open MPI hostfile ('node1 slots=4' per line) to "
                               "start them on (default: this machine, or the Slurm allocation)"),
               "FILE", "Threads");
    t.planOptions.push_back(
        cmd->add_flag("--oversubscribe", t.oversubscribe,
                      "MPI ranks: start more ranks than the --hosts' or the Slurm allocation's "
                      "slots (on this machine ThreadMix passes mpirun's --oversubscribe itself "
                      "when the ranks outnumber the CPUs)")
            ->group("Threads"));
    planOption(t,
               cmd->add_option(
                   "--transfer", t.transfer,
                   "How a process pool's operands made up front reach its workers and products "
                   "come back: copy (through pipes, as multiprocessing pickles them; default) or "
                   "shared (shared memory the workers compute in, as joblib memory-maps arrays). "
                   "Needs --pool processes or mpi (copy only: MPI_Scatterv) and --data upfront"),
               "copy|shared", "Threads");
    planOption(t,
               cmd->add_option("--chunk", t.chunk,
                               "Tasks a worker takes at once, like Python's map chunksize "
                               "(1..count, default 1)"),
               "N", "Threads");
}

// How often each configuration runs, for how long at most, on which data.
void addMeasurementOptions(CLI::App* cmd, CommonOptions& t) {
    planOption(t,
               cmd->add_option("--repeats", t.repeats,
                               fmt::format("Counted repetitions per configuration (1..{}, "
                                           "default {})",
                                           limits::kMaxRepeats, RunSpec{}.repeats)),
               "N", "Measurement");
    planOption(t,
               cmd->add_option("--warmup", t.warmup,
                               fmt::format("Uncounted warm-up repetitions first (0..{}, default "
                                           "{})",
                                           limits::kMaxWarmup, RunSpec{}.warmup)),
               "N", "Measurement");
    planOption(
        t,
        cmd->add_option(
            "--budget", t.budget,
            fmt::format("Seconds one configuration may take, warm-up included; past it "
                        "the configuration is stopped and recorded as timed out "
                        "({}..{}; default {:.0f}). A sweep cell gets {}",
                        limits::kMinBudget, limits::kMaxBudget, defaults::kBudgetSeconds,
                        cellBudgetRule(defaults::kSweepBudgetFactor, Plan().minDerivedBudget))),
        "SECONDS", "Measurement");
    planOption(t,
               cmd->add_option("--seed", t.seed,
                               fmt::format("Seed of the random data (default {})", RunSpec{}.seed)),
               "N", "Workload");
}

void addKernelOption(CLI::App* cmd, CommonOptions& t) {
    planOption(t,
               cmd->add_option(
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
}

void addResultFileOptions(CLI::App* cmd, CommonOptions& t) {
    outputOption(cmd->add_option("--json", t.files.json,
                                 "Write all results, per-task records included, as JSON"),
                 "FILE");
    outputOption(cmd->add_option("--csv", t.files.csv, "Write one CSV row per configuration"),
                 "FILE");
    outputOption(
        cmd->add_option("--markdown", t.files.markdown, "Write the comparison table as Markdown"),
        "FILE");
}

// Which library, and how its threads wait, are counted and are placed.
void addThreadingKnobs(CLI::App* cmd, CommonOptions& t) {
    planOption(t,
               cmd->add_option(
                   "--wait-policy", t.waitPolicy,
                   "OpenMP wait policy of the BLIS threads: default, passive (sleep when idle) "
                   "or active (spin); set per child process through OMP_WAIT_POLICY"),
               "default|passive|active", "Threading knobs");
    planOption(t,
               cmd->add_option("--blas-library", t.blasLibrary,
                               "BLAS library the children load, or a comma-separated list: the "
                               "plan runs once per library, interleaved, and results are grouped "
                               "by library. " +
                                   libraryNames()),
               "LIB[,LIB...]", "Threading knobs");
    planOption(t,
               cmd->add_option(
                   "--thread-control", t.threadControl,
                   "per-call (each multiply gets its own BLIS rntm_t; BLIS only) or process-wide "
                   "(one setting for the whole process, as numpy and threadpoolctl users get: "
                   "bli_thread_set_num_threads, openblas_set_num_threads). Default: per-call for "
                   "BLIS, process-wide for OpenBLAS, which has nothing else"),
               "per-call|process-wide", "Threading knobs");
    t.planOptions.push_back(
        cmd->add_flag("--pin", t.pin,
                      "Bind pool workers to cores and BLIS threads close to them (OMP_PROC_BIND)")
            ->group("Threading knobs"));
}

// The chart, the product check, and how the run is driven.
void addRunOptions(CLI::App* cmd, CommonOptions& t) {
    outputOption(cmd->add_option("--png", t.png,
                                 "Also draw the charts (timing bars; sweeps add the heat map) "
                                 "into this PNG, with a caption; no display needed"),
                 "FILE");
    outputOption(
        cmd->add_option("--png-scale", t.pngScale, "Pixel density of --png: 1 or 2 (default 2)"),
        "1|2");
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
    cmd->add_flag("--submit", t.submit,
                  "Slurm: write an sbatch script that runs this command on exclusive nodes "
                  "(time limit from the --dry-run estimate; resumes from its journal if the job "
                  "is requeued) and submit it with sbatch; with --dry-run, print the script "
                  "instead")
        ->group("Slurm");
    outputOption(cmd->add_option("--nodes", t.nodes, "With --submit: nodes to ask for (default 1)"),
                 "N")
        ->group("Slurm");
    outputOption(cmd->add_option("--partition", t.partition,
                                 "With --submit: the Slurm partition (default: the cluster's)"),
                 "NAME")
        ->group("Slurm");
    outputOption(cmd->add_option("--resume", t.resume,
                                 "Continue an interrupted or killed run from its journal (the "
                                 "path it printed, or one under ~/.local/state/threadmix): "
                                 "configurations already measured are kept, the rest are run. "
                                 "The plan comes from the journal"),
                 "JOURNAL");
}

} // namespace

void addCommonOptions(CLI::App* cmd, CommonOptions& t, bool threads) {
    addTaskOptions(cmd, t, threads);
    addMeasurementOptions(cmd, t);
    addKernelOption(cmd, t);
    addResultFileOptions(cmd, t);
    addThreadingKnobs(cmd, t);
    addRunOptions(cmd, t);
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

} // namespace threadmix::app
