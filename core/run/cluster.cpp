// MPI checks, the cluster report and Slurm job scripts; see cluster.h.
#include "core/run/cluster.h"

#include <sys/stat.h>

#include <cmath>
#include <ctime>
#include <limits>
#include <sstream>
#include <stop_token>

#include <fmt/format.h>

#include "core/base/atomicfile.h"
#include "core/base/childprocess.h"
#include "core/base/clock.h"
#include "core/measure/mpipool.h"

namespace threadmix {
namespace {

// The first line a command prints (or its error), within a few seconds.
std::string firstLineOf(const std::string& program, const std::vector<std::string>& args) {
    ChildProcess p;
    if (!p.start(program, args))
        return {};
    const auto end = p.wait(monotonicSeconds() + 10.0, std::stop_token{});
    if (end.end != ChildProcess::End::Exited)
        return {};
    const std::string& text = p.out().empty() ? p.err() : p.out();
    return text.substr(0, text.find('\n'));
}

} // namespace

Status checkMpiPlan(const Plan& plan) {
    for (const auto& c : plan.configs) {
        if (c.spec.pool != PoolKind::Mpi)
            continue;
        const auto where = mpiWhereFor(c.spec);
        if (!where)
            return Error{"--pool mpi: " + where.error() + "."};
        const auto launch = planMpiLaunch(c.spec, *where);
        if (!launch)
            return Error{launch.error() + "."};
    }
    return success();
}

std::string clusterReport() {
    std::string out = "\nBeyond this machine:\n";
    RunSpec probe;
    probe.pool = PoolKind::Mpi;
    const auto where = mpiWhereFor(probe);
    if (where) {
        out += fmt::format("  MPI ranks (--pool mpi): {} ({}); ranks run {}\n",
                           firstLineOf(where->mpirun, {"--version"}), where->mpirun, where->worker);
    } else {
        out += fmt::format("  MPI ranks (--pool mpi): not available: {}\n", where.error());
    }
    const auto sbatch = findOnPath("sbatch");
    if (sbatch.empty())
        out += "  Slurm: not installed (no sbatch on PATH): --submit needs it; Debian's "
               "slurm-client or slurm-wlm has it\n";
    else if (const auto version = firstLineOf(sbatch, {"--version"});
             version.rfind("slurm", 0) == 0)
        out += fmt::format("  Slurm: {} ({}); threadmix ... --submit writes and submits a job\n",
                           version, sbatch);
    else
        out += fmt::format("  Slurm: {} is installed but finds no cluster (it says: {}); set "
                           "SLURM_CONF or run on the cluster's login node\n",
                           sbatch, version.empty() ? "nothing" : version);
    if (const auto a = slurmAllocation()) {
        std::string cpus;
        for (std::size_t i = 0; i < a->cpusPerNode.size(); ++i)
            cpus += (i ? "," : "") + std::to_string(a->cpusPerNode[i]);
        out += fmt::format("  Inside Slurm job {}: nodes {} ({} node{}, CPUs per node {}, {} "
                           "CPUs); {}; MPI ranks start on these nodes\n",
                           a->jobId, a->nodeList, a->cpusPerNode.size(),
                           a->cpusPerNode.size() == 1 ? "" : "s", cpus.empty() ? "?" : cpus,
                           a->totalCpus(),
                           a->tasks > 0 ? fmt::format("{} tasks (slots for ranks)", a->tasks)
                                        : std::string("no task count (a slot per CPU)"));
    } else {
        out += "  Not inside a Slurm allocation: MPI ranks start on this machine (or --hosts)\n";
    }
    return out;
}

std::string slurmTimeLimit(double estimateSeconds) {
    const double est = std::isfinite(estimateSeconds) ? std::max(0.0, estimateSeconds) : 0.0;
    auto minutes = std::int64_t(std::ceil((est * 2.0 + 600.0) / 60.0));
    minutes = std::max<std::int64_t>(minutes, 15);
    const std::int64_t days = minutes / (24 * 60);
    const std::int64_t hours = minutes / 60 % 24;
    const std::int64_t mins = minutes % 60;
    return days > 0 ? fmt::format("{}-{:02}:{:02}:00", days, hours, mins)
                    : fmt::format("{:02}:{:02}:00", hours, mins);
}

std::string shellQuote(const std::string& text) {
    std::string out = "'";
    for (char c : text)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::string sbatchScript(const SubmitRequest& r) {
    std::string args;
    for (const auto& a : r.args)
        args += " " + shellQuote(a);
    std::string out = "#!/bin/bash\n"
                      "# Written by threadmix --submit: runs one ThreadMix command on Slurm.\n";
    out += "#SBATCH --job-name=threadmix\n";
    out += fmt::format("#SBATCH --nodes={}\n", r.nodes);
    out += "#SBATCH --exclusive\n";
    out += fmt::format("#SBATCH --time={}\n", slurmTimeLimit(r.estimateSeconds));
    out += fmt::format("#SBATCH --output={}/threadmix-%j.out\n", r.folder);
    out += "#SBATCH --requeue\n";
    if (!r.partition.empty())
        out += fmt::format("#SBATCH --partition={}\n", r.partition);
    out += fmt::format("# Estimated run time (threadmix --dry-run): {:.0f} s; the limit is twice "
                       "that plus 10 minutes.\n",
                       r.estimateSeconds);
    out += "set -euo pipefail\n";
    out += "# The run's journal lives here: a requeued (preempted) job resumes from it.\n";
    out += fmt::format("export XDG_STATE_HOME={}\n", shellQuote(r.folder + "/state"));
    out += fmt::format("threadmix={}\n", shellQuote(r.threadmix));
    out += "journal=$(ls -t \"$XDG_STATE_HOME\"/threadmix/*.journal 2>/dev/null | head -n 1 || "
           "true)\n";
    // --resume takes the plan from the journal: only the subcommand and the output options.
    std::string outputs;
    for (std::size_t i = 1; i < r.args.size(); ++i)
        for (const char* o : {"--json", "--csv", "--markdown", "--png", "--png-scale"})
            if (r.args[i] == o && i + 1 < r.args.size())
                outputs += " " + shellQuote(r.args[i]) + " " + shellQuote(r.args[i + 1]);
    out += "if [ -n \"$journal\" ]; then\n";
    out += fmt::format("  exec \"$threadmix\" {} --resume \"$journal\" --no-progress{}\n",
                       shellQuote(r.args.empty() ? "run" : r.args.front()), outputs);
    out += "fi\n";
    out += fmt::format("exec \"$threadmix\"{} --no-progress\n", args);
    return out;
}

Expected<Submitted> submitJob(const SubmitRequest& r) {
    const auto sbatch = findOnPath("sbatch");
    if (sbatch.empty())
        return Error{"--submit: Slurm's sbatch is not on PATH; run this on the cluster's login "
                     "node (Debian: slurm-client), or use --submit --dry-run to see the script"};
    ::mkdir(r.folder.c_str(), 0755);
    ::mkdir((r.folder + "/state").c_str(), 0755);
    const auto script =
        fmt::format("{}/threadmix-{}.sbatch", r.folder, std::int64_t(::time(nullptr)));
    if (auto st = writeFileAtomically(script, sbatchScript(r)); !st)
        return Error{"--submit: " + st.error()};
    ::chmod(script.c_str(), 0755);
    ChildProcess p;
    if (auto st = p.start(sbatch, {"--parsable", script}); !st)
        return Error{"--submit: " + st.error()};
    const auto end = p.wait(monotonicSeconds() + 120.0, std::stop_token{});
    std::string said = p.err().empty() ? p.out() : p.err();
    while (!said.empty() && (said.back() == '\n' || said.back() == ' '))
        said.pop_back();
    if (end.end != ChildProcess::End::Exited || end.code != 0)
        return Error{fmt::format("--submit: sbatch refused the job: {} (script: {})",
                                 said.empty() ? "no message" : said, script)};
    std::string id = p.out().substr(0, p.out().find_first_of(";\n"));
    return Submitted{id, script};
}

} // namespace threadmix
