// The machine's DGEMM peak: one large multiply on all logical CPUs, measured by the engine.
#pragma once

#include <optional>
#include <stop_token>
#include <string>

#include "core/expected.h"
#include "core/isolatedrunner.h"
#include "core/machineinfo.h"

namespace threadmix {

struct PeakCalibration {
    double gflops = 0;     // best of the repetitions' multiply phase
    std::int64_t size = 0; // matrix side used
    int threads = 0;       // BLAS threads (all logical CPUs)
    std::string kernel;
    std::string cpuModel;
    int logicalCpus = 0;
    std::string date;
};

// Measures now (a few seconds): W=1, B=logical CPUs, 2 multiplies of n=3000, best of 3.
Expected<PeakCalibration> calibratePeak(const IsolatedRunner& runner, std::stop_token stop,
                                        std::int64_t size = 3000);

// The cached calibration for this machine (same CPU model, CPU count and kernel), if any.
std::optional<PeakCalibration> loadPeak(const MachineInfo& machine);
Status storePeak(const PeakCalibration& peak);
// $XDG_CACHE_HOME/threadmix/peak.json (or ~/.cache/...).
std::string peakCachePath();

} // namespace threadmix
