// Derived figures of a configuration's repetitions.
#include "core/results/configresult.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace threadmix {

std::vector<double> ConfigResult::wallSeconds() const {
    std::vector<double> v;
    v.reserve(repetitions.size());
    for (const auto& r : repetitions)
        v.push_back(r.wallSeconds);
    return v;
}

std::optional<double> ConfigResult::medianSeconds() const {
    if (repetitions.empty())
        return std::nullopt;
    return seconds().median;
}

std::optional<double> ConfigResult::gflops() const {
    const auto t = medianSeconds();
    const double flops = config.spec.flops();
    if (!t || *t <= 0 || flops <= 0)
        return std::nullopt;
    return flops / *t * 1e-9;
}

std::optional<double> ConfigResult::gbytesPerSecond() const {
    const auto t = medianSeconds();
    if (!t || *t <= 0)
        return std::nullopt;
    return config.spec.bytesTouched() / *t * 1e-9;
}

double ConfigResult::medianOf(double RepetitionResult::*field) const {
    std::vector<double> v;
    for (const auto& r : repetitions)
        v.push_back(r.*field);
    return summarize(std::move(v)).median;
}

double ConfigResult::medianOf(std::int64_t RepetitionResult::*field) const {
    std::vector<double> v;
    for (const auto& r : repetitions)
        v.push_back(double(r.*field));
    return std::round(summarize(std::move(v)).median);
}

std::int64_t ConfigResult::peakRssBytes() const {
    std::int64_t peak = 0;
    for (const auto& r : repetitions)
        peak = std::max(peak, r.peakRssBytes);
    return peak;
}

const RepetitionResult* ConfigResult::medianRepetition() const {
    if (repetitions.empty())
        return nullptr;
    std::vector<const RepetitionResult*> order;
    for (const auto& r : repetitions)
        order.push_back(&r);
    std::sort(order.begin(), order.end(),
              [](auto* a, auto* b) { return a->wallSeconds < b->wallSeconds; });
    return order[(order.size() - 1) / 2];
}

std::vector<std::optional<double>> speedups(const std::vector<ConfigResult>& results) {
    // The baseline is the group's first row; if that row has no time, the group has no
    // speed-ups (another row standing in for it would mislead).
    std::map<std::string, std::optional<double>> baseline;
    std::vector<std::optional<double>> out;
    for (const auto& r : results) {
        const auto t = r.medianSeconds();
        auto it = baseline.find(r.config.group);
        if (it == baseline.end())
            it = baseline.emplace(r.config.group, t).first;
        if (t && *t > 0 && it->second && *it->second > 0)
            out.push_back(*it->second / *t);
        else
            out.push_back(std::nullopt);
    }
    return out;
}

} // namespace threadmix
