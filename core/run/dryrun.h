// --dry-run: a plan's configurations in run order and how long they would take, unmeasured.
#pragma once

#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "core/results/resultset.h"
#include "core/run/isolatedrunner.h"
#include "core/spec/plan.h"

namespace threadmix {

struct DurationEstimate {
    // One repetition of the plan's first configuration, measured once (no warm-up); nullopt
    // when that measurement did not finish (`why` says so).
    std::optional<double> firstRepetitionSeconds;
    std::string why;
    std::vector<double> configSeconds; // per configuration, warm-ups included, capped by budget
    double totalSeconds = 0;
};

// Measures the first configuration once, then estimates every configuration from it: its work
// relative to the first, ideal scaling up to the logical CPUs, the full budget for the
// oversubscribed (the most they can take). Skipped cells would take nothing: an upper bound.
DurationEstimate estimateDuration(const Plan& plan, const IsolatedRunner& runner,
                                  std::stop_token stop);

// The plan as a listing: index, label, workers x BLAS threads, and the estimate.
std::string dryRunText(const Plan& plan, const DurationEstimate& estimate);

// The plan as a result set whose configurations have status `planned`.
ResultSet plannedResults(const Plan& plan, const MachineInfo& machine);

} // namespace threadmix
