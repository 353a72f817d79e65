// Two result sets side by side (two machines, two knob settings, two sizes): matched
// configurations and their time ratio A / B.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/results/resultset.h"

namespace threadmix {

struct ComparedRow {
    int a = -1;                  // index in A's results
    int b = -1;                  // index in B's results, -1 if B has no match
    std::optional<double> ratio; // A median / B median: above 1, A took longer
};

// A's median time over B's (above 1, A took longer); none when either has no time. The one home
// of the ratio: the comparison table, the window's ratio layer and its tooltips all call it.
std::optional<double> timeRatio(const ConfigResult& a, const ConfigResult& b);

// Rows of A in order, each matched in B by label, else by workers x BLAS threads.
std::vector<ComparedRow> compareResults(const ResultSet& a, const ResultSet& b);

// One result set run on several BLAS libraries, as two to compare: the rows of `first` (A) and of
// `second` (B), their labels and groups without the library prefix (so they match by label).
ResultSet onlyLibrary(const ResultSet& set, BlasLibrary library);

// What differs between A and B besides the threads (the machine, the workload, the method, the
// library), e.g. "size: 400 vs 1000", "library: blis-openmp vs openblas-pthreads"; empty when
// they were measured alike.
std::vector<std::string> parameterDifferences(const ResultSet& a, const ResultSet& b);

// Plain-text table of the comparison, with what differs between the two files.
std::string comparisonText(const ResultSet& a, const ResultSet& b, const std::string& nameA,
                           const std::string& nameB);

} // namespace threadmix
