// Redraws "\r[i/n] label  process r/R  elapsed  ETA" twice a second while a plan runs.
#include "core/run/progressline.h"

#include <chrono>
#include <condition_variable>

#include <fmt/format.h>

#include "core/measure/repetition.h"

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
            if (m_started)
                draw();
        }
    });
}

ProgressLine::~ProgressLine() {
    m_ticker.request_stop();
    m_ticker.join();
    std::lock_guard g(m_mutex);
    if (m_started)
        std::fputs("\r\033[K", m_out);
    std::fflush(m_out);
}

void ProgressLine::planStarted(const Plan& plan) {
    std::lock_guard g(m_mutex);
    m_estimate.planStarted(plan, monotonicSeconds());
    m_started = true;
}

void ProgressLine::configStarted(std::size_t index, const Configuration& config) {
    std::lock_guard g(m_mutex);
    m_estimate.configStarted(index, config, monotonicSeconds());
    m_label = config.label;
    draw();
}

void ProgressLine::repetitionFinished(std::size_t, int rep, bool, const RepetitionOutcome& o) {
    std::lock_guard g(m_mutex);
    m_estimate.repetitionFinished(rep, o.seconds, monotonicSeconds());
    draw();
}

void ProgressLine::configFinished(std::size_t, const ConfigResult& result) {
    std::lock_guard g(m_mutex);
    m_estimate.configFinished(result);
    if (result.status != RunStatus::Ok) {
        std::fputs("\r\033[K", m_out);
        std::fputs(fmt::format("{}: {}\n", result.config.label, result.reason).c_str(), m_out);
    }
}

void ProgressLine::draw() {
    const double now = monotonicSeconds();
    const double eta = m_estimate.eta(now);
    const auto line =
        fmt::format("\r[{}/{}] {}  process {}/{}  {} elapsed  ETA {}\033[K",
                    m_estimate.configIndex() + 1, m_estimate.configCount(), m_label,
                    std::min(m_estimate.processInConfig() + 1, m_estimate.processesPerConfig()),
                    m_estimate.processesPerConfig(), duration(m_estimate.elapsed(now)),
                    eta < 0 ? "?" : "~" + duration(eta));
    std::fputs(line.c_str(), m_out);
    std::fflush(m_out);
}

} // namespace threadmix
