// A one-line progress display with ETA for terminals (stderr), updated as the engine runs.
#pragma once

#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

#include "core/engine.h"

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

    // Estimated seconds left: finished children's mean time x children still to run.
    double etaSeconds() const;

  private:
    void draw();

    std::FILE* m_out;
    mutable std::mutex m_mutex;
    std::size_t m_configs = 0;
    std::size_t m_index = 0;
    std::string m_label;
    int m_rep = 0;
    int m_repsPerConfig = 0;
    long m_childrenTotal = 0;
    long m_childrenDone = 0;
    double m_childSeconds = 0;
    double m_planStart = 0;
    double m_repStart = 0;
    std::jthread m_ticker;
};

} // namespace threadmix
