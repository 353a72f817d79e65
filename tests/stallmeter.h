// Measures how long the Qt event loop went without turning: the longest gap between ticks.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <algorithm>

namespace threadmix::test {

class StallMeter : public QObject {
public:
    explicit StallMeter(int tickMs = 10) {
        m_tick.setInterval(tickMs);
        QObject::connect(&m_tick, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.elapsed();
            m_worst = std::max(m_worst, now - m_last);
            m_last = now;
        });
        m_clock.start();
        m_tick.start();
    }
    void stop() { m_tick.stop(); }
    // Longest time between two ticks so far, in milliseconds.
    qint64 worstMs() const { return m_worst; }

private:
    QElapsedTimer m_clock;
    QTimer m_tick;
    qint64 m_last = 0;
    qint64 m_worst = 0;
};

} // namespace threadmix::test
