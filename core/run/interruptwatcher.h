// Turns SIGINT, SIGTERM and SIGHUP into a stop request, outside any signal handler.
#pragma once

#include <atomic>
#include <stop_token>
#include <thread>

namespace threadmix {

class InterruptWatcher {
public:
    // Blocks the signals in the calling thread (call it before starting other threads, which
    // inherit the mask) and watches for them on a thread of its own.
    explicit InterruptWatcher(std::stop_source source);
    ~InterruptWatcher(); // restores the signal mask

    bool interrupted() const { return m_signal.load() != 0; }
    int signalNumber() const { return m_signal.load(); }

private:
    std::stop_source m_source;
    std::atomic<int> m_signal{0};
    std::jthread m_thread;
};

} // namespace threadmix
