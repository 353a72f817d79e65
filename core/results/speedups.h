// Speed-ups of every row over its group's baseline, kept up to date one changed row at a time.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "core/results/configresult.h"

namespace threadmix {

// The rule (one home; speedups() in configresult.h calls it): a row's speed-up is its group's
// first row's time over its own; a group of one row has none (nothing to be faster than), and a
// group whose first row has no time has none (another row standing in for it would mislead).
// A run's rows arrive one repetition at a time: update() costs O(1) for a row that is not a
// baseline and O(rows of its group) for one that is, so streaming N rows costs O(N), not O(N^2).
class SpeedupIndex {
public:
    // Learns the groups of `results` and computes every speed-up.
    void reset(const std::vector<ConfigResult>& results);
    // Row `row` has new times (groups unchanged). Returns the first and last row whose figures
    // may have changed: {row, row}, or the span of its group when it is the baseline.
    std::pair<std::size_t, std::size_t> update(const std::vector<ConfigResult>& results,
                                               std::size_t row);

    std::optional<double> of(std::size_t row, SpeedupOf what) const {
        return what == SpeedupOf::Total ? m_total[row] : m_operation[row];
    }
    const std::vector<std::optional<double>>& all(SpeedupOf what) const {
        return what == SpeedupOf::Total ? m_total : m_operation;
    }

private:
    void compute(const std::vector<ConfigResult>& results, std::size_t row);

    std::vector<std::size_t> m_baseline;              // row -> its group's first row
    std::vector<std::vector<std::size_t>> m_members;  // baseline row -> the group's rows
    std::vector<std::optional<double>> m_total;
    std::vector<std::optional<double>> m_operation;
};

} // namespace threadmix
