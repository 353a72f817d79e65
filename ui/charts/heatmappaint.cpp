// Painting the heat map: which rows it shows, its geometry and colour frame, and the whole map.
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

bool groupsAreLibraries(const std::vector<GroupKey>& groups) {
    return !groups.empty() && std::all_of(groups.begin(), groups.end(),
                                          [](const GroupKey& g) { return g.library.has_value(); });
}

namespace {

// Two groups of the same rows on different pool kinds (and the same library, if any).
bool otherPoolOf(const GroupKey& a, const GroupKey& b) {
    return a.pool != b.pool && a.plan == b.plan && a.workload == b.workload && a.size == b.size &&
           a.library == b.library && a.name.empty() && b.name.empty();
}

} // namespace

bool groupsSideBySide(const std::vector<GroupKey>& groups) {
    if (groupsAreLibraries(groups))
        return true;
    // Pool kinds: every group has its counterpart on the other kind (a plan run on both).
    return groups.size() > 1 && std::all_of(groups.begin(), groups.end(), [&](const GroupKey& g) {
               return std::any_of(groups.begin(), groups.end(),
                                  [&](const GroupKey& o) { return otherPoolOf(g, o); });
           });
}

QString groupName(const GroupKey& group) {
    return QString::fromStdString(groupText(group));
}

QString groupName(const GroupKey& group, const std::vector<GroupKey>& groups) {
    const bool named =
        group.poolShown || group.pool != PoolKind::Threads || group.plan == PlanKind::Processes;
    if (named || std::none_of(groups.begin(), groups.end(),
                              [&](const GroupKey& o) { return otherPoolOf(group, o); }))
        return groupName(group);
    return QStringLiteral("%1: %2").arg(QString::fromUtf8(toString(group.pool)), groupName(group));
}

HeatMapView::Staircase HeatMapView::staircase() const {
    // MPI ranks: the CPUs of the hosts they ran on, where those differ from this machine's
    // (ranks on other nodes, or a file made elsewhere). The largest of the shown cells' counts:
    // a cell whose ranks fitted on fewer hosts did not use the others.
    Staircase out;
    out.cpus = std::max(1, m_model->machine().logicalCpus);
    int most = 0;
    std::vector<std::string> hosts;
    for (int r = 0; r < m_model->rows(); ++r) {
        if (!shown(r))
            continue;
        for (const auto& rep : m_model->result(r).repetitions)
            if (rep.mpi && rep.mpi->totalCpus() > most) {
                most = rep.mpi->totalCpus();
                hosts = rep.mpi->hosts();
            }
    }
    if (most > 0 && most != out.cpus) {
        out.cpus = most;
        for (const auto& h : hosts)
            out.hosts << QString::fromStdString(h);
    }
    return out;
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
        g.title = groupName(m_group ? *m_group : groups().front(), groups()) +
                  QStringLiteral(": ") + g.title;
    const auto stairs = staircase();
    g.cpus = stairs.cpus;
    const auto& groupsNow = groups();
    const bool ranks =
        !groupsNow.empty() && (m_group ? *m_group : groupsNow.front()).pool == PoolKind::Mpi;
    g.note = stairs.hosts.isEmpty()
                 ? (ranks ? tr("Black line: MPI ranks x BLAS threads = %1 logical CPUs; beyond "
                               "it, threads oversubscribe the cores.")
                          : tr("Black line: workers x BLAS threads = %1 logical CPUs; beyond it, "
                               "threads oversubscribe the cores."))
                       .arg(g.cpus)
                 : tr("Black line: MPI ranks x BLAS threads = %1 logical CPUs of the ranks' "
                      "hosts (%2); beyond it, threads oversubscribe the cores.")
                       .arg(g.cpus)
                       .arg(stairs.hosts.join(QStringLiteral(", ")));
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

void HeatMapView::paintMap(QPainter& p, const QRect& rect) const {
    const charttext::PaintPass pass;
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect, palette().base());
    p.setFont(font());
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
        paintEmptyLayer(p, g, empty);
    }
    p.setFont(font());
    paintAxes(p, g, rect);
    paintEdge(p, g);
    if (empty.isEmpty())
        paintScale(p, g, f);
    p.restore();
}

// An empty layer says what to do instead of a blank map with a meaningless scale.
void HeatMapView::paintEmptyLayer(QPainter& p, const Geometry& g, const QString& empty) const {
    const double lh = ct::lineHeight(font());
    p.fillRect(g.grid, palette().color(QPalette::AlternateBase));
    p.setPen(palette().color(QPalette::Text));
    const QRectF room = g.grid.adjusted(lh / 2, lh / 2, -lh / 2, -lh / 2);
    if (const auto fit = ct::fitted(font(), empty, room.size())) {
        p.setFont(*fit);
        ct::draw(p, room, Qt::AlignCenter, empty);
        p.setFont(font());
    }
}

// Axes: values under the columns and beside the rows, then the titles, wrapped.
void HeatMapView::paintAxes(QPainter& p, const Geometry& g, const QRect& rect) const {
    const double lh = ct::lineHeight(font());
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
    // does not fit (the column's values still say what the rows are). MPI ranks are the
    // workers of their pool kind.
    const auto all = groups();
    const bool ranks = !all.empty() && (m_group ? *m_group : all.front()).pool == PoolKind::Mpi;
    const QString rows = ranks ? tr("MPI ranks") : tr("pool workers");
    if (const auto fit = ct::fitted(font(), rows, QSizeF(g.grid.height(), lh * 2.3))) {
        p.setFont(*fit);
        ct::draw(p, QRectF(-g.grid.height() / 2, 0, g.grid.height(), lh * 2.3),
                 Qt::AlignHCenter | Qt::AlignTop, rows);
        p.setFont(font());
    }
    p.restore();
}

// The colour scale right of the grid, with its tick labels.
void HeatMapView::paintScale(QPainter& p, const Geometry& g, const Frame& f) const {
    const double lh = ct::lineHeight(font());
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
}

} // namespace threadmix::ui
