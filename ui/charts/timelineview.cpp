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
// A process pool's own segments: starting its workers, operands sent to a worker, its product
// back in the main program.
const QColor kPoolStart(90, 180, 172);
const QColor kSend(216, 179, 101);
const QColor kBack(140, 81, 10);

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
                  "bars stretch. A process pool also shows starting its worker processes, the "
                  "operands sent to a worker (data made up front) and its product back. "
                  "MPI ranks: one lane per rank, grouped by host when they ran on several; "
                  "launching the ranks comes before the timed span and is said in the title."));
}

void TimelineView::setRow(int row) {
    m_row = row;
    update();
}

namespace {

// What the steps of one paint share: the lanes' area, the time scale and the painter's metrics.
struct Lanes {
    QRectF rect; // the whole chart
    QRectF area; // the lanes
    double laneH = 1;
    double wall = 1; // the repetition's wall time: the axis' end
    int count = 1;
    int left = 0, right = 0; // the label columns left and right of the lanes
    double x(double t) const { return area.left() + area.width() * std::clamp(t / wall, 0.0, 1.0); }
};

// Lane backgrounds and their labels (when a lane is tall enough for one); a line between one
// host's ranks and the next's.
void paintLanes(QPainter& p, const Lanes& L, const QFontMetrics& fm,
                const TimelineView::LaneRows& rows) {
    for (int w = 0; w < L.count; ++w) {
        const QRectF lane(L.area.left(), L.area.top() + w * L.laneH + L.laneH * 0.1, L.area.width(),
                          L.laneH * 0.8);
        p.fillRect(lane, kIdle);
        if (L.laneH >= fm.height() && w < rows.labels.size())
            p.drawText(QRectF(L.rect.left(), lane.top(), L.left - 6, lane.height()),
                       Qt::AlignRight | Qt::AlignVCenter, rows.labels[w]);
    }
    p.save();
    p.setPen(QPen(QColor(90, 90, 90), 1, Qt::DashLine));
    for (int start : rows.hostStarts) {
        const double y = L.area.top() + start * L.laneH;
        p.drawLine(QPointF(L.rect.left() + 4, y), QPointF(L.area.right(), y));
    }
    p.restore();
}

// A band across every lane from t0 to t1, named inside where the name fits.
void paintBand(QPainter& p, const Lanes& L, const QFontMetrics& fm, double t0, double t1,
               const QColor& colour, const QString& name) {
    const QRectF band(L.x(t0), L.area.top(), L.x(t1) - L.x(t0), L.area.height());
    p.fillRect(band, QColor(colour.red(), colour.green(), colour.blue(), 150));
    if (band.width() > fm.horizontalAdvance(name) + 6) {
        p.setPen(QColor(40, 40, 40));
        p.drawText(band, Qt::AlignCenter, name);
    }
}

} // namespace

TimelineView::LaneRows TimelineView::laneRowsOf(const RepetitionResult& rep, const RunSpec& s) {
    LaneRows rows;
    const int workers = std::max(1, s.workers);
    if (!rep.mpi || rep.mpi->ranks.empty()) {
        for (int w = 0; w < workers; ++w) {
            rows.labels << tr("worker %1").arg(w + 1);
            rows.laneOf.push_back(w);
        }
        return rows;
    }
    // Ranks keep MPI's numbers (from 0); on several hosts each host's ranks are together, the
    // hosts in the order their first rank has.
    const auto& m = *rep.mpi;
    const auto hosts = m.hosts();
    std::vector<RankRecord> ranks = m.ranks;
    auto hostIndex = [&](const RankRecord& r) {
        return int(std::find(hosts.begin(), hosts.end(), r.host) - hosts.begin());
    };
    std::stable_sort(ranks.begin(), ranks.end(), [&](const RankRecord& a, const RankRecord& b) {
        return std::pair(hostIndex(a), a.rank) < std::pair(hostIndex(b), b.rank);
    });
    int most = workers;
    for (const auto& r : ranks)
        most = std::max(most, r.rank + 1);
    rows.laneOf.assign(std::size_t(most), -1);
    for (std::size_t i = 0; i < ranks.size(); ++i) {
        const auto& r = ranks[i];
        rows.labels << (hosts.size() > 1
                            ? tr("rank %1 @ %2").arg(r.rank).arg(QString::fromStdString(r.host))
                            : tr("rank %1").arg(r.rank));
        if (r.rank >= 0)
            rows.laneOf[std::size_t(r.rank)] = int(i);
        if (i > 0 && r.host != ranks[i - 1].host)
            rows.hostStarts.push_back(int(i));
    }
    return rows;
}

QString TimelineView::launchText(const RepetitionResult& rep) {
    if (!rep.mpi)
        return {};
    return tr("launching and stopping the ranks (%1) took %2 s more, outside the timed span")
        .arg(QString::fromStdString(rep.mpi->launcher.empty() ? std::string("mpirun")
                                                              : rep.mpi->launcher))
        .arg(formatSeconds(rep.mpi->launchSeconds));
}

TimelineView::Segments TimelineView::segmentsOf(const RepetitionResult& rep, const RunSpec& s) {
    Segments g;
    g.poolStart = rep.poolStartSeconds > 0;
    g.allData = s.data == DataPlacement::Upfront && rep.dataPhaseSeconds > 0;
    for (const auto& t : rep.tasks) {
        const bool data = t.dataEnd > t.start;
        (s.sendsOperands() ? g.sending : g.makingData) |= data;
        g.productBack |= t.returned > t.end;
    }
    g.makingData |= g.allData;
    return g;
}

namespace {

// The legend's entries, in the order the segments happen: only those that appear.
std::vector<std::pair<QColor, QString>> legendItems(const RepetitionResult& rep, const RunSpec& s) {
    const auto g = TimelineView::segmentsOf(rep, s);
    std::vector<std::pair<QColor, QString>> out;
    if (g.poolStart)
        out.emplace_back(kPoolStart, TimelineView::tr("starting the worker processes"));
    if (g.makingData)
        out.emplace_back(kData, TimelineView::tr("making data"));
    if (g.sending)
        out.emplace_back(kSend, TimelineView::tr("sending"));
    const char* op = s.workload == Workload::Gemm  ? "multiplying"
                     : s.workload == Workload::Dot ? "dot product"
                                                   : "filling";
    out.emplace_back(kOperate, TimelineView::tr(op));
    if (g.productBack)
        out.emplace_back(kBack, TimelineView::tr("product back"));
    out.emplace_back(kIdle, TimelineView::tr("idle"));
    return out;
}

// The pool's start-up and data phase, then every task; returns each lane's busy seconds.
std::vector<double> paintTasks(QPainter& p, const Lanes& L, const QFontMetrics& fm,
                               const RepetitionResult& rep, const RunSpec& s, const QColor& base,
                               const std::vector<int>& laneOf) {
    std::vector<double> busy(std::size_t(L.count), 0.0);
    // A process pool: its workers were started before anything else (0 for threads).
    if (rep.poolStartSeconds > 0)
        paintBand(p, L, fm, 0, rep.poolStartSeconds, kPoolStart, TimelineView::tr("starting"));
    // Made up front: every worker made data (or, in a process pool, waited for the main program
    // to make it) until the data phase ended.
    if (s.data == DataPlacement::Upfront && rep.dataPhaseSeconds > 0) {
        paintBand(p, L, fm, rep.poolStartSeconds, rep.poolStartSeconds + rep.dataPhaseSeconds,
                  kData, TimelineView::tr("all data"));
        for (auto& b : busy)
            b += rep.dataPhaseSeconds;
    }
    // Operands made up front and sent to a worker process: its data segment is the sending.
    const QColor& dataColour = s.sendsOperands() ? kSend : kData;
    for (const auto& t : rep.tasks) {
        if (t.worker < 0 || t.worker >= int(laneOf.size()))
            continue;
        const int lane = laneOf[std::size_t(t.worker)];
        if (lane < 0 || lane >= L.count)
            continue;
        const double y = L.area.top() + lane * L.laneH + L.laneH * 0.1;
        const double h = L.laneH * 0.8;
        if (t.dataEnd > t.start)
            p.fillRect(QRectF(L.x(t.start), y, std::max(0.5, L.x(t.dataEnd) - L.x(t.start)), h),
                       dataColour);
        p.fillRect(QRectF(L.x(t.dataEnd), y, std::max(0.5, L.x(t.end) - L.x(t.dataEnd)), h),
                   kOperate);
        // The product back in the main program: a thinner bar, so that the next task taken
        // in the meantime stays visible over it.
        if (t.returned > t.end)
            p.fillRect(QRectF(L.x(t.end), y + h * 0.3, std::max(0.5, L.x(t.returned) - L.x(t.end)),
                              h * 0.4),
                       kBack);
        // A thin gap between neighbouring tasks keeps them countable.
        if (L.x(t.end) - L.x(t.start) > 4) {
            p.setPen(QPen(base, 1));
            p.drawLine(QPointF(L.x(t.end), y), QPointF(L.x(t.end), y + h));
        }
        busy[std::size_t(lane)] += t.end - t.start;
    }
    return busy;
}

// The time axis' ticks and title, then the legend under it: the segments that appear.
QString axisTitle(double wall) {
    return TimelineView::tr("seconds since the measurement started (wall %1 s)")
        .arg(formatSeconds(wall));
}

// The axis title's height, wrapped to the chart's width.
int axisTitleHeight(const QFontMetrics& fm, const QRectF& rect, double wall) {
    return fm
        .boundingRect(QRect(0, 0, std::max(10, int(rect.width()) - 8), 10000),
                      Qt::TextWordWrap | Qt::AlignHCenter, axisTitle(wall))
        .height();
}

// Where each legend entry goes, flowing over as many lines as the chart's width needs; calls
// `place(x, y, entry)` with y the line's top relative to the legend's top. Returns the lines.
template <typename Place>
int flowLegend(const QFontMetrics& fm, const QRectF& rect,
               const std::vector<std::pair<QColor, QString>>& legend, Place place) {
    const double left = rect.left() + 4, right = rect.right() - 4;
    double lx = left, ly = 0;
    int lines = 1;
    for (const auto& item : legend) {
        const double w = 18 + fm.horizontalAdvance(item.second);
        if (lx > left && lx + w > right) {
            lx = left;
            ly += fm.height() + 2;
            ++lines;
        }
        place(lx, ly, item);
        lx += w + 12;
    }
    return lines;
}

// The time axis' ticks and title, then the legend under it: the segments that appear.
void paintAxisAndLegend(QPainter& p, const Lanes& L, const QFontMetrics& fm,
                        const std::vector<std::pair<QColor, QString>>& legend) {
    const double step = niceStep(L.wall, 6);
    for (double t = 0; t <= L.wall + 1e-12; t += step) {
        const double px = L.x(t);
        p.drawLine(QPointF(px, L.area.bottom()), QPointF(px, L.area.bottom() + 4));
        p.drawText(QRectF(px - 40, L.area.bottom() + 4, 80, fm.height()), Qt::AlignCenter,
                   t == 0 ? QStringLiteral("0") : formatSeconds(t));
    }
    const int titleH = axisTitleHeight(fm, L.rect, L.wall);
    p.drawText(
        QRectF(L.rect.left() + 4, L.area.bottom() + fm.height() + 4, L.rect.width() - 8, titleH),
        Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, axisTitle(L.wall));
    const double top = L.area.bottom() + fm.height() + 4 + titleH + 6;
    flowLegend(fm, L.rect, legend, [&](double x, double y, const auto& item) {
        p.fillRect(QRectF(x, top + y + 2, 14, fm.height() - 4), item.first);
        p.drawText(QPointF(x + 18, top + y + fm.ascent()), item.second);
    });
}

} // namespace

QStringList TimelineView::legendOf(const RepetitionResult& rep, const RunSpec& s) {
    QStringList out;
    for (const auto& item : legendItems(rep, s))
        out << item.second;
    return out;
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
    const auto rows = laneRowsOf(*rep, s);
    Lanes L;
    L.rect = rect;
    L.count = std::max(1, int(rows.labels.size()));
    L.wall = std::max(rep->wallSeconds, 1e-9);

    QFont bold = p.font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(palette().color(QPalette::Text));
    // The title names the configuration in full (an export must say what it shows), wrapped.
    QString group = groupName(r.config.group);
    QString title =
        (rep->mpi ? tr("Timeline of %1 (%2): its median repetition, %3 tasks on %4 MPI rank(s), "
                       "%5")
                  : tr("Timeline of %1 (%2): its median repetition, %3 tasks on %4 worker(s), "
                       "%5"))
            .arg(QString::fromStdString(r.config.label), group)
            .arg(rep->tasks.size())
            .arg(L.count)
            .arg(dataPlacementText(s));
    // The launch is not a segment: the lanes are the ranks' timed span only.
    if (const auto launch = launchText(*rep); !launch.isEmpty())
        title += QStringLiteral("; ") + launch;
    const double titleH = charttext::draw(
        p, QRectF(rect.left() + 4, rect.top() + 2, rect.width() - 8, rect.height() / 2.0),
        Qt::AlignHCenter | Qt::AlignTop, title);
    p.setFont(font());

    // As wide as the longest label ("rank 3 @ node2"), but never more than a third of the chart.
    int labelW = fm.horizontalAdvance(QStringLiteral("worker 88"));
    for (const auto& label : rows.labels)
        labelW = std::max(labelW, fm.horizontalAdvance(label));
    L.left = std::min(labelW + 10, std::max(60, rect.width() / 3));
    L.right = fm.horizontalAdvance(QStringLiteral("100% busy")) + 14;
    const int top = int(titleH) + 10;
    // Under the lanes: the ticks, the axis title and the legend, each as tall as it needs.
    const auto legend = legendItems(*rep, s);
    const int legendLines = flowLegend(fm, L.rect, legend, [](double, double, const auto&) {});
    const int bottom = fm.height() + 4 + axisTitleHeight(fm, L.rect, L.wall) + 6 +
                       legendLines * (fm.height() + 2) + 4;
    L.area = QRectF(rect.left() + L.left, rect.top() + top,
                    std::max(10, rect.width() - L.left - L.right),
                    std::max(10, rect.height() - top - bottom));
    L.laneH = L.area.height() / L.count;

    paintLanes(p, L, fm, rows);
    const auto busy = paintTasks(p, L, fm, *rep, s, palette().color(QPalette::Base), rows.laneOf);
    p.setPen(palette().color(QPalette::Text));
    for (int w = 0; w < L.count; ++w)
        if (L.laneH >= fm.height())
            p.drawText(QRectF(L.area.right() + 6, L.area.top() + w * L.laneH, L.right - 6, L.laneH),
                       Qt::AlignLeft | Qt::AlignVCenter,
                       tr("%1% busy")
                           .arg(std::min(100.0, 100.0 * busy[std::size_t(w)] / L.wall), 0, 'f', 0));
    paintAxisAndLegend(p, L, fm, legend);
    p.restore();
}

void TimelineView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    paintTimeline(p, rect());
}

} // namespace threadmix::ui
