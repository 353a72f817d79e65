// Layout of the timing bars: a name column, the bars, a figures column, the time axis and a
// wrapped legend, each measured with the font before anything is drawn.
#include "ui/charts/timingbarsview.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <set>

#include "core/results/configresult.h"
#include "ui/charts/charttext.h"
#include "ui/charts/heatmapview.h"
#include "ui/charts/timingbarsparts.h"
#include "ui/model/runmodel.h"

namespace threadmix::ui {

namespace ct = charttext;
using namespace barsparts;

namespace {

// The padding around the chart and between its parts.
double padOf(double lh) {
    return std::max(4.0, lh * 0.4);
}

} // namespace

TimingBarsView::Layout TimingBarsView::layOut(const std::vector<Bar>& bars,
                                              const QRect& rect) const {
    Layout L;
    L.font = font();
    L.bold = L.font;
    L.bold.setBold(true);
    L.small = L.font;
    L.rowFont = L.font;
    L.rowBold = L.bold;
    L.lh = ct::lineHeight(L.font);
    const double pad = padOf(L.lh);
    const QRectF area = QRectF(rect).adjusted(pad, pad, -pad, -pad);
    const double w = area.width();
    const int n = int(bars.size());

    L.title = title(bars);
    const double titleH = ct::wrappedSize(L.bold, L.title, w).height();
    L.titleBox = QRectF(area.left(), area.top(), w, titleH);
    if (n == 0)
        return L;
    addLegend(L, bars, area);

    // Where every row made its data the same way, the axis says it once instead of every row.
    bool onePlacement = true;
    for (const auto& b : bars)
        onePlacement &= b.placement == bars.front().placement;
    L.placementLine = !onePlacement;
    L.axisTitle = axisTitle(bars, onePlacement);
    const double axisTitleH = ct::wrappedSize(L.bold, L.axisTitle, w).height();
    const double axisH = L.lh + 6 + axisTitleH;
    const double top = L.titleBox.bottom() + pad;
    double plotH = L.legendTop - pad - axisH - top;
    if (!rowsFit(L, bars, w, plotH))
        plotH = layOutDense(L, bars, area, plotH, onePlacement);
    const double gap = L.labelWidth > 0 ? pad : 0;
    L.plot = QRectF(
        area.left() + L.labelWidth + gap, top,
        std::max(20.0, w - L.labelWidth - gap - L.figuresWidth - (L.figuresWidth > 0 ? pad : 0)),
        std::max(10.0, plotH));
    const double band = L.plot.height() / n;
    L.bands.reserve(std::size_t(n));
    for (int i = 0; i < n; ++i)
        L.bands.push_back(QRectF(area.left(), L.plot.top() + i * band, w, band));
    L.axisBox = QRectF(L.plot.left(), L.plot.bottom(), L.plot.width(), axisH);
    layOutAxis(L, bars);
    return L;
}

// The legend: the kinds present, flowing onto as many lines as it needs at the bottom.
void TimingBarsView::addLegend(Layout& L, const std::vector<Bar>& bars, const QRectF& area) const {
    bool anyData = false, anyRunning = false, anyIncomplete = false, anyWhisker = false;
    bool anyStart = false;
    for (const auto& b : bars) {
        anyData |= b.kind == Bar::Kind::Done && b.data > 0;
        anyStart |= b.kind == Bar::Kind::Done && b.poolStart > 0;
        anyRunning |= b.kind == Bar::Kind::Running;
        anyIncomplete |= b.kind == Bar::Kind::Incomplete;
        anyWhisker |= b.reps.size() > 1;
    }
    const auto& spec0 = m_model->result(bars.front().row).config.spec;
    if (m_model->hasComparison()) {
        L.legend.push_back({LegendItem::Swatch::Fill, kA, tr("A: these results")});
        L.legend.push_back(
            {LegendItem::Swatch::Fill, kB, tr("B: %1").arg(m_model->comparisonName())});
    } else {
        if (anyStart)
            L.legend.push_back(
                {LegendItem::Swatch::Fill, kPoolStart, tr("starting the worker processes")});
        if (anyData)
            L.legend.push_back({LegendItem::Swatch::Fill, kData, tr("making data")});
        // A process pool that sends its operands sends them while its workers multiply: the
        // sending is inside that part of its bar (the timeline shows it per task).
        const bool sending = std::any_of(bars.begin(), bars.end(), [&](const Bar& b) {
            return m_model->result(b.row).config.spec.sendsOperands();
        });
        L.legend.push_back(
            {LegendItem::Swatch::Fill, kOperate,
             sending ? tr("%1 (and sending, for processes or MPI ranks)").arg(operationName(spec0))
                     : operationName(spec0)});
        if (anyRunning)
            L.legend.push_back({LegendItem::Swatch::Fill, kRunning, tr("running (so far)")});
        if (anyIncomplete)
            L.legend.push_back({LegendItem::Swatch::Hatch, kIncomplete, tr("did not finish")});
        if (anyWhisker)
            L.legend.push_back({LegendItem::Swatch::Line, Qt::black, tr("min..max")});
        L.legend.push_back({LegendItem::Swatch::Dot, Qt::black, tr("repetition")});
    }
    const double w = area.width();
    const double swatch = L.lh * 0.9;
    double x = 0, y = 0, lineH = 0;
    for (const auto& item : L.legend) {
        const double textW = std::min(ct::lineWidth(L.font, item.text) + 1, w - swatch - 6);
        const double textH = ct::wrappedSize(L.font, item.text, textW).height();
        const double itemW = swatch + 6 + textW;
        if (x > 0 && x + itemW > w) {
            x = 0;
            y += lineH;
            lineH = 0;
        }
        L.legendBoxes.push_back(QRectF(area.left() + x, y, swatch, swatch));
        L.legendBoxes.push_back(QRectF(area.left() + x + swatch + 6, y, textW, textH));
        x += itemW + L.lh;
        lineH = std::max(lineH, std::max(textH, L.lh) + L.lh * 0.2);
    }
    L.legendTop = area.bottom() - (y + lineH);
    for (std::size_t i = 0; i < L.legendBoxes.size(); i += 2) {
        L.legendBoxes[i + 1].translate(0, L.legendTop);
        L.legendBoxes[i].moveTop(L.legendBoxes[i + 1].top() + (L.lh - swatch) / 2);
    }
}

// The time axis' title: the task count once when every row has the same (a size sweep's differ
// per size), and where the data was made when every row made it the same way.
QString TimingBarsView::axisTitle(const std::vector<Bar>& bars, bool onePlacement) const {
    const auto& spec0 = m_model->result(bars.front().row).config.spec;
    bool oneCount = true;
    for (const auto& b : bars)
        oneCount &= m_model->result(b.row).config.spec.count == spec0.count;
    const QString tasks = oneCount ? tr("seconds for %1 tasks").arg(spec0.count)
                                   : tr("seconds per run (each size its own task count)");
    return onePlacement ? tr("%1, %2 (lower is better)").arg(tasks, bars.front().placement)
                        : tr("%1 (lower is better)").arg(tasks);
}

// Whether every row fits its name wrapped in the name column and both figure lines in the figures
// column (sizing the two columns); false: the chart is dense.
bool TimingBarsView::rowsFit(Layout& L, const std::vector<Bar>& bars, double w,
                             double plotH) const {
    const double n = double(bars.size());
    auto needs = [&](const Bar& b, double labelW, double figuresW) {
        const double name =
            ct::wrappedSize(L.bold, b.name, labelW).height() +
            (L.placementLine ? ct::wrappedSize(L.small, b.placement, labelW).height() : 0);
        const double figs = ct::wrappedSize(L.font, b.figures, figuresW).height() +
                            ct::wrappedSize(L.small, b.figures2, figuresW).height();
        return std::max(name, figs) + 4;
    };
    // The first row at the widest the columns can be needs at least this much (wrapping in a
    // narrower column never takes fewer lines): too many rows for it skip measuring every row.
    if (needs(bars.front(), w * 0.34, w * 0.4) * n > plotH)
        return false;
    // Figures column: as wide as the widest figures, at most 40% of the width.
    double figW = 0;
    for (const auto& b : bars) {
        figW = std::max(figW, ct::lineWidth(L.font, b.figures));
        figW = std::max(figW, ct::lineWidth(L.small, b.figures2));
    }
    L.figuresWidth = std::min(figW + 2, w * 0.4);
    // Names: wrapped in their column when every row has room; else short keys and a key below.
    double nameW = 0;
    for (const auto& b : bars)
        nameW = std::max({nameW, ct::lineWidth(L.bold, b.name),
                          L.placementLine ? ct::lineWidth(L.small, b.placement) : 0.0});
    L.labelWidth = std::min(nameW + 2, w * 0.34);
    // One row too tall for its share is enough to make the chart dense.
    for (const auto& b : bars)
        if (needs(b, L.labelWidth, L.figuresWidth) * n > plotH)
            return false;
    return true;
}

// Dense: a key of one line per row, the figures on one line, the names in the key below; in a
// smaller font (down to charttext's minimum) if the rows need it; with no row text at all when
// even that does not fit. Returns the plot's height left.
double TimingBarsView::layOutDense(Layout& L, const std::vector<Bar>& bars, const QRectF& area,
                                   double plotH0, bool onePlacement) const {
    const double w = area.width();
    const double pad = padOf(L.lh);
    const double legendTop = L.legendTop;
    const int n = int(bars.size());
    L.keys = true;
    L.placementLine = false;
    L.secondLine = false;
    QStringList entries;
    for (const auto& b : bars)
        if (b.key != b.name)
            // A name that says where its data came from (the processes study's) needs no more.
            entries << (onePlacement || b.name.contains(QStringLiteral("data "))
                            ? QStringLiteral("%1 = %2").arg(b.key, b.name)
                            : QStringLiteral("%1 = %2, %3").arg(b.key, b.name, b.placement));
    if (entries.isEmpty()) // the keys are the names (a sweep's "2 x 1")
        entries << tr("rows: pool workers x BLAS threads");
    L.keyText = entries.join(QStringLiteral("; "));
    double plotH = plotH0;
    bool fits = false;
    // Where the key of full names takes the rows' room (a narrow chart of long names), the keys
    // alone label the rows, the full names in the tooltips and the table.
    const QString shortKey = entries.size() > 1 && bars.size() <= 12
                                 ? tr("Full names: hover a bar, or read the table.")
                                 : QString();
    for (double scale = 1.0; !fits; scale -= 0.1) {
        QFont rf = L.font;
        rf.setPointSizeF(std::max(ct::kMinPointSize, L.font.pointSizeF() * scale));
        QFont rb = rf;
        rb.setBold(true);
        const double keyH = ct::wrappedSize(rf, L.keyText, w).height();
        plotH = plotH0 - keyH - pad;
        L.rowFont = rf;
        L.rowBold = rb;
        L.keyBox = QRectF(area.left(), legendTop - pad - keyH, w, keyH);
        double oneLine = ct::lineHeight(rf) + 2;
        // Rows thinner than one line of this font: no need to measure them.
        if (oneLine * n <= plotH) {
            double keyW = 0, figWidth = 0;
            for (const auto& b : bars) {
                keyW = std::max(keyW, ct::lineWidth(rb, b.key));
                figWidth = std::max(figWidth, ct::lineWidth(rf, b.figures));
            }
            L.labelWidth = std::min(keyW + 2, w * 0.3);
            L.figuresWidth = std::min(figWidth + 2, w * 0.4);
            for (const auto& b : bars) {
                oneLine = std::max(oneLine, ct::wrappedSize(rb, b.key, L.labelWidth).height() + 2);
                oneLine =
                    std::max(oneLine, ct::wrappedSize(rf, b.figures, L.figuresWidth).height() + 2);
            }
            fits = oneLine * n <= plotH;
        }
        if (!fits && rf.pointSizeF() <= ct::kMinPointSize + 1e-9 && !shortKey.isEmpty() &&
            L.keyText != shortKey) {
            L.keyText = shortKey;
            scale = 1.1; // again from the full size, with the short key
            continue;
        }
        if (rf.pointSizeF() <= ct::kMinPointSize + 1e-9)
            break;
    }
    if (fits)
        return plotH;
    L.rowText = false;
    L.labelWidth = 0;
    L.figuresWidth = 0;
    L.rowFont = L.small;
    L.keyText =
        tr("%1 bars are too many to label at this size: hover a bar, or read the table.").arg(n);
    const double h = ct::wrappedSize(L.small, L.keyText, w).height();
    L.keyBox = QRectF(area.left(), legendTop - pad - h, w, h);
    return plotH0 - h - pad;
}

// The axis covers what finished (a bar that did not finish never sets it), with ticks as many
// as fit their labels.
void TimingBarsView::layOutAxis(Layout& L, const std::vector<Bar>& bars) const {
    double axisMax = 0;
    for (const auto& b : bars) {
        if (b.kind != Bar::Kind::Done)
            continue;
        axisMax = std::max(axisMax, b.total);
        for (double r : b.reps)
            axisMax = std::max(axisMax, r);
        if (b.b > 0)
            axisMax = std::max(axisMax, b.b);
    }
    if (axisMax <= 0)
        for (const auto& b : bars)
            axisMax = std::max({axisMax, b.total, b.b});
    axisMax = std::max(axisMax, m_axisAtLeast);
    const double labelW = ct::lineWidth(L.font, QStringLiteral("0.0000")) + L.lh;
    // At least two ticks (0 and one more): an axis with "0" alone has no scale.
    const int ticks = std::clamp(int(L.plot.width() / labelW), 2, 8);
    // The axis ends just past the longest bar (a round end could leave half the plot empty when
    // only a tick or two fit); ticks at round steps inside it.
    L.axisMax = axisMax > 0 ? axisMax * 1.04 : 1.0;
    L.step = niceStep(L.axisMax, ticks);
    if (L.axisMax / L.step > ticks + 1)
        L.step = niceStep(L.axisMax, std::max(1, ticks - 1));
}

} // namespace threadmix::ui
