// Where the best configuration changes with the matrix size (the size sweep's answer).
#pragma once

#include <string>
#include <vector>

#include "core/results/configresult.h"

namespace threadmix {

// "A pool of 2 workers is best up to n=256; no pool with 2 BLAS threads from n=512 on." from
// a size sweep's results.
std::string crossoverText(const std::vector<ConfigResult>& results);

} // namespace threadmix
