// The options the measuring subcommands share: registered with CLI11 once, turned into a plan's
// options once (core's limits check every value and word the messages).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/run/runsession.h"
#include "core/spec/plan.h"

namespace CLI {
class App;
class Option;
} // namespace CLI

namespace threadmix::app {

struct CommonOptions {
    // What shapes the plan, as typed.
    std::optional<std::string> workload, count, size, workers, blasThreads, data, init, chunk,
        repeats, warmup, budget, seed, kernel, waitPolicy, blasLibrary, threadControl, pool,
        transfer, hosts;
    // Sweep axes: --workers / --blas-threads, or their older names --workers-range /
    // --blas-range (messages use the name that was typed).
    std::optional<std::string> workersAxis, blasAxis, workersRange, blasRange;
    bool pin = false;
    bool verify = false;
    bool oversubscribe = false; // MPI ranks: more than the hosts' slots may start
    // Slurm: write an sbatch script for the run and submit it (with --dry-run: print it).
    bool submit = false;
    std::optional<std::string> nodes, partition;
    // The command line as typed (argv[1..]): what a submitted job runs again.
    std::vector<std::string> words;
    bool noSkip = false;
    std::optional<std::string> tutorial; // combine when not given
    std::optional<std::string> sizes;    // defaults::kSizes when not given
    // What is done with the results, and how the run is driven.
    OutputFiles files;
    std::string png;
    std::optional<std::string> pngScale, resume;
    bool noProgress = false;
    bool dryRun = false;
    // Every option that shapes the plan: refused with --resume, whose plan is the journal's.
    std::vector<CLI::Option*> planOptions;
};

// Registers the shared options on a subcommand; `threads` adds --workers and --blas-threads.
void addCommonOptions(CLI::App* cmd, CommonOptions& o, bool threads);
// Registers a subcommand's own plan option (so that --resume refuses it too).
CLI::Option* addPlanOption(CLI::App* cmd, CommonOptions& o, const std::string& name,
                           std::optional<std::string>& into, const std::string& valueName,
                           const std::string& help);

// Turns the plan texts into plan options; returns the message of the first bad value, or "".
std::string readPlanOptions(const CommonOptions& o, PlanOptions& out);
// The name of the first plan option given, or "".
std::string firstPlanOptionGiven(const CommonOptions& o);

} // namespace threadmix::app
