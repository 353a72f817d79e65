// Plans: the lists of configurations behind `run`, the tutorial studies and sweeps.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/expected.h"
#include "core/spec/configuration.h"
#include "core/spec/limits.h"
#include "core/spec/spec.h"

namespace threadmix {

// PlanKind and the groups of a plan's rows: core/spec/groupkey.h.

struct Plan {
    PlanKind kind = PlanKind::Run;
    std::vector<Configuration> configs;
    // Sweeps: each cell may take this many times what the first cell (1 worker x 1 BLAS
    // thread) took, never less than minDerivedBudget and never more than its own budget (the
    // budget the user gave, or the default: the ceiling).
    std::optional<double> budgetFactorFromFirst;
    double minDerivedBudget = 3.0;
    // Sweeps: a cell whose two nearest measured neighbours towards the W x B = logical CPUs
    // diagonal, along its row or its column, were both more than skipFactor x slower than the
    // best cell so far (or timed out, or were skipped themselves) is skipped, not measured.
    bool skipSlowCells = false;
    double skipFactor = 4.0;
    int logicalCpus = 1; // where the diagonal lies
};

// The budget a cell of `plan` gets: its own; with budgetFactorFromFirst, once its group's first
// cell took `firstSeconds`, that factor x it, at least minDerivedBudget and never more than its
// own. The engine, the dry run and the window's text all use this one rule.
double cellBudget(const Plan& plan, const RunSpec& cell, std::optional<double> firstSeconds);
// The rule in words: "8x the 1 x 1 cell's time (at least 3 s), at most the budget".
std::string cellBudgetRule(double factor, double minimum);

// The user's choices for a plan; unset fields take the plan's own defaults.
struct PlanOptions {
    RunSpec base; // workload, count, size, ... as given or defaulted
    bool dataGiven = false;
    bool budgetGiven = false;
    bool countGiven = false;
    bool sizeGiven = false;
    bool initGiven = false;
    bool chunkGiven = false;
    int logicalCpus = 1;
    int physicalCores = 1;
    // Sweep axes, the values in increasing order (see sweepAxis); empty: the default axis.
    std::vector<int> workersAxis;
    std::vector<int> blasAxis;
    bool noSkip = false; // sweeps: measure every cell, even those predicted too slow
    // The plan runs once per library, interleaved (each base row with every library in turn);
    // empty: base.blasLibrary alone. With several, groups and labels name the library.
    std::vector<BlasLibrary> libraries;
    // Without --thread-control, a library that has no per-call control (OpenBLAS) is run
    // process-wide; with it, the choice stands and validation says when it cannot.
    bool threadControlGiven = false;
    // The plan runs once per pool kind, interleaved like the libraries (each base row with every
    // kind in turn); empty: base.pool alone. With several, groups and labels name the kind.
    std::vector<PoolKind> pools;
    // "BLAS threads: auto per worker", joblib's rule: each worker gets logical CPUs / workers
    // BLAS threads (at least 1). base.blasThreads holds the resolved count.
    bool blasPerWorker = false;
    // The kernel of the OpenBLAS rows (an OPENBLAS_CORETYPE value; empty: OpenBLAS's own pick).
    // base.kernel is the BLIS rows' one: each family names its kernels its own way.
    std::string openblasKernel;
};

Plan makeRunPlan(const PlanOptions& o);
// The five rows of the "combine BLAS threads with threading" tutorial.
Plan makeCombineStudy(const PlanOptions& o);
// The three pitfalls: pool on top of BLAS threads; dot with 1 vs all BLAS threads; fill.
Plan makePitfallsStudy(const PlanOptions& o);
// Threads or processes, the other half of a Python user's choice: no pool; a thread pool; a
// process pool whose workers make their data; one the main program sends its data to by copy,
// and through shared memory; and joblib's rule (2 workers, BLAS threads auto per worker).
Plan makeProcessesStudy(const PlanOptions& o);
// joblib's rule: BLAS threads per worker = logical CPUs / workers, at least 1.
int blasThreadsPerWorker(int logicalCpus, int workers);
// The pool kind's part of a label when a plan runs several: "processes: 2 x 2".
std::string withPool(PoolKind k, const std::string& text);
// The values of a sweep axis from a to b: every value when there are at most 8 of them (or
// `all`); otherwise the powers of two within it plus the physical-core and logical-CPU counts
// and their halves, where they fall inside. The default axis is sweepAxis(1, 2 x logical CPUs).
std::vector<int> sweepAxis(int a, int b, bool all, int logicalCpus, int physicalCores);

// Every workers x BLAS threads cell of the axes, informative cells first: the 1 x 1 baseline,
// then by distance from the W x B = logical CPUs diagonal (on it, next to it, then outward).
Plan makeSweep(const PlanOptions& o);

// The same candidates at several matrix sizes (1x1; a pool of physical-core workers with 1 BLAS
// thread; no pool with BLAS threads = logical CPUs), to find where the best one changes. Without
// --count, each size gets about the same work (2 GFLOP per configuration, 4..20000 tasks).
// A candidate that is another's configuration on this machine (1 physical core) is left out.
Plan makeSizeSweep(const PlanOptions& o, const std::vector<std::int64_t>& sizes);

// Validates every configuration of a plan (the message names the row when there are several).
Status validatePlan(const Plan& plan, std::uint64_t availableBytes,
                    const limits::ParameterNames& names = limits::commandLineNames());

// Defaults each plan uses for what the user did not set.
namespace defaults {
// kRunCount, kRunSize: spec.h, with RunSpec's own defaults.
inline constexpr std::int64_t kCombineCount = 64, kCombineSize = 1000;
inline constexpr std::int64_t kPitfallCount = 16, kPitfallSize = 800;
inline constexpr std::int64_t kSweepCount = 16, kSweepSize = 400;
// The processes tutorial's work: the Python measurement (24 multiplies of 1000x1000).
inline constexpr std::int64_t kProcessesCount = 24, kProcessesSize = 1000;
inline constexpr double kBudgetSeconds = 60.0;
inline constexpr double kSweepBudgetFactor = 8.0;
// A size sweep's matrix sizes when none are given.
inline constexpr std::array<std::int64_t, 5> kSizes{64, 128, 256, 512, 1024};
} // namespace defaults

} // namespace threadmix
