// The machine panel: CPU, cores, BLIS kernel and why, the peak, and a Calibrate button that
// measures the kernels and the peak in the background.
#pragma once

#include <QWidget>

#include "core/machine/machineinfo.h"
#include "core/run/calibration.h"
#include "ui/run/backgroundjob.h"

class QLabel;
class QProgressBar;
class QPushButton;

namespace threadmix::ui {

class MachinePanel : public QWidget {
    Q_OBJECT
public:
    explicit MachinePanel(const MachineInfo& machine, QWidget* parent = nullptr);
    ~MachinePanel() override; // stops a calibration in progress

    void setMachine(const MachineInfo& machine);
    // Starts the calibration (kernels, then the peak) off the GUI thread.
    void startCalibration();
    void cancelCalibration();
    bool isCalibrating() const { return m_calibrating; }
    // A plan is running: calibrating now would measure a busy machine.
    void setEngineBusy(bool busy);

    QPushButton* calibrateButton() const { return m_calibrate; }
    QLabel* summaryLabel() const { return m_summary; }
    // "BLAS libraries: ..." with every library's version, threading and kernel (a tooltip).
    QLabel* librariesLabel() const { return m_libraries; }

signals:
    // The calibration ended; `machine` carries the new kernel choice and peak when it succeeded.
    void calibrationFinished(bool ok, const QString& message,
                             const threadmix::MachineInfo& machine);
    void calibrationRunning(bool running);

private:
    void showMachine();
    void probeLibraries();
    void updateButton();
    // The calibration's stages and steps, shown in the panel (posted to the GUI thread).
    CalibrationProgress progressTo(const BackgroundJob::Poster& post);
    void calibrationEnded(bool ok, const QString& message);

    MachineInfo m_machine;
    QLabel* m_summary;
    QLabel* m_status;
    QLabel* m_libraries;
    QProgressBar* m_progress;
    QPushButton* m_calibrate;
    bool m_calibrating = false;
    bool m_engineBusy = false;
    BackgroundJob m_calibration{this};
    BackgroundJob m_probe{this}; // asks each library what it is (child processes)
};

} // namespace threadmix::ui
