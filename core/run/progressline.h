// A one-line progress display with ETA for terminals (stderr), updated as the engine runs.
#pragma once

#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

#include "core/run/engine.h"
#include "core/run/progressestimate.h"

namespace threadmix {

class ProgressLine : public EngineObserver {
public:
    explicit ProgressLine(std::FILE* out);
    ~ProgressLine() override;

    void planStarted(const Plan& plan) override;
    void configStarted(std::size_t index, const Configuration& config) override;
    void repetitionFinished(std::size_t index, int rep, bool warmup,
                            const RepetitionOutcome& outcome) override;
    void configFinished(std::size_t index, const ConfigResult& result) override;

private:
    void draw();

    std::FILE* m_out;
    std::mutex m_mutex;
    ProgressEstimate m_estimate;
    std::string m_label;
    bool m_started = false;
    std::jthread m_ticker;
};

} // namespace threadmix
