// The crossover sentence of a size sweep.
#include "core/results/crossover.h"

#include <algorithm>

#include <map>
#include <optional>

#include <fmt/format.h>

#include "core/results/libraries.h"
#include "core/results/recommendation.h"
#include "core/spec/plan.h"

namespace threadmix {

namespace {

// Per size, in increasing order, the fastest finished configuration's strategy, or "" when no
// configuration is faster than the runner-up beyond the noise (the recommendation's own test):
// a noisy alternation of winners is no finding.
using Winner = std::pair<std::int64_t, std::optional<Strategy>>;

std::vector<Winner> winnersOf(const std::vector<ConfigResult>& results) {
    std::map<std::int64_t, std::vector<ConfigResult>> bySize;
    for (const auto& r : results)
        bySize[r.config.spec.size].push_back(r);
    std::vector<Winner> out;
    for (const auto& [n, rows] : bySize) {
        const auto rec = recommend(rows);
        if (rec.best < 0)
            continue;
        out.emplace_back(n, rec.runnerUp < 0 || rec.beyondNoise
                                ? std::optional(strategyOf(rows[std::size_t(rec.best)].config))
                                : std::nullopt);
    }
    return out;
}

std::string oneLibrary(const std::vector<ConfigResult>& results) {
    const auto winners = winnersOf(results);
    if (winners.empty())
        return "No size finished.";
    std::string out;
    std::size_t start = 0;
    for (std::size_t i = 1; i <= winners.size(); ++i) {
        if (i < winners.size() && winners[i].second == winners[start].second)
            continue;
        const auto from = winners[start].first, to = winners[i - 1].first;
        const auto where =
            from == to ? fmt::format("at n={}", from) : fmt::format("from n={} to n={}", from, to);
        out += out.empty() ? "" : "; ";
        out += !winners[start].second
                   ? fmt::format("{} no strategy is faster than the next beyond the noise", where)
                   : fmt::format("{} is fastest {}", describe(*winners[start].second), where);
        start = i;
    }
    std::vector<Strategy> clear;
    for (const auto& w : winners)
        if (w.second && std::find(clear.begin(), clear.end(), *w.second) == clear.end())
            clear.push_back(*w.second);
    if (clear.size() > 1)
        out += ". The best configuration changes with the matrix size on this machine.";
    else if (clear.size() == 1 && clear.size() == winners.size())
        out += ". One configuration wins at every size measured.";
    else if (clear.size() == 1)
        out += ". No other configuration wins beyond the noise at any size.";
    else
        out += ". At no size does one configuration win beyond the noise: measure with more "
               "repetitions or a larger count.";
    return out;
}

std::vector<ConfigResult> ofLibrary(const std::vector<ConfigResult>& results, BlasLibrary lib) {
    std::vector<ConfigResult> out;
    for (const auto& r : results)
        if (r.config.spec.blasLibrary == lib)
            out.push_back(r);
    return out;
}

} // namespace

std::string crossoverText(const std::vector<ConfigResult>& results) {
    const auto libs = librariesIn(results);
    if (libs.size() <= 1)
        return oneLibrary(results);
    std::string out;
    for (auto lib : libs)
        out += (out.empty() ? "" : " ") + withLibrary(lib, oneLibrary(ofLibrary(results, lib)));
    return out;
}

std::vector<SizeSeries> sizeSeries(const std::vector<ConfigResult>& results) {
    std::vector<SizeSeries> out;
    for (const auto& r : results) {
        if (r.status != RunStatus::Ok || !r.medianSeconds() || r.config.spec.count <= 0)
            continue;
        auto name = describe(strategyOf(r.config));
        if (librariesIn(results).size() > 1)
            name = withLibrary(r.config.spec.blasLibrary, name);
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const SizeSeries& s) { return s.strategy == name; });
        if (it == out.end()) {
            out.push_back(SizeSeries{name, {}});
            it = out.end() - 1;
        }
        it->points.push_back(
            SizePoint{r.config.spec.size, *r.medianSeconds() / double(r.config.spec.count)});
    }
    for (auto& s : out)
        std::sort(s.points.begin(), s.points.end(),
                  [](const SizePoint& a, const SizePoint& b) { return a.n < b.n; });
    return out;
}

std::vector<std::pair<std::int64_t, std::int64_t>>
crossovers(const std::vector<ConfigResult>& results) {
    std::vector<std::pair<std::int64_t, std::int64_t>> out;
    for (auto lib : librariesIn(results)) {
        // Between two sizes with clear, different winners (sizes without one in between).
        Winner last{0, std::nullopt};
        for (const auto& w : winnersOf(ofLibrary(results, lib))) {
            if (!w.second)
                continue;
            if (last.second && *w.second != *last.second)
                out.emplace_back(last.first, w.first);
            last = w;
        }
    }
    return out;
}

} // namespace threadmix
