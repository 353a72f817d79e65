// The window's menus and files: open, save, compare, export (part of MainWindow).
#include "core/base/atomicfile.h"
#include "core/formats/resultfile.h"
#include "core/machine/machinereport.h"
#include "core/measure/repetition.h"
#include "core/results/comparison.h"
#include "core/results/crossover.h"
#include "core/results/explanation.h"
#include "core/results/libraries.h"
#include "core/results/recommendation.h"
#include "core/spec/limits.h"
#include "core/version.h"
#include "ui/chartexport.h"
#include "ui/enginecontroller.h"
#include "ui/heatmapview.h"
#include "ui/machinepanel.h"
#include "ui/mainwindow.h"
#include "ui/runmodel.h"
#include "ui/timelineview.h"
#include "ui/timingbarsview.h"
#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace threadmix::ui {

void MainWindow::buildMenus() {
    auto* file = menuBar()->addMenu(tr("&File"));
    auto* open = file->addAction(tr("&Open results..."), this, [this] {
        const auto path = QFileDialog::getOpenFileName(this, tr("Open results"), QString(),
                                                       tr("ThreadMix results (*.json *.csv)"));
        if (!path.isEmpty())
            openFile(path);
    });
    open->setShortcut(QKeySequence::Open);
    auto* save = file->addAction(tr("&Save results..."), this, [this] {
        const auto path = QFileDialog::getSaveFileName(this, tr("Save results"),
                                                       QStringLiteral("threadmix-results.json"),
                                                       tr("JSON (*.json);;CSV (*.csv)"));
        if (!path.isEmpty())
            saveFile(path);
    });
    save->setShortcut(QKeySequence::Save);
    auto* compare = file->addAction(tr("&Compare with results..."), this, [this] {
        const auto path = QFileDialog::getOpenFileName(this, tr("Compare with results"), QString(),
                                                       tr("ThreadMix results (*.json *.csv)"));
        if (!path.isEmpty())
            compareWith(path);
    });
    compare->setToolTip(tr("Another run's results (another machine, knob or size) beside these: "
                           "a time-ratio heat map and paired bars."));
    auto* libraries = file->addAction(tr("Compare the two &libraries of these results"), this,
                                      [this] { compareLibraries(); });
    libraries->setToolTip(tr("After a run on two BLAS libraries (Side by side with): the first "
                             "library's time / the second's in every cell, and paired bars."));
    file->addAction(tr("Stop comparing"), this, [this] {
        m_model->clearComparison();
        m_bars->rebuild();
    });
    file->addSeparator();
    auto* exportMenu = file->addMenu(tr("&Export PNG"));
    struct Item {
        const char* text;
        ExportTarget target;
        double scale;
    };
    const Item items[] = {{"Dashboard (2x)", ExportTarget::Dashboard, 2.0},
                          {"Dashboard (1x)", ExportTarget::Dashboard, 1.0},
                          {"Timing bars (2x)", ExportTarget::Bars, 2.0},
                          {"Timing bars (1x)", ExportTarget::Bars, 1.0},
                          {"Heat map (2x)", ExportTarget::HeatMap, 2.0},
                          {"Heat map (1x)", ExportTarget::HeatMap, 1.0},
                          {"Timeline (2x)", ExportTarget::Timeline, 2.0},
                          {"Timeline (1x)", ExportTarget::Timeline, 1.0}};
    for (const auto& item : items) {
        auto* a = exportMenu->addAction(tr(item.text), this,
                                        [this, item] { exportDialog(item.target, item.scale); });
        if (item.target == ExportTarget::Dashboard && item.scale == 2.0)
            a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    }
    file->addSeparator();
    auto* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    auto* run = menuBar()->addMenu(tr("&Run"));
    auto* one = run->addAction(tr("&Run this configuration"), this,
                               [this] { startRun(ControlPanel::PlanKind::Single); });
    one->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    auto* tut = run->addAction(tr("Run the &tutorial comparison"), this,
                               [this] { startRun(ControlPanel::PlanKind::Tutorial); });
    tut->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    auto* sweep = run->addAction(tr("Run the &sweep"), this,
                                 [this] { startRun(ControlPanel::PlanKind::Sweep); });
    sweep->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    auto* cancel = run->addAction(tr("&Cancel"), this, &MainWindow::cancelRun);
    cancel->setShortcut(QKeySequence(Qt::Key_Escape));
    cancel->setShortcutContext(Qt::ApplicationShortcut);
    m_idleOnly = {open, one, tut, sweep};

    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("How to read the charts"), this, [this] {
        QMessageBox box(QMessageBox::NoIcon, tr("How to read the charts"), howToReadTheCharts(),
                        QMessageBox::Close, this);
        box.setTextFormat(Qt::RichText);
        box.exec();
    });
    help->addAction(tr("&About ThreadMix"), this,
                    [this] { QMessageBox::about(this, tr("About ThreadMix"), aboutText()); });
}

QString MainWindow::aboutText() const {
    return tr("<p><b>ThreadMix %1</b>: should you parallelise across tasks (a pool of workers), "
              "inside each operation (BLAS threads), or both? It measures, on this machine.</p>"
              "<p>Qt %2 (built with %3)<br>BLIS %4, %5 threads<br>%6</p>")
        .arg(QString::fromUtf8(kVersion), QString::fromUtf8(qVersion()),
             QStringLiteral(QT_VERSION_STR), QString::fromStdString(m_machine.blasVersion),
             QString::fromStdString(m_machine.blasThreading),
             QString::fromStdString(machineLine(m_machine)).toHtmlEscaped());
}

QString MainWindow::howToReadTheCharts() {
    return tr(
        "<p><b>Bars</b>: one bar per configuration, the median time of its repetitions (each in "
        "a fresh process); the line is min..max and the dots are the repetitions. The label "
        "says the median and the speed-up over the first row of its group.</p>"
        "<p><b>Heat map</b>: pool workers up, BLAS threads per operation across; each cell one "
        "configuration, the same size whatever the axis values. Blue is faster than 1 worker x "
        "1 BLAS thread, red slower (the legend gives the scale). The black staircase is "
        "workers x BLAS threads = the logical CPUs: above and right of it the threads "
        "oversubscribe the cores, and BLIS threads, which busy-wait, collapse there.</p>"
        "<p><b>Hatching</b>: not a complete measurement. <i>timed out</i>: stopped at its "
        "budget (the time shown is a lower bound); <i>cancelled</i>: stopped by you; "
        "<i>failed</i>: the process crashed or computed a wrong result; <i>skipped</i>: not "
        "measured, because its two neighbours towards the staircase were both more than 4x "
        "slower than the best cell so far. The colour under the hatching is what was measured "
        "before it stopped, if anything was.</p>"
        "<p><b>Timeline</b>: one row per pool worker, one block per task; the orange part is "
        "making its data, the blue part the operation. Click a bar or a cell to see its "
        "timeline.</p>"
        "<p><b>Numbers</b>: every figure is measured on this machine; the table and the "
        "tooltips say how (median of N, min..max, CV). Compare only rows of the same workload "
        "and size.</p>");
}

QString MainWindow::openFile(const QString& path) {
    if (isRunning()) {
        const QString e = tr("Cancel the run before opening a file.");
        m_controls->showMessage(e, true);
        return e;
    }
    const auto loaded = loadResultFile(path.toStdString());
    if (!loaded) {
        const auto e = QString::fromStdString(loaded.error());
        reportError(tr("Cannot open results"), e);
        return e;
    }
    if (!confirmDiscard(tr("Opening a file")))
        return tr("Kept the unsaved results.");
    m_model->setResultSet(*loaded);
    m_unsaved = false;
    m_progressLabel->setText(tr("Opened %1: %2 configurations measured on %3.")
                                 .arg(QFileInfo(path).fileName())
                                 .arg(loaded->results.size())
                                 .arg(QString::fromStdString(loaded->machine.cpuModel)));
    updateSummary();
    return {};
}

QString MainWindow::compareWith(const QString& path) {
    const auto loaded = loadResultFile(path.toStdString());
    if (!loaded) {
        const auto e = QString::fromStdString(loaded.error());
        reportError(tr("Cannot compare"), e);
        return e;
    }
    m_model->setComparison(*loaded, QFileInfo(path).fileName());
    m_bars->rebuild();
    m_layer->setCurrentIndex(int(HeatMapView::Layer::RatioToComparison));
    m_progressLabel->setText(tr("Comparing with %1 (%2 configurations, measured on %3).")
                                 .arg(QFileInfo(path).fileName())
                                 .arg(loaded->results.size())
                                 .arg(QString::fromStdString(loaded->machine.cpuModel)));
    return {};
}

QString MainWindow::compareLibraries() {
    const auto set = m_model->resultSet();
    const auto libs = librariesIn(set.results);
    if (libs.size() < 2) {
        const auto e = tr("These results were measured on one BLAS library. Choose a second one "
                          "in \"Side by side with\" and run again.");
        reportError(tr("Cannot compare libraries"), e);
        return e;
    }
    const auto a = QString::fromUtf8(toString(libs[0]));
    const auto b = QString::fromUtf8(toString(libs[1]));
    m_model->setComparison(onlyLibrary(set, libs[1]), b);
    m_group->setCurrentText(a);
    m_bars->rebuild();
    m_layer->setCurrentIndex(int(HeatMapView::Layer::RatioToComparison));
    m_progressLabel->setText(
        tr("Comparing %1 (A) with %2 (B) cell by cell: blue = %1 faster.").arg(a, b));
    return {};
}

QString MainWindow::saveFile(const QString& path) {
    const auto set = m_model->resultSet();
    const bool csv = path.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive);
    const auto st = writeFileAtomically(path.toStdString(), csv ? toCsv(set) : toJson(set));
    if (!st) {
        const auto e = QString::fromStdString(st.error());
        reportError(tr("Cannot save results"), e);
        return e;
    }
    m_progressLabel->setText(
        tr("Saved %1 configurations to %2.").arg(set.results.size()).arg(path));
    m_unsaved = false;
    return {};
}

bool MainWindow::confirmDiscard(const QString& doing) {
    if (!m_unsaved || !m_dialogs)
        return true;
    QMessageBox box(QMessageBox::Question, tr("Unsaved results"),
                    tr("The results of the last run are not saved. %1 discards them.").arg(doing),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setDefaultButton(QMessageBox::Save);
    const int answer = box.exec();
    if (answer == QMessageBox::Discard)
        return true;
    if (answer != QMessageBox::Save)
        return false;
    const auto path = QFileDialog::getSaveFileName(this, tr("Save results"),
                                                   QStringLiteral("threadmix-results.json"),
                                                   tr("JSON (*.json);;CSV (*.csv)"));
    return !path.isEmpty() && saveFile(path).isEmpty();
}

QString MainWindow::exportPng(ExportTarget target, const QString& path, double scale) {
    QWidget* content = target == ExportTarget::Bars       ? static_cast<QWidget*>(m_bars)
                       : target == ExportTarget::HeatMap  ? static_cast<QWidget*>(m_heatMap)
                       : target == ExportTarget::Timeline ? static_cast<QWidget*>(m_timeline)
                                                          : m_charts;
    // A view in a hidden tab has no size of its own yet: give it the visible one's.
    if (!content->isVisible() && content != m_charts)
        content->resize(m_heatMap->isVisible() ? m_heatMap->size()
                                               : m_timeline->size().expandedTo(QSize(700, 450)));
    const auto image = renderWithCaption(content, captionLines(*m_model), scale);
    const auto error = savePng(image, path);
    if (!error.isEmpty())
        reportError(tr("Cannot export"), error);
    else
        m_progressLabel->setText(
            tr("Exported %1 (%2 x %3 pixels).").arg(path).arg(image.width()).arg(image.height()));
    return error;
}

void MainWindow::exportDialog(ExportTarget target, double scale) {
    const auto path = QFileDialog::getSaveFileName(
        this, tr("Export PNG"), QStringLiteral("threadmix.png"), tr("PNG image (*.png)"));
    if (!path.isEmpty())
        exportPng(target, path, scale);
}

void MainWindow::reportError(const QString& title, const QString& message) {
    m_progressLabel->setText(title + QStringLiteral(": ") + message);
    if (m_dialogs)
        QMessageBox::warning(this, title, message);
}

} // namespace threadmix::ui
