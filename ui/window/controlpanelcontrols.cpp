// The control panel's controls and their groups (workload, threads, threading knobs,
// measurement, run), made once by the constructor (part of ControlPanel).
#include "ui/window/controlpanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include <algorithm>
#include <initializer_list>
#include <utility>

#include "core/measure/blas.h"
#include "core/run/isolatedrunner.h"
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

// Every library in both choosers; one that is not installed is greyed out and says which
// Debian package brings it.
void addLibraries(QComboBox* first, QComboBox* second) {
    for (const auto& f : allBlasLibraries()) {
        const auto name = QString::fromUtf8(f.name.data(), qsizetype(f.name.size()));
        const auto title = QString::fromUtf8(f.title.data(), qsizetype(f.title.size()));
        for (auto* box : {first, second}) {
            box->addItem(name);
            const int i = box->count() - 1;
            box->setItemData(i, title, Qt::ToolTipRole);
            if (!libraryInstalled(f.library)) {
                if (auto* m = qobject_cast<QStandardItemModel*>(box->model()))
                    m->item(i)->setEnabled(false);
                box->setItemData(i,
                                 ControlPanel::tr("%1: not installed (Debian package %2)")
                                     .arg(title, QString::fromUtf8(f.package.data(),
                                                                   qsizetype(f.package.size()))),
                                 Qt::ToolTipRole);
            }
        }
    }
}

// A titled group of labelled rows, in the order given.
QGroupBox* formGroup(const QString& title,
                     std::initializer_list<std::pair<QString, QWidget*>> rows) {
    auto* group = new QGroupBox(title);
    auto* form = new QFormLayout(group);
    for (const auto& [label, field] : rows)
        form->addRow(label, field);
    return group;
}

// "from .. to" on one line.
QWidget* rangePair(QSpinBox* a, QSpinBox* b) {
    auto* w = new QWidget;
    auto* l = new QHBoxLayout(w);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(a);
    l->addWidget(new QLabel(QStringLiteral("..")));
    l->addWidget(b);
    return w;
}

} // namespace

void ControlPanel::makeTaskControls() {
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
    m_count->setName(tr("Matrix count"));
    m_workers->setName(tr("Pool workers"));
    m_blas->setName(tr("BLAS threads"));
    m_chunk = spin(tr("Chunk size"), 1, int(limits::kMaxCount), 1,
                   tr("Tasks a worker takes at once (like Python's chunksize). Bigger chunks "
                      "mean less hand-out traffic but can leave workers idle at the end."));

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
    makePoolControls();
}

void ControlPanel::makePoolControls() {
    // The items' order is PoolKind's (and "both" last); the Sending items' order is Transfer's.
    m_pool = combo({tr("threads"), tr("processes"), tr("MPI ranks"), tr("both, side by side")},
                   tr("What runs the tasks side by side. threads: workers in one process, sharing "
                      "its memory (a thread pool). processes: worker processes started for each "
                      "run, as Python's multiprocessing.Pool and joblib do; starting them is "
                      "part of the time, and data made up front must be sent to them. MPI "
                      "ranks: one rank per worker, started by Open MPI's mpirun (here, or on "
                      "the nodes of the Slurm job the window runs in); the ranks' own timed "
                      "span is measured, launching them is shown beside it. both: threads and "
                      "processes, every configuration on each, interleaved, side by side."));
    m_transferTip = tr("How a process pool's workers get the matrices made up front, and give "
                       "the products back. copy through pipes: every matrix is copied to a "
                       "worker and back, as multiprocessing pickles arrays. shared memory: the "
                       "workers map memory the main program fills, as joblib memory-maps large "
                       "arrays; only the task's number is sent.");
    m_transfer = combo({tr("copy through pipes"), tr("shared memory")}, m_transferTip);
    m_blasAuto = new QCheckBox(tr("auto per worker"));
    m_blasAuto->setToolTip(
        tr("joblib's rule: each worker gets logical CPUs / workers BLAS threads (%1 / workers, "
           "at least 1), so workers x BLAS threads fill the machine without oversubscribing it. "
           "The count it gives is shown beside the box and set in the BLAS threads control.")
            .arg(m_logical));
    connect(m_pool, &QComboBox::currentIndexChanged, this, &ControlPanel::followPool);
    connect(m_data, &QComboBox::currentTextChanged, this, &ControlPanel::followPool);
    connect(m_blasAuto, &QCheckBox::toggled, this, &ControlPanel::followBlasAuto);
    connect(m_workers, &SliderSpin::valueChanged, this, &ControlPanel::followBlasAuto);
    followPool();
    followBlasAuto();
}

namespace {

// The pool control's items (PoolKind's order, then "both"), and the names saved settings use.
enum PoolItem { ThreadsItem, ProcessesItem, MpiItem, BothItem };
constexpr const char* kPoolItemNames[] = {"threads", "processes", "mpi", "both"};

} // namespace

std::vector<PoolKind> ControlPanel::poolKinds() const {
    switch (m_pool->currentIndex()) {
    case ProcessesItem:
        return {PoolKind::Processes};
    case MpiItem:
        return {PoolKind::Mpi};
    case BothItem:
        return {PoolKind::Threads, PoolKind::Processes};
    default:
        return {PoolKind::Threads};
    }
}

void ControlPanel::setPoolKinds(const std::vector<PoolKind>& kinds) {
    const bool threads = std::find(kinds.begin(), kinds.end(), PoolKind::Threads) != kinds.end();
    const bool processes =
        std::find(kinds.begin(), kinds.end(), PoolKind::Processes) != kinds.end();
    if (threads && processes)
        m_pool->setCurrentIndex(BothItem);
    else if (!kinds.empty())
        m_pool->setCurrentIndex(kinds.front() == PoolKind::Mpi         ? MpiItem
                                : kinds.front() == PoolKind::Processes ? ProcessesItem
                                                                       : ThreadsItem);
}

QString ControlPanel::poolSettingName() const {
    return QLatin1String(kPoolItemNames[std::clamp(m_pool->currentIndex(), 0, int(BothItem))]);
}

void ControlPanel::setPoolSettingName(const QString& name) {
    for (int i = 0; i <= BothItem; ++i)
        if (name == QLatin1String(kPoolItemNames[i]))
            m_pool->setCurrentIndex(i);
}

void ControlPanel::setMpiCheck(MpiCheck check) {
    m_mpiCheck = std::move(check);
    followMpi();
}

QString ControlPanel::mpiProblem() const {
    return m_mpiProblem;
}

void ControlPanel::followMpi() {
    // Asked of core for the chosen library (each family has its own MPI worker): the reason it
    // cannot run greys the item out and is its tooltip; a run with it is refused (makePlan).
    m_mpiProblem = m_mpiCheck ? m_mpiCheck(currentSpec()) : QString();
    if (auto* m = qobject_cast<QStandardItemModel*>(m_pool->model()))
        m->item(MpiItem)->setEnabled(m_mpiProblem.isEmpty());
    m_pool->setItemData(MpiItem,
                        m_mpiProblem.isEmpty()
                            ? tr("MPI ranks started by Open MPI's mpirun, one per pool worker.")
                            : tr("MPI ranks cannot run: %1").arg(m_mpiProblem),
                        Qt::ToolTipRole);
}

void ControlPanel::followPool() {
    // Only operands made up front and sent to worker processes or ranks have a way to travel
    // (the one rule: RunSpec::sendsOperands).
    const auto kinds = poolKinds();
    const bool mpi = kinds.front() == PoolKind::Mpi;
    const bool processes =
        std::find(kinds.begin(), kinds.end(), PoolKind::Processes) != kinds.end();
    RunSpec s;
    s.pool = mpi ? PoolKind::Mpi : processes ? PoolKind::Processes : PoolKind::Threads;
    s.data =
        placementFromString(m_data->currentText().toStdString()).value_or(DataPlacement::Upfront);
    m_transfer->setEnabled(s.sendsOperands());
    // MPI ranks get their operands by copy only (MPI_Scatterv): shared memory is greyed out.
    if (auto* m = qobject_cast<QStandardItemModel*>(m_transfer->model()))
        m->item(1)->setEnabled(!mpi);
    if (mpi)
        m_transfer->setCurrentIndex(0);
    m_transfer->setItemText(0, mpi ? tr("copy (MPI_Scatterv)") : tr("copy through pipes"));
    QString off;
    if (s.pool == PoolKind::Threads)
        off = tr("Off: a thread pool's workers share the main program's memory, so nothing is "
                 "sent. Choose processes (or both) under Pool kind to use it.");
    else if (!s.sendsOperands())
        off = tr("Off: with data made in each task, every worker process makes its own "
                 "matrices and nothing is sent. Choose 'upfront' under Data made to use it.");
    if (mpi)
        off += (off.isEmpty() ? QString() : QStringLiteral(" ")) +
               tr("MPI ranks: copy only. Rank 0 makes the matrices and sends each rank its "
                  "tasks' operands with MPI_Scatterv, and takes the products back with "
                  "MPI_Gatherv; ranks share no memory.");
    m_transfer->setToolTip(off.isEmpty() ? m_transferTip
                                         : m_transferTip + QStringLiteral("\n\n") + off);
}

void ControlPanel::followBlasAuto() {
    const bool on = m_blasAuto->isChecked();
    m_blas->setEnabled(!on);
    if (!on) {
        m_blasAuto->setText(tr("auto per worker"));
        return;
    }
    const int n = blasThreadsPerWorker(m_logical, m_workers->isValid() ? m_workers->value() : 1);
    m_blas->setValue(n);
    m_blasAuto->setText(tr("auto per worker (%1 for %2 %3)")
                            .arg(n)
                            .arg(m_workers->value())
                            .arg(m_workers->value() == 1 ? tr("worker") : tr("workers")));
}

void ControlPanel::makeMeasurementControls() {
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
}

void ControlPanel::makeLibraryControls() {
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
    addLibraries(m_blasLibrary, m_secondLibrary);
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
}

void ControlPanel::makeRunControls() {
    m_tutorial = combo({QStringLiteral("combine"), QStringLiteral("pitfalls"),
                        QStringLiteral("sizes"), QStringLiteral("processes")},
                       tr("combine: the five rows of the tutorial (no pool / BLAS threads / a "
                          "pool / both). pitfalls: a pool on top of BLAS threads, dot, fill. "
                          "sizes: 1x1, a pool and BLAS threads at n = 64..1024, to find where "
                          "the best choice changes. processes: threads or processes, six rows: "
                          "no pool, a thread pool, process pools making their own data, sent it "
                          "by copy or through shared memory, and joblib's rule."));
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
}

QGroupBox* ControlPanel::workloadGroup() {
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
    return workload;
}

QGroupBox* ControlPanel::threadsGroup() {
    return formGroup(tr("Threads"), {{tr("Pool kind"), m_pool},
                                     {tr("Pool workers"), m_workers},
                                     {tr("BLAS threads"), m_blas},
                                     {QString(), m_blasAuto},
                                     {tr("Chunk size"), m_chunk},
                                     {tr("Sending"), m_transfer}});
}

QGroupBox* ControlPanel::knobsGroup() {
    return formGroup(tr("Threading knobs"), {{tr("Wait policy"), m_waitPolicy},
                                             {tr("BLAS library"), m_blasLibrary},
                                             {tr("Side by side with"), m_secondLibrary},
                                             {tr("BLAS threads set"), m_threadControl},
                                             {QString(), m_pin}});
}

QGroupBox* ControlPanel::measurementGroup() {
    // The budget a sweep cell really gets, where the budget is set (not only in a tooltip).
    auto* sweepBudget =
        new QLabel(tr("Sweep cells: %1.")
                       .arg(QString::fromStdString(
                           cellBudgetRule(defaults::kSweepBudgetFactor, Plan().minDerivedBudget))));
    sweepBudget->setWordWrap(true);
    sweepBudget->setObjectName(QStringLiteral("sweepBudget"));
    return formGroup(tr("Measurement"), {{tr("Repetitions"), m_repeats},
                                         {tr("Warm-up"), m_warmup},
                                         {tr("Time budget"), m_budget},
                                         {QString(), sweepBudget}});
}

QGroupBox* ControlPanel::runGroup() {
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
    ranges->addRow(tr("Sweep workers"), rangePair(m_sweepW0, m_sweepW1));
    ranges->addRow(tr("Sweep BLAS"), rangePair(m_sweepB0, m_sweepB1));
    ranges->addRow(QString(), m_sweepAll);
    ranges->addRow(QString(), m_sweepSkip);
    rl->addLayout(ranges);
    rl->addWidget(m_sweepCells);
    rl->addWidget(m_runSweep);
    return runs;
}

} // namespace threadmix::ui
