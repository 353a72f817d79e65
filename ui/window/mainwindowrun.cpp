// Runs: starting one, the engine's news on the way, its end, and runs brought back from a
// journal (part of MainWindow).
#include "ui/window/mainwindow.h"

#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>

#include "core/spec/limits.h"
#include "ui/charts/timelineview.h"
#include "ui/model/runmodel.h"
#include "ui/run/enginecontroller.h"
#include "ui/window/machinepanel.h"

namespace threadmix::ui {

namespace {

QString duration(double s) {
    if (s < 60)
        return QStringLiteral("%1 s").arg(s, 0, 'f', 0);
    return QStringLiteral("%1 min %2 s").arg(int(s / 60)).arg(int(s) % 60);
}

} // namespace

void MainWindow::connectEngine() {
    connect(m_controller, &EngineController::configStarted, this, [this](int, int index) {
        m_model->setRunning(index);
        m_estimate.configStarted(std::size_t(index), m_model->result(index).config,
                                 monotonicSeconds());
        m_runningLabel = QString::fromStdString(m_model->result(index).config.label);
        updateProgress();
    });
    connect(m_controller, &EngineController::repetitionFinished, this,
            [this](int, int index, int rep, bool warmup, bool ok, double seconds,
                   const RepetitionResult& result) {
                if (ok && !warmup)
                    m_model->addRepetition(index, result);
                m_estimate.repetitionFinished(rep, seconds, monotonicSeconds());
                updateProgress();
            });
    connect(m_controller, &EngineController::configFinished, this,
            [this](int, int index, const ConfigResult& result) {
                m_model->finishConfig(index, result);
                // Without a choice of the user's, the timeline follows the run.
                if (m_selectedRow < 0)
                    m_timeline->setRow(index);
                m_estimate.configFinished(result);
                updateProgress();
            });
    connect(m_controller, &EngineController::sessionProblem, this,
            [this](int, const QString& message) { m_controls->showMessage(message, true); });
    connect(m_controller, &EngineController::runFinished, this, [this](int, bool cancelled) {
        if (cancelled)
            m_model->cancelRun();
        m_unsaved = m_model->rows() > 0;
        setRunningUi(false);
        const int n = m_model->rows();
        m_progressLabel->setText(cancelled
                                     ? tr("Cancelled; finished configurations are kept.")
                                     : (n == 1 ? tr("Done: 1 configuration in %1.")
                                               : tr("Done: %1 configurations in %2.").arg(n))
                                           .arg(duration(m_estimate.elapsed(monotonicSeconds()))));
        updateSummary();
    });
}

bool MainWindow::startRun(ControlPanel::PlanKind kind) {
    if (isRunning())
        return false;
    if (m_machinePanel->isCalibrating()) {
        m_controls->showMessage(
            tr("The machine is being calibrated: wait for it, or stop it in the machine panel."),
            true);
        return false;
    }
    auto plan = m_controls->makePlan(kind);
    if (!plan) {
        m_controls->showMessage(QString::fromStdString(plan.error()), true);
        return false;
    }
    if (auto st =
            validatePlan(*plan, limits::availableMemoryBytes(), ControlPanel::parameterNames());
        !st) {
        m_controls->showMessage(QString::fromStdString(st.error()), true);
        return false;
    }
    // Only a plan that can run asks about the results it would replace.
    if (!confirmDiscard(tr("A new run")))
        return false;
    m_controls->showMessage(QString(), false);
    m_model->startPlan(*plan, m_machine);
    m_estimate.planStarted(*plan, monotonicSeconds());
    m_progress->setRange(0, int(m_estimate.processesTotal()));
    m_progress->setValue(0);
    m_summary->clear();
    m_selectedRow = -1;
    m_timeline->setRow(-1);
    m_controller->start(RunSession::start(std::move(*plan), m_machine));
    setRunningUi(true);
    updateProgress();
    return true;
}

QString MainWindow::restoreJournal(const QString& path, bool resume) {
    if (isRunning())
        return tr("Cancel the run before restoring another.");
    auto run = readJournal(path.toStdString());
    if (!run) {
        const auto e = QString::fromStdString(run.error());
        reportError(tr("Cannot restore the interrupted run"), e);
        return e;
    }
    m_model->startPlan(run->plan, run->machine);
    for (const auto& [index, result] : run->finished)
        m_model->finishConfig(int(index), result);
    if (!resume || run->finished.size() == run->plan.configs.size()) {
        m_model->setResultSet(ResultSet{run->plan.kind, run->machine, run->results()});
        discardJournal(path.toStdString());
        m_progressLabel->setText(tr("Restored %1 of %2 configurations of the interrupted run.")
                                     .arg(run->finished.size())
                                     .arg(run->plan.configs.size()));
        updateSummary();
        return {};
    }
    m_estimate.planStarted(run->plan, monotonicSeconds());
    m_progress->setRange(0, int(m_estimate.processesTotal()));
    m_controller->start(RunSession::resume(*run));
    setRunningUi(true);
    m_progressLabel->setText(tr("Resuming: %1 of %2 configurations were already measured.")
                                 .arg(run->finished.size())
                                 .arg(run->plan.configs.size()));
    return {};
}

void MainWindow::offerRestore() {
    if (!m_dialogs || isRunning())
        return;
    for (const auto& orphan : orphanedJournals()) {
        auto run = readJournal(orphan);
        if (!run)
            continue;
        QMessageBox box(QMessageBox::Question, tr("Restore the interrupted run?"),
                        tr("ThreadMix stopped during a %1 (%2 configurations) started %3; %4 of "
                           "them had finished and were saved.")
                            .arg(QString::fromUtf8(toString(run->plan.kind)))
                            .arg(run->plan.configs.size())
                            .arg(QString::fromStdString(run->machine.date))
                            .arg(run->finished.size()),
                        QMessageBox::NoButton, this);
        auto* cont = box.addButton(tr("Restore and finish the run"), QMessageBox::AcceptRole);
        auto* only = box.addButton(tr("Restore what finished"), QMessageBox::ActionRole);
        box.addButton(tr("Discard"), QMessageBox::DestructiveRole);
        box.exec();
        if (box.clickedButton() == cont || box.clickedButton() == only) {
            restoreJournal(QString::fromStdString(orphan), box.clickedButton() == cont);
            return;
        }
        discardJournal(orphan);
    }
}

void MainWindow::setRunningUi(bool running) {
    m_controls->setRunning(running);
    for (auto* b : m_presentRunButtons)
        b->setEnabled(!running);
    m_presentCancel->setEnabled(running);
    m_machinePanel->setEngineBusy(running);
    for (auto* a : m_idleOnly)
        a->setEnabled(!running);
    if (running)
        m_ticker->start();
    else
        m_ticker->stop();
}

void MainWindow::updateProgress() {
    if (!isRunning())
        return;
    const double now = monotonicSeconds();
    m_progress->setMaximum(int(std::max<long>(1, m_estimate.processesTotal())));
    m_progress->setValue(int(m_estimate.processesDone()));
    const double eta = m_estimate.eta(now);
    m_progressLabel->setText(
        tr("Running %1/%2: %3, process %4 of %5 | %6 elapsed | ETA %7")
            .arg(m_estimate.configIndex() + 1)
            .arg(m_estimate.configCount())
            .arg(m_runningLabel)
            .arg(std::min(m_estimate.processInConfig() + 1, m_estimate.processesPerConfig()))
            .arg(m_estimate.processesPerConfig())
            .arg(duration(m_estimate.elapsed(now)))
            .arg(eta < 0 ? tr("unknown") : QStringLiteral("~") + duration(eta)));
}

} // namespace threadmix::ui
