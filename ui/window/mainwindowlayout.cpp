// The main window's widgets and how they sit (part of MainWindow).
#include "ui/window/mainwindow.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "ui/charts/heatmapview.h"
#include "ui/charts/sizesview.h"
#include "ui/charts/timelineview.h"
#include "ui/charts/timingbarsview.h"
#include "ui/model/runmodel.h"
#include "ui/window/machinepanel.h"

namespace threadmix::ui {

QSplitter* MainWindow::makeLeftColumn() {
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
    left->setObjectName(QStringLiteral("leftSplit"));
    left->setChildrenCollapsible(false);
    left->addWidget(controlsScroll);
    left->addWidget(machineScroll);
    left->setStretchFactor(0, 3);
    left->setStretchFactor(1, 1);
    return left;
}

QWidget* MainWindow::makeHeatMapBox() {
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
    return heatBox;
}

void MainWindow::makeCharts() {
    auto* heatBox = makeHeatMapBox();
    m_chartSplit = new QSplitter(Qt::Horizontal);
    m_chartSplit->installEventFilter(this); // libraries side by side only where they fit
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
}

void MainWindow::setUpTable() {
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
}

QWidget* MainWindow::makeChartsAndSummary() {
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
    return chartsAndSummary;
}

void MainWindow::makeCentral(QWidget* chartsAndSummary) {
    m_rightSplit = new QSplitter(Qt::Vertical);
    m_rightSplit->setObjectName(QStringLiteral("rightSplit"));
    m_rightSplit->addWidget(chartsAndSummary);
    m_rightSplit->addWidget(m_table);
    m_rightSplit->setStretchFactor(0, 3);
    m_rightSplit->setStretchFactor(1, 1);

    m_mainSplit = new QSplitter(Qt::Horizontal);
    m_mainSplit->setObjectName(QStringLiteral("mainSplit"));
    m_mainSplit->addWidget(m_left);
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
}

void MainWindow::setUpStatusBar() {
    m_progress->setMinimumWidth(200);
    m_progress->setTextVisible(true);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    statusBar()->addWidget(m_progressLabel, 1);
    statusBar()->addPermanentWidget(m_progress);
    m_progressLabel->setText(tr("Ready. Set the parameters and press Run."));
}

} // namespace threadmix::ui
