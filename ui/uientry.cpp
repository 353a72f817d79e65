// Starting the window, and headless rendering of result charts.
#include "ui/uientry.h"

#include <QApplication>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QTimer>
#include <QWidget>

#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <memory>

#include "core/measure/repetition.h"
#include "core/results/libraries.h"
#include "ui/charts/chartexport.h"
#include "ui/charts/heatmapview.h"
#include "ui/window/mainwindow.h"
#include "ui/model/runmodel.h"
#include "ui/charts/sizesview.h"
#include "ui/charts/timingbarsview.h"
#include "ui/window/tooltipwrapper.h"

namespace threadmix::ui {

namespace {

void setApplicationNames() {
    QCoreApplication::setOrganizationName(QStringLiteral("ThreadMix"));
    QCoreApplication::setApplicationName(QStringLiteral("ThreadMix"));
}

} // namespace

bool displayAvailable() {
    for (const char* v : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) {
        const char* value = std::getenv(v);
        if (value && *value)
            return true;
    }
    return false;
}

int runExplorer(int argc, char** argv, const std::string& openPath) {
    QApplication app(argc, argv);
    setApplicationNames();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/threadmix/threadmix.svg")));
    app.installEventFilter(new TooltipWrapper(&app));
    MainWindow window;
    window.show();
    if (openPath.empty())
        QTimer::singleShot(0, &window, &MainWindow::offerRestore);
    else
        QTimer::singleShot(
            0, &window, [&window, openPath] { window.openFile(QString::fromStdString(openPath)); });
    if (qEnvironmentVariableIsSet("THREADMIX_STARTUP_PROBE")) {
        // For the benchmark: report when the first frame has been painted, then leave.
        QTimer::singleShot(0, &window, [&window] {
            window.repaint();
            std::printf("threadmix-window-up %.6f\n", monotonicSeconds());
            std::fflush(stdout);
            QCoreApplication::quit();
        });
    }
    return app.exec();
}

Status renderResultsPng(const ResultSet& set, const std::string& path, double scale) {
    std::unique_ptr<QApplication> app;
    if (!QCoreApplication::instance()) {
        // The offscreen platform's notices (no XDG_RUNTIME_DIR, no size hints) mean nothing to
        // a command-line user; real errors still get through.
        qInstallMessageHandler([](QtMsgType type, const QMessageLogContext&, const QString& msg) {
            if (type >= QtCriticalMsg)
                std::fprintf(stderr, "threadmix: %s\n", qPrintable(msg));
        });
        if (!displayAvailable())
            qputenv("QT_QPA_PLATFORM", "offscreen");
        static int argc = 1;
        static char name[] = "threadmix";
        static char* argv[] = {name, nullptr};
        app = std::make_unique<QApplication>(argc, argv);
        setApplicationNames();
    }
    const auto image = dashboardImage(set, scale);
    const auto error = savePng(image, QString::fromStdString(path));
    if (!error.isEmpty())
        return Error{error.toStdString()};
    return success();
}

QImage dashboardImage(const ResultSet& set, double scale) {
    RunModel model;
    model.setResultSet(set);
    QWidget canvas;
    canvas.setAttribute(Qt::WA_DontShowOnScreen);
    // A slide is read from afar: every text of the picture a quarter larger than on screen.
    QFont slideFont = canvas.font();
    slideFont.setPointSizeF(slideFont.pointSizeF() * 1.25);
    canvas.setFont(slideFont);
    canvas.setAutoFillBackground(true);
    canvas.setPalette(QPalette(Qt::white));
    const int rows = std::max(1, model.rows());
    const bool sweep = set.kind == PlanKind::Sweep;
    const auto groups = HeatMapView(&model).groups();
    std::vector<TimingBarsView*> bars;
    if (sweep && groups.size() > 1 && groupsSideBySide(groups)) {
        // Several libraries or pool kinds: their heat maps side by side on top (one colour
        // scale), each one's timing bars under its map.
        auto* grid = new QGridLayout(&canvas);
        // One time scale for the bars side by side: the longest finished bar or dot of any
        // library (a bar that did not finish never sets the axis).
        const double longest = longestFinished(model);
        int column = 0;
        int tallest = 0;
        for (const auto& g : groups) {
            auto* map = new HeatMapView(&model);
            map->setGroup(g);
            auto* b = new TimingBarsView(&model);
            b->setAxisAtLeast(longest);
            b->setGroup(g);
            bars.push_back(b);
            grid->addWidget(map, 0, column);
            grid->addWidget(b, 1, column);
            ++column;
            int inGroup = 0;
            for (int r = 0; r < model.rows(); ++r)
                inGroup += model.result(r).config.group == g;
            tallest = std::max(tallest, inGroup);
        }
        grid->setRowStretch(0, 3);
        grid->setRowStretch(1, 2 + tallest / 8);
        canvas.resize(800 * int(groups.size()), 600 + std::clamp(160 + 26 * tallest, 400, 900));
    } else {
        auto* layout = new QHBoxLayout(&canvas);
        auto* b = new TimingBarsView(&model);
        bars.push_back(b);
        layout->addWidget(b, 1);
        if (sweep) {
            // One map per group: rows of different groups never share a map.
            for (const auto& g : groups) {
                auto* map = new HeatMapView(&model);
                map->setGroup(groups.size() > 1 ? std::optional(g) : std::nullopt);
                layout->addWidget(map, 1);
            }
            canvas.resize(900 + 650 * int(std::max<std::size_t>(1, groups.size())),
                          std::clamp(220 + 26 * rows, 560, 1100));
        } else if (set.kind == PlanKind::Sizes) {
            // The size sweep's answer: time against size, crossover marked, beside the bars.
            const auto libs = librariesIn(set.results);
            for (auto lib : libs) {
                auto* sizes = new SizesView(&model);
                if (libs.size() > 1)
                    sizes->setLibrary(QString::fromUtf8(toString(lib)));
                layout->addWidget(sizes, 1);
            }
            canvas.resize(1000 + 700 * int(libs.size()), std::clamp(200 + 30 * rows, 600, 1100));
        } else {
            canvas.resize(1100, std::clamp(160 + 56 * rows, 360, 1100));
        }
    }
    canvas.show();
    // Laid out at the final size; the charts paint from the model when rendered.
    QCoreApplication::processEvents();
    return renderWithCaption(&canvas, captionLines(model), scale);
}

} // namespace threadmix::ui
