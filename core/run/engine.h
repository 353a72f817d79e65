// Runs a plan: warm-ups, counted repetitions in fresh child processes, budgets, cancel.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <stop_token>
#include <vector>

#include "core/results/configresult.h"
#include "core/run/isolatedrunner.h"
#include "core/spec/plan.h"

namespace threadmix {

// Callbacks from the thread that runs the engine; implementations must be quick.
class EngineObserver {
public:
    virtual ~EngineObserver() = default;
    virtual void planStarted(const Plan&) {}
    virtual void configStarted(std::size_t /*index*/, const Configuration&) {}
    // Every finished child, warm-up or counted (rep counts from 0 over both).
    virtual void repetitionFinished(std::size_t /*index*/, int /*rep*/, bool /*warmup*/,
                                    const RepetitionOutcome&) {}
    virtual void configFinished(std::size_t /*index*/, const ConfigResult&) {}
};

class Engine {
public:
    explicit Engine(IsolatedRunner runner = IsolatedRunner()) : m_runner(std::move(runner)) {}

    // Returns one result per configuration that was started. Configurations that fail or
    // time out are recorded as such and the plan goes on; a stop request ends the running
    // configuration as `cancelled` (keeping its finished repetitions) and starts no other.
    // `finished` (resuming a journal): configurations already measured are not run again;
    // they are reported through configFinished and returned as they are.
    std::vector<ConfigResult>
    run(const Plan& plan, EngineObserver* observer, std::stop_token stop,
        const std::map<std::size_t, ConfigResult>* finished = nullptr) const;

    // One configuration under an explicit budget (seconds).
    ConfigResult runConfiguration(std::size_t index, const Configuration& config, double budget,
                                  EngineObserver* observer, std::stop_token stop) const;

private:
    IsolatedRunner m_runner;
};

} // namespace threadmix
