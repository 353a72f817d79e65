// Workers x BLAS threads heat map: one cell per configuration, coloured by the chosen layer.
#pragma once

#include <QImage>
#include <QStringList>
#include <QWidget>

#include <optional>
#include <vector>

#include "core/spec/groupkey.h"

namespace threadmix::ui {

class RunModel;

// Whether every group is one library's (its key names a library): a plan run on several
// libraries. The timing bars then follow the heat map's group too.
bool groupsAreLibraries(const std::vector<GroupKey>& groups);
// Groups the window shows side by side, a heat map and bars each: several libraries' (every
// key names a library), or the same plan's rows on several pool kinds (threads and processes).
bool groupsSideBySide(const std::vector<GroupKey>& groups);
// A group's name as the window shows it (groupText).
QString groupName(const GroupKey& group);
// Among `groups`: a thread pool's group beside a process pool's one is named by its kind too
// ("threads: sweep" beside "processes: sweep"), where groupText leaves threads unnamed.
QString groupName(const GroupKey& group, const std::vector<GroupKey>& groups);

class HeatMapView : public QWidget {
    Q_OBJECT
public:
    enum class Layer {
        Speedup,
        Time,
        Gflops,
        PercentOfPeak,
        CpuUse,
        InvoluntarySwitches,
        RatioToComparison
    };

    explicit HeatMapView(RunModel* model, QWidget* parent = nullptr);

    void setLayer(Layer layer);
    // The group of rows the map shows (a library, a workload): rows of different groups never
    // share a map. None: the first group of the model.
    void setGroup(const std::optional<GroupKey>& group);
    const std::optional<GroupKey>& group() const { return m_group; }
    // The groups of the model's rows, in order of first appearance.
    std::vector<GroupKey> groups() const;
    // Whether a model row is drawn on this map.
    bool shown(int row) const;
    // Everything must be painted again (another layer, comparison or machine).
    void invalidate();
    // How often paintEvent painted the whole map (not only changed cells).
    int fullPaints() const { return m_fullPaints; }
    Layer layer() const { return m_layer; }
    // Paints the whole map into `rect` (the widget's paintEvent and PNG export share this).
    void paintMap(QPainter& p, const QRect& rect) const;
    // The text the map writes in a row's cell for the current layer (tests, tooltips).
    QString cellLabel(int row) const;
    // The model row under a widget position, or -1.
    int rowAt(const QPoint& pos) const;
    // Where the staircase (workers x BLAS threads = CPUs) is drawn: this machine's logical
    // CPUs, or for MPI ranks those of the hosts they ran on (MpiRecord::totalCpus), named.
    struct Staircase {
        int cpus = 1;
        QStringList hosts; // the ranks' hosts; empty: this machine
    };
    Staircase staircase() const;
    QSize sizeHint() const override { return {520, 420}; }
    QSize minimumSizeHint() const override { return {260, 220}; }

signals:
    void cellClicked(int row);

protected:
    void paintEvent(QPaintEvent*) override;
    void changeEvent(QEvent* e) override;
    bool event(QEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;

private:
    // The axes are the values present (1, 2, 4, 8, ... need not be contiguous); every cell has
    // the same size and the axes are labelled by value.
    struct Geometry {
        std::vector<int> workers; // rows, bottom to top
        std::vector<int> blas;    // columns, left to right
        QRectF grid;
        double cw = 0, ch = 0;
        // Title and the oversubscription note, wrapped to the map's width, never cut.
        QRectF titleBox, noteBox;
        QString title, note;
        int cpus = 1; // the staircase's CPUs
        double legendLabelWidth = 0;
        // Index of a value on an axis, or -1.
        static int indexOf(const std::vector<int>& axis, int v);
        // (row * columns + column) of a cell, or -1 when it is not on the axes.
        int cellIndex(int w, int b) const;
        QRectF cellAt(int row, int column) const;
        QRectF cell(int w, int b) const { return cellAt(indexOf(workers, w), indexOf(blas, b)); }
        bool valid() const { return cw > 0 && ch > 0; }
    };
    // What a paint needs about the rows, computed once per paint (not once per cell).
    struct Frame {
        std::vector<int> rowOfCell; // Geometry::cellIndex -> model row, or -1
        double lo = 0, hi = 0;      // range of the layer's values, for the sequential scales
        // The diverging scales' reach: 2^span x each side of 1 (covers lo..hi, 2..10).
        int span() const;
    };
    struct CellFonts {
        QFont oneLine, twoLines;
        bool roomForText = false;
    };
    // The colour legend's ticks: position 0..1 along the bar and the label.
    std::vector<std::pair<double, QString>> legendTicks(const Frame& f) const;
    // How many cells of the grid hold a configuration (fewer than the rows when two share one).
    int distinctCells(const Geometry& g) const;
    // The layer's values over every shown group (the scale two maps side by side share).
    void valueRange(double& lo, double& hi) const;
    // What to do when the layer has no value at all (no calibration, no comparison), or "".
    QString emptyLayerText() const;
    Geometry geometry(const QRect& rect) const;
    CellFonts cellFonts(const Geometry& g) const;
    void paintCell(QPainter& p, const Geometry& g, const Frame& f, const CellFonts& fonts,
                   std::size_t cellIndex) const;
    void paintEdge(QPainter& p, const Geometry& g) const;
    // paintMap's steps: the empty layer's note, the axes' values and titles, the colour scale.
    void paintEmptyLayer(QPainter& p, const Geometry& g, const QString& empty) const;
    void paintAxes(QPainter& p, const Geometry& g, const QRect& rect) const;
    void paintScale(QPainter& p, const Geometry& g, const Frame& f) const;
    void rowsChanged(int first, int last);
    Frame frame(const Geometry& g) const;
    std::optional<double> value(int row) const;
    QColor colour(double v, const Frame& f) const;
    QString cellText(int row) const;
    QString title() const;

    RunModel* m_model;
    Layer m_layer = Layer::Speedup;
    // The map as last painted; paintEvent repaints only the cells of changed rows into it.
    QImage m_cache;
    bool m_cacheValid = false;
    Geometry m_cachedGeometry;
    std::optional<GroupKey> m_group;
    Frame m_cachedFrame;
    std::vector<int> m_dirtyRows;
    int m_fullPaints = 0;
};

} // namespace threadmix::ui
