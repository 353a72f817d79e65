// Painting the timing bars where their layout put them.
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

double thickness(double lh) {
    return std::max(1.0, lh / 14.0);
}

// The x of `s` seconds on the time axis.
double xAt(const QRectF& plot, double axisMax, double s) {
    return plot.left() + plot.width() * std::clamp(s / axisMax, 0.0, 1.0);
}

// A slanted gap near the end of `r`, edged dark: the bar goes on past the axis.
void brokenEnd(QPainter& p, const QRectF& r, double lh, const QBrush& base) {
    const double bx = r.right() - std::max(10.0, lh * 0.8);
    const double slant = r.height() * 0.3, gapW = std::max(4.0, lh * 0.3);
    const QPointF low(bx - slant, r.bottom() + 1), high(bx + slant, r.top() - 1);
    QPolygonF gap({low, high, high + QPointF(gapW, 0), low + QPointF(gapW, 0)});
    p.setPen(Qt::NoPen);
    p.setBrush(base);
    p.drawPolygon(gap);
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(QColor(60, 60, 60), thickness(lh)));
    p.drawLine(low, high);
    p.drawLine(low + QPointF(gapW, 0), high + QPointF(gapW, 0));
}

// One legend entry's swatch in `sw`.
void paintSwatch(QPainter& p, const LegendItem& item, const QRectF& sw, double thick) {
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
}

} // namespace

void TimingBarsView::paintBars(QPainter& p, const QRect& rect) const {
    const charttext::PaintPass pass;
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect, palette().base());
    const auto bars = collectBars();
    const Layout L = layOut(bars, rect);

    p.setPen(palette().color(QPalette::Text));
    p.setFont(L.bold);
    ct::draw(p, L.titleBox, Qt::AlignHCenter | Qt::AlignTop, L.title);
    if (bars.empty()) {
        p.restore();
        return;
    }
    paintAxis(p, L);
    // Bars, top to bottom in run order.
    for (std::size_t i = 0; i < bars.size(); ++i) {
        paintBar(p, L, bars[i], L.bands[i]);
        if (L.rowText)
            paintRowText(p, L, bars[i], L.bands[i]);
    }
    paintLegend(p, L);
    p.restore();
}

// The grid, the ticks and their labels, the axis line and its title.
void TimingBarsView::paintAxis(QPainter& p, const Layout& L) const {
    const QColor text = palette().color(QPalette::Text);
    p.setFont(L.font);
    double lastTickRight = -1e9;
    for (double t = 0; t <= L.axisMax + L.step * 1e-6; t += L.step) {
        const double px = xAt(L.plot, L.axisMax, t);
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
    p.setPen(QPen(text, thickness(L.lh)));
    p.drawLine(L.plot.bottomLeft(), L.plot.bottomRight());
    p.setFont(L.bold);
    // The axis title spans the chart's width (a narrow plot would wrap it into many lines).
    const QRectF whole = L.titleBox;
    ct::draw(p, QRectF(whole.left(), L.plot.bottom() + L.lh + 6, whole.width(), L.axisBox.height()),
             Qt::AlignHCenter | Qt::AlignTop, L.axisTitle);
}

// One bar in its band: A and B halves, or data and operation with whiskers and dots, or hatched.
void TimingBarsView::paintBar(QPainter& p, const Layout& L, const Bar& b,
                              const QRectF& band) const {
    const double thick = thickness(L.lh);
    auto x = [&](double s) { return xAt(L.plot, L.axisMax, s); };
    const double barH = std::min(band.height() * 0.62, L.lh * 2.2);
    const double cy = band.center().y();
    QRectF bar(L.plot.left(), cy - barH / 2, 0, barH);
    if (m_model->hasComparison()) {
        const QRectF a(L.plot.left(), cy - barH / 2, x(b.total) - L.plot.left(), barH / 2);
        const QRectF bb(L.plot.left(), cy, b.b > 0 ? x(b.b) - L.plot.left() : 0, barH / 2);
        p.fillRect(a, kA);
        p.fillRect(bb, kB);
        if (b.total > L.axisMax)
            brokenEnd(p, a, L.lh, palette().base());
        if (b.b > L.axisMax)
            brokenEnd(p, bb, L.lh, palette().base());
    } else if (b.kind == Bar::Kind::Done || b.kind == Bar::Kind::Running) {
        const double end = x(b.total);
        bar.setRight(end);
        if (b.kind == Bar::Kind::Running) {
            p.fillRect(bar, kRunning);
        } else {
            const double started = x(b.poolStart);
            const double split = x(b.poolStart + b.data);
            p.fillRect(QRectF(bar.left(), bar.top(), started - bar.left(), barH), kPoolStart);
            p.fillRect(QRectF(started, bar.top(), split - started, barH), kData);
            p.fillRect(QRectF(split, bar.top(), end - split, barH), kOperate);
        }
        if (b.total > L.axisMax)
            brokenEnd(p, bar, L.lh, palette().base());
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
        brokenEnd(p, bar, L.lh, palette().base());
    }
}

// The name (or key) in its column with where the data was made, and the figures right of the
// axis end.
void TimingBarsView::paintRowText(QPainter& p, const Layout& L, const Bar& b,
                                  const QRectF& band) const {
    const QColor text = palette().color(QPalette::Text);
    const double cy = band.center().y();
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
        ct::draw(p, QRectF(fx, y + f1, L.figuresWidth, f2), Qt::AlignLeft | Qt::AlignTop, second);
    }
}

// The key (or the note that rows are unlabelled) and the legend.
void TimingBarsView::paintLegend(QPainter& p, const Layout& L) const {
    const QColor text = palette().color(QPalette::Text);
    p.setPen(text);
    p.setFont(L.rowFont);
    if (!L.keyText.isEmpty())
        ct::draw(p, L.keyBox, Qt::AlignLeft | Qt::AlignTop, L.keyText);
    p.setFont(L.font);
    for (std::size_t i = 0; i < L.legend.size(); ++i) {
        paintSwatch(p, L.legend[i], L.legendBoxes[2 * i], thickness(L.lh));
        p.setPen(text);
        ct::draw(p, L.legendBoxes[2 * i + 1], Qt::AlignLeft | Qt::AlignTop, L.legend[i].text);
    }
}

} // namespace threadmix::ui
