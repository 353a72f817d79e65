// Timing bars: one horizontal bar per configuration (median), whiskers min..max and a dot per
// repetition; labels carry the median and the speed-up over the group's baseline.
#pragma once

#include "ui/chartpane.h"

namespace threadmix::ui {

class TimingBarsView : public ChartPane {
    Q_OBJECT
public:
    explicit TimingBarsView(RunModel* model, QWidget* parent = nullptr);

    void rebuild() override;
    int barCount() const { return m_bars; }
    // Only the rows of this group (a library, a workload); empty: every row.
    void setGroup(const QString& group);
    QString group() const { return m_group; }
    // A bar's label: its figures on a line of their own, then the name wrapped at word
    // boundaries (rich text).
    static QString wrapLabel(const QString& name, const QString& figures);
    // The time axis reaches at least this far (charts side by side share one scale).
    void setAxisAtLeast(double seconds) { m_axisAtLeast = seconds; }

signals:
    void barClicked(int row);

protected:
    void resizeEvent(QResizeEvent* e) override;

private:
    int m_bars = 0;
    QString m_group;
    double m_axisAtLeast = 0;
};

} // namespace threadmix::ui
