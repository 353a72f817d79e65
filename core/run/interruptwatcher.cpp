// sigtimedwait on a watcher thread: safe to call stop_source::request_stop there.
#include "core/run/interruptwatcher.h"

#include <signal.h>

#include <ctime>

namespace threadmix {
namespace {

sigset_t watchedSignals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    return set;
}

} // namespace

InterruptWatcher::InterruptWatcher(std::stop_source source) : m_source(std::move(source)) {
    const sigset_t set = watchedSignals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    m_thread = std::jthread([this, set](std::stop_token st) {
        const timespec tick{0, 50'000'000};
        while (!st.stop_requested()) {
            const int sig = sigtimedwait(&set, nullptr, &tick);
            if (sig > 0) {
                m_signal.store(sig);
                m_source.request_stop();
            }
        }
    });
}

InterruptWatcher::~InterruptWatcher() {
    m_thread.request_stop();
    m_thread.join();
    const sigset_t set = watchedSignals();
    pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

} // namespace threadmix
