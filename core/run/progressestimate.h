// Progress and ETA of a running plan, shared by the terminal progress line and the window.
#pragma once

#include <cstddef>

#include "core/results/configresult.h"
#include "core/spec/plan.h"

namespace threadmix {

class ProgressEstimate {
public:
    void planStarted(const Plan& plan, double now);
    void configStarted(std::size_t index, const Configuration& config, double now);
    void repetitionFinished(int rep, double childSeconds, double now);
    // A configuration that stopped early will not run the rest of its processes.
    void configFinished(const ConfigResult& result);

    std::size_t configIndex() const { return m_index; }
    std::size_t configCount() const { return m_configs; }
    int processInConfig() const { return m_rep; } // processes finished in this configuration
    int processesPerConfig() const { return m_repsPerConfig; }
    long processesDone() const { return m_done; }
    long processesTotal() const { return m_total; }
    double elapsed(double now) const { return now - m_planStart; }
    // Seconds left: finished processes' mean time x processes still to run; -1 if unknown.
    double eta(double now) const;

private:
    std::size_t m_configs = 0;
    std::size_t m_index = 0;
    int m_rep = 0;
    int m_repsPerConfig = 0;
    long m_total = 0;
    long m_done = 0;
    double m_childSeconds = 0;
    double m_planStart = 0;
    double m_repStart = 0;
};

} // namespace threadmix
