// The timing bars' parts shared by their files (timingbarsview.cpp: rows and events;
// timingbarslayout.cpp: where everything goes; timingbarspaint.cpp: drawing it): colours, axis
// steps, and the bar and layout records. Private to ui/charts.
#pragma once

#include <QColor>
#include <QFont>
#include <QRectF>
#include <QString>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "ui/charts/timingbarsview.h"

namespace threadmix::ui {
namespace barsparts {

inline const QColor kData(244, 165, 130);
inline const QColor kOperate(33, 102, 172);
inline const QColor kRunning(146, 197, 222);
inline const QColor kIncomplete(110, 110, 110);
// A process pool starting its worker processes (inside its wall time, as `with Pool()` is).
inline const QColor kPoolStart(90, 180, 172);
// Paired bars: A blue, B purple (never the colour of making data).
inline const QColor kA(33, 102, 172);
inline const QColor kB(118, 42, 131);

inline QString fromStd(const std::string& s) {
    return QString::fromStdString(s);
}

inline double niceStep(double span, int ticks) {
    const double raw = span / std::max(1, ticks);
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (raw <= m * p * (1 + 1e-9))
            return m * p;
    return 10 * p;
}

inline QString tickText(double v, double step) {
    // As many decimals as the step needs: 0, 0.5, 1 or 0.02, 0.04, and 0.25, 0.5, 0.75 (one
    // decimal would print 0.25 as "0.3").
    int decimals = 0;
    while (decimals < 4 && std::abs(step * std::pow(10.0, decimals) -
                                    std::round(step * std::pow(10.0, decimals))) > 1e-6)
        ++decimals;
    return QString::number(v, 'f', v == 0 ? 0 : decimals);
}

struct LegendItem {
    enum class Swatch { Fill, Hatch, Line, Dot } swatch;
    QColor colour;
    QString text;
};

} // namespace barsparts

struct TimingBarsView::Bar {
    enum class Kind { Done, Running, Pending, Incomplete };
    int row = -1;
    Kind kind = Kind::Pending;
    QString name;      // the configuration's label, without the group's name
    QString key;       // a short key for dense charts ("2 x 1", "pool 2x2")
    QString placement; // "data made up front"
    double total = 0, data = 0;
    double poolStart = 0; // a process pool's start-up: the bar's first part, before its data
    double min = 0, max = 0;
    std::vector<double> reps;
    bool measured = false;
    QString figures;  // "0.352 s · 2.99x faster", "timed out > 3.0 s"
    QString figures2; // "multiply 0.201 s · 1.87x faster"
    double b = -1;    // the comparison's median (paired bars)
};

struct TimingBarsView::Layout {
    QFont font, bold, small;
    QFont rowFont, rowBold; // the rows' names and figures (smaller on a dense chart)
    double lh = 14;
    QString title;
    QRectF titleBox;
    bool keys = false;      // short keys on the rows, the names in the key below
    bool rowText = true;    // rows too thin for any text: figures live in tooltips and table
    bool secondLine = true; // the operation-only figures under the total
    bool placementLine = true;
    double labelWidth = 0, figuresWidth = 0;
    QRectF plot;               // the bars' area; x from plot.left (0 s) to plot.right (axisMax)
    std::vector<QRectF> bands; // one per bar, top to bottom
    QString keyText;
    QRectF keyBox;
    QRectF axisBox;
    QString axisTitle;
    std::vector<barsparts::LegendItem> legend;
    std::vector<QRectF> legendBoxes; // the swatch and text of each item
    double legendTop = 0;            // the legend's first line
    double axisMax = 1;
    double step = 0.5;
};

} // namespace threadmix::ui
