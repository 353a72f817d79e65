// The heat map's words and edges: its title, what an empty layer says, the axes' ticks and
// the colour legend's ticks.
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QRegularExpression>
#include <QToolTip>

#include <algorithm>
#include <cmath>

#include "core/results/configresult.h"
#include "ui/charts/charttext.h"
#include "ui/charts/heatmapview.h"
#include "ui/model/runmodel.h"

namespace threadmix::ui {

namespace ct = charttext;

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
        for (int r = 0; r < m_model->rows(); ++r)
            if (shown(r) && m_model->result(r).config.spec.pool == PoolKind::Mpi)
                return tr("Speed-up over 1 MPI rank x 1 BLAS thread, %1 (blue = faster)")
                    .arg(method);
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

void HeatMapView::paintEdge(QPainter& p, const Geometry& g) const {
    // The oversubscription boundary: cells with workers x BLAS > logical CPUs lie beyond it
    // (the hosts' CPUs for MPI ranks: staircase()).
    const int cpus = std::max(1, g.cpus);
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

} // namespace threadmix::ui
