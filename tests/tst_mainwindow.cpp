// The window with the real engine controller: tiny runs fill every view; cancel, files, export.
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QHelpEvent>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSpinBox>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QToolTip>

#include <signal.h>

#include <filesystem>
#include <random>
#include <set>

#include "core/base/atomicfile.h"
#include "core/formats/resultfile.h"
#include "core/measure/repetition.h"
#include "core/base/childprocess.h"
#include "core/run/runjournal.h"
#include "tests/qttestmain.h"
#include "tests/stallmeter.h"
#include "tests/testsupport.h"
#include "tests/windowtest.h"
#include "ui/window/controlpanel.h"
#include "ui/charts/heatmapview.h"
#include "ui/window/mainwindow.h"
#include "ui/model/runmodel.h"
#include "ui/charts/sizesview.h"
#include "ui/window/sliderspin.h"
#include "ui/charts/timelineview.h"
#include "ui/charts/timingbarsview.h"
#include "ui/window/tooltipwrapper.h"
#include "ui/uientry.h"

using namespace threadmix;
using namespace threadmix::ui;

namespace {

// The tiny run, and sweeps up to 2 x 2.
void tiny(ControlPanel* c) {
    test::tiny(c);
    c->sweepWorkersTo()->setValue(2);
    c->sweepBlasTo()->setValue(2);
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void longPlainTooltipsWrapAndRichOnesStayAsTheyAre() {
        const QString longText(200, QLatin1Char('x'));
        QVERIFY(TooltipWrapper::wrapped(longText).startsWith(QStringLiteral("<p>")));
        QCOMPARE(TooltipWrapper::wrapped(QStringLiteral("short")), QStringLiteral("short"));
        const QString rich = QStringLiteral("<b>already</b> ") + longText;
        QCOMPARE(TooltipWrapper::wrapped(rich), rich);
        // Every tooltip of the window passes through it.
        MainWindow w;
        w.show();
        TooltipWrapper wrapper;
        auto* target = w.controls()->sizeControl();
        target->setToolTip(QStringLiteral("a < b ") + longText);
        target->installEventFilter(&wrapper);
        QHelpEvent help(QEvent::ToolTip, QPoint(5, 5), target->mapToGlobal(QPoint(5, 5)));
        QApplication::sendEvent(target, &help);
        QVERIFY2(QToolTip::text().startsWith(QStringLiteral("<p>a &lt; b")),
                 qPrintable(QToolTip::text()));
        QToolTip::hideText();
    }

    void unsavedResultsAreKnownAndSavingClearsThem() {
        MainWindow w;
        w.setDialogsEnabled(false);
        tiny(w.controls());
        QVERIFY(!w.hasUnsavedResults());
        QVERIFY(w.startRun(ControlPanel::PlanKind::Single));
        QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning(), 30000);
        QVERIFY(w.hasUnsavedResults());
        const auto dir = QString::fromStdString(test::scratchDir("gui-unsaved"));
        QCOMPARE(w.saveFile(dir + QStringLiteral("/r.json")), QString());
        QVERIFY(!w.hasUnsavedResults());
        std::filesystem::remove_all(dir.toStdString());
    }

    void theFirstWindowFitsTheScreenItOpensOn() {
        QSettings().remove(QStringLiteral("window/geometry")); // a first start
        MainWindow w;
        const QRect area = w.screen()->availableGeometry();
        QVERIFY2(area.contains(w.geometry()),
                 qPrintable(QStringLiteral("window %1x%2 on a %3x%4 screen")
                                .arg(w.width())
                                .arg(w.height())
                                .arg(area.width())
                                .arg(area.height())));
        QVERIFY(w.width() <= area.width() * 0.9 + 1 || w.width() == w.minimumWidth());
        QVERIFY(w.minimumWidth() > 0 && w.minimumHeight() > 0);
        // A saved geometry larger than this screen is not restored.
        w.setGeometry(0, 0, area.width() * 3, area.height() * 3);
        QSettings().setValue(QStringLiteral("window/geometry"), w.saveGeometry());
        MainWindow again;
        QVERIFY(area.contains(again.geometry()));
        QSettings().remove(QStringLiteral("window/geometry"));
    }

    void aCliResultOfEachWorkloadLoadsAndRerunsAsTheSameConfiguration() {
        // One meaning of size: --size 1000 for dot is a vector of 1000 elements, in the file,
        // in the window's controls and in what the window runs again.
        const auto dir = test::scratchDir("gui-roundtrip");
        for (const char* workload : {"gemm", "dot", "fill"}) {
            const std::string file = dir + "/" + workload + ".json";
            const auto r = test::runThreadmix(
                {"run",       "--workload", workload,  "--count",  "3",      "--size",  "1000",
                 "--workers", "2",          "--chunk", "2",        "--data", "in-task", "--init",
                 "ones",      "--repeats",  "1",       "--warmup", "0",      "--json",  file});
            QVERIFY2(r.exitCode == 0, r.err.c_str());
            const auto set = loadResultFile(file);
            QVERIFY2(set, set ? "" : set.error().c_str());
            const RunSpec fromCli = set->results.at(0).config.spec;
            QCOMPARE(fromCli.size, 1000);
            ControlPanel panel(2, 2);
            panel.loadSpec(fromCli);
            const RunSpec again = panel.currentSpec();
            QCOMPARE(std::string(toString(again.workload)), std::string(workload));
            QCOMPARE(again.size, fromCli.size);
            QCOMPARE(again.count, fromCli.count);
            QCOMPARE(again.workers, fromCli.workers);
            QCOMPARE(again.blasThreads, fromCli.blasThreads);
            QCOMPARE(again.chunk, fromCli.chunk);
            QVERIFY(again.data == fromCli.data);
            QVERIFY(again.init == fromCli.init);
            QCOMPARE(again.operandElements(), fromCli.operandElements());
            QCOMPARE(again.describeTasks(), fromCli.describeTasks());
        }
        // The size control says what size means for the workload shown.
        ControlPanel panel(2, 2);
        RunSpec dot;
        dot.workload = Workload::Dot;
        dot.size = 3000000;
        panel.loadSpec(dot);
        QCOMPARE(panel.currentSpec().size, 3000000);
        bool named = false;
        for (auto* label : panel.findChildren<QLabel*>())
            named = named || label->text() == QStringLiteral("Vector length");
        QVERIFY(named);
        std::filesystem::remove_all(dir);
    }

    void tinySweepFillsBarsHeatMapAndTable() {
        MainWindow w;
        w.setDialogsEnabled(false);
        w.resize(1300, 800);
        w.show();
        tiny(w.controls());
        QTest::mouseClick(w.controls()->sweepButton(), Qt::LeftButton);
        QVERIFY(w.isRunning());
        QVERIFY(!w.controls()->sweepButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning(), 60000);
        QCOMPARE(w.model()->rowCount(), 4);
        for (int r = 0; r < 4; ++r) {
            QVERIFY((w.model()->state(r)) == (RunModel::RowState::Done));
            // A cell of several threads may meet its derived budget (3 s) when the machine is
            // loaded (BLIS threads busy-wait for a partner that another process holds off the
            // CPU; the suite runs tests side by side): it must end, not necessarily finish.
            const auto& res = w.model()->result(r);
            if (res.config.spec.totalThreads() > 1 && res.status == RunStatus::TimedOut)
                continue;
            QVERIFY2(res.status == RunStatus::Ok,
                     qPrintable(QString::fromStdString(res.config.label + ": " +
                                                       std::string(toString(res.status)) + " " +
                                                       res.reason)));
            QCOMPARE(int(res.repetitions.size()), 2);
        }
        w.bars()->rebuild();
        QCOMPARE(w.bars()->barCount(), 4);
        QCOMPARE(w.table()->model()->rowCount(), 4);
        // Every cell of the 2 x 2 map is hit-testable at its centre.
        const QRect r = w.heatMap()->rect();
        int found = 0;
        for (int y = r.top(); y < r.bottom(); y += 8)
            for (int x = r.left(); x < r.right(); x += 8)
                found |= 1 << std::max(0, w.heatMap()->rowAt(QPoint(x, y)) + 1);
        QCOMPARE(found & 0b11110, 0b11110);
        QVERIFY(w.summaryLabel()->text().contains(QStringLiteral("Recommendation")));
        QVERIFY(w.controls()->sweepButton()->isEnabled());
    }

    void cancelWithEscapeIsQuickAndConsistent() {
        MainWindow w;
        w.setDialogsEnabled(false);
        w.show();
        tiny(w.controls());
        w.controls()->repeatsControl()->setValue(3);
        // The run's first child is held: still running when cancelled, by construction.
        const test::Hold hold("escape", 0);
        hold.setProcessEnvironment();
        QVERIFY(w.startRun(ControlPanel::PlanKind::Single));
        QTRY_VERIFY_WITH_TIMEOUT(w.model()->runningRow() == 0 && hold.started() == 1, 30000);
        test::Hold::clearProcessEnvironment();
        QElapsedTimer t;
        t.start();
        QTest::keyClick(&w, Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning(), 1000);
        QVERIFY(t.elapsed() < 1000);
        QCOMPARE(w.model()->rowCount(), 1);
        QVERIFY((w.model()->result(0).status) == (RunStatus::Cancelled));
        QVERIFY((w.model()->state(0)) == (RunModel::RowState::Done));
        QVERIFY(w.controls()->runButton()->isEnabled());
        QVERIFY(!w.controls()->cancelButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(test::childrenOfThisProcess().empty(), 1000);
        // A new run after a cancel is not disturbed by the old one.
        w.controls()->countControl()->setValue(4);
        w.controls()->sizeControl()->setValue(32);
        QVERIFY(w.startRun(ControlPanel::PlanKind::Single));
        QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning(), 30000);
        QVERIFY((w.model()->result(0).status) == (RunStatus::Ok));
        QCOMPARE(int(w.model()->result(0).repetitions.size()), 3);
    }

    void windowAnswersWhileAChildOversubscribes() {
        MainWindow w;
        w.setDialogsEnabled(false);
        w.show();
        tiny(w.controls());
        // 5.4 TFLOP in all, made in-task: no CPU finishes it inside the 2 s budget.
        w.controls()->dataControl()->setCurrentText(QStringLiteral("in-task"));
        w.controls()->countControl()->setValue(100000);
        w.controls()->sizeControl()->setValue(300);
        w.controls()->workersControl()->setValue(4);
        w.controls()->blasControl()->setValue(4);
        w.controls()->budgetControl()->setValue(2);
        QVERIFY(w.startRun(ControlPanel::PlanKind::Single));
        // The event loop must keep turning: the longest gap between 10 ms ticks.
        test::StallMeter stalls;
        QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning(), 30000);
        stalls.stop();
        QVERIFY((w.model()->result(0).status) == (RunStatus::TimedOut));
        QVERIFY2(stalls.worstMs() < 250,
                 qPrintable(QStringLiteral("longest stall %1 ms").arg(stalls.worstMs())));
    }

    void invalidInputIsRefusedWithAMessage() {
        MainWindow w;
        w.setDialogsEnabled(false);
        tiny(w.controls());
        w.controls()->countControl()->setValue(4);
        // A chunk larger than the task count is shown as it is, invalid, and refused.
        w.controls()->chunkControl()->setValue(5);
        QCOMPARE(w.controls()->chunkControl()->value(), 5);
        QVERIFY(!w.controls()->chunkControl()->valueIsAllowed());
        QVERIFY(!w.startRun(ControlPanel::PlanKind::Single));
        QVERIFY2(w.controls()->messageText().contains(
                     QStringLiteral("Chunk size must be between 1 and 4")),
                 qPrintable(w.controls()->messageText()));
        // A chunk that fitted follows the count down.
        w.controls()->chunkControl()->setValue(4);
        w.controls()->countControl()->setValue(2);
        QCOMPARE(w.controls()->chunkControl()->value(), 2);
        // A sweep range written backwards.
        w.controls()->chunkControl()->setValue(1);
        w.controls()->sweepWorkersFrom()->setValue(3);
        w.controls()->sweepWorkersTo()->setValue(1);
        QVERIFY(!w.startRun(ControlPanel::PlanKind::Sweep));
        QVERIFY(w.controls()->messageText().contains(QStringLiteral("backwards")));
        // Memory that would not fit.
        w.controls()->sweepWorkersFrom()->setValue(1);
        w.controls()->countControl()->setValue(100000);
        w.controls()->sizeControl()->setValue(32768);
        QVERIFY(!w.startRun(ControlPanel::PlanKind::Single));
        QVERIFY(!w.isRunning());
        const QString memory = w.controls()->messageText();
        QVERIFY(memory.contains(QStringLiteral("bytes")));
        // In the window's words, not the command line's.
        QVERIFY2(memory.contains(QStringLiteral("Matrix side n")) &&
                     memory.contains(QStringLiteral("Matrix count")) &&
                     !memory.contains(QStringLiteral("--")),
                 qPrintable(memory));
        QCOMPARE(w.model()->rowCount(), 0);
        // Fixed: the message goes.
        w.controls()->sizeControl()->setValue(32);
        QCOMPARE(w.controls()->messageText(), QString());
    }

    void filesOpenSaveAndRefuseGarbage() {
        MainWindow w;
        w.setDialogsEnabled(false);
        tiny(w.controls());
        QVERIFY(w.startRun(ControlPanel::PlanKind::Single));
        QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning(), 30000);
        const auto dir = QString::fromStdString(test::scratchDir("gui-files"));
        QCOMPARE(w.saveFile(dir + QStringLiteral("/r.json")), QString());
        QCOMPARE(w.saveFile(dir + QStringLiteral("/r.csv")), QString());
        QVERIFY(writeFileAtomically((dir + QStringLiteral("/bad.json")).toStdString(),
                                    "{\"schema\": 1"));
        QVERIFY(!w.openFile(dir + QStringLiteral("/bad.json")).isEmpty());
        QCOMPARE(w.model()->rowCount(), 1); // nothing changed
        w.model()->clear();
        QCOMPARE(w.openFile(dir + QStringLiteral("/r.json")), QString());
        QCOMPARE(w.model()->rowCount(), 1);
        QVERIFY((w.model()->result(0).status) == (RunStatus::Ok));
        QCOMPARE(w.openFile(dir + QStringLiteral("/r.csv")), QString());
        QCOMPARE(w.model()->rowCount(), 1);
        std::filesystem::remove_all(dir.toStdString());
    }

    void exportWritesSharpNonBlankPngs() {
        MainWindow w;
        w.setDialogsEnabled(false);
        w.resize(1300, 800);
        w.show();
        // Nothing measured yet: nothing exported or copied, and the window says why.
        const auto emptyDir = QString::fromStdString(test::scratchDir("gui-export-empty"));
        QVERIFY(
            w.exportPng(MainWindow::ExportTarget::Dashboard, emptyDir + QStringLiteral("/x.png"), 1)
                .contains(QStringLiteral("Nothing to export")));
        QVERIFY(!QFile::exists(emptyDir + QStringLiteral("/x.png")));
        QVERIFY(!w.copyChart().isEmpty());
        tiny(w.controls());
        QVERIFY(w.startRun(ControlPanel::PlanKind::Sweep));
        QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning(), 60000);
        const auto dir = QString::fromStdString(test::scratchDir("gui-export"));
        for (auto target : {MainWindow::ExportTarget::Bars, MainWindow::ExportTarget::HeatMap,
                            MainWindow::ExportTarget::Dashboard}) {
            QSize one;
            for (double scale : {1.0, 2.0}) {
                const auto path = dir + QStringLiteral("/e%1-%2.png").arg(int(target)).arg(scale);
                QCOMPARE(w.exportPng(target, path, scale), QString());
                QImage img(path);
                QVERIFY(!img.isNull());
                QVERIFY(looksNonBlankForTest(img));
                if (scale == 1.0)
                    one = img.size();
                else
                    QCOMPARE(img.size(), one * 2);
            }
            QVERIFY(one.width() > 200 && one.height() > 200);
        }
        QVERIFY(
            !w.exportPng(MainWindow::ExportTarget::Bars, QStringLiteral("/nonexistent/x.png"), 1)
                 .isEmpty());
        // The dashboard export is the headless picture: no tab bar or combo box in it, the
        // same size as the one the CLI writes for these results.
        const auto dash = QImage(
            dir + QStringLiteral("/e%1-1.png").arg(int(MainWindow::ExportTarget::Dashboard)));
        QCOMPARE(dash.size(), dashboardImage(w.model()->resultSet(), 1.0).size());
        // Copy chart: the same picture at 2x on the clipboard.
        QCOMPARE(w.copyChart(), QString());
        QCOMPARE(QGuiApplication::clipboard()->image().size(), dash.size() * 2);
        std::filesystem::remove_all(dir.toStdString());
        std::filesystem::remove_all(emptyDir.toStdString());
    }

    // A size sweep opens on the sizes chart: one line per strategy.
    void aSizeSweepDrawsTheSizesChart() {
        MainWindow w;
        w.setDialogsEnabled(false);
        w.show();
        ResultSet set;
        set.kind = PlanKind::Sizes;
        PlanOptions o;
        o.logicalCpus = o.physicalCores = 2;
        for (const auto& c : makeSizeSweep(o, {64, 128}).configs) {
            ConfigResult r;
            r.config = c;
            // Three tight repetitions: the winners differ beyond the noise.
            for (double k : {0.99, 1.0, 1.01}) {
                RepetitionResult rep;
                // n=64: BLAS threads win (1.5 s); n=128: the pool wins (1.0 s).
                rep.wallSeconds =
                    k * (c.spec.size == 64 ? 1.0 + c.spec.workers - 0.5 * (c.spec.blasThreads - 1)
                                           : 2.0 / c.spec.workers);
                r.repetitions.push_back(rep);
            }
            set.results.push_back(r);
        }
        w.model()->setResultSet(set);
        QTRY_COMPARE(w.sizesChart()->lineCount(), 3);
        QCOMPARE(w.sizesChart()->crossoverCount(), 1);
        QVERIFY(w.sizesChart()->isVisible());
    }

    void presentationModeEnlargesEveryTextAndGoesBack() {
        MainWindow w;
        w.setDialogsEnabled(false);
        w.show();
        const auto before = QApplication::font().pointSizeF();
        const auto heat = w.heatMap()->font().pointSizeF();
        w.setPresentationMode(true);
        QVERIFY(w.presentationMode());
        QCOMPARE(QApplication::font().pointSizeF(), before * MainWindow::kPresentationFontScale);
        QTRY_VERIFY(w.heatMap()->font().pointSizeF() > heat);
        w.setPresentationMode(false);
        QCOMPARE(QApplication::font().pointSizeF(), before);
        QTRY_COMPARE(w.heatMap()->font().pointSizeF(), heat);
    }

    void cancelStormLeavesAConsistentWindow() {
        MainWindow w;
        w.setDialogsEnabled(false);
        w.show();
        tiny(w.controls());
        w.controls()->countControl()->setValue(8);
        w.controls()->sizeControl()->setValue(150);
        w.controls()->sweepBlasTo()->setValue(3);
        std::mt19937 random(7);
        const ControlPanel::PlanKind kinds[] = {ControlPanel::PlanKind::Single,
                                                ControlPanel::PlanKind::Sweep,
                                                ControlPanel::PlanKind::Tutorial};
        for (int i = 0; i < 25; ++i) {
            QVERIFY(w.startRun(kinds[i % 3]));
            QTest::qWait(int(random() % 200));
            if (i % 2)
                QTest::keyClick(&w, Qt::Key_Escape);
            else
                w.cancelRun();
            QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning(), 1000);
            QCOMPARE(w.model()->runningRow(), -1);
            for (int r = 0; r < w.model()->rowCount(); ++r)
                QVERIFY(w.model()->state(r) == RunModel::RowState::Done);
            QVERIFY(w.controls()->runButton()->isEnabled());
            QVERIFY(!w.controls()->cancelButton()->isEnabled());
        }
        QTRY_VERIFY_WITH_TIMEOUT(test::childrenOfThisProcess().empty(), 2000);
        // Still works after the storm.
        QVERIFY(w.startRun(ControlPanel::PlanKind::Single));
        QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning(), 30000);
        QVERIFY(w.model()->result(0).status == RunStatus::Ok);
    }

    void restoresASweepThatWasKilled() {
        const auto dir = test::scratchDir("gui-restore");
        qputenv("XDG_STATE_HOME", QByteArray::fromStdString(dir + "/state"));
        ChildProcess p;
        // The third configuration's children are held: still running when killed.
        const test::Hold hold("gui-restore", 2);
        auto env = hold.env();
        env.push_back("XDG_STATE_HOME=" + dir + "/state");
        QVERIFY(p.start(test::besideTestWorker("cli-for-mainwindow", THREADMIX_EXE),
                        {"sweep", "--count", "12", "--size", "200", "--workers-range", "1..2",
                         "--blas-range", "1..3", "--repeats", "2", "--warmup", "0", "--no-skip"},
                        env));
        QTRY_VERIFY_WITH_TIMEOUT(
            !orphanedJournalsOf(p.pid()).isEmpty() &&
                readJournal(orphanedJournalsOf(p.pid()).toStdString())->finished.size() >= 2,
            30000);
        ::kill(p.pid(), SIGKILL);
        p.wait(monotonicSeconds() + 5, {});
        const auto orphans = orphanedJournals();
        QCOMPARE(int(orphans.size()), 1);
        const auto kept = readJournal(orphans[0]);
        QVERIFY(kept);

        MainWindow w;
        w.setDialogsEnabled(false);
        QCOMPARE(w.restoreJournal(QString::fromStdString(orphans[0]), true), QString());
        QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning(), 60000);
        QCOMPARE(w.model()->rowCount(), 6);
        std::set<std::string> labels;
        for (int r = 0; r < 6; ++r) {
            QVERIFY(w.model()->state(r) == RunModel::RowState::Done);
            labels.insert(w.model()->result(r).config.label);
        }
        QCOMPARE(int(labels.size()), 6);
        for (const auto& [index, result] : kept->finished)
            QVERIFY(w.model()->result(int(index)).wallSeconds() == result.wallSeconds());
        QVERIFY(orphanedJournals().empty());
        qunsetenv("XDG_STATE_HOME");
        std::filesystem::remove_all(dir);
    }

    void savingToAFullDiskSaysWhy() {
        MainWindow w;
        w.setDialogsEnabled(false);
        tiny(w.controls());
        QVERIFY(w.startRun(ControlPanel::PlanKind::Single));
        QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning(), 30000);
        const auto error = w.saveFile(QStringLiteral("/dev/full"));
        QVERIFY2(error.contains(QStringLiteral("No space left")), qPrintable(error));
        QCOMPARE(w.model()->rowCount(), 1);
    }

    void layersTimelineAndExplainAfterASweep() {
        MainWindow w;
        w.setDialogsEnabled(false);
        w.resize(1300, 800);
        w.show();
        tiny(w.controls());
        w.controls()->pinControl()->setChecked(true);
        w.controls()->waitPolicyControl()->setCurrentText(QStringLiteral("passive"));
        QVERIFY(w.startRun(ControlPanel::PlanKind::Sweep));
        QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning(), 60000);
        QVERIFY(w.model()->result(0).config.spec.pin);
        QVERIFY(w.model()->result(0).config.spec.waitPolicy == WaitPolicy::Passive);
        // Every layer labels every cell with a number of its own unit.
        const struct {
            HeatMapView::Layer layer;
            QString unit;
        } layers[] = {{HeatMapView::Layer::Speedup, QStringLiteral("x")},
                      {HeatMapView::Layer::Time, QStringLiteral(" s")},
                      {HeatMapView::Layer::CpuUse, QStringLiteral("%")},
                      {HeatMapView::Layer::InvoluntarySwitches, QString()}};
        for (const auto& l : layers) {
            w.heatMap()->setLayer(l.layer);
            for (int r = 0; r < w.model()->rowCount(); ++r) {
                const auto label = w.heatMap()->cellLabel(r);
                QVERIFY2(!label.isEmpty() && label.contains(l.unit), qPrintable(label));
            }
            QImage img(600, 400, QImage::Format_ARGB32);
            QPainter p(&img);
            w.heatMap()->paintMap(p, QRect(0, 0, 600, 400));
            p.end();
            QVERIFY(looksNonBlankForTest(img));
        }
        // Clicking a cell shows its timeline and says why in plain words.
        w.selectRow(3);
        QCOMPARE(w.timeline()->row(), 3);
        QVERIFY(w.summaryLabel()->text().contains(QStringLiteral("Why:")));
        QVERIFY(
            w.summaryLabel()->text().contains(QStringLiteral("involuntary context switches/s")));
        QVERIFY(w.summaryLabel()->text().contains(QStringLiteral("Recommendation")));
        QImage img(700, 400, QImage::Format_ARGB32);
        QPainter p(&img);
        w.timeline()->paintTimeline(p, QRect(0, 0, 700, 400));
        p.end();
        QVERIFY(looksNonBlankForTest(img));
        const auto dir = QString::fromStdString(test::scratchDir("gui-timeline"));
        QCOMPARE(
            w.exportPng(MainWindow::ExportTarget::Timeline, dir + QStringLiteral("/t.png"), 2.0),
            QString());
        QVERIFY(looksNonBlankForTest(QImage(dir + QStringLiteral("/t.png"))));
        std::filesystem::remove_all(dir.toStdString());
    }

private:
    static QString orphanedJournalsOf(int pid) {
        // The journal of a live process is not an orphan yet: look for it by name.
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(journalDirectory(), ec))
            if (e.path().filename().string().find("run-" + std::to_string(pid) + "-") == 0)
                return QString::fromStdString(e.path().string());
        return {};
    }
    static bool looksNonBlankForTest(const QImage& img);
};

#include "ui/charts/chartexport.h"
bool TestMainWindow::looksNonBlankForTest(const QImage& img) {
    return looksNonBlank(img);
}

THREADMIX_QTEST_MAIN_WITH_TEST_WORKER(TestMainWindow)
#include "tst_mainwindow.moc"
