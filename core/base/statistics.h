// Order statistics and spread of repeated measurements.
#pragma once

#include <vector>

namespace threadmix {

struct Summary {
    int n = 0;
    double median = 0;
    double min = 0;
    double max = 0;
    double mean = 0;
    double cv = 0; // sample standard deviation / mean; 0 for fewer than two values
};

// Summary of `values`; all zero when empty.
Summary summarize(std::vector<double> values);

} // namespace threadmix
