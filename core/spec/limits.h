// Documented limits of every parameter, parsing of user text, and validation of a spec.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/expected.h"
#include "core/spec/spec.h"

namespace threadmix::limits {

inline constexpr std::int64_t kMaxCount = 100000;
inline constexpr std::int64_t kMaxMatrixSize = 32768;
inline constexpr std::int64_t kMaxVectorLength = 4'000'000'000;
inline constexpr int kMaxWorkers = 512;
inline constexpr int kMaxBlasThreads = 512;
inline constexpr std::int64_t kMaxTotalThreads = 4096;
inline constexpr int kMaxRepeats = 1000;
inline constexpr int kMaxWarmup = 100;
inline constexpr double kMinBudget = 0.1;
inline constexpr double kMaxBudget = 7 * 24 * 3600.0;
inline constexpr std::int64_t kMaxSweepCells = 4096;
// Share of available memory one configuration may plan to use.
inline constexpr double kMemoryShare = 0.8;

// Whole number in [min, max]; `name` is how the user knows the parameter (e.g. "--count").
Expected<std::int64_t> parseInteger(std::string_view name, std::string_view text, std::int64_t min,
                                    std::int64_t max);
Expected<double> parseSeconds(std::string_view name, std::string_view text, double min, double max);
Expected<std::uint64_t> parseSeed(std::string_view name, std::string_view text);
// A thread count or "auto" (= logicalCpus).
Expected<int> parseThreads(std::string_view name, std::string_view text, int max, int logicalCpus);
// "A..B" with min <= A <= B <= max ("A" alone means A..A).
Expected<std::pair<int, int>> parseRange(std::string_view name, std::string_view text, int min,
                                         int max);

// "64,128,256": whole numbers in [min, max], each larger than the one before.
Expected<std::vector<std::int64_t>> parseIncreasingList(std::string_view name,
                                                        std::string_view text, std::int64_t min,
                                                        std::int64_t max);

// A sweep axis: "1,2,4,8" (those values), "A..B" (sweepAxis: every value when there are at
// most 8, else log-spaced), "A..B:all" (every value) or "A" (that one).
Expected<std::vector<int>> parseAxis(std::string_view name, std::string_view text, int max,
                                     int logicalCpus, int physicalCores);

// How many more processes and threads this user may start (RLIMIT_NPROC less what it runs);
// nullopt when there is no limit (unlimited, or root).
std::optional<std::int64_t> tasksAllowed();

// Largest allowed size for a workload (matrix side or vector length).
std::int64_t maxSize(Workload w);

// Bytes a configuration needs at its peak: the data it holds plus BLIS packing buffers.
std::uint64_t estimateBytes(const RunSpec& spec);

// Memory this process may still use: MemAvailable, capped by any cgroup limit.
std::uint64_t availableMemoryBytes();

// Every check of a spec; the message names the parameter, the value and the limit.
// How the user knows each parameter where a message is read: the command line's option names,
// or the window's control names. `size` empty: the workload's own name (sizeName).
struct ParameterNames {
    std::string count, size, workers, blasThreads, chunk, repeats, warmup, budget, inTask;
    std::string threadControl = "--thread-control", processWide = "process-wide",
                blasLibrary = "--blas-library";
};
const ParameterNames& commandLineNames();

Status validate(const RunSpec& spec, std::uint64_t availableBytes,
                const ParameterNames& names = commandLineNames());
inline Status validate(const RunSpec& spec) {
    return validate(spec, availableMemoryBytes());
}

// "1.5 GiB" for messages and tables.
std::string formatBytes(double bytes);

} // namespace threadmix::limits
