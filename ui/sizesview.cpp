// Qt Charts implementation of the sizes chart (figures from core/results/crossover.h).
#include "ui/sizesview.h"

#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPen>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "core/results/comparison.h"
#include "core/results/crossover.h"
#include "ui/runmodel.h"

namespace threadmix::ui {

SizesView::SizesView(RunModel* model, QWidget* parent) : ChartPane(model, 60, parent) {
    setToolTip(tr("Median time of one multiply at each matrix size, one line per strategy (log "
                  "axes: a line's slope is how its time grows with n). Dashed lines mark where "
                  "the fastest strategy changes."));
    rebuild();
}

void SizesView::setLibrary(const QString& library) {
    if (library == m_library)
        return;
    m_library = library;
    rebuild();
}

void SizesView::rebuild() {
    freshChart();
    auto set = m_model->resultSet();
    if (const auto lib = blasLibraryFromString(m_library.toStdString()))
        set = onlyLibrary(set, *lib);
    const auto series = sizeSeries(set.results);
    m_lines = 0;
    m_crossovers = 0;
    double lo = 1e300, hi = 0, nLo = 1e300, nHi = 0;
    int reps = 0;
    for (const auto& r : set.results)
        reps = std::max(reps, r.config.spec.repeats);
    const QColor colours[] = {QColor(33, 102, 172), QColor(214, 96, 77), QColor(27, 120, 55),
                              QColor(118, 42, 131), QColor(140, 81, 10), QColor(77, 77, 77)};
    std::vector<QLineSeries*> lines;
    for (const auto& s : series) {
        if (s.points.empty())
            continue;
        auto* line = new QLineSeries;
        line->setName(QString::fromStdString(s.strategy));
        line->setPointsVisible(true);
        line->setPen(QPen(colours[lines.size() % 6], 2));
        for (const auto& p : s.points) {
            line->append(double(p.n), p.secondsPerTask);
            lo = std::min(lo, p.secondsPerTask);
            hi = std::max(hi, p.secondsPerTask);
            nLo = std::min(nLo, double(p.n));
            nHi = std::max(nHi, double(p.n));
        }
        lines.push_back(line);
    }
    m_lines = int(lines.size());
    if (lines.empty()) {
        m_chart->setTitle(tr("Run the sizes study (Run comparison: sizes) to draw the time of "
                             "each strategy against the matrix size."));
        return;
    }
    m_chart->setTitle(
        (m_library.isEmpty() ? QString() : QStringLiteral("<b>%1</b> \u2014 ").arg(m_library)) +
        tr("<b>Time per multiply against matrix size</b> (median of %1; log axes; "
           "dashed: the fastest strategy changes)")
            .arg(reps));
    auto* x = new QLogValueAxis;
    x->setBase(2);
    x->setLabelFormat(QStringLiteral("%g"));
    x->setTitleText(tr("matrix side n"));
    x->setRange(nLo / 1.2, nHi * 1.2);
    auto* y = new QLogValueAxis;
    y->setBase(10);
    y->setLabelFormat(QStringLiteral("%.2g"));
    y->setTitleText(tr("seconds per multiply (lower is better)"));
    y->setRange(lo / 1.5, hi * 1.5);
    for (auto* axis : {x, y}) {
        axis->setLabelsFont(font());
        QFont bold = font();
        bold.setBold(true);
        axis->setTitleFont(bold);
    }
    m_chart->addAxis(x, Qt::AlignBottom);
    m_chart->addAxis(y, Qt::AlignLeft);
    for (auto* line : lines) {
        m_chart->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
    }
    // Crossovers: a dashed vertical line between the two sizes (their geometric mean).
    for (const auto& [before, after] : crossovers(set.results)) {
        auto* mark = new QLineSeries;
        const double at = std::sqrt(double(before) * double(after));
        mark->append(at, lo / 1.5);
        mark->append(at, hi * 1.5);
        mark->setPen(QPen(QColor(90, 90, 90), 1.5, Qt::DashLine));
        mark->setName(tr("the fastest strategy changes"));
        m_chart->addSeries(mark);
        // One legend entry says what every dashed line means.
        if (m_crossovers > 0)
            for (auto* marker : m_chart->legend()->markers(mark))
                marker->setVisible(false);
        mark->attachAxis(x);
        mark->attachAxis(y);
        ++m_crossovers;
    }
}

} // namespace threadmix::ui
