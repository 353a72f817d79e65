// The heat map widget: hit-testing, tooltips and the cached image it repaints cell by cell
// (the painting itself is in heatmappaint.cpp).
#include "ui/heatmapview.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>

#include "ui/runmodel.h"

namespace threadmix::ui {

HeatMapView::HeatMapView(RunModel* model, QWidget* parent) : QWidget(parent), m_model(model) {
    setMouseTracking(true);
    auto all = [this] { invalidate(); };
    connect(model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex& a, const QModelIndex& b) { rowsChanged(a.row(), b.row()); });
    connect(model, &QAbstractItemModel::modelReset, this, all);
    connect(model, &QAbstractItemModel::rowsInserted, this, all);
    connect(model, &QAbstractItemModel::rowsRemoved, this, all);
    setToolTip(tr("Each cell is one configuration: pool workers (up) x BLAS threads per "
                  "operation (across). Cells right of and above the black line run more threads "
                  "than the machine has logical CPUs. Click a cell to load it into the controls."));
}

void HeatMapView::setLayer(Layer layer) {
    m_layer = layer;
    invalidate();
}

void HeatMapView::changeEvent(QEvent* e) {
    if (e->type() == QEvent::FontChange || e->type() == QEvent::PaletteChange)
        m_cacheValid = false;
    QWidget::changeEvent(e);
}

QString HeatMapView::cellLabel(int row) const {
    if (row < 0 || row >= m_model->rows())
        return {};
    return cellText(row);
}

void HeatMapView::invalidate() {
    m_cacheValid = false;
    m_dirtyRows.clear();
    update();
}

void HeatMapView::rowsChanged(int first, int last) {
    if (!m_cacheValid)
        return update();
    if (last - first + 1 >= m_model->rows())
        return invalidate();
    for (int r = first; r <= last; ++r)
        m_dirtyRows.push_back(r);
    update();
}

void HeatMapView::paintEvent(QPaintEvent*) {
    const qreal dpr = devicePixelRatioF();
    const QSize pixels = (QSizeF(size()) * dpr).toSize();
    if (m_cacheValid && (m_cache.size() != pixels || m_cache.devicePixelRatio() != dpr))
        m_cacheValid = false;
    if (m_cacheValid && !m_dirtyRows.empty()) {
        // Only the changed cells, if the colour scale and the grid stayed as they were.
        const Geometry g = geometry(rect());
        const Frame f = frame(g);
        if (g.w0 != m_cachedGeometry.w0 || g.w1 != m_cachedGeometry.w1 ||
            g.b0 != m_cachedGeometry.b0 || g.b1 != m_cachedGeometry.b1 ||
            f.lo != m_cachedFrame.lo || f.hi != m_cachedFrame.hi) {
            m_cacheValid = false;
        } else {
            QPainter p(&m_cache);
            p.setRenderHint(QPainter::Antialiasing);
            const CellFonts fonts = cellFonts(g);
            const int columns = g.b1 - g.b0 + 1;
            for (int row : m_dirtyRows) {
                if (row < 0 || row >= m_model->rows())
                    continue;
                const auto& s = m_model->result(row).config.spec;
                const std::size_t i =
                    std::size_t((s.workers - g.w0) * columns + (s.blasThreads - g.b0));
                if (i >= f.rowOfCell.size() || f.rowOfCell[i] != row)
                    continue; // hidden behind a later row of the same cell
                const QRectF c = g.cell(s.workers, s.blasThreads);
                p.save();
                p.setClipRect(c);
                p.fillRect(c, palette().base());
                paintCell(p, g, f, fonts, i);
                paintEdge(p, g);
                p.restore();
            }
            m_cachedFrame = f;
        }
    }
    m_dirtyRows.clear();
    if (!m_cacheValid) {
        m_cache = QImage(pixels, QImage::Format_ARGB32_Premultiplied);
        m_cache.setDevicePixelRatio(dpr);
        QPainter p(&m_cache);
        paintMap(p, rect());
        m_cachedGeometry = geometry(rect());
        m_cachedFrame = frame(m_cachedGeometry);
        m_cacheValid = true;
        ++m_fullPaints;
    }
    QPainter p(this);
    p.drawImage(QPointF(0, 0), m_cache);
}

int HeatMapView::rowAt(const QPoint& pos) const {
    const Geometry g = geometry(rect());
    if (!g.valid() || !g.grid.contains(pos))
        return -1;
    const int b = g.b0 + int((pos.x() - g.grid.left()) / g.cw);
    const int w = g.w0 + int((g.grid.bottom() - pos.y()) / g.ch);
    return m_model->findCell(w, b);
}

bool HeatMapView::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(e);
        const int row = rowAt(help->pos());
        if (row >= 0)
            QToolTip::showText(help->globalPos(), describeMeasurements(*m_model, row), this);
        else
            QToolTip::showText(help->globalPos(), toolTip(), this);
        return true;
    }
    return QWidget::event(e);
}

void HeatMapView::mouseReleaseEvent(QMouseEvent* e) {
    const int row = rowAt(e->position().toPoint());
    if (row >= 0 && e->button() == Qt::LeftButton)
        emit cellClicked(row);
    QWidget::mouseReleaseEvent(e);
}

} // namespace threadmix::ui
