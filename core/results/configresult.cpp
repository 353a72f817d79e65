// Derived figures of a configuration's repetitions.
#include "core/results/configresult.h"

#include "core/results/speedups.h"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>

namespace threadmix {

using nlohmann::json;

namespace {

json optional(const std::optional<double>& v) {
    return v ? json(*v) : json(nullptr);
}

} // namespace

void to_json(json& out, const ConfigResult& r) {
    const auto s = r.seconds();
    const auto& spec = r.config.spec;
    json j{
        {"label", r.config.label},
        {"group", groupText(r.config.group)},
        {"group_key", r.config.group},
        {"workload", toString(spec.workload)},
        {"count", spec.count},
        {"size", spec.size},
        {"workers", spec.workers},
        {"blas_threads", spec.blasThreads},
        {"chunk", spec.chunk},
        {"data", toString(spec.data)},
        {"init", toString(spec.init)},
        {"spec", spec},
        {"status", toString(r.status)},
        {"reason", r.reason},
        {"elapsed_seconds", r.elapsedSeconds},
        {"seconds", r.wallSeconds()},
        {"median_seconds", optional(r.medianSeconds())},
        {"min_seconds", s.n ? json(s.min) : json(nullptr)},
        {"max_seconds", s.n ? json(s.max) : json(nullptr)},
        {"cv", s.n ? json(s.cv) : json(nullptr)},
        {"gflops", optional(r.gflops())},
        {"gflops_whole_repetition", optional(r.gflopsWholeRepetition())},
        {"gbytes_per_second", optional(r.gbytesPerSecond())},
        {"cpu_seconds", s.n ? json(r.medianOf(&RepetitionResult::cpuSeconds)) : json(nullptr)},
        {"data_seconds", s.n ? json(r.medianOf(&RepetitionResult::dataSeconds)) : json(nullptr)},
        {"compute_seconds",
         s.n ? json(r.medianOf(&RepetitionResult::computeSeconds)) : json(nullptr)},
        {"ctx_voluntary",
         s.n ? json(std::int64_t(r.medianOf(&RepetitionResult::ctxVoluntary))) : json(nullptr)},
        {"ctx_involuntary",
         s.n ? json(std::int64_t(r.medianOf(&RepetitionResult::ctxInvoluntary))) : json(nullptr)},
        {"peak_rss_bytes", s.n ? json(r.peakRssBytes()) : json(nullptr)},
        {"repetitions", r.repetitions}};
    out = std::move(j);
}

void from_json(const json& j, ConfigResult& out) {
    ConfigResult r;
    r.config.label = j.at("label").get<std::string>();
    // A file without keys: the name it wrote, until the reader derives the key (whose rule
    // needs the whole file: groupKeyFromFile).
    if (j.contains("group_key"))
        r.config.group = j.at("group_key").get<GroupKey>();
    else
        r.config.group.name = j.value("group", std::string());
    if (j.contains("spec")) {
        r.config.spec = j.at("spec").get<RunSpec>();
    } else {
        // Files written by hand or by other tools: the flat fields are enough.
        r.config.spec = j.get<RunSpec>();
    }
    const auto status = runStatusFromString(j.at("status").get<std::string>());
    if (!status)
        throw std::invalid_argument("unknown status '" + j.at("status").get<std::string>() + "'");
    r.status = *status;
    r.reason = j.value("reason", std::string());
    r.elapsedSeconds = j.value("elapsed_seconds", 0.0);
    if (j.contains("repetitions")) {
        r.repetitions = j.at("repetitions").get<std::vector<RepetitionResult>>();
    } else {
        for (double s : j.at("seconds").get<std::vector<double>>()) {
            RepetitionResult rep;
            rep.wallSeconds = s;
            r.repetitions.push_back(rep);
        }
    }
    for (const auto& rep : r.repetitions)
        if (!std::isfinite(rep.wallSeconds) || rep.wallSeconds < 0)
            throw std::invalid_argument("a repetition's seconds must be a non-negative number");
    out = std::move(r);
}

std::vector<double> ConfigResult::wallSeconds() const {
    std::vector<double> v;
    v.reserve(repetitions.size());
    for (const auto& r : repetitions)
        v.push_back(r.wallSeconds);
    return v;
}

std::optional<double> ConfigResult::medianSeconds() const {
    if (repetitions.empty())
        return std::nullopt;
    return seconds().median;
}

std::optional<double> ConfigResult::gflops() const {
    const double flops = config.spec.flops();
    if (repetitions.empty() || flops <= 0)
        return std::nullopt;
    const double t = medianOf(&RepetitionResult::computeSeconds);
    if (!(t > 0))
        return std::nullopt;
    return flops / t * 1e-9;
}

std::optional<double> ConfigResult::gflopsWholeRepetition() const {
    const auto t = medianSeconds();
    const double flops = config.spec.flops();
    if (!t || *t <= 0 || flops <= 0)
        return std::nullopt;
    return flops / *t * 1e-9;
}

std::optional<double> ConfigResult::gbytesPerSecond() const {
    const auto t = medianSeconds();
    if (!t || *t <= 0)
        return std::nullopt;
    return config.spec.bytesTouched() / *t * 1e-9;
}

double ConfigResult::medianOf(double RepetitionResult::*field) const {
    std::vector<double> v;
    for (const auto& r : repetitions)
        v.push_back(r.*field);
    return summarize(std::move(v)).median;
}

double ConfigResult::medianOf(std::int64_t RepetitionResult::*field) const {
    std::vector<double> v;
    for (const auto& r : repetitions)
        v.push_back(double(r.*field));
    return std::round(summarize(std::move(v)).median);
}

std::int64_t ConfigResult::peakRssBytes() const {
    std::int64_t peak = 0;
    for (const auto& r : repetitions)
        peak = std::max(peak, r.peakRssBytes);
    return peak;
}

const RepetitionResult* ConfigResult::medianRepetition() const {
    if (repetitions.empty())
        return nullptr;
    std::vector<const RepetitionResult*> order;
    for (const auto& r : repetitions)
        order.push_back(&r);
    std::sort(order.begin(), order.end(),
              [](auto* a, auto* b) { return a->wallSeconds < b->wallSeconds; });
    return order[(order.size() - 1) / 2];
}

std::optional<std::string> ConfigResult::noiseWarning() const {
    const auto s = seconds();
    if (s.n == 0)
        return std::nullopt;
    if (s.median < kShortRepetitionSeconds)
        return fmt::format("short: a repetition takes {:.3g} ms, under {:.0f} ms, where start-up "
                           "and timer jitter weigh; use a larger count",
                           s.median * 1e3, kShortRepetitionSeconds * 1e3);
    if (s.n > 1 && s.cv > kNoisyCv)
        return fmt::format("noisy: the repetitions vary by {:.0f}% (CV), over {:.0f}%; use more "
                           "repetitions or a larger count",
                           s.cv * 100, kNoisyCv * 100);
    return std::nullopt;
}

std::optional<double> ConfigResult::cpuUsePercent(int logicalCpus) const {
    const auto t = medianSeconds();
    if (!t || *t <= 0)
        return std::nullopt;
    return 100.0 * medianOf(&RepetitionResult::cpuSeconds) / (*t * std::max(1, logicalCpus));
}

std::optional<double> ConfigResult::percentOfPeak(double peakGflops) const {
    const auto g = gflops();
    if (!g || !(peakGflops > 0))
        return std::nullopt;
    return 100.0 * *g / peakGflops;
}

std::optional<double> ConfigResult::involuntarySwitchesPerSecond() const {
    const auto t = medianSeconds();
    if (!t || *t <= 0)
        return std::nullopt;
    return medianOf(&RepetitionResult::ctxInvoluntary) / *t;
}

std::vector<std::optional<double>> speedups(const std::vector<ConfigResult>& results,
                                            SpeedupOf of) {
    SpeedupIndex index;
    index.reset(results);
    return index.all(of);
}

double ConfigResult::sendingSeconds() const {
    if (repetitions.empty())
        return 0;
    std::vector<double> v;
    for (const auto& r : repetitions)
        v.push_back(r.sendSeconds + r.receiveSeconds);
    return summarize(std::move(v)).median;
}

std::string dataPathText(const RunSpec& s) {
    if (s.data == DataPlacement::InTask)
        return s.pool == PoolKind::Processes ? "made in each worker"
               : s.pool == PoolKind::Mpi     ? "made in each rank"
                                             : "made in each task";
    if (!s.sendsOperands())
        return "made up front, shared by the threads";
    if (s.pool == PoolKind::Mpi)
        return "made by rank 0, sent by MPI_Scatterv";
    return s.transfer == Transfer::Copy ? "sent by copy through pipes"
                                        : "sent through shared memory";
}

namespace {

// What MPI ranks cost besides their timed span, and where they ran.
std::string mpiText(const ConfigResult& r) {
    const auto& s = r.config.spec;
    const auto& first = r.repetitions.front();
    const MpiRecord& m = *first.mpi;
    const auto hosts = m.hosts();
    std::vector<double> launch;
    for (const auto& rep : r.repetitions)
        if (rep.mpi)
            launch.push_back(rep.mpi->launchSeconds);
    std::string text = fmt::format(
        "{} on {} ({} CPUs); {} launched and stopped the ranks in {:.2g} s (median), outside "
        "the timed span",
        m.library.empty() ? "MPI" : m.library,
        hosts.size() == 1 ? hosts.front() : fmt::format("{} hosts", hosts.size()), m.totalCpus(),
        m.launcher.empty() ? "mpirun" : m.launcher, summarize(std::move(launch)).median);
    text += fmt::format("; binding {}", m.binding.empty() ? "none" : m.binding);
    if (m.oversubscribed)
        text += fmt::format("; oversubscribed: {} ranks x {} BLAS threads on {} CPUs", s.workers,
                            s.blasThreads, m.totalCpus());
    if (s.sendsOperands()) {
        const double seconds = r.sendingSeconds();
        text += fmt::format("; MPI_Scatterv and MPI_Gatherv moved {:.0f} MB in {:.2g} s",
                            double(first.bytesSent + first.bytesReceived) / 1e6, seconds);
    }
    return text;
}

} // namespace

std::optional<std::string> processPoolText(const ConfigResult& r) {
    const auto& s = r.config.spec;
    if (s.pool == PoolKind::Mpi && !r.repetitions.empty() && r.repetitions.front().mpi)
        return mpiText(r);
    if (s.pool != PoolKind::Processes || r.repetitions.empty())
        return std::nullopt;
    const double start = r.medianOf(&RepetitionResult::poolStartSeconds);
    const auto started =
        fmt::format("starting its {} worker processes took {:.2g} s", s.workers, start);
    if (!s.sendsOperands())
        return started;
    const double sent = double(r.repetitions.front().bytesSent);
    const double back = double(r.repetitions.front().bytesReceived);
    const double seconds = r.sendingSeconds();
    const auto mb = [](double b) { return fmt::format("{:.0f} MB", b / 1e6); };
    return fmt::format("sending {} to the workers and {} back {} took {:.2g} s (summed over "
                       "tasks: {:.2g} GB/s); {}",
                       mb(sent), mb(back),
                       s.transfer == Transfer::Copy ? "by copy through pipes"
                                                    : "through shared memory",
                       seconds, seconds > 0 ? (sent + back) / seconds / 1e9 : 0.0, started);
}

std::string incompleteText(const ConfigResult& r) {
    switch (r.status) {
    case RunStatus::Ok:
        return {};
    case RunStatus::TimedOut:
        // A lower bound: the configuration used this long without finishing.
        return fmt::format("timed out > {:.{}f} s", r.elapsedSeconds,
                           r.elapsedSeconds < 10 ? 1 : 0);
    case RunStatus::Failed:
        return "failed";
    case RunStatus::Cancelled:
        return "cancelled";
    case RunStatus::Skipped:
        return "skipped";
    case RunStatus::Planned:
        return "planned";
    }
    return {};
}

std::string speedupFigure(double speedup) {
    if (!(speedup > 0))
        return {};
    const int magnitude = int(std::floor(std::log10(speedup)));
    const int decimals = std::clamp(2 - magnitude, 0, 4);
    return fmt::format("{:.{}f}x", speedup, decimals);
}

std::string speedupWords(double speedup) {
    if (!(speedup > 0))
        return {};
    if (std::abs(speedup - 1.0) < 0.005)
        return "as fast";
    const double x = speedup >= 1 ? speedup : 1.0 / speedup;
    // 0.43x reads as "2.33x slower": the factor is always one or more.
    return fmt::format("{} {}", speedupFigure(x), speedup >= 1 ? "faster" : "slower");
}

} // namespace threadmix
