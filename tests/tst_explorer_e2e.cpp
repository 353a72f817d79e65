// End to end under Xvfb: the real window on a real X server runs a tiny sweep from its buttons,
// stays responsive, and leaves screenshots (mid-run and finished) for people to look at.
#include <QDir>
#include <QElapsedTimer>
#include <QPushButton>
#include <QScreen>
#include <QSpinBox>
#include <QTest>
#include <QTimer>

#include "tests/qttestmain.h"
#include "tests/stallmeter.h"
#include "ui/controlpanel.h"
#include "ui/mainwindow.h"
#include "ui/runmodel.h"
#include "ui/sliderspin.h"

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
};

THREADMIX_QTEST_MAIN(TestExplorerE2E)
#include "tst_explorer_e2e.moc"
