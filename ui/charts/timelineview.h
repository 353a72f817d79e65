// Timeline of one configuration's median repetition: a lane per pool worker (or MPI rank), each
// task a bar (making data or sending it light, operating dark, the product back thin), idle time
// visible as gaps.
#pragma once

#include <QStringList>
#include <QWidget>

#include <vector>

namespace threadmix {
struct RepetitionResult;
struct RunSpec;
} // namespace threadmix

namespace threadmix::ui {

class RunModel;

class TimelineView : public QWidget {
    Q_OBJECT
public:
    explicit TimelineView(RunModel* model, QWidget* parent = nullptr);

    // Which segments a repetition's timeline has: a process pool's start-up, data made (in
    // tasks, or up front), operands sent to worker processes (RunSpec::sendsOperands: a task's
    // data segment is sending then), products back in the main program.
    struct Segments {
        bool poolStart = false, allData = false, makingData = false, sending = false,
             productBack = false;
    };
    static Segments segmentsOf(const RepetitionResult& rep, const RunSpec& s);
    // The legend's words: only the segments that appear, the operation and idle.
    static QStringList legendOf(const RepetitionResult& rep, const RunSpec& s);
    // The lanes from top to bottom: a pool's workers ("worker 1"), or MPI ranks ("rank 0"),
    // grouped by host and named with it ("rank 3 @ node2") when they ran on several.
    struct LaneRows {
        QStringList labels;          // in lane order
        std::vector<int> laneOf;     // a task's worker (an MPI rank) -> its lane
        std::vector<int> hostStarts; // lanes where another host's ranks begin (not lane 0)
    };
    static LaneRows laneRowsOf(const RepetitionResult& rep, const RunSpec& s);
    // What the title says of an MPI repetition's launch, outside the timed span; empty for
    // other pools.
    static QString launchText(const RepetitionResult& rep);

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
