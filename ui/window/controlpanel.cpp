// Controls with teaching tooltips; values go to core's plan builders unchanged.
#include "ui/window/controlpanel.h"

#include <QAbstractScrollArea>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "core/machine/kernelchoice.h"
#include "core/measure/blas.h"
#include "core/results/libraries.h"
#include "core/run/isolatedrunner.h"
#include "core/run/libraryprobe.h"
#include "core/run/planbuilder.h"
#include "core/spec/limits.h"
#include "ui/window/sliderspin.h"

namespace threadmix::ui {

namespace {

CheckedSpinBox* spin(const QString& name, int min, int max, int value, const QString& tip) {
    auto* s = new CheckedSpinBox(name, min, max, value);
    s->setHelp(tip);
    return s;
}

QComboBox* combo(const QStringList& items, const QString& tip) {
    auto* c = new QComboBox;
    c->addItems(items);
    c->setToolTip(tip);
    return c;
}

} // namespace

ControlPanel::ControlPanel(int logicalCpus, int physicalCores, QWidget* parent)
    : QWidget(parent), m_logical(std::max(1, logicalCpus)), m_physical(std::max(1, physicalCores)) {
    const int wide = 4 * m_logical;
    m_count = new SliderSpin(1, int(limits::kMaxCount), 512, true);
    m_count->setToolTips(tr("How many independent tasks (matrix multiplies) to run. More tasks "
                            "give a pool more to share out; the total work grows with it."));
    m_size = new SliderSpin(16, int(limits::kMaxMatrixSize), 4096, true);
    m_size->setToolTips(tr("Matrix side n: each multiply does 2·n³ operations on 3·n² doubles. "
                           "Small matrices favour a pool of workers, large ones BLAS threads. "
                           "For dot it is the length of each vector."));
    m_workers = new SliderSpin(1, limits::kMaxWorkers, wide, false);
    m_workers->setToolTips(tr("Pool workers: threads that each take whole tasks (task-level "
                              "parallelism). More workers than cores only adds switching."));
    m_blas = new SliderSpin(1, limits::kMaxBlasThreads, wide, false);
    m_blas->setToolTips(tr("BLAS threads inside each multiply (operation-level parallelism). "
                           "Workers x BLAS threads above %1 logical CPUs oversubscribes the "
                           "machine: BLIS threads busy-wait, so expect it to get much slower. "
                           "BLIS's own default is 1 thread; OpenBLAS would use %1.")
                            .arg(m_logical));
    m_workers->setValue(1);
    m_blas->setValue(1);
    m_count->setValue(int(defaults::kRunCount));
    m_size->setValue(int(defaults::kRunSize));

    m_workload = combo({QStringLiteral("gemm"), QStringLiteral("dot"), QStringLiteral("fill")},
                       tr("gemm: matrix multiplies (BLIS dgemm). dot: vector dot products, where "
                          "BLAS threads do not help. fill: filling arrays, memory-bound, where a "
                          "pool does not help."));
    m_data = combo({QStringLiteral("upfront"), QStringLiteral("in-task")},
                   tr("upfront: make every matrix before multiplying (uses memory for all of "
                      "them). in-task: each task makes its own pair, so making data is "
                      "parallel too and memory stays at a few matrices per worker."));
    m_init = combo({QStringLiteral("random"), QStringLiteral("ones")},
                   tr("What the matrices hold: random numbers (costs time to make) or ones."));
    m_chunk = spin(tr("Chunk size"), 1, int(limits::kMaxCount), 1,
                   tr("Tasks a worker takes at once (like Python's chunksize). Bigger chunks "
                      "mean less hand-out traffic but can leave workers idle at the end."));
    m_repeats = spin(tr("Repetitions"), 1, limits::kMaxRepeats, 3,
                     tr("Counted repetitions per configuration; the charts show their median "
                        "and their spread. Each runs in a fresh process."));
    m_warmup = spin(tr("Warm-up"), 0, limits::kMaxWarmup, 1,
                    tr("Repetitions run first and not counted, so caches, page tables and CPU "
                       "clocks settle."));
    m_budget = new CheckedDoubleSpinBox(tr("Time budget"), limits::kMinBudget, limits::kMaxBudget,
                                        defaults::kBudgetSeconds, 1);
    m_budget->setSuffix(tr(" s"));
    m_budget->setHelp(tr("Longest one configuration may run (warm-up included). An "
                         "oversubscribed configuration can take minutes; past its budget it "
                         "is stopped and shown as timed out. Sweeps give each cell %1x what "
                         "the 1 x 1 cell took, at most this.")
                          .arg(defaults::kSweepBudgetFactor));
    m_tutorial =
        combo({QStringLiteral("combine"), QStringLiteral("pitfalls"), QStringLiteral("sizes")},
              tr("combine: the five rows of the tutorial (no pool / BLAS threads / a "
                 "pool / both). pitfalls: a pool on top of BLAS threads, dot, fill. "
                 "sizes: 1x1, a pool and BLAS threads at n = 64..1024, to find where "
                 "the best choice changes."));
    m_waitPolicy =
        combo({QStringLiteral("default"), QStringLiteral("passive"), QStringLiteral("active")},
              tr("How idle OpenMP (BLIS) threads wait: default, passive (they sleep, "
                 "freeing the core) or active (they spin, burning the core). Set in "
                 "each measurement process as OMP_WAIT_POLICY."));
    const QString libraryTip =
        tr("Which BLAS library the measurement processes load. BLIS (its threads busy-wait: "
           "oversubscribed, it collapses) or OpenBLAS (what numpy on Debian uses; its threads "
           "sleep). OpenMP builds keep their threads between calls, pthreads builds of BLIS "
           "create them on every call, the serial OpenBLAS has none. Libraries that are not "
           "installed are greyed out.");
    m_blasLibrary = new QComboBox;
    m_blasLibrary->setToolTip(libraryTip);
    m_secondLibrary = new QComboBox;
    m_secondLibrary->setToolTip(
        tr("Run every configuration a second time on this library, interleaved with the first, "
           "so the two can be compared side by side: one heat map and one recommendation per "
           "library."));
    m_secondLibrary->addItem(tr("(none)"));
    for (const auto& f : allBlasLibraries()) {
        const auto name = QString::fromUtf8(f.name.data(), qsizetype(f.name.size()));
        const auto title = QString::fromUtf8(f.title.data(), qsizetype(f.title.size()));
        for (auto* box : {m_blasLibrary, m_secondLibrary}) {
            box->addItem(name);
            const int i = box->count() - 1;
            box->setItemData(i, title, Qt::ToolTipRole);
            if (!libraryInstalled(f.library)) {
                if (auto* m = qobject_cast<QStandardItemModel*>(box->model()))
                    m->item(i)->setEnabled(false);
                box->setItemData(i,
                                 tr("%1: not installed (Debian package %2)")
                                     .arg(title, QString::fromUtf8(f.package.data(),
                                                                   qsizetype(f.package.size()))),
                                 Qt::ToolTipRole);
            }
        }
    }
    m_blasLibrary->setCurrentText(QString::fromUtf8(toString(builtBlasLibrary())));
    m_threadControlTip = tr("per-call: each multiply says how many BLAS threads it wants "
                            "(thread-safe; BLIS only). process-wide: one setting for the whole "
                            "process, shared by every worker, as numpy and threadpoolctl users "
                            "get.");
    m_threadControl =
        combo({QStringLiteral("per-call"), QStringLiteral("process-wide")}, m_threadControlTip);
    m_pin = new QCheckBox(tr("Pin threads to cores"));
    m_pin->setToolTip(tr("Bind each pool worker to its own core and its BLAS threads next to it "
                         "(OMP_PROC_BIND=close). Stops the scheduler moving threads around."));
    const QString rangeTip =
        tr("Range of the sweep's axis. Defaults to 1..2x the logical CPUs, so the "
           "oversubscribed region is visible. With more than 8 values the axis takes the powers "
           "of two within it plus the core and CPU counts and their halves (tick 'every value' "
           "for all of them).");
    m_sweepW0 = spin(tr("Sweep workers (from)"), 1, limits::kMaxWorkers, 1, rangeTip);
    m_sweepW1 = spin(tr("Sweep workers (to)"), 1, limits::kMaxWorkers, 2 * m_logical, rangeTip);
    m_sweepB0 = spin(tr("Sweep BLAS (from)"), 1, limits::kMaxBlasThreads, 1, rangeTip);
    m_sweepB1 = spin(tr("Sweep BLAS (to)"), 1, limits::kMaxBlasThreads, 2 * m_logical, rangeTip);
    m_sweepAll = new QCheckBox(tr("every value"));
    m_sweepAll->setToolTip(tr("Every value of both ranges, not only the log-spaced ones."));
    m_sweepSkip = new QCheckBox(tr("skip cells predicted too slow"));
    m_sweepSkip->setChecked(true);
    m_sweepSkip->setToolTip(
        tr("Once the two cells next to a cell towards the workers x BLAS threads = logical CPUs "
           "line were both more than %1x slower than the best cell so far, the cell is not "
           "measured; it is shown hatched as skipped.")
            .arg(Plan().skipFactor));
    m_sweepCells = new QLabel;
    m_sweepCells->setWordWrap(true);

    m_runOne = new QPushButton(tr("Run"));
    m_runOne->setToolTip(tr("Measure this one configuration (Ctrl+R)."));
    m_runTutorial = new QPushButton(tr("Run comparison"));
    m_runTutorial->setToolTip(tr("Run the tutorial's comparison rows with this count and size."));
    m_runSweep = new QPushButton(tr("Run sweep"));
    m_runSweep->setToolTip(tr("Measure every workers x BLAS threads cell in the ranges; the heat "
                              "map fills in as cells finish."));
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop now (Esc): the running process is killed at once; finished "
                            "configurations are kept."));
    m_cancel->setEnabled(false);
    m_message = new QLabel;
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_warning = new QLabel;
    m_warning->setObjectName(QStringLiteral("runWarning"));
    m_warning->setWordWrap(true);
    m_warning->setStyleSheet(QStringLiteral("color: #8c510a;"));
    m_warning->hide();
    m_count->setName(tr("Matrix count"));
    m_workers->setName(tr("Pool workers"));
    m_blas->setName(tr("BLAS threads"));

    auto* workload = new QGroupBox(tr("Workload"));
    auto* wf = new QFormLayout(workload);
    wf->addRow(tr("Matrix count"), m_count);
    wf->addRow(QString::fromUtf8(sizeName(Workload::Gemm)), m_size);
    wf->addRow(tr("Workload"), m_workload);
    // One meaning of size per workload (RunSpec::operandElements): the control's name and
    // range follow the workload, its value is what the CLI's --size means.
    auto followWorkload = [this, wf] {
        const auto w =
            workloadFromString(m_workload->currentText().toStdString()).value_or(Workload::Gemm);
        // A vector length and a matrix side are different things: each kind keeps its own.
        const bool vector = w == Workload::Dot;
        const bool kindChanged = vector != m_sizeIsVectorLength;
        if (kindChanged) {
            (m_sizeIsVectorLength ? m_lastVectorLength : m_lastMatrixSide) = m_size->value();
            m_sizeIsVectorLength = vector;
        }
        if (auto* label = qobject_cast<QLabel*>(wf->labelForField(m_size)))
            label->setText(QString::fromUtf8(sizeName(w)));
        m_size->setName(QString::fromUtf8(sizeName(w)));
        const auto max = std::min<std::int64_t>(limits::maxSize(w), 1 << 30);
        m_size->setMaximum(int(max), vector ? 1 << 26 : 4096);
        if (kindChanged)
            m_size->setValue(vector ? m_lastVectorLength : m_lastMatrixSide);
    };
    connect(m_workload, &QComboBox::currentTextChanged, this, followWorkload);
    followWorkload();
    wf->addRow(tr("Data made"), m_data);
    wf->addRow(tr("Values"), m_init);

    auto* threads = new QGroupBox(tr("Threads"));
    auto* tf = new QFormLayout(threads);
    tf->addRow(tr("Pool workers"), m_workers);
    tf->addRow(tr("BLAS threads"), m_blas);
    tf->addRow(tr("Chunk size"), m_chunk);

    auto* knobs = new QGroupBox(tr("Threading knobs"));
    auto* kf = new QFormLayout(knobs);
    kf->addRow(tr("Wait policy"), m_waitPolicy);
    kf->addRow(tr("BLAS library"), m_blasLibrary);
    kf->addRow(tr("Side by side with"), m_secondLibrary);
    kf->addRow(tr("BLAS threads set"), m_threadControl);
    kf->addRow(QString(), m_pin);

    auto* method = new QGroupBox(tr("Measurement"));
    auto* mf = new QFormLayout(method);
    mf->addRow(tr("Repetitions"), m_repeats);
    mf->addRow(tr("Warm-up"), m_warmup);
    mf->addRow(tr("Time budget"), m_budget);
    // The budget a sweep cell really gets, where the budget is set (not only in a tooltip).
    auto* sweepBudget =
        new QLabel(tr("Sweep cells: %1.")
                       .arg(QString::fromStdString(
                           cellBudgetRule(defaults::kSweepBudgetFactor, Plan().minDerivedBudget))));
    sweepBudget->setWordWrap(true);
    sweepBudget->setObjectName(QStringLiteral("sweepBudget"));
    mf->addRow(QString(), sweepBudget);

    auto* runs = new QGroupBox(tr("Run"));
    auto* rl = new QVBoxLayout(runs);
    auto* one = new QHBoxLayout;
    one->addWidget(m_runOne);
    one->addWidget(m_cancel);
    rl->addLayout(one);
    auto* tut = new QHBoxLayout;
    tut->addWidget(m_tutorial);
    tut->addWidget(m_runTutorial, 1);
    rl->addLayout(tut);
    auto* ranges = new QFormLayout;
    auto pair = [](QSpinBox* a, QSpinBox* b) {
        auto* w = new QWidget;
        auto* l = new QHBoxLayout(w);
        l->setContentsMargins(0, 0, 0, 0);
        l->addWidget(a);
        l->addWidget(new QLabel(QStringLiteral("..")));
        l->addWidget(b);
        return w;
    };
    ranges->addRow(tr("Sweep workers"), pair(m_sweepW0, m_sweepW1));
    ranges->addRow(tr("Sweep BLAS"), pair(m_sweepB0, m_sweepB1));
    ranges->addRow(QString(), m_sweepAll);
    ranges->addRow(QString(), m_sweepSkip);
    rl->addLayout(ranges);
    rl->addWidget(m_sweepCells);
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
    rl->addWidget(m_runSweep);
    for (auto* s : {m_count, m_workers})
        connect(s, &SliderSpin::valueChanged, this, &ControlPanel::updateWarning);
    for (auto* s : {m_chunk, m_sweepW1})
        connect(s, &QSpinBox::valueChanged, this, &ControlPanel::updateWarning);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(runs);
    layout->addWidget(m_message);
    layout->addWidget(m_warning);
    layout->addWidget(workload);
    layout->addWidget(threads);
    layout->addWidget(knobs);
    layout->addWidget(method);
    layout->addStretch(1);

    for (auto* box : {m_blasLibrary, m_secondLibrary})
        connect(box, &QComboBox::currentTextChanged, this, &ControlPanel::followLibraries);
    followLibraries();
    connect(m_runOne, &QPushButton::clicked, this, [this] { emit runRequested(PlanKind::Single); });
    connect(m_runTutorial, &QPushButton::clicked, this,
            [this] { emit runRequested(PlanKind::Tutorial); });
    connect(m_runSweep, &QPushButton::clicked, this,
            [this] { emit runRequested(PlanKind::Sweep); });
    connect(m_cancel, &QPushButton::clicked, this, &ControlPanel::cancelRequested);

    // A value changes under the wheel only when its control has the keyboard focus (clicked or
    // tabbed to); otherwise the wheel scrolls the panel.
    for (auto* w : findChildren<QWidget*>())
        if (qobject_cast<QAbstractSpinBox*>(w) || qobject_cast<QComboBox*>(w) ||
            qobject_cast<QSlider*>(w)) {
            w->setFocusPolicy(Qt::StrongFocus);
            w->installEventFilter(this);
        }
    resetToDefaults();
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

void ControlPanel::resetToDefaults() {
    m_workload->setCurrentText(QStringLiteral("gemm"));
    m_data->setCurrentIndex(0);
    m_init->setCurrentIndex(0);
    m_count->setValue(int(defaults::kRunCount));
    m_size->setValue(int(defaults::kRunSize));
    m_workers->setValue(1);
    m_blas->setValue(1);
    m_chunk->setValue(1);
    m_repeats->setValue(3);
    m_warmup->setValue(1);
    m_budget->setValue(defaults::kBudgetSeconds);
    m_tutorial->setCurrentIndex(0);
    m_waitPolicy->setCurrentIndex(0);
    m_blasLibrary->setCurrentText(QString::fromUtf8(toString(builtBlasLibrary())));
    m_secondLibrary->setCurrentIndex(0);
    m_threadControl->setCurrentIndex(0);
    followLibraries();
    m_pin->setChecked(false);
    m_sweepW0->setValue(1);
    m_sweepW1->setValue(2 * m_logical);
    m_sweepB0->setValue(1);
    m_sweepB1->setValue(2 * m_logical);
    m_sweepAll->setChecked(false);
    m_sweepSkip->setChecked(true);
    showMessage(QString(), false);
    updateWarning();
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

void ControlPanel::loadPlanOf(const ResultSet& set) {
    if (set.results.empty())
        return;
    loadSpec(set.results.front().config.spec);
    const auto libs = librariesIn(set.results);
    if (!libs.empty())
        m_blasLibrary->setCurrentText(QString::fromUtf8(toString(libs[0])));
    if (libs.size() > 1)
        m_secondLibrary->setCurrentText(QString::fromUtf8(toString(libs[1])));
    else
        m_secondLibrary->setCurrentIndex(0);
    // A CSV file does not say its plan: several rows are taken as a sweep's cells.
    switch (set.kind.value_or(set.results.size() > 1 ? threadmix::PlanKind::Sweep
                                                     : threadmix::PlanKind::Run)) {
    case threadmix::PlanKind::Combine:
        m_tutorial->setCurrentText(QStringLiteral("combine"));
        break;
    case threadmix::PlanKind::Pitfalls:
        m_tutorial->setCurrentText(QStringLiteral("pitfalls"));
        break;
    case threadmix::PlanKind::Sizes:
        m_tutorial->setCurrentText(QStringLiteral("sizes"));
        break;
    case threadmix::PlanKind::Sweep: {
        std::vector<int> workers, blas;
        for (const auto& r : set.results) {
            workers.push_back(r.config.spec.workers);
            blas.push_back(r.config.spec.blasThreads);
        }
        auto [w0, w1] = std::minmax_element(workers.begin(), workers.end());
        auto [b0, b1] = std::minmax_element(blas.begin(), blas.end());
        m_sweepW0->setValue(*w0);
        m_sweepW1->setValue(*w1);
        m_sweepB0->setValue(*b0);
        m_sweepB1->setValue(*b1);
        // Every value of a range was measured: a log-spaced axis (more than 8 values) would
        // leave some out.
        std::sort(workers.begin(), workers.end());
        workers.erase(std::unique(workers.begin(), workers.end()), workers.end());
        std::sort(blas.begin(), blas.end());
        blas.erase(std::unique(blas.begin(), blas.end()), blas.end());
        m_sweepAll->setChecked(int(workers.size()) == *w1 - *w0 + 1 &&
                               int(blas.size()) == *b1 - *b0 + 1);
        break;
    }
    case threadmix::PlanKind::Run:
        break;
    }
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
    // per-call means "per call where the library allows": OpenBLAS rows run process-wide.
    o.threadControlGiven = o.base.threadControl == ThreadControl::ProcessWide;
    o.base.kernel.clear();   // buildPlan: the automatic kernels
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
    return s;
}

Expected<Plan> ControlPanel::makePlan(PlanKind kind) const {
    // A typed value out of range is refused as typed, never run as its nearest allowed value.
    if (const auto invalid = invalidValues(); !invalid.isEmpty())
        return Error{invalid.toStdString()};
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

void ControlPanel::saveSettings(QSettings& s) const {
    s.beginGroup(QStringLiteral("controls"));
    s.setValue(QStringLiteral("count"), m_count->value());
    s.setValue(QStringLiteral("size"), m_size->value());
    s.setValue(QStringLiteral("workers"), m_workers->value());
    s.setValue(QStringLiteral("blas"), m_blas->value());
    s.setValue(QStringLiteral("workload"), m_workload->currentText());
    s.setValue(QStringLiteral("data"), m_data->currentText());
    s.setValue(QStringLiteral("init"), m_init->currentText());
    s.setValue(QStringLiteral("chunk"), m_chunk->value());
    s.setValue(QStringLiteral("repeats"), m_repeats->value());
    s.setValue(QStringLiteral("warmup"), m_warmup->value());
    s.setValue(QStringLiteral("budget"), m_budget->value());
    s.setValue(QStringLiteral("tutorial"), m_tutorial->currentText());
    s.setValue(QStringLiteral("sweepW0"), m_sweepW0->value());
    s.setValue(QStringLiteral("sweepW1"), m_sweepW1->value());
    s.setValue(QStringLiteral("sweepB0"), m_sweepB0->value());
    s.setValue(QStringLiteral("sweepB1"), m_sweepB1->value());
    s.setValue(QStringLiteral("sweepAll"), m_sweepAll->isChecked());
    s.setValue(QStringLiteral("sweepSkip"), m_sweepSkip->isChecked());
    s.setValue(QStringLiteral("waitPolicy"), m_waitPolicy->currentText());
    s.setValue(QStringLiteral("blasLibrary"), m_blasLibrary->currentText());
    s.setValue(QStringLiteral("secondLibrary"), m_secondLibrary->currentText());
    s.setValue(QStringLiteral("threadControl"), m_threadControl->currentText());
    s.setValue(QStringLiteral("pin"), m_pin->isChecked());
    s.endGroup();
}

void ControlPanel::restoreSettings(const QSettings& s) {
    auto get = [&](const char* key, const QVariant& fallback) {
        return s.value(QStringLiteral("controls/") + QLatin1String(key), fallback);
    };
    // Values from a settings file are clamped to their controls' ranges (the controls keep only
    // what the user types as typed).
    auto clamped = [](CheckedSpinBox* box, const QVariant& v) {
        box->setValue(std::clamp(v.toInt(), box->allowedMinimum(), box->allowedMaximum()));
    };
    m_count->setValue(get("count", m_count->value()).toInt());
    m_workers->setValue(get("workers", m_workers->value()).toInt());
    m_blas->setValue(get("blas", m_blas->value()).toInt());
    for (auto [box, key] :
         {std::pair{m_workload, "workload"}, std::pair{m_data, "data"}, std::pair{m_init, "init"},
          std::pair{m_tutorial, "tutorial"}, std::pair{m_waitPolicy, "waitPolicy"},
          std::pair{m_blasLibrary, "blasLibrary"}, std::pair{m_secondLibrary, "secondLibrary"},
          std::pair{m_threadControl, "threadControl"}}) {
        const int i = box->findText(get(key, box->currentText()).toString());
        if (i >= 0)
            box->setCurrentIndex(i);
    }
    m_size->setValue(get("size", m_size->value()).toInt()); // its range follows the workload
    clamped(m_chunk, get("chunk", m_chunk->value()));
    clamped(m_repeats, get("repeats", m_repeats->value()));
    clamped(m_warmup, get("warmup", m_warmup->value()));
    m_budget->setValue(std::clamp(get("budget", m_budget->value()).toDouble(),
                                  m_budget->allowedMinimum(), m_budget->allowedMaximum()));
    clamped(m_sweepW0, get("sweepW0", m_sweepW0->value()));
    clamped(m_sweepW1, get("sweepW1", m_sweepW1->value()));
    clamped(m_sweepB0, get("sweepB0", m_sweepB0->value()));
    clamped(m_sweepB1, get("sweepB1", m_sweepB1->value()));
    m_sweepAll->setChecked(get("sweepAll", false).toBool());
    m_sweepSkip->setChecked(get("sweepSkip", true).toBool());
    m_pin->setChecked(get("pin", false).toBool());
}

} // namespace threadmix::ui
