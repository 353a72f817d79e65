// Qt Charts implementation of the timing bars; the rest of the UI sees only TimingBarsView.
#include "ui/timingbarsview.h"

#include <QBarCategoryAxis>
#include <QBarLegendMarker>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QFontMetrics>
#include <QHorizontalBarSeries>
#include <QHorizontalStackedBarSeries>
#include <QLineSeries>
#include <QResizeEvent>
#include <QScatterSeries>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

#include "ui/runmodel.h"

namespace threadmix::ui {

TimingBarsView::TimingBarsView(RunModel* model, QWidget* parent) : ChartPane(model, 40, parent) {
    setToolTip(tr("One bar per configuration: the median wall time of its repetitions. The line "
                  "spans the fastest to the slowest repetition and each dot is one repetition. "
                  "Hatched bars timed out or failed: their length is the time they used."));
    rebuild();
}

QString TimingBarsView::wrapLabel(const QString& name, const QString& figures) {
    constexpr int kLine = 40; // characters per line of a configuration's name
    QStringList lines;
    QString line;
    for (const auto& word : name.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (!line.isEmpty() && line.size() + 1 + word.size() > kLine) {
            lines << line;
            line.clear();
        }
        line += (line.isEmpty() ? QString() : QStringLiteral(" ")) + word;
    }
    if (!line.isEmpty())
        lines << line;
    for (auto& l : lines)
        l = l.toHtmlEscaped();
    // The figures first: when Qt Charts shortens a label that does not fit, it cuts the end.
    if (!figures.isEmpty())
        lines.prepend(QStringLiteral("<b>%1</b>").arg(figures.toHtmlEscaped()));
    return lines.join(QStringLiteral("<br>"));
}

void TimingBarsView::resizeEvent(QResizeEvent* e) {
    // Whether labels fit on two lines depends on the height: lay them out again.
    if (e->oldSize().height() != e->size().height())
        rebuildSoon();
    QWidget::resizeEvent(e);
}

void TimingBarsView::setGroup(const QString& group) {
    if (group == m_group)
        return;
    m_group = group;
    rebuild();
}

void TimingBarsView::rebuild() {
    freshChart();

    // The rows of the group shown (all of them without a group): rows of different groups,
    // e.g. two BLAS libraries, are compared on their own charts.
    std::vector<int> rows;
    for (int r = 0; r < m_model->rows(); ++r)
        if (m_group.isEmpty() || QString::fromStdString(m_model->result(r).config.group) == m_group)
            rows.push_back(r);
    const int n = int(rows.size());
    m_bars = n;
    int reps = 0;
    for (int r : rows)
        reps = std::max(reps, m_model->result(r).config.spec.repeats);
    m_chart->setTitle(
        n == 0 ? tr("Run a configuration, the tutorial comparison or a sweep")
               : (m_group.isEmpty()
                      ? QString()
                      : QStringLiteral("<b>%1</b> \u2014 ").arg(m_group.toHtmlEscaped())) +
                     tr("<b>Time per configuration</b> (median of %1 repetitions; "
                        "line = min..max, dots = repetitions)")
                         .arg(reps));
    if (n == 0)
        return;

    // A finished bar is its median split as its median repetition spent it: making the data,
    // then operating on it, so where the data was made is visible.
    auto* making = new QBarSet(tr("median: making data"));
    auto* done = new QBarSet(tr("median: operating"));
    making->setColor(QColor(244, 165, 130));
    auto* running = new QBarSet(tr("running (so far)"));
    auto* broken = new QBarSet(tr("timed out / failed / skipped (time used)"));
    done->setColor(QColor(33, 102, 172));
    running->setColor(QColor(146, 197, 222));
    broken->setBrush(QBrush(QColor(110, 110, 110), Qt::BDiagPattern));
    broken->setBorderColor(QColor(90, 90, 90));
    QStringList categories;
    double top = 0;
    auto* dots = new QScatterSeries;
    dots->setName(tr("repetitions"));
    dots->setMarkerSize(6);
    dots->setColor(QColor(20, 20, 20));
    dots->setBorderColor(Qt::white);
    std::vector<QLineSeries*> whiskers;

    // Horizontal bars stack upwards from category 0: add rows in reverse so row 1 is on top.
    for (int i = 0; i < n; ++i) {
        const int row = rows[std::size_t(n - 1 - i)];
        const auto& r = m_model->result(row);
        const auto state = m_model->state(row);
        const auto sum = r.seconds();
        const bool isBroken = state == RunModel::RowState::Done &&
                              (r.status == RunStatus::TimedOut || r.status == RunStatus::Failed ||
                               r.status == RunStatus::Skipped);
        double value = sum.n > 0 ? sum.median : 0.0;
        if (isBroken && sum.n == 0)
            value = r.elapsedSeconds;
        double dataPart = 0;
        if (state == RunModel::RowState::Done && !isBroken)
            if (const auto* m = r.medianRepetition(); m && m->wallSeconds > 0)
                dataPart = value * std::clamp(m->dataSeconds / m->wallSeconds, 0.0, 1.0);
        *making << dataPart;
        *done << (state == RunModel::RowState::Done && !isBroken ? value - dataPart : 0.0);
        *running << (state == RunModel::RowState::Running ? value : 0.0);
        *broken << (isBroken ? value : 0.0);
        top = std::max(top, value);
        QString label = QString::fromStdString(r.config.label);
        // The chart shows one group: its name (the library) need not repeat on every bar.
        if (!m_group.isEmpty() && label.startsWith(m_group + QStringLiteral(": ")))
            label = label.mid(m_group.size() + 2);
        // Its figures on a line of their own, then the name wrapped at word boundaries, so the
        // median and speed-up are never cut off with a long name (axis labels are rich text).
        QString figures;
        if (sum.n > 0) {
            figures = QStringLiteral("%1 s").arg(formatSeconds(sum.median));
            if (auto up = m_model->speedup(row))
                figures += QStringLiteral(" · %1x").arg(*up, 0, 'f', 2);
        } else if (isBroken) {
            figures = r.status == RunStatus::TimedOut
                          ? tr("timed out >%1 s").arg(formatSeconds(r.elapsedSeconds))
                          : (r.status == RunStatus::Skipped ? tr("skipped (predicted too slow)")
                                                            : tr("failed"));
        } else if (state == RunModel::RowState::Pending) {
            figures = tr("waiting");
        }
        // Room for the wrapped label's lines beside each bar? Otherwise one compact line.
        const QString wrapped = wrapLabel(label, figures);
        const int lines = int(wrapped.count(QStringLiteral("<br>"))) + 1;
        const double perBar = 0.7 * double(std::max(200, m_view->height())) / std::max(1, n);
        categories << (lines * QFontMetrics(font()).height() <= perBar
                           ? wrapped
                           : (figures.isEmpty() ? label : label + QStringLiteral(" · ") + figures)
                                 .toHtmlEscaped());
        if (sum.n > 0) {
            for (const auto& rep : r.repetitions) {
                dots->append(rep.wallSeconds, i);
                top = std::max(top, rep.wallSeconds);
            }
            if (sum.n > 1) {
                auto* line = new QLineSeries;
                line->append(sum.min, i);
                line->append(sum.max, i);
                line->setPen(QPen(QColor(20, 20, 20), 1.5));
                whiskers.push_back(line);
            }
        }
    }

    QAbstractBarSeries* series = nullptr;
    if (m_model->hasComparison()) {
        // Paired bars: these results (A) and the comparison file (B), median times.
        auto* paired = new QHorizontalBarSeries;
        auto* a = new QBarSet(tr("A: these results"));
        auto* b = new QBarSet(tr("B: %1").arg(m_model->comparisonName()));
        a->setColor(QColor(33, 102, 172));
        b->setColor(QColor(244, 165, 130));
        for (int i = 0; i < n; ++i) {
            const int row = rows[std::size_t(n - 1 - i)];
            const double va = m_model->result(row).medianSeconds().value_or(0.0);
            double vb = 0.0;
            if (const auto* other = m_model->comparisonFor(row))
                vb = other->medianSeconds().value_or(0.0);
            *a << va;
            *b << vb;
            top = std::max(top, std::max(va, vb));
            if (auto ratio = m_model->comparisonRatio(row))
                categories[i] += QStringLiteral(" · A/B %1").arg(*ratio, 0, 'f', 2);
        }
        paired->append(a);
        paired->append(b);
        paired->setBarWidth(0.75);
        series = paired;
        for (auto* w : whiskers)
            delete w;
        whiskers.clear();
        dots->clear();
        for (auto* set : {making, done, running, broken})
            delete set;
    } else {
        auto* stacked = new QHorizontalStackedBarSeries;
        stacked->append(making);
        stacked->append(done);
        stacked->append(running);
        stacked->append(broken);
        stacked->setBarWidth(0.6);
        series = stacked;
    }
    m_chart->addSeries(series);
    auto* yCat = new QBarCategoryAxis;
    yCat->append(categories);
    auto* x = new QValueAxis;
    top = std::max(top, m_axisAtLeast);
    x->setRange(0, top > 0 ? top * 1.08 : 1.0);
    x->setTitleText(tr("seconds (lower is better)"));
    x->setLabelFormat(QStringLiteral("%.3g"));
    x->applyNiceNumbers();
    // The widget's font (larger in presentation mode) for every text of the chart.
    yCat->setLabelsFont(font());
    x->setLabelsFont(font());
    QFont bold = font();
    bold.setBold(true);
    x->setTitleFont(bold);
    m_chart->addAxis(yCat, Qt::AlignLeft);
    m_chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(yCat);
    series->attachAxis(x);

    // Whiskers and dots share the x axis and a hidden y axis aligned with the categories.
    auto* yVal = new QValueAxis;
    yVal->setRange(-0.5, n - 0.5);
    yVal->setVisible(false);
    m_chart->addAxis(yVal, Qt::AlignRight);
    for (auto* line : whiskers) {
        m_chart->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(yVal);
    }
    m_chart->addSeries(dots);
    dots->attachAxis(x);
    dots->attachAxis(yVal);
    // The legend shows the bar kinds present and the dots; whiskers explain themselves.
    for (auto* marker : m_chart->legend()->markers()) {
        if (qobject_cast<QLineSeries*>(marker->series()))
            marker->setVisible(false);
        if (auto* bm = qobject_cast<QBarLegendMarker*>(marker))
            marker->setVisible(bm->barset()->sum() > 0);
    }

    connect(series, &QAbstractBarSeries::clicked, this, [this, rows](int index, QBarSet*) {
        if (index >= 0 && index < int(rows.size()))
            emit barClicked(rows[rows.size() - 1 - std::size_t(index)]);
    });
}

} // namespace threadmix::ui
