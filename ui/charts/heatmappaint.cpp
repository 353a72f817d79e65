// Painting the heat map: geometry, colour scales, cells, axes, the oversubscription line, legend.
#include "core/results/configresult.h"
#include "ui/charts/charttext.h"
#include "ui/charts/heatmapview.h"
#include "ui/model/runmodel.h"
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QRegularExpression>
#include <QToolTip>
#include <algorithm>
#include <cmath>

namespace threadmix::ui {

namespace ct = charttext;

namespace {

QColor mix(const QColor& a, const QColor& b, double t) {
    t = std::clamp(t, 0.0, 1.0);
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
                            float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

// Diverging: red (slower than 1x1) - white (same) - blue (faster), on log2, saturating at
// 2^span x (the span covers the data: see divergingSpan).
QColor diverging(double speedup, int span) {
    const double t =
        std::clamp(std::log2(std::max(speedup, 1e-9)) / double(std::max(1, span)), -1.0, 1.0);
    const QColor slow(178, 24, 43), mid(247, 247, 247), fast(33, 102, 172);
    return t < 0 ? mix(mid, slow, -t) : mix(mid, fast, t);
}

// Sequential, light to dark. One colour meaning on every layer: red is worse (time, involuntary
// switches: darker = more), blue is better (GFLOP/s, % of peak, CPU use: darker = more).
QColor sequential(double t, bool redIsMore) {
    const QColor reds[] = {QColor(255, 247, 236), QColor(253, 187, 132), QColor(239, 101, 72),
                           QColor(179, 0, 0), QColor(80, 0, 0)};
    const QColor blues[] = {QColor(247, 251, 255), QColor(198, 219, 239), QColor(107, 174, 214),
                            QColor(33, 113, 181), QColor(8, 48, 107)};
    const QColor* stops = redIsMore ? reds : blues;
    t = std::clamp(t, 0.0, 1.0) * 4.0;
    const int i = std::min(3, int(t));
    return mix(stops[i], stops[i + 1], t - i);
}

bool darkBackground(const QColor& c) {
    return c.lightnessF() < 0.5;
}

} // namespace

bool groupsAreLibraries(const std::vector<GroupKey>& groups) {
    return !groups.empty() && std::all_of(groups.begin(), groups.end(),
                                          [](const GroupKey& g) { return g.library.has_value(); });
}

QString groupName(const GroupKey& group) {
    return QString::fromStdString(groupText(group));
}

std::vector<GroupKey> HeatMapView::groups() const {
    std::vector<GroupKey> out;
    for (int r = 0; r < m_model->rows(); ++r) {
        const auto& g = m_model->result(r).config.group;
        if (std::find(out.begin(), out.end(), g) == out.end())
            out.push_back(g);
    }
    return out;
}

bool HeatMapView::shown(int row) const {
    if (row < 0 || row >= m_model->rows())
        return false;
    const auto& g = m_model->result(row).config.group;
    if (m_group)
        return g == *m_group;
    return g == m_model->result(0).config.group;
}

int HeatMapView::Geometry::indexOf(const std::vector<int>& axis, int v) {
    const auto it = std::lower_bound(axis.begin(), axis.end(), v);
    return it != axis.end() && *it == v ? int(it - axis.begin()) : -1;
}

int HeatMapView::Geometry::cellIndex(int w, int b) const {
    const int row = indexOf(workers, w), column = indexOf(blas, b);
    return row < 0 || column < 0 ? -1 : row * int(blas.size()) + column;
}

QRectF HeatMapView::Geometry::cellAt(int row, int column) const {
    // 1 x 1 at the bottom left: more workers go up, more BLAS threads go right.
    return QRectF(grid.left() + column * cw, grid.bottom() - (row + 1) * ch, cw, ch);
}

HeatMapView::Geometry HeatMapView::geometry(const QRect& rect) const {
    Geometry g;
    if (m_model->rows() == 0)
        return g;
    for (int r = 0; r < m_model->rows(); ++r) {
        if (!shown(r))
            continue;
        const auto& s = m_model->result(r).config.spec;
        g.workers.push_back(s.workers);
        g.blas.push_back(s.blasThreads);
    }
    if (g.workers.empty())
        return g;
    for (auto* axis : {&g.workers, &g.blas}) {
        std::sort(axis->begin(), axis->end());
        axis->erase(std::unique(axis->begin(), axis->end()), axis->end());
    }
    QFont bold = font();
    bold.setBold(true);
    const double lh = ct::lineHeight(font());
    const double pad = 4;
    // Title and note first, wrapped to the width: the grid takes what they leave.
    g.title = title();
    if (groups().size() > 1)
        g.title = groupName(m_group ? *m_group : groups().front()) + QStringLiteral(": ") + g.title;
    const int cpus = std::max(1, m_model->machine().logicalCpus);
    g.note = tr("Black line: workers x BLAS threads = %1 logical CPUs; beyond it, threads "
                "oversubscribe the cores.")
                 .arg(cpus);
    int shownRows = 0, broken = 0;
    for (int r = 0; r < m_model->rows(); ++r)
        if (shown(r)) {
            ++shownRows;
            broken += m_model->state(r) == RunModel::RowState::Done &&
                      m_model->result(r).status != RunStatus::Ok;
        }
    if (broken > 0)
        g.note += tr(" Grey hatched: did not finish (timed out, skipped, failed or cancelled).");
    // A study can put two configurations in one cell (a chunked pool beside the plain one).
    if (const int cells = distinctCells(g); shownRows > cells)
        g.note += tr(" %1 configuration(s) share a cell with another: the map shows the later "
                     "one, the bars show each.")
                      .arg(shownRows - cells);
    const double w = rect.width() - 2 * pad;
    const double titleH = ct::wrappedSize(bold, g.title, w).height();
    const double noteH = ct::wrappedSize(font(), g.note, w).height();
    g.titleBox = QRectF(rect.left() + pad, rect.top() + 2, w, titleH);
    g.noteBox = QRectF(rect.left() + pad, g.titleBox.bottom() + 2, w, noteH);
    Frame range;
    valueRange(range.lo, range.hi);
    for (const auto& [t, label] : legendTicks(range))
        g.legendLabelWidth = std::max(g.legendLabelWidth, ct::lineWidth(font(), label) + 2);
    const double axisLabelW = ct::lineWidth(font(), QString::number(g.workers.back())) + 2;
    const double left = lh * 2.4 + axisLabelW + 8;
    const double right = 14 + 14 + 6 + g.legendLabelWidth + pad;
    // Room above the grid for half the top legend label.
    const double top = g.noteBox.bottom() + 6 + lh * 0.6 - rect.top();
    const double gridW = std::max(10.0, rect.width() - left - right);
    // The axis title may use the map's whole width (a narrow grid would break its words).
    const double xTitleH = ct::wrappedSize(font(), tr("BLAS threads per operation"), w).height();
    const double bottom = lh + 6 + xTitleH + pad;
    g.grid = QRectF(rect.left() + left, rect.top() + top, gridW,
                    std::max(10.0, rect.height() - top - bottom));
    g.cw = g.grid.width() / double(g.blas.size());
    g.ch = g.grid.height() / double(g.workers.size());
    return g;
}

int HeatMapView::distinctCells(const Geometry& g) const {
    std::vector<bool> used(g.workers.size() * g.blas.size(), false);
    int n = 0;
    for (int r = 0; r < m_model->rows(); ++r) {
        if (!shown(r))
            continue;
        const auto& s = m_model->result(r).config.spec;
        const int i = g.cellIndex(s.workers, s.blasThreads);
        if (i >= 0 && !used[std::size_t(i)]) {
            used[std::size_t(i)] = true;
            ++n;
        }
    }
    return n;
}

void HeatMapView::valueRange(double& lo, double& hi) const {
    lo = 1e300;
    hi = 0;
    for (int r = 0; r < m_model->rows(); ++r)
        if (auto x = value(r)) {
            lo = std::min(lo, *x);
            hi = std::max(hi, *x);
        }
}

QString HeatMapView::emptyLayerText() const {
    for (int r = 0; r < m_model->rows(); ++r)
        if (shown(r) && value(r))
            return {};
    for (int r = 0; r < m_model->rows(); ++r)
        if (shown(r) && m_model->state(r) != RunModel::RowState::Done)
            return {}; // still measuring: the values come
    switch (m_layer) {
    case Layer::PercentOfPeak:
        return tr("Calibrate to see % of peak: press Calibrate in the machine panel, then this "
                  "layer shows each cell's GFLOP/s against the measured peak.");
    case Layer::RatioToComparison:
        return tr("Nothing to compare with: use File > Compare with results, or run two libraries "
                  "side by side.");
    case Layer::Speedup:
        return tr("No speed-up: a group of one configuration has nothing to be faster than. Run a "
                  "sweep.");
    default:
        return tr("No cell of this map has a measured value for this layer.");
    }
}

HeatMapView::Frame HeatMapView::frame(const Geometry& g) const {
    Frame f;
    f.rowOfCell.assign(g.workers.size() * g.blas.size(), -1);
    for (int r = 0; r < m_model->rows(); ++r) {
        if (!shown(r))
            continue;
        const auto& s = m_model->result(r).config.spec;
        // The last row of a cell wins: a later measurement of the same configuration.
        f.rowOfCell[std::size_t(g.cellIndex(s.workers, s.blasThreads))] = r;
    }
    // The scale covers every group's values: maps of two libraries side by side share it.
    valueRange(f.lo, f.hi);
    return f;
}

std::optional<double> HeatMapView::value(int row) const {
    const auto& r = m_model->result(row);
    switch (m_layer) {
    case Layer::Speedup:
        // Over the group's baseline (a sweep's 1 x 1 cell), as the table and bars show it.
        return m_model->speedup(row);
    case Layer::Time:
        return r.medianSeconds();
    case Layer::Gflops:
        return r.gflops();
    case Layer::PercentOfPeak:
        return r.percentOfPeak(m_model->machine().peakGflops);
    case Layer::CpuUse:
        return r.cpuUsePercent(m_model->machine().logicalCpus);
    case Layer::InvoluntarySwitches:
        return r.involuntarySwitchesPerSecond();
    case Layer::RatioToComparison:
        return m_model->comparisonRatio(row);
    }
    return std::nullopt;
}

int HeatMapView::Frame::span() const {
    // Powers of two each side of 1x that cover every value, at least 4x, at most 1024x.
    if (!(hi > 0) || !(lo > 0))
        return 2;
    const double widest = std::max(std::abs(std::log2(lo)), std::abs(std::log2(hi)));
    return std::clamp(int(std::ceil(widest - 1e-9)), 2, 10);
}

QColor HeatMapView::colour(double v, const Frame& f) const {
    if (m_layer == Layer::Speedup)
        return diverging(v, f.span());
    if (m_layer == Layer::RatioToComparison) // these faster than B (ratio < 1): blue
        return diverging(1.0 / std::max(v, 1e-9), f.span());
    const bool red = m_layer == Layer::Time || m_layer == Layer::InvoluntarySwitches;
    // Percentages have a fixed scale (0..100), so two maps can be compared by eye.
    if (m_layer == Layer::PercentOfPeak || m_layer == Layer::CpuUse)
        return sequential(v / 100.0, red);
    if (m_layer == Layer::InvoluntarySwitches && f.lo <= 0)
        return sequential(f.hi > 0 ? std::log1p(v) / std::log1p(f.hi) : 0.0, red);
    if (f.hi <= f.lo)
        return sequential(0.5, red);
    // Time: darker is slower; GFLOP/s: darker is faster. Log scale: these span decades.
    return sequential((std::log(v) - std::log(f.lo)) / (std::log(f.hi) - std::log(f.lo)), red);
}

QString HeatMapView::cellText(int row) const {
    const auto& r = m_model->result(row);
    const auto state = m_model->state(row);
    if (state == RunModel::RowState::Pending)
        return tr("waiting");
    // One language with the bars, the table and the CLI: "timed out > 3.0 s" on two lines.
    if (state == RunModel::RowState::Done && r.status != RunStatus::Ok &&
        r.status != RunStatus::Cancelled)
        return QString::fromStdString(incompleteText(r))
            .replace(QStringLiteral(" > "), QStringLiteral("\n> "));
    const auto v = value(row);
    QString text;
    if (v) {
        switch (m_layer) {
        case Layer::Speedup:
            // Three significant figures, as the bars say it.
            text = QString::fromStdString(speedupFigure(*v));
            break;
        case Layer::Time:
            text = formatSeconds(*v) + QStringLiteral(" s");
            break;
        case Layer::Gflops:
            text = QString::number(*v, 'f', 0);
            break;
        case Layer::PercentOfPeak:
        case Layer::CpuUse:
            text = QStringLiteral("%1%").arg(*v, 0, 'f', 0);
            break;
        case Layer::RatioToComparison:
            text = QString::number(*v, 'f', 2);
            break;
        case Layer::InvoluntarySwitches:
            text = *v >= 10000 ? QStringLiteral("%1k").arg(*v / 1000, 0, 'f', 0)
                               : QString::number(*v, 'f', 0);
            break;
        }
    }
    if (state == RunModel::RowState::Running)
        text = text.isEmpty() ? tr("running") : text + tr("\nrunning");
    if (state == RunModel::RowState::Done && r.status == RunStatus::Cancelled)
        text += tr("\ncancelled");
    return text;
}

QString HeatMapView::title() const {
    int reps = 0;
    for (int r = 0; r < m_model->rows(); ++r)
        reps = std::max(reps, m_model->result(r).config.spec.repeats);
    const QString method = tr("median of %1").arg(reps);
    switch (m_layer) {
    case Layer::Speedup: {
        // Over the group's first row, as every speed-up: name it when it is not the 1 x 1.
        for (int r = 0; r < m_model->rows(); ++r) {
            if (!shown(r))
                continue;
            const auto& s = m_model->result(r).config;
            if (s.spec.workers != 1 || s.spec.blasThreads != 1)
                return tr("Speed-up over %1, %2 (blue = faster)")
                    .arg(QString::fromStdString(s.label), method);
            break;
        }
        return tr("Speed-up over 1 worker x 1 BLAS thread, %1 (blue = faster)").arg(method);
    }
    case Layer::Time:
        return tr("Wall time, seconds (%1; lower is better)").arg(method);
    case Layer::Gflops:
        return tr("GFLOP/s of the operation alone, making data excluded (%1; higher is better)")
            .arg(method);
    case Layer::PercentOfPeak:
        return m_model->machine().peakGflops > 0
                   ? tr("GFLOP/s as % of the calibrated peak, %1 GFLOP/s (%2)")
                         .arg(m_model->machine().peakGflops, 0, 'f', 0)
                         .arg(method)
                   : tr("% of peak: no calibrated peak yet; press Calibrate in the machine panel");
    case Layer::CpuUse:
        return tr("CPU use: CPU seconds / (wall seconds x %1 logical CPUs) (%2)")
            .arg(std::max(1, m_model->machine().logicalCpus))
            .arg(method);
    case Layer::RatioToComparison:
        return m_model->hasComparison()
                   ? (groups().size() > 1
                          ? tr("Time / time of %1 in the same cell (%2; blue = faster than %1)")
                          : tr("Time of these results / time of %1 (%2; blue = these are "
                               "faster)"))
                         .arg(m_model->comparisonName())
                         .arg(method)
                   : tr("No comparison: File > Compare with results");
    case Layer::InvoluntarySwitches:
        return tr("Involuntary context switches per second (%1; high = threads fight for cores)")
            .arg(method);
    }
    return {};
}

HeatMapView::CellFonts HeatMapView::cellFonts(const Geometry& g) const {
    // One font for single-line and one for two-line texts: every cell has the same size.
    const QRectF any = g.cellAt(0, 0).adjusted(1, 1, -1, -1);
    auto fitted = [&](int lines) {
        QFont fnt = font();
        const double fit = std::min(any.height() / (lines * 1.25), any.width() / 4.2);
        fnt.setPointSizeF(std::clamp(fit * 0.75, ct::kMinPointSize, font().pointSizeF() * 1.3));
        return fnt;
    };
    return CellFonts{fitted(1), fitted(2), any.width() > 18 && any.height() > 12};
}

void HeatMapView::paintCell(QPainter& p, const Geometry& g, const Frame& f, const CellFonts& fonts,
                            std::size_t i) const {
    const int row = f.rowOfCell[i];
    if (row < 0)
        return;
    const int columns = int(g.blas.size());
    const QRectF c = g.cellAt(int(i) / columns, int(i) % columns).adjusted(1, 1, -1, -1);
    const auto& r = m_model->result(row);
    const auto state = m_model->state(row);
    // Not a complete measurement (timed out, cancelled, failed, skipped): grey, hatched.
    const bool broken = state == RunModel::RowState::Done && r.status != RunStatus::Ok;
    // A cell that did not finish has no colour of the scale: a partial measurement coloured
    // like a measured one reads as one.
    QColor fill = broken ? QColor(235, 235, 235) : palette().color(QPalette::AlternateBase);
    if (auto v = value(row); v && !broken)
        fill = colour(*v, f);
    p.fillRect(c, fill);
    if (broken) {
        const QColor hatch = r.status == RunStatus::Failed ? QColor(150, 0, 0) : QColor(90, 90, 90);
        p.fillRect(c, QBrush(hatch, Qt::BDiagPattern));
    }
    if (state == RunModel::RowState::Running) {
        p.setPen(QPen(palette().color(QPalette::Highlight), 3, Qt::DashLine));
        p.drawRect(c.adjusted(1.5, 1.5, -1.5, -1.5));
    }
    if (!fonts.roomForText)
        return;
    QString text = cellText(row);
    if (text.isEmpty())
        return;
    // The text fits its cell in a font no smaller than charttext's minimum, or a shorter form
    // does (its first line), or the cell stays without text: the tooltip and table have it.
    const QFont& base = text.contains(QLatin1Char('\n')) ? fonts.twoLines : fonts.oneLine;
    auto fit = ct::fitted(base, text, c.size() - QSizeF(4, 2), false);
    if (!fit && text.contains(QLatin1Char('\n'))) {
        const QString first = text.section(QLatin1Char('\n'), 0, 0);
        const QString last = text.section(QLatin1Char('\n'), -1);
        // "timed out\n> 3.0 s": the bound says more than the words; "2.0x\nrunning": the value.
        text = last.startsWith(QLatin1Char('>')) ? last : first;
        fit = ct::fitted(fonts.oneLine, text, c.size() - QSizeF(4, 2), false);
    }
    if (!fit) {
        // Two significant figures take less room: "1.86x" -> "1.9x".
        static const QRegularExpression number(QStringLiteral("\\d+\\.\\d+"));
        QString compact = text;
        for (auto m = number.match(text); m.hasMatch(); m = number.match(text, m.capturedEnd()))
            compact.replace(m.captured(), QString::number(m.captured().toDouble(), 'g', 2));
        if (compact != text) {
            text = compact;
            fit = ct::fitted(fonts.oneLine, text, c.size() - QSizeF(4, 2), false);
        }
    }
    if (!fit)
        return;
    p.setFont(*fit);
    p.setPen(broken ? QColor(20, 20, 20)
                    : (darkBackground(fill) ? QColor(Qt::white) : QColor(Qt::black)));
    if (broken) {
        // Readable over the hatching.
        const QRectF tb =
            QFontMetricsF(*fit).boundingRect(c, Qt::AlignCenter, text).adjusted(-3, -1, 3, 1);
        p.fillRect(tb.intersected(c), QColor(255, 255, 255, 210));
    }
    ct::draw(p, c.adjusted(1, 1, -1, -1), Qt::AlignCenter, text, false);
}

void HeatMapView::paintEdge(QPainter& p, const Geometry& g) const {
    // The oversubscription boundary: cells with workers x BLAS > logical CPUs lie beyond it.
    const int cpus = std::max(1, m_model->machine().logicalCpus);
    QPainterPath edge;
    bool started = false;
    for (int row = 0; row < int(g.workers.size()); ++row) {
        // Right of the last column whose cell fits: workers x BLAS threads <= logical CPUs.
        int fits = 0;
        while (fits < int(g.blas.size()) &&
               std::int64_t(g.workers[std::size_t(row)]) * g.blas[std::size_t(fits)] <= cpus)
            ++fits;
        const double x = g.grid.left() + fits * g.cw;
        const double yBottom = g.cellAt(row, 0).bottom();
        const double yTop = g.cellAt(row, 0).top();
        if (!started) {
            edge.moveTo(x, yBottom);
            started = true;
        } else {
            edge.lineTo(x, yBottom);
        }
        edge.lineTo(x, yTop);
    }
    // Thicker with the font (presentation mode): visible from the back of the room.
    const double w = std::max(3.0, ct::lineHeight(font()) / 5.0);
    p.setPen(QPen(QColor(0, 0, 0), w));
    p.setBrush(Qt::NoBrush);
    p.drawPath(edge);
    p.setPen(QPen(QColor(255, 255, 255), w / 3));
    p.drawPath(edge);
}

std::vector<std::pair<double, QString>> HeatMapView::legendTicks(const Frame& f) const {
    std::vector<std::pair<double, QString>> ticks;
    if (m_layer == Layer::RatioToComparison || m_layer == Layer::Speedup) {
        // Ticks at powers of two across the span the data needs (every one, or every other).
        const int span = f.span();
        const int step = span > 3 ? 2 : 1;
        const bool ratio = m_layer == Layer::RatioToComparison;
        for (int k = -span; k <= span; k += 1) {
            if (k % step != 0 && std::abs(k) != span)
                continue;
            const double t = (double(k) + span) / (2.0 * span);
            const double v = std::pow(2.0, ratio ? -k : k);
            ticks.emplace_back(t, QString::number(v, 'g', 3) +
                                      (ratio ? QString() : QStringLiteral("x")));
        }
    } else if (m_layer == Layer::PercentOfPeak || m_layer == Layer::CpuUse) {
        ticks = {{0.0, QStringLiteral("0%")},
                 {0.5, QStringLiteral("50%")},
                 {1.0, QStringLiteral("100%")}};
    } else if (f.hi > 0) {
        const bool time = m_layer == Layer::Time;
        auto fmt = [&](double v) {
            return time ? formatSeconds(v) + QStringLiteral(" s") : QString::number(v, 'f', 0);
        };
        ticks.emplace_back(0.0, fmt(f.lo));
        if (f.hi > f.lo)
            ticks.emplace_back(1.0, fmt(f.hi) + (m_layer == Layer::InvoluntarySwitches
                                                     ? QStringLiteral("/s")
                                                     : QString()));
    }
    return ticks;
}

void HeatMapView::paintMap(QPainter& p, const QRect& rect) const {
    const charttext::PaintPass pass;
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect, palette().base());
    p.setFont(font());
    const double lh = ct::lineHeight(font());
    if (m_model->rows() == 0) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        ct::draw(p, QRectF(rect).adjusted(8, 8, -8, -8), Qt::AlignCenter,
                 tr("Run a sweep to fill the heat map: pool workers x BLAS threads, each cell "
                    "measured in its own process."));
        p.restore();
        return;
    }
    const Geometry g = geometry(rect);
    if (!g.valid()) {
        p.restore();
        return;
    }
    p.setPen(palette().color(QPalette::Text));
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    ct::draw(p, g.titleBox, Qt::AlignHCenter | Qt::AlignTop, g.title);
    p.setFont(font());
    ct::draw(p, g.noteBox, Qt::AlignHCenter | Qt::AlignTop, g.note);

    const QString empty = emptyLayerText();
    const Frame f = frame(g);
    if (empty.isEmpty()) {
        const CellFonts fonts = cellFonts(g);
        for (std::size_t i = 0; i < f.rowOfCell.size(); ++i)
            paintCell(p, g, f, fonts, i);
    } else {
        // An empty layer says what to do instead of a blank map with a meaningless scale.
        p.fillRect(g.grid, palette().color(QPalette::AlternateBase));
        p.setPen(palette().color(QPalette::Text));
        const QRectF room = g.grid.adjusted(lh / 2, lh / 2, -lh / 2, -lh / 2);
        if (const auto fit = ct::fitted(font(), empty, room.size())) {
            p.setFont(*fit);
            ct::draw(p, room, Qt::AlignCenter, empty);
            p.setFont(font());
        }
    }
    p.setFont(font());

    // Axes: values under the columns and beside the rows, then the titles, wrapped.
    p.setPen(palette().color(QPalette::Text));
    // Column values, leaving out one that would touch its left neighbour (narrow cells).
    double lastRight = -1e9;
    for (int column = 0; column < int(g.blas.size()); ++column) {
        const QRectF c = g.cellAt(0, column);
        const QString v = QString::number(g.blas[std::size_t(column)]);
        const double w = ct::lineWidth(font(), v) + 2;
        if (c.center().x() - w / 2 < lastRight + lh * 0.3)
            continue;
        ct::draw(p, QRectF(c.center().x() - w / 2, g.grid.bottom() + 2, w, lh + 1),
                 Qt::AlignHCenter, v);
        lastRight = c.center().x() + w / 2;
    }
    const double rowLabelW = ct::lineWidth(font(), QString::number(g.workers.back())) + 2;
    double lastTop = 1e9; // rows go up: leave out a value that would touch the one below
    for (int row = 0; row < int(g.workers.size()); ++row) {
        const QRectF c = g.cellAt(row, 0);
        if (c.center().y() + lh / 2 > lastTop - lh * 0.1)
            continue;
        lastTop = c.center().y() - lh / 2;
        ct::draw(p,
                 QRectF(g.grid.left() - rowLabelW - 6, c.center().y() - lh / 2, rowLabelW, lh + 1),
                 Qt::AlignRight | Qt::AlignTop, QString::number(g.workers[std::size_t(row)]));
    }
    ct::draw(p,
             QRectF(g.titleBox.left(), g.grid.bottom() + lh + 4, g.titleBox.width(),
                    rect.bottom() - g.grid.bottom() - lh - 4),
             Qt::AlignHCenter | Qt::AlignTop, tr("BLAS threads per operation"));
    p.save();
    p.translate(rect.left() + 2, g.grid.center().y());
    p.rotate(-90);
    // The rotated title in a smaller font if the grid is short, or not at all if even that
    // does not fit (the column's values still say what the rows are).
    if (const auto fit =
            ct::fitted(font(), tr("pool workers"), QSizeF(g.grid.height(), lh * 2.3))) {
        p.setFont(*fit);
        ct::draw(p, QRectF(-g.grid.height() / 2, 0, g.grid.height(), lh * 2.3),
                 Qt::AlignHCenter | Qt::AlignTop, tr("pool workers"));
        p.setFont(font());
    }
    p.restore();

    paintEdge(p, g);
    if (!empty.isEmpty()) {
        p.restore();
        return;
    }

    // Legend.
    const QRectF bar(g.grid.right() + 14, g.grid.top(), 14, g.grid.height());
    const int steps = 64;
    for (int i = 0; i < steps; ++i) {
        const double t = double(i) / (steps - 1);
        QColor c;
        if (m_layer == Layer::Speedup || m_layer == Layer::RatioToComparison)
            c = diverging(std::pow(2.0, f.span() * (2.0 * t - 1.0)), f.span());
        else
            c = sequential(t, m_layer == Layer::Time || m_layer == Layer::InvoluntarySwitches);
        p.fillRect(QRectF(bar.left(), bar.bottom() - (i + 1) * bar.height() / steps, bar.width(),
                          bar.height() / steps + 1),
                   c);
    }
    p.setPen(palette().color(QPalette::Text));
    p.drawRect(bar);
    double lastY = 1e9; // ticks go up: leave out a label that would touch the one below
    for (const auto& [t, label] : legendTicks(f)) {
        const double y = bar.bottom() - t * bar.height();
        if (y + lh / 2 > lastY - lh * 0.1)
            continue;
        lastY = y - lh / 2;
        p.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 4, y));
        ct::draw(p, QRectF(bar.right() + 6, y - lh / 2, g.legendLabelWidth, lh + 1),
                 Qt::AlignLeft | Qt::AlignTop, label);
    }
    p.restore();
}

} // namespace threadmix::ui
