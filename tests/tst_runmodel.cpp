// RunModel through QAbstractItemModelTester: live rows, cancel, loading a file.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

#include "core/run/libraryprobe.h"
#include "core/spec/plan.h"
#include "tests/qttestmain.h"
#include "tests/testsupport.h"
#include "ui/charts/heatmapview.h"
#include "ui/model/runmodel.h"

using namespace threadmix;
using threadmix::ui::RunModel;

namespace {

Plan sweepPlan() {
    PlanOptions o;
    o.base = test::tinySpec();
    o.logicalCpus = 2;
    o.physicalCores = 2;
    o.workersAxis = {1, 2};
    o.blasAxis = {1, 2};
    return makeSweep(o);
}

RepetitionResult rep(double seconds) {
    RepetitionResult r;
    r.wallSeconds = seconds;
    r.cpuSeconds = seconds;
    return r;
}

} // namespace

class TestRunModel : public QObject {
    Q_OBJECT
private slots:
    void heatMapRepaintsOnlyChangedCellsAndMatchesAFullPaint() {
        PlanOptions o;
        o.base = test::tinySpec();
        o.logicalCpus = 4;
        o.physicalCores = 4;
        o.workersAxis = {1, 2, 3, 4};
        o.blasAxis = {1, 2, 3, 4};
        const Plan plan = makeSweep(o);
        RunModel model;
        MachineInfo m;
        m.logicalCpus = 4;
        model.startPlan(plan, m);
        auto finish = [&](int row, double seconds) {
            ConfigResult r;
            r.config = plan.configs[std::size_t(row)];
            r.repetitions = {rep(seconds), rep(seconds)};
            model.finishConfig(row, r);
        };
        for (int row = 0; row < 10; ++row)
            finish(row, 1.0 / (1 + row % 3));
        threadmix::ui::HeatMapView cached(&model);
        cached.resize(600, 480);
        cached.grab(); // paints the whole map into its cache
        QCOMPARE(cached.fullPaints(), 1);
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        finish(10, 0.5); // not the baseline: only its own row changes
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes[0][0].toModelIndex().row(), 10);
        QCOMPARE(changes[0][1].toModelIndex().row(), 10);
        model.setRunning(11);
        const QImage partial = cached.grab().toImage();
        threadmix::ui::HeatMapView fresh(&model);
        fresh.resize(600, 480);
        const QImage full = fresh.grab().toImage();
        QCOMPARE(partial.size(), full.size());
        if (partial != full) {
            int x0 = 1 << 30, y0 = 1 << 30, x1 = -1, y1 = -1;
            for (int y = 0; y < full.height(); ++y)
                for (int x = 0; x < full.width(); ++x)
                    if (partial.pixel(x, y) != full.pixel(x, y)) {
                        x0 = std::min(x0, x);
                        y0 = std::min(y0, y);
                        x1 = std::max(x1, x);
                        y1 = std::max(y1, y);
                    }
            qWarning("differ in %d,%d..%d,%d", x0, y0, x1, y1);
        }
        QVERIFY2(partial == full, "the repainted cells differ from a full paint");
        QCOMPARE(cached.fullPaints(), 1); // the two changed cells only
        // A new baseline time changes every cell's speed-up: all rows change.
        changes.clear();
        finish(0, 2.0);
        QCOMPARE(changes[0][0].toModelIndex().row(), 0);
        QCOMPARE(changes[0][1].toModelIndex().row(), model.rows() - 1);
        threadmix::ui::HeatMapView again(&model);
        again.resize(600, 480);
        QVERIFY(cached.grab().toImage() == again.grab().toImage());
        QCOMPARE(cached.fullPaints(), 2);
    }

    void liveRowsPassTheModelTester() {
        RunModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(RunModel::SortRole);
        proxy.sort(RunModel::Median);
        QAbstractItemModelTester proxyTester(
            &proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);

        model.startPlan(sweepPlan(), collectMachineInfo());
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.columnCount(), int(RunModel::ColumnCount));
        QCOMPARE(model.data(model.index(0, RunModel::Status)).toString(),
                 QStringLiteral("waiting"));
        model.setRunning(0);
        QCOMPARE(model.runningRow(), 0);
        model.addRepetition(0, rep(2.0));
        model.addRepetition(0, rep(2.2));
        QCOMPARE(model.data(model.index(0, RunModel::Repetitions)).toInt(), 2);
        auto done = model.result(0);
        done.status = RunStatus::Ok;
        model.finishConfig(0, done);
        model.setRunning(1);
        model.addRepetition(1, rep(1.05));
        auto r1 = model.result(1);
        model.finishConfig(1, r1);
        QCOMPARE(model.data(model.index(1, RunModel::Speedup)).toString(), QStringLiteral("2.00"));
        QCOMPARE(model.data(model.index(1, RunModel::Speedup), RunModel::SortRole).toDouble(), 2.0);
        QVERIFY(!model.data(model.index(1, 0), Qt::ToolTipRole).toString().isEmpty());
        // Sorting by the median puts the faster row first.
        QCOMPARE(proxy.mapToSource(proxy.index(proxy.rowCount() - 1, 0)).row(), 0);

        model.setRunning(2);
        model.addRepetition(2, rep(3.0));
        model.cancelRun();
        QCOMPARE(model.rowCount(), 3); // the never-started 2 x 2 row is gone
        QVERIFY((model.result(2).status) == (RunStatus::Cancelled));
        QCOMPARE(model.result(2).repetitions.size(), std::size_t(1)); // what finished is kept
        QCOMPARE(model.runningRow(), -1);
        QCOMPARE(int(model.resultSet().results.size()), 3);

        model.setResultSet(model.resultSet());
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.findCell(2, 1), 2);
        QCOMPARE(model.findCell(9, 9), -1);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }
};

THREADMIX_QTEST_MAIN(TestRunModel)
#include "tst_runmodel.moc"
