// The crossover sentence of a size sweep.
#include "core/results/crossover.h"

#include <algorithm>

#include <map>

#include <fmt/format.h>

#include "core/results/libraries.h"
#include "core/spec/plan.h"

namespace threadmix {

namespace {

// "openblas-pthreads: n=512: pool of 2 workers, 1 BLAS thread" -> "pool of 2 workers, ...".
std::string strategyOf(const ConfigResult& r) {
    auto label = r.config.label;
    const auto lib = withLibrary(r.config.spec.blasLibrary, "");
    if (label.rfind(lib, 0) == 0)
        label.erase(0, lib.size());
    if (label.rfind("n=", 0) == 0)
        if (auto colon = label.find(": "); colon != std::string::npos)
            label = label.substr(colon + 2);
    return label;
}

// Per size, in increasing order, the fastest finished configuration's strategy.
std::vector<std::pair<std::int64_t, std::string>>
winnersOf(const std::vector<ConfigResult>& results) {
    std::map<std::int64_t, const ConfigResult*> best;
    for (const auto& r : results) {
        if (r.status != RunStatus::Ok || !r.medianSeconds())
            continue;
        auto& b = best[r.config.spec.size];
        if (!b || *r.medianSeconds() < *b->medianSeconds())
            b = &r;
    }
    std::vector<std::pair<std::int64_t, std::string>> out;
    for (const auto& [n, r] : best)
        if (r)
            out.emplace_back(n, strategyOf(*r));
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
        auto name = strategyOf(r);
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
        const auto winners = winnersOf(ofLibrary(results, lib));
        for (std::size_t i = 1; i < winners.size(); ++i)
            if (winners[i].second != winners[i - 1].second)
                out.emplace_back(winners[i - 1].first, winners[i].first);
    }
    return out;
}

} // namespace threadmix
