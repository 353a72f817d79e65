// "Why": one plain sentence derived from a configuration's measurements.
#pragma once

#include <string>
#include <vector>

#include "core/machine/machineinfo.h"
#include "core/results/configresult.h"

namespace threadmix {

// e.g. "2 x 4: 8 threads on 2 logical CPUs (4x oversubscribed): 9,800 involuntary context
// switches/s, each multiply 14x as long as alone, CPUs 99% busy, 8% of the machine's peak".
// `alone` is the 1 worker x 1 BLAS thread result of the same workload, if there is one.
std::string explainConfiguration(const ConfigResult& r, const ConfigResult* alone,
                                 const MachineInfo& machine);

// The 1 x 1 result among `results` with the same workload and size as `r`, or nullptr.
const ConfigResult* aloneFor(const ConfigResult& r, const std::vector<ConfigResult>& results);

// Median time of one task's operation in the median repetition (seconds), 0 if unknown.
double medianTaskSeconds(const ConfigResult& r);

} // namespace threadmix
