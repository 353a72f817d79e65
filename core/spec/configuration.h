// A configuration of a plan: a labelled spec and the group whose baseline it is compared with.
#pragma once

#include <string>

#include "core/spec/spec.h"

namespace threadmix {

struct Configuration {
    std::string label; // e.g. "pool of 2 workers, 1 BLAS thread"
    std::string group; // rows of one group share a baseline (their first row)
    RunSpec spec;
};

} // namespace threadmix
