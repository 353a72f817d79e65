// Layout and painting of the sizes chart (figures from core/results/crossover.h).
#include "ui/charts/sizesview.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

#include "core/results/comparison.h"
#include "core/results/crossover.h"
#include "ui/charts/charttext.h"
#include "ui/model/runmodel.h"

namespace threadmix::ui {

namespace ct = charttext;

namespace {

const QColor kColours[] = {QColor(33, 102, 172), QColor(214, 96, 77), QColor(27, 120, 55),
                           QColor(118, 42, 131), QColor(140, 81, 10), QColor(77, 77, 77)};

// "0.5 ms", "20 ms", "1.5 s": seconds per multiply span decades.
QString secondsText(double s) {
    if (s < 1e-3)
        return QStringLiteral("%1 \u00b5s").arg(s * 1e6, 0, 'g', 3);
    if (s < 1)
        return QStringLiteral("%1 ms").arg(s * 1e3, 0, 'g', 3);
    return QStringLiteral("%1 s").arg(s, 0, 'g', 3);
}

} // namespace

struct SizesView::Data {
    std::vector<SizeSeries> series;
    std::vector<std::pair<std::int64_t, std::int64_t>> crossovers;
    int reps = 0;
};

SizesView::SizesView(RunModel* model, QWidget* parent) : QWidget(parent), m_model(model) {
    setToolTip(tr("Median time of one multiply at each matrix size, one line per strategy (log "
                  "axes: a line's slope is how its time grows with n). Dashed lines mark where "
                  "the fastest strategy changes."));
    auto repaint = [this] { update(); };
    connect(model, &QAbstractItemModel::dataChanged, this, repaint);
    connect(model, &QAbstractItemModel::rowsInserted, this, repaint);
    connect(model, &QAbstractItemModel::rowsRemoved, this, repaint);
    connect(model, &QAbstractItemModel::modelReset, this, repaint);
}

void SizesView::setLibrary(const QString& library) {
    if (library == m_library)
        return;
    m_library = library;
    update();
}

SizesView::Data SizesView::data() const {
    auto set = m_model->resultSet();
    // Only a size sweep (or a file whose plan is unknown) has sizes to draw.
    if (set.kind && *set.kind != PlanKind::Sizes)
        set.results.clear();
    if (const auto lib = blasLibraryFromString(m_library.toStdString()))
        set = onlyLibrary(set, *lib);
    Data d;
    for (auto& s : sizeSeries(set.results))
        if (!s.points.empty())
            d.series.push_back(std::move(s));
    if (!d.series.empty())
        d.crossovers = crossovers(set.results);
    for (const auto& r : set.results)
        d.reps = std::max(d.reps, r.config.spec.repeats);
    return d;
}

int SizesView::lineCount() const {
    return int(data().series.size());
}

int SizesView::crossoverCount() const {
    return int(data().crossovers.size());
}

namespace {

using Crossovers = std::vector<std::pair<std::int64_t, std::int64_t>>;

// What every step of one paint shares: fonts, the chart's area and, once placed, the plot with
// its log axes.
struct Frame {
    QFont font, bold;
    double lh = 14, pad = 4, thick = 1;
    QRectF area;
    QColor text;
    QRectF plot;
    double xLo = 0, xHi = 1, yLo = 0, yHi = 1;
    double px(double n) const {
        return plot.left() + plot.width() * (std::log2(n) - xLo) / (xHi - xLo);
    }
    double py(double s) const {
        return plot.bottom() - plot.height() * (std::log10(s) - yLo) / (yHi - yLo);
    }
};

struct Entry {
    QColor colour;
    bool dashed;
    QString text;
    QRectF swatch, box;
};

// The legend: one entry per strategy and one for the dashed marks, flowing onto lines; boxes
// relative to the legend's top, which is returned in `legendTop`.
std::vector<Entry> flowLegend(const Frame& f, const std::vector<SizeSeries>& series,
                              const Crossovers& crossovers, double& legendTop) {
    std::vector<Entry> legend;
    for (std::size_t i = 0; i < series.size(); ++i)
        legend.push_back(
            {kColours[i % 6], false, QString::fromStdString(series[i].strategy), {}, {}});
    if (!crossovers.empty())
        legend.push_back(
            {QColor(90, 90, 90), true, SizesView::tr("the fastest strategy changes"), {}, {}});
    const double w = f.area.width(), lh = f.lh;
    const double sw = lh * 1.6;
    double x = 0, y = 0, lineH = 0;
    for (auto& e : legend) {
        const double tw = std::min(ct::lineWidth(f.font, e.text) + 1, w - sw - 6);
        const double th = ct::wrappedSize(f.font, e.text, tw).height();
        if (x > 0 && x + sw + 6 + tw > w) {
            x = 0;
            y += lineH;
            lineH = 0;
        }
        e.swatch = QRectF(f.area.left() + x, y + lh / 2, sw, 0);
        e.box = QRectF(f.area.left() + x + sw + 6, y, tw, th);
        x += sw + 6 + tw + lh;
        lineH = std::max(lineH, std::max(th, lh) + lh * 0.2);
    }
    legendTop = f.area.bottom() - (y + lineH);
    return legend;
}

// The measured sizes (x ticks), and the axes' log ranges set in `f`.
std::vector<std::int64_t> setRanges(Frame& f, const std::vector<SizeSeries>& series) {
    double lo = 1e300, hi = 0;
    std::vector<std::int64_t> sizes;
    for (const auto& s : series)
        for (const auto& pt : s.points) {
            lo = std::min(lo, pt.secondsPerTask);
            hi = std::max(hi, pt.secondsPerTask);
            sizes.push_back(pt.n);
        }
    std::sort(sizes.begin(), sizes.end());
    sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
    f.yLo = std::log10(lo / 1.5);
    f.yHi = std::log10(hi * 1.5);
    f.xLo = std::log2(double(sizes.front()) / 1.2);
    f.xHi = std::log2(double(sizes.back()) * 1.2);
    return sizes;
}

// y ticks: decades, and 2 and 5 between them when the data spans less than two decades.
std::vector<double> yTicksOf(const Frame& f) {
    std::vector<double> yTicks;
    const bool fine = f.yHi - f.yLo < 2;
    const std::vector<double> steps = fine ? std::vector<double>{1, 2, 5} : std::vector<double>{1};
    for (int k = int(std::floor(f.yLo)); k <= int(std::ceil(f.yHi)); ++k)
        for (double m : steps) {
            const double v = std::log10(m) + k;
            if (v >= f.yLo && v <= f.yHi)
                yTicks.push_back(v);
        }
    return yTicks;
}

// Grid lines and tick labels of both axes, and the axis lines.
void paintTicks(QPainter& p, const Frame& f, const std::vector<double>& yTicks, double yLabelW,
                const std::vector<std::int64_t>& sizes) {
    const double lh = f.lh;
    p.setFont(f.font);
    double lastY = 1e9; // ticks go up: leave out a label that would touch the one below
    for (double v : yTicks) {
        const double yy = f.py(std::pow(10.0, v));
        p.setPen(QPen(QColor(225, 225, 225), 1));
        p.drawLine(QPointF(f.plot.left(), yy), QPointF(f.plot.right(), yy));
        if (yy + lh / 2 > lastY - lh * 0.1)
            continue;
        lastY = yy - lh / 2;
        p.setPen(f.text);
        ct::draw(p, QRectF(f.plot.left() - 6 - yLabelW, yy - lh / 2, yLabelW, lh + 1),
                 Qt::AlignRight | Qt::AlignVCenter, secondsText(std::pow(10.0, v)));
    }
    // x ticks at the measured sizes, leaving out those whose label would touch the last one.
    double lastRight = -1e9;
    for (auto n : sizes) {
        const double xx = f.px(double(n));
        const QString label = QString::number(n);
        const double lw = ct::lineWidth(f.font, label) + 2;
        p.setPen(QPen(QColor(225, 225, 225), 1));
        p.drawLine(QPointF(xx, f.plot.top()), QPointF(xx, f.plot.bottom()));
        if (xx - lw / 2 < lastRight + lh * 0.5 || xx + lw / 2 > f.area.right())
            continue;
        p.setPen(f.text);
        ct::draw(p, QRectF(xx - lw / 2, f.plot.bottom() + 4, lw, lh + 1), Qt::AlignHCenter, label);
        lastRight = xx + lw / 2;
    }
    p.setPen(QPen(f.text, f.thick));
    p.drawLine(f.plot.bottomLeft(), f.plot.bottomRight());
    p.drawLine(f.plot.bottomLeft(), f.plot.topLeft());
}

// The crossover marks, then one line per strategy with a dot at each measured size.
void paintLines(QPainter& p, const Frame& f, const std::vector<SizeSeries>& series,
                const Crossovers& crossovers) {
    // Crossovers: a dashed vertical line between the two sizes (their geometric mean).
    p.setPen(QPen(QColor(90, 90, 90), 1.5 * f.thick, Qt::DashLine));
    for (const auto& [before, after] : crossovers) {
        const double xx = f.px(std::sqrt(double(before) * double(after)));
        p.drawLine(QPointF(xx, f.plot.top()), QPointF(xx, f.plot.bottom()));
    }
    p.setClipRect(f.plot.adjusted(-f.lh, -f.lh, f.lh, f.lh));
    for (std::size_t i = 0; i < series.size(); ++i) {
        QPainterPath path;
        const auto& pts = series[i].points;
        for (std::size_t k = 0; k < pts.size(); ++k) {
            const QPointF pt(f.px(double(pts[k].n)), f.py(pts[k].secondsPerTask));
            k == 0 ? path.moveTo(pt) : path.lineTo(pt);
        }
        p.setPen(QPen(kColours[i % 6], 2 * f.thick));
        p.drawPath(path);
        p.setBrush(kColours[i % 6]);
        for (const auto& pt : pts)
            p.drawEllipse(QPointF(f.px(double(pt.n)), f.py(pt.secondsPerTask)), 2.5 * f.thick,
                          2.5 * f.thick);
        p.setBrush(Qt::NoBrush);
    }
    p.setClipping(false);
}

void paintLegend(QPainter& p, const Frame& f, const std::vector<Entry>& legend, double legendTop) {
    p.setFont(f.font);
    for (const auto& e : legend) {
        const double ly = legendTop + e.swatch.top();
        p.setPen(QPen(e.colour, 2 * f.thick, e.dashed ? Qt::DashLine : Qt::SolidLine));
        p.drawLine(QPointF(e.swatch.left(), ly), QPointF(e.swatch.right(), ly));
        p.setPen(f.text);
        ct::draw(p, e.box.translated(0, legendTop), Qt::AlignLeft | Qt::AlignTop, e.text);
    }
}

} // namespace

void SizesView::paintSizes(QPainter& p, const QRect& rect) const {
    const charttext::PaintPass pass;
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect, palette().base());
    const Data d = data();
    Frame f;
    f.font = font();
    f.bold = f.font;
    f.bold.setBold(true);
    f.lh = ct::lineHeight(f.font);
    f.pad = std::max(4.0, f.lh * 0.4);
    f.area = QRectF(rect).adjusted(f.pad, f.pad, -f.pad, -f.pad);
    f.text = palette().color(QPalette::Text);
    f.thick = std::max(1.0, f.lh / 14.0);
    const double w = f.area.width(), lh = f.lh;

    const QString title =
        d.series.empty()
            ? tr("Run the sizes study (Run comparison: sizes) to draw the time of each strategy "
                 "against the matrix size.")
            : (m_library.isEmpty() ? QString() : m_library + QStringLiteral(" \u2014 ")) +
                  tr("Time per task against matrix size: making its data and the multiply "
                     "(median of %1; log axes; dashed: the fastest strategy changes)")
                      .arg(d.reps);
    p.setPen(f.text);
    p.setFont(f.bold);
    const double titleH = ct::draw(p, QRectF(f.area.left(), f.area.top(), w, f.area.height()),
                                   Qt::AlignHCenter | Qt::AlignTop, title);
    if (d.series.empty()) {
        p.restore();
        return;
    }
    double legendTop = 0;
    const auto legend = flowLegend(f, d.series, d.crossovers, legendTop);

    // Axes: x = n (log 2), y = seconds (log 10), with labels measured before the plot is placed.
    const auto sizes = setRanges(f, d.series);
    const auto yTicks = yTicksOf(f);
    double yLabelW = 0;
    for (double v : yTicks)
        yLabelW = std::max(yLabelW, ct::lineWidth(f.font, secondsText(std::pow(10.0, v))) + 2);
    const QString xTitle = tr("matrix side n");
    const QString yTitle = tr("time per task (lower is better)");
    const double top = f.area.top() + titleH + f.pad;
    const double axisH = lh + 6 + ct::wrappedSize(f.bold, xTitle, w).height();
    // The y title stands above the plot, wrapped to the width (a rotated one would not fit a
    // short plot).
    const double yTitleH = ct::wrappedSize(f.bold, yTitle, w).height();
    const QRectF yTitleBox(f.area.left(), top, w, yTitleH);
    const double plotTop = top + yTitleH + lh * 0.5;
    const double plotH = std::max(20.0, legendTop - f.pad - axisH - plotTop);
    const double plotLeft = f.area.left() + yLabelW + 6;
    f.plot = QRectF(plotLeft, plotTop, std::max(20.0, f.area.right() - plotLeft - f.pad), plotH);

    paintTicks(p, f, yTicks, yLabelW, sizes);
    p.setFont(f.bold);
    ct::draw(p, QRectF(f.plot.left(), f.plot.bottom() + lh + 6, f.plot.width(), axisH),
             Qt::AlignHCenter | Qt::AlignTop, xTitle);
    ct::draw(p, yTitleBox, Qt::AlignLeft | Qt::AlignTop, yTitle);
    paintLines(p, f, d.series, d.crossovers);
    paintLegend(p, f, legend, legendTop);
    p.restore();
}

void SizesView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    paintSizes(p, rect());
}

} // namespace threadmix::ui
