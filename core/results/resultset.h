// What a run produced: the plan's kind, the machine, and one result per configuration.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/machine/machineinfo.h"
#include "core/results/configresult.h"
#include "core/spec/plan.h"

namespace threadmix {

struct ResultSet {
    std::optional<PlanKind> kind; // the plan that made it; unknown for CSV files
    MachineInfo machine;
    std::vector<ConfigResult> results;
};

} // namespace threadmix
