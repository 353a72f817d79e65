// Matching rows of two result sets and the A/B table.
#include "core/results/comparison.h"

#include <algorithm>
#include <functional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/results/libraries.h"

namespace threadmix {

std::optional<double> timeRatio(const ConfigResult& a, const ConfigResult& b) {
    const auto ta = a.medianSeconds();
    const auto tb = b.medianSeconds();
    if (!ta || !tb || *tb <= 0)
        return std::nullopt;
    return *ta / *tb;
}

std::vector<ComparedRow> compareResults(const ResultSet& a, const ResultSet& b) {
    std::vector<ComparedRow> rows;
    for (int i = 0; i < int(a.results.size()); ++i) {
        const auto& ra = a.results[std::size_t(i)];
        ComparedRow row;
        row.a = i;
        for (int j = 0; j < int(b.results.size()) && row.b < 0; ++j)
            if (b.results[std::size_t(j)].config.label == ra.config.label)
                row.b = j;
        for (int j = 0; j < int(b.results.size()) && row.b < 0; ++j) {
            const auto& sb = b.results[std::size_t(j)].config.spec;
            if (sb.workers == ra.config.spec.workers &&
                sb.blasThreads == ra.config.spec.blasThreads)
                row.b = j;
        }
        if (row.b >= 0)
            row.ratio = timeRatio(ra, b.results[std::size_t(row.b)]);
        rows.push_back(row);
    }
    return rows;
}

ResultSet onlyLibrary(const ResultSet& set, BlasLibrary library) {
    ResultSet out;
    out.kind = set.kind;
    out.machine = set.machine;
    for (const auto& r : set.results) {
        if (r.config.spec.blasLibrary != library)
            continue;
        // The key says whether the label carries the library: the rest stays as it is, and
        // each group (a study's section, a size) stays apart with its library part gone.
        auto copy = r;
        copy.config.label = withoutLibrary(copy.config.group, copy.config.label);
        copy.config.group.library.reset();
        out.results.push_back(std::move(copy));
    }
    return out;
}

std::vector<std::string> parameterDifferences(const ResultSet& a, const ResultSet& b) {
    std::vector<std::string> out;
    auto differ = [&](const std::string& what, const std::string& x, const std::string& y) {
        if (x != y)
            out.push_back(fmt::format("{}: {} vs {}", what, x, y));
    };
    // Every distinct value of a spec field across a set's rows, joined.
    auto values = [](const ResultSet& s, auto field) {
        std::vector<std::string> v;
        for (const auto& r : s.results) {
            const auto text = field(r.config.spec);
            if (std::find(v.begin(), v.end(), text) == v.end())
                v.push_back(text);
        }
        return fmt::format("{}", fmt::join(v, "/"));
    };
    differ("CPU", a.machine.cpuModel, b.machine.cpuModel);
    differ("logical CPUs", std::to_string(a.machine.logicalCpus),
           std::to_string(b.machine.logicalCpus));
    const std::vector<std::pair<const char*, std::function<std::string(const RunSpec&)>>> fields{
        {"workload", [](const RunSpec& s) { return std::string(toString(s.workload)); }},
        {"count", [](const RunSpec& s) { return std::to_string(s.count); }},
        {"size", [](const RunSpec& s) { return std::to_string(s.size); }},
        {"data", [](const RunSpec& s) { return std::string(toString(s.data)); }},
        {"values", [](const RunSpec& s) { return std::string(toString(s.init)); }},
        {"chunk", [](const RunSpec& s) { return std::to_string(s.chunk); }},
        {"repetitions", [](const RunSpec& s) { return std::to_string(s.repeats); }},
        {"library", [](const RunSpec& s) { return std::string(toString(s.blasLibrary)); }},
        {"kernel", [](const RunSpec& s) { return s.kernel.empty() ? "auto" : s.kernel; }},
        {"thread control", [](const RunSpec& s) { return std::string(toString(s.threadControl)); }},
        {"wait policy", [](const RunSpec& s) { return std::string(toString(s.waitPolicy)); }},
        {"pinning", [](const RunSpec& s) { return std::string(s.pin ? "pinned" : "not pinned"); }},
    };
    for (const auto& [name, field] : fields)
        differ(name, values(a, field), values(b, field));
    return out;
}

std::string comparisonText(const ResultSet& a, const ResultSet& b, const std::string& nameA,
                           const std::string& nameB) {
    auto describe = [](const ResultSet& s) {
        if (s.results.empty())
            return std::string("no results");
        const auto& spec = s.results.front().config.spec;
        return fmt::format("{} ({} cores, {} CPUs), {} {}x{}, wait {}, {}, BLAS: {}",
                           s.machine.cpuModel, s.machine.physicalCores, s.machine.logicalCpus,
                           spec.count, spec.size, spec.size, toString(spec.waitPolicy),
                           spec.pin ? "pinned" : "not pinned", librariesLine(s.results));
    };
    std::string out =
        fmt::format("A = {}: {}\nB = {}: {}\n", nameA, describe(a), nameB, describe(b));
    const auto differences = parameterDifferences(a, b);
    out += differences.empty()
               ? std::string("Measured alike (same machine, workload and method).\n\n")
               : fmt::format("They differ in more than the threads: {}.\n\n",
                             fmt::join(differences, "; "));
    out += fmt::format("{:<44} {:>10} {:>10} {:>8}  {}\n", "Configuration", "A median s",
                       "B median s", "A / B", "");
    out += std::string(84, '-') + "\n";
    for (const auto& row : compareResults(a, b)) {
        const auto& ra = a.results[std::size_t(row.a)];
        const auto ta = ra.medianSeconds();
        std::optional<double> tb;
        if (row.b >= 0)
            tb = b.results[std::size_t(row.b)].medianSeconds();
        std::string verdict;
        if (row.ratio)
            verdict = *row.ratio < 0.95   ? fmt::format("A {:.2f}x faster", 1 / *row.ratio)
                      : *row.ratio > 1.05 ? fmt::format("B {:.2f}x faster", *row.ratio)
                                          : "about the same";
        else if (row.b < 0)
            verdict = "not in B";
        else
            verdict = "not measured in both";
        out += fmt::format("{:<44} {:>10} {:>10} {:>8}  {}\n", ra.config.label.substr(0, 44),
                           ta ? fmt::format("{:.4g}", *ta) : "-",
                           tb ? fmt::format("{:.4g}", *tb) : "-",
                           row.ratio ? fmt::format("{:.2f}", *row.ratio) : "-", verdict);
    }
    return out;
}

} // namespace threadmix
