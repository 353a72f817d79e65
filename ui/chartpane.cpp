// The shared part of the Qt Charts views.
#include "ui/chartpane.h"

#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QLegend>
#include <QTimer>
#include <QVBoxLayout>

#include "ui/runmodel.h"

namespace threadmix::ui {

namespace {
void setUp(QChart* chart, const QFont& font) {
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setVisible(true);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setTitleFont(font);
    chart->legend()->setFont(font);
}
} // namespace

ChartPane::ChartPane(RunModel* model, int coalesceMs, QWidget* parent)
    : QWidget(parent), m_model(model), m_chart(new QChart), m_view(new QChartView(m_chart, this)),
      m_coalesce(new QTimer(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    m_view->setRenderHint(QPainter::Antialiasing);
    setUp(m_chart, font());
    m_coalesce->setSingleShot(true);
    m_coalesce->setInterval(coalesceMs);
    connect(m_coalesce, &QTimer::timeout, this, [this] { rebuild(); });
    connect(model, &QAbstractItemModel::dataChanged, this, &ChartPane::rebuildSoon);
    connect(model, &QAbstractItemModel::rowsInserted, this, &ChartPane::rebuildSoon);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &ChartPane::rebuildSoon);
    connect(model, &QAbstractItemModel::modelReset, this, [this] { rebuild(); });
}

QChart* ChartPane::freshChart() {
    auto* old = m_chart;
    m_chart = new QChart;
    setUp(m_chart, font());
    m_view->setChart(m_chart);
    delete old;
    return m_chart;
}

void ChartPane::rebuildNow() {
    m_coalesce->stop();
    rebuild();
}

void ChartPane::rebuildSoon() {
    if (!m_coalesce->isActive())
        m_coalesce->start();
}

void ChartPane::changeEvent(QEvent* e) {
    // Presentation mode changes the font: every text of the chart follows.
    if (e->type() == QEvent::FontChange)
        rebuildSoon();
    QWidget::changeEvent(e);
}

} // namespace threadmix::ui
