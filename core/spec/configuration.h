// A configuration of a plan: a labelled spec and the group whose baseline it is compared with.
#pragma once

#include <string>

#include "core/spec/groupkey.h"
#include "core/spec/spec.h"

namespace threadmix {

struct Configuration {
    std::string label; // e.g. "pool of 2 workers, 1 BLAS thread"; for display only
    GroupKey group;    // rows of one group share a baseline (their first row)
    RunSpec spec;
};

inline Strategy strategyOf(const Configuration& c) {
    return Strategy{c.spec.pool, c.spec.workers, c.spec.blasThreads};
}

} // namespace threadmix
