// The libraries behind a set of results.
#include "core/results/libraries.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/machine/machinereport.h"

namespace threadmix {

std::vector<BlasLibrary> librariesIn(const std::vector<ConfigResult>& results) {
    std::vector<BlasLibrary> out;
    for (const auto& r : results)
        if (std::find(out.begin(), out.end(), r.config.spec.blasLibrary) == out.end())
            out.push_back(r.config.spec.blasLibrary);
    return out;
}

std::vector<LibraryUse> libraryUses(const std::vector<ConfigResult>& results) {
    std::vector<LibraryUse> out;
    for (auto lib : librariesIn(results)) {
        LibraryUse u;
        u.library = lib;
        for (const auto& r : results) {
            if (r.config.spec.blasLibrary != lib)
                continue;
            u.threadControl = r.config.spec.threadControl;
            if (u.kernel.empty() && !r.config.spec.kernel.empty())
                u.kernel = r.config.spec.kernel;
            const auto it = std::find_if(r.repetitions.begin(), r.repetitions.end(),
                                         [](const auto& rep) { return !rep.blasKernel.empty(); });
            if (it != r.repetitions.end()) {
                u.version = it->blasVersion;
                u.kernel = it->blasKernel;
                u.threading = it->blasThreading;
                break;
            }
        }
        out.push_back(u);
    }
    return out;
}

std::string librariesLine(const std::vector<ConfigResult>& results, const MachineInfo* machine) {
    std::string out;
    for (const auto& u : libraryUses(results)) {
        std::vector<std::string> parts;
        const bool blis = facts(u.library).family == BlasFamily::Blis;
        if (!u.version.empty())
            parts.push_back(u.version);
        else if (blis && machine && !machine->blasVersion.empty())
            parts.push_back("BLIS " + machine->blasVersion);
        if (blis && machine && u.kernel == machine->blasKernel)
            parts.push_back("kernel " + kernelSummary(*machine));
        else if (!u.kernel.empty())
            parts.push_back("kernel " + u.kernel);
        parts.push_back(fmt::format("{} threads", toString(u.threadControl)));
        out += fmt::format("{}{} ({})", out.empty() ? "" : "; ", toString(u.library),
                           fmt::join(parts, ", "));
    }
    return out;
}

std::string librariesLine(const Plan& plan, const MachineInfo* machine) {
    std::vector<ConfigResult> rows;
    for (const auto& c : plan.configs) {
        ConfigResult r;
        r.config = c;
        rows.push_back(std::move(r));
    }
    return librariesLine(rows, machine);
}

GroupKey groupKeyFromFile(const ResultSet& set, const RunSpec& spec, const std::string& written) {
    const bool several = librariesIn(set.results).size() > 1;
    if (set.kind)
        return groupKeyOf(*set.kind, spec, several);
    GroupKey key;
    key.name = written.empty() ? std::string("results") : written;
    if (several)
        key.library = spec.blasLibrary;
    return key;
}

} // namespace threadmix
