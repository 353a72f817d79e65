// The results of one run or one opened file, as a table model that every view reads.
#pragma once

#include <QAbstractTableModel>
#include <QString>

#include <optional>
#include <vector>

#include "core/formats/resultfile.h"
#include "core/machine/machineinfo.h"
#include "core/results/configresult.h"
#include "core/results/speedups.h"
#include "core/spec/plan.h"

namespace threadmix::ui {

class RunModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum class RowState { Pending, Running, Done };
    enum Column {
        Index,
        Label,
        Workers,
        BlasThreads,
        Data,
        Status,
        Repetitions,
        Median,
        Min,
        Max,
        Cv,
        Speedup,
        OperationSpeedup,
        Gflops,
        CpuSeconds,
        DataSeconds,
        ComputeSeconds,
        CtxVoluntary,
        CtxInvoluntary,
        PeakRss,
        ColumnCount
    };
    // Raw numbers for sorting (the display role holds formatted text).
    static constexpr int SortRole = Qt::UserRole;

    explicit RunModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

    // A new run: one pending row per configuration.
    void startPlan(const Plan& plan, const MachineInfo& machine);
    void setRunning(int row);
    void addRepetition(int row, const RepetitionResult& rep); // a counted repetition finished
    void finishConfig(int row, const ConfigResult& result);
    // The run was cancelled: the running row keeps its repetitions as `cancelled`, rows that
    // never started are removed.
    void cancelRun();
    void setResultSet(const ResultSet& set);
    ResultSet resultSet() const; // every row that started
    void clear();

    const ConfigResult& result(int row) const { return m_results[std::size_t(row)]; }
    RowState state(int row) const { return m_states[std::size_t(row)]; }
    std::optional<double> speedup(int row) const {
        return m_speedups.of(std::size_t(row), SpeedupOf::Total);
    }
    // The same over the operation alone (the multiply): what the pool or the BLAS threads did,
    // without where the data was made.
    std::optional<double> operationSpeedup(int row) const {
        return m_speedups.of(std::size_t(row), SpeedupOf::Operation);
    }
    int runningRow() const;
    const MachineInfo& machine() const { return m_machine; }
    // A calibration finished: results measured on this CPU with its kernel take its peak.
    void adoptCalibration(const MachineInfo& calibrated);

    // A second result set to compare with (B); rows are matched by label, else by cell.
    void setComparison(const ResultSet& b, const QString& name);
    void clearComparison();
    bool hasComparison() const { return !m_comparisonName.isEmpty(); }
    const QString& comparisonName() const { return m_comparisonName; }
    const ConfigResult* comparisonFor(int row) const;
    std::optional<double> comparisonRatio(int row) const; // A median / B median
    // The plan behind the rows (unknown for a loaded CSV file).
    std::optional<PlanKind> kind() const { return m_kind; }
    // The row of the workers x BLAS threads cell, or -1.
    int findCell(int workers, int blasThreads) const;
    int rows() const { return int(m_results.size()); }
    // The slowest repetition of the configurations that finished (0 without any): the time
    // axis that several bars views share. Kept as rows finish, so asking costs nothing.
    double longestFinishedRepetition() const { return m_longestFinished; }

private:
    void rowChanged(int row);
    // Speed-ups again for what the row's new times change; dataChanged for the row, or for its
    // group when it is the group's baseline. O(1) for every other row.
    void rowUpdated(int row);
    // The rows themselves changed (a new plan, a file, a cancelled run's tail removed): groups,
    // speed-ups, the comparison's matches and the longest finished repetition from scratch.
    void rowsReplaced();

    std::optional<PlanKind> m_kind;
    MachineInfo m_machine;
    std::vector<ConfigResult> m_results;
    std::vector<RowState> m_states;
    SpeedupIndex m_speedups;
    double m_longestFinished = 0;
    ResultSet m_comparison;
    QString m_comparisonName;
    std::vector<int> m_comparisonRow; // model row -> row of m_comparison, or -1
    void rematch();
};

// Shared formatting, so the table, bars, heat map and tooltips agree.
QString formatSeconds(double s);
// "waiting", "running", "ok", or the incomplete text of core ("timed out > 3.0 s", "skipped").
QString statusText(const ConfigResult& r, RunModel::RowState state);
// Where a row's data was made, in words: "data made up front", "data made in each task".
QString dataPlacementText(const RunSpec& spec);
// The operation a workload times: "multiply", "dot product", "fill".
QString operationName(const RunSpec& spec);
// Everything measured for a row, one figure a line (tooltips, the explain line).
QString describeMeasurements(const RunModel& model, int row);
// A chart's tooltip: the measurements of the row under the pointer (row >= 0), else the chart's
// own tooltip. Charts call it for QEvent::ToolTip.
void showRowTooltip(QWidget* chart, const QPoint& globalPos, const RunModel& model, int row);

} // namespace threadmix::ui
