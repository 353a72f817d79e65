// Pictures of the charts: PNG files and the clipboard (part of MainWindow).
#include "ui/window/mainwindow.h"

#include <QClipboard>
#include <QFileDialog>
#include <QGuiApplication>
#include <QLabel>
#include <QLayout>

#include "ui/charts/chartexport.h"
#include "ui/charts/heatmapview.h"
#include "ui/charts/sizesview.h"
#include "ui/charts/timelineview.h"
#include "ui/charts/timingbarsview.h"
#include "ui/model/runmodel.h"
#include "ui/uientry.h"

namespace threadmix::ui {

QImage MainWindow::chartImage(ExportTarget target, double scale, QString* why) {
    // An empty chart is not a picture: say what to do instead of writing a placeholder.
    if (m_model->rows() == 0) {
        *why = tr("Nothing to export yet: run a configuration, the tutorial comparison or a "
                  "sweep first.");
        return {};
    }
    if (target == ExportTarget::Timeline &&
        (m_timeline->row() < 0 || m_timeline->row() >= m_model->rows() ||
         m_model->result(m_timeline->row()).repetitions.empty())) {
        *why = tr("The timeline is empty: click a measured bar or heat-map cell first.");
        return {};
    }
    if (target == ExportTarget::Sizes && m_model->kind() != PlanKind::Sizes) {
        *why = tr("The sizes chart is empty: choose \"sizes\" beside Run comparison and run it "
                  "first.");
        return {};
    }
    // The dashboard is the headless picture (charts and caption, no tabs or combo boxes).
    if (target == ExportTarget::Dashboard)
        return dashboardImage(m_model->resultSet(), scale);
    // Libraries side by side are exported side by side, as shown.
    QWidget* content = target == ExportTarget::Bars
                           ? (sideBySide() ? m_barsBox : static_cast<QWidget*>(m_bars))
                       : target == ExportTarget::HeatMap
                           ? (sideBySide() ? m_mapsBox : static_cast<QWidget*>(m_heatMap))
                       : target == ExportTarget::Timeline ? static_cast<QWidget*>(m_timeline)
                       : target == ExportTarget::Sizes    ? static_cast<QWidget*>(m_sizes)
                                                          : m_charts;
    // A picture for a slide, whatever the pane's size now (a hidden tab, a small screen): at
    // least 700 x 480 per chart, then the pane gets its size back.
    const int charts =
        content == m_mapsBox || content == m_barsBox
            ? int(content->findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly).size())
            : 1;
    const QSize before = content->size();
    content->resize(before.expandedTo(QSize(700 * std::max(1, charts), 480)));
    if (content->layout())
        content->layout()->activate(); // the boxes lay their charts out at that size
    const QImage image = renderWithCaption(content, captionLines(*m_model), scale);
    content->resize(before);
    return image;
}

QString MainWindow::exportPng(ExportTarget target, const QString& path, double scale) {
    QString error;
    const auto image = chartImage(target, scale, &error);
    if (image.isNull()) {
        reportError(tr("Cannot export"), error);
        return error;
    }
    error = savePng(image, path);
    if (!error.isEmpty())
        reportError(tr("Cannot export"), error);
    else
        m_progressLabel->setText(
            tr("Exported %1 (%2 x %3 pixels).").arg(path).arg(image.width()).arg(image.height()));
    return error;
}

QString MainWindow::copyChart() {
    QString error;
    const auto image = chartImage(ExportTarget::Dashboard, 2.0, &error);
    if (image.isNull()) {
        reportError(tr("Cannot copy"), error);
        return error;
    }
    QGuiApplication::clipboard()->setImage(image);
    m_progressLabel->setText(tr("Copied the charts (%1 x %2 pixels) to the clipboard.")
                                 .arg(image.width())
                                 .arg(image.height()));
    return {};
}

void MainWindow::exportDialog(ExportTarget target, double scale) {
    if (m_model->rows() == 0) {
        QString why;
        chartImage(target, scale, &why);
        reportError(tr("Cannot export"), why);
        return;
    }
    const auto path = QFileDialog::getSaveFileName(
        this, tr("Export PNG"), QStringLiteral("threadmix.png"), tr("PNG image (*.png)"));
    if (!path.isEmpty())
        exportPng(target, path, scale);
}

} // namespace threadmix::ui
