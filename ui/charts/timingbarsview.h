// Timing bars: one horizontal bar per configuration (median, split into making data and the
// operation), whiskers min..max and a dot per repetition. Painted by ThreadMix itself so that
// every name, figure, legend entry and title is laid out in full, never elided.
#pragma once

#include <QStringList>
#include <QWidget>

#include <optional>
#include <vector>

#include "core/spec/groupkey.h"

namespace threadmix::ui {

class RunModel;

// The longest finished repetition of any row: bars side by side share this time axis (a bar that
// did not finish never sets it).
double longestFinished(const RunModel& model);

class TimingBarsView : public QWidget {
    Q_OBJECT
public:
    explicit TimingBarsView(RunModel* model, QWidget* parent = nullptr);

    // Paints again from the model (painting reads the model; nothing is cached).
    void rebuild() { update(); }
    // Bars of the group shown.
    int barCount() const;
    // Their keys, in order ("2 x 1", "pool 2x1", "procs 2x1 copy", "MPI 2x1").
    QStringList barKeys() const;
    // Only the rows of this group (a library, a workload); none: every row.
    void setGroup(const std::optional<GroupKey>& group);
    const std::optional<GroupKey>& group() const { return m_group; }
    // The time axis reaches at least this far (charts side by side share one scale).
    void setAxisAtLeast(double seconds);
    // Paints the whole chart into `rect` (the widget and PNG exports share this).
    void paintBars(QPainter& p, const QRect& rect) const;
    // The model row of the bar at a widget position, or -1.
    int rowAt(const QPoint& pos) const;
    // The end of the time axis as last laid out, in seconds (tests).
    double axisEnd() const;
    QSize sizeHint() const override { return {560, 420}; }
    QSize minimumSizeHint() const override { return {240, 200}; }

signals:
    void barClicked(int row);

protected:
    void paintEvent(QPaintEvent*) override;
    void mouseReleaseEvent(QMouseEvent* e) override;
    bool event(QEvent* e) override;

private:
    struct Bar;
    struct Layout;
    std::vector<Bar> collectBars() const;
    Bar makeBar(int row, bool baseline) const;
    void setFigures(Bar& b, bool baseline) const;
    QString title(const std::vector<Bar>& bars) const;
    // Layout steps (timingbarslayout.cpp).
    Layout layOut(const std::vector<Bar>& bars, const QRect& rect) const;
    void addLegend(Layout& L, const std::vector<Bar>& bars, const QRectF& area) const;
    QString axisTitle(const std::vector<Bar>& bars, bool onePlacement) const;
    bool rowsFit(Layout& L, const std::vector<Bar>& bars, double width, double plotH) const;
    double layOutDense(Layout& L, const std::vector<Bar>& bars, const QRectF& area, double plotH,
                       bool onePlacement) const;
    void layOutAxis(Layout& L, const std::vector<Bar>& bars) const;
    // Painting steps (timingbarspaint.cpp).
    void paintAxis(QPainter& p, const Layout& L) const;
    void paintBar(QPainter& p, const Layout& L, const Bar& b, const QRectF& band) const;
    void paintRowText(QPainter& p, const Layout& L, const Bar& b, const QRectF& band) const;
    void paintLegend(QPainter& p, const Layout& L) const;

    RunModel* m_model;
    std::optional<GroupKey> m_group;
    double m_axisAtLeast = 0;
};

} // namespace threadmix::ui
