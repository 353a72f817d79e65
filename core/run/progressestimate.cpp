// ETA from the mean duration of the child processes so far.
#include "core/run/progressestimate.h"

#include <algorithm>

namespace threadmix {

void ProgressEstimate::planStarted(const Plan& plan, double now) {
    *this = ProgressEstimate();
    m_configs = plan.configs.size();
    for (const auto& c : plan.configs)
        m_total += c.spec.warmup + c.spec.repeats;
    m_planStart = m_repStart = now;
}

void ProgressEstimate::configStarted(std::size_t index, const Configuration& config, double now) {
    m_index = index;
    m_rep = 0;
    m_repsPerConfig = config.spec.warmup + config.spec.repeats;
    m_repStart = now;
}

void ProgressEstimate::repetitionFinished(int rep, double childSeconds, double now) {
    m_rep = rep + 1;
    ++m_done;
    m_childSeconds += childSeconds;
    m_repStart = now;
}

void ProgressEstimate::configFinished(const ConfigResult&) {
    m_total -= m_repsPerConfig - m_rep;
    m_repsPerConfig = m_rep;
}

double ProgressEstimate::eta(double now) const {
    if (m_done == 0)
        return -1;
    const double mean = m_childSeconds / double(m_done);
    const double running = now - m_repStart;
    const long left = m_total - m_done;
    return std::max(0.0, double(left) * mean - std::min(running, mean));
}

} // namespace threadmix
