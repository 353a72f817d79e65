// Median (mean of the middle two for even counts), extremes and coefficient of variation.
#include "core/base/statistics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace threadmix {

Summary summarize(std::vector<double> values) {
    Summary s;
    s.n = int(values.size());
    if (values.empty())
        return s;
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    s.median = values.size() % 2 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
    s.min = values.front();
    s.max = values.back();
    s.mean = std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
    if (values.size() >= 2 && s.mean != 0.0) {
        double ss = 0;
        for (double v : values)
            ss += (v - s.mean) * (v - s.mean);
        s.cv = std::sqrt(ss / double(values.size() - 1)) / std::abs(s.mean);
    }
    return s;
}

} // namespace threadmix
