// The heat map widget: hit-testing, tooltips and the cached image it repaints cell by cell
// (the painting itself is in heatmappaint.cpp).
#include "ui/charts/heatmapview.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>

#include "ui/charts/charttext.h"
#include "ui/model/runmodel.h"

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
        if (g.workers != m_cachedGeometry.workers || g.blas != m_cachedGeometry.blas ||
            f.lo != m_cachedFrame.lo || f.hi != m_cachedFrame.hi) {
            m_cacheValid = false;
        } else {
            QPainter p(&m_cache);
            p.setRenderHint(QPainter::Antialiasing);
            const charttext::PaintPass pass;
            const CellFonts fonts = cellFonts(g);
            for (int row : m_dirtyRows) {
                if (row < 0 || row >= m_model->rows())
                    continue;
                const auto& s = m_model->result(row).config.spec;
                const int i = g.cellIndex(s.workers, s.blasThreads);
                if (i < 0 || f.rowOfCell[std::size_t(i)] != row)
                    continue; // hidden behind a later row of the same cell
                // Whole pixels around the cell, painted as the full paint paints them: the
                // background, every cell reaching into them, then the oversubscription line.
                const QRect area = g.cell(s.workers, s.blasThreads).toAlignedRect();
                p.save();
                p.setClipRect(area);
                p.fillRect(area, palette().base());
                for (std::size_t k = 0; k < f.rowOfCell.size(); ++k) {
                    const int columns = int(g.blas.size());
                    if (g.cellAt(int(k) / columns, int(k) % columns).intersects(area))
                        paintCell(p, g, f, fonts, k);
                }
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

void HeatMapView::setGroup(const std::optional<GroupKey>& group) {
    if (group == m_group)
        return;
    m_group = group;
    invalidate();
}

int HeatMapView::rowAt(const QPoint& pos) const {
    const Geometry g = geometry(rect());
    if (!g.valid() || !g.grid.contains(pos))
        return -1;
    const int column = int((pos.x() - g.grid.left()) / g.cw);
    const int row = int((g.grid.bottom() - pos.y()) / g.ch);
    if (column < 0 || row < 0 || column >= int(g.blas.size()) || row >= int(g.workers.size()))
        return -1;
    const Frame f = frame(g);
    return f.rowOfCell[std::size_t(
        g.cellIndex(g.workers[std::size_t(row)], g.blas[std::size_t(column)]))];
}

bool HeatMapView::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(e);
        showRowTooltip(this, help->globalPos(), *m_model, rowAt(help->pos()));
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
