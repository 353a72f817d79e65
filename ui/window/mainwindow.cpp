// MainWindow: wiring between controls, the engine controller, the model and the views.
#include "ui/window/mainwindow.h"

#include <QCloseEvent>
#include <QComboBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>

#include "core/results/crossover.h"
#include "core/results/explanation.h"
#include "core/results/recommendation.h"
#include "core/run/libraryprobe.h"
#include "ui/charts/heatmapview.h"
#include "ui/charts/sizesview.h"
#include "ui/charts/timelineview.h"
#include "ui/charts/timingbarsview.h"
#include "ui/model/runmodel.h"
#include "ui/run/enginecontroller.h"
#include "ui/window/machinepanel.h"

// The rest of MainWindow: its widgets are made in mainwindowlayout.cpp, its menus in
// mainwindowmenus.cpp, runs start and report in mainwindowrun.cpp, files in
// mainwindowfiles.cpp, pictures in mainwindowexport.cpp, presentation mode in
// mainwindowpresent.cpp.
namespace threadmix::ui {

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

    m_left = makeLeftColumn();
    makeCharts();
    setUpTable();
    makeCentral(makeChartsAndSummary());
    setUpStatusBar();

    buildMenus();
    connectEngine();
    m_ticker->setInterval(500);
    connect(m_ticker, &QTimer::timeout, this, &MainWindow::updateProgress);

    connectViews();
    restoreWindowSettings();
}

MainWindow::~MainWindow() = default;

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
    connect(m_group, &QComboBox::currentIndexChanged, this, [this](int i) {
        const auto groups = m_heatMap->groups();
        const auto g =
            i >= 0 && i < int(groups.size()) ? std::optional(groups[std::size_t(i)]) : std::nullopt;
        m_heatMap->setGroup(g);
        // The sizes chart shows the library of the chosen group.
        m_sizes->setLibrary(g && g->library ? QString::fromUtf8(toString(*g->library)) : QString());
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
            settings.value(QStringLiteral("window/mainSplit")).toByteArray())) {
        // A first window: the controls get their full width when a third of the window holds
        // it (nothing cut at 1280x800); a narrow window (a projector at 150%) gives the charts
        // most of the width and lets the controls scroll sideways.
        const int controls =
            m_controls->sizeHint().width() + style()->pixelMetric(QStyle::PM_ScrollBarExtent) + 8;
        const int leftWidth = width() < 1100 ? std::max(240, int(width() * 0.3))
                                             : std::min(controls, int(width() * 0.36));
        m_mainSplit->setSizes({leftWidth, width() - leftWidth});
    }
    m_rightSplit->restoreState(settings.value(QStringLiteral("window/rightSplit")).toByteArray());
    m_chartSplit->restoreState(settings.value(QStringLiteral("window/chartSplit")).toByteArray());
    m_layer->setCurrentIndex(settings.value(QStringLiteral("window/layer"), 0).toInt());
    m_controls->restoreSettings(settings);
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

bool MainWindow::sideBySideFits(std::size_t libraries) const {
    // Each library's bars and map need about this much width to say everything in full; a
    // narrower chart area (a projector at 150%) shows one library at a time, with the chooser.
    const int perLibrary = (kSideBySideBars + kSideBySideMap) * fontMetrics().height() / 17;
    return m_chartSplit->width() >= int(libraries) * perLibrary + 20;
}

bool MainWindow::eventFilter(QObject* watched, QEvent* e) {
    if (m_heatMap && watched == m_chartSplit && e->type() == QEvent::Resize) {
        const auto groups = m_heatMap->groups();
        if (groups.size() > 1 && groupsSideBySide(groups) &&
            sideBySideFits(groups.size()) != m_librariesSideBySide)
            QMetaObject::invokeMethod(
                this, [this] { updateGroups(); }, Qt::QueuedConnection);
    }
    return QMainWindow::eventFilter(watched, e);
}

void MainWindow::updateGroups() {
    const auto groups = m_heatMap->groups();
    QStringList names, now;
    for (const auto& g : groups)
        names << groupName(g, groups);
    for (int i = 0; i < m_group->count(); ++i)
        now << m_group->itemText(i);
    // BLAS libraries and pool kinds are shown side by side, a map and bars each, where there is
    // room; other groups (workloads, sizes), and libraries or kinds in a narrow window, one at a
    // time through the chooser.
    const bool kinds = groups.size() > 1 && groupsSideBySide(groups);
    const bool libraries = kinds && sideBySideFits(groups.size());
    const auto kind = m_model->kind();
    const bool study = !libraries && (kind == PlanKind::Combine || kind == PlanKind::Pitfalls ||
                                      kind == PlanKind::Processes);
    if (study != m_barsWide) {
        m_barsWide = study;
        const auto sizes = m_chartSplit->sizes();
        const int total = sizes.size() == 2 ? sizes[0] + sizes[1] : 0;
        m_chartSplit->setStretchFactor(0, study ? 2 : 1);
        if (total > 0)
            m_chartSplit->setSizes(study ? QList<int>{total - total / 3, total / 3}
                                         : QList<int>{total / 2, total - total / 2});
    }
    if (names == now && libraries == m_librariesSideBySide)
        return;
    m_librariesSideBySide = libraries;
    const QString current = m_group->currentText();
    const QSignalBlocker block(m_group);
    m_group->clear();
    m_group->addItems(names);
    m_group->setCurrentIndex(std::max(0, int(names.indexOf(current))));
    m_group->setVisible(groups.size() > 1 && !libraries);
    m_groupLabel->setVisible(groups.size() > 1 && !libraries);
    const qsizetype extra = libraries ? qsizetype(groups.size()) - 1 : 0;
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
        for (qsizetype i = 0; i < qsizetype(groups.size()); ++i) {
            heatMaps()[i]->setGroup(groups[std::size_t(i)]);
            allBars()[i]->setGroup(groups[std::size_t(i)]);
        }
        m_sizes->setLibrary(groups.front().library
                                ? QString::fromUtf8(toString(*groups.front().library))
                                : QString());
        showExtraLibraries();
        updateSummary();
        return;
    }
    m_bars->setAxisAtLeast(0);
    const int chosen = m_group->currentIndex();
    const auto group = groups.size() > 1 && chosen >= 0 ? std::optional(groups[std::size_t(chosen)])
                                                        : std::nullopt;
    m_heatMap->setGroup(group);
    // Libraries or pool kinds one at a time: the bars follow the chosen one too (rows of two
    // libraries or kinds are never compared by speed-up).
    const bool oneLibrary = group && group->library && groupsAreLibraries(groups);
    m_bars->setGroup(group && kinds ? group : std::nullopt);
    m_sizes->setLibrary(oneLibrary ? QString::fromUtf8(toString(*group->library)) : QString());
    updateSummary();
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
    const auto groups = m_heatMap->groups();
    Recommendation rec;
    for (const auto& g : perGroup)
        if (m_heatMap->group() == g.group || perGroup.size() == 1)
            rec = g.rec;
    QString text;
    if (sideBySide()) {
        // Every library's answer at once, as its map and bars are shown.
        QStringList lines;
        for (const auto& g : perGroup)
            lines << QStringLiteral("<b>%1</b>: ").arg(groupName(g.group, groups).toHtmlEscaped()) +
                         QString::fromStdString(g.rec.text).toHtmlEscaped();
        text = lines.join(QStringLiteral("<br>"));
    } else if (perGroup.size() > 1)
        text = QStringLiteral("<b>%1</b> (%2): ")
                   .arg(groupName(m_heatMap->group().value_or(GroupKey{}), groups).toHtmlEscaped(),
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
