// The machine's calibrated DGEMM peak, kept per machine in a small JSON file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/base/expected.h"
#include "core/machine/machineinfo.h"

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

// The cached calibration for this machine (same CPU model, CPU count and kernel), if any.
std::optional<PeakCalibration> loadPeak(const MachineInfo& machine);
Status storePeak(const PeakCalibration& peak);
// cacheFile("peak.json").
std::string peakCachePath();

// $XDG_CACHE_HOME/threadmix/NAME (or ~/.cache/threadmix/NAME): where calibrations are kept.
std::string cacheFile(const std::string& name);

} // namespace threadmix
