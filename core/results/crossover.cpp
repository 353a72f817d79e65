// The crossover sentence of a size sweep.
#include "core/results/crossover.h"

#include <algorithm>

#include <fmt/format.h>

namespace threadmix {

std::string crossoverText(const std::vector<ConfigResult>& results) {
    // Per size, the fastest finished configuration, described without its size prefix.
    std::vector<std::pair<std::int64_t, std::string>> winners;
    for (std::size_t i = 0; i < results.size();) {
        const auto n = results[i].config.spec.size;
        const ConfigResult* best = nullptr;
        for (; i < results.size() && results[i].config.spec.size == n; ++i) {
            const auto& r = results[i];
            if (r.status == RunStatus::Ok && r.medianSeconds() &&
                (!best || *r.medianSeconds() < *best->medianSeconds()))
                best = &r;
        }
        if (best) {
            auto label = best->config.label;
            if (auto colon = label.find(": "); colon != std::string::npos)
                label = label.substr(colon + 2);
            winners.emplace_back(n, label);
        }
    }
    if (winners.empty())
        return "No size finished.";
    std::string out;
    std::size_t start = 0;
    for (std::size_t i = 1; i <= winners.size(); ++i) {
        if (i < winners.size() && winners[i].second == winners[start].second)
            continue;
        const auto from = winners[start].first, to = winners[i - 1].first;
        out += fmt::format("{}{} is fastest {}", out.empty() ? "" : "; ", winners[start].second,
                           from == to ? fmt::format("at n={}", from)
                                      : fmt::format("from n={} to n={}", from, to));
        start = i;
    }
    if (std::any_of(winners.begin(), winners.end(),
                    [&](const auto& w) { return w.second != winners.front().second; }))
        out += ". The best configuration changes with the matrix size on this machine.";
    else
        out += ". One configuration wins at every size measured.";
    return out;
}

} // namespace threadmix
