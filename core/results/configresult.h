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

// Where a measurement stops being trustworthy (benchmark tools warn about the same).
inline constexpr double kShortRepetitionSeconds = 0.05;
inline constexpr double kNoisyCv = 0.10;

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
    // GFLOP/s of the operation alone: flops / the median multiply-phase time, the same basis
    // as the calibrated peak and the kernel tables (making data excluded). nullopt for fill.
    std::optional<double> gflops() const;
    // The whole repetition's rate, making data included (its own name wherever it is shown).
    std::optional<double> gflopsWholeRepetition() const;
    std::optional<double> gbytesPerSecond() const; // data touched / median time
    // Derived figures, computed here once for tables, bars, the heat map, the explain line and
    // captions; nullopt when nothing was measured.
    // CPU seconds / (wall seconds x logical CPUs), in percent.
    std::optional<double> cpuUsePercent(int logicalCpus) const;
    // GFLOP/s as a percentage of a calibrated peak (nullopt without one).
    std::optional<double> percentOfPeak(double peakGflops) const;
    // Involuntary context switches per second of wall time.
    std::optional<double> involuntarySwitchesPerSecond() const;
    // Why the figures may be noise, in a sentence with a hint, or nullopt: a median under
    // kShortRepetitionSeconds (start-up and timer jitter weigh), or a CV over kNoisyCv.
    std::optional<std::string> noiseWarning() const;
    // A process pool's sending: operands to its workers and products back, summed over its
    // tasks, median over repetitions; 0 when nothing was sent.
    double sendingSeconds() const;
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

// What a speed-up is of: the whole repetition (making data included) or the operation alone
// (the multiply, for gemm), each over the same figure of the group's baseline.
enum class SpeedupOf { Total, Operation };

// Speed-up of each result over the first result of its group with a measured time.
std::vector<std::optional<double>> speedups(const std::vector<ConfigResult>& results,
                                            SpeedupOf of = SpeedupOf::Total);

// How a result that is not complete reads everywhere (table, bars, heat map, CLI, exports), in
// one language: "timed out > 3.0 s", "skipped", "cancelled", "failed"; empty when it is ok.
// Its reason is ConfigResult::reason.
std::string incompleteText(const ConfigResult& r);

// A process pool's costs in words: "sending 192 MB to the workers and 96 MB back by copy
// through pipes took 0.25 s (summed over tasks: 1.2 GB/s); starting the pool took 0.03 s";
// nullopt for a thread pool or nothing measured.
std::optional<std::string> processPoolText(const ConfigResult& r);
// How a spec's data reaches its workers, in words: "sent by copy through pipes", "sent through
// shared memory", "made in each worker", "made up front, shared by the threads".
std::string dataPathText(const RunSpec& s);

// A speed-up with three significant figures, trailing zeros kept: "2.13x", "1.00x", "0.41x",
// "13.4x" (the heat map, the bars and the table's tooltips say it alike).
std::string speedupFigure(double speedup);

// A speed-up in plain words with 2-3 significant figures: "2.1x faster", "2.3x slower",
// "as fast" (within 1%).
std::string speedupWords(double speedup);

} // namespace threadmix
