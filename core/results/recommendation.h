// After a run: which configuration to use, by how much it wins, and whether that is more than
// the measured noise.
#pragma once

#include <string>
#include <vector>

#include "core/results/configresult.h"

namespace threadmix {

struct Recommendation {
    int best = -1;     // index into the results, or -1 when nothing finished
    int runnerUp = -1; // the next fastest, or -1
    double ratio = 0;  // runner-up median / best median
    bool beyondNoise = false;
    double pValue = 1; // one-sided exact Mann-Whitney, best faster than runner-up
    std::string text;  // plain words, for the CLI and the window
};

// Only configurations that finished (status ok) compete.
Recommendation recommend(const std::vector<ConfigResult>& results);

// One recommendation per group of comparable rows (the plan's groups: a workload, a size, a
// library): rows of different groups are never compared. Indices refer to `results`.
struct GroupRecommendation {
    GroupKey group;
    Recommendation rec;
};
std::vector<GroupRecommendation> recommendByGroup(const std::vector<ConfigResult>& results);
// Every group's recommendation, one paragraph each, named by its group when there are several.
std::string recommendationText(const std::vector<ConfigResult>& results);

// Exact one-sided p of the Mann-Whitney U test that the values in `a` tend to be smaller than
// those in `b` (ties count half).
double mannWhitneyLess(const std::vector<double>& a, const std::vector<double>& b);

} // namespace threadmix
