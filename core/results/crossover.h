// Where the best configuration changes with the matrix size (the size sweep's answer).
#pragma once

#include <string>
#include <vector>

#include "core/results/configresult.h"

namespace threadmix {

// "A pool of 2 workers is best up to n=256; no pool with 2 BLAS threads from n=512 on." from
// a size sweep's results.
// With several libraries, one sentence per library.
std::string crossoverText(const std::vector<ConfigResult>& results);

// A size sweep as lines: per strategy (strategyOf: the pool and BLAS threads, named by describe),
// the median time of one multiply at each size. For the sizes chart (log-log: time against n).
struct SizePoint {
    std::int64_t n = 0;
    double secondsPerTask = 0;
};
struct SizeSeries {
    std::string strategy; // "pool of 2 workers, 1 BLAS thread"
    std::vector<SizePoint> points;
};
// The results of one library (a group prefix) or all of them when `library` is empty.
std::vector<SizeSeries> sizeSeries(const std::vector<ConfigResult>& results);
// The sizes between which the fastest strategy changes: (n before, n after) pairs.
std::vector<std::pair<std::int64_t, std::int64_t>>
crossovers(const std::vector<ConfigResult>& results);

} // namespace threadmix
