// The measurement loop over a plan.
#include "core/run/engine.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "core/results/skipprediction.h"

namespace threadmix {

std::vector<ConfigResult> Engine::run(const Plan& plan, EngineObserver* observer,
                                      std::stop_token stop,
                                      const std::map<std::size_t, ConfigResult>* finished) const {
    std::vector<ConfigResult> results;
    if (observer)
        observer->planStarted(plan);
    // Each group's budget comes from its own first cell (its 1x1): libraries differ.
    std::map<GroupKey, double> firstSeconds;
    std::map<GroupKey, std::size_t> firstOfGroup;
    for (std::size_t i = 0; i < plan.configs.size(); ++i)
        firstOfGroup.emplace(plan.configs[i].group, i);
    for (std::size_t i = 0; i < plan.configs.size(); ++i) {
        if (stop.stop_requested())
            break;
        const auto& config = plan.configs[i];
        const bool first = firstOfGroup.at(config.group) == i;
        std::optional<double> firstTook;
        if (auto it = firstSeconds.find(config.group); !first && it != firstSeconds.end())
            firstTook = it->second;
        const double budget = cellBudget(plan, config.spec, firstTook);
        const auto* earlier = finished && finished->count(i) ? &finished->at(i) : nullptr;
        if (earlier) {
            results.push_back(*earlier);
            if (observer)
                observer->configFinished(i, results.back());
        } else if (auto why = skipReason(plan, results, i)) {
            ConfigResult skipped;
            skipped.config = config;
            skipped.config.spec.budgetSeconds = budget;
            skipped.status = RunStatus::Skipped;
            skipped.reason = *why;
            results.push_back(skipped);
            if (observer) {
                observer->configStarted(i, config);
                observer->configFinished(i, results.back());
            }
        } else {
            results.push_back(runConfiguration(i, config, budget, observer, stop));
        }
        const auto& done = results.back();
        if (first && done.status == RunStatus::Ok)
            firstSeconds[config.group] = done.elapsedSeconds;
        if (done.status == RunStatus::Cancelled)
            break;
    }
    return results;
}

ConfigResult Engine::runConfiguration(std::size_t index, const Configuration& config, double budget,
                                      EngineObserver* observer, std::stop_token stop) const {
    ConfigResult result;
    result.config = config;
    result.config.spec.budgetSeconds = budget;
    if (observer)
        observer->configStarted(index, config);
    const double start = monotonicSeconds();
    const double deadline = start + budget;
    const int total = config.spec.warmup + config.spec.repeats;
    for (int rep = 0; rep < total; ++rep) {
        const bool warmup = rep < config.spec.warmup;
        const auto outcome = m_runner.runOnce(config.spec, deadline, stop);
        if (observer)
            observer->repetitionFinished(index, rep, warmup, outcome);
        if (outcome.status != RunStatus::Ok) {
            result.status = outcome.status;
            result.reason = outcome.reason;
            if (outcome.status == RunStatus::TimedOut)
                result.reason = fmt::format(
                    "time budget of {:.1f} s used up after {} of {} repetitions (warm-up "
                    "included); the unfinished one was stopped after {:.2f} s",
                    budget, rep, total, outcome.seconds);
            break;
        }
        if (!warmup)
            result.repetitions.push_back(outcome.result);
    }
    result.elapsedSeconds = monotonicSeconds() - start;
    if (observer)
        observer->configFinished(index, result);
    return result;
}

} // namespace threadmix
