// What a configuration's group is (the rows that share a baseline, a budget and a skip rule),
// as typed fields; its name is made from them for display only, and nothing parses it back.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "core/spec/spec.h"

namespace threadmix {

// What a plan is, and the word result files and journals use for it.
enum class PlanKind { Run, Combine, Pitfalls, Sweep, Sizes, Processes };
// "run", "study:combine", "study:pitfalls", "sweep", "sizes", "study:processes"
std::string_view toString(PlanKind k);
// The kind in words for captions and titles: "tutorial study: pool and BLAS threads combined".
std::string_view describe(PlanKind k);
std::optional<PlanKind> planKindFromString(std::string_view s);

// PoolKind (what runs a configuration's tasks side by side) is a field of RunSpec: spec.h.

struct GroupKey {
    PlanKind plan = PlanKind::Run;
    // The workload of the group's rows: a pitfalls study has a section per workload.
    Workload workload = Workload::Gemm;
    std::int64_t size = 0; // a size sweep's matrix size (a group per size); 0 in other plans
    // The rows' pool kind: a plan run with several kinds has a group per kind. The processes
    // study compares both kinds against one baseline: its one group is of kind processes.
    PoolKind pool = PoolKind::Threads;
    // The plan runs several pool kinds side by side: the name says the kind, threads too.
    bool poolShown = false;
    // Set when the plan runs on several libraries (a group per library); unset with one.
    std::optional<BlasLibrary> library;
    // A group known only by the name a file wrote (a CSV file, an old file whose plan is
    // unknown): compared whole and shown as written, never taken apart.
    std::string name;

    auto operator<=>(const GroupKey&) const = default;
};

// {"plan": "sweep", "workload": "gemm", "size": 0, "pool": "threads", "library": null}, with
// "name" for a group known by name only (docs/result-schema.md). from_json throws on unknown
// names.
void to_json(nlohmann::json& j, const GroupKey& k);
void from_json(const nlohmann::json& j, GroupKey& k);

// The group of a row of a `kind` plan with this spec: the one rule plans make their keys with
// and readers of files without keys derive them with.
GroupKey groupKeyOf(PlanKind kind, const RunSpec& spec, bool severalLibraries,
                    bool severalPools = false);

// The group's name as shown: "sweep", "combine", "gemm: a pool on top of BLAS threads", "n=512";
// with a library, "openblas-pthreads: n=512" (a sweep's or a run's group is the library alone).
std::string groupText(const GroupKey& key);

// The library part of a label or text when a plan runs several: "openblas-pthreads: 2 x 2".
std::string withLibrary(BlasLibrary b, const std::string& text);
// A label made with withLibrary for this key's library, without that part (the key says
// whether it is there; a label without a library comes back as it is).
std::string withoutLibrary(const GroupKey& key, const std::string& label);

// How a configuration spreads its tasks: the part of it a size sweep compares across sizes.
struct Strategy {
    PoolKind pool = PoolKind::Threads;
    int workers = 1;
    int blasThreads = 1;

    auto operator<=>(const Strategy&) const = default;
};
// "1 worker, 1 BLAS thread", "pool of 2 workers, 1 BLAS thread", "no pool, 4 BLAS threads",
// "pool of 2 workers, 2 BLAS threads each".
std::string describe(const Strategy& s);

} // namespace threadmix
