// Plan builders: the tutorials' comparisons and the workers x BLAS threads grid.
#include "core/spec/plan.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/spec/limits.h"

namespace threadmix {
namespace {

std::string threads(int n, const char* one, const char* many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

RunSpec sized(const PlanOptions& o, std::int64_t count, std::int64_t size) {
    RunSpec s = o.base;
    if (!o.countGiven)
        s.count = count;
    if (!o.sizeGiven)
        s.size = size;
    if (!o.budgetGiven)
        s.budgetSeconds = defaults::kBudgetSeconds;
    return s;
}

// The spec of a study of matrix multiplies on random data (unless the user said otherwise).
RunSpec multiplyStudy(const PlanOptions& o, std::int64_t count, std::int64_t size) {
    RunSpec s = sized(o, count, size);
    s.workload = Workload::Gemm;
    if (!o.initGiven)
        s.init = Init::Random;
    return s;
}

// A row of a plan; its group is set from its spec once the plan's libraries are known.
Configuration row(std::string label, RunSpec s, int workers, int blas, DataPlacement tutorialData,
                  const PlanOptions& o) {
    s.workers = workers;
    s.blasThreads = blas;
    if (!o.dataGiven)
        s.data = tutorialData;
    if (!o.chunkGiven)
        s.chunk = 1;
    return Configuration{std::move(label), {}, s};
}

// One copy of the plan's rows per library, interleaved so that the libraries are measured side
// by side (each group keeps its own 1x1 first: its budget and skip rule come from it).
// Rows of one group that are the same configuration on this machine (logical CPUs = physical
// cores: no SMT) are measured once, under one label that says so.
void mergeIdentical(Plan& p) {
    std::vector<Configuration> kept;
    for (auto& c : p.configs) {
        auto same = std::find_if(kept.begin(), kept.end(), [&](const Configuration& k) {
            return k.group == c.group && k.spec == c.spec;
        });
        if (same == kept.end()) {
            kept.push_back(std::move(c));
            continue;
        }
        // "no pool, BLAS threads = logical CPUs (2)" + "... = physical cores (2)" ->
        // "no pool, BLAS threads = logical CPUs = physical cores (2, the same here: no SMT)".
        const auto cut = [](const std::string& l) { return l.substr(0, l.rfind(" (")); };
        const auto a = cut(same->label), b = cut(c.label);
        const auto eq = b.rfind(" = ");
        const bool sameStart = eq != std::string::npos && a.rfind(b.substr(0, eq), 0) == 0;
        same->label = sameStart
                          ? fmt::format("{} = {} ({}, the same here: no SMT)", a, b.substr(eq + 3),
                                        same->spec.blasThreads)
                          : fmt::format("{} (= {}: the same here)", same->label, cut(c.label));
    }
    p.configs = std::move(kept);
}

// One copy of each row per pool kind, interleaved (the processes study's rows set their own).
void withPools(Plan& p, const PlanOptions& o) {
    if (p.kind == PlanKind::Processes || o.pools.size() < 2) {
        if (p.kind != PlanKind::Processes)
            for (auto& c : p.configs)
                c.spec.pool = o.pools.empty() ? o.base.pool : o.pools.front();
        return;
    }
    std::vector<Configuration> out;
    for (const auto& c : p.configs)
        for (auto pool : o.pools) {
            Configuration x = c;
            x.spec.pool = pool;
            x.label = withPool(pool, x.label);
            out.push_back(std::move(x));
        }
    p.configs = std::move(out);
}

Plan withLibraries(Plan p, const PlanOptions& o) {
    withPools(p, o);
    for (auto& c : p.configs) // the groups before the libraries: rows merge within a group
        c.group = groupKeyOf(p.kind, c.spec, false, o.pools.size() > 1);
    if (p.kind == PlanKind::Combine || p.kind == PlanKind::Pitfalls ||
        p.kind == PlanKind::Processes)
        mergeIdentical(p);
    auto libs = o.libraries;
    if (libs.empty())
        libs.push_back(o.base.blasLibrary);
    std::vector<Configuration> out;
    for (const auto& c : p.configs)
        for (auto lib : libs) {
            Configuration x = c;
            x.spec.blasLibrary = lib;
            if (facts(lib).family == BlasFamily::OpenBlas)
                x.spec.kernel = o.openblasKernel;
            if (!o.threadControlGiven && !facts(lib).perCallThreads)
                x.spec.threadControl = ThreadControl::ProcessWide;
            // A library without threads of its own has one sweep column only.
            if (p.kind == PlanKind::Sweep && facts(lib).threading == "none" &&
                x.spec.blasThreads > 1)
                continue;
            if (libs.size() > 1)
                x.label = withLibrary(lib, x.label);
            x.group = groupKeyOf(p.kind, x.spec, libs.size() > 1, o.pools.size() > 1);
            out.push_back(std::move(x));
        }
    p.configs = std::move(out);
    return p;
}

} // namespace

int blasThreadsPerWorker(int logicalCpus, int workers) {
    return std::max(1, logicalCpus / std::max(1, workers));
}

std::string withPool(PoolKind k, const std::string& text) {
    return fmt::format("{}: {}", toString(k), text);
}

double cellBudget(const Plan& plan, const RunSpec& cell, std::optional<double> firstSeconds) {
    if (!plan.budgetFactorFromFirst || !firstSeconds)
        return cell.budgetSeconds;
    return std::min(cell.budgetSeconds,
                    std::max(plan.minDerivedBudget, *plan.budgetFactorFromFirst * *firstSeconds));
}

std::string cellBudgetRule(double factor, double minimum) {
    return fmt::format("{:g}x the 1 x 1 cell's time (at least {:g} s), at most the budget", factor,
                       minimum);
}

Plan makeRunPlan(const PlanOptions& o) {
    Plan p;
    p.kind = PlanKind::Run;
    RunSpec s = sized(o, defaults::kRunCount, defaults::kRunSize);
    if (o.budgetGiven)
        s.budgetSeconds = o.base.budgetSeconds;
    const auto blas = o.blasPerWorker
                          ? fmt::format("BLAS threads auto per worker ({})", s.blasThreads)
                          : threads(s.blasThreads, "BLAS thread", "BLAS threads");
    const auto pool = s.pool == PoolKind::Processes && o.pools.size() < 2
                          ? threads(s.workers, "worker process", "worker processes")
                      : s.pool == PoolKind::Mpi && o.pools.size() < 2
                          ? threads(s.workers, "MPI rank", "MPI ranks")
                          : threads(s.workers, "worker", "workers");
    const auto label = fmt::format("{} x {}", pool, blas);
    p.configs.push_back(Configuration{label, {}, s});
    return withLibraries(std::move(p), o);
}

Plan makeCombineStudy(const PlanOptions& o) {
    Plan p;
    p.kind = PlanKind::Combine;
    const RunSpec s = multiplyStudy(o, defaults::kCombineCount, defaults::kCombineSize);
    const int L = o.logicalCpus;
    const int P = o.physicalCores;
    using D = DataPlacement;
    p.configs = {
        row("no pool, 1 BLAS thread", s, 1, 1, D::Upfront, o),
        row(fmt::format("no pool, BLAS threads = logical CPUs ({})", L), s, 1, L, D::Upfront, o),
        row(fmt::format("no pool, BLAS threads = physical cores ({})", P), s, 1, P, D::Upfront, o),
        row(fmt::format("pool of {}, 1 BLAS thread", threads(P, "worker", "workers")), s, P, 1,
            D::InTask, o),
        row(fmt::format("pool of 2 workers, BLAS threads = logical CPUs ({})", L), s, 2, L,
            D::InTask, o),
    };
    return withLibraries(std::move(p), o);
}

Plan makePitfallsStudy(const PlanOptions& o) {
    Plan p;
    p.kind = PlanKind::Pitfalls;
    const int L = o.logicalCpus;
    using D = DataPlacement;

    RunSpec gemm = sized(o, defaults::kPitfallCount, defaults::kPitfallSize);
    gemm.workload = Workload::Gemm;
    if (!o.initGiven)
        gemm.init = Init::Ones;
    p.configs.push_back(row(fmt::format("no pool, BLAS threads = logical CPUs ({})", L), gemm, 1, L,
                            D::Upfront, o));
    p.configs.push_back(row(fmt::format("pool of {} workers, {} BLAS threads each", L, L), gemm, L,
                            L, D::Upfront, o));
    auto chunked = row(fmt::format("same pool, chunk = count/4", L), gemm, L, L, D::Upfront, o);
    chunked.spec.chunk = std::max<std::int64_t>(1, (gemm.count + 3) / 4);
    p.configs.push_back(chunked);

    // Vectors with as many elements as one size x size matrix: long enough to be memory-bound.
    RunSpec dot = gemm;
    dot.workload = Workload::Dot;
    dot.size = gemm.size * gemm.size * 16;
    dot.count = std::max<std::int64_t>(1, gemm.count / 4);
    p.configs.push_back(row("dot, 1 BLAS thread", dot, 1, 1, D::Upfront, o));
    p.configs.push_back(
        row(fmt::format("dot, BLAS threads = logical CPUs ({})", L), dot, 1, L, D::Upfront, o));

    RunSpec fill = gemm;
    fill.workload = Workload::Fill;
    fill.size = gemm.size * 2;
    fill.count = gemm.count * 2;
    p.configs.push_back(row("fill, no pool", fill, 1, 1, D::Upfront, o));
    p.configs.push_back(row(fmt::format("fill, pool of {} workers", L), fill, L, 1, D::Upfront, o));
    return withLibraries(std::move(p), o);
}

Plan makeProcessesStudy(const PlanOptions& o) {
    Plan p;
    p.kind = PlanKind::Processes;
    const RunSpec s = multiplyStudy(o, defaults::kProcessesCount, defaults::kProcessesSize);
    const int P = o.physicalCores;
    using D = DataPlacement;
    auto as = [](Configuration c, PoolKind pool, Transfer transfer = Transfer::Copy) {
        c.spec.pool = pool;
        c.spec.transfer = transfer;
        return c;
    };
    const auto pool = threads(P, "worker", "workers");
    const int joblib = blasThreadsPerWorker(o.logicalCpus, 2);
    p.configs = {
        as(row("no pool, 1 BLAS thread", s, 1, 1, D::InTask, o), PoolKind::Threads),
        as(row(fmt::format("thread pool of {}, 1 BLAS thread", pool), s, P, 1, D::InTask, o),
           PoolKind::Threads),
        as(row(fmt::format("process pool of {}, 1 BLAS thread, data made in each worker", pool), s,
               P, 1, D::InTask, o),
           PoolKind::Processes),
        as(row(fmt::format("process pool of {}, 1 BLAS thread, data sent by copy", pool), s, P, 1,
               D::Upfront, o),
           PoolKind::Processes, Transfer::Copy),
        as(row(fmt::format("process pool of {}, 1 BLAS thread, data sent through shared memory",
                           pool),
               s, P, 1, D::Upfront, o),
           PoolKind::Processes, Transfer::Shared),
        as(row(fmt::format("joblib's rule (process pool of 2 workers, BLAS threads auto per "
                           "worker = {}, shared memory)",
                           joblib),
               s, 2, joblib, D::Upfront, o),
           PoolKind::Processes, Transfer::Shared),
    };
    return withLibraries(std::move(p), o);
}

std::vector<int> sweepAxis(int a, int b, bool all, int logicalCpus, int physicalCores) {
    std::vector<int> out;
    if (all || b - a + 1 <= 8) {
        for (int v = a; v <= b; ++v)
            out.push_back(v);
        return out;
    }
    auto add = [&](int v) {
        if (v >= a && v <= b)
            out.push_back(v);
    };
    for (long v = 1; v <= b; v *= 2)
        add(int(v));
    for (int v : {physicalCores, logicalCpus, physicalCores / 2, logicalCpus / 2})
        add(v);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

Plan makeSweep(const PlanOptions& o) {
    Plan p;
    p.kind = PlanKind::Sweep;
    RunSpec s = sized(o, defaults::kSweepCount, defaults::kSweepSize);
    // The budget (given or default) is every cell's ceiling; cells get a budget derived from the
    // 1 x 1 cell under it (cellBudget), on the command line as in the window.
    if (o.budgetGiven)
        s.budgetSeconds = o.base.budgetSeconds;
    p.budgetFactorFromFirst = defaults::kSweepBudgetFactor;
    p.skipSlowCells = !o.noSkip;
    p.logicalCpus = std::max(1, o.logicalCpus);
    const auto wide = sweepAxis(1, 2 * p.logicalCpus, false, p.logicalCpus, o.physicalCores);
    const auto& workers = o.workersAxis.empty() ? wide : o.workersAxis;
    const auto& blas = o.blasAxis.empty() ? wide : o.blasAxis;
    auto cell = [&](int w, int b) {
        RunSpec c = s;
        c.workers = w;
        c.blasThreads = b;
        return Configuration{fmt::format("{} x {}", w, b), {}, c};
    };
    // The baseline first, so later cells get their budget from it and their speed-up over it.
    p.configs.push_back(cell(1, 1));
    std::vector<std::pair<int, int>> cells;
    for (int w : workers)
        for (int b : blas)
            if (w != 1 || b != 1)
                cells.emplace_back(w, b);
    // Nearest the diagonal first; among equals fewer threads first, then fewer workers.
    const double diagonal = std::log2(double(p.logicalCpus));
    auto distance = [&](const std::pair<int, int>& c) {
        return std::abs(std::log2(double(c.first) * c.second) - diagonal);
    };
    std::stable_sort(cells.begin(), cells.end(), [&](const auto& x, const auto& y) {
        const double dx = distance(x), dy = distance(y);
        if (std::abs(dx - dy) > 1e-9)
            return dx < dy;
        if (x.first * x.second != y.first * y.second)
            return x.first * x.second < y.first * y.second;
        return x.first < y.first;
    });
    for (const auto& [w, b] : cells)
        p.configs.push_back(cell(w, b));
    return withLibraries(std::move(p), o);
}

Plan makeSizeSweep(const PlanOptions& o, const std::vector<std::int64_t>& sizes) {
    Plan p;
    p.kind = PlanKind::Sizes;
    const int L = o.logicalCpus, P = o.physicalCores;
    for (auto n : sizes) {
        RunSpec s = o.base;
        s.workload = Workload::Gemm;
        s.size = n;
        if (!o.countGiven)
            s.count = std::clamp<std::int64_t>(std::llround(1e9 / (double(n) * n * n)), 4, 20000);
        if (!o.budgetGiven)
            s.budgetSeconds = defaults::kBudgetSeconds;
        // The candidates, each labelled by the one description of a strategy.
        std::vector<std::pair<int, int>> done;
        for (auto [w, b] : {std::pair{1, 1}, std::pair{P, 1}, std::pair{1, L}}) {
            if (std::find(done.begin(), done.end(), std::pair{w, b}) != done.end())
                continue;
            done.emplace_back(w, b);
            // Several pool kinds: withPools names the kind in front.
            const auto kind = o.pools.size() > 1 ? PoolKind::Threads : s.pool;
            const auto label = fmt::format("n={}: {}", n, describe(Strategy{kind, w, b}));
            p.configs.push_back(row(label, s, w, b, s.data, o));
        }
    }
    return withLibraries(std::move(p), o);
}

Status validatePlan(const Plan& plan, std::uint64_t availableBytes,
                    const limits::ParameterNames& names) {
    if (plan.kind == PlanKind::Sweep && std::int64_t(plan.configs.size()) > limits::kMaxSweepCells)
        return Error{fmt::format("the sweep has {} cells; at most {} are allowed (narrow the "
                                 "workers or BLAS threads axis).",
                                 plan.configs.size(), limits::kMaxSweepCells)};
    for (const auto& c : plan.configs) {
        auto st = limits::validate(c.spec, availableBytes, names);
        if (!st) {
            if (plan.configs.size() > 1)
                return Error{fmt::format("{} (in configuration '{}')", st.error(), c.label)};
            return st;
        }
    }
    return success();
}

} // namespace threadmix
