// Calibration runs on a std::jthread; progress and the result reach the panel as queued calls.
#include "ui/window/machinepanel.h"

#include <QLabel>
#include <QMetaObject>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include "core/machine/machinereport.h"
#include "core/run/calibration.h"
#include "core/run/libraryprobe.h"

namespace threadmix::ui {

MachinePanel::MachinePanel(const MachineInfo& machine, QWidget* parent)
    : QWidget(parent), m_machine(machine), m_summary(new QLabel), m_status(new QLabel),
      m_libraries(new QLabel(tr("BLAS libraries: asking each library..."))),
      m_progress(new QProgressBar), m_calibrate(new QPushButton(tr("Calibrate"))) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);
    m_progress->setVisible(false);
    m_progress->setTextVisible(true);
    m_calibrate->setObjectName(QStringLiteral("calibrate"));
    m_libraries->setWordWrap(true);
    m_libraries->setObjectName(QStringLiteral("libraries"));
    layout->addWidget(m_summary);
    layout->addWidget(m_libraries);
    layout->addWidget(m_calibrate);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    connect(m_calibrate, &QPushButton::clicked, this, [this] {
        if (m_calibrating)
            cancelCalibration();
        else
            startCalibration();
    });
    showMachine();
    updateButton();
    probeLibraries();
}

void MachinePanel::probeLibraries() {
    m_probe.start([this](std::stop_token, const BackgroundJob::Poster& post) {
        // "BLIS 0.9.0 (picks generic, runs skx): openmp, pthreads" per family.
        const auto blis = autoKernel();
        const auto openblas = autoOpenBlasKernel();
        QStringList families;
        for (auto family : {BlasFamily::Blis, BlasFamily::OpenBlas}) {
            QStringList layers;
            QString head;
            for (const auto& p : probeAllLibraries()) {
                if (!p.problem.empty() || facts(p.library).family != family)
                    continue;
                layers << QString::fromUtf8(facts(p.library).threading == "none"
                                                ? std::string_view("serial")
                                                : facts(p.library).threading);
                if (head.isEmpty()) {
                    const auto& choice = family == BlasFamily::Blis ? blis : openblas;
                    head = tr("%1 %2 (picks %3, runs %4)")
                               .arg(QString::fromStdString(p.info.family),
                                    QString::fromStdString(p.info.version),
                                    QString::fromStdString(p.info.kernel),
                                    QString::fromStdString(choice.kernel.empty() ? p.info.kernel
                                                                                 : choice.kernel));
                }
            }
            if (!layers.isEmpty())
                families << (head + QStringLiteral(": ") + layers.join(QStringLiteral(", ")))
                                .toHtmlEscaped();
        }
        const QString report = QString::fromStdString(librariesReport());
        const QString line = tr("<b>BLAS libraries</b> (hover for paths and reasons)<br>%1")
                                 .arg(families.join(QStringLiteral("<br>")));
        post([this, line, report] {
            m_libraries->setText(line);
            m_libraries->setToolTip(QStringLiteral("<pre>%1</pre>").arg(report.toHtmlEscaped()));
        });
    });
}

// The jobs' destructors stop and join their threads (calibration children are killed).
MachinePanel::~MachinePanel() = default;

void MachinePanel::setMachine(const MachineInfo& machine) {
    m_machine = machine;
    showMachine();
}

void MachinePanel::showMachine() {
    const auto& m = m_machine;
    m_summary->setText(
        tr("<b>This computer</b> (where runs are measured; a file says its own machine in the "
           "caption)<br>%1<br>%2 physical cores, %3 logical CPUs<br>BLIS %4, %5 threads, "
           "kernel %6<br>DGEMM peak: %7")
            .arg(QString::fromStdString(m.cpuModel).toHtmlEscaped())
            .arg(m.physicalCores)
            .arg(m.logicalCpus)
            .arg(QString::fromStdString(m.blasVersion), QString::fromStdString(m.blasThreading),
                 QString::fromStdString(kernelSummary(m)).toHtmlEscaped(),
                 m.peakGflops > 0 ? tr("%1 GFLOP/s").arg(m.peakGflops, 0, 'f', 0)
                                  : tr("not measured yet (Calibrate)")));
    m_summary->setToolTip(QStringLiteral("<p>%1</p>")
                              .arg(QString::fromStdString(m.blasKernelReason).toHtmlEscaped()));
    m_calibrate->setToolTip(
        tr("<p>Measures every BLIS kernel (and OpenBLAS core) this CPU runs, on 1 thread and on "
           "all logical CPUs "
           "(interleaved rounds, each in its own process; about half a minute), makes the "
           "fastest the automatic choice when it beats BLIS's own pick beyond the noise, then "
           "measures the DGEMM peak for the \"%% of machine peak\" layer. Kept for this "
           "machine.</p>")
            .replace(QStringLiteral("%%"), QStringLiteral("%")));
}

void MachinePanel::setEngineBusy(bool busy) {
    m_engineBusy = busy;
    updateButton();
}

void MachinePanel::updateButton() {
    m_calibrate->setText(m_calibrating ? tr("Stop calibrating") : tr("Calibrate"));
    m_calibrate->setEnabled(m_calibrating || !m_engineBusy);
}

void MachinePanel::startCalibration() {
    if (m_calibrating || m_engineBusy)
        return;
    m_calibrating = true;
    m_progress->setRange(0, 0);
    m_progress->setVisible(true);
    m_status->setText(tr("Measuring the kernels..."));
    updateButton();
    emit calibrationRunning(true);
    m_calibration.start([this](std::stop_token stop, const BackgroundJob::Poster& post) {
        const auto calibration = calibrateMachine(IsolatedRunner(), stop, progressTo(post));
        QString message;
        if (!calibration) {
            message = QString::fromStdString(calibration.error());
        } else {
            message = QString::fromStdString(calibration->summary());
            for (const auto& w : calibration->warnings)
                message += QStringLiteral("\n") + QString::fromStdString(w);
        }
        const bool ok = bool(calibration);
        post([this, ok, message] { calibrationEnded(ok, message); });
    });
}

CalibrationProgress MachinePanel::progressTo(const BackgroundJob::Poster& post) {
    CalibrationProgress progress;
    progress.stage = [this, post](const std::string& stage) {
        post([this, stage = QString::fromStdString(stage)] {
            m_progress->setRange(0, 0);
            m_status->setText(stage + QStringLiteral("..."));
        });
    };
    progress.step = [this, post](int done, int total, const std::string& what) {
        post([=, this] {
            m_progress->setRange(0, total);
            m_progress->setValue(done);
            m_status->setText(tr("Kernel %1").arg(QString::fromStdString(what)));
        });
    };
    return progress;
}

void MachinePanel::calibrationEnded(bool ok, const QString& message) {
    m_calibrating = false;
    m_progress->setVisible(false);
    m_status->setText(message);
    MachineInfo machine = m_machine;
    if (ok) {
        machine = collectMachineInfo();
        setMachine(machine);
    }
    updateButton();
    emit calibrationRunning(false);
    emit calibrationFinished(ok, message, machine);
}

void MachinePanel::cancelCalibration() {
    if (!m_calibrating)
        return;
    m_calibration.stop(); // the thread's last messages are dropped
    m_calibrating = false;
    m_progress->setVisible(false);
    m_status->setText(tr("Calibration stopped."));
    updateButton();
    emit calibrationRunning(false);
}

} // namespace threadmix::ui
