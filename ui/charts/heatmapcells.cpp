// The heat map's cells: each row's value, its colour on the layer's scale, and its text.
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
#include "ui/charts/heatmapcolours.h"
#include "ui/charts/heatmapview.h"
#include "ui/model/runmodel.h"

namespace threadmix::ui {

namespace ct = charttext;

using namespace mapcolours;

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

} // namespace threadmix::ui
