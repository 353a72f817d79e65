// The skip rule of sweeps: outward from the diagonal, two slow neighbours in a row end the way.
#include "core/results/skipprediction.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

namespace threadmix {

std::optional<std::string> skipReason(const Plan& plan, const std::vector<ConfigResult>& done,
                                      std::size_t index) {
    if (!plan.skipSlowCells || plan.kind != PlanKind::Sweep || index >= plan.configs.size())
        return std::nullopt;
    const auto& me = plan.configs[index].spec;
    const auto& group = plan.configs[index].group; // libraries are judged apart
    if (me.workers == 1 && me.blasThreads == 1)
        return std::nullopt; // the baseline is always measured
    // The best finished cell so far.
    const ConfigResult* best = nullptr;
    for (const auto& r : done)
        if (r.config.group == group && r.status == RunStatus::Ok && r.medianSeconds() &&
            (!best || *r.medianSeconds() < *best->medianSeconds()))
            best = &r;
    if (!best)
        return std::nullopt;
    const double limit = plan.skipFactor * *best->medianSeconds();
    // What is known of each cell.
    std::map<std::pair<int, int>, const ConfigResult*> known;
    for (const auto& r : done)
        if (r.config.group == group)
            known[{r.config.spec.workers, r.config.spec.blasThreads}] = &r;
    auto slow = [&](const ConfigResult* r) {
        if (!r)
            return false;
        if (r->status == RunStatus::TimedOut || r->status == RunStatus::Skipped)
            return true;
        return r->status == RunStatus::Ok && r->medianSeconds() && *r->medianSeconds() > limit;
    };
    // The axis values present in the plan.
    std::vector<int> ws, bs;
    for (const auto& c : plan.configs) {
        if (c.group != group)
            continue;
        ws.push_back(c.spec.workers);
        bs.push_back(c.spec.blasThreads);
    }
    for (auto* v : {&ws, &bs}) {
        std::sort(v->begin(), v->end());
        v->erase(std::unique(v->begin(), v->end()), v->end());
    }
    const double diagonal = std::log2(double(std::max(1, plan.logicalCpus)));
    auto distance = [&](int w, int b) { return std::abs(std::log2(double(w) * b) - diagonal); };
    // Along one axis (`row`: vary BLAS threads at this cell's workers), the two nearest cells
    // towards the diagonal, if this cell lies off it in that direction.
    auto check = [&](bool row) -> std::optional<std::string> {
        const auto& axis = row ? bs : ws;
        const int mine = row ? me.blasThreads : me.workers;
        const auto at = std::find(axis.begin(), axis.end(), mine) - axis.begin();
        auto cellAt = [&](std::ptrdiff_t k) {
            return row ? std::pair{me.workers, axis[std::size_t(k)]}
                       : std::pair{axis[std::size_t(k)], me.blasThreads};
        };
        for (int step : {-1, 1}) {
            const auto k1 = at + step, k2 = at + 2 * step;
            if (k2 < 0 || k2 >= std::ptrdiff_t(axis.size()))
                continue;
            const auto n1 = cellAt(k1), n2 = cellAt(k2);
            // Only inward: each neighbour nearer the diagonal than the one before.
            if (!(distance(n1.first, n1.second) < distance(me.workers, me.blasThreads) &&
                  distance(n2.first, n2.second) < distance(n1.first, n1.second)))
                continue;
            const auto a = known.find(n1), b = known.find(n2);
            if (a == known.end() || b == known.end() || !slow(a->second) || !slow(b->second))
                continue;
            return fmt::format("skipped: predicted slower than {:.3g} s ({}x the best cell so "
                               "far, {}) from its neighbours {} and {}",
                               limit, plan.skipFactor, best->config.label, a->second->config.label,
                               b->second->config.label);
        }
        return std::nullopt;
    };
    if (auto r = check(true))
        return r;
    return check(false);
}

} // namespace threadmix
