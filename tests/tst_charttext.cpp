// Every text every chart paints is shown in full: studies, pitfalls, sizes, a sweep with
// timed-out and skipped cells and two libraries, in the window's panes at 1280x800 (scale 1 and
// 1.5), 1920x1080, presentation-mode fonts, and in every export at scale 1 and 2.
#include <QApplication>
#include <QPainter>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTest>

#include "core/results/configresult.h"
#include "core/spec/plan.h"
#include "tests/qttestmain.h"
#include "ui/charts/charttext.h"
#include "ui/charts/heatmapview.h"
#include "ui/charts/sizesview.h"
#include "ui/charts/timelineview.h"
#include "ui/charts/timingbarsparts.h"
#include "ui/charts/timingbarsview.h"
#include "ui/model/runmodel.h"
#include "ui/uientry.h"
#include "ui/window/mainwindow.h"

using namespace threadmix;
using namespace threadmix::ui;

namespace {

MachineInfo machine() {
    MachineInfo m;
    m.cpuModel = "AMD EPYC 9B45 128-Core Processor";
    m.logicalCpus = 2;
    m.physicalCores = 2;
    m.date = "2026-11-30T12:00:00Z";
    m.blasVersion = "0.9.0";
    return m;
}

// A measured repetition of `wall` seconds, a `dataShare` of it making data, with task records.
RepetitionResult rep(double wall, double dataShare, const RunSpec& s) {
    RepetitionResult r;
    r.wallSeconds = wall;
    r.dataSeconds = wall * dataShare;
    r.computeSeconds = wall - r.dataSeconds;
    r.cpuSeconds = wall * s.workers;
    r.ctxInvoluntary = 10 * s.workers * s.blasThreads;
    const int lanes = std::max(1, s.workers);
    const auto tasks = std::max<std::int64_t>(1, s.count);
    const double each = wall * lanes / double(tasks);
    for (std::int64_t t = 0; t < tasks; ++t) {
        TaskRecord k;
        k.worker = int(t % lanes);
        k.start = double(t / lanes) * each;
        k.dataEnd = k.start + each * dataShare;
        k.end = k.start + each;
        r.tasks.push_back(k);
    }
    return r;
}

// Every configuration of a plan measured: row i takes `seconds(i)`, three repetitions.
template <typename F> ResultSet measured(const Plan& plan, F seconds) {
    ResultSet set;
    set.kind = plan.kind;
    set.machine = machine();
    for (std::size_t i = 0; i < plan.configs.size(); ++i) {
        ConfigResult r;
        r.config = plan.configs[i];
        r.config.spec.repeats = 3;
        const double t = seconds(i, r);
        if (r.status == RunStatus::Ok)
            for (double k : {0.97, 1.0, 1.06})
                r.repetitions.push_back(
                    rep(t * k, r.config.spec.data == DataPlacement::Upfront ? 0.4 : 0.08,
                        r.config.spec));
        r.elapsedSeconds = r.status == RunStatus::Ok ? t * 4 : t;
        set.results.push_back(std::move(r));
    }
    return set;
}

PlanOptions options() {
    PlanOptions o;
    o.base.count = 24;
    o.base.size = 1000;
    o.logicalCpus = 2;
    o.physicalCores = 2;
    return o;
}

ResultSet study() {
    return measured(makeCombineStudy(options()),
                    [](std::size_t i, ConfigResult&) { return 0.35 + 0.4 * double(i % 3); });
}

ResultSet pitfalls() {
    return measured(makePitfallsStudy(options()),
                    [](std::size_t i, ConfigResult&) { return 0.066 + 0.05 * double(i); });
}

ResultSet sizes() {
    return measured(makeSizeSweep(options(), {64, 128, 256, 512, 1024, 2048}),
                    [](std::size_t i, ConfigResult& r) {
                        const double n = double(r.config.spec.size);
                        const double strategy[] = {1.0, 0.55, 0.7};
                        return 2e-9 * n * n * n / 50.0 * strategy[i % 3] *
                               (i % 3 == 1 && n > 500 ? 1.6 : 1.0) * double(r.config.spec.count);
                    });
}

// A 4x4 sweep whose oversubscribed corner timed out or was skipped.
ResultSet sweep(std::vector<BlasLibrary> libs = {}) {
    auto o = options();
    o.workersAxis = {1, 2, 3, 4};
    o.blasAxis = {1, 2, 3, 4};
    o.libraries = std::move(libs);
    return measured(makeSweep(o), [](std::size_t, ConfigResult& r) {
        const auto& s = r.config.spec;
        const int threads = s.workers * s.blasThreads;
        if (threads >= 12) {
            r.status = threads == 16 ? RunStatus::Skipped : RunStatus::TimedOut;
            r.reason = threads == 16 ? "predicted more than 4x slower than the best cell"
                                     : "time budget of 3.0 s used up";
            return threads == 16 ? 0.0 : 3.004;
        }
        return threads <= 2 ? 0.5 / threads : 0.1 * threads;
    });
}

struct Scene {
    const char* name;
    ResultSet set;
};

std::vector<Scene> scenes() {
    return {{"study", study()},
            {"pitfalls", pitfalls()},
            {"sizes", sizes()},
            {"sweep 4x4", sweep()},
            {"two libraries", sweep({BlasLibrary::BlisOpenMP, BlasLibrary::OpenBlasPthreads})}};
}

// Pane sizes of the window's charts: 1280x800 at scale 1 and at 150% (853x533 logical),
// 1920x1080, and a projector in presentation mode (fonts 1.4x, charts taking the screen).
struct Pane {
    const char* name;
    QSize size;
    double fontScale;
};
const Pane kPanes[] = {{"1280x800", {470, 380}, 1.0},
                       {"1280x800 at 150%", {330, 300}, 1.0},
                       {"1920x1080", {760, 560}, 1.0},
                       {"presentation 1280x800", {600, 520}, 1.4},
                       {"presentation 1280x800 at 150%", {420, 360}, 1.4}};

QString report(const QString& where, const charttext::Audit& audit) {
    return where + QStringLiteral(":\n  ") + audit.problems().join(QStringLiteral("\n  "));
}

// With THREADMIX_SHOTS=DIR every painted pane is also saved there, for a person to look at.
void save(const QImage& img, const QString& name) {
    const QString dir = qEnvironmentVariable("THREADMIX_SHOTS");
    if (dir.isEmpty())
        return;
    QString file = name;
    file.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9.]+")), QStringLiteral("-"));
    img.save(dir + QStringLiteral("/") + file + QStringLiteral(".png"));
}

template <typename View> void paintAt(View& view, const Pane& pane, const QString& name = {}) {
    QFont f = QApplication::font();
    f.setPointSizeF(f.pointSizeF() * pane.fontScale);
    view.setFont(f);
    view.resize(pane.size);
    QImage img(pane.size, QImage::Format_ARGB32);
    img.fill(Qt::white);
    view.render(&img);
    if (!name.isEmpty())
        save(img, name + QStringLiteral(" ") + QLatin1String(pane.name));
}

} // namespace

class TestChartText : public QObject {
    Q_OBJECT
private slots:
    // A tick's label is its value: a step of 0.25 prints 0.25 and 0.75, not 0.3 and 0.8.
    void tickLabelsSayTheirValueExactly() {
        QCOMPARE(threadmix::ui::barsparts::tickText(0.25, 0.25), QStringLiteral("0.25"));
        QCOMPARE(threadmix::ui::barsparts::tickText(0.75, 0.25), QStringLiteral("0.75"));
        QCOMPARE(threadmix::ui::barsparts::tickText(0.5, 0.5), QStringLiteral("0.5"));
        QCOMPARE(threadmix::ui::barsparts::tickText(2, 1), QStringLiteral("2"));
        QCOMPARE(threadmix::ui::barsparts::tickText(0, 0.25), QStringLiteral("0"));
        QCOMPARE(threadmix::ui::barsparts::tickText(0.04, 0.02), QStringLiteral("0.04"));
        QCOMPARE(threadmix::ui::barsparts::tickText(25, 25), QStringLiteral("25"));
        QCOMPARE(threadmix::ui::barsparts::tickText(0.0025 * 3, 0.0025), QStringLiteral("0.0075"));
    }

    void everyTextOfEveryChartIsShownInFull() {
        for (const auto& scene : scenes()) {
            RunModel model;
            model.setResultSet(scene.set);
            HeatMapView map(&model);
            const auto groups = map.groups();
            for (const auto& pane : kPanes) {
                for (const auto& key : groups) {
                    const QString group = groupName(key);
                    const QString where =
                        QStringLiteral("%1, %2, group %3")
                            .arg(QLatin1String(scene.name), QLatin1String(pane.name), group);
                    charttext::Audit audit;
                    TimingBarsView bars(&model);
                    const auto only = groups.size() > 1 ? std::optional(key) : std::nullopt;
                    bars.setGroup(only);
                    paintAt(bars, pane,
                            QStringLiteral("%1 bars %2").arg(QLatin1String(scene.name), group));
                    map.setGroup(only);
                    for (int layer = 0; layer <= int(HeatMapView::Layer::RatioToComparison);
                         ++layer) {
                        map.setLayer(HeatMapView::Layer(layer));
                        paintAt(
                            map, pane,
                            layer == 0
                                ? QStringLiteral("%1 map %2").arg(QLatin1String(scene.name), group)
                                : QString());
                    }
                    SizesView sizesView(&model);
                    paintAt(sizesView, pane,
                            scene.set.kind == PlanKind::Sizes
                                ? QStringLiteral("%1 sizes").arg(QLatin1String(scene.name))
                                : QString());
                    TimelineView timeline(&model);
                    for (int row = 0; row < model.rows(); ++row)
                        if (model.result(row).config.group == key) {
                            timeline.setRow(row);
                            break;
                        }
                    paintAt(timeline, pane,
                            QStringLiteral("%1 timeline %2").arg(QLatin1String(scene.name), group));
                    QVERIFY2(audit.problems().isEmpty(), qPrintable(report(where, audit)));
                    QVERIFY(audit.texts().size() > 10); // the audit saw the charts' text
                }
            }
        }
    }

    // The real window's layout: every chart pane, after each scene, at 1280x800, at 150% (853x533
    // logical), at 1920x1080 and in presentation mode, on every tab.
    void theWindowShowsEveryChartTextInFull() {
        struct Size {
            const char* name;
            QSize size;
            bool presenting;
        };
        const Size sizes[] = {{"1280x800", {1280, 800}, false},
                              {"1280x800 at 150%", {853, 533}, false},
                              {"1920x1080", {1920, 1080}, false},
                              {"presentation 1280x800", {1280, 800}, true}};
        for (const auto& size : sizes) {
            MainWindow w;
            w.setDialogsEnabled(false);
            w.show();
            if (size.presenting)
                w.setPresentationMode(true);
            w.setMinimumSize(0, 0);
            w.resize(size.size);
            for (const auto& scene : scenes()) {
                w.model()->setResultSet(scene.set);
                w.selectRow(1);
                QApplication::processEvents();
                for (int tab = 0; tab < 3; ++tab) {
                    charttext::Audit audit;
                    QWidget* shown = tab == 0   ? static_cast<QWidget*>(w.heatMap())
                                     : tab == 1 ? static_cast<QWidget*>(w.timeline())
                                                : static_cast<QWidget*>(w.sizesChart());
                    if (auto* tabs = qobject_cast<QTabWidget*>(
                            shown->parentWidget() ? shown->parentWidget()->parentWidget()
                                                  : nullptr))
                        tabs->setCurrentIndex(tab);
                    QApplication::processEvents();
                    const QImage image = w.grab().toImage();
                    save(image, QStringLiteral("window %1 %2 tab %3")
                                    .arg(QLatin1String(scene.name), QLatin1String(size.name))
                                    .arg(tab));
                    const QString where =
                        QStringLiteral("window %1, %2, tab %3")
                            .arg(QLatin1String(scene.name), QLatin1String(size.name))
                            .arg(tab);
                    QVERIFY2(audit.problems().isEmpty(), qPrintable(report(where, audit)));
                    QVERIFY2(audit.texts().size() > 5, qPrintable(where));
                }
                // Every export of the window, as File > Export PNG writes it, at 1x and 2x.
                for (auto target :
                     {MainWindow::ExportTarget::Bars, MainWindow::ExportTarget::HeatMap,
                      MainWindow::ExportTarget::Timeline, MainWindow::ExportTarget::Sizes,
                      MainWindow::ExportTarget::Dashboard})
                    for (double scale : {1.0, 2.0}) {
                        charttext::Audit audit;
                        QString why;
                        const QImage image = w.chartImage(target, scale, &why);
                        const QString where =
                            QStringLiteral("window export %1 of %2, %3, %4x")
                                .arg(int(target))
                                .arg(QLatin1String(scene.name), QLatin1String(size.name))
                                .arg(scale);
                        if (image.isNull())
                            continue; // an empty chart is not exported (it says why)
                        save(image, where);
                        QVERIFY2(audit.problems().isEmpty(), qPrintable(report(where, audit)));
                    }
            }
            if (size.presenting)
                w.setPresentationMode(false);
        }
    }

    void everyExportShowsEveryTextInFull() {
        for (const auto& scene : scenes())
            for (double scale : {1.0, 2.0}) {
                charttext::Audit audit;
                const QImage image = dashboardImage(scene.set, scale);
                QVERIFY(!image.isNull());
                save(image,
                     QStringLiteral("export %1 %2x").arg(QLatin1String(scene.name)).arg(scale));
                const QString where =
                    QStringLiteral("%1 export at %2x").arg(QLatin1String(scene.name)).arg(scale);
                QVERIFY2(audit.problems().isEmpty(), qPrintable(report(where, audit)));
                QVERIFY(audit.texts().size() > 10);
            }
    }

    // The audit itself finds a cut text: a test that cannot fail is worth nothing.
    void theAuditFindsACutText() {
        charttext::Audit audit;
        QImage img(300, 300, QImage::Format_ARGB32);
        QPainter p(&img);
        {
            const charttext::PaintPass pass;
            charttext::draw(p, QRectF(0, 0, 30, 12), Qt::AlignLeft,
                            QStringLiteral("a label far too long for its box"));
            charttext::draw(p, QRectF(0, 200, 180, 30), Qt::AlignLeft, QStringLiteral("cut..."));
        }
        QCOMPARE(audit.problems().size(), 2);
        audit.clear();
        {
            const charttext::PaintPass pass;
            charttext::draw(p, QRectF(0, 0, 200, 30), Qt::AlignLeft, QStringLiteral("one text"));
            charttext::draw(p, QRectF(10, 5, 200, 30), Qt::AlignLeft, QStringLiteral("another"));
        }
        QCOMPARE(audit.problems().size(), 1); // the two overlap
        audit.clear();
        for (int i = 0; i < 2; ++i) { // the same text in two paints is no overlap
            const charttext::PaintPass pass;
            charttext::draw(p, QRectF(0, 0, 200, 30), Qt::AlignLeft, QStringLiteral("one text"));
        }
        QVERIFY(audit.problems().isEmpty());
    }

    // A timed-out or skipped bar never sets the time axis; it says its bound in one language.
    void incompleteBarsNeitherSetTheAxisNorSpeakTwoLanguages() {
        RunModel model;
        model.setResultSet(sweep());
        TimingBarsView bars(&model);
        bars.resize(700, 900);
        // The finished bars reach 0.95 s; the timed-out ones used 3.0 s.
        QVERIFY2(bars.axisEnd() < 1.5, qPrintable(QString::number(bars.axisEnd())));
        HeatMapView map(&model);
        for (int row = 0; row < model.rows(); ++row) {
            const auto& r = model.result(row);
            const QString word = QString::fromStdString(incompleteText(r));
            if (r.status == RunStatus::TimedOut) {
                QCOMPARE(word, QStringLiteral("timed out > 3.0 s"));
                QCOMPARE(map.cellLabel(row), QStringLiteral("timed out\n> 3.0 s"));
                QCOMPARE(model.data(model.index(row, RunModel::Status)).toString(), word);
                QCOMPARE(model.data(model.index(row, RunModel::Median)).toString(), word);
            }
            if (r.status == RunStatus::Skipped) {
                QCOMPARE(map.cellLabel(row), QStringLiteral("skipped"));
                QCOMPARE(model.data(model.index(row, RunModel::Status)).toString(),
                         QStringLiteral("skipped"));
            }
        }
    }

    // An empty layer says what to do instead of drawing a blank map with a scale.
    void anEmptyLayerSaysWhatToDo() {
        RunModel model;
        model.setResultSet(sweep());
        HeatMapView map(&model);
        map.setLayer(HeatMapView::Layer::PercentOfPeak);
        charttext::Audit audit;
        paintAt(map, kPanes[0]);
        bool told = false;
        for (const auto& t : audit.texts())
            told |= t.text.contains(QStringLiteral("Calibrate"));
        QVERIFY(told);
    }
};

THREADMIX_QTEST_MAIN(TestChartText)
#include "tst_charttext.moc"
