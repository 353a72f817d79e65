// The explorer window: controls, live timing bars and heat map, results table, files, export.
#pragma once

#include <QFont>
#include <QMainWindow>

#include "core/machine/machineinfo.h"
#include "core/run/progressestimate.h"
#include "core/run/runjournal.h"

#include "ui/window/controlpanel.h"
#include <cstddef>
#include <optional>

class QAction;
class QComboBox;
class QLabel;
class QMenu;
class QProgressBar;
class QScrollArea;
class QSplitter;
class QTableView;
class QTimer;

namespace threadmix::ui {

class EngineController;
class HeatMapView;
class SizesView;
class RunModel;
class TimelineView;
class TimingBarsView;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Starts a plan of the given kind from the current controls; false (with a message shown)
    // when a value is refused.
    bool startRun(ControlPanel::PlanKind kind);
    void cancelRun();
    bool isRunning() const;

    // Closing while a run goes on asks first: stop it and keep what finished (the finished
    // configurations are then unsaved results, and the usual save/discard question follows),
    // keep running (the window stays), or the question dismissed (the same as keep running).
    enum class CloseAnswer { StopAndKeep, KeepRunning, Dismissed };
    // With dialogs disabled (tests) the question is answered by this; StopAndKeep by default.
    void setCloseAnswer(CloseAnswer answer) { m_closeAnswer = answer; }
    // How often the close-during-run question was asked (dialog or not).
    int closeQuestionsAsked() const { return m_closeQuestions; }
    // View > Reset to defaults: every control as on a first start; saved control values go.
    void resetToDefaults();

    // File operations; each returns an empty string or the error it showed.
    QString openFile(const QString& path);
    QString saveFile(const QString& path);
    // Puts another result file beside the current results (ratio layer, paired bars).
    QString compareWith(const QString& path);
    // Results of two BLAS libraries: the first (A) against the second (B), cell by cell (the
    // ratio layer and paired bars). Returns the error shown, or "".
    QString compareLibraries();
    // File > Stop comparing: the view as it was before (layer), no A/B layer or message.
    void stopComparing();
    // View > Presentation mode, for the back of the room: full screen, every font
    // kPresentationFontScale x larger, the charts take the window (the control column and the
    // table hide; a slim bar with Run, the study chooser and Cancel stays). Leaving restores the
    // splitters, what was shown and the status line.
    void setPresentationMode(bool on);
    bool presentationMode() const { return m_presenting; }
    static constexpr double kPresentationFontScale = 1.4;
    enum class ExportTarget { Bars, HeatMap, Dashboard, Timeline, Sizes };
    QString exportPng(ExportTarget target, const QString& path, double scale);
    // The picture an export writes, or a null image and why (an empty chart is not exported).
    QImage chartImage(ExportTarget target, double scale, QString* why);
    // File > Copy chart to clipboard: the dashboard picture. Returns the error shown, or "".
    QString copyChart();

    // Tests turn modal error dialogs off; errors then go to the status line only.
    void setDialogsEnabled(bool enabled) { m_dialogs = enabled; }
    // A finished run's results that were not saved since (asked about before they are lost).
    bool hasUnsavedResults() const { return m_unsaved; }

    // Brings back a journal left by a run that was killed: its finished configurations, and
    // with `resume` the rest of its plan is run. Returns an empty string or the error.
    QString restoreJournal(const QString& path, bool resume);
    // Asks about journals of killed runs (called once the window is up).
    void offerRestore();

    // The charts (bars, tabs) and the column of controls beside them; the presentation bar.
    QWidget* chartsArea() const { return m_charts; }
    QWidget* leftColumn() const { return m_left; }
    QWidget* presentationBar() const { return m_presentBar; }
    QSplitter* mainSplitter() const { return m_mainSplit; }
    QSplitter* rightSplitter() const { return m_rightSplit; }
    // Every heat map and bars view shown: one per BLAS library side by side, else one each.
    QList<HeatMapView*> heatMaps() const;
    QList<TimingBarsView*> allBars() const;

    RunModel* model() const { return m_model; }
    ControlPanel* controls() const { return m_controls; }
    TimingBarsView* bars() const { return m_bars; }
    HeatMapView* heatMap() const { return m_heatMap; }
    SizesView* sizesChart() const { return m_sizes; }
    // Which group the heat map shows; hidden while there is one group, and while the groups
    // are BLAS libraries (they are shown side by side).
    QComboBox* groupControl() const { return m_group; }
    TimelineView* timeline() const { return m_timeline; }
    class MachinePanel* machinePanel() const {
        return m_machinePanel;
    }
    // Shows a configuration in the timeline and the explain line.
    void selectRow(int row, bool showTimeline = false);
    QTableView* table() const { return m_table; }
    QLabel* progressLabel() const { return m_progressLabel; }
    QLabel* summaryLabel() const { return m_summary; }

protected:
    void closeEvent(QCloseEvent* e) override;
    void changeEvent(QEvent* e) override;
    void resizeEvent(QResizeEvent* e) override;

private:
    // The constructor's steps (mainwindowlayout.cpp), in the order it takes them: the column of
    // controls and the machine panel; the charts (bars beside the heat map, timeline and sizes
    // tabs); the results table; the summary under the charts; the splitters and the
    // presentation bar; the status line.
    QSplitter* makeLeftColumn();
    QWidget* makeHeatMapBox();
    void makeCharts();
    void setUpTable();
    QWidget* makeChartsAndSummary();
    void makeCentral(QWidget* chartsAndSummary);
    void setUpStatusBar();
    // The menus (mainwindowmenus.cpp).
    void buildMenus();
    void buildFileMenu();
    void addExportMenu(QMenu* file);
    void buildRunMenu();
    void buildViewMenu();
    void buildHelpMenu();
    CloseAnswer askCloseDuringRun();
    // The slim bar presentation mode shows instead of the control column.
    QWidget* makePresentationBar();
    // A heat map or bars view of a group, clicks wired like the first ones.
    void connectMap(HeatMapView* map);
    void connectBars(TimingBarsView* bars);
    // Libraries side by side: the bars share one time scale, the longest bar or dot.
    void updateSharedTimeAxis();
    // The other libraries' maps and bars, hidden while the ratio layer shows A / B.
    void showExtraLibraries();
    bool sideBySide() const { return !m_extraMaps.isEmpty(); }
    // Help > About and Help > How to read the charts.
    QString aboutText() const;
    static QString howToReadTheCharts();
    // Help > Threads or processes?: what a process pool costs and when it wins.
    static QString threadsOrProcessesText();
    // Clicks in the charts and the controls' requests.
    void connectViews();
    // Geometry, splitters, layer and controls as the user left them.
    void restoreWindowSettings();
    void connectEngine();
    void updateProgress();
    void updateSummary();
    // The heat map's group chooser follows the groups of the model's rows.
    void updateGroups();
    // Whether `libraries` maps and bars side by side fit the chart area's width.
    bool sideBySideFits(std::size_t libraries) const;
    bool eventFilter(QObject* watched, QEvent* e) override;
    static constexpr int kSideBySideBars = 150, kSideBySideMap = 220; // at a 17 px line
    bool m_librariesSideBySide = false;
    // A study's bars have the charts' wider share (its rows are the answer; its map is a
    // by-product of rows that differ in more than workers and BLAS threads).
    bool m_barsWide = false;
    void setRunningUi(bool running);
    void exportDialog(ExportTarget target, double scale);
    void reportError(const QString& title, const QString& message);
    // With unsaved results: asks to save, discard or cancel `doing` ("A new run" ...); true to
    // go on. Always true without unsaved results or with dialogs disabled (tests).
    bool confirmDiscard(const QString& doing);

    MachineInfo m_machine;
    RunModel* m_model;
    EngineController* m_controller;
    ControlPanel* m_controls;
    TimingBarsView* m_bars;
    HeatMapView* m_heatMap = nullptr;
    TimelineView* m_timeline;
    QComboBox* m_layer;
    SizesView* m_sizes = nullptr;
    int m_layerBeforeComparing = 0;
    QAction* m_presentation = nullptr;
    bool m_presenting = false;
    bool m_wasMaximized = false;
    QFont m_normalFont;
    void rememberViewBeforeComparing();
    QComboBox* m_group = nullptr; // which group the heat map shows (several libraries)
    QLabel* m_groupLabel = nullptr;
    class MachinePanel* m_machinePanel = nullptr;
    QTableView* m_table;
    QSplitter* m_mainSplit;
    QSplitter* m_rightSplit;
    QSplitter* m_chartSplit;
    QWidget* m_charts;
    class QTabWidget* m_tabs = nullptr;
    QProgressBar* m_progress;
    QLabel* m_progressLabel;
    QLabel* m_summary;
    QScrollArea* m_summaryScroll = nullptr;
    QTimer* m_ticker;
    QList<QAction*> m_idleOnly;
    ProgressEstimate m_estimate;
    QString m_runningLabel;
    bool m_dialogs = true;
    CloseAnswer m_closeAnswer = CloseAnswer::StopAndKeep;
    int m_closeQuestions = 0;
    QWidget* m_left = nullptr;
    QWidget* m_presentBar = nullptr;
    QList<QWidget*> m_presentRunButtons; // enabled while idle
    QWidget* m_presentCancel = nullptr;
    QWidget* m_mapsBox = nullptr;
    QWidget* m_barsBox = nullptr;
    QList<HeatMapView*> m_extraMaps; // the second and later libraries' maps, side by side
    QList<TimingBarsView*> m_extraBars;
    // What presentation mode hid or changed, to put back exactly.
    QByteArray m_splitsBeforePresenting[2];
    QSize m_sizeBeforePresenting;
    QRect m_geometryBeforePresenting;
    bool m_splitsPending = false;
    QString m_statusBeforePresenting;
    bool m_unsaved = false;
    int m_selectedRow = -1; // the configuration the timeline and the explain line show
};

} // namespace threadmix::ui
