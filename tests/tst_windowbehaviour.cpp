// What a desktop user expects of the window (issue 17): closing during a run asks, the wheel
// scrolls the panel, typed values are checked in place, keyboard selection, files set the
// controls, reset, presentation mode, libraries side by side, the sizes export.
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QWheelEvent>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/base/atomicfile.h"
#include "core/formats/resultfile.h"
#include "core/measure/mpipool.h"
#include "core/measure/repetition.h"
#include "core/spec/plan.h"
#include "tests/qttestmain.h"
#include "tests/testsupport.h"
#include "tests/windowtest.h"
#include "ui/charts/heatmapview.h"
#include "ui/charts/sizesview.h"
#include "ui/charts/timelineview.h"
#include "ui/charts/timingbarsview.h"
#include "ui/model/runmodel.h"
#include "ui/window/controlpanel.h"
#include "ui/window/mainwindow.h"
#include "ui/window/sliderspin.h"

using namespace threadmix;
using namespace threadmix::ui;

namespace {

using test::tiny;

// A sweep's results without measuring: `libraries` side by side, times that differ per cell.
ResultSet fakeSweep(const std::vector<BlasLibrary>& libraries, std::vector<int> workers,
                    std::vector<int> blas, std::int64_t count = 8, std::int64_t size = 48,
                    std::vector<PoolKind> pools = {}) {
    PlanOptions o;
    o.pools = std::move(pools);
    o.logicalCpus = o.physicalCores = 2;
    o.base.count = count;
    o.base.size = size;
    o.countGiven = o.sizeGiven = true;
    o.workersAxis = std::move(workers);
    o.blasAxis = std::move(blas);
    o.libraries = libraries;
    o.noSkip = true;
    ResultSet set;
    set.kind = PlanKind::Sweep;
    int i = 0;
    for (const auto& c : makeSweep(o).configs) {
        ConfigResult r;
        r.config = c;
        RepetitionResult rep;
        rep.wallSeconds = 0.1 + 0.01 * ++i;
        r.repetitions = {rep};
        set.results.push_back(r);
    }
    return set;
}

// Answers every message box that comes up (a nested event loop runs while one is open) by
// clicking the button with `text`, or closing it when `text` is empty; counts them.
class DialogAnswerer : public QObject {
public:
    explicit DialogAnswerer(QString text) : m_text(std::move(text)) {
        connect(&m_timer, &QTimer::timeout, this, [this] {
            for (auto* w : QApplication::topLevelWidgets()) {
                auto* box = qobject_cast<QMessageBox*>(w);
                if (!box || !box->isVisible())
                    continue;
                ++m_seen;
                m_lastText = box->text();
                QAbstractButton* target = nullptr;
                for (auto* b : box->buttons())
                    if (b->text() == m_text)
                        target = b;
                if (target)
                    target->click();
                else
                    box->reject();
            }
        });
        m_timer.start(10);
    }
    int seen() const { return m_seen; }
    QString lastText() const { return m_lastText; }

private:
    QString m_text;
    QTimer m_timer;
    int m_seen = 0;
    QString m_lastText;
};

// Where a spin box's text is typed (QAbstractSpinBox::lineEdit is protected).
QLineEdit* edit(QAbstractSpinBox* box) {
    return box->findChild<QLineEdit*>();
}

// An MPI repetition's record: `hosts[i]` and `cpus[i]` for rank i, a task per rank.
MpiRecord mpiRecord(const std::vector<std::string>& hosts, const std::vector<int>& cpus) {
    MpiRecord m;
    m.library = "Open MPI v4.1.4";
    m.launcher = "mpirun";
    m.launchSeconds = 0.25;
    for (std::size_t i = 0; i < hosts.size(); ++i) {
        RankRecord r;
        r.rank = int(i);
        r.host = hosts[i];
        r.hostCpus = cpus[i];
        m.ranks.push_back(r);
    }
    return m;
}

// The labels of the timeline's lanes, top to bottom, and where a new host starts.
QString lanesText(const TimelineView::LaneRows& rows) {
    QStringList starts;
    for (int s : rows.hostStarts)
        starts << QString::number(s);
    return rows.labels.join(QLatin1Char(',')) + QLatin1Char('|') + starts.join(QLatin1Char(','));
}

// The result file's ranks moved so that odd ranks ran on "node2" with `cpus2` CPUs (as a
// hand edit of a file made on a cluster would be).
std::string onTwoHosts(const std::string& text, int cpus2) {
    auto j = nlohmann::json::parse(text);
    for (auto& r : j.at("results"))
        for (auto& rep : r.at("repetitions"))
            if (rep.contains("mpi"))
                for (auto& rank : rep.at("mpi").at("ranks"))
                    if (rank.at("rank").get<int>() % 2 == 1) {
                        rank["host"] = "node2";
                        rank["host_cpus"] = cpus2;
                    }
    return j.dump(1);
}

} // namespace

class TestWindowBehaviour : public QObject {
    Q_OBJECT
private slots:
    void closingDuringARunAsksAndKeepsWhatFinished() {
        MainWindow w;
        w.setDialogsEnabled(false);
        w.show();
        tiny(w.controls());
        w.controls()->budgetControl()->setValue(600);
        // The second row's children (after the first row's two) are held until stopped: the
        // run is going on by construction.
        const test::Hold hold("closing", 1);
        hold.setProcessEnvironment();
        QVERIFY(w.startRun(ControlPanel::PlanKind::Tutorial));
        QTRY_VERIFY_WITH_TIMEOUT(w.model()->runningRow() == 1 && hold.configurationsStarted() == 2,
                                 30000);
        test::Hold::clearProcessEnvironment();
        QVERIFY(w.model()->state(0) == RunModel::RowState::Done);
        QVERIFY(w.model()->result(0).status == RunStatus::Ok);

        w.setCloseAnswer(MainWindow::CloseAnswer::KeepRunning);
        QVERIFY(!w.close());
        QCOMPARE(w.closeQuestionsAsked(), 1);
        QVERIFY(w.isRunning());
        QVERIFY(w.isVisible());
        w.setCloseAnswer(MainWindow::CloseAnswer::Dismissed);
        QVERIFY(!w.close());
        QVERIFY(w.isRunning());

        // The real question, answered with its "Keep running" button.
        {
            w.setDialogsEnabled(true);
            DialogAnswerer answer(QStringLiteral("Keep running"));
            QVERIFY(!w.close());
            QCOMPARE(answer.seen(), 1);
            QVERIFY2(answer.lastText().contains(
                         QStringLiteral("1 of %1 configurations").arg(w.model()->rowCount())),
                     qPrintable(answer.lastText()));
            QVERIFY(w.isRunning());
            w.setDialogsEnabled(false);
        }

        w.setCloseAnswer(MainWindow::CloseAnswer::StopAndKeep);
        QVERIFY(w.close());
        QCOMPARE(w.closeQuestionsAsked(), 4);
        QVERIFY(!w.isRunning());
        QVERIFY(w.model()->result(0).status == RunStatus::Ok);
        QVERIFY(w.model()->result(1).status == RunStatus::Cancelled);
        QVERIFY(w.hasUnsavedResults());
        QTRY_VERIFY_WITH_TIMEOUT(test::childrenOfThisProcess().empty(), 2000);

        // Idle: closing asks nothing about runs.
        MainWindow idle;
        idle.setDialogsEnabled(false);
        idle.show();
        QVERIFY(idle.close());
        QCOMPARE(idle.closeQuestionsAsked(), 0);
    }

    void theWheelScrollsThePanelUnlessTheControlHasFocus() {
        MainWindow w;
        w.resize(900, 520);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QApplication::setActiveWindow(&w);
        auto* combo = w.controls()->workloadControl();
        QScrollArea* area = nullptr;
        for (QWidget* p = w.controls()->parentWidget(); p && !area; p = p->parentWidget())
            area = qobject_cast<QScrollArea*>(p);
        QVERIFY(area);
        QTRY_VERIFY(area->verticalScrollBar()->maximum() > 0); // the panel does scroll here
        w.table()->setFocus();
        QVERIFY(!combo->hasFocus());
        QCOMPARE(combo->focusPolicy(), Qt::StrongFocus);
        const int before = area->verticalScrollBar()->value();
        const QPointF at(combo->width() / 2.0, combo->height() / 2.0);
        QWheelEvent down(at, combo->mapToGlobal(at), QPoint(), QPoint(0, -120), Qt::NoButton,
                         Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(combo, &down);
        QCOMPARE(combo->currentText(), QStringLiteral("gemm"));
        QVERIFY(area->verticalScrollBar()->value() > before);
        // A spin box without focus keeps its value too.
        auto* repeats = w.controls()->repeatsControl();
        const int reps = repeats->value();
        QWheelEvent up(at, repeats->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton,
                       Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(repeats, &up);
        QCOMPARE(repeats->value(), reps);
        // Focused (clicked or tabbed to), the wheel changes the value.
        combo->setFocus();
        QTRY_VERIFY(combo->hasFocus());
        QWheelEvent again(at, combo->mapToGlobal(at), QPoint(), QPoint(0, -120), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(combo, &again);
        QVERIFY(combo->currentText() != QStringLiteral("gemm"));
    }

    void typedValuesOutOfRangeAreShownInvalidAndNeverRun() {
        MainWindow w;
        w.setDialogsEnabled(false);
        w.show();
        tiny(w.controls());
        // Unsaved results, so that a run that could start would ask about them.
        QVERIFY(w.startRun(ControlPanel::PlanKind::Single));
        QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning(), 30000);
        QVERIFY(w.hasUnsavedResults());
        QVERIFY2(w.progressLabel()->text().startsWith(QStringLiteral("Done: 1 configuration in ")),
                 qPrintable(w.progressLabel()->text()));

        auto* workers = w.controls()->workersControl()->spinBox();
        edit(workers)->selectAll();
        QTest::keyClicks(edit(workers), QStringLiteral("600"));
        // Kept as typed (QSpinBox turned it into 60), and shown invalid with the reason.
        QCOMPARE(edit(workers)->text(), QStringLiteral("600"));
        QCOMPARE(w.controls()->workersControl()->value(), 600);
        QVERIFY(!w.controls()->workersControl()->isValid());
        QVERIFY(workers->property("invalid").toBool());
        QVERIFY2(
            workers->toolTip().startsWith(QStringLiteral("Pool workers must be between 1 and %1")
                                              .arg(w.controls()->workersControl()->maximum())),
            qPrintable(workers->toolTip()));
        QVERIFY(workers->palette().color(QPalette::Base) != QPalette().color(QPalette::Base));
        QVERIFY2(w.controls()->messageText().contains(QStringLiteral("Pool workers")),
                 qPrintable(w.controls()->messageText()));
        QCOMPARE(w.controls()->warningText(), QString()); // the error says it; no warning too

        auto* repeats = w.controls()->repeatsControl();
        edit(repeats)->selectAll();
        QTest::keyClicks(edit(repeats), QStringLiteral("-5"));
        QCOMPARE(edit(repeats)->text(), QStringLiteral("-5"));
        QCOMPARE(repeats->value(), -5);
        QVERIFY(repeats->property("invalid").toBool());
        QVERIFY(w.controls()->messageText().contains(QStringLiteral("Repetitions")));

        // Run refuses with the message, and never asks to discard the unsaved results.
        {
            w.setDialogsEnabled(true);
            DialogAnswerer answer{QString()};
            QVERIFY(!w.startRun(ControlPanel::PlanKind::Single));
            QVERIFY(!w.startRun(ControlPanel::PlanKind::Sweep));
            QCOMPARE(answer.seen(), 0);
            w.setDialogsEnabled(false);
        }
        QVERIFY(!w.isRunning());
        QVERIFY(w.hasUnsavedResults());
        QVERIFY(w.controls()->messageText().contains(QStringLiteral("Pool workers")));
        QVERIFY(w.controls()->messageText().contains(QStringLiteral("Repetitions")));

        // The arrows step back into the range; fixing every value clears the look and message.
        QTest::keyClick(workers, Qt::Key_Down);
        QCOMPARE(w.controls()->workersControl()->value(),
                 w.controls()->workersControl()->maximum());
        QVERIFY(!workers->property("invalid").toBool());
        edit(repeats)->selectAll();
        QTest::keyClicks(edit(repeats), QStringLiteral("2"));
        QVERIFY(!repeats->property("invalid").toBool());
        QCOMPARE(w.controls()->invalidValues(), QString());
        QCOMPARE(w.controls()->messageText(), QString());
    }

    void moreWorkersThanTasksIsAWarningNotAnError() {
        MainWindow w;
        w.setDialogsEnabled(false);
        auto* c = w.controls();
        c->countControl()->setValue(8);
        c->workersControl()->setValue(60);
        QCOMPARE(c->warningText(),
                 QStringLiteral("60 workers for 8 tasks: 52 workers will have nothing to do."));
        QCOMPARE(c->invalidValues(), QString());
        QVERIFY(c->makePlan(ControlPanel::PlanKind::Single)); // still runs
        c->chunkControl()->setValue(4);
        QCOMPARE(c->warningText(), QStringLiteral("60 workers for 8 tasks in 2 chunks of 4: 58 "
                                                  "workers will have nothing to do."));
        c->chunkControl()->setValue(1);
        c->workersControl()->setValue(8);
        c->sweepWorkersTo()->setValue(4);
        QCOMPARE(c->warningText(), QString());
    }

    void keyboardSelectionDrivesTheTimelineAndWhy() {
        MainWindow w;
        w.setDialogsEnabled(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.model()->setResultSet(fakeSweep({BlasLibrary::BlisOpenMP}, {1, 2}, {1, 2}));
        QCOMPARE(w.table()->model()->rowCount(), 4);
        w.table()->setFocus();
        w.table()->setCurrentIndex(w.table()->model()->index(0, 0));
        QCOMPARE(w.timeline()->row(), 0);
        const QString first = w.summaryLabel()->text();
        QTest::keyClick(w.table(), Qt::Key_Down);
        QCOMPARE(w.timeline()->row(), 1);
        QTest::keyClick(w.table(), Qt::Key_End, Qt::ControlModifier);
        QCOMPARE(w.timeline()->row(), 3);
        QVERIFY(w.summaryLabel()->text().contains(QStringLiteral("Why:")));
        QVERIFY(w.summaryLabel()->text() != first);
    }

    void openingAFileSetsTheControlsToItsPlan() {
        const auto dir = QString::fromStdString(test::scratchDir("gui-open-plan"));
        auto set = fakeSweep({BlasLibrary::BlisOpenMP, BlasLibrary::OpenBlasPthreads}, {1, 2, 4},
                             {1, 3}, 7, 40);
        const auto path = dir + QStringLiteral("/sweep.json");
        QVERIFY(writeFileAtomically(path.toStdString(), toJson(set)));
        MainWindow w;
        w.setDialogsEnabled(false);
        auto* c = w.controls();
        QCOMPARE(w.openFile(path), QString());
        QCOMPARE(c->countControl()->value(), 7);
        QCOMPARE(c->sizeControl()->value(), 40);
        QCOMPARE(c->sweepWorkersFrom()->value(), 1);
        QCOMPARE(c->sweepWorkersTo()->value(), 4);
        QCOMPARE(c->sweepBlasFrom()->value(), 1);
        QCOMPARE(c->sweepBlasTo()->value(), 3);
        QCOMPARE(c->blasLibraryControl()->currentText(), QStringLiteral("blis-openmp"));
        QCOMPARE(c->secondLibraryControl()->currentText(), QStringLiteral("openblas-pthreads"));
        // Run measures the file's cells again (within the ranges they span).
        const auto plan = c->makePlan(ControlPanel::PlanKind::Sweep);
        QVERIFY(plan);
        for (const auto& r : set.results) {
            bool found = false;
            for (const auto& k : plan->configs)
                found = found ||
                        (k.group == r.config.group && k.spec.workers == r.config.spec.workers &&
                         k.spec.blasThreads == r.config.spec.blasThreads && k.spec.count == 7 &&
                         k.spec.size == 40);
            QVERIFY2(found, r.config.label.c_str());
        }
        std::filesystem::remove_all(dir.toStdString());
    }

    void threadmixFileOpensTheWindowOrSaysWhyNot() {
        const auto dir = test::scratchDir("gui-open-arg");
        const auto path = dir + "/r.json";
        QVERIFY(writeFileAtomically(path, toJson(fakeSweep({BlasLibrary::BlisOpenMP}, {1}, {1}))));
        // No display: a clear message and exit code 2, no window and no measuring.
        const auto none =
            test::runThreadmix({path}, 60, {"DISPLAY=", "WAYLAND_DISPLAY=", "QT_QPA_PLATFORM="});
        QCOMPARE(none.exitCode, 2);
        QVERIFY2(none.err.find("cannot open " + path + ": the window needs a display") !=
                     std::string::npos,
                 none.err.c_str());
        // A display: the window comes up with the file (the startup probe leaves at once).
        const auto shown = test::runThreadmix(
            {path}, 60,
            {"QT_QPA_PLATFORM=offscreen", "THREADMIX_STARTUP_PROBE=1",
             "XDG_CONFIG_HOME=" + dir + "/config", "XDG_STATE_HOME=" + dir + "/state"});
        QVERIFY2(shown.exitCode == 0, shown.err.c_str());
        QVERIFY(shown.out.find("threadmix-window-up") != std::string::npos);
        std::filesystem::remove_all(dir);
    }

    void resetToDefaultsRestoresEveryControl() {
        MainWindow w;
        w.setDialogsEnabled(false);
        auto* c = w.controls();
        ControlPanel fresh(2, 2);
        c->countControl()->setValue(77);
        c->workersControl()->setValue(3);
        c->repeatsControl()->setValue(9);
        c->budgetControl()->setValue(3);
        c->workloadControl()->setCurrentText(QStringLiteral("dot"));
        c->tutorialChoice()->setCurrentText(QStringLiteral("sizes"));
        c->sweepEveryValue()->setChecked(true);
        c->sweepSkip()->setChecked(false);
        c->pinControl()->setChecked(true);
        QSettings().setValue(QStringLiteral("controls/count"), 77);
        w.resetToDefaults();
        QVERIFY(c->currentSpec() == fresh.currentSpec());
        QCOMPARE(c->tutorialChoice()->currentText(), QStringLiteral("combine"));
        QVERIFY(!c->sweepEveryValue()->isChecked());
        QVERIFY(c->sweepSkip()->isChecked());
        QCOMPARE(c->sweepWorkersFrom()->value(), 1);
        QCOMPARE(c->secondLibraryControl()->currentIndex(), 0);
        QVERIFY(!QSettings().contains(QStringLiteral("controls/count")));
    }

    void presentationModeGivesTheChartsTheScreenAndGoesBack() {
        MainWindow w;
        w.setDialogsEnabled(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        tiny(w.controls());
        const int chartsBefore = w.chartsArea()->width();
        const auto mainSizes = w.mainSplitter()->sizes();
        const auto rightSizes = w.rightSplitter()->sizes();
        QVERIFY(w.leftColumn()->isVisible());
        QVERIFY(!w.presentationBar()->isVisible());

        w.setPresentationMode(true);
        QTRY_VERIFY(w.chartsArea()->width() > chartsBefore);
        QVERIFY(!w.leftColumn()->isVisible());
        QVERIFY(!w.table()->isVisible());
        QVERIFY(w.presentationBar()->isVisible());
        // No control of the bar is narrower than it needs to be.
        for (auto* b : w.presentationBar()->findChildren<QWidget*>())
            if (b->isVisible())
                QVERIFY2(b->width() >= b->minimumSizeHint().width(), b->metaObject()->className());
        // The bar's buttons are the run's buttons.
        QPushButton* run = nullptr;
        QPushButton* cancel = nullptr;
        for (auto* b : w.presentationBar()->findChildren<QPushButton*>()) {
            if (b->text() == QStringLiteral("Run"))
                run = b;
            if (b->text() == QStringLiteral("Cancel"))
                cancel = b;
        }
        QVERIFY(run && cancel);
        auto* study = w.presentationBar()->findChild<QComboBox*>();
        QVERIFY(study);
        study->setCurrentText(QStringLiteral("pitfalls"));
        QCOMPARE(w.controls()->tutorialChoice()->currentText(), QStringLiteral("pitfalls"));
        const test::Hold hold("presentation", 0);
        hold.setProcessEnvironment();
        QTest::mouseClick(run, Qt::LeftButton);
        QVERIFY(w.isRunning());
        QVERIFY(!run->isEnabled());
        QVERIFY(cancel->isEnabled());
        QTest::mouseClick(cancel, Qt::LeftButton);
        QVERIFY(!w.isRunning());
        test::Hold::clearProcessEnvironment(); // the engine's thread has ended: no race
        QVERIFY(run->isEnabled());

        w.setPresentationMode(false);
        QVERIFY(w.leftColumn()->isVisible());
        QVERIFY(w.table()->isVisible());
        QVERIFY(!w.presentationBar()->isVisible());
        QTRY_COMPARE(w.mainSplitter()->sizes(), mainSizes);
        QTRY_COMPARE(w.rightSplitter()->sizes(), rightSizes);
        QTRY_COMPARE(w.chartsArea()->width(), chartsBefore);
        // The status line says what it said before the notice; the notice goes.
        QVERIFY(!w.progressLabel()->text().contains(QStringLiteral("Presentation mode")));
        const QString news = w.progressLabel()->text();
        w.setPresentationMode(true);
        QCOMPARE(w.progressLabel()->text(), QStringLiteral("Presentation mode: F11 to leave."));
        w.setPresentationMode(false);
        QCOMPARE(w.progressLabel()->text(), news);
        QTRY_VERIFY_WITH_TIMEOUT(test::childrenOfThisProcess().empty(), 2000);
    }

    // A projector at 150% (853 x 533 logical pixels): two libraries' maps and bars would be cut
    // side by side, so one library is shown at a time, with the chooser; a wider window shows
    // both again.
    void twoLibrariesInANarrowWindowAreShownOneAtATime() {
        MainWindow w;
        w.setDialogsEnabled(false);
        w.resize(853, 533);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.model()->setResultSet(
            fakeSweep({BlasLibrary::BlisOpenMP, BlasLibrary::OpenBlasPthreads}, {1, 2}, {1, 2}));
        QTRY_COMPARE(w.heatMaps().size(), 1);
        QCOMPARE(w.allBars().size(), 1);
        QTRY_VERIFY(w.groupControl()->isVisible());
        const auto groups = w.heatMap()->groups();
        QCOMPARE(int(groups.size()), 2);
        QVERIFY(w.heatMap()->group() == groups[0]);
        QVERIFY2(w.bars()->group() == groups[0], "the bars follow the chosen library");
        w.groupControl()->setCurrentIndex(1);
        QVERIFY(w.heatMap()->group() == groups[1]);
        QVERIFY(w.bars()->group() == groups[1]);
        w.resize(1400, 860);
        QTRY_COMPARE(w.heatMaps().size(), 2);
        QTRY_VERIFY(!w.groupControl()->isVisible());
    }

    void twoLibrariesAreShownSideBySide() {
        MainWindow w;
        w.setDialogsEnabled(false);
        w.resize(1400, 860);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.model()->setResultSet(
            fakeSweep({BlasLibrary::BlisOpenMP, BlasLibrary::OpenBlasPthreads}, {1, 2}, {1, 2}));
        QCOMPARE(w.heatMaps().size(), 2);
        QCOMPARE(w.allBars().size(), 2);
        QCOMPARE(w.heatMaps().front(), w.heatMap());
        QCOMPARE(w.allBars().front(), w.bars());
        const auto groups = w.heatMap()->groups();
        QCOMPARE(int(groups.size()), 2);
        for (int i = 0; i < 2; ++i) {
            QVERIFY(w.heatMaps()[i]->group() == groups[std::size_t(i)]);
            QVERIFY(w.allBars()[i]->group() == groups[std::size_t(i)]);
            QTRY_VERIFY(w.heatMaps()[i]->isVisible());
            QTRY_VERIFY(w.allBars()[i]->isVisible());
        }
        // Next to each other, not one at a time.
        QVERIFY(w.heatMaps()[1]->mapTo(&w, QPoint()).x() >
                w.heatMaps()[0]->mapTo(&w, QPoint()).x() + w.heatMaps()[0]->width() / 2);
        QVERIFY(!w.groupControl()->isVisible());
        QTRY_VERIFY(w.allBars()[1]->barCount() == 4);
        QVERIFY(w.summaryLabel()->text().contains(groupName(groups[0])) &&
                w.summaryLabel()->text().contains(groupName(groups[1])));
        // Comparing the libraries is one ratio map (A / B); stopping shows both again.
        QCOMPARE(w.compareLibraries(), QString());
        QVERIFY(!w.heatMaps()[1]->isVisible());
        QVERIFY(!w.allBars()[1]->isVisible());
        w.stopComparing();
        QTRY_VERIFY(w.heatMaps()[1]->isVisible());
        QTRY_VERIFY(w.allBars()[1]->isVisible());
        // One library again: one map and one set of bars.
        w.model()->setResultSet(fakeSweep({BlasLibrary::BlisOpenMP}, {1, 2}, {1, 2}));
        QCOMPARE(w.heatMaps().size(), 1);
        QCOMPARE(w.allBars().size(), 1);
        QVERIFY(!w.bars()->group());
    }

    void theSendingControlFollowsPoolKindAndData() {
        ControlPanel c(4, 2);
        auto* pool = c.poolControl();
        auto* sending = c.sendingControl();
        auto* data = c.dataControl();
        data->setCurrentText(QStringLiteral("upfront"));
        pool->setCurrentIndex(0); // threads
        QVERIFY2(!sending->isEnabled(), "a thread pool sends nothing");
        QVERIFY(sending->toolTip().contains(QStringLiteral("share the main program's memory")));
        pool->setCurrentIndex(1); // processes
        QVERIFY(sending->isEnabled());
        QVERIFY(!sending->toolTip().contains(QStringLiteral("Off:")));
        data->setCurrentText(QStringLiteral("in-task"));
        QVERIFY2(!sending->isEnabled(), "each worker makes its own data: nothing is sent");
        QVERIFY(sending->toolTip().contains(QStringLiteral("makes its own")));
        data->setCurrentText(QStringLiteral("upfront"));
        pool->setCurrentIndex(3); // both: the process pool's rows send
        QVERIFY(sending->isEnabled());
        // The choice reaches the spec only where it means something.
        sending->setCurrentIndex(1);
        QVERIFY(c.currentSpec().transfer == Transfer::Shared);
        QVERIFY(c.currentSpec().sendsOperands() == false); // "both": base is the thread pool
        pool->setCurrentIndex(1);
        QVERIFY(c.currentSpec().sendsOperands());
        QVERIFY(c.currentSpec().transfer == Transfer::Shared);
        pool->setCurrentIndex(0);
        QVERIFY(c.currentSpec().transfer == Transfer::Copy);
    }

    void thePoolKindReachesThePlan() {
        ControlPanel c(4, 2);
        test::tiny(&c);
        c.poolControl()->setCurrentIndex(1);
        c.dataControl()->setCurrentText(QStringLiteral("upfront"));
        c.sendingControl()->setCurrentIndex(1);
        auto one = c.makePlan(ControlPanel::PlanKind::Single);
        QVERIFY2(one, one ? "" : one.error().c_str());
        QCOMPARE(int(one->configs.size()), 1);
        QVERIFY(one->configs[0].spec.pool == PoolKind::Processes);
        QVERIFY(one->configs[0].spec.transfer == Transfer::Shared);
        QVERIFY(one->configs[0].group.pool == PoolKind::Processes);
        // Both kinds: every cell on each, a group per kind.
        c.poolControl()->setCurrentIndex(3);
        c.sweepWorkersFrom()->setValue(1);
        c.sweepWorkersTo()->setValue(2);
        c.sweepBlasFrom()->setValue(1);
        c.sweepBlasTo()->setValue(2);
        auto sweep = c.makePlan(ControlPanel::PlanKind::Sweep);
        QVERIFY(sweep);
        QCOMPARE(int(sweep->configs.size()), 8);
        int processes = 0;
        for (const auto& k : sweep->configs) {
            processes += k.spec.pool == PoolKind::Processes;
            QVERIFY(k.group.pool == k.spec.pool);
        }
        QCOMPARE(processes, 4);
        // The tutorial chooser's "processes": the study of six rows in one group.
        c.tutorialChoice()->setCurrentText(QStringLiteral("processes"));
        QCOMPARE(c.tutorialChoice()->currentText(), QStringLiteral("processes"));
        auto study = c.makePlan(ControlPanel::PlanKind::Tutorial);
        QVERIFY(study);
        QVERIFY(study->kind == PlanKind::Processes);
        QCOMPARE(int(study->configs.size()), 6);
        QCOMPARE(study->configs[0].spec.count, 4); // the count shown, not the study's default
        // BLAS threads auto per worker: joblib's count for the workers, in the spec and plan.
        c.poolControl()->setCurrentIndex(1);
        c.workersControl()->setValue(2);
        c.blasAutoControl()->setChecked(true);
        QCOMPARE(c.blasControl()->value(), 2); // 4 logical CPUs / 2 workers
        QVERIFY(!c.blasControl()->isEnabled());
        QVERIFY(c.blasAutoControl()->text().contains(QStringLiteral("(2 ")));
        c.workersControl()->setValue(4);
        QCOMPARE(c.blasControl()->value(), 1);
        auto joblib = c.makePlan(ControlPanel::PlanKind::Single);
        QVERIFY(joblib);
        QCOMPARE(joblib->configs[0].spec.blasThreads, 1);
        QVERIFY(QString::fromStdString(joblib->configs[0].label).contains(QStringLiteral("auto")));
        c.blasAutoControl()->setChecked(false);
        QVERIFY(c.blasControl()->isEnabled());
    }

    void poolSettingsAreKeptAndFilesSetThem() {
        const auto dir = QString::fromStdString(test::scratchDir("gui-pool-settings"));
        const auto ini = dir + QStringLiteral("/s.ini");
        {
            ControlPanel c(4, 2);
            c.poolControl()->setCurrentIndex(1);
            c.sendingControl()->setCurrentIndex(1);
            c.blasAutoControl()->setChecked(true);
            QSettings s(ini, QSettings::IniFormat);
            c.saveSettings(s);
        }
        {
            ControlPanel c(4, 2);
            const QSettings s(ini, QSettings::IniFormat);
            c.restoreSettings(s);
            QCOMPARE(c.poolControl()->currentIndex(), 1);
            QCOMPARE(c.sendingControl()->currentIndex(), 1);
            QVERIFY(c.blasAutoControl()->isChecked());
            c.resetToDefaults();
            QCOMPARE(c.poolControl()->currentIndex(), 0);
            QVERIFY(!c.blasAutoControl()->isChecked());
            // A file of both kinds sets "both".
            c.loadPlanOf(fakeSweep({BlasLibrary::BlisOpenMP}, {1, 2}, {1}, 8, 48,
                                   {PoolKind::Threads, PoolKind::Processes}));
            QCOMPARE(c.poolControl()->currentIndex(), 3);
        }
        std::filesystem::remove_all(dir.toStdString());
    }

    void twoPoolKindsAreShownSideBySideNamedByKind() {
        const auto dir = QString::fromStdString(test::scratchDir("gui-two-kinds"));
        const auto path = dir + QStringLiteral("/kinds.json");
        QVERIFY(writeFileAtomically(
            path.toStdString(), toJson(fakeSweep({BlasLibrary::BlisOpenMP}, {1, 2}, {1, 2}, 8, 48,
                                                 {PoolKind::Threads, PoolKind::Processes}))));
        MainWindow w;
        w.setDialogsEnabled(false);
        w.resize(1400, 860);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.openFile(path), QString());
        QTRY_COMPARE(w.heatMaps().size(), 2);
        QCOMPARE(w.allBars().size(), 2);
        const auto groups = w.heatMap()->groups();
        QCOMPARE(int(groups.size()), 2);
        QStringList names;
        for (int i = 0; i < 2; ++i) {
            QVERIFY(w.heatMaps()[i]->group() == groups[std::size_t(i)]);
            QVERIFY(w.allBars()[i]->group() == groups[std::size_t(i)]);
            QTRY_COMPARE(w.allBars()[i]->barCount(), 4);
            names << groupName(groups[std::size_t(i)], groups);
        }
        QVERIFY2(names[0].startsWith(QStringLiteral("threads")), qPrintable(names[0]));
        QVERIFY2(names[1].startsWith(QStringLiteral("processes")), qPrintable(names[1]));
        QVERIFY(!w.groupControl()->isVisible());
        QVERIFY(w.summaryLabel()->text().contains(names[0]) &&
                w.summaryLabel()->text().contains(names[1]));
        QCOMPARE(w.controls()->poolControl()->currentIndex(), 3);
        // A narrow window: one kind at a time through the chooser, the bars following it.
        w.resize(853, 533);
        QTRY_COMPARE(w.heatMaps().size(), 1);
        QTRY_VERIFY(w.groupControl()->isVisible());
        w.groupControl()->setCurrentIndex(1);
        QVERIFY(w.heatMap()->group() == groups[1]);
        QVERIFY(w.bars()->group() == groups[1]);
        std::filesystem::remove_all(dir.toStdString());
    }

    void theTimelineNamesSendingOnlyWhereOperandsAreSent() {
        RepetitionResult rep;
        rep.wallSeconds = 1.0;
        rep.poolStartSeconds = 0.1;
        rep.dataPhaseSeconds = 0.1;
        TaskRecord t;
        t.worker = 0;
        t.start = 0.3;
        t.dataEnd = 0.4;
        t.end = 0.8;
        t.returned = 0.9;
        rep.tasks = {t};
        RunSpec sent = test::tinySpec();
        sent.pool = PoolKind::Processes;
        sent.data = DataPlacement::Upfront;
        const auto legend = TimelineView::legendOf(rep, sent);
        QVERIFY2(legend.contains(QStringLiteral("sending")),
                 qPrintable(legend.join(QLatin1Char(','))));
        QVERIFY(legend.contains(QStringLiteral("product back")));
        QVERIFY(legend.contains(QStringLiteral("starting the worker processes")));
        // In-task process pools make their data: no sending, as today.
        RunSpec inTask = sent;
        inTask.data = DataPlacement::InTask;
        RepetitionResult made = rep;
        made.dataPhaseSeconds = 0;
        QVERIFY(!TimelineView::legendOf(made, inTask).contains(QStringLiteral("sending")));
        QVERIFY(TimelineView::legendOf(made, inTask).contains(QStringLiteral("making data")));
        // A thread pool: its tasks' data is shared, nothing starts, nothing comes back.
        RunSpec threads = test::tinySpec();
        threads.data = DataPlacement::InTask;
        RepetitionResult local = rep;
        local.poolStartSeconds = 0;
        local.dataPhaseSeconds = 0;
        local.tasks[0].returned = local.tasks[0].end;
        const auto plain = TimelineView::legendOf(local, threads);
        QVERIFY2(!plain.contains(QStringLiteral("sending")),
                 qPrintable(plain.join(QLatin1Char(','))));
        QVERIFY(!plain.contains(QStringLiteral("product back")));
        QVERIFY(!plain.contains(QStringLiteral("starting the worker processes")));
        QVERIFY(plain.contains(QStringLiteral("making data")));
        // Painted in the window too (the segments appear in the legend drawn).
        RunModel model;
        ResultSet set;
        ConfigResult r;
        r.config.label = "process pool";
        r.config.spec = sent;
        r.repetitions = {rep};
        set.results = {r};
        model.setResultSet(set);
        TimelineView view(&model);
        view.resize(600, 400);
        view.setRow(0);
        QImage img(600, 400, QImage::Format_RGB32);
        {
            QPainter p(&img);
            view.paintTimeline(p, img.rect());
        }
        // The sending segment's own colour is painted (the task's 0.3..0.4 s, about 50 px).
        int sending = 0;
        for (int y = 0; y < img.height(); ++y)
            for (int x = 0; x < img.width(); ++x)
                sending += img.pixel(x, y) == qRgb(216, 179, 101);
        QVERIFY2(sending > 100, qPrintable(QString::number(sending)));
    }

    void mpiRanksAreTheThirdPoolKind() {
        ControlPanel c(4, 2);
        test::tiny(&c);
        c.setMpiCheck([](const RunSpec&) { return QString(); });
        auto* pool = c.poolControl();
        auto* sending = c.sendingControl();
        auto* model = qobject_cast<QStandardItemModel*>(pool->model());
        QVERIFY(model);
        QCOMPARE(pool->itemText(2), QStringLiteral("MPI ranks"));
        QVERIFY(model->item(2)->isEnabled());
        // Data up front travels by copy only (MPI_Scatterv): shared memory is greyed out.
        c.dataControl()->setCurrentText(QStringLiteral("upfront"));
        pool->setCurrentIndex(1);
        sending->setCurrentIndex(1); // shared memory, for the process pool
        pool->setCurrentIndex(2);
        QVERIFY(c.poolKinds() == std::vector<PoolKind>{PoolKind::Mpi});
        QVERIFY(sending->isEnabled());
        QCOMPARE(sending->currentIndex(), 0);
        auto* sendingModel = qobject_cast<QStandardItemModel*>(sending->model());
        QVERIFY(!sendingModel->item(1)->isEnabled());
        QCOMPARE(sending->currentText(), QStringLiteral("copy (MPI_Scatterv)"));
        QVERIFY2(sending->toolTip().contains(QStringLiteral("MPI_Scatterv")),
                 qPrintable(sending->toolTip()));
        auto one = c.makePlan(ControlPanel::PlanKind::Single);
        QVERIFY2(one, one ? "" : one.error().c_str());
        QVERIFY(one->configs[0].spec.pool == PoolKind::Mpi);
        QVERIFY(one->configs[0].spec.transfer == Transfer::Copy);
        QVERIFY(one->configs[0].group.pool == PoolKind::Mpi);
        // Back to processes: shared memory is offered again.
        pool->setCurrentIndex(1);
        QVERIFY(sendingModel->item(1)->isEnabled());
        QVERIFY(!sending->toolTip().contains(QStringLiteral("MPI_Scatterv")));
        QCOMPARE(sending->itemText(0), QStringLiteral("copy through pipes"));
        // A spec of MPI ranks (a heat-map cell, a file) chooses the item.
        RunSpec ranks = test::tinySpec();
        ranks.pool = PoolKind::Mpi;
        c.loadSpec(ranks);
        QCOMPARE(pool->currentIndex(), 2);

        // Where MPI cannot run: the item is greyed out with core's reason, and no run starts.
        const QString why = QStringLiteral("Open MPI's mpirun is not on PATH");
        c.setMpiCheck([why](const RunSpec&) { return why; });
        QVERIFY(!model->item(2)->isEnabled());
        QVERIFY2(pool->itemData(2, Qt::ToolTipRole).toString().contains(why),
                 qPrintable(pool->itemData(2, Qt::ToolTipRole).toString()));
        for (auto kind : {ControlPanel::PlanKind::Single, ControlPanel::PlanKind::Sweep,
                          ControlPanel::PlanKind::Tutorial}) {
            const auto refused = c.makePlan(kind);
            QVERIFY(!refused);
            QVERIFY2(QString::fromStdString(refused.error()).contains(QStringLiteral("Pool kind")),
                     refused.error().c_str());
            QVERIFY(QString::fromStdString(refused.error()).contains(why));
        }
        pool->setCurrentIndex(0);
        QVERIFY(c.makePlan(ControlPanel::PlanKind::Single));
        // The check is asked again for each library (each family has its own MPI worker).
        QStringList asked;
        c.setMpiCheck([&asked](const RunSpec& s) {
            asked << QString::fromUtf8(toString(s.blasLibrary));
            return QString();
        });
        QVERIFY(model->item(2)->isEnabled());
        c.blasLibraryControl()->setCurrentText(QStringLiteral("openblas-pthreads"));
        QVERIFY2(asked.contains(QStringLiteral("openblas-pthreads")),
                 qPrintable(asked.join(QLatin1Char(','))));
    }

    void theDefaultMpiCheckIsCores() {
        // The window asks core (mpiWhereFor) about the worker its runs start: the same answer.
        ControlPanel c(4, 2);
        const auto where = mpiWhereFor(c.currentSpec(), defaultChildProgram());
        QCOMPARE(c.mpiProblem().isEmpty(), bool(where));
        if (!where)
            QCOMPARE(c.mpiProblem(), QString::fromStdString(where.error()));
        auto* model = qobject_cast<QStandardItemModel*>(c.poolControl()->model());
        QCOMPARE(model->item(2)->isEnabled(), bool(where));
    }

    void mpiPoolSettingsAreKeptByName() {
        const auto dir = QString::fromStdString(test::scratchDir("gui-mpi-settings"));
        const auto ini = dir + QStringLiteral("/s.ini");
        {
            ControlPanel c(4, 2);
            c.poolControl()->setCurrentIndex(2);
            QSettings s(ini, QSettings::IniFormat);
            c.saveSettings(s);
        }
        {
            ControlPanel c(4, 2);
            const QSettings s(ini, QSettings::IniFormat);
            c.restoreSettings(s);
            QCOMPARE(c.poolControl()->currentIndex(), 2);
        }
        // Settings of an older version kept "both" at position 2: still both.
        const auto old = dir + QStringLiteral("/old.ini");
        {
            QSettings s(old, QSettings::IniFormat);
            s.setValue(QStringLiteral("controls/pool"), 2);
        }
        {
            ControlPanel c(4, 2);
            const QSettings s(old, QSettings::IniFormat);
            c.restoreSettings(s);
            QVERIFY(c.poolKinds() ==
                    (std::vector<PoolKind>{PoolKind::Threads, PoolKind::Processes}));
        }
        std::filesystem::remove_all(dir.toStdString());
    }

    void mpiRanksHaveTheirOwnBarsKeysAndTimelineLanes() {
        // Bars: "MPI 2x1" where a process pool's are "procs 2x1 copy".
        ResultSet set = fakeSweep({BlasLibrary::BlisOpenMP}, {1, 2}, {1}, 8, 48, {PoolKind::Mpi});
        for (auto& r : set.results) {
            r.config.label = "MPI ranks, a long label " + r.config.label;
            r.repetitions[0].mpi = mpiRecord({"node1", "node1"}, {4, 4});
        }
        RunModel model;
        model.setResultSet(set);
        TimingBarsView bars(&model);
        const auto keys = bars.barKeys();
        QVERIFY2(keys.contains(QStringLiteral("MPI 2x1")), qPrintable(keys.join(QLatin1Char(','))));

        // Timeline: a lane per rank, MPI's numbers; on several hosts grouped by host.
        RunSpec s = test::tinySpec();
        s.pool = PoolKind::Mpi;
        s.workers = 4;
        RepetitionResult rep;
        rep.wallSeconds = 1;
        rep.mpi = mpiRecord({"node1", "node1", "node1", "node1"}, {8, 8, 8, 8});
        QCOMPARE(lanesText(TimelineView::laneRowsOf(rep, s)),
                 QStringLiteral("rank 0,rank 1,rank 2,rank 3|"));
        rep.mpi = mpiRecord({"node1", "node2", "node1", "node2"}, {8, 4, 8, 4});
        const auto rows = TimelineView::laneRowsOf(rep, s);
        QCOMPARE(lanesText(rows), QStringLiteral("rank 0 @ node1,rank 2 @ node1,rank 1 @ node2,"
                                                 "rank 3 @ node2|2"));
        QVERIFY(rows.laneOf == (std::vector<int>{0, 2, 1, 3}));
        // The launch is outside the timed span: said, not drawn.
        QVERIFY2(TimelineView::launchText(rep).contains(QStringLiteral("0.250 s")),
                 qPrintable(TimelineView::launchText(rep)));
        QVERIFY(TimelineView::launchText(RepetitionResult{}).isEmpty());
        // Threads and processes keep "worker N".
        QCOMPARE(lanesText(TimelineView::laneRowsOf(RepetitionResult{}, test::tinySpec())),
                 QStringLiteral("worker 1|"));
    }

    void anMpiSweepFileOpensLikeAnyOther() {
        // Made by the command line as a user would make it; the hand-edited copy puts the odd
        // ranks on a second host.
        const auto dir = QString::fromStdString(test::scratchDir("gui-mpi-file"));
        const auto made = dir + QStringLiteral("/mpi.json");
        if (const auto where = mpiWhereFor(test::tinySpec(), THREADMIX_EXE); !where)
            QSKIP(where.error().c_str());
        const auto cli =
            test::runThreadmix({"sweep", "--pool", "mpi", "--workers", "1,2", "--blas-threads",
                                "1,2", "--count", "8", "--size", "300", "--repeats", "1",
                                "--warmup", "0", "--no-progress", "--json", made.toStdString()},
                               240);
        QVERIFY2(cli.exitCode == 0, (cli.out + cli.err).c_str());
        std::ifstream in(made.toStdString());
        std::stringstream text;
        text << in.rdbuf();
        const auto edited = dir + QStringLiteral("/mpi-two-hosts.json");
        QVERIFY(writeFileAtomically(edited.toStdString(), onTwoHosts(text.str(), 6)));

        MainWindow w;
        w.setDialogsEnabled(false);
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.openFile(made), QString());
        QTRY_COMPARE(w.heatMap()->groups().size(), std::size_t(1));
        QVERIFY(w.heatMap()->groups().front().pool == PoolKind::Mpi);
        QTRY_COMPARE(w.bars()->barCount(), 4);
        QCOMPARE(w.controls()->poolControl()->currentIndex(), 2);
        auto* model = w.model();
        int two = -1;
        for (int r = 0; r < model->rows(); ++r) {
            QVERIFY(model->result(r).medianRepetition()->mpi.has_value());
            if (model->result(r).config.spec.workers == 2 &&
                model->result(r).config.spec.blasThreads == 1)
                two = r;
        }
        QVERIFY(two >= 0);
        // One host (this machine): its CPUs, ranks named by number only.
        const auto here = model->result(two).medianRepetition()->mpi->totalCpus();
        QCOMPARE(w.heatMap()->staircase().cpus, here);
        const auto lanes = TimelineView::laneRowsOf(*model->result(two).medianRepetition(),
                                                    model->result(two).config.spec);
        QCOMPARE(lanes.labels, (QStringList{QStringLiteral("rank 0"), QStringLiteral("rank 1")}));

        // The copy on two hosts: lanes per host, the staircase at both hosts' CPUs.
        QCOMPARE(w.openFile(edited), QString());
        QTRY_COMPARE(w.bars()->barCount(), 4);
        const auto* rep = model->result(two).medianRepetition();
        QVERIFY(rep && rep->mpi);
        QCOMPARE(int(rep->mpi->hosts().size()), 2);
        const auto hosts = TimelineView::laneRowsOf(*rep, model->result(two).config.spec);
        QCOMPARE(int(hosts.labels.size()), 2);
        QVERIFY2(hosts.labels[1].endsWith(QStringLiteral("@ node2")),
                 qPrintable(hosts.labels.join(QLatin1Char(','))));
        QVERIFY(hosts.hostStarts == std::vector<int>{1});
        const auto stairs = w.heatMap()->staircase();
        QCOMPARE(stairs.cpus, here + 6);
        QVERIFY2(stairs.hosts.contains(QStringLiteral("node2")),
                 qPrintable(stairs.hosts.join(QLatin1Char(','))));
        std::filesystem::remove_all(dir.toStdString());
    }

    void theSizesChartCanBeExported() {
        MainWindow w;
        w.setDialogsEnabled(false);
        w.show();
        const auto dir = QString::fromStdString(test::scratchDir("gui-export-sizes"));
        w.model()->setResultSet(fakeSweep({BlasLibrary::BlisOpenMP}, {1, 2}, {1, 2}));
        QVERIFY(w.exportPng(MainWindow::ExportTarget::Sizes, dir + QStringLiteral("/none.png"), 1)
                    .contains(QStringLiteral("sizes chart is empty")));
        ResultSet set;
        set.kind = PlanKind::Sizes;
        PlanOptions o;
        o.logicalCpus = o.physicalCores = 2;
        for (const auto& c : makeSizeSweep(o, {64, 128}).configs) {
            ConfigResult r;
            r.config = c;
            RepetitionResult rep;
            rep.wallSeconds = c.spec.size == 64 ? 1.0 + c.spec.workers : 2.0 / c.spec.workers;
            r.repetitions = {rep};
            set.results.push_back(r);
        }
        w.model()->setResultSet(set);
        QTRY_COMPARE(w.sizesChart()->lineCount(), 3);
        QSize one;
        for (double scale : {1.0, 2.0}) {
            const auto path = dir + QStringLiteral("/sizes-%1.png").arg(scale);
            QCOMPARE(w.exportPng(MainWindow::ExportTarget::Sizes, path, scale), QString());
            QImage img(path);
            QVERIFY(!img.isNull());
            if (scale == 1.0)
                one = img.size();
            else
                QCOMPARE(img.size(), one * 2);
        }
        std::filesystem::remove_all(dir.toStdString());
    }
};

THREADMIX_QTEST_MAIN_WITH_TEST_WORKER(TestWindowBehaviour)
#include "tst_windowbehaviour.moc"
