// RunModel: rows are configurations; live updates arrive row by row from the controller.
#include "ui/model/runmodel.h"

#include <QColor>
#include <QLocale>

#include "core/results/comparison.h"

namespace threadmix::ui {

namespace {

QString fromStd(std::string_view s) {
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

} // namespace

RunModel::RunModel(QObject* parent) : QAbstractTableModel(parent) {}

int RunModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_results.size());
}

int RunModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* names[ColumnCount] = {"#",
                                             "Configuration",
                                             "Workers",
                                             "BLAS",
                                             "Data",
                                             "Status",
                                             "Reps",
                                             "Median s",
                                             "Min s",
                                             "Max s",
                                             "CV %",
                                             "Speed-up",
                                             "Speed-up, operation only",
                                             "GFLOP/s",
                                             "CPU s",
                                             "Data s",
                                             "Compute s",
                                             "Ctx vol",
                                             "Ctx invol",
                                             "Peak RSS MiB"};
    return QString::fromLatin1(names[section]);
}

namespace {

// A cell's look (alignment, colour): nothing when `role` is not one of them.
std::optional<QVariant> cellStyle(const ConfigResult& r, RunModel::RowState state, int column,
                                  int role) {
    using M = RunModel;
    if (role == Qt::TextAlignmentRole)
        return column == M::Label || column == M::Data || column == M::Status
                   ? QVariant(int(Qt::AlignLeft | Qt::AlignVCenter))
                   : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    if (role == Qt::ForegroundRole && column == M::Status) {
        if (state == M::RowState::Done && r.status != RunStatus::Ok)
            return QVariant(QColor(r.status == RunStatus::Failed ? Qt::darkRed : Qt::darkYellow));
        return QVariant();
    }
    // Noise is visible where the numbers are: the median and CV cells of a noisy row.
    if (role == Qt::BackgroundRole && (column == M::Median || column == M::Cv))
        return r.noiseWarning() ? QVariant(QColor(255, 236, 179)) : QVariant();
    return std::nullopt;
}

// A cell's text (DisplayRole) or the value it sorts by (`sort`).
QVariant cellValue(const RunModel& model, int row, int column, bool sort) {
    using M = RunModel;
    const auto& r = model.result(row);
    const auto& s = r.config.spec;
    const auto state = model.state(row);
    const auto sum = r.seconds();
    const bool measured = sum.n > 0;
    auto number = [&](std::optional<double> v, int decimals) -> QVariant {
        if (!v)
            return sort ? QVariant(-1.0) : QVariant(QStringLiteral("-"));
        return sort ? QVariant(*v) : QVariant(QString::number(*v, 'f', decimals));
    };
    auto med = [&](auto field) -> std::optional<double> {
        return measured ? std::optional(double(r.medianOf(field))) : std::nullopt;
    };
    switch (column) {
    case M::Index:
        return row + 1;
    case M::Label:
        return fromStd(r.config.label);
    case M::Workers:
        return s.workers;
    case M::BlasThreads:
        return s.blasThreads;
    case M::Data:
        return fromStd(toString(s.data));
    case M::Status:
        return statusText(r, state);
    case M::Repetitions:
        return sum.n;
    case M::Median:
        return sort ? number(r.medianSeconds(), 4)
                    : (measured ? QVariant(formatSeconds(sum.median))
                                : QVariant(state == M::RowState::Done && r.status != RunStatus::Ok
                                               ? fromStd(incompleteText(r))
                                               : QStringLiteral("-")));
    case M::Min:
        return number(measured ? std::optional(sum.min) : std::nullopt, 4);
    case M::Max:
        return number(measured ? std::optional(sum.max) : std::nullopt, 4);
    case M::Cv:
        return number(sum.n > 1 ? std::optional(sum.cv * 100) : std::nullopt, 1);
    case M::Speedup:
        return number(model.speedup(row), 2);
    case M::OperationSpeedup:
        return number(model.operationSpeedup(row), 2);
    case M::Gflops:
        return number(r.gflops(), 1);
    case M::CpuSeconds:
        return number(med(&RepetitionResult::cpuSeconds), 3);
    case M::DataSeconds:
        return number(med(&RepetitionResult::dataSeconds), 3);
    case M::ComputeSeconds:
        return number(med(&RepetitionResult::computeSeconds), 3);
    case M::CtxVoluntary:
        return number(med(&RepetitionResult::ctxVoluntary), 0);
    case M::CtxInvoluntary:
        return number(med(&RepetitionResult::ctxInvoluntary), 0);
    case M::PeakRss:
        return number(measured ? std::optional(double(r.peakRssBytes()) / 1048576.0) : std::nullopt,
                      0);
    default:
        return {};
    }
}

} // namespace

QVariant RunModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows())
        return {};
    if (role == Qt::ToolTipRole)
        return describeMeasurements(*this, index.row());
    if (auto style = cellStyle(m_results[std::size_t(index.row())],
                               m_states[std::size_t(index.row())], index.column(), role))
        return *style;
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    return cellValue(*this, index.row(), index.column(), role == SortRole);
}

void RunModel::adoptCalibration(const MachineInfo& calibrated) {
    if (m_machine.cpuModel != calibrated.cpuModel ||
        m_machine.logicalCpus != calibrated.logicalCpus ||
        m_machine.blasKernel != calibrated.blasKernel)
        return;
    m_machine.peakGflops = calibrated.peakGflops;
    m_machine.peakMethod = calibrated.peakMethod;
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

void RunModel::startPlan(const Plan& plan, const MachineInfo& machine) {
    beginResetModel();
    m_kind = plan.kind;
    m_machine = machine;
    m_results.clear();
    for (const auto& c : plan.configs) {
        ConfigResult r;
        r.config = c;
        m_results.push_back(std::move(r));
    }
    m_states.assign(m_results.size(), RowState::Pending);
    rowsReplaced();
    endResetModel();
}

void RunModel::setRunning(int row) {
    if (row < 0 || row >= rows())
        return;
    m_states[std::size_t(row)] = RowState::Running;
    rowChanged(row);
}

void RunModel::addRepetition(int row, const RepetitionResult& rep) {
    if (row < 0 || row >= rows())
        return;
    m_results[std::size_t(row)].repetitions.push_back(rep);
    rowUpdated(row);
}

void RunModel::rowUpdated(int row) {
    const auto [first, last] = m_speedups.update(m_results, std::size_t(row));
    // A baseline's new time changes its group's speed-ups; otherwise only this row changed
    // (views repaint only what changed).
    emit dataChanged(index(int(first), 0), index(int(last), ColumnCount - 1));
}

void RunModel::finishConfig(int row, const ConfigResult& result) {
    if (row < 0 || row >= rows())
        return;
    m_results[std::size_t(row)] = result;
    m_states[std::size_t(row)] = RowState::Done;
    if (result.status == RunStatus::Ok)
        for (const auto& rep : result.repetitions)
            m_longestFinished = std::max(m_longestFinished, rep.wallSeconds);
    rowUpdated(row);
}

void RunModel::cancelRun() {
    for (int row = 0; row < rows(); ++row) {
        if (m_states[std::size_t(row)] == RowState::Running) {
            auto& r = m_results[std::size_t(row)];
            r.status = RunStatus::Cancelled;
            r.reason = "cancelled by the user";
            m_states[std::size_t(row)] = RowState::Done;
            rowChanged(row);
        }
    }
    int first = -1;
    for (int row = 0; row < rows(); ++row)
        if (m_states[std::size_t(row)] == RowState::Pending) {
            first = row;
            break;
        }
    if (first >= 0) {
        // Rows never started are at the end (the engine runs rows in order).
        beginRemoveRows({}, first, rows() - 1);
        m_results.resize(std::size_t(first));
        m_states.resize(std::size_t(first));
        rowsReplaced();
        endRemoveRows();
    }
}

void RunModel::setResultSet(const ResultSet& set) {
    beginResetModel();
    m_kind = set.kind;
    m_machine = set.machine;
    m_results = set.results;
    m_states.assign(m_results.size(), RowState::Done);
    rowsReplaced();
    endResetModel();
}

ResultSet RunModel::resultSet() const {
    ResultSet set;
    set.kind = m_kind;
    set.machine = m_machine;
    for (std::size_t i = 0; i < m_results.size(); ++i)
        if (m_states[i] == RowState::Done)
            set.results.push_back(m_results[i]);
    return set;
}

void RunModel::clear() {
    beginResetModel();
    m_kind.reset();
    m_results.clear();
    m_states.clear();
    m_speedups.reset(m_results);
    m_longestFinished = 0;
    endResetModel();
}

int RunModel::runningRow() const {
    for (std::size_t i = 0; i < m_states.size(); ++i)
        if (m_states[i] == RowState::Running)
            return int(i);
    return -1;
}

int RunModel::findCell(int workers, int blasThreads) const {
    int found = -1;
    for (std::size_t i = 0; i < m_results.size(); ++i) {
        const auto& s = m_results[i].config.spec;
        if (s.workers == workers && s.blasThreads == blasThreads)
            found = int(i); // the last one wins: a later measurement of the same cell
    }
    return found;
}

void RunModel::setComparison(const ResultSet& b, const QString& name) {
    m_comparison = b;
    m_comparisonName = name;
    rematch();
    emit dataChanged(index(0, 0), index(std::max(0, rows() - 1), ColumnCount - 1));
}

void RunModel::clearComparison() {
    m_comparison = ResultSet();
    m_comparisonName.clear();
    m_comparisonRow.clear();
    emit dataChanged(index(0, 0), index(std::max(0, rows() - 1), ColumnCount - 1));
}

void RunModel::rematch() {
    m_comparisonRow.assign(m_results.size(), -1);
    if (!hasComparison())
        return;
    ResultSet mine;
    mine.results = m_results;
    for (const auto& row : compareResults(mine, m_comparison))
        m_comparisonRow[std::size_t(row.a)] = row.b;
}

const ConfigResult* RunModel::comparisonFor(int row) const {
    if (row < 0 || std::size_t(row) >= m_comparisonRow.size() ||
        m_comparisonRow[std::size_t(row)] < 0)
        return nullptr;
    return &m_comparison.results[std::size_t(m_comparisonRow[std::size_t(row)])];
}

std::optional<double> RunModel::comparisonRatio(int row) const {
    const auto* b = comparisonFor(row);
    return b ? timeRatio(result(row), *b) : std::nullopt;
}

void RunModel::rowChanged(int row) {
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void RunModel::rowsReplaced() {
    m_speedups.reset(m_results);
    m_longestFinished = 0;
    for (const auto& r : m_results)
        if (r.status == RunStatus::Ok)
            for (const auto& rep : r.repetitions)
                m_longestFinished = std::max(m_longestFinished, rep.wallSeconds);
    rematch();
}

} // namespace threadmix::ui
