// The timing bars' rows (one per configuration of the group shown), their title, and events.
#include "ui/charts/timingbarsview.h"

#include <QHash>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <set>

#include "core/results/configresult.h"
#include "core/spec/plan.h"
#include "ui/charts/charttext.h"
#include "ui/charts/heatmapview.h"
#include "ui/charts/timingbarsparts.h"
#include "ui/model/runmodel.h"

namespace threadmix::ui {

namespace ct = charttext;
using namespace barsparts;

double longestFinished(const RunModel& model) {
    return model.longestFinishedRepetition();
}

TimingBarsView::TimingBarsView(RunModel* model, QWidget* parent) : QWidget(parent), m_model(model) {
    setToolTip(tr("One bar per configuration: the median wall time of its repetitions, split "
                  "into making data and the operation (a process pool's bar starts with "
                  "starting its worker processes, part of its time). The line spans the "
                  "fastest to the slowest "
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
    for (int row = 0; row < m_model->rows(); ++row) {
        const auto& group = m_model->result(row).config.group;
        if (m_group && group != *m_group)
            continue;
        const bool baseline = groupsSeen.insert(group).second;
        bars.push_back(makeBar(row, baseline));
    }
    // Keys that would be the same (a chunked pool beside the plain one) get the row number, all
    // but the last of them. Counted in a hash: comparing every key with every other is 16 M
    // compares at 4,096 rows.
    QHash<QString, int> keyCount;
    for (const auto& b : bars)
        ++keyCount[b.key];
    for (auto& b : bars)
        if (int& later = keyCount[b.key]; later-- > 1)
            b.key += QStringLiteral(" #%1").arg(b.row + 1);
    return bars;
}

QStringList TimingBarsView::barKeys() const {
    QStringList keys;
    for (const auto& b : collectBars())
        keys << b.key;
    return keys;
}

TimingBarsView::Bar TimingBarsView::makeBar(int row, bool baseline) const {
    const auto& r = m_model->result(row);
    const auto& s = r.config.spec;
    const auto state = m_model->state(row);
    const auto sum = r.seconds();
    Bar b;
    b.row = row;
    // The chart shows one group: its library and pool kind (in its title) need not repeat on
    // every bar.
    std::string label = m_group ? withoutLibrary(*m_group, r.config.label) : r.config.label;
    if (const auto kind = m_group ? withPool(m_group->pool, "") : std::string();
        !kind.empty() && label.rfind(kind, 0) == 0)
        label = label.substr(kind.size());
    b.name = fromStd(label);
    // A short name (a sweep's "2 x 1") is its own key; a long one gets "pool 2x1", a process
    // pool's says how its data got there ("procs 2x1 copy"), MPI ranks are "MPI 2x1" (their
    // data has one way to travel).
    b.key = b.name.size() <= 12       ? b.name
            : s.pool == PoolKind::Mpi ? tr("MPI %1x%2").arg(s.workers).arg(s.blasThreads)
            : s.pool == PoolKind::Processes
                ? tr("procs %1x%2 %3")
                      .arg(s.workers)
                      .arg(s.blasThreads)
                      .arg(!s.sendsOperands()             ? tr("own data")
                           : s.transfer == Transfer::Copy ? tr("copy")
                                                          : tr("shared"))
            // Beside process pools (the processes study), a thread pool says its kind too.
            : s.workers > 1
                ? (m_model->kind() == PlanKind::Processes ? tr("threads %1x%2") : tr("pool %1x%2"))
                      .arg(s.workers)
                      .arg(s.blasThreads)
                : tr("%1x%2").arg(s.workers).arg(s.blasThreads);
    b.placement = dataPlacementText(s);
    b.measured = sum.n > 0;
    if (b.measured) {
        b.total = sum.median;
        b.min = sum.min;
        b.max = sum.max;
        for (const auto& rep : r.repetitions)
            b.reps.push_back(rep.wallSeconds);
        // The median repetition's split, scaled to the median: start-up, data, operation.
        if (const auto* m = r.medianRepetition(); m && m->wallSeconds > 0) {
            b.poolStart = b.total * std::clamp(m->poolStartSeconds / m->wallSeconds, 0.0, 1.0);
            b.data = std::min(b.total - b.poolStart,
                              b.total * std::clamp(m->dataSeconds / m->wallSeconds, 0.0, 1.0));
        }
    }
    if (state == RunModel::RowState::Pending)
        b.kind = Bar::Kind::Pending;
    else if (state == RunModel::RowState::Running)
        b.kind = Bar::Kind::Running;
    else if (r.status != RunStatus::Ok)
        b.kind = Bar::Kind::Incomplete;
    else
        b.kind = Bar::Kind::Done;
    setFigures(b, baseline);
    return b;
}

// The figures beside a bar: its time and speed-up, then the operation's or B's.
void TimingBarsView::setFigures(Bar& b, bool baseline) const {
    const auto& r = m_model->result(b.row);
    const auto& s = r.config.spec;
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
                             .arg(r.seconds().n)
                             .arg(s.repeats)
                             .arg(formatSeconds(b.total));
        break;
    case Bar::Kind::Done: {
        b.figures = QStringLiteral("%1 s").arg(formatSeconds(b.total));
        const auto up = m_model->speedup(b.row);
        if (baseline && up)
            b.figures += tr(" · the baseline");
        else if (up)
            b.figures += QStringLiteral(" · ") + fromStd(speedupWords(*up));
        const double op = r.medianOf(&RepetitionResult::computeSeconds);
        b.figures2 = tr("%1 only %2 s").arg(operationName(s), formatSeconds(op));
        if (const auto opUp = m_model->operationSpeedup(b.row); opUp && !baseline)
            b.figures2 += QStringLiteral(" · ") + fromStd(speedupWords(*opUp));
        break;
    }
    }
    if (!m_model->hasComparison())
        return;
    if (const auto* other = m_model->comparisonFor(b.row))
        b.b = other->medianSeconds().value_or(-1);
    b.figures2.clear();
    if (b.measured && b.b > 0)
        b.figures2 = tr("B %1 s · A %2 than B")
                         .arg(formatSeconds(b.b))
                         .arg(fromStd(speedupWords(b.b / b.total)));
    else if (b.b > 0)
        b.figures2 = tr("B %1 s").arg(formatSeconds(b.b));
}

QString TimingBarsView::title(const std::vector<Bar>& bars) const {
    if (bars.empty())
        return tr("Run a configuration, the tutorial comparison or a sweep to see its times here.");
    int reps = 0;
    for (const auto& b : bars)
        reps = std::max(reps, m_model->result(b.row).config.spec.repeats);
    std::vector<GroupKey> groups;
    for (int row = 0; m_group && row < m_model->rows(); ++row)
        if (const auto& g = m_model->result(row).config.group;
            std::find(groups.begin(), groups.end(), g) == groups.end())
            groups.push_back(g);
    QString t = m_group ? groupName(*m_group, groups) + QStringLiteral(": ") : QString();
    if (m_model->hasComparison())
        return t + tr("Time per configuration: A (these results, blue) against B (%1, purple), "
                      "median of %2 repetitions")
                       .arg(m_model->comparisonName())
                       .arg(reps);
    return !m_group ? tr("Time per configuration, median of %1").arg(reps)
                    : t + tr("time per configuration, median of %1").arg(reps);
}

double TimingBarsView::axisEnd() const {
    const auto bars = collectBars();
    return layOut(bars, rect()).axisMax;
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
