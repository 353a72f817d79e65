// Layout and painting of the timing bars: a name column, the bars, a figures column, the time
// axis and a wrapped legend, each measured with the font before anything is drawn.
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
#include "ui/model/runmodel.h"

namespace threadmix::ui {

namespace ct = charttext;

namespace {

const QColor kData(244, 165, 130);
const QColor kOperate(33, 102, 172);
const QColor kRunning(146, 197, 222);
const QColor kIncomplete(110, 110, 110);
// Paired bars: A blue, B purple (never the colour of making data).
const QColor kA(33, 102, 172);
const QColor kB(118, 42, 131);

QString fromStd(const std::string& s) {
    return QString::fromStdString(s);
}

double niceStep(double span, int ticks) {
    const double raw = span / std::max(1, ticks);
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (raw <= m * p * (1 + 1e-9))
            return m * p;
    return 10 * p;
}

QString tickText(double v, double step) {
    // As many decimals as the step needs: 0, 0.5, 1 or 0.02, 0.04.
    const int decimals = std::clamp(int(std::ceil(-std::log10(step) - 1e-9)), 0, 4);
    return QString::number(v, 'f', v == 0 ? 0 : decimals);
}

struct LegendItem {
    enum class Swatch { Fill, Hatch, Line, Dot } swatch;
    QColor colour;
    QString text;
};

} // namespace

struct TimingBarsView::Bar {
    enum class Kind { Done, Running, Pending, Incomplete };
    int row = -1;
    Kind kind = Kind::Pending;
    QString name;      // the configuration's label, without the group's name
    QString key;       // a short key for dense charts ("2 x 1", "pool 2x2")
    QString placement; // "data made up front"
    double total = 0, data = 0;
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
    std::vector<LegendItem> legend;
    std::vector<QRectF> legendBoxes; // the swatch and text of each item
    double axisMax = 1;
    double step = 0.5;
};

double longestFinished(const RunModel& model) {
    double longest = 0;
    for (int r = 0; r < model.rows(); ++r) {
        const auto& res = model.result(r);
        if (res.status == RunStatus::Ok)
            for (const auto& rep : res.repetitions)
                longest = std::max(longest, rep.wallSeconds);
    }
    return longest;
}

TimingBarsView::TimingBarsView(RunModel* model, QWidget* parent) : QWidget(parent), m_model(model) {
    setToolTip(tr("One bar per configuration: the median wall time of its repetitions, split "
                  "into making data and the operation. The line spans the fastest to the slowest "
                  "repetition and each dot is one repetition. Hatched bars did not finish: they "
                  "reach the end of the axis and say their bound."));
    auto repaint = [this] { update(); };
    connect(model, &QAbstractItemModel::dataChanged, this, repaint);
    connect(model, &QAbstractItemModel::rowsInserted, this, repaint);
    connect(model, &QAbstractItemModel::rowsRemoved, this, repaint);
    connect(model, &QAbstractItemModel::modelReset, this, repaint);
}

void TimingBarsView::setGroup(const std::optional<GroupKey>& group) {
    if (group == m_group)
        return;
    m_group = group;
    update();
}

void TimingBarsView::setAxisAtLeast(double seconds) {
    m_axisAtLeast = seconds;
    update();
}

int TimingBarsView::barCount() const {
    return int(collectBars().size());
}

std::vector<TimingBarsView::Bar> TimingBarsView::collectBars() const {
    std::vector<Bar> bars;
    // Speed-ups are over each group's first row (a study's dot and fill rows have their own).
    std::set<GroupKey> groupsSeen;
    const bool comparing = m_model->hasComparison();
    for (int row = 0; row < m_model->rows(); ++row) {
        const auto& r = m_model->result(row);
        if (m_group && r.config.group != *m_group)
            continue;
        const auto& s = r.config.spec;
        const auto state = m_model->state(row);
        const auto sum = r.seconds();
        const bool baseline = groupsSeen.insert(r.config.group).second;
        Bar b;
        b.row = row;
        // The chart shows one group: its library (in its title) need not repeat on every bar.
        b.name = fromStd(m_group ? withoutLibrary(*m_group, r.config.label) : r.config.label);
        // A short name (a sweep's "2 x 1") is its own key; a long one gets "pool 2x1".
        b.key = b.name.size() <= 12 ? b.name
                : s.workers > 1     ? tr("pool %1x%2").arg(s.workers).arg(s.blasThreads)
                                    : tr("%1x%2").arg(s.workers).arg(s.blasThreads);
        b.placement = dataPlacementText(s);
        b.measured = sum.n > 0;
        if (b.measured) {
            b.total = sum.median;
            b.min = sum.min;
            b.max = sum.max;
            for (const auto& rep : r.repetitions)
                b.reps.push_back(rep.wallSeconds);
            if (const auto* m = r.medianRepetition(); m && m->wallSeconds > 0)
                b.data = b.total * std::clamp(m->dataSeconds / m->wallSeconds, 0.0, 1.0);
        }
        if (state == RunModel::RowState::Pending)
            b.kind = Bar::Kind::Pending;
        else if (state == RunModel::RowState::Running)
            b.kind = Bar::Kind::Running;
        else if (r.status != RunStatus::Ok)
            b.kind = Bar::Kind::Incomplete;
        else
            b.kind = Bar::Kind::Done;

        switch (b.kind) {
        case Bar::Kind::Pending:
            b.figures = tr("waiting");
            break;
        case Bar::Kind::Running:
            b.figures = b.measured ? tr("running: %1 s so far (median)").arg(formatSeconds(b.total))
                                   : tr("running");
            break;
        case Bar::Kind::Incomplete:
            b.figures = fromStd(incompleteText(r));
            if (b.measured)
                b.figures2 = tr("%1 of %2 repetitions: median %3 s")
                                 .arg(sum.n)
                                 .arg(s.repeats)
                                 .arg(formatSeconds(b.total));
            break;
        case Bar::Kind::Done: {
            b.figures = QStringLiteral("%1 s").arg(formatSeconds(b.total));
            const auto up = m_model->speedup(row);
            if (baseline && up)
                b.figures += tr(" · the baseline");
            else if (up)
                b.figures += QStringLiteral(" · ") + fromStd(speedupWords(*up));
            const double op = r.medianOf(&RepetitionResult::computeSeconds);
            b.figures2 = tr("%1 only %2 s").arg(operationName(s), formatSeconds(op));
            if (const auto opUp = m_model->operationSpeedup(row); opUp && !baseline)
                b.figures2 += QStringLiteral(" · ") + fromStd(speedupWords(*opUp));
            break;
        }
        }
        if (comparing) {
            if (const auto* other = m_model->comparisonFor(row))
                b.b = other->medianSeconds().value_or(-1);
            b.figures2.clear();
            if (b.measured && b.b > 0)
                b.figures2 = tr("B %1 s · A %2 than B")
                                 .arg(formatSeconds(b.b))
                                 .arg(fromStd(speedupWords(b.b / b.total)));
            else if (b.b > 0)
                b.figures2 = tr("B %1 s").arg(formatSeconds(b.b));
        }
        bars.push_back(std::move(b));
    }
    // Keys that would be the same (a chunked pool beside the plain one) get the row number.
    for (auto& b : bars) {
        const auto same =
            std::count_if(bars.begin(), bars.end(), [&](const Bar& o) { return o.key == b.key; });
        if (same > 1)
            b.key += QStringLiteral(" #%1").arg(b.row + 1);
    }
    return bars;
}

QString TimingBarsView::title(const std::vector<Bar>& bars) const {
    if (bars.empty())
        return tr("Run a configuration, the tutorial comparison or a sweep to see its times here.");
    int reps = 0;
    for (const auto& b : bars)
        reps = std::max(reps, m_model->result(b.row).config.spec.repeats);
    QString t = m_group ? groupName(*m_group) + QStringLiteral(": ") : QString();
    if (m_model->hasComparison())
        return t + tr("Time per configuration: A (these results, blue) against B (%1, purple), "
                      "median of %2 repetitions")
                       .arg(m_model->comparisonName())
                       .arg(reps);
    return !m_group ? tr("Time per configuration, median of %1").arg(reps)
                             : t + tr("time per configuration, median of %1").arg(reps);
}

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
    const double pad = std::max(4.0, L.lh * 0.4);
    const QRectF area = QRectF(rect).adjusted(pad, pad, -pad, -pad);
    const double w = area.width();
    const int n = int(bars.size());
    const bool comparing = m_model->hasComparison();

    L.title = title(bars);
    const double titleH = ct::wrappedSize(L.bold, L.title, w).height();
    L.titleBox = QRectF(area.left(), area.top(), w, titleH);
    if (n == 0)
        return L;

    // Legend: the kinds present, flowing onto as many lines as it needs.
    bool anyData = false, anyRunning = false, anyIncomplete = false, anyWhisker = false;
    for (const auto& b : bars) {
        anyData |= b.kind == Bar::Kind::Done && b.data > 0;
        anyRunning |= b.kind == Bar::Kind::Running;
        anyIncomplete |= b.kind == Bar::Kind::Incomplete;
        anyWhisker |= b.reps.size() > 1;
    }
    const auto& spec0 = m_model->result(bars.front().row).config.spec;
    if (comparing) {
        L.legend.push_back({LegendItem::Swatch::Fill, kA, tr("A: these results")});
        L.legend.push_back(
            {LegendItem::Swatch::Fill, kB, tr("B: %1").arg(m_model->comparisonName())});
    } else {
        if (anyData)
            L.legend.push_back({LegendItem::Swatch::Fill, kData, tr("making data")});
        L.legend.push_back({LegendItem::Swatch::Fill, kOperate, operationName(spec0)});
        if (anyRunning)
            L.legend.push_back({LegendItem::Swatch::Fill, kRunning, tr("running (so far)")});
        if (anyIncomplete)
            L.legend.push_back({LegendItem::Swatch::Hatch, kIncomplete, tr("did not finish")});
        if (anyWhisker)
            L.legend.push_back({LegendItem::Swatch::Line, Qt::black, tr("min..max")});
        if (!bars.empty())
            L.legend.push_back({LegendItem::Swatch::Dot, Qt::black, tr("repetition")});
    }
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
    const double legendH = y + lineH;
    const double legendTop = area.bottom() - legendH;
    for (std::size_t i = 0; i < L.legendBoxes.size(); i += 2) {
        L.legendBoxes[i + 1].translate(0, legendTop);
        L.legendBoxes[i].moveTop(L.legendBoxes[i + 1].top() + (L.lh - swatch) / 2);
    }

    // Axis: tick labels, then the title wrapped. Where every row made its data the same way,
    // the axis says it once instead of every row.
    bool onePlacement = true;
    for (const auto& b : bars)
        onePlacement &= b.placement == bars.front().placement;
    L.placementLine = !onePlacement;
    // The task count once when every row has the same (a size sweep's differ per size).
    bool oneCount = true;
    for (const auto& b : bars)
        oneCount &= m_model->result(b.row).config.spec.count == spec0.count;
    const QString tasks = oneCount ? tr("seconds for %1 tasks").arg(spec0.count)
                                   : tr("seconds per run (each size its own task count)");
    L.axisTitle = onePlacement ? tr("%1, %2 (lower is better)").arg(tasks, bars.front().placement)
                               : tr("%1 (lower is better)").arg(tasks);
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
    const double axisTitleH = ct::wrappedSize(L.bold, L.axisTitle, w).height();
    const double axisH = L.lh + 6 + axisTitleH;
    const double top = L.titleBox.bottom() + pad;
    double plotH = legendTop - pad - axisH - top;
    auto needs = [&](const Bar& b) {
        const double name =
            ct::wrappedSize(L.bold, b.name, L.labelWidth).height() +
            (L.placementLine ? ct::wrappedSize(L.small, b.placement, L.labelWidth).height() : 0);
        const double figs = ct::wrappedSize(L.font, b.figures, L.figuresWidth).height() +
                            ct::wrappedSize(L.small, b.figures2, L.figuresWidth).height();
        return std::max(name, figs) + 4;
    };
    double need = 0;
    for (const auto& b : bars)
        need = std::max(need, needs(b));
    if (need * n > plotH) {
        // Dense: a key of one line per row, the figures on one line, the names in the key
        // below; in a smaller font (down to charttext's minimum) if the rows need it.
        L.keys = true;
        L.placementLine = false;
        L.secondLine = false;
        QStringList entries;
        for (const auto& b : bars)
            if (b.key != b.name)
                entries << (onePlacement
                                ? QStringLiteral("%1 = %2").arg(b.key, b.name)
                                : QStringLiteral("%1 = %2, %3").arg(b.key, b.name, b.placement));
        if (entries.isEmpty()) // the keys are the names (a sweep's "2 x 1")
            entries << tr("rows: pool workers x BLAS threads");
        L.keyText = entries.join(QStringLiteral("; "));
        const double plotH0 = plotH;
        bool fits = false;
        for (double scale = 1.0; !fits; scale -= 0.1) {
            QFont rf = L.font;
            rf.setPointSizeF(std::max(ct::kMinPointSize, L.font.pointSizeF() * scale));
            QFont rb = rf;
            rb.setBold(true);
            double keyW = 0, figWidth = 0;
            for (const auto& b : bars) {
                keyW = std::max(keyW, ct::lineWidth(rb, b.key));
                figWidth = std::max(figWidth, ct::lineWidth(rf, b.figures));
            }
            L.labelWidth = std::min(keyW + 2, w * 0.3);
            L.figuresWidth = std::min(figWidth + 2, w * 0.4);
            const double keyH = ct::wrappedSize(rf, L.keyText, w).height();
            double oneLine = ct::lineHeight(rf) + 2;
            for (const auto& b : bars) {
                oneLine = std::max(oneLine, ct::wrappedSize(rb, b.key, L.labelWidth).height() + 2);
                oneLine =
                    std::max(oneLine, ct::wrappedSize(rf, b.figures, L.figuresWidth).height() + 2);
            }
            plotH = plotH0 - keyH - pad;
            L.rowFont = rf;
            L.rowBold = rb;
            L.keyBox = QRectF(area.left(), legendTop - pad - keyH, w, keyH);
            fits = oneLine * n <= plotH;
            if (rf.pointSizeF() <= ct::kMinPointSize + 1e-9)
                break;
        }
        if (!fits) {
            L.rowText = false;
            L.labelWidth = 0;
            L.figuresWidth = 0;
            L.rowFont = L.small;
            L.keyText = tr("%1 bars are too many to label at this size: hover a bar, or read the "
                           "table.")
                            .arg(n);
            const double h = ct::wrappedSize(L.small, L.keyText, w).height();
            plotH = plotH0 - h - pad;
            L.keyBox = QRectF(area.left(), legendTop - pad - h, w, h);
        }
    }
    const double gap = L.labelWidth > 0 ? pad : 0;
    L.plot = QRectF(
        area.left() + L.labelWidth + gap, top,
        std::max(20.0, w - L.labelWidth - gap - L.figuresWidth - (L.figuresWidth > 0 ? pad : 0)),
        std::max(10.0, plotH));
    const double band = L.plot.height() / n;
    for (int i = 0; i < n; ++i)
        L.bands.push_back(QRectF(area.left(), L.plot.top() + i * band, w, band));
    L.axisBox = QRectF(L.plot.left(), L.plot.bottom(), L.plot.width(), axisH);

    // The axis covers what finished; a bar that did not finish never sets it.
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
    // Ticks as many as fit their labels.
    const double labelW = ct::lineWidth(L.font, QStringLiteral("0.0000")) + L.lh;
    // At least two ticks (0 and one more): an axis with "0" alone has no scale.
    const int ticks = std::clamp(int(L.plot.width() / labelW), 2, 8);
    // The axis ends just past the longest bar (a round end could leave half the plot empty when
    // only a tick or two fit); ticks at round steps inside it.
    L.axisMax = axisMax > 0 ? axisMax * 1.04 : 1.0;
    L.step = niceStep(L.axisMax, ticks);
    if (L.axisMax / L.step > ticks + 1)
        L.step = niceStep(L.axisMax, std::max(1, ticks - 1));
    return L;
}

double TimingBarsView::axisEnd() const {
    const auto bars = collectBars();
    return layOut(bars, rect()).axisMax;
}

void TimingBarsView::paintBars(QPainter& p, const QRect& rect) const {
    const charttext::PaintPass pass;
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect, palette().base());
    const auto bars = collectBars();
    const Layout L = layOut(bars, rect);
    const QColor text = palette().color(QPalette::Text);
    const double thick = std::max(1.0, L.lh / 14.0);

    p.setPen(text);
    p.setFont(L.bold);
    ct::draw(p, L.titleBox, Qt::AlignHCenter | Qt::AlignTop, L.title);
    if (bars.empty()) {
        p.restore();
        return;
    }
    auto x = [&](double s) {
        return L.plot.left() + L.plot.width() * std::clamp(s / L.axisMax, 0.0, 1.0);
    };

    // Grid and axis.
    p.setFont(L.font);
    double lastTickRight = -1e9;
    for (double t = 0; t <= L.axisMax + L.step * 1e-6; t += L.step) {
        const double px = x(t);
        p.setPen(QPen(QColor(225, 225, 225), 1));
        p.drawLine(QPointF(px, L.plot.top()), QPointF(px, L.plot.bottom()));
        p.setPen(text);
        p.drawLine(QPointF(px, L.plot.bottom()), QPointF(px, L.plot.bottom() + 4));
        const QString label = tickText(t, L.step);
        const double lw = ct::lineWidth(L.font, label) + 2;
        if (px - lw / 2 < lastTickRight + L.lh * 0.3)
            continue; // it would touch its neighbour's label
        ct::draw(p, QRectF(px - lw / 2, L.plot.bottom() + 4, lw, L.lh + 1), Qt::AlignHCenter,
                 label);
        lastTickRight = px + lw / 2;
    }
    p.setPen(QPen(text, thick));
    p.drawLine(L.plot.bottomLeft(), L.plot.bottomRight());
    p.setFont(L.bold);
    // The axis title spans the chart's width (a narrow plot would wrap it into many lines).
    const QRectF whole = L.titleBox;
    ct::draw(p, QRectF(whole.left(), L.plot.bottom() + L.lh + 6, whole.width(), L.axisBox.height()),
             Qt::AlignHCenter | Qt::AlignTop, L.axisTitle);

    // Bars, top to bottom in run order.
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const auto& b = bars[i];
        const QRectF band = L.bands[i];
        const double barH = std::min(band.height() * 0.62, L.lh * 2.2);
        const double cy = band.center().y();
        QRectF bar(L.plot.left(), cy - barH / 2, 0, barH);
        auto brokenEnd = [&](const QRectF& r) {
            // A slanted gap near the end, edged dark: the bar goes on past the axis.
            const double bx = r.right() - std::max(10.0, L.lh * 0.8);
            const double slant = r.height() * 0.3, gapW = std::max(4.0, L.lh * 0.3);
            const QPointF low(bx - slant, r.bottom() + 1), high(bx + slant, r.top() - 1);
            QPolygonF gap({low, high, high + QPointF(gapW, 0), low + QPointF(gapW, 0)});
            p.setPen(Qt::NoPen);
            p.setBrush(palette().base());
            p.drawPolygon(gap);
            p.setBrush(Qt::NoBrush);
            p.setPen(QPen(QColor(60, 60, 60), thick));
            p.drawLine(low, high);
            p.drawLine(low + QPointF(gapW, 0), high + QPointF(gapW, 0));
        };
        if (m_model->hasComparison()) {
            const QRectF a(L.plot.left(), cy - barH / 2, x(b.total) - L.plot.left(), barH / 2);
            const QRectF bb(L.plot.left(), cy, b.b > 0 ? x(b.b) - L.plot.left() : 0, barH / 2);
            p.fillRect(a, kA);
            p.fillRect(bb, kB);
            if (b.total > L.axisMax)
                brokenEnd(a);
            if (b.b > L.axisMax)
                brokenEnd(bb);
        } else if (b.kind == Bar::Kind::Done || b.kind == Bar::Kind::Running) {
            const double end = x(b.total);
            bar.setRight(end);
            if (b.kind == Bar::Kind::Running) {
                p.fillRect(bar, kRunning);
            } else {
                const double split = x(b.data);
                p.fillRect(QRectF(bar.left(), bar.top(), split - bar.left(), barH), kData);
                p.fillRect(QRectF(split, bar.top(), end - split, barH), kOperate);
            }
            if (b.total > L.axisMax)
                brokenEnd(bar);
            if (b.kind == Bar::Kind::Done && b.reps.size() > 1) {
                p.setPen(QPen(QColor(20, 20, 20), 1.5 * thick));
                p.drawLine(QPointF(x(b.min), cy), QPointF(x(b.max), cy));
            }
            p.setPen(QPen(Qt::white, 1));
            p.setBrush(QColor(20, 20, 20));
            const double r = std::max(2.5, L.lh * 0.22);
            for (double rep : b.reps)
                if (rep <= L.axisMax)
                    p.drawEllipse(QPointF(x(rep), cy), r, r);
            p.setBrush(Qt::NoBrush);
        } else if (b.kind == Bar::Kind::Incomplete) {
            // Not a complete measurement: to the axis end, hatched, with its bound as figures.
            bar.setRight(L.plot.right());
            p.fillRect(bar, QColor(235, 235, 235));
            p.fillRect(bar, QBrush(kIncomplete, Qt::BDiagPattern));
            brokenEnd(bar);
        }

        if (!L.rowText)
            continue;
        // The name (or key) in its column, then where the data was made.
        p.setPen(text);
        const QRectF labelBox(band.left(), band.top() + 2, L.labelWidth, band.height() - 4);
        const QString name = L.keys ? b.key : b.name;
        const double nameH = ct::wrappedSize(L.rowBold, name, L.labelWidth).height();
        const double placeH =
            L.placementLine ? ct::wrappedSize(L.small, b.placement, L.labelWidth).height() : 0;
        double y = cy - (nameH + placeH) / 2;
        p.setFont(L.rowBold);
        ct::draw(p, QRectF(labelBox.left(), y, L.labelWidth, nameH), Qt::AlignRight | Qt::AlignTop,
                 name);
        if (L.placementLine) {
            p.setFont(L.small);
            p.setPen(palette().color(QPalette::PlaceholderText));
            ct::draw(p, QRectF(labelBox.left(), y + nameH, L.labelWidth, placeH),
                     Qt::AlignRight | Qt::AlignTop, b.placement);
        }
        // The figures in their column, right of the axis end.
        const double fx = L.plot.right() + std::max(4.0, L.lh * 0.4);
        const QString second = L.secondLine ? b.figures2 : QString();
        const double f1 = ct::wrappedSize(L.rowFont, b.figures, L.figuresWidth).height();
        const double f2 =
            second.isEmpty() ? 0 : ct::wrappedSize(L.small, second, L.figuresWidth).height();
        y = cy - (f1 + f2) / 2;
        p.setPen(text);
        p.setFont(L.rowFont);
        ct::draw(p, QRectF(fx, y, L.figuresWidth, f1), Qt::AlignLeft | Qt::AlignTop, b.figures);
        if (!second.isEmpty()) {
            p.setFont(L.small);
            p.setPen(palette().color(QPalette::PlaceholderText));
            ct::draw(p, QRectF(fx, y + f1, L.figuresWidth, f2), Qt::AlignLeft | Qt::AlignTop,
                     second);
        }
    }

    // Key and legend.
    p.setPen(text);
    p.setFont(L.rowFont);
    if (!L.keyText.isEmpty())
        ct::draw(p, L.keyBox, Qt::AlignLeft | Qt::AlignTop, L.keyText);
    p.setFont(L.font);
    for (std::size_t i = 0; i < L.legend.size(); ++i) {
        const auto& item = L.legend[i];
        const QRectF sw = L.legendBoxes[2 * i];
        switch (item.swatch) {
        case LegendItem::Swatch::Fill:
            p.fillRect(sw, item.colour);
            break;
        case LegendItem::Swatch::Hatch:
            p.fillRect(sw, QColor(235, 235, 235));
            p.fillRect(sw, QBrush(item.colour, Qt::BDiagPattern));
            break;
        case LegendItem::Swatch::Line:
            p.setPen(QPen(item.colour, 1.5 * thick));
            p.drawLine(QPointF(sw.left(), sw.center().y()), QPointF(sw.right(), sw.center().y()));
            break;
        case LegendItem::Swatch::Dot:
            p.setPen(Qt::NoPen);
            p.setBrush(item.colour);
            p.drawEllipse(sw.center(), sw.height() * 0.22, sw.height() * 0.22);
            p.setBrush(Qt::NoBrush);
            break;
        }
        p.setPen(text);
        ct::draw(p, L.legendBoxes[2 * i + 1], Qt::AlignLeft | Qt::AlignTop, item.text);
    }
    p.restore();
}

int TimingBarsView::rowAt(const QPoint& pos) const {
    const auto bars = collectBars();
    const Layout L = layOut(bars, rect());
    for (std::size_t i = 0; i < L.bands.size(); ++i)
        if (L.bands[i].contains(pos))
            return bars[i].row;
    return -1;
}

void TimingBarsView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    paintBars(p, rect());
}

void TimingBarsView::mouseReleaseEvent(QMouseEvent* e) {
    const int row = rowAt(e->position().toPoint());
    if (row >= 0)
        emit barClicked(row);
    QWidget::mouseReleaseEvent(e);
}

bool TimingBarsView::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(e);
        showRowTooltip(this, help->globalPos(), *m_model, rowAt(help->pos()));
        return true;
    }
    return QWidget::event(e);
}

} // namespace threadmix::ui
