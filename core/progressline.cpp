// Redraws "\r[i/n] label  rep r/R  elapsed  ETA" twice a second while a plan runs.
#include "core/progressline.h"

#include <chrono>
#include <condition_variable>

#include <fmt/format.h>

namespace threadmix {
namespace {

std::string duration(double s) {
    if (s < 60)
        return fmt::format("{:.0f} s", s);
    if (s < 3600)
        return fmt::format("{}m{:02.0f}s", int(s / 60), s - 60 * int(s / 60));
    return fmt::format("{}h{:02d}m", int(s / 3600), int(s / 60) % 60);
}

} // namespace

ProgressLine::ProgressLine(std::FILE* out) : m_out(out) {
    m_ticker = std::jthread([this](std::stop_token st) {
        std::mutex m;
        std::condition_variable_any cv;
        std::unique_lock lock(m);
        while (!cv.wait_for(lock, st, std::chrono::milliseconds(500), [] { return false; })) {
            std::lock_guard g(m_mutex);
            if (m_configs > 0)
                draw();
        }
    });
}

ProgressLine::~ProgressLine() {
    m_ticker.request_stop();
    m_ticker.join();
    std::lock_guard g(m_mutex);
    if (m_configs > 0)
        std::fputs("\r\033[K", m_out);
    std::fflush(m_out);
}

void ProgressLine::planStarted(const Plan& plan) {
    std::lock_guard g(m_mutex);
    m_configs = plan.configs.size();
    m_childrenTotal = 0;
    for (const auto& c : plan.configs)
        m_childrenTotal += c.spec.warmup + c.spec.repeats;
    m_planStart = monotonicSeconds();
}

void ProgressLine::configStarted(std::size_t index, const Configuration& config) {
    std::lock_guard g(m_mutex);
    m_index = index;
    m_label = config.label;
    m_rep = 0;
    m_repsPerConfig = config.spec.warmup + config.spec.repeats;
    m_repStart = monotonicSeconds();
    draw();
}

void ProgressLine::repetitionFinished(std::size_t, int rep, bool, const RepetitionOutcome& o) {
    std::lock_guard g(m_mutex);
    m_rep = rep + 1;
    ++m_childrenDone;
    m_childSeconds += o.seconds;
    m_repStart = monotonicSeconds();
    draw();
}

void ProgressLine::configFinished(std::size_t, const ConfigResult& result) {
    std::lock_guard g(m_mutex);
    // A configuration that stopped early will not run its remaining children.
    m_childrenTotal -= m_repsPerConfig - m_rep;
    if (result.status != RunStatus::Ok) {
        std::fputs("\r\033[K", m_out);
        std::fputs(fmt::format("{}: {}\n", result.config.label, result.reason).c_str(), m_out);
    }
}

double ProgressLine::etaSeconds() const {
    if (m_childrenDone == 0)
        return -1;
    const double mean = m_childSeconds / double(m_childrenDone);
    const double running = monotonicSeconds() - m_repStart;
    const long left = m_childrenTotal - m_childrenDone;
    return std::max(0.0, double(left) * mean - std::min(running, mean));
}

void ProgressLine::draw() {
    const double elapsed = monotonicSeconds() - m_planStart;
    const double eta = etaSeconds();
    auto line =
        fmt::format("\r[{}/{}] {}  process {}/{}  {} elapsed  ETA {}\033[K", m_index + 1, m_configs,
                    m_label, std::min(m_rep + 1, m_repsPerConfig), m_repsPerConfig,
                    duration(elapsed), eta < 0 ? "?" : "~" + duration(eta));
    std::fputs(line.c_str(), m_out);
    std::fflush(m_out);
}

} // namespace threadmix
