// What the Qt Charts views share: a chart view following the run model, rebuilds coalesced on a
// short timer, a fresh chart for every rebuild, the widget's font for every text.
#pragma once

#include <QWidget>

class QChart;
class QChartView;
class QTimer;

namespace threadmix::ui {

class RunModel;

class ChartPane : public QWidget {
    Q_OBJECT
public:
    QChartView* chartView() const { return m_view; }
    // Rebuilds the chart from the model now (normally coalesced on a short timer).
    virtual void rebuild() = 0;
    // Rebuilds now and drops a rebuild already due (an export must not have its chart replaced
    // between layout and rendering).
    void rebuildNow();
    QSize sizeHint() const override { return {560, 420}; }

protected:
    ChartPane(RunModel* model, int coalesceMs, QWidget* parent);
    // Replaces the chart by a new, empty one with the house settings (legend at the bottom, no
    // animation, the widget's font) and returns it. Qt Charts leaves a removed axis drawn when
    // a chart that is not yet laid out (an offscreen export) is rebuilt, so nothing is reused.
    QChart* freshChart();
    // A rebuild soon, unless one is already due: bursts coalesce, a steady stream still redraws.
    void rebuildSoon();
    void changeEvent(QEvent* e) override;

    RunModel* m_model;
    QChart* m_chart;
    QChartView* m_view;

private:
    QTimer* m_coalesce;
};

} // namespace threadmix::ui
