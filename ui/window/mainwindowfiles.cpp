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
#include "ui/charts/chartexport.h"
#include "ui/run/enginecontroller.h"
#include "ui/charts/heatmapview.h"
#include "ui/window/machinepanel.h"
#include "ui/window/mainwindow.h"
#include "ui/model/runmodel.h"
#include "ui/charts/sizesview.h"
#include "ui/charts/timelineview.h"
#include "ui/charts/timingbarsview.h"
#include "ui/uientry.h"
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
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
    file->addAction(tr("Stop comparing"), this, [this] { stopComparing(); });
    file->addSeparator();
    auto* copy = file->addAction(tr("&Copy chart to clipboard"), this, [this] { copyChart(); });
    copy->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    copy->setToolTip(tr("The dashboard picture (charts and caption, 2x), ready to paste into "
                        "slides."));
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
                          {"Timeline (1x)", ExportTarget::Timeline, 1.0},
                          {"Sizes chart (2x)", ExportTarget::Sizes, 2.0},
                          {"Sizes chart (1x)", ExportTarget::Sizes, 1.0}};
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

    auto* view = menuBar()->addMenu(tr("&View"));
    m_presentation = view->addAction(tr("&Presentation mode"), this,
                                     [this](bool on) { setPresentationMode(on); });
    m_presentation->setCheckable(true);
    m_presentation->setShortcuts(
        {QKeySequence(Qt::Key_F11), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P)});
    m_presentation->setToolTip(tr("For a projector: full screen, the charts take the window, "
                                  "larger text in every chart and control. F11 again to leave."));
    view->addSeparator();
    auto* reset = view->addAction(tr("&Reset to defaults"), this, [this] { resetToDefaults(); });
    reset->setToolTip(tr("Every control back to the value it has on a first start; the values "
                         "saved from the last session are forgotten."));

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
    return tr("<p><b>Bars</b>: one bar per configuration, the median time of its repetitions (each "
              "in "
              "a fresh process), split into making its data (orange) and the operation (blue); the "
              "line is min..max and the dots are the repetitions. Beside each bar: the median and "
              "the "
              "speed-up over the first row of its group in words, then the operation alone, so a "
              "speed-up that comes from where the data was made shows.</p>"
              "<p><b>Heat map</b>: pool workers up, BLAS threads per operation across; each cell "
              "one "
              "configuration, the same size whatever the axis values. Blue is faster than 1 worker "
              "x "
              "1 BLAS thread, red slower (the legend gives the scale). The black staircase is "
              "workers x BLAS threads = the logical CPUs: above and right of it the threads "
              "oversubscribe the cores, and BLIS threads, which busy-wait, collapse there.</p>"
              "<p><b>Hatching</b>: not a complete measurement. <i>timed out</i>: stopped at its "
              "budget (the time shown is a lower bound); <i>cancelled</i>: stopped by you; "
              "<i>failed</i>: the process crashed or computed a wrong result; <i>skipped</i>: not "
              "measured, because its two neighbours towards the staircase were both more than %1x "
              "slower than the best cell so far. Such cells are grey: no colour of the scale, "
              "since "
              "they have no complete measurement; such bars reach the end of the time axis with a "
              "break mark and their bound.</p>"
              "<p><b>Timeline</b>: one row per pool worker, one block per task; the orange part is "
              "making its data, the blue part the operation. Click a bar or a cell to see its "
              "timeline.</p>"
              "<p><b>Numbers</b>: every figure is measured on this machine; the table and the "
              "tooltips say how (median of N, min..max, CV). Compare only rows of the same "
              "workload "
              "and size.</p>")
        .arg(Plan().skipFactor);
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
    // The controls say what made the file, so Run measures it again (as hotspot and heaptrack
    // open their files): its first configuration, libraries and sweep ranges.
    m_controls->loadPlanOf(*loaded);
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
    rememberViewBeforeComparing();
    m_model->setComparison(*loaded, QFileInfo(path).fileName());
    for (auto* b : allBars())
        b->rebuild();
    m_layer->setCurrentIndex(int(HeatMapView::Layer::RatioToComparison));
    // Unlike things are compared only knowingly: say what differs besides the threads.
    const auto differences = parameterDifferences(m_model->resultSet(), *loaded);
    QStringList list;
    for (const auto& d : differences)
        list << QString::fromStdString(d);
    m_progressLabel->setText(
        tr("Comparing with %1 (%2 configurations, measured on %3). %4")
            .arg(QFileInfo(path).fileName())
            .arg(loaded->results.size())
            .arg(QString::fromStdString(loaded->machine.cpuModel))
            .arg(list.isEmpty() ? tr("Measured alike.")
                                : tr("They differ in: %1.").arg(list.join(QStringLiteral("; ")))));
    if (!list.isEmpty() && m_dialogs)
        QMessageBox::information(
            this, tr("Compare"),
            tr("A (these results) and B (%1) differ in more than the threads:\n\n%2\n\nTheir "
               "time ratios include these differences.")
                .arg(QFileInfo(path).fileName(), list.join(QStringLiteral("\n"))));
    return {};
}

void MainWindow::rememberViewBeforeComparing() {
    if (!m_model->hasComparison())
        m_layerBeforeComparing = m_layer->currentIndex();
}

void MainWindow::stopComparing() {
    // Back to the view before comparing: its layer, without the A/B layer or message.
    const bool was = m_model->hasComparison();
    m_model->clearComparison();
    for (auto* b : allBars())
        b->rebuild();
    if (was) {
        m_layer->setCurrentIndex(m_layerBeforeComparing);
        m_progressLabel->setText(tr("Stopped comparing."));
    }
}

void MainWindow::setPresentationMode(bool on) {
    if (on == m_presenting)
        return;
    m_presenting = on;
    if (m_presentation)
        m_presentation->setChecked(on);
    const QString notice = tr("Presentation mode: F11 to leave.");
    if (on) {
        m_splitsBeforePresenting[0] = m_mainSplit->saveState();
        m_splitsBeforePresenting[1] = m_rightSplit->saveState();
        m_sizeBeforePresenting = size();
        m_geometryBeforePresenting = geometry();
        m_statusBeforePresenting = m_progressLabel->text();
        m_normalFont = QApplication::font();
        QFont big = m_normalFont;
        big.setPointSizeF(m_normalFont.pointSizeF() * kPresentationFontScale);
        QApplication::setFont(big);
        // The charts take the screen: the control column and the table make way for the slim
        // bar with the run buttons.
        m_left->hide();
        m_table->hide();
        m_presentBar->show();
        m_wasMaximized = isMaximized();
        showFullScreen();
        // Without a window manager (a bare X server, some projectors' kiosks) full screen is
        // only a wish: take the screen's geometry ourselves.
        if (screen())
            setGeometry(screen()->geometry());
        m_progressLabel->setText(notice);
    } else {
        QApplication::setFont(m_normalFont);
        m_presentBar->hide();
        m_left->show();
        m_table->show();
        if (m_wasMaximized) {
            showMaximized();
        } else {
            showNormal();
            setGeometry(m_geometryBeforePresenting); // also where no window manager restores it
        }
        m_mainSplit->restoreState(m_splitsBeforePresenting[0]);
        m_rightSplit->restoreState(m_splitsBeforePresenting[1]);
        m_splitsPending = size() != m_sizeBeforePresenting;
        // The notice goes; what the status line said before comes back unless news came since.
        if (m_progressLabel->text() == notice)
            m_progressLabel->setText(m_statusBeforePresenting);
    }
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
    rememberViewBeforeComparing();
    m_model->setComparison(onlyLibrary(set, libs[1]), b);
    m_group->setCurrentText(a);
    for (auto* bars : allBars())
        bars->rebuild();
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

QImage MainWindow::chartImage(ExportTarget target, double scale, QString* why) {
    // An empty chart is not a picture: say what to do instead of writing a placeholder.
    if (m_model->rows() == 0) {
        *why = tr("Nothing to export yet: run a configuration, the tutorial comparison or a "
                  "sweep first.");
        return {};
    }
    if (target == ExportTarget::Timeline &&
        (m_timeline->row() < 0 || m_timeline->row() >= m_model->rows() ||
         m_model->result(m_timeline->row()).repetitions.empty())) {
        *why = tr("The timeline is empty: click a measured bar or heat-map cell first.");
        return {};
    }
    if (target == ExportTarget::Sizes && m_model->kind() != PlanKind::Sizes) {
        *why = tr("The sizes chart is empty: choose \"sizes\" beside Run comparison and run it "
                  "first.");
        return {};
    }
    // The dashboard is the headless picture (charts and caption, no tabs or combo boxes).
    if (target == ExportTarget::Dashboard)
        return dashboardImage(m_model->resultSet(), scale);
    // Libraries side by side are exported side by side, as shown.
    QWidget* content = target == ExportTarget::Bars
                           ? (sideBySide() ? m_barsBox : static_cast<QWidget*>(m_bars))
                       : target == ExportTarget::HeatMap
                           ? (sideBySide() ? m_mapsBox : static_cast<QWidget*>(m_heatMap))
                       : target == ExportTarget::Timeline ? static_cast<QWidget*>(m_timeline)
                       : target == ExportTarget::Sizes    ? static_cast<QWidget*>(m_sizes)
                                                          : m_charts;
    // A picture for a slide, whatever the pane's size now (a hidden tab, a small screen): at
    // least 700 x 480 per chart, then the pane gets its size back.
    const int charts =
        content == m_mapsBox || content == m_barsBox
            ? int(content->findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly).size())
            : 1;
    const QSize before = content->size();
    content->resize(before.expandedTo(QSize(700 * std::max(1, charts), 480)));
    if (content->layout())
        content->layout()->activate(); // the boxes lay their charts out at that size
    const QImage image = renderWithCaption(content, captionLines(*m_model), scale);
    content->resize(before);
    return image;
}

QString MainWindow::exportPng(ExportTarget target, const QString& path, double scale) {
    QString error;
    const auto image = chartImage(target, scale, &error);
    if (image.isNull()) {
        reportError(tr("Cannot export"), error);
        return error;
    }
    error = savePng(image, path);
    if (!error.isEmpty())
        reportError(tr("Cannot export"), error);
    else
        m_progressLabel->setText(
            tr("Exported %1 (%2 x %3 pixels).").arg(path).arg(image.width()).arg(image.height()));
    return error;
}

QString MainWindow::copyChart() {
    QString error;
    const auto image = chartImage(ExportTarget::Dashboard, 2.0, &error);
    if (image.isNull()) {
        reportError(tr("Cannot copy"), error);
        return error;
    }
    QGuiApplication::clipboard()->setImage(image);
    m_progressLabel->setText(tr("Copied the charts (%1 x %2 pixels) to the clipboard.")
                                 .arg(image.width())
                                 .arg(image.height()));
    return {};
}

void MainWindow::exportDialog(ExportTarget target, double scale) {
    if (m_model->rows() == 0) {
        QString why;
        chartImage(target, scale, &why);
        reportError(tr("Cannot export"), why);
        return;
    }
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
