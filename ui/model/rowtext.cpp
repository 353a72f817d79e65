// The words for a configuration's row: its status, its times and the tooltip that says how
// it was measured (declared in runmodel.h, beside the model whose rows they describe).
#include <QToolTip>
#include <QWidget>

#include "ui/model/runmodel.h"

namespace threadmix::ui {

namespace {

QString fromStd(std::string_view s) {
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

} // namespace

QString formatSeconds(double s) {
    if (s < 0.01)
        return QString::number(s, 'f', 4);
    if (s < 10)
        return QString::number(s, 'f', 3);
    return QString::number(s, 'f', 2);
}

QString statusText(const ConfigResult& r, RunModel::RowState state) {
    if (state == RunModel::RowState::Pending)
        return QStringLiteral("waiting");
    if (state == RunModel::RowState::Running)
        return QStringLiteral("running");
    if (r.status == RunStatus::Ok)
        return QStringLiteral("ok");
    return fromStd(incompleteText(r));
}

QString dataPlacementText(const RunSpec& spec) {
    // A process pool's (and MPI ranks') data reaches its workers in its own ways: core's words
    // for them.
    if (spec.pool != PoolKind::Threads)
        return QStringLiteral("data ") + QString::fromStdString(dataPathText(spec));
    return spec.data == DataPlacement::Upfront ? QStringLiteral("data made up front")
                                               : QStringLiteral("data made in each task");
}

QString operationName(const RunSpec& spec) {
    return spec.workload == Workload::Gemm  ? QStringLiteral("multiply")
           : spec.workload == Workload::Dot ? QStringLiteral("dot product")
                                            : QStringLiteral("fill");
}

QString describeMeasurements(const RunModel& model, int row) {
    const auto& r = model.result(row);
    const auto& s = r.config.spec;
    const auto sum = r.seconds();
    QStringList lines;
    lines << QStringLiteral("<b>%1</b>").arg(fromStd(r.config.label).toHtmlEscaped());
    lines << QStringLiteral("%1 workers x %2 BLAS threads = %3 threads; chunk %4; data %5")
                 .arg(s.workers)
                 .arg(s.blasThreads)
                 .arg(s.totalThreads())
                 .arg(s.chunk)
                 .arg(fromStd(toString(s.data)));
    lines << QStringLiteral("Status: %1").arg(statusText(r, model.state(row)));
    if (!r.reason.empty())
        lines << QStringLiteral("<i>%1</i>").arg(fromStd(r.reason).toHtmlEscaped());
    if (sum.n > 0) {
        lines << QStringLiteral("Median %1 s of %2 repetition%3 (min %4, max %5, CV %6%)")
                     .arg(formatSeconds(sum.median))
                     .arg(sum.n)
                     .arg(sum.n == 1 ? QString() : QStringLiteral("s"))
                     .arg(formatSeconds(sum.min), formatSeconds(sum.max))
                     .arg(sum.cv * 100, 0, 'f', 1);
        if (auto up = model.speedup(row))
            lines << QStringLiteral("Speed-up over the baseline: %1x").arg(*up, 0, 'f', 2);
        if (auto up = model.operationSpeedup(row))
            lines << QStringLiteral("Speed-up of the %1 alone: %2x")
                         .arg(operationName(s))
                         .arg(*up, 0, 'f', 2);
        if (auto g = r.gflops())
            lines << QStringLiteral("%1 GFLOP/s").arg(*g, 0, 'f', 1);
        lines << QStringLiteral("CPU %1 s (%2% of %3 logical CPUs)")
                     .arg(formatSeconds(r.medianOf(&RepetitionResult::cpuSeconds)))
                     .arg(r.cpuUsePercent(model.machine().logicalCpus).value_or(0), 0, 'f', 0)
                     .arg(model.machine().logicalCpus);
        lines << QStringLiteral("Making data %1 s, operating %2 s")
                     .arg(formatSeconds(r.medianOf(&RepetitionResult::dataSeconds)),
                          formatSeconds(r.medianOf(&RepetitionResult::computeSeconds)));
        lines << QStringLiteral("Context switches: %1 voluntary, %2 involuntary")
                     .arg(r.medianOf(&RepetitionResult::ctxVoluntary), 0, 'f', 0)
                     .arg(r.medianOf(&RepetitionResult::ctxInvoluntary), 0, 'f', 0);
        lines << QStringLiteral("Peak memory %1 MiB")
                     .arg(double(r.peakRssBytes()) / 1048576.0, 0, 'f', 0);
        if (auto pool = processPoolText(r))
            lines << QStringLiteral("Process pool: %1")
                         .arg(QString::fromStdString(*pool).toHtmlEscaped());
        if (const auto* m = r.medianRepetition(); m && m->mpi) {
            QStringList hosts;
            for (const auto& h : m->mpi->hosts())
                hosts << fromStd(h);
            lines << QStringLiteral("MPI: %1 ranks on %2 (%3 logical CPUs), %4; launching and "
                                    "stopping them took %5 s outside the timed span")
                         .arg(m->mpi->ranks.size())
                         .arg(hosts.join(QStringLiteral(", ")).toHtmlEscaped())
                         .arg(m->mpi->totalCpus())
                         .arg(fromStd(m->mpi->launcher).toHtmlEscaped())
                         .arg(formatSeconds(m->mpi->launchSeconds));
        }
        if (auto warning = r.noiseWarning())
            lines << QStringLiteral("<b>Careful</b>: %1").arg(QString::fromStdString(*warning));
    } else if (r.elapsedSeconds > 0) {
        lines << QStringLiteral("No repetition finished; %1 s used")
                     .arg(formatSeconds(r.elapsedSeconds));
    }
    return lines.join(QStringLiteral("<br>"));
}

void showRowTooltip(QWidget* chart, const QPoint& globalPos, const RunModel& model, int row) {
    QToolTip::showText(globalPos, row >= 0 ? describeMeasurements(model, row) : chart->toolTip(),
                       chart);
}

} // namespace threadmix::ui
