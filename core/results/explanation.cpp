// The explain line: threads vs CPUs, involuntary switches, per-task slowdown, CPU use, % peak.
#include "core/results/explanation.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/base/statistics.h"

namespace threadmix {

namespace {

std::string thousands(double v) {
    // 12345 -> "12,345"
    const auto digits = fmt::format("{:.0f}", v);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && digits[i - 1] != '-' && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return out;
}

// Two significant figures: a rate of 1,834/s reads as 1,800/s.
double twoFigures(double v) {
    if (!(v > 0))
        return v;
    const double p = std::pow(10.0, std::floor(std::log10(v)) - 1);
    return std::round(v / p) * p;
}

} // namespace

double medianTaskSeconds(const ConfigResult& r) {
    const auto* rep = r.medianRepetition();
    if (!rep || rep->tasks.empty())
        return 0;
    std::vector<double> d;
    for (const auto& t : rep->tasks)
        d.push_back(t.end - t.dataEnd);
    return summarize(std::move(d)).median;
}

const ConfigResult* aloneFor(const ConfigResult& r, const std::vector<ConfigResult>& results) {
    for (const auto& x : results) {
        const auto& s = x.config.spec;
        if (s.workers == 1 && s.blasThreads == 1 && s.workload == r.config.spec.workload &&
            s.size == r.config.spec.size && s.blasLibrary == r.config.spec.blasLibrary &&
            !x.repetitions.empty())
            return &x;
    }
    return nullptr;
}

std::string explainConfiguration(const ConfigResult& r, const ConfigResult* alone,
                                 const MachineInfo& m) {
    const auto& s = r.config.spec;
    const int cpus = std::max(1, m.logicalCpus);
    const auto threads = s.totalThreads();
    std::string text = fmt::format("{}: {} thread{} on {} logical CPU{}", r.config.label, threads,
                                   threads == 1 ? "" : "s", cpus, cpus == 1 ? "" : "s");
    if (threads > cpus)
        text += fmt::format(" ({:.3g}x oversubscribed)", double(threads) / cpus);
    else if (threads < cpus)
        text += fmt::format(" ({} left idle)", cpus - threads);
    std::vector<std::string> parts;
    if (r.status == RunStatus::TimedOut)
        parts.push_back(fmt::format("stopped at its time budget after {:.3g} s", r.elapsedSeconds));
    else if (r.status == RunStatus::Failed)
        parts.push_back("failed: " + r.reason);
    else if (r.status == RunStatus::Skipped)
        parts.push_back(r.reason);
    const auto median = r.medianSeconds();
    if (median && *median > 0) {
        const double invol = r.medianOf(&RepetitionResult::ctxInvoluntary);
        parts.push_back(thousands(twoFigures(invol / *median)) +
                        " involuntary context switches/s (the kernel took a CPU from a thread)");
        const double task = medianTaskSeconds(r);
        const double aloneTask = alone && alone != &r ? medianTaskSeconds(*alone) : 0;
        const char* op = s.workload == Workload::Gemm  ? "multiply"
                         : s.workload == Workload::Dot ? "dot product"
                                                       : "fill";
        if (task > 0 && aloneTask > 0) {
            const double slow = task / aloneTask;
            if (slow >= 1.15)
                parts.push_back(fmt::format("each {} {:.3g}x as long as alone", op, slow));
            else if (slow <= 0.87)
                parts.push_back(fmt::format("each {} {:.3g}x faster than alone", op, 1.0 / slow));
            else
                parts.push_back(fmt::format("each {} as fast as alone", op));
        }
        // Faster than its threads can explain: say why, from what was measured.
        const auto aloneTime = alone && alone != &r ? alone->medianSeconds() : std::nullopt;
        const double usable = double(std::min<std::int64_t>(threads, cpus));
        if (aloneTime && *aloneTime / *median > usable * 1.05) {
            const auto& a = alone->config.spec;
            const double aloneData = alone->medianOf(&RepetitionResult::dataSeconds);
            const double myData = r.medianOf(&RepetitionResult::dataSeconds);
            auto placed = [](const RunSpec& x) {
                return x.data == DataPlacement::Upfront
                           ? std::string("up front, serially, before the first operation")
                           : std::string("in each task, in parallel, in reused buffers");
            };
            std::string why = fmt::format("{:.2g}x the 1 x 1's speed with at most {:.0f} CPU{} "
                                          "busy, more than its threads explain",
                                          *aloneTime / *median, usable, usable == 1 ? "" : "s");
            if (a.data != s.data || aloneData > 1.5 * myData)
                why += fmt::format(": the 1 x 1 made its data {} ({:.2g} s of its {:.2g} s); "
                                   "this one {} ({:.2g} s)",
                                   placed(a), aloneData, *aloneTime, placed(s), myData);
            else
                why += ": its operations ran faster than alone (caches shared differently)";
            parts.push_back(why);
        }
        if (auto pool = processPoolText(r))
            parts.push_back(*pool);
        parts.push_back(fmt::format("CPUs {:.0f}% busy", r.cpuUsePercent(cpus).value_or(0)));
        if (auto p = r.percentOfPeak(m.peakGflops))
            parts.push_back(fmt::format("{:.0f}% of the machine's peak", *p));
    }
    for (std::size_t i = 0; i < parts.size(); ++i)
        text += (i == 0 ? ": " : ", ") + parts[i];
    return text + ".";
}

} // namespace threadmix
