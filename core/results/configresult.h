// A configuration of a plan and everything measured for it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/base/runstatus.h"
#include "core/base/statistics.h"
#include "core/measure/repetition.h"
#include "core/spec/configuration.h"

namespace threadmix {

struct ConfigResult {
    Configuration config;
    RunStatus status = RunStatus::Ok;
    std::string reason;        // why the status is not ok
    double elapsedSeconds = 0; // every child of this configuration, warm-up included
    std::vector<RepetitionResult> repetitions; // the counted ones that finished

    std::vector<double> wallSeconds() const;
    Summary seconds() const { return summarize(wallSeconds()); }
    // Medians over repetitions; nullopt when nothing was measured.
    std::optional<double> medianSeconds() const;
    std::optional<double> gflops() const;          // from the median time; nullopt for fill
    std::optional<double> gbytesPerSecond() const; // data touched / median time
    double medianOf(double RepetitionResult::*field) const;
    double medianOf(std::int64_t RepetitionResult::*field) const;
    std::int64_t peakRssBytes() const;
    // The repetition whose wall time is the median (the timeline shows it).
    const RepetitionResult* medianRepetition() const;
};

// A result file's entry: the configuration, its status, every repetition, and the figures
// derived from them (median, spread, GFLOP/s, ...) for readers; from_json reads the measured
// values and ignores the derived ones. Throws on malformed input.
void to_json(nlohmann::json& j, const ConfigResult& r);
void from_json(const nlohmann::json& j, ConfigResult& r);

// Speed-up of each result over the first result of its group with a measured time.
std::vector<std::optional<double>> speedups(const std::vector<ConfigResult>& results);

} // namespace threadmix
