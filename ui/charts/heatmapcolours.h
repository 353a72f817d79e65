// The heat map's colour scales, shared by its cells and its legend. Private to ui/charts.
#pragma once

#include <QColor>

#include <algorithm>
#include <cmath>

namespace threadmix::ui::mapcolours {

inline QColor mix(const QColor& a, const QColor& b, double t) {
    t = std::clamp(t, 0.0, 1.0);
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
                            float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

// Diverging: red (slower than 1x1) - white (same) - blue (faster), on log2, saturating at
// 2^span x (the span covers the data: see divergingSpan).
inline QColor diverging(double speedup, int span) {
    const double t =
        std::clamp(std::log2(std::max(speedup, 1e-9)) / double(std::max(1, span)), -1.0, 1.0);
    const QColor slow(178, 24, 43), mid(247, 247, 247), fast(33, 102, 172);
    return t < 0 ? mix(mid, slow, -t) : mix(mid, fast, t);
}

// Sequential, light to dark. One colour meaning on every layer: red is worse (time, involuntary
// switches: darker = more), blue is better (GFLOP/s, % of peak, CPU use: darker = more).
inline QColor sequential(double t, bool redIsMore) {
    const QColor reds[] = {QColor(255, 247, 236), QColor(253, 187, 132), QColor(239, 101, 72),
                           QColor(179, 0, 0), QColor(80, 0, 0)};
    const QColor blues[] = {QColor(247, 251, 255), QColor(198, 219, 239), QColor(107, 174, 214),
                            QColor(33, 113, 181), QColor(8, 48, 107)};
    const QColor* stops = redIsMore ? reds : blues;
    t = std::clamp(t, 0.0, 1.0) * 4.0;
    const int i = std::min(3, int(t));
    return mix(stops[i], stops[i + 1], t - i);
}

inline bool darkBackground(const QColor& c) {
    return c.lightnessF() < 0.5;
}

} // namespace threadmix::ui::mapcolours
