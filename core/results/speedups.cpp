// The speed-up index: groups learnt once, figures recomputed only where a time changed.
#include "core/results/speedups.h"

#include <algorithm>
#include <map>

namespace threadmix {
namespace {

std::optional<double> figure(const ConfigResult& r, SpeedupOf of) {
    if (of == SpeedupOf::Total)
        return r.medianSeconds();
    if (r.repetitions.empty())
        return std::nullopt;
    return r.medianOf(&RepetitionResult::computeSeconds);
}

std::optional<double> ratio(std::optional<double> baseline, std::optional<double> t) {
    if (t && *t > 0 && baseline && *baseline > 0)
        return *baseline / *t;
    return std::nullopt;
}

} // namespace

void SpeedupIndex::reset(const std::vector<ConfigResult>& results) {
    const std::size_t n = results.size();
    m_baseline.assign(n, 0);
    m_members.assign(n, {});
    m_total.assign(n, std::nullopt);
    m_operation.assign(n, std::nullopt);
    std::map<GroupKey, std::size_t> first;
    for (std::size_t i = 0; i < n; ++i) {
        const auto [it, added] = first.emplace(results[i].config.group, i);
        m_baseline[i] = it->second;
        m_members[it->second].push_back(i);
    }
    for (std::size_t i = 0; i < n; ++i)
        compute(results, i);
}

void SpeedupIndex::compute(const std::vector<ConfigResult>& results, std::size_t row) {
    const std::size_t base = m_baseline[row];
    if (m_members[base].size() < 2) {
        m_total[row] = m_operation[row] = std::nullopt;
        return;
    }
    m_total[row] = ratio(figure(results[base], SpeedupOf::Total),
                         figure(results[row], SpeedupOf::Total));
    m_operation[row] = ratio(figure(results[base], SpeedupOf::Operation),
                             figure(results[row], SpeedupOf::Operation));
}

std::pair<std::size_t, std::size_t> SpeedupIndex::update(const std::vector<ConfigResult>& results,
                                                         std::size_t row) {
    if (row >= m_baseline.size())
        return {row, row};
    if (m_baseline[row] != row) {
        compute(results, row);
        return {row, row};
    }
    const auto& group = m_members[row];
    for (auto i : group)
        compute(results, i);
    return {group.front(), group.back()};
}

} // namespace threadmix
