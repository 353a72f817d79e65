// One measured configuration: what to run, how often, and under which limits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace threadmix {

enum class Workload { Gemm, Dot, Fill };
enum class DataPlacement { Upfront, InTask };
enum class Init { Random, Ones };
// The threading knobs; each takes effect in the child process that runs a repetition.
enum class WaitPolicy { Default, Passive, Active }; // OMP_WAIT_POLICY of the child
// Which BLAS library (and threading layer of it) the child loads: Debian's packages.
enum class BlasLibrary {
    BlisOpenMP,
    BlisPthreads,
    OpenBlasPthreads,
    OpenBlasOpenMP,
    OpenBlasSerial
};
enum class BlasFamily { Blis, OpenBlas };
enum class ThreadControl { PerCall, ProcessWide }; // local rntm_t, or one setting per process
// What runs the tasks of a configuration side by side: threads of the measuring process, or
// worker processes it starts (as Python's multiprocessing.Pool and joblib do), or MPI ranks
// started by Open MPI's mpirun, on this machine or the hosts of a hostfile or Slurm allocation.
enum class PoolKind { Threads, Processes, Mpi };
// How a process pool's operands made up front reach its workers, and its products come back:
// through pipes (as multiprocessing pickles them) or through memory the workers map (as joblib
// memory-maps large arrays).
enum class Transfer { Copy, Shared };

std::string_view toString(Workload w);
std::string_view toString(DataPlacement d);
std::string_view toString(Init i);
std::string_view toString(WaitPolicy w);
std::string_view toString(BlasLibrary b); // "blis-openmp", "openblas-pthreads", ...
std::string_view toString(ThreadControl t);
std::string_view toString(PoolKind k); // "threads", "processes", "mpi"
std::optional<PoolKind> poolKindFromString(std::string_view s);
std::string_view toString(Transfer t); // "copy", "shared"
std::optional<Transfer> transferFromString(std::string_view s);
std::optional<WaitPolicy> waitPolicyFromString(std::string_view s);
std::optional<BlasLibrary> blasLibraryFromString(std::string_view s);

// Everything ThreadMix knows of a BLAS library, in one place.
struct BlasLibraryFacts {
    BlasLibrary library;
    std::string_view name;  // "openblas-pthreads": options, files, captions
    std::string_view title; // "OpenBLAS, pthreads": for people
    BlasFamily family;
    std::string_view threading; // the layer the library reports: "openmp", "pthreads", "none"
    std::string_view directory; // Debian's variant folder under the library root
    std::string_view soname;    // "libblis.so.4", "libopenblas.so.0"
    std::string_view package;   // Debian package that installs it
    bool perCallThreads;        // a thread count per call (BLIS), or only per process (OpenBLAS)
};
const BlasLibraryFacts& facts(BlasLibrary b);
const std::vector<BlasLibraryFacts>& allBlasLibraries();
std::string_view toString(BlasFamily f); // "BLIS", "OpenBLAS"
// The BLIS variant this program is linked with: the default library.
BlasLibrary builtBlasLibrary();
std::optional<ThreadControl> threadControlFromString(std::string_view s);
std::optional<Workload> workloadFromString(std::string_view s);
std::optional<DataPlacement> placementFromString(std::string_view s);
std::optional<Init> initFromString(std::string_view s);

// The size of a single run when the user sets none: the one home of these numbers (plan.h's
// defaults, the window's controls and RunSpec's own fields read them).
namespace defaults {
inline constexpr std::int64_t kRunCount = 32, kRunSize = 500;
} // namespace defaults

struct RunSpec {
    Workload workload = Workload::Gemm;
    // gemm: pairs of size x size matrices; dot: pairs of vectors of length size;
    // fill: arrays of size x size.
    std::int64_t count = defaults::kRunCount;
    std::int64_t size = defaults::kRunSize;
    int workers = 1;
    int blasThreads = 1; // resolved: "auto" is turned into the logical CPU count before this
    std::int64_t chunk = 1;
    DataPlacement data = DataPlacement::Upfront;
    Init init = Init::Random;
    int repeats = 3;
    int warmup = 1;
    double budgetSeconds = 120.0; // for the whole configuration, warm-up included
    std::uint64_t seed = 42;
    // Kernel the child selects, in the library's own names: a BLIS configuration ("skx",
    // BLIS_ARCH_TYPE) or an OpenBLAS core ("SkylakeX", OPENBLAS_CORETYPE); empty: its own pick.
    std::string kernel;
    WaitPolicy waitPolicy = WaitPolicy::Default;
    BlasLibrary blasLibrary = builtBlasLibrary();
    ThreadControl threadControl = ThreadControl::PerCall;
    PoolKind pool = PoolKind::Threads;
    Transfer transfer = Transfer::Copy; // processes with data made up front only
    // MPI ranks only: an Open MPI hostfile (empty: this machine, or the Slurm allocation the
    // run is inside), and whether more ranks than the hosts' slots may start.
    std::string hosts;
    bool oversubscribe = false;
    bool pin = false;    // pool workers and BLIS threads bound to cores
    bool verify = false; // check every product with an O(n^2) Freivalds test

    // What `size` means, defined here once for every workload: gemm and fill work on
    // size x size arrays, dot on vectors of `size` elements.
    std::int64_t operandElements() const;
    // Arrays one task holds: A, B, C for gemm; x, y for dot; one array for fill.
    int operandsPerTask() const;
    // "32 multiplies of 500x500 doubles", "8 dot products of 1000000-element vectors".
    std::string describeTasks() const;
    // Floating-point operations of one repetition (0 for fill, which does none).
    double flops() const;
    // Bytes one repetition writes as its result (fill) or reads (dot).
    double bytesTouched() const;
    // Whether operands made up front are sent to the workers (a process pool) rather than
    // shared with them (threads): the one rule for what a task's data segment is.
    bool sendsOperands() const {
        return pool != PoolKind::Threads && data == DataPlacement::Upfront;
    }
    // Threads the configuration asks the OS to run at once: workers x BLAS threads.
    std::int64_t totalThreads() const { return std::int64_t(workers) * blasThreads; }
    bool operator==(const RunSpec&) const = default;
};

// The name of a workload's size in controls and messages: "Matrix side n" or "Vector length".
std::string_view sizeName(Workload w);

void to_json(nlohmann::json& j, const RunSpec& s);
// Throws nlohmann::json::exception or std::invalid_argument on malformed input. Keys it does not
// know are ignored: files from before a test hook left the spec may carry "fault".
void from_json(const nlohmann::json& j, RunSpec& s);

} // namespace threadmix
