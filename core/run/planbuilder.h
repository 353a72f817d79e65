// The one plan builder both front ends fill: the command line from its options, the window from
// its controls. What neither front end should decide on its own (this machine's CPU counts, the
// automatic kernels, a sweep's budget rule, the default sizes) is decided here.
#pragma once

#include <cstdint>
#include <vector>

#include "core/spec/plan.h"

namespace threadmix {

struct PlanRequest {
    PlanKind kind = PlanKind::Run;
    PlanOptions options;
    // Sizes: the matrix sizes in increasing order; empty: defaults::kSizes.
    std::vector<std::int64_t> sizes;
};

// Completes the request's options (logical CPUs and physical cores of this machine when left
// 0, BLIS's and OpenBLAS's automatic kernels when left empty) and makes its plan.
Plan buildPlan(PlanRequest request);

} // namespace threadmix
