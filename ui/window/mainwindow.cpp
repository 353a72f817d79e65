// MainWindow: wiring between controls, the engine controller, the model and the views.
#include "ui/window/mainwindow.h"

#include <QGuiApplication>
#include <QScreen>
#include <QStyle>

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QResizeEvent>
#include <QScrollArea>
#include <QSettings>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include "core/base/atomicfile.h"
#include "core/formats/resultfile.h"
#include "core/machine/machinereport.h"
#include "core/measure/repetition.h"
#include "core/results/crossover.h"
#include "core/results/explanation.h"
#include "core/results/recommendation.h"
#include "core/run/libraryprobe.h"
#include "core/spec/limits.h"
#include "ui/charts/chartexport.h"
#include "ui/run/enginecontroller.h"
#include "ui/charts/heatmapview.h"
#include "ui/window/machinepanel.h"
#include "ui/model/runmodel.h"
#include "ui/charts/sizesview.h"
#include "ui/charts/timelineview.h"
#include "ui/charts/timingbarsview.h"

namespace threadmix::ui {

namespace {

QString duration(double s) {
    if (s < 60)
        return QStringLiteral("%1 s").arg(s, 0, 'f', 0);
    return QStringLiteral("%1 min %2 s").arg(int(s / 60)).arg(int(s) % 60);
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_machine(collectMachineInfo()), m_model(new RunModel(this)),
      m_controller(new EngineController(this)),
      m_controls(new ControlPanel(m_machine.logicalCpus, m_machine.physicalCores)),
      m_bars(new TimingBarsView(m_model)), m_heatMap(new HeatMapView(m_model)),
      m_timeline(new TimelineView(m_model)), m_layer(new QComboBox), m_table(new QTableView),
      m_progress(new QProgressBar), m_progressLabel(new QLabel), m_summary(new QLabel),
      m_ticker(new QTimer(this)) {
    setWindowTitle(tr("ThreadMix: pool workers or BLAS threads?"));
    setObjectName(QStringLiteral("ThreadMixMainWindow"));

    auto* controlsScroll = new QScrollArea;
    controlsScroll->setWidget(m_controls);
    controlsScroll->setWidgetResizable(true);
    // The controls scroll sideways before they take the charts' width from a small screen.
    controlsScroll->setMinimumWidth(std::min(m_controls->sizeHint().width() + 20, 240));

    m_machinePanel = new MachinePanel(m_machine);
    connect(m_machinePanel, &MachinePanel::calibrationFinished, this,
            [this](bool ok, const QString& message, const MachineInfo& machine) {
                m_progressLabel->setText(message);
                if (!ok)
                    return;
                m_machine = machine;
                m_model->adoptCalibration(machine);
            });
    connect(m_machinePanel, &MachinePanel::calibrationRunning, this, [this](bool running) {
        for (auto* w : {static_cast<QWidget*>(m_controls->runButton()),
                        static_cast<QWidget*>(m_controls->tutorialButton()),
                        static_cast<QWidget*>(m_controls->sweepButton())})
            w->setEnabled(!running && !isRunning());
    });
    // Controls above, the machine panel below, each scrolling on its own: the column never
    // needs more height than a small screen (1280x800 at 150%) has.
    auto* machineScroll = new QScrollArea;
    machineScroll->setWidget(m_machinePanel);
    machineScroll->setWidgetResizable(true);
    machineScroll->setFrameShape(QFrame::NoFrame);
    machineScroll->setMinimumHeight(80);
    auto* left = new QSplitter(Qt::Vertical);
    m_left = left;
    left->setObjectName(QStringLiteral("leftSplit"));
    left->setChildrenCollapsible(false);
    left->addWidget(controlsScroll);
    left->addWidget(machineScroll);
    left->setStretchFactor(0, 3);
    left->setStretchFactor(1, 1);

    m_layer->addItems({tr("Speed-up over 1x1"), tr("Time (s)"), tr("GFLOP/s"),
                       tr("% of machine peak"), tr("CPU use (%)"), tr("Involuntary switches/s"),
                       tr("Time ratio to comparison (A / B)")});
    m_layer->setToolTip(tr("What the heat map's colours show."));
    auto* heatBox = new QWidget;
    auto* heatLayout = new QVBoxLayout(heatBox);
    heatLayout->setContentsMargins(0, 0, 0, 0);
    auto* layerRow = new QHBoxLayout;
    layerRow->addWidget(new QLabel(tr("Heat map shows")));
    layerRow->addWidget(m_layer);
    m_group = new QComboBox;
    m_group->setToolTip(tr("Rows of different groups (BLAS libraries, workloads, sizes) are "
                           "never compared: each has its own 1 x 1 baseline and its own map."));
    m_groupLabel = new QLabel(tr("for"));
    layerRow->addWidget(m_groupLabel);
    layerRow->addWidget(m_group);
    m_group->hide();
    m_groupLabel->hide();
    layerRow->addStretch(1);
    heatLayout->addLayout(layerRow);
    // One map per BLAS library, side by side (updateGroups adds the others).
    m_mapsBox = new QWidget;
    auto* maps = new QHBoxLayout(m_mapsBox);
    maps->setContentsMargins(0, 0, 0, 0);
    maps->addWidget(m_heatMap, 1);
    heatLayout->addWidget(m_mapsBox, 1);

    m_chartSplit = new QSplitter(Qt::Horizontal);
    m_chartSplit->setObjectName(QStringLiteral("chartSplit"));
    auto* tabs = new QTabWidget;
    m_tabs = tabs;
    tabs->addTab(heatBox, tr("Heat map"));
    tabs->addTab(m_timeline, tr("Timeline"));
    m_sizes = new SizesView(m_model);
    tabs->addTab(m_sizes, tr("Sizes"));
    m_barsBox = new QWidget;
    auto* barsRow = new QHBoxLayout(m_barsBox);
    barsRow->setContentsMargins(0, 0, 0, 0);
    barsRow->addWidget(m_bars, 1);
    m_chartSplit->addWidget(m_barsBox);
    m_chartSplit->addWidget(tabs);
    m_chartSplit->setChildrenCollapsible(false);
    m_chartSplit->setStretchFactor(0, 1);
    m_chartSplit->setStretchFactor(1, 1);
    m_bars->setMinimumWidth(160);
    m_charts = m_chartSplit;

    auto* proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_model);
    proxy->setSortRole(RunModel::SortRole);
    m_table->setModel(proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setToolTip(tr("Every measured figure; click a header to sort."));
    connect(m_table, &QTableView::clicked, this, [this, proxy](const QModelIndex& index) {
        selectRow(proxy->mapToSource(index).row());
    });
    // The keyboard (arrows, Page Down, Home) moves the current row as a click does.
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this, proxy](const QModelIndex& current) {
                if (current.isValid())
                    selectRow(proxy->mapToSource(current).row());
            });

    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // The summary scrolls within a few lines: on a small screen the charts keep the height.
    auto* summaryScroll = new QScrollArea;
    summaryScroll->setWidget(m_summary);
    summaryScroll->setWidgetResizable(true);
    summaryScroll->setFrameShape(QFrame::NoFrame);
    summaryScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    summaryScroll->setMaximumHeight(int(fontMetrics().height() * 5.5));
    m_summaryScroll = summaryScroll;
    auto* chartsAndSummary = new QWidget;
    auto* cs = new QVBoxLayout(chartsAndSummary);
    cs->setContentsMargins(0, 0, 0, 0);
    cs->addWidget(m_chartSplit, 1);
    cs->addWidget(summaryScroll);

    m_rightSplit = new QSplitter(Qt::Vertical);
    m_rightSplit->setObjectName(QStringLiteral("rightSplit"));
    m_rightSplit->addWidget(chartsAndSummary);
    m_rightSplit->addWidget(m_table);
    m_rightSplit->setStretchFactor(0, 3);
    m_rightSplit->setStretchFactor(1, 1);

    m_mainSplit = new QSplitter(Qt::Horizontal);
    m_mainSplit->setObjectName(QStringLiteral("mainSplit"));
    m_mainSplit->addWidget(left);
    m_mainSplit->addWidget(m_rightSplit);
    m_mainSplit->setStretchFactor(1, 1);
    m_mainSplit->setChildrenCollapsible(false);
    auto* central = new QWidget;
    auto* centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    m_presentBar = makePresentationBar();
    m_presentBar->hide();
    centralLayout->addWidget(m_presentBar);
    centralLayout->addWidget(m_mainSplit, 1);
    setCentralWidget(central);

    m_progress->setMinimumWidth(200);
    m_progress->setTextVisible(true);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    statusBar()->addWidget(m_progressLabel, 1);
    statusBar()->addPermanentWidget(m_progress);
    m_progressLabel->setText(tr("Ready. Set the parameters and press Run."));

    buildMenus();
    connectEngine();
    m_ticker->setInterval(500);
    connect(m_ticker, &QTimer::timeout, this, &MainWindow::updateProgress);

    connectViews();
    restoreWindowSettings();
}

MainWindow::~MainWindow() = default;

QWidget* MainWindow::makePresentationBar() {
    // The control column's buttons, on one line: the same actions, nothing else to read.
    auto* bar = new QWidget;
    bar->setObjectName(QStringLiteral("presentationBar"));
    auto* l = new QHBoxLayout(bar);
    l->setContentsMargins(6, 4, 6, 4);
    auto* run = new QPushButton(tr("Run"));
    run->setToolTip(m_controls->runButton()->toolTip());
    connect(run, &QPushButton::clicked, this, [this] { startRun(ControlPanel::PlanKind::Single); });
    auto* study = new QComboBox;
    study->setObjectName(QStringLiteral("presentationStudy"));
    auto* choice = m_controls->tutorialChoice();
    for (int i = 0; i < choice->count(); ++i)
        study->addItem(choice->itemText(i));
    study->setToolTip(choice->toolTip());
    study->setCurrentIndex(choice->currentIndex());
    // One choice, two places: either follows the other.
    connect(study, &QComboBox::currentIndexChanged, choice, &QComboBox::setCurrentIndex);
    connect(choice, &QComboBox::currentIndexChanged, study, &QComboBox::setCurrentIndex);
    auto* runStudy = new QPushButton(m_controls->tutorialButton()->text());
    runStudy->setToolTip(m_controls->tutorialButton()->toolTip());
    connect(runStudy, &QPushButton::clicked, this,
            [this] { startRun(ControlPanel::PlanKind::Tutorial); });
    auto* sweep = new QPushButton(m_controls->sweepButton()->text());
    sweep->setToolTip(m_controls->sweepButton()->toolTip());
    connect(sweep, &QPushButton::clicked, this,
            [this] { startRun(ControlPanel::PlanKind::Sweep); });
    auto* cancel = new QPushButton(tr("Cancel"));
    cancel->setToolTip(m_controls->cancelButton()->toolTip());
    cancel->setEnabled(false);
    connect(cancel, &QPushButton::clicked, this, &MainWindow::cancelRun);
    auto* leave = new QPushButton(tr("Leave presentation (F11)"));
    connect(leave, &QPushButton::clicked, this, [this] { setPresentationMode(false); });
    l->addWidget(run);
    l->addWidget(study);
    l->addWidget(runStudy);
    l->addWidget(sweep);
    l->addWidget(cancel);
    l->addStretch(1);
    l->addWidget(leave);
    m_presentRunButtons = {run, runStudy, sweep};
    m_presentCancel = cancel;
    return bar;
}

void MainWindow::connectMap(HeatMapView* map) {
    map->setLayer(HeatMapView::Layer(m_layer->currentIndex()));
    connect(map, &HeatMapView::cellClicked, this, [this](int row) {
        selectRow(row);
        m_controls->loadSpec(m_model->result(row).config.spec);
        m_controls->showMessage(tr("Loaded %1 into the controls.")
                                    .arg(QString::fromStdString(m_model->result(row).config.label)),
                                false);
    });
}

void MainWindow::connectBars(TimingBarsView* bars) {
    connect(bars, &TimingBarsView::barClicked, this, [this](int row) {
        selectRow(row);
        m_tabs->setCurrentWidget(m_timeline);
        if (row >= 0 && row < m_model->rows())
            m_table->selectRow(static_cast<QSortFilterProxyModel*>(m_table->model())
                                   ->mapFromSource(m_model->index(row, 0))
                                   .row());
    });
}

QList<HeatMapView*> MainWindow::heatMaps() const {
    return QList<HeatMapView*>{m_heatMap} + m_extraMaps;
}

QList<TimingBarsView*> MainWindow::allBars() const {
    return QList<TimingBarsView*>{m_bars} + m_extraBars;
}

void MainWindow::connectViews() {
    connect(m_layer, &QComboBox::currentIndexChanged, this, [this](int i) {
        for (auto* map : heatMaps())
            map->setLayer(HeatMapView::Layer(i));
        showExtraLibraries();
    });
    connect(m_group, &QComboBox::currentTextChanged, this, [this](const QString& g) {
        m_heatMap->setGroup(g);
        // The sizes chart shows the library of the chosen group.
        const auto lib = g.section(QLatin1Char(':'), 0, 0);
        m_sizes->setLibrary(blasLibraryFromString(lib.toStdString()) ? lib : QString());
        m_bars->setGroup(g);
        updateSummary();
    });
    for (auto sig : {&QAbstractItemModel::modelReset})
        connect(m_model, sig, this, &MainWindow::updateGroups);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateGroups);
    // A size sweep's answer is the sizes chart: show it when one starts or is opened.
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        if (m_model->kind() == PlanKind::Sizes)
            m_tabs->setCurrentWidget(m_sizes);
    });
    connectMap(m_heatMap);
    connectBars(m_bars);
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] {
        if (sideBySide())
            updateSharedTimeAxis();
    });
    connect(m_controls, &ControlPanel::runRequested, this,
            [this](ControlPanel::PlanKind k) { startRun(k); });
    connect(m_controls, &ControlPanel::cancelRequested, this, &MainWindow::cancelRun);
}

void MainWindow::restoreWindowSettings() {
    QSettings settings;
    // The window fits the screen it opens on (a 1280x800 projector, 150% scaling): a saved
    // geometry only if it fits there, else at most 90% of the available area, centred.
    const QRect screenArea =
        (screen() ? screen() : QGuiApplication::primaryScreen())->availableGeometry();
    // The minimum never exceeds the first size (90% of the screen), so the whole window, status
    // bar included, is on screen.
    setMinimumSize(std::min(760, int(screenArea.width() * 0.9)),
                   std::min(520, int(screenArea.height() * 0.9)));
    const bool restored =
        restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()) &&
        screenArea.contains(frameGeometry()) && width() >= minimumWidth() &&
        height() >= minimumHeight();
    if (!restored) {
        const QSize size(std::min(1400, int(screenArea.width() * 0.9)),
                         std::min(860, int(screenArea.height() * 0.9)));
        setGeometry(QStyle::alignedRect(Qt::LeftToRight, Qt::AlignCenter, size, screenArea));
    }
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    if (!m_mainSplit->restoreState(
            settings.value(QStringLiteral("window/mainSplit")).toByteArray()) &&
        width() < 1100) {
        // A narrow first window (a projector at 150%): the charts get most of the width.
        const int leftWidth = std::max(240, int(width() * 0.3));
        m_mainSplit->setSizes({leftWidth, width() - leftWidth});
    }
    m_rightSplit->restoreState(settings.value(QStringLiteral("window/rightSplit")).toByteArray());
    m_chartSplit->restoreState(settings.value(QStringLiteral("window/chartSplit")).toByteArray());
    m_layer->setCurrentIndex(settings.value(QStringLiteral("window/layer"), 0).toInt());
    m_controls->restoreSettings(settings);
}

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
        if (auto j = RunJournal::reopen(path.toStdString()))
            j.value().finish();
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
        if (auto j = RunJournal::reopen(orphan))
            j.value().finish();
    }
}

void MainWindow::selectRow(int row, bool showTimeline) {
    m_selectedRow = row;
    if (showTimeline && m_tabs)
        m_tabs->setCurrentWidget(m_timeline);
    m_timeline->setRow(row);
    updateSummary();
}

void MainWindow::cancelRun() {
    if (isRunning())
        m_controller->cancel();
}

bool MainWindow::isRunning() const {
    return m_controller->isRunning();
}

void MainWindow::resetToDefaults() {
    m_controls->resetToDefaults();
    QSettings().remove(QStringLiteral("controls"));
    m_progressLabel->setText(tr("Every control is back at its default value."));
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

void MainWindow::updateGroups() {
    const auto groups = m_heatMap->groups();
    QStringList now;
    for (int i = 0; i < m_group->count(); ++i)
        now << m_group->itemText(i);
    if (groups == now)
        return;
    const QString current = m_group->currentText();
    const QSignalBlocker block(m_group);
    m_group->clear();
    m_group->addItems(groups);
    m_group->setCurrentIndex(std::max(0, int(groups.indexOf(current))));
    // BLAS libraries are shown side by side, a map and bars each; other groups (workloads,
    // sizes) one at a time through the chooser.
    const bool libraries = groups.size() > 1 && groupsAreLibraries(groups);
    m_group->setVisible(groups.size() > 1 && !libraries);
    m_groupLabel->setVisible(groups.size() > 1 && !libraries);
    const qsizetype extra = libraries ? groups.size() - 1 : 0;
    if (extra > 0 && m_extraMaps.isEmpty()) {
        // Maps side by side are the sweep's answer: they get two thirds of the charts' width
        // (before the first layout, through the stretch).
        const auto sizes = m_chartSplit->sizes();
        const int total = sizes.size() == 2 ? sizes[0] + sizes[1] : 0;
        m_chartSplit->setStretchFactor(1, 2);
        if (total > 0)
            m_chartSplit->setSizes({total / 3, total - total / 3});
    }
    while (m_extraMaps.size() > extra) {
        delete m_extraMaps.takeLast();
        delete m_extraBars.takeLast();
    }
    while (m_extraMaps.size() < extra) {
        auto* map = new HeatMapView(m_model);
        connectMap(map);
        static_cast<QHBoxLayout*>(m_mapsBox->layout())->addWidget(map, 1); // equal widths
        m_extraMaps << map;
        auto* bars = new TimingBarsView(m_model);
        bars->setMinimumWidth(m_bars->minimumWidth());
        connectBars(bars);
        static_cast<QHBoxLayout*>(m_barsBox->layout())->addWidget(bars, 1);
        m_extraBars << bars;
    }
    if (libraries) {
        updateSharedTimeAxis();
        for (qsizetype i = 0; i < groups.size(); ++i) {
            heatMaps()[i]->setGroup(groups[i]);
            allBars()[i]->setGroup(groups[i]);
        }
        m_sizes->setLibrary(groups.front().section(QLatin1Char(':'), 0, 0));
        showExtraLibraries();
        updateSummary();
        return;
    }
    m_bars->setAxisAtLeast(0);
    m_heatMap->setGroup(groups.size() > 1 ? m_group->currentText() : QString());
    m_bars->setGroup(QString());
}

void MainWindow::showExtraLibraries() {
    // The ratio layer is one map, the first library (A) over the comparison (B): the others'
    // maps and bars would only repeat B against itself.
    const bool ratio = m_layer->currentIndex() == int(HeatMapView::Layer::RatioToComparison);
    for (auto* map : std::as_const(m_extraMaps))
        map->setVisible(!ratio);
    for (auto* bars : std::as_const(m_extraBars))
        bars->setVisible(!ratio);
}

void MainWindow::updateSharedTimeAxis() {
    const double longest = longestFinished(*m_model);
    for (auto* b : allBars())
        b->setAxisAtLeast(longest);
}

void MainWindow::updateSummary() {
    // From the measurements alone: the recommendation, and why the selected row is as it is.
    const auto set = m_model->resultSet();
    // One recommendation per group: rows of different libraries or workloads never compete.
    const auto perGroup = recommendByGroup(set.results);
    Recommendation rec;
    for (const auto& g : perGroup)
        if (QString::fromStdString(g.group) == m_heatMap->group() || perGroup.size() == 1)
            rec = g.rec;
    QString text;
    if (sideBySide()) {
        // Every library's answer at once, as its map and bars are shown.
        QStringList lines;
        for (const auto& g : perGroup)
            lines << QStringLiteral("<b>%1</b>: ")
                             .arg(QString::fromStdString(g.group).toHtmlEscaped()) +
                         QString::fromStdString(g.rec.text).toHtmlEscaped();
        text = lines.join(QStringLiteral("<br>"));
    } else if (perGroup.size() > 1)
        text = QStringLiteral("<b>%1</b> (%2): ")
                   .arg(m_heatMap->group().toHtmlEscaped(),
                        tr("one recommendation per group; choose the group above the heat map")) +
               QString::fromStdString(rec.text).toHtmlEscaped();
    else if (set.results.size() > 1)
        text = QString::fromStdString(rec.text).toHtmlEscaped();
    else if (set.results.size() == 1)
        text = tr("One configuration measured.");
    int row = m_selectedRow >= 0 && m_selectedRow < m_model->rows() ? m_selectedRow : rec.best;
    if (row >= 0 && row < m_model->rows()) {
        const auto& r = m_model->result(row);
        text += QStringLiteral("<br><b>Why:</b> ") +
                QString::fromStdString(
                    explainConfiguration(r, aloneFor(r, set.results), m_model->machine()))
                    .toHtmlEscaped();
    }
    if (m_model->kind() == PlanKind::Sizes && !set.results.empty())
        text += QStringLiteral("<br><b>Sizes:</b> ") +
                QString::fromStdString(crossoverText(set.results)).toHtmlEscaped();
    m_summary->setText(text);
}

MainWindow::CloseAnswer MainWindow::askCloseDuringRun() {
    ++m_closeQuestions;
    if (!m_dialogs)
        return m_closeAnswer;
    int finished = 0;
    for (int r = 0; r < m_model->rows(); ++r)
        finished += m_model->state(r) == RunModel::RowState::Done;
    QMessageBox box(QMessageBox::Question, tr("A run is going on"),
                    tr("%1 of %2 configurations have finished. Closing the window stops the run.")
                        .arg(finished)
                        .arg(m_model->rows()),
                    QMessageBox::NoButton, this);
    auto* stop = box.addButton(tr("Stop and keep what finished"), QMessageBox::DestructiveRole);
    auto* keep = box.addButton(tr("Keep running"), QMessageBox::RejectRole);
    box.setDefaultButton(keep);
    box.setEscapeButton(keep);
    box.exec();
    if (box.clickedButton() == stop)
        return CloseAnswer::StopAndKeep;
    return box.clickedButton() == keep ? CloseAnswer::KeepRunning : CloseAnswer::Dismissed;
}

void MainWindow::resizeEvent(QResizeEvent* e) {
    QMainWindow::resizeEvent(e);
    // Back from presentation mode: the splitters as they were, once the window has its old
    // size again (a window manager may take a moment to give it back).
    if (m_splitsPending && !m_presenting && size() == m_sizeBeforePresenting) {
        m_splitsPending = false;
        m_mainSplit->restoreState(m_splitsBeforePresenting[0]);
        m_rightSplit->restoreState(m_splitsBeforePresenting[1]);
    }
}

void MainWindow::changeEvent(QEvent* e) {
    // Presentation mode's larger font: the summary keeps its few lines.
    if (e->type() == QEvent::FontChange && m_summaryScroll)
        m_summaryScroll->setMaximumHeight(int(fontMetrics().height() * 5.5));
    QMainWindow::changeEvent(e);
}

void MainWindow::closeEvent(QCloseEvent* e) {
    if (isRunning()) {
        if (askCloseDuringRun() != CloseAnswer::StopAndKeep) {
            e->ignore();
            return;
        }
        // What finished stays in the window, unsaved: the question below is about it.
        cancelRun();
    }
    // The layout saved below is the everyday one, not the presentation's.
    setPresentationMode(false);
    if (!confirmDiscard(tr("Closing the window"))) {
        e->ignore();
        return;
    }
    m_controller->cancel();
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/mainSplit"), m_mainSplit->saveState());
    settings.setValue(QStringLiteral("window/rightSplit"), m_rightSplit->saveState());
    settings.setValue(QStringLiteral("window/chartSplit"), m_chartSplit->saveState());
    settings.setValue(QStringLiteral("window/layer"), m_layer->currentIndex());
    m_controls->saveSettings(settings);
    e->accept();
}

} // namespace threadmix::ui
