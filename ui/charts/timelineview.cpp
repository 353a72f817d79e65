// Painting of the per-worker timeline from a repetition's task records.
#include "ui/charts/timelineview.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

#include "ui/charts/charttext.h"
#include "ui/charts/heatmapview.h"
#include "ui/model/runmodel.h"

namespace threadmix::ui {

namespace {

const QColor kData(244, 165, 130);
const QColor kOperate(33, 102, 172);
const QColor kIdle(240, 240, 240);

double niceStep(double span, int ticks) {
    const double raw = span / std::max(1, ticks);
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (raw <= m * p)
            return m * p;
    return 10 * p;
}

} // namespace

TimelineView::TimelineView(RunModel* model, QWidget* parent) : QWidget(parent), m_model(model) {
    auto repaint = [this] { update(); };
    connect(model, &QAbstractItemModel::dataChanged, this, repaint);
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        m_row = -1;
        update();
    });
    connect(model, &QAbstractItemModel::rowsRemoved, this, [this] {
        if (m_row >= m_model->rows())
            m_row = -1;
        update();
    });
    setToolTip(tr("One lane per pool worker for the repetition with the median time. Light: "
                  "making data; dark: the operation; grey: the worker had nothing to do. On a "
                  "healthy run the lanes are full; when threads oversubscribe the cores the "
                  "bars stretch."));
}

void TimelineView::setRow(int row) {
    m_row = row;
    update();
}

void TimelineView::paintTimeline(QPainter& p, const QRect& rect) const {
    const charttext::PaintPass pass;
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect, palette().base());
    const QFontMetrics fm(p.font());
    const RepetitionResult* rep = nullptr;
    if (m_row >= 0 && m_row < m_model->rows())
        rep = m_model->result(m_row).medianRepetition();
    if (!rep || rep->tasks.empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect, Qt::AlignCenter | Qt::TextWordWrap,
                   tr("Click a bar or a heat-map cell to see how its tasks ran on the pool's "
                      "workers."));
        p.restore();
        return;
    }
    const auto& r = m_model->result(m_row);
    const auto& s = r.config.spec;
    const int lanes = std::max(1, s.workers);
    const double wall = std::max(rep->wallSeconds, 1e-9);

    QFont bold = p.font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(palette().color(QPalette::Text));
    // The title names the configuration in full (an export must say what it shows), wrapped.
    QString group = groupName(r.config.group);
    const QString title =
        tr("Timeline of %1 (%2): its median repetition, %3 tasks on %4 worker(s), %5")
            .arg(QString::fromStdString(r.config.label), group)
            .arg(rep->tasks.size())
            .arg(lanes)
            .arg(dataPlacementText(s));
    const double titleH = charttext::draw(
        p, QRectF(rect.left() + 4, rect.top() + 2, rect.width() - 8, rect.height() / 2.0),
        Qt::AlignHCenter | Qt::AlignTop, title);
    p.setFont(font());

    const int left = fm.horizontalAdvance(QStringLiteral("worker 88")) + 10;
    const int right = fm.horizontalAdvance(QStringLiteral("100% busy")) + 14;
    const int top = int(titleH) + 10;
    const int bottom = fm.height() * 3 + 14;
    const QRectF area(rect.left() + left, rect.top() + top,
                      std::max(10, rect.width() - left - right),
                      std::max(10, rect.height() - top - bottom));
    const double laneH = area.height() / lanes;
    auto x = [&](double t) { return area.left() + area.width() * std::clamp(t / wall, 0.0, 1.0); };

    std::vector<double> busy(std::size_t(lanes), 0.0);
    for (int w = 0; w < lanes; ++w) {
        const QRectF lane(area.left(), area.top() + w * laneH + laneH * 0.1, area.width(),
                          laneH * 0.8);
        p.fillRect(lane, kIdle);
        if (laneH >= fm.height())
            p.drawText(QRectF(rect.left(), lane.top(), left - 6, lane.height()),
                       Qt::AlignRight | Qt::AlignVCenter, tr("worker %1").arg(w + 1));
    }
    // Made up front: every worker made data until the data phase ended.
    if (s.data == DataPlacement::Upfront && rep->dataPhaseSeconds > 0) {
        const QRectF band(area.left(), area.top(), x(rep->dataPhaseSeconds) - area.left(),
                          area.height());
        p.fillRect(band, QColor(kData.red(), kData.green(), kData.blue(), 150));
        for (auto& b : busy)
            b += rep->dataPhaseSeconds;
        if (band.width() > fm.horizontalAdvance(QStringLiteral("all data")) + 6) {
            p.setPen(QColor(90, 40, 20));
            p.drawText(band, Qt::AlignCenter, tr("all data"));
        }
    }
    for (const auto& t : rep->tasks) {
        if (t.worker < 0 || t.worker >= lanes)
            continue;
        const double y = area.top() + t.worker * laneH + laneH * 0.1;
        const double h = laneH * 0.8;
        if (t.dataEnd > t.start)
            p.fillRect(QRectF(x(t.start), y, std::max(0.5, x(t.dataEnd) - x(t.start)), h), kData);
        p.fillRect(QRectF(x(t.dataEnd), y, std::max(0.5, x(t.end) - x(t.dataEnd)), h), kOperate);
        // A thin gap between neighbouring tasks keeps them countable.
        if (x(t.end) - x(t.start) > 4) {
            p.setPen(QPen(palette().color(QPalette::Base), 1));
            p.drawLine(QPointF(x(t.end), y), QPointF(x(t.end), y + h));
        }
        busy[std::size_t(t.worker)] += t.end - t.start;
    }
    p.setPen(palette().color(QPalette::Text));
    for (int w = 0; w < lanes; ++w)
        if (laneH >= fm.height())
            p.drawText(QRectF(area.right() + 6, area.top() + w * laneH, right - 6, laneH),
                       Qt::AlignLeft | Qt::AlignVCenter,
                       tr("%1% busy")
                           .arg(std::min(100.0, 100.0 * busy[std::size_t(w)] / wall), 0, 'f', 0));

    // Time axis.
    const double step = niceStep(wall, 6);
    for (double t = 0; t <= wall + 1e-12; t += step) {
        const double px = x(t);
        p.drawLine(QPointF(px, area.bottom()), QPointF(px, area.bottom() + 4));
        p.drawText(QRectF(px - 40, area.bottom() + 4, 80, fm.height()), Qt::AlignCenter,
                   t == 0 ? QStringLiteral("0") : formatSeconds(t));
    }
    p.drawText(QRectF(area.left(), area.bottom() + fm.height() + 4, area.width(), fm.height()),
               Qt::AlignCenter,
               tr("seconds since the measurement started (wall %1 s)").arg(formatSeconds(wall)));
    // Legend.
    const double ly = area.bottom() + 2 * fm.height() + 10;
    double lx = area.left();
    const char* op = s.workload == Workload::Gemm  ? "multiplying"
                     : s.workload == Workload::Dot ? "dot product"
                                                   : "filling";
    for (auto [colour, label] : {std::pair{kData, tr("making data")}, std::pair{kOperate, tr(op)},
                                 std::pair{kIdle, tr("idle")}}) {
        p.fillRect(QRectF(lx, ly + 2, 14, fm.height() - 4), colour);
        p.drawText(QPointF(lx + 18, ly + fm.ascent()), label);
        lx += 30 + fm.horizontalAdvance(label);
    }
    p.restore();
}

void TimelineView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    paintTimeline(p, rect());
}

} // namespace threadmix::ui
