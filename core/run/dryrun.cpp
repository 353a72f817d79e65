// Planning without measuring: one quick repetition of the first configuration sets the scale.
#include "core/run/dryrun.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "core/run/engine.h"

namespace threadmix {
namespace {

// Work of one repetition, to scale the first configuration's time to another's.
double workOf(const RunSpec& s) {
    const double flops = s.flops();
    return flops > 0 ? flops : s.bytesTouched();
}

std::string duration(double s) {
    if (s < 90)
        return fmt::format("{:.0f} s", s);
    if (s < 5400)
        return fmt::format("{:.0f} min", s / 60);
    return fmt::format("{:.1f} h", s / 3600);
}

} // namespace

DurationEstimate estimateDuration(const Plan& plan, const IsolatedRunner& runner,
                                  std::stop_token stop) {
    DurationEstimate e;
    if (plan.configs.empty())
        return e;
    Configuration first = plan.configs.front();
    first.spec.repeats = 1;
    first.spec.warmup = 0;
    const auto r =
        Engine(runner).runConfiguration(0, first, first.spec.budgetSeconds, nullptr, stop);
    if (r.status != RunStatus::Ok || r.repetitions.empty()) {
        e.why = r.reason.empty() ? std::string("the first configuration did not finish") : r.reason;
        return e;
    }
    const double t1 = r.repetitions.front().wallSeconds;
    e.firstRepetitionSeconds = t1;
    const auto& s0 = plan.configs.front().spec;
    // MPI ranks are launched for every repetition, outside its timed span: that counts too.
    const auto& rep0 = r.repetitions.front();
    const double launch = rep0.mpi ? rep0.mpi->launchSeconds : 0.0;
    const double firstTotal = (t1 + launch) * (s0.warmup + s0.repeats);
    const int cpus = std::max(1, plan.logicalCpus);
    // Each group's cells get their budget from that group's first cell, as in the engine.
    std::map<GroupKey, double> firstOfGroup;
    for (std::size_t i = 0; i < plan.configs.size(); ++i) {
        const auto& c = plan.configs[i];
        const auto& s = c.spec;
        const auto it = firstOfGroup.find(c.group);
        const double budget = cellBudget(
            plan, s, it == firstOfGroup.end() ? std::nullopt : std::optional(it->second));
        const double threads = double(s.totalThreads());
        const double scale = workOf(s0) > 0 ? workOf(s) / workOf(s0) : 1.0;
        const double oneThread = t1 * double(s0.totalThreads()) * scale; // as if on one thread
        const double perRep = threads <= cpus ? oneThread / threads : budget;
        const double seconds = std::min(
            budget, (perRep + (s.pool == PoolKind::Mpi ? launch : 0.0)) * (s.warmup + s.repeats));
        e.configSeconds.push_back(i == 0 ? std::min(budget, firstTotal) : seconds);
        e.totalSeconds += e.configSeconds.back();
        if (it == firstOfGroup.end())
            firstOfGroup.emplace(c.group, e.configSeconds.back());
    }
    return e;
}

std::string dryRunText(const Plan& plan, const DurationEstimate& e) {
    std::string out = fmt::format("{} configuration{} in run order:\n", plan.configs.size(),
                                  plan.configs.size() == 1 ? "" : "s");
    for (std::size_t i = 0; i < plan.configs.size(); ++i) {
        const auto& c = plan.configs[i];
        out += fmt::format("{:>4}  {:<52} {:>4} x {:<4}", i + 1, c.label, c.spec.workers,
                           c.spec.blasThreads);
        if (i < e.configSeconds.size())
            out += fmt::format("  about {}", duration(e.configSeconds[i]));
        out += "\n";
    }
    if (e.firstRepetitionSeconds)
        out += fmt::format(
            "Estimated duration: about {} (from one repetition of the first configuration, "
            "{:.3g} s, measured now; ideal scaling up to {} logical CPUs, the whole budget for "
            "configurations with more threads than that{}).\n",
            duration(e.totalSeconds), *e.firstRepetitionSeconds, plan.logicalCpus,
            plan.skipSlowCells ? "; cells skipped as too slow take no time, so less is likely"
                               : "");
    else
        out += "No estimate of the duration: " + e.why + ".\n";
    return out;
}

ResultSet plannedResults(const Plan& plan, const MachineInfo& machine) {
    ResultSet set;
    set.kind = plan.kind;
    set.machine = machine;
    for (const auto& c : plan.configs) {
        ConfigResult r;
        r.config = c;
        r.status = RunStatus::Planned;
        r.reason = "planned by --dry-run; not measured";
        set.results.push_back(r);
    }
    return set;
}

} // namespace threadmix
