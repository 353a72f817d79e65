// The window's files: open, save, compare, and the questions and errors about them (part of
// MainWindow).
#include "ui/window/mainwindow.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>

#include "core/base/atomicfile.h"
#include "core/formats/resultfile.h"
#include "core/results/comparison.h"
#include "core/results/libraries.h"
#include "ui/charts/heatmapview.h"
#include "ui/charts/timingbarsview.h"
#include "ui/model/runmodel.h"

namespace threadmix::ui {

QString MainWindow::openFile(const QString& path) {
    if (isRunning()) {
        const QString e = tr("Cancel the run before opening a file.");
        m_controls->showMessage(e, true);
        return e;
    }
    const auto loaded = loadResultFile(path.toStdString());
    if (!loaded) {
        const auto e = QString::fromStdString(loaded.error());
        reportError(tr("Cannot open results"), e);
        return e;
    }
    if (!confirmDiscard(tr("Opening a file")))
        return tr("Kept the unsaved results.");
    m_model->setResultSet(*loaded);
    // The controls say what made the file, so Run measures it again (as hotspot and heaptrack
    // open their files): its first configuration, libraries and sweep ranges.
    m_controls->loadPlanOf(*loaded);
    m_unsaved = false;
    m_progressLabel->setText(tr("Opened %1: %2 configurations measured on %3.")
                                 .arg(QFileInfo(path).fileName())
                                 .arg(loaded->results.size())
                                 .arg(QString::fromStdString(loaded->machine.cpuModel)));
    updateSummary();
    return {};
}

QString MainWindow::compareWith(const QString& path) {
    const auto loaded = loadResultFile(path.toStdString());
    if (!loaded) {
        const auto e = QString::fromStdString(loaded.error());
        reportError(tr("Cannot compare"), e);
        return e;
    }
    rememberViewBeforeComparing();
    m_model->setComparison(*loaded, QFileInfo(path).fileName());
    for (auto* b : allBars())
        b->rebuild();
    m_layer->setCurrentIndex(int(HeatMapView::Layer::RatioToComparison));
    // Unlike things are compared only knowingly: say what differs besides the threads.
    const auto differences = parameterDifferences(m_model->resultSet(), *loaded);
    QStringList list;
    for (const auto& d : differences)
        list << QString::fromStdString(d);
    m_progressLabel->setText(
        tr("Comparing with %1 (%2 configurations, measured on %3). %4")
            .arg(QFileInfo(path).fileName())
            .arg(loaded->results.size())
            .arg(QString::fromStdString(loaded->machine.cpuModel))
            .arg(list.isEmpty() ? tr("Measured alike.")
                                : tr("They differ in: %1.").arg(list.join(QStringLiteral("; ")))));
    if (!list.isEmpty() && m_dialogs)
        QMessageBox::information(
            this, tr("Compare"),
            tr("A (these results) and B (%1) differ in more than the threads:\n\n%2\n\nTheir "
               "time ratios include these differences.")
                .arg(QFileInfo(path).fileName(), list.join(QStringLiteral("\n"))));
    return {};
}

void MainWindow::rememberViewBeforeComparing() {
    if (!m_model->hasComparison())
        m_layerBeforeComparing = m_layer->currentIndex();
}

void MainWindow::stopComparing() {
    // Back to the view before comparing: its layer, without the A/B layer or message.
    const bool was = m_model->hasComparison();
    m_model->clearComparison();
    for (auto* b : allBars())
        b->rebuild();
    if (was) {
        m_layer->setCurrentIndex(m_layerBeforeComparing);
        m_progressLabel->setText(tr("Stopped comparing."));
    }
}

QString MainWindow::compareLibraries() {
    const auto set = m_model->resultSet();
    const auto libs = librariesIn(set.results);
    if (libs.size() < 2) {
        const auto e = tr("These results were measured on one BLAS library. Choose a second one "
                          "in \"Side by side with\" and run again.");
        reportError(tr("Cannot compare libraries"), e);
        return e;
    }
    const auto a = QString::fromUtf8(toString(libs[0]));
    const auto b = QString::fromUtf8(toString(libs[1]));
    rememberViewBeforeComparing();
    m_model->setComparison(onlyLibrary(set, libs[1]), b);
    m_group->setCurrentText(a);
    for (auto* bars : allBars())
        bars->rebuild();
    m_layer->setCurrentIndex(int(HeatMapView::Layer::RatioToComparison));
    m_progressLabel->setText(
        tr("Comparing %1 (A) with %2 (B) cell by cell: blue = %1 faster.").arg(a, b));
    return {};
}

QString MainWindow::saveFile(const QString& path) {
    const auto set = m_model->resultSet();
    const bool csv = path.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive);
    const auto st = writeFileAtomically(path.toStdString(), csv ? toCsv(set) : toJson(set));
    if (!st) {
        const auto e = QString::fromStdString(st.error());
        reportError(tr("Cannot save results"), e);
        return e;
    }
    m_progressLabel->setText(
        tr("Saved %1 configurations to %2.").arg(set.results.size()).arg(path));
    m_unsaved = false;
    return {};
}

bool MainWindow::confirmDiscard(const QString& doing) {
    if (!m_unsaved || !m_dialogs)
        return true;
    QMessageBox box(QMessageBox::Question, tr("Unsaved results"),
                    tr("The results of the last run are not saved. %1 discards them.").arg(doing),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setDefaultButton(QMessageBox::Save);
    const int answer = box.exec();
    if (answer == QMessageBox::Discard)
        return true;
    if (answer != QMessageBox::Save)
        return false;
    const auto path = QFileDialog::getSaveFileName(this, tr("Save results"),
                                                   QStringLiteral("threadmix-results.json"),
                                                   tr("JSON (*.json);;CSV (*.csv)"));
    return !path.isEmpty() && saveFile(path).isEmpty();
}

void MainWindow::reportError(const QString& title, const QString& message) {
    m_progressLabel->setText(title + QStringLiteral(": ") + message);
    if (m_dialogs)
        QMessageBox::warning(this, title, message);
}

} // namespace threadmix::ui
