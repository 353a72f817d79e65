// End to end under Xvfb: the real window on a real X server runs a tiny sweep from its buttons,
// stays responsive, and leaves screenshots (mid-run and finished) for people to look at.
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QPushButton>
#include <QScreen>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTest>
#include <QTimer>

#include "tests/qttestmain.h"
#include "tests/stallmeter.h"
#include "ui/window/controlpanel.h"
#include "ui/charts/heatmapview.h"
#include "ui/window/mainwindow.h"
#include "ui/model/runmodel.h"
#include "ui/window/sliderspin.h"
#include "ui/charts/timingbarsview.h"

using namespace threadmix;
using namespace threadmix::ui;

class TestExplorerE2E : public QObject {
    Q_OBJECT
private slots:
    void sweepInTheRealWindow() {
        QVERIFY2(QGuiApplication::platformName() == QStringLiteral("xcb"),
                 "run this test under xvfb-run (it needs a real X server)");
        const QString dir = qEnvironmentVariable("THREADMIX_SCREENSHOT_DIR", QDir::tempPath());
        QDir().mkpath(dir);
        MainWindow w;
        w.setDialogsEnabled(false);
        w.resize(1500, 950);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));

        auto* c = w.controls();
        c->countControl()->setValue(12);
        c->sizeControl()->setValue(200);
        c->repeatsControl()->setValue(3);
        c->warmupControl()->setValue(1);
        c->budgetControl()->setValue(10);
        c->sweepWorkersTo()->setValue(4);
        c->sweepBlasTo()->setValue(4);
        QTest::mouseClick(c->sweepButton(), Qt::LeftButton);
        QVERIFY(w.isRunning());

        // While cells oversubscribe the cores, the event loop keeps turning.
        test::StallMeter stalls;
        bool midShot = false;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                if (!midShot && w.model()->runningRow() >= 5) {
                    midShot = w.screen()->grabWindow(0).save(
                        dir + QStringLiteral("/explorer-sweep-running.png"));
                }
                return !w.isRunning();
            }(),
            180000);
        stalls.stop();
        QVERIFY(midShot);
        QVERIFY2(stalls.worstMs() < 250,
                 qPrintable(QStringLiteral("longest stall %1 ms").arg(stalls.worstMs())));
        QCOMPARE(w.model()->rowCount(), 16);
        // Every cell ended: measured, stopped at its budget, or skipped as predicted too slow
        // from its neighbours (never one of the cells on the W x B = CPUs line).
        int ended = 0, measured = 0;
        for (int r = 0; r < 16; ++r) {
            const auto status = w.model()->result(r).status;
            measured += status == RunStatus::Ok;
            ended += status == RunStatus::Ok || status == RunStatus::TimedOut ||
                     status == RunStatus::Skipped;
        }
        QCOMPARE(ended, 16);
        QVERIFY(measured >= 3);
        QTest::qWait(300);
        const auto shot = w.screen()->grabWindow(0);
        QVERIFY(shot.save(dir + QStringLiteral("/explorer-sweep.png")));
        QVERIFY(shot.width() >= 1000);
        // The timeline of an oversubscribed cell (2 workers x 2 BLAS threads on this machine's
        // CPUs, or the last cell), shown the way a click on it shows it.
        int slow = w.model()->findCell(2, 2);
        w.selectRow(slow >= 0 ? slow : 15, true);
        QTest::qWait(300);
        QVERIFY(w.screen()->grabWindow(0).save(dir + QStringLiteral("/explorer-timeline.png")));
        qInfo("screenshots in %s; longest event-loop stall %lld ms", qPrintable(dir),
              stalls.worstMs());
    }

    // Issue 13's comparison in the window, on a projector-sized window: BLIS and OpenBLAS side
    // by side, one heat map per library, per-call greyed out while only OpenBLAS runs.
    void blisBesideOpenBlas() {
        const QString dir = qEnvironmentVariable("THREADMIX_SCREENSHOT_DIR", QDir::tempPath());
        MainWindow w;
        w.setDialogsEnabled(false);
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* c = w.controls();
        auto* perCall = qobject_cast<QStandardItemModel*>(c->threadControlControl()->model());
        QVERIFY(perCall);
        c->blasLibraryControl()->setCurrentText(QStringLiteral("openblas-pthreads"));
        c->secondLibraryControl()->setCurrentText(QStringLiteral("(none)"));
        QVERIFY(!perCall->item(0)->isEnabled());
        QCOMPARE(c->threadControlControl()->currentText(), QStringLiteral("process-wide"));
        QVERIFY(c->threadControlControl()->toolTip().contains(QStringLiteral("OpenBLAS")));
        c->blasLibraryControl()->setCurrentText(QStringLiteral("blis-openmp"));
        c->secondLibraryControl()->setCurrentText(QStringLiteral("openblas-pthreads"));
        QVERIFY(perCall->item(0)->isEnabled());
        c->threadControlControl()->setCurrentText(QStringLiteral("per-call"));

        c->countControl()->setValue(8);
        c->sizeControl()->setValue(200);
        c->repeatsControl()->setValue(3);
        c->warmupControl()->setValue(1);
        c->budgetControl()->setValue(10);
        c->sweepWorkersTo()->setValue(4);
        c->sweepBlasTo()->setValue(4);
        QTest::mouseClick(c->sweepButton(), Qt::LeftButton);
        QVERIFY(w.isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning(), 240000);
        QCOMPARE(w.model()->rowCount(), 32);
        int perLibrary[2] = {0, 0};
        for (int r = 0; r < 32; ++r) {
            const auto& res = w.model()->result(r);
            const bool blis = res.config.spec.blasLibrary == BlasLibrary::BlisOpenMP;
            perLibrary[blis ? 0 : 1]++;
            QCOMPARE(groupName(res.config.group),
                     blis ? QStringLiteral("blis-openmp") : QStringLiteral("openblas-pthreads"));
            QVERIFY(res.config.spec.threadControl ==
                    (blis ? ThreadControl::PerCall : ThreadControl::ProcessWide));
        }
        QCOMPARE(perLibrary[0], 16);
        QCOMPARE(perLibrary[1], 16);
        // One map and one set of bars per library, side by side; each map shows only its own
        // 16 cells.
        QVERIFY(!w.groupControl()->isVisible());
        QCOMPARE(w.heatMaps().size(), 2);
        QCOMPARE(w.allBars().size(), 2);
        for (int g = 0; g < 2; ++g) {
            auto* map = w.heatMaps()[g];
            QVERIFY(map->group().has_value());
            const auto key = *map->group();
            QCOMPARE(groupName(key),
                     g == 0 ? QStringLiteral("blis-openmp") : QStringLiteral("openblas-pthreads"));
            QVERIFY(w.allBars()[g]->group() == key);
            QVERIFY(map->isVisible());
            int shown = 0;
            for (int r = 0; r < 32; ++r)
                if (map->shown(r)) {
                    ++shown;
                    QVERIFY(w.model()->result(r).config.group == key);
                }
            QCOMPARE(shown, 16);
        }
        QTest::qWait(300);
        QVERIFY(w.grab().save(dir + QStringLiteral("/explorer-side-by-side.png")));
        // The ratio map: BLIS's time / OpenBLAS's in each cell measured on both.
        QCOMPARE(w.compareLibraries(), QString());
        QVERIFY(w.heatMap()->group());
        QCOMPARE(groupName(*w.heatMap()->group()), QStringLiteral("blis-openmp"));
        QVERIFY(!w.heatMaps()[1]->isVisible()); // one ratio map, A / B
        int compared = 0;
        for (int r = 0; r < 32; ++r) {
            const auto& a = w.model()->result(r);
            if (a.config.spec.blasLibrary != BlasLibrary::BlisOpenMP || !a.medianSeconds())
                continue;
            for (int k = 0; k < 32; ++k) {
                const auto& b = w.model()->result(k);
                if (b.config.spec.blasLibrary == BlasLibrary::OpenBlasPthreads &&
                    b.config.spec.workers == a.config.spec.workers &&
                    b.config.spec.blasThreads == a.config.spec.blasThreads && b.medianSeconds()) {
                    QVERIFY(w.model()->comparisonRatio(r).has_value());
                    QCOMPARE(*w.model()->comparisonRatio(r),
                             *a.medianSeconds() / *b.medianSeconds());
                    ++compared;
                }
            }
        }
        QVERIFY(compared >= 3); // at least the cells on and inside the diagonal
        QTest::qWait(300);
        QVERIFY(w.grab().save(dir + QStringLiteral("/explorer-ratio.png")));
    }
};

THREADMIX_QTEST_MAIN(TestExplorerE2E)
#include "tst_explorer_e2e.moc"
