// What a run produced: the plan's kind, the machine, and one result per configuration.
#pragma once

#include <string>
#include <vector>

#include "core/machine/machineinfo.h"
#include "core/results/configresult.h"

namespace threadmix {

struct ResultSet {
    std::string kind; // the plan: "run", "study:combine", "study:pitfalls", "sweep", "sizes"
    MachineInfo machine;
    std::vector<ConfigResult> results;
};

} // namespace threadmix
