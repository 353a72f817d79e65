// Controls with teaching tooltips; values go to core's plan builders unchanged.
#include "ui/window/controlpanel.h"

#include "core/measure/mpipool.h"

#include <QAbstractScrollArea>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include <algorithm>

#include "core/machine/kernelchoice.h"
#include "core/measure/blas.h"
#include "core/run/isolatedrunner.h"
#include "core/run/libraryprobe.h"
#include "core/run/planbuilder.h"
#include "core/spec/limits.h"
#include "ui/window/sliderspin.h"

namespace threadmix::ui {

// The controls are made and grouped in controlpanelcontrols.cpp; defaults, a file's plan and
// saved settings are loaded in controlpanelstate.cpp.
ControlPanel::ControlPanel(int logicalCpus, int physicalCores, QWidget* parent)
    : QWidget(parent), m_logical(std::max(1, logicalCpus)), m_physical(std::max(1, physicalCores)) {
    makeTaskControls();
    makeMeasurementControls();
    makeLibraryControls();
    makeRunControls();
    auto* workload = workloadGroup();
    auto* threads = threadsGroup();
    auto* knobs = knobsGroup();
    auto* method = measurementGroup();
    auto* runs = runGroup();
    connectChecks();

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(runs);
    layout->addWidget(m_message);
    layout->addWidget(m_warning);
    layout->addWidget(workload);
    layout->addWidget(threads);
    layout->addWidget(knobs);
    layout->addWidget(method);
    layout->addStretch(1);

    connectButtons();
    filterWheelEvents();
    resetToDefaults();
    // MPI ranks run through the worker the window's runs start (IsolatedRunner's default).
    setMpiCheck([](const RunSpec& spec) {
        const auto where = mpiWhereFor(spec, defaultChildProgram());
        return where ? QString() : QString::fromStdString(where.error());
    });
}

void ControlPanel::connectChecks() {
    for (auto* box : {m_sweepW0, m_sweepW1, m_sweepB0, m_sweepB1})
        connect(box, &QSpinBox::valueChanged, this, &ControlPanel::updateSweepCells);
    connect(m_sweepAll, &QCheckBox::toggled, this, &ControlPanel::updateSweepCells);
    updateSweepCells();
    // A chunk is a share of the tasks: a chunk that fitted follows the count down; one typed
    // larger than the count is shown invalid.
    m_chunk->setAllowedMaximum(m_count->value());
    connect(m_count, &SliderSpin::valueChanged, this, [this](int count) {
        const bool fitted = m_chunk->valueIsAllowed();
        m_chunk->setAllowedMaximum(std::max(1, count));
        if (fitted && m_chunk->value() > count && count >= 1)
            m_chunk->setValue(count);
    });
    for (auto* s : {m_count, m_size, m_workers, m_blas})
        connect(s, &SliderSpin::valueChanged, this, &ControlPanel::recheck);
    for (auto* s : {m_chunk, m_repeats, m_warmup, m_sweepW0, m_sweepW1, m_sweepB0, m_sweepB1})
        connect(s, &QSpinBox::valueChanged, this, &ControlPanel::recheck);
    connect(m_budget, &QDoubleSpinBox::valueChanged, this, &ControlPanel::recheck);
    for (auto* box : {m_workload, m_data})
        connect(box, &QComboBox::currentTextChanged, this, &ControlPanel::recheck);
    for (auto* s : {m_count, m_workers})
        connect(s, &SliderSpin::valueChanged, this, &ControlPanel::updateWarning);
    for (auto* s : {m_chunk, m_sweepW1})
        connect(s, &QSpinBox::valueChanged, this, &ControlPanel::updateWarning);
}

void ControlPanel::connectButtons() {
    for (auto* box : {m_blasLibrary, m_secondLibrary})
        connect(box, &QComboBox::currentTextChanged, this, &ControlPanel::followLibraries);
    connect(m_blasLibrary, &QComboBox::currentTextChanged, this, &ControlPanel::followMpi);
    followLibraries();
    connect(m_runOne, &QPushButton::clicked, this, [this] { emit runRequested(PlanKind::Single); });
    connect(m_runTutorial, &QPushButton::clicked, this,
            [this] { emit runRequested(PlanKind::Tutorial); });
    connect(m_runSweep, &QPushButton::clicked, this,
            [this] { emit runRequested(PlanKind::Sweep); });
    connect(m_cancel, &QPushButton::clicked, this, &ControlPanel::cancelRequested);
}

void ControlPanel::filterWheelEvents() {
    // A value changes under the wheel only when its control has the keyboard focus (clicked or
    // tabbed to); otherwise the wheel scrolls the panel.
    for (auto* w : findChildren<QWidget*>())
        if (qobject_cast<QAbstractSpinBox*>(w) || qobject_cast<QComboBox*>(w) ||
            qobject_cast<QSlider*>(w)) {
            w->setFocusPolicy(Qt::StrongFocus);
            w->installEventFilter(this);
        }
}

bool ControlPanel::eventFilter(QObject* watched, QEvent* e) {
    if (e->type() == QEvent::Wheel) {
        auto* w = qobject_cast<QWidget*>(watched);
        if (w && !w->hasFocus()) {
            // Given to the panel's scroll area directly: Qt passes an ignored wheel event on
            // to the parents only when it came from the window system.
            for (QWidget* p = parentWidget(); p; p = p->parentWidget())
                if (auto* area = qobject_cast<QAbstractScrollArea*>(p)) {
                    QCoreApplication::sendEvent(area->viewport(), e);
                    return true;
                }
            e->ignore();
            return true;
        }
    }
    return QWidget::eventFilter(watched, e);
}

QString ControlPanel::invalidValues() const {
    QStringList out;
    for (const auto& why :
         {m_count->problem(), m_size->problem(), m_workers->problem(), m_blas->problem(),
          m_chunk->problem(), m_repeats->problem(), m_warmup->problem(), m_budget->problem(),
          m_sweepW0->problem(), m_sweepW1->problem(), m_sweepB0->problem(), m_sweepB1->problem()})
        if (!why.isEmpty())
            out << why;
    return out.join(QLatin1Char('\n'));
}

QString ControlPanel::warningText() const {
    return m_warning->text();
}

void ControlPanel::updateWarning() {
    // Workers beyond the tasks (or chunks of tasks) wait for work that never comes: allowed,
    // since a sweep may want to show exactly that, but said.
    QString text;
    int count = m_count->value();
    const int chunk = std::max(1, m_chunk->value());
    const int units = (count + chunk - 1) / chunk;
    auto idle = [&](int workers, const QString& who) {
        if (count < 1 || workers <= units)
            return QString();
        const QString tasks =
            chunk > 1 ? tr("%1 tasks in %2 chunks of %3").arg(count).arg(units).arg(chunk)
                      : (count == 1 ? tr("1 task") : tr("%1 tasks").arg(count));
        const int spare = workers - units;
        return tr("%1 %2 for %3: %4 %5 nothing to do.")
            .arg(workers)
            .arg(who, tasks)
            .arg(spare)
            .arg(spare == 1 ? tr("worker will have") : tr("workers will have"));
    };
    // A value that cannot run has its own message; a warning about it would only add noise.
    if (!m_workers->isValid() || !m_count->isValid() || !m_chunk->valueIsAllowed())
        count = 0;
    text = idle(m_workers->value(), m_workers->value() == 1 ? tr("worker") : tr("workers"));
    if (text.isEmpty() && m_sweepW1->valueIsAllowed() && m_sweepW1->value() > units && count >= 1)
        text = tr("The sweep goes up to %1 workers for %2 %3: its rows above %4 workers will have "
                  "idle workers.")
                   .arg(m_sweepW1->value())
                   .arg(units)
                   .arg(chunk > 1 ? tr("chunks of tasks") : (units == 1 ? tr("task") : tr("tasks")))
                   .arg(units);
    if (text == m_warning->text())
        return;
    m_warning->setText(text);
    m_warning->setVisible(!text.isEmpty());
    emit warningChanged(text);
}

PlanOptions ControlPanel::planOptions() const {
    PlanOptions o;
    o.logicalCpus = m_logical;
    o.physicalCores = m_physical;
    o.base = currentSpec();
    // Every value on screen is the user's choice: plans must not replace them by defaults.
    o.countGiven = o.sizeGiven = o.budgetGiven = o.chunkGiven = o.initGiven = true;
    o.dataGiven = false; // the tutorial rows place data as the tutorial did
    const bool all = m_sweepAll->isChecked();
    if (m_sweepW0->value() <= m_sweepW1->value())
        o.workersAxis =
            sweepAxis(m_sweepW0->value(), m_sweepW1->value(), all, m_logical, m_physical);
    if (m_sweepB0->value() <= m_sweepB1->value())
        o.blasAxis = sweepAxis(m_sweepB0->value(), m_sweepB1->value(), all, m_logical, m_physical);
    o.noSkip = !m_sweepSkip->isChecked();
    o.libraries = libraries();
    // One kind: base.pool says it; both: a group per kind, as the command line's --pool list.
    if (const auto kinds = poolKinds(); kinds.size() > 1)
        o.pools = kinds;
    o.blasPerWorker = m_blasAuto->isChecked();
    // per-call means "per call where the library allows": OpenBLAS rows run process-wide.
    o.threadControlGiven = o.base.threadControl == ThreadControl::ProcessWide;
    o.base.kernel.clear(); // buildPlan: the automatic kernels
    o.openblasKernel.clear();
    return o;
}

std::vector<BlasLibrary> ControlPanel::libraries() const {
    std::vector<BlasLibrary> out{blasLibraryFromString(m_blasLibrary->currentText().toStdString())
                                     .value_or(builtBlasLibrary())};
    if (auto second = blasLibraryFromString(m_secondLibrary->currentText().toStdString());
        second && *second != out.front())
        out.push_back(*second);
    return out;
}

void ControlPanel::followLibraries() {
    // OpenBLAS has no per-call thread count: per-call is greyed out while only OpenBLAS runs,
    // and says why whenever an OpenBLAS library is chosen.
    const auto libs = libraries();
    const bool anyBlis = std::any_of(libs.begin(), libs.end(),
                                     [](BlasLibrary b) { return facts(b).perCallThreads; });
    const bool anyOpenBlas = std::any_of(libs.begin(), libs.end(),
                                         [](BlasLibrary b) { return !facts(b).perCallThreads; });
    if (auto* m = qobject_cast<QStandardItemModel*>(m_threadControl->model()))
        m->item(0)->setEnabled(anyBlis);
    if (!anyBlis)
        m_threadControl->setCurrentIndex(1);
    m_threadControl->setToolTip(
        m_threadControlTip +
        (anyOpenBlas ? tr("\n\nOpenBLAS sets its thread count for the whole process only "
                          "(openblas_set_num_threads, OPENBLAS_NUM_THREADS), exactly what numpy "
                          "users get: its rows always run process-wide.")
                     : QString()));
}

void ControlPanel::updateSweepCells() {
    const auto o = planOptions();
    if (o.workersAxis.empty() || o.blasAxis.empty()) {
        m_sweepCells->setText(tr("A range is written backwards."));
        return;
    }
    auto list = [](const std::vector<int>& axis) {
        QStringList s;
        for (int v : axis)
            s << QString::number(v);
        return s.join(QStringLiteral(", "));
    };
    m_sweepCells->setText(tr("%1 cells: workers %2 x BLAS threads %3")
                              .arg(o.workersAxis.size() * o.blasAxis.size())
                              .arg(list(o.workersAxis), list(o.blasAxis)));
}

RunSpec ControlPanel::currentSpec() const {
    RunSpec s;
    s.workload =
        workloadFromString(m_workload->currentText().toStdString()).value_or(Workload::Gemm);
    s.count = m_count->value();
    s.size = m_size->value();
    s.workers = m_workers->value();
    s.blasThreads = m_blas->value();
    s.chunk = m_chunk->value();
    s.data =
        placementFromString(m_data->currentText().toStdString()).value_or(DataPlacement::Upfront);
    s.init = initFromString(m_init->currentText().toStdString()).value_or(Init::Random);
    s.repeats = m_repeats->value();
    s.warmup = m_warmup->value();
    s.budgetSeconds = m_budget->value();
    s.waitPolicy = waitPolicyFromString(m_waitPolicy->currentText().toStdString())
                       .value_or(WaitPolicy::Default);
    s.blasLibrary = blasLibraryFromString(m_blasLibrary->currentText().toStdString())
                        .value_or(builtBlasLibrary());
    s.kernel = facts(s.blasLibrary).family == BlasFamily::Blis ? autoKernel().kernel
                                                               : autoOpenBlasKernel().kernel;
    s.threadControl = threadControlFromString(m_threadControl->currentText().toStdString())
                          .value_or(ThreadControl::PerCall);
    if (!facts(s.blasLibrary).perCallThreads)
        s.threadControl = ThreadControl::ProcessWide; // the only control it has
    s.pin = m_pin->isChecked();
    s.pool = poolKinds().front();
    // Sent operands only: otherwise the field keeps its default, as the command line leaves it.
    if (m_transfer->isEnabled())
        s.transfer = m_transfer->currentIndex() == 1 ? Transfer::Shared : Transfer::Copy;
    if (m_blasAuto->isChecked())
        s.blasThreads = blasThreadsPerWorker(m_logical, s.workers);
    return s;
}

Expected<Plan> ControlPanel::makePlan(PlanKind kind) const {
    // A typed value out of range is refused as typed, never run as its nearest allowed value.
    if (const auto invalid = invalidValues(); !invalid.isEmpty())
        return Error{invalid.toStdString()};
    // The item may be chosen (a file's plan, saved settings) where MPI cannot run: never run.
    if (poolKinds().front() == PoolKind::Mpi && !m_mpiProblem.isEmpty())
        return Error{tr("Pool kind: MPI ranks cannot run: %1. Choose threads or processes, or "
                        "install what is missing.")
                         .arg(m_mpiProblem)
                         .toStdString()};
    auto o = planOptions();
    if (kind == PlanKind::Sweep) {
        for (auto [name, range] :
             {std::pair{"Sweep workers", std::pair{m_sweepW0->value(), m_sweepW1->value()}},
              std::pair{"Sweep BLAS", std::pair{m_sweepB0->value(), m_sweepB1->value()}}})
            if (range.first > range.second)
                return Error{tr("%1: %2..%3 is written backwards; the first number must not be "
                                "larger than the second.")
                                 .arg(QLatin1String(name))
                                 .arg(range.first)
                                 .arg(range.second)
                                 .toStdString()};
    }
    PlanRequest request{threadmix::PlanKind::Run, o, {}};
    switch (kind) {
    case PlanKind::Single:
        request.options.dataGiven = true;
        break;
    case PlanKind::Tutorial:
        if (m_tutorial->currentText() == QStringLiteral("sizes")) {
            request.kind = threadmix::PlanKind::Sizes;
            request.options.countGiven = false; // the same work at every size
        } else if (m_tutorial->currentText() == QStringLiteral("processes")) {
            // Its rows set their own pool kinds and sending; count and size stay as shown.
            request.kind = threadmix::PlanKind::Processes;
        } else {
            request.kind = m_tutorial->currentText() == QStringLiteral("pitfalls")
                               ? threadmix::PlanKind::Pitfalls
                               : threadmix::PlanKind::Combine;
        }
        break;
    case PlanKind::Sweep:
        // The budget box is every cell's ceiling (buildPlan's rule, as on the command line).
        request.kind = threadmix::PlanKind::Sweep;
        request.options.dataGiven = true;
        break;
    }
    return buildPlan(std::move(request));
}

void ControlPanel::loadSpec(const RunSpec& s) {
    m_workload->setCurrentText(QString::fromStdString(std::string(toString(s.workload))));
    m_count->setValue(int(s.count));
    m_size->setValue(int(std::min<std::int64_t>(s.size, m_size->maximum())));
    m_workers->setValue(s.workers);
    m_blas->setValue(s.blasThreads);
    m_chunk->setValue(int(s.chunk));
    m_data->setCurrentText(QString::fromStdString(std::string(toString(s.data))));
    m_init->setCurrentText(QString::fromStdString(std::string(toString(s.init))));
    m_repeats->setValue(s.repeats);
    m_warmup->setValue(s.warmup);
    m_waitPolicy->setCurrentText(QString::fromStdString(std::string(toString(s.waitPolicy))));
    m_blasLibrary->setCurrentText(QString::fromUtf8(toString(s.blasLibrary)));
    m_threadControl->setCurrentText(QString::fromStdString(std::string(toString(s.threadControl))));
    m_pin->setChecked(s.pin);
    m_blasAuto->setChecked(false); // a spec holds the count it ran with
    m_blas->setValue(s.blasThreads);
    setPoolKinds({s.pool});
    m_transfer->setCurrentIndex(s.transfer == Transfer::Shared ? 1 : 0);
}

void ControlPanel::setRunning(bool running) {
    for (auto* b : {m_runOne, m_runTutorial, m_runSweep})
        b->setEnabled(!running);
    m_cancel->setEnabled(running);
}

const limits::ParameterNames& ControlPanel::parameterNames() {
    static const limits::ParameterNames names{
        tr("Matrix count").toStdString(),      std::string(),
        tr("Pool workers").toStdString(),      tr("BLAS threads").toStdString(),
        tr("Chunk size").toStdString(),        tr("Repeats").toStdString(),
        tr("Warm-up").toStdString(),           tr("Budget").toStdString(),
        tr("Data made: in-task").toStdString()};
    return names;
}

void ControlPanel::recheck() {
    // A value typed out of range is said at once, beside it and above the controls.
    if (const auto invalid = invalidValues(); !invalid.isEmpty()) {
        showMessage(invalid, true);
        return;
    }
    if (!m_messageIsError)
        return;
    // The message may be about the sweep's ranges or the plan; the single run's values are
    // what most messages name. Clear when they are fine and the ranges are not backwards.
    const auto st =
        limits::validate(currentSpec(), limits::availableMemoryBytes(), parameterNames());
    const bool rangesOk =
        m_sweepW0->value() <= m_sweepW1->value() && m_sweepB0->value() <= m_sweepB1->value();
    if (!st)
        showMessage(QString::fromStdString(st.error()), true);
    else if (rangesOk)
        showMessage(QString(), false);
}

void ControlPanel::showMessage(const QString& text, bool error) {
    m_messageIsError = error && !text.isEmpty();
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #b2182b; font-weight: bold;")
                                   : QString());
}

QString ControlPanel::messageText() const {
    return m_message->text();
}

} // namespace threadmix::ui
