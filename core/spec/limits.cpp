// Parameter limits, parsing of user text and spec validation with clear messages.
#include "core/spec/limits.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>

#include "core/spec/plan.h"

#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include <fmt/format.h>

namespace threadmix::limits {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

std::string show(std::string_view text) {
    return text.empty() ? std::string("an empty value") : fmt::format("'{}'", text);
}

Error rangeError(std::string_view name, std::string_view value, std::int64_t min,
                 std::int64_t max) {
    return Error{fmt::format("{}: {} is out of range; it must be a whole number from {} to {}.",
                             name, value, min, max)};
}

std::uint64_t readCgroupValue(const char* path) {
    std::ifstream in(path);
    std::string text;
    if (!(in >> text) || text == "max")
        return std::numeric_limits<std::uint64_t>::max();
    std::uint64_t v = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    return ec == std::errc() ? v : std::numeric_limits<std::uint64_t>::max();
}

} // namespace

Expected<std::int64_t> parseInteger(std::string_view name, std::string_view text, std::int64_t min,
                                    std::int64_t max) {
    const auto t = trim(text);
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (t.empty() || p != t.data() + t.size()) {
        // A number with a fraction or exponent is still not a count.
        return Error{fmt::format("{}: {} is not a whole number; it must be from {} to {}.", name,
                                 show(text), min, max)};
    }
    if (ec == std::errc::result_out_of_range || v < min || v > max)
        return rangeError(name, t, min, max);
    return v;
}

Expected<double> parseSeconds(std::string_view name, std::string_view text, double min,
                              double max) {
    const auto t = trim(text);
    double v = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (t.empty() || p != t.data() + t.size() || ec != std::errc() || !std::isfinite(v))
        return Error{fmt::format("{}: {} is not a number of seconds; it must be from {} to {}.",
                                 name, show(text), min, max)};
    if (v < min || v > max)
        return Error{fmt::format("{}: {} seconds is out of range; it must be from {} to {}.", name,
                                 t, min, max)};
    return v;
}

Expected<std::uint64_t> parseSeed(std::string_view name, std::string_view text) {
    const auto t = trim(text);
    std::uint64_t v = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (t.empty() || p != t.data() + t.size() || ec != std::errc())
        return Error{fmt::format("{}: {} is not a whole number from 0 to {}.", name, show(text),
                                 std::numeric_limits<std::uint64_t>::max())};
    return v;
}

Expected<int> parseThreads(std::string_view name, std::string_view text, int max, int logicalCpus) {
    if (trim(text) == "auto")
        return logicalCpus;
    auto v = parseInteger(name, text, 1, max);
    if (!v)
        return Error{v.error().substr(0, v.error().size() - 1) + ", or auto."};
    return int(*v);
}

Expected<std::pair<int, int>> parseRange(std::string_view name, std::string_view text, int min,
                                         int max) {
    const auto t = trim(text);
    const auto dots = t.find("..");
    if (dots == std::string_view::npos) {
        auto v = parseInteger(name, t, min, max);
        if (!v)
            return Error{v.error()};
        return std::pair{int(*v), int(*v)};
    }
    auto lo = parseInteger(name, t.substr(0, dots), min, max);
    if (!lo)
        return Error{fmt::format("{}: {} is not a range A..B of whole numbers from {} to {}.", name,
                                 show(text), min, max)};
    auto hi = parseInteger(name, t.substr(dots + 2), min, max);
    if (!hi)
        return Error{fmt::format("{}: {} is not a range A..B of whole numbers from {} to {}.", name,
                                 show(text), min, max)};
    if (*lo > *hi)
        return Error{fmt::format("{}: {} is written backwards; the first number must not be "
                                 "larger than the second (did you mean {}..{}?).",
                                 name, t, *hi, *lo)};
    return std::pair{int(*lo), int(*hi)};
}

Expected<std::vector<std::int64_t>> parseIncreasingList(std::string_view name,
                                                        std::string_view text, std::int64_t min,
                                                        std::int64_t max) {
    std::vector<std::int64_t> out;
    std::string_view rest = text;
    while (true) {
        const auto comma = rest.find(',');
        auto v = parseInteger(name, rest.substr(0, comma), min, max);
        if (!v)
            return Error{v.error()};
        if (!out.empty() && *v <= out.back())
            return Error{fmt::format("{}: give the values in increasing order, each once, e.g. "
                                     "64,128,256 ({} comes after {}).",
                                     name, *v, out.back())};
        out.push_back(*v);
        if (comma == std::string_view::npos)
            return out;
        rest = rest.substr(comma + 1);
    }
}

Expected<std::vector<int>> parseAxis(std::string_view name, std::string_view text, int max,
                                     int logicalCpus, int physicalCores) {
    const auto t = trim(text);
    if (t.find(',') != std::string_view::npos) {
        auto list = parseIncreasingList(name, t, 1, max);
        if (!list)
            return Error{list.error()};
        return std::vector<int>(list->begin(), list->end());
    }
    const bool all = t.size() > 4 && t.substr(t.size() - 4) == ":all";
    auto range = parseRange(name, all ? t.substr(0, t.size() - 4) : t, 1, max);
    if (!range)
        return Error{range.error() + " Also possible: a list like 1,2,4,8, or A..B:all for every "
                                     "value."};
    return sweepAxis(range->first, range->second, all, logicalCpus, physicalCores);
}

std::optional<std::int64_t> tasksAllowed() {
    if (::geteuid() == 0)
        return std::nullopt; // RLIMIT_NPROC does not apply to root
    rlimit rl{};
    if (::getrlimit(RLIMIT_NPROC, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return std::nullopt;
    // What this user runs already counts against the limit: counted once per process.
    static const std::int64_t used = [] {
        std::int64_t n = 0;
        const auto uid = ::getuid();
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator("/proc", ec)) {
            struct stat st {};
            const auto name = e.path().filename().string();
            if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0])) ||
                ::stat(e.path().c_str(), &st) != 0 || st.st_uid != uid)
                continue;
            std::error_code tec;
            for (auto it = std::filesystem::directory_iterator(e.path() / "task", tec);
                 !tec && it != std::filesystem::directory_iterator(); it.increment(tec))
                ++n;
        }
        return n;
    }();
    return std::max<std::int64_t>(0, std::int64_t(rl.rlim_cur) - used);
}

std::int64_t maxSize(Workload w) {
    return w == Workload::Dot ? kMaxVectorLength : kMaxMatrixSize;
}

std::uint64_t estimateBytes(const RunSpec& s) {
    // Items held at once: upfront keeps all of them, in-task one set per busy worker. A process
    // pool's workers also hold the tasks of a chunk they were sent (or their shared slots).
    const double busy = double(std::min<std::int64_t>(s.workers, s.count));
    double sets = s.data == DataPlacement::Upfront ? double(s.count) : busy;
    if (s.sendsOperands())
        sets += busy * double(std::max<std::int64_t>(1, s.chunk));
    const double perSet = double(s.operandsPerTask()) * double(s.operandElements()) * 8.0;
    // BLIS packs blocks of A and B per thread: a few MiB each at most.
    const double packing =
        s.workload == Workload::Gemm ? double(s.totalThreads()) * 4.0 * 1024 * 1024 : 0.0;
    // Each worker process: its own libraries, stacks and heap, about 16 MiB.
    const double processes =
        s.pool == PoolKind::Processes ? double(s.workers) * 16.0 * 1024 * 1024 : 0.0;
    const double total = sets * perSet + packing + processes;
    return total >= 1.8e19 ? std::numeric_limits<std::uint64_t>::max() : std::uint64_t(total);
}

std::uint64_t availableMemoryBytes() {
    std::uint64_t available = std::numeric_limits<std::uint64_t>::max();
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    std::uint64_t kib = 0;
    std::string unit;
    while (meminfo >> key >> kib) {
        std::getline(meminfo, unit);
        if (key == "MemAvailable:") {
            available = kib * 1024;
            break;
        }
    }
    const auto limit = readCgroupValue("/sys/fs/cgroup/memory.max");
    if (limit != std::numeric_limits<std::uint64_t>::max()) {
        const auto used = readCgroupValue("/sys/fs/cgroup/memory.current");
        const auto room =
            used == std::numeric_limits<std::uint64_t>::max() || used > limit ? 0 : limit - used;
        available = std::min(available, room);
    }
    return available;
}

std::string formatBytes(double bytes) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    int u = 0;
    while (bytes >= 1024.0 && u < 5) {
        bytes /= 1024.0;
        ++u;
    }
    return u == 0 ? fmt::format("{:.0f} {}", bytes, units[u])
                  : fmt::format("{:.1f} {}", bytes, units[u]);
}

const ParameterNames& commandLineNames() {
    static const ParameterNames names{"--count",        "--size",   "--workers",
                                      "--blas-threads", "--chunk",  "--repeats",
                                      "--warmup",       "--budget", "--data in-task"};
    return names;
}

Status validate(const RunSpec& s, std::uint64_t availableBytes, const ParameterNames& n) {
    const std::string size = n.size.empty() ? std::string(sizeName(s.workload)) : n.size;
    auto range = [](std::string_view name, std::int64_t v, std::int64_t min,
                    std::int64_t max) -> Status {
        if (v < min || v > max)
            return rangeError(name, std::to_string(v), min, max);
        return success();
    };
    for (auto st :
         {range(n.count, s.count, 1, kMaxCount), range(size, s.size, 1, maxSize(s.workload)),
          range(n.workers, s.workers, 1, kMaxWorkers),
          range(n.blasThreads, s.blasThreads, 1, kMaxBlasThreads),
          range(n.chunk, s.chunk, 1, kMaxCount), range(n.repeats, s.repeats, 1, kMaxRepeats),
          range(n.warmup, s.warmup, 0, kMaxWarmup)}) {
        if (!st)
            return st;
    }
    const auto& lib = facts(s.blasLibrary);
    if (!lib.perCallThreads && s.threadControl == ThreadControl::PerCall)
        return Error{fmt::format(
            "{} per-call is not available with {} {}: {} sets its thread count for the whole "
            "process only (openblas_set_num_threads, OPENBLAS_NUM_THREADS), as numpy users get; "
            "use {} {}.",
            n.threadControl, n.blasLibrary, lib.name, toString(lib.family), n.threadControl,
            n.processWide)};
    if (lib.threading == "none" && s.blasThreads > 1)
        return Error{fmt::format("{}: {} with {} {}, which has no threads of its own; use 1.",
                                 n.blasThreads, s.blasThreads, n.blasLibrary, lib.name)};
    if (s.chunk > s.count)
        return Error{fmt::format("{}: {} is larger than {} {}; a chunk is a share of the tasks, "
                                 "so it must be from 1 to {}.",
                                 n.chunk, s.chunk, n.count, s.count, s.count)};
    if (!(s.budgetSeconds >= kMinBudget && s.budgetSeconds <= kMaxBudget))
        return Error{fmt::format("{}: {} seconds is out of range; it must be from {} to {}.",
                                 n.budget, s.budgetSeconds, kMinBudget, kMaxBudget)};
    if (s.totalThreads() > kMaxTotalThreads)
        return Error{fmt::format("{} {} x {} {} = {} threads; at most {} threads may run at once.",
                                 n.workers, s.workers, n.blasThreads, s.blasThreads,
                                 s.totalThreads(), kMaxTotalThreads)};
    if (s.pool == PoolKind::Processes)
        if (const auto most = tasksAllowed()) {
            // RLIMIT_NPROC counts threads: the main program and its proxies, the workers and
            // their BLAS threads.
            const std::int64_t tasks = 1 + s.workers + s.totalThreads();
            if (tasks > *most)
                return Error{fmt::format(
                    "{} {}: a process pool of {} workers with {} BLAS thread{} each is {} "
                    "processes and threads, but this user may start only {} more (ulimit -u, "
                    "RLIMIT_NPROC). Use fewer {}.",
                    n.workers, s.workers, s.workers, s.blasThreads, s.blasThreads == 1 ? "" : "s",
                    tasks, *most, n.workers)};
        }
    const auto need = estimateBytes(s);
    const auto allowed = std::uint64_t(double(availableBytes) * kMemoryShare);
    if (need > allowed) {
        const auto what = s.workload == Workload::Dot ? "vectors" : "matrices";
        return Error{fmt::format(
            "{} {} with {} {} ({} {}, data {}) needs {} ({} bytes) of memory, but only 80% of "
            "the {} available may be used ({} bytes). Use a smaller {} or {}{}.",
            size, s.size, n.count, s.count, toString(s.workload), what, toString(s.data),
            formatBytes(double(need)), need, formatBytes(double(availableBytes)), allowed, size,
            n.count, s.data == DataPlacement::Upfront ? ", or " + n.inTask : "")};
    }
    return success();
}

} // namespace threadmix::limits
