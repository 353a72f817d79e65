// The machine's calibration, one sequence for every front end: each installed library's kernels,
// then the DGEMM peak with the kernel that won. The command line and the window's Calibrate
// button both call calibrateMachine(); they differ only in how they show its progress.
#pragma once

#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "core/base/expected.h"
#include "core/machine/kernelchoice.h"
#include "core/machine/peakcache.h"
#include "core/run/isolatedrunner.h"

namespace threadmix {

struct CalibrationProgress {
    // A stage begins, in words: "Measuring the BLIS kernels this CPU runs (skx, haswell, ...),
    // each in its own process, on 1 thread and on all logical CPUs".
    std::function<void(const std::string& stage)> stage;
    // A child of the stage ended: children done, children in the stage, what ran.
    std::function<void(int done, int total, const std::string& what)> step;
};

struct MachineCalibration {
    std::vector<KernelCalibration> kernels; // one per library family measured, BLIS first
    KernelChoice blis;                      // what "auto" means now for BLIS
    std::optional<KernelChoice> openblas;   // and for OpenBLAS, when it is installed
    PeakCalibration peak;
    // What was measured but could not be kept for the next start (the cache folder).
    std::vector<std::string> warnings;
    // "Calibrated: kernel skx (measured); peak 152 GFLOP/s."
    std::string summary() const;
};

// BLIS's kernels, OpenBLAS's (when installed), then the peak with BLIS's new automatic kernel;
// each result is stored as soon as it is measured and the automatic choices are recomputed.
// Stops at the first stage that fails (its message) or when `stop` is requested ("stopped").
Expected<MachineCalibration> calibrateMachine(const IsolatedRunner& runner, std::stop_token stop,
                                              const CalibrationProgress& progress = {});

} // namespace threadmix
