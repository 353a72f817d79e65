// Timing bars: one horizontal bar per configuration (median), whiskers min..max and a dot per
// repetition; labels carry the median and the speed-up over the group's baseline.
#pragma once

#include <QWidget>

class QChart;
class QChartView;
class QTimer;

namespace threadmix::ui {

class RunModel;

class TimingBarsView : public QWidget {
    Q_OBJECT
public:
    explicit TimingBarsView(RunModel* model, QWidget* parent = nullptr);

    QChartView* chartView() const { return m_view; }
    // Rebuilds the chart from the model now (normally coalesced on a short timer).
    void rebuild();
    int barCount() const { return m_bars; }
    // Only the rows of this group (a library, a workload); empty: every row.
    void setGroup(const QString& group);
    QString group() const { return m_group; }
    // A bar's label: its figures on a line of their own, then the name wrapped at word
    // boundaries (rich text).
    static QString wrapLabel(const QString& name, const QString& figures);
    // The time axis reaches at least this far (charts side by side share one scale).
    void setAxisAtLeast(double seconds) { m_axisAtLeast = seconds; }
    QSize sizeHint() const override { return {560, 420}; }

signals:
    void barClicked(int row);

protected:
    void changeEvent(QEvent* e) override;
    void resizeEvent(QResizeEvent* e) override;

private:
    static void setUpChart(QChart* chart);
    RunModel* m_model;
    QChart* m_chart;
    QChartView* m_view;
    QTimer* m_coalesce;
    int m_bars = 0;
    QString m_group;
    double m_axisAtLeast = 0;
};

} // namespace threadmix::ui
