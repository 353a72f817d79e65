// Group keys, their names, and the names of plan and pool kinds.
#include "core/spec/groupkey.h"

#include "core/base/nametable.h"

#include <utility>

#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace threadmix {
namespace {

constexpr NameTable<PlanKind, 6> kPlanKindNames{{{PlanKind::Run, "run"},
                                                 {PlanKind::Combine, "study:combine"},
                                                 {PlanKind::Pitfalls, "study:pitfalls"},
                                                 {PlanKind::Sweep, "sweep"},
                                                 {PlanKind::Sizes, "sizes"},
                                                 {PlanKind::Processes, "study:processes"}}};
constexpr NameTable<PlanKind, 6> kPlanKindWords{
    {{PlanKind::Run, "run"},
     {PlanKind::Combine, "tutorial study: pool and BLAS threads combined"},
     {PlanKind::Pitfalls, "tutorial study: pitfalls"},
     {PlanKind::Sweep, "sweep"},
     {PlanKind::Sizes, "size sweep"},
     {PlanKind::Processes, "tutorial study: threads or processes"}}};

// The group within its plan, without library or pool.
std::string sectionText(const GroupKey& key) {
    switch (key.plan) {
    case PlanKind::Run:
        return "run";
    case PlanKind::Sweep:
        return "sweep";
    case PlanKind::Combine:
        return "combine";
    case PlanKind::Sizes:
        return fmt::format("n={}", key.size);
    case PlanKind::Processes:
        return "threads or processes";
    case PlanKind::Pitfalls:
        switch (key.workload) {
        case Workload::Gemm:
            return "gemm: a pool on top of BLAS threads";
        case Workload::Dot:
            return "dot: BLAS threads do not help";
        case Workload::Fill:
            return "fill: a pool does not help";
        }
    }
    return "results";
}

std::string plural(int n, const char* one, const char* many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

} // namespace

std::string_view toString(PlanKind k) {
    return nameOf(kPlanKindNames, k, "run");
}

std::optional<PlanKind> planKindFromString(std::string_view s) {
    return valueOf(kPlanKindNames, s);
}

std::string_view describe(PlanKind k) {
    return nameOf(kPlanKindWords, k, "results");
}

void to_json(nlohmann::json& j, const GroupKey& k) {
    j = nlohmann::json{{"plan", toString(k.plan)},
                       {"workload", toString(k.workload)},
                       {"size", k.size},
                       {"pool", toString(k.pool)},
                       {"library", k.library ? nlohmann::json(toString(*k.library)) : nullptr}};
    if (!k.name.empty())
        j["name"] = k.name;
    if (k.poolShown)
        j["pool_shown"] = true;
}

void from_json(const nlohmann::json& j, GroupKey& k) {
    GroupKey out;
    const auto named = [&](const char* field, auto parse) {
        const auto text = j.at(field).get<std::string>();
        const auto v = parse(text);
        if (!v)
            throw std::invalid_argument(fmt::format("unknown group {} '{}'", field, text));
        return *v;
    };
    out.plan = named("plan", planKindFromString);
    out.workload = named("workload", workloadFromString);
    out.size = j.value("size", std::int64_t(0));
    if (j.contains("pool"))
        out.pool = named("pool", poolKindFromString);
    if (j.contains("library") && !j.at("library").is_null())
        out.library = named("library", blasLibraryFromString);
    out.name = j.value("name", std::string());
    out.poolShown = j.value("pool_shown", false);
    k = std::move(out);
}

GroupKey groupKeyOf(PlanKind kind, const RunSpec& spec, bool severalLibraries, bool severalPools) {
    GroupKey key;
    key.plan = kind;
    key.workload = spec.workload;
    if (kind == PlanKind::Sizes)
        key.size = spec.size;
    key.pool = kind == PlanKind::Processes ? PoolKind::Processes : spec.pool;
    key.poolShown = severalPools && kind != PlanKind::Processes;
    if (severalLibraries)
        key.library = spec.blasLibrary;
    return key;
}

std::string groupText(const GroupKey& key) {
    if (!key.name.empty())
        return key.name;
    auto text = sectionText(key);
    // Threads, the pool every plan had before other kinds came, goes unnamed; the processes
    // study's name says it.
    if ((key.poolShown || key.pool != PoolKind::Threads) && key.plan != PlanKind::Processes)
        text = fmt::format("{}: {}", toString(key.pool), text);
    if (!key.library)
        return text;
    // A sweep's or a run's rows form one group per library: its name says it all.
    if (key.plan == PlanKind::Sweep || key.plan == PlanKind::Run)
        return key.pool == PoolKind::Threads && !key.poolShown
                   ? std::string(toString(*key.library))
                   : fmt::format("{}, {}", toString(*key.library), toString(key.pool));
    return withLibrary(*key.library, text);
}

std::string withLibrary(BlasLibrary b, const std::string& text) {
    return fmt::format("{}: {}", toString(b), text);
}

std::string withoutLibrary(const GroupKey& key, const std::string& label) {
    if (!key.library)
        return label;
    const auto prefix = withLibrary(*key.library, "");
    return label.rfind(prefix, 0) == 0 ? label.substr(prefix.size()) : label;
}

std::string describe(const Strategy& s) {
    if (s.pool == PoolKind::Mpi) {
        const auto ranks = plural(s.workers, "MPI rank", "MPI ranks");
        return s.blasThreads == 1 ? ranks + ", 1 BLAS thread"
                                  : fmt::format("{}, {} BLAS threads each", ranks, s.blasThreads);
    }
    if (s.pool == PoolKind::Processes) {
        const auto pool = fmt::format("process pool of {}", plural(s.workers, "worker", "workers"));
        return s.blasThreads == 1 ? pool + ", 1 BLAS thread"
                                  : fmt::format("{}, {} BLAS threads each", pool, s.blasThreads);
    }
    if (s.workers == 1)
        return s.blasThreads == 1 ? std::string("1 worker, 1 BLAS thread")
                                  : fmt::format("no pool, {}", plural(s.blasThreads, "BLAS thread",
                                                                      "BLAS threads"));
    const auto pool = fmt::format("pool of {}", plural(s.workers, "worker", "workers"));
    return s.blasThreads == 1 ? pool + ", 1 BLAS thread"
                              : fmt::format("{}, {} BLAS threads each", pool, s.blasThreads);
}

} // namespace threadmix
