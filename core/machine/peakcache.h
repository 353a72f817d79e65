// The machine's calibrated DGEMM peak, kept per machine in a small JSON file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

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
// A cache file's JSON object; nullopt when it is missing, unreadable or not a JSON object
// (a cache is rebuilt, never trusted blindly).
std::optional<nlohmann::json> readCacheObject(const std::string& path);
// Writes a cache file atomically, making its folder.
Status writeCacheObject(const std::string& path, const nlohmann::json& j);

} // namespace threadmix
