// Beyond one machine: whether MPI ranks can start for a plan, what `threadmix info` says of
// Open MPI and Slurm, and the sbatch script that runs a ThreadMix command on a Slurm cluster.
#pragma once

#include <string>
#include <vector>

#include "core/base/expected.h"
#include "core/run/runsession.h"
#include "core/spec/plan.h"

namespace threadmix {

// Every MPI configuration of the plan can start: Open MPI and the MPI worker are there, the
// hostfile reads, and the ranks fit the slots (or may oversubscribe them). The message names
// the option and the fix.
Status checkMpiPlan(const Plan& plan);

// Open MPI (its version, or why it cannot be used), Slurm's commands, and the allocation this
// process is inside: lines for `threadmix info`.
std::string clusterReport();

// What --submit needs to write the job script.
struct SubmitRequest {
    std::string threadmix;            // absolute path of the threadmix executable to run
    std::vector<std::string> args;    // the command to run, without --submit and its options
    std::vector<std::string> outputs; // the files it writes (absolute), for the user's message
    std::string folder;               // where the script, the job's log and its journal go
    int nodes = 1;
    std::string partition;      // empty: the cluster's default
    double estimateSeconds = 0; // the --dry-run estimate of the whole plan
};
// The time limit asked of Slurm: the estimate doubled plus 10 minutes, in whole minutes, at
// least 15: "HH:MM:00" (or "D-HH:MM:00").
std::string slurmTimeLimit(double estimateSeconds);
// The sbatch script: exclusive nodes, the time limit, the job's output in `folder`, requeue
// allowed, and a start that resumes from the run's journal when a requeued job finds one.
std::string sbatchScript(const SubmitRequest& r);
// Writes the script into r.folder (atomically) and runs `sbatch --parsable` on it: the job id,
// or sbatch's own message.
struct Submitted {
    std::string jobId;
    std::string script;
};
Expected<Submitted> submitJob(const SubmitRequest& r);

// Shell quoting for the script: 'text' with embedded quotes escaped.
std::string shellQuote(const std::string& text);

} // namespace threadmix
