// Which sweep cells need not be measured: their neighbours towards the diagonal were too slow.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/results/configresult.h"
#include "core/spec/plan.h"

namespace threadmix {

// For configuration `index` of a sweep with skipSlowCells: the reason to skip it, or nullopt to
// measure it. `done` holds the results of configurations 0..index-1 in plan order. A cell is
// skipped when, along its row or its column, the two nearest cells towards the W x B = logical
// CPUs diagonal are both slow: timed out, skipped themselves, or more than plan.skipFactor x the
// best median so far.
std::optional<std::string> skipReason(const Plan& plan, const std::vector<ConfigResult>& done,
                                      std::size_t index);

} // namespace threadmix
