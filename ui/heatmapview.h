// Workers x BLAS threads heat map: one cell per configuration, coloured by the chosen layer.
#pragma once

#include <QWidget>

#include <optional>
#include <vector>

namespace threadmix::ui {

class RunModel;

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
    Layer layer() const { return m_layer; }
    // Paints the whole map into `rect` (the widget's paintEvent and PNG export share this).
    void paintMap(QPainter& p, const QRect& rect) const;
    // The text the map writes in a row's cell for the current layer (tests, tooltips).
    QString cellLabel(int row) const;
    // The model row under a widget position, or -1.
    int rowAt(const QPoint& pos) const;
    QSize sizeHint() const override { return {520, 420}; }
    QSize minimumSizeHint() const override { return {260, 220}; }

signals:
    void cellClicked(int row);

protected:
    void paintEvent(QPaintEvent*) override;
    bool event(QEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;

private:
    struct Geometry {
        int w0 = 1, w1 = 1, b0 = 1, b1 = 1;
        QRectF grid;
        double cw = 0, ch = 0;
        QRectF cell(int workers, int blas) const;
        bool valid() const { return cw > 0 && ch > 0; }
    };
    // What a paint needs about the rows, computed once per paint (not once per cell).
    struct Frame {
        std::vector<int> rowOfCell; // (w - w0) * columns + (b - b0) -> row, or -1
        std::optional<double> baselineSeconds;
        double lo = 0, hi = 0; // range of the layer's values, for the sequential scales
    };
    Geometry geometry(const QRect& rect) const;
    Frame frame(const Geometry& g) const;
    std::optional<double> value(int row, const Frame& f) const;
    QColor colour(double v, const Frame& f) const;
    QString cellText(int row, const Frame& f) const;
    QString title() const;

    RunModel* m_model;
    Layer m_layer = Layer::Speedup;
};

} // namespace threadmix::ui
