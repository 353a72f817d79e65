// Presentation mode, for the back of the room (part of MainWindow).
#include "ui/window/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QResizeEvent>
#include <QScreen>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>

namespace threadmix::ui {

QWidget* MainWindow::makePresentationBar() {
    // The control column's buttons, on one line: the same actions, nothing else to read.
    auto* bar = new QWidget;
    bar->setObjectName(QStringLiteral("presentationBar"));
    auto* l = new QHBoxLayout(bar);
    l->setContentsMargins(6, 4, 6, 4);
    auto* run = new QPushButton(tr("Run"));
    run->setToolTip(m_controls->runButton()->toolTip());
    connect(run, &QPushButton::clicked, this, [this] { startRun(ControlPanel::PlanKind::Single); });
    auto* study = new QComboBox;
    study->setObjectName(QStringLiteral("presentationStudy"));
    auto* choice = m_controls->tutorialChoice();
    for (int i = 0; i < choice->count(); ++i)
        study->addItem(choice->itemText(i));
    study->setToolTip(choice->toolTip());
    study->setCurrentIndex(choice->currentIndex());
    // One choice, two places: either follows the other.
    connect(study, &QComboBox::currentIndexChanged, choice, &QComboBox::setCurrentIndex);
    connect(choice, &QComboBox::currentIndexChanged, study, &QComboBox::setCurrentIndex);
    auto* runStudy = new QPushButton(m_controls->tutorialButton()->text());
    runStudy->setToolTip(m_controls->tutorialButton()->toolTip());
    connect(runStudy, &QPushButton::clicked, this,
            [this] { startRun(ControlPanel::PlanKind::Tutorial); });
    auto* sweep = new QPushButton(m_controls->sweepButton()->text());
    sweep->setToolTip(m_controls->sweepButton()->toolTip());
    connect(sweep, &QPushButton::clicked, this,
            [this] { startRun(ControlPanel::PlanKind::Sweep); });
    auto* cancel = new QPushButton(tr("Cancel"));
    cancel->setToolTip(m_controls->cancelButton()->toolTip());
    cancel->setEnabled(false);
    connect(cancel, &QPushButton::clicked, this, &MainWindow::cancelRun);
    auto* leave = new QPushButton(tr("Leave presentation (F11)"));
    connect(leave, &QPushButton::clicked, this, [this] { setPresentationMode(false); });
    l->addWidget(run);
    l->addWidget(study);
    l->addWidget(runStudy);
    l->addWidget(sweep);
    l->addWidget(cancel);
    l->addStretch(1);
    l->addWidget(leave);
    m_presentRunButtons = {run, runStudy, sweep};
    m_presentCancel = cancel;
    return bar;
}

void MainWindow::setPresentationMode(bool on) {
    if (on == m_presenting)
        return;
    m_presenting = on;
    if (m_presentation)
        m_presentation->setChecked(on);
    const QString notice = tr("Presentation mode: F11 to leave.");
    if (on) {
        m_splitsBeforePresenting[0] = m_mainSplit->saveState();
        m_splitsBeforePresenting[1] = m_rightSplit->saveState();
        m_sizeBeforePresenting = size();
        m_geometryBeforePresenting = geometry();
        m_statusBeforePresenting = m_progressLabel->text();
        m_normalFont = QApplication::font();
        QFont big = m_normalFont;
        big.setPointSizeF(m_normalFont.pointSizeF() * kPresentationFontScale);
        QApplication::setFont(big);
        // The charts take the screen: the control column and the table make way for the slim
        // bar with the run buttons.
        m_left->hide();
        m_table->hide();
        m_presentBar->show();
        m_wasMaximized = isMaximized();
        showFullScreen();
        // Without a window manager (a bare X server, some projectors' kiosks) full screen is
        // only a wish: take the screen's geometry ourselves.
        if (screen())
            setGeometry(screen()->geometry());
        m_progressLabel->setText(notice);
    } else {
        QApplication::setFont(m_normalFont);
        m_presentBar->hide();
        m_left->show();
        m_table->show();
        if (m_wasMaximized) {
            showMaximized();
        } else {
            showNormal();
            setGeometry(m_geometryBeforePresenting); // also where no window manager restores it
        }
        m_mainSplit->restoreState(m_splitsBeforePresenting[0]);
        m_rightSplit->restoreState(m_splitsBeforePresenting[1]);
        m_splitsPending = size() != m_sizeBeforePresenting;
        // The notice goes; what the status line said before comes back unless news came since.
        if (m_progressLabel->text() == notice)
            m_progressLabel->setText(m_statusBeforePresenting);
    }
}

void MainWindow::resizeEvent(QResizeEvent* e) {
    QMainWindow::resizeEvent(e);
    // Back from presentation mode: the splitters as they were, once the window has its old
    // size again (a window manager may take a moment to give it back).
    if (m_splitsPending && !m_presenting && size() == m_sizeBeforePresenting) {
        m_splitsPending = false;
        m_mainSplit->restoreState(m_splitsBeforePresenting[0]);
        m_rightSplit->restoreState(m_splitsBeforePresenting[1]);
    }
}

void MainWindow::changeEvent(QEvent* e) {
    // Presentation mode's larger font: the summary keeps its few lines.
    if (e->type() == QEvent::FontChange && m_summaryScroll)
        m_summaryScroll->setMaximumHeight(int(fontMetrics().height() * 5.5));
    QMainWindow::changeEvent(e);
}

} // namespace threadmix::ui
