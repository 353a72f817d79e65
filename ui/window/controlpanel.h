// The experiment's parameters and the three ways to run it.
#pragma once

#include <QWidget>

#include <functional>

#include "core/base/expected.h"
#include "core/results/resultset.h"
#include "core/spec/limits.h"
#include "core/spec/plan.h"
#include "core/spec/spec.h"
#include "ui/window/checkedspinbox.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QPushButton;
class QSettings;
class QSpinBox;

namespace threadmix::ui {

class SliderSpin;

class ControlPanel : public QWidget {
    Q_OBJECT
public:
    enum class PlanKind { Single, Tutorial, Sweep };

    ControlPanel(int logicalCpus, int physicalCores, QWidget* parent = nullptr);

    // The plan the chosen button runs, built by core from the current values.
    // Refuses a typed value outside its control's range and sweep ranges written backwards,
    // naming the control.
    Expected<Plan> makePlan(PlanKind kind) const;
    RunSpec currentSpec() const;
    void loadSpec(const RunSpec& spec); // e.g. a heat-map cell that was clicked
    // The plan that made a result file: its first configuration, its libraries, and for a
    // sweep the ranges its cells span.
    void loadPlanOf(const ResultSet& set);
    // View > Reset to defaults: every control as on a first start.
    void resetToDefaults();
    // Typed values that cannot run (outside their control's range), one line each, in the
    // window's words; empty when every value is in range.
    QString invalidValues() const;
    // A warning that does not stop a run (more workers than tasks); empty when none.
    QString warningText() const;
    void setRunning(bool running);
    // An error stays until the values are fixed: every change checks the configuration again.
    void showMessage(const QString& text, bool error);
    // The controls' names, for messages about the values they hold.
    static const limits::ParameterNames& parameterNames();
    QString messageText() const;

    void saveSettings(QSettings& s) const;
    void restoreSettings(const QSettings& s);

    SliderSpin* countControl() const { return m_count; }
    SliderSpin* sizeControl() const { return m_size; }
    SliderSpin* workersControl() const { return m_workers; }
    SliderSpin* blasControl() const { return m_blas; }
    CheckedSpinBox* repeatsControl() const { return m_repeats; }
    CheckedSpinBox* warmupControl() const { return m_warmup; }
    CheckedDoubleSpinBox* budgetControl() const { return m_budget; }
    CheckedSpinBox* chunkControl() const { return m_chunk; }
    QComboBox* dataControl() const { return m_data; }
    QComboBox* workloadControl() const { return m_workload; }
    CheckedSpinBox* sweepWorkersFrom() const { return m_sweepW0; }
    CheckedSpinBox* sweepWorkersTo() const { return m_sweepW1; }
    CheckedSpinBox* sweepBlasFrom() const { return m_sweepB0; }
    CheckedSpinBox* sweepBlasTo() const { return m_sweepB1; }
    QCheckBox* sweepEveryValue() const { return m_sweepAll; }
    QCheckBox* sweepSkip() const { return m_sweepSkip; }
    QLabel* sweepCellsLabel() const { return m_sweepCells; }
    QPushButton* runButton() const { return m_runOne; }
    QPushButton* tutorialButton() const { return m_runTutorial; }
    QPushButton* sweepButton() const { return m_runSweep; }
    QPushButton* cancelButton() const { return m_cancel; }
    QComboBox* tutorialChoice() const { return m_tutorial; }
    QComboBox* waitPolicyControl() const { return m_waitPolicy; }
    QComboBox* blasLibraryControl() const { return m_blasLibrary; }
    QComboBox* secondLibraryControl() const { return m_secondLibrary; }
    // The libraries a run uses: the chosen one, and the side-by-side one if any.
    std::vector<BlasLibrary> libraries() const;
    QComboBox* threadControlControl() const { return m_threadControl; }
    QCheckBox* pinControl() const { return m_pin; }
    // Threads, processes, MPI ranks, or threads and processes side by side (a group per kind,
    // as two libraries).
    QComboBox* poolControl() const { return m_pool; }
    // How a process pool's operands made up front reach its workers: enabled only when they are
    // sent (a process pool with data made up front); its tooltip says why when it is off.
    QComboBox* sendingControl() const { return m_transfer; }
    // "BLAS threads: auto per worker" (joblib's rule): the BLAS threads control follows the
    // workers with logical CPUs / workers.
    QCheckBox* blasAutoControl() const { return m_blasAuto; }
    // The pool kinds a run uses: one, or threads and processes side by side.
    std::vector<PoolKind> poolKinds() const;
    // Why MPI ranks cannot run with `spec` (its library's MPI worker, mpirun), empty when they
    // can. By default core's mpiWhereFor, beside the worker the window's runs start.
    using MpiCheck = std::function<QString(const RunSpec&)>;
    void setMpiCheck(MpiCheck check);
    // The last answer of the check: the MPI item is greyed out with it as its tooltip, and a
    // plan with MPI ranks is refused with it.
    QString mpiProblem() const;

signals:
    // A value changed and the run's warning (more workers than tasks) may have changed.
    void warningChanged(const QString& text);
    void runRequested(threadmix::ui::ControlPanel::PlanKind kind);
    void cancelRequested();

protected:
    // The wheel over an unfocused control scrolls the panel instead of changing the value.
    bool eventFilter(QObject* watched, QEvent* e) override;

private:
    // The constructor's steps (controlpanelcontrols.cpp): the controls, made once with their
    // tooltips and first values, ...
    void makeTaskControls();        // count, size, workers, BLAS threads, chunk, workload, data
    void makePoolControls();        // pool kind, sending, BLAS threads auto per worker
    void makeMeasurementControls(); // repetitions, warm-up, time budget
    void makeLibraryControls();     // wait policy, libraries, how BLAS threads are set, pinning
    void makeRunControls(); // the study chooser, the sweep's ranges, the buttons, the messages
    // ... then laid out in their groups.
    QGroupBox* workloadGroup();
    QGroupBox* threadsGroup();
    QGroupBox* knobsGroup();
    QGroupBox* measurementGroup();
    QGroupBox* runGroup();
    // Every change checks the values again and updates the sweep's cells and the warning.
    void connectChecks();
    void connectButtons();
    void filterWheelEvents();

    PlanOptions planOptions() const;
    void updateWarning();
    // "16 cells: workers 1, 2, 3, 4 x BLAS threads 1, 2, 3, 4" under the sweep's ranges.
    void updateSweepCells();
    // After a change: clears an error message that no longer holds, or says the new one.
    void recheck();
    // Thread control follows the libraries (OpenBLAS: process-wide only).
    void followLibraries();
    // The Sending control follows the pool kind and where data is made (controlpanelcontrols.cpp).
    void followPool();
    // With "auto per worker", the BLAS threads control shows joblib's count for the workers.
    void followBlasAuto();
    // The MPI item follows the check for the chosen library (controlpanelcontrols.cpp).
    void followMpi();
    // The pool control from a list of kinds, and by the stable names settings keep.
    void setPoolKinds(const std::vector<PoolKind>& kinds);
    QString poolSettingName() const;
    void setPoolSettingName(const QString& name);

    int m_logical;
    int m_physical;
    SliderSpin* m_count;
    SliderSpin* m_size;
    SliderSpin* m_workers;
    SliderSpin* m_blas;
    QComboBox* m_workload;
    QComboBox* m_data;
    QComboBox* m_init;
    CheckedSpinBox* m_chunk;
    CheckedSpinBox* m_repeats;
    CheckedSpinBox* m_warmup;
    CheckedDoubleSpinBox* m_budget;
    QComboBox* m_tutorial;
    QComboBox* m_waitPolicy;
    QComboBox* m_blasLibrary;
    QComboBox* m_secondLibrary;
    QString m_threadControlTip;
    QComboBox* m_threadControl;
    QCheckBox* m_pin;
    QComboBox* m_pool;
    MpiCheck m_mpiCheck;
    QString m_mpiProblem;
    QComboBox* m_transfer;
    QString m_transferTip;
    QCheckBox* m_blasAuto;
    CheckedSpinBox* m_sweepW0;
    CheckedSpinBox* m_sweepW1;
    CheckedSpinBox* m_sweepB0;
    CheckedSpinBox* m_sweepB1;
    QCheckBox* m_sweepAll;
    QCheckBox* m_sweepSkip;
    QLabel* m_sweepCells;
    QPushButton* m_runOne;
    QPushButton* m_runTutorial;
    QPushButton* m_runSweep;
    QPushButton* m_cancel;
    QLabel* m_message;
    QLabel* m_warning;
    bool m_messageIsError = false;
    // The size control's value for the kind of workload not shown (see the constructor).
    bool m_sizeIsVectorLength = false;
    int m_lastMatrixSide = 500;
    int m_lastVectorLength = 1000000;
};

} // namespace threadmix::ui
