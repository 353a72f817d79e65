// Timeline of one configuration's median repetition: a lane per pool worker, each task a bar
// (making data light, operating dark), idle time visible as gaps.
#pragma once

#include <QWidget>

namespace threadmix::ui {

class RunModel;

class TimelineView : public QWidget {
    Q_OBJECT
public:
    explicit TimelineView(RunModel* model, QWidget* parent = nullptr);

    void setRow(int row);
    int row() const { return m_row; }
    void paintTimeline(QPainter& p, const QRect& rect) const;
    QSize sizeHint() const override { return {520, 420}; }
    QSize minimumSizeHint() const override { return {260, 200}; }

protected:
    void paintEvent(QPaintEvent*) override;

private:
    RunModel* m_model;
    int m_row = -1;
};

} // namespace threadmix::ui
