// The window's menus and the texts of its Help menu (part of MainWindow).
#include "ui/window/mainwindow.h"

#include <QAction>
#include <QFileDialog>
#include <QKeySequence>
#include <QMenuBar>
#include <QMessageBox>

#include "core/machine/machinereport.h"
#include "core/version.h"

namespace threadmix::ui {

void MainWindow::buildMenus() {
    buildFileMenu();
    buildRunMenu();
    buildViewMenu();
    buildHelpMenu();
}

void MainWindow::buildFileMenu() {
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
    addExportMenu(file);
    file->addSeparator();
    auto* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    m_idleOnly = {open};
}

void MainWindow::addExportMenu(QMenu* file) {
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
}

void MainWindow::buildRunMenu() {
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
    m_idleOnly << one << tut << sweep;
}

void MainWindow::buildViewMenu() {
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
}

void MainWindow::buildHelpMenu() {
    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("How to read the charts"), this, [this] {
        QMessageBox box(QMessageBox::NoIcon, tr("How to read the charts"), howToReadTheCharts(),
                        QMessageBox::Close, this);
        box.setTextFormat(Qt::RichText);
        box.exec();
    });
    help->addAction(tr("Threads or processes?"), this, [this] {
        QMessageBox box(QMessageBox::NoIcon, tr("Threads or processes?"), threadsOrProcessesText(),
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
              "speed-up that comes from where the data was made shows. A process pool's bar "
              "starts with starting its worker processes (teal), which is part of its time.</p>"
              "<p><b>Heat map</b>: pool workers up, BLAS threads per operation across; each cell "
              "one "
              "configuration, the same size whatever the axis values. Blue is faster than 1 worker "
              "x "
              "1 BLAS thread, red slower (the legend gives the scale). The black staircase is "
              "workers x BLAS threads = the logical CPUs: above and right of it the threads "
              "oversubscribe the cores, and BLIS threads, which busy-wait, collapse there. For "
              "MPI ranks it is at the logical CPUs of the hosts the ranks ran on.</p>"
              "<p><b>Hatching</b>: not a complete measurement. <i>timed out</i>: stopped at its "
              "budget (the time shown is a lower bound); <i>cancelled</i>: stopped by you; "
              "<i>failed</i>: the process crashed or computed a wrong result; <i>skipped</i>: not "
              "measured, because its two neighbours towards the staircase were both more than %1x "
              "slower than the best cell so far. Such cells are grey: no colour of the scale, "
              "since "
              "they have no complete measurement; such bars reach the end of the time axis with a "
              "break mark and their bound.</p>"
              "<p><b>Timeline</b>: one row per pool worker, one block per task; the orange part is "
              "making its data, the blue part the operation. A process pool's data made up front "
              "is sent to its workers: that part is 'sending', and a thin brown bar after the "
              "operation is the product going back. MPI ranks have one row per rank, grouped "
              "by host when they ran on several ('rank 3 @ node2'); launching the ranks comes "
              "before their timed span and is said in the title. Click a bar or a cell to see "
              "its timeline.</p>"
              "<p><b>Numbers</b>: every figure is measured on this machine; the table and the "
              "tooltips say how (median of N, min..max, CV). Compare only rows of the same "
              "workload "
              "and size.</p>")
        .arg(Plan().skipFactor);
}

QString MainWindow::threadsOrProcessesText() {
    return tr(
        "<p><b>What a process pool costs.</b> Python's multiprocessing.Pool and joblib start "
        "worker processes, and that is part of the time (the bars' first part, the timeline's "
        "'starting'). Matrices made up front in the main program must then be sent: copied "
        "through pipes (as multiprocessing pickles arrays: the operands there, the "
        "product back) or placed in shared memory the workers map (as joblib memory-maps large "
        "arrays: only the task's number travels). Each worker process also holds its own "
        "libraries, heap and BLAS buffers. Data made in each worker costs no sending.</p>"
        "<p><b>When it wins.</b> Here the pool runs C code, which holds no lock: a thread pool "
        "and a process pool do the same work, and threads skip the start-up and the sending. "
        "In Python, the GIL lets one thread run Python code at a time, so for work written in "
        "Python a process pool is the only way to use several cores; numpy's calls (a matrix "
        "multiply) release the GIL, so threads run them side by side and avoid the sending. "
        "A process pool pays off when its tasks are long next to its start-up and to moving "
        "their data, or when the data can be made in each worker.</p>"
        "<p><b>Measured on the machine ThreadMix was written on</b> (an AMD EPYC VM, 2 "
        "cores; study 'processes', 24 multiplies of 1000x1000, 1 BLAS thread, median of 3): no "
        "pool took 0.54 s; a thread pool of 2 workers 0.28 s; a process pool of 2 whose workers "
        "made their own data 0.31 s, 0.02 s of it starting the processes. With the data made up "
        "front in the main program (0.5-0.7 s in one process) and sent, 384 MB went to the "
        "workers and 192 MB came back: by copy through pipes the sending took 0.53 s (summed "
        "over tasks) and the run 1.25 s; through shared memory 0.43 s and 1.00 s, both slower "
        "than no pool at all. Peak memory: 56 MiB for the thread pool, about 610-660 MiB for "
        "the pools the data was sent to. Your numbers differ: run the study here.</p>"
        "<p>Run the tutorial comparison with 'processes' chosen to see it on your work; Pool "
        "kind 'both, side by side' runs a sweep on threads and processes.</p>");
}

} // namespace threadmix::ui
