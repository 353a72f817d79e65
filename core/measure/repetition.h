// One measured repetition of a configuration, executed in the calling process.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/base/clock.h"
#include "core/spec/spec.h"

namespace threadmix {

// One task as the timeline draws it. Times are seconds from the start of the measurement.
// Padded to a cache line: neighbouring tasks are written by different workers.
struct alignas(64) TaskRecord {
    std::int32_t worker = -1;
    double start = 0;    // task taken by the worker
    double dataEnd = 0;  // its data made or received (== start for threads with data up front)
    double end = 0;      // its operation finished
    double returned = 0; // its result back in the main program (== end in a thread pool)
    bool operator==(const TaskRecord&) const = default;
};

// One MPI rank as it reported itself (figures of the rank's process only).
struct RankRecord {
    int rank = 0;
    std::string host;    // MPI_Get_processor_name
    int hostCpus = 0;    // logical CPUs online on that host
    std::string binding; // the CPUs the rank may run on (sched_getaffinity), "0-3"
    double cpuSeconds = 0;
    std::int64_t ctxVoluntary = 0;
    std::int64_t ctxInvoluntary = 0;
    std::int64_t peakRssBytes = 0;
    bool operator==(const RankRecord&) const = default;
};

// What an MPI repetition ran on: the library, how it was launched, and every rank.
struct MpiRecord {
    std::string library;              // MPI_Get_library_version, first line
    std::string launcher;             // "mpirun", "mpirun in Slurm job 42"
    std::vector<std::string> command; // the launcher's command line, as run
    std::string binding;              // what was asked: "none", "2 cores per rank"
    bool oversubscribed = false;      // ranks x BLAS threads above the hosts' CPUs
    // Launching the ranks and tearing them down: the launcher's whole run less the timed span
    // (which starts once every rank is ready, as an MPI program's own work does).
    double launchSeconds = 0;
    std::string slurmJob; // the allocation the ranks ran in ("" outside Slurm)
    std::vector<RankRecord> ranks;
    // Logical CPUs of the distinct hosts the ranks ran on (the heat map's staircase).
    int totalCpus() const;
    std::vector<std::string> hosts() const; // distinct, in rank order
    bool operator==(const MpiRecord&) const = default;
};

struct RepetitionResult {
    double wallSeconds = 0;
    // Wall-clock split: up front, the two phases; in-task, the wall time shared out in
    // proportion to the task time spent making data vs operating on it.
    double dataSeconds = 0;
    double computeSeconds = 0;
    double dataPhaseSeconds = 0; // up front only: when every worker had finished making data
    // A process pool's own costs (0 for threads): starting its workers, inside the timing as
    // `with Pool(...)` is; and sending operands to them and products back.
    double poolStartSeconds = 0; // from the start until every worker was ready
    double sendSeconds = 0;      // summed over tasks: the main program sending operands
    double receiveSeconds = 0;   // summed over tasks: taking the products back
    std::int64_t bytesSent = 0;
    std::int64_t bytesReceived = 0;
    int processes = 1;     // processes whose CPU time, switches and peak memory are summed here
    double cpuSeconds = 0; // user + system, all threads
    std::int64_t ctxVoluntary = 0;
    std::int64_t ctxInvoluntary = 0;
    std::int64_t peakRssBytes = 0;
    // Costs of running the repetition in its own process (filled in by the parent).
    double startupSeconds = 0;   // spawn until the child's main ran
    double transferSeconds = 0;  // measurement end until the parent had the record
    double checksum = 0;         // sum of results: keeps the work observable
    std::string blasThreading;   // the threading layer the child's BLAS really had
    std::string blasKernel;      // the kernel it really ran (bli_arch_query_id, corename)
    std::string blasVersion;     // "BLIS 0.9.0", "OpenBLAS 0.3.21"
    std::string blasLibraryPath; // the shared object the child loaded
    std::vector<TaskRecord> tasks;
    std::optional<MpiRecord> mpi; // MPI ranks only
};

void to_json(nlohmann::json& j, const RankRecord& r);
void from_json(const nlohmann::json& j, RankRecord& r);
void to_json(nlohmann::json& j, const MpiRecord& m);
void from_json(const nlohmann::json& j, MpiRecord& m);
void to_json(nlohmann::json& j, const RepetitionResult& r);
void from_json(const nlohmann::json& j, RepetitionResult& r);

// Called by the worker right after task `task`'s operation, outside the task's timing
// (a test hook: compare against a reference). For gemm: a, b, c are n x n row-major.
using TaskCheck = std::function<void(std::int64_t task, const double* a, const double* b,
                                     const double* c, std::int64_t n)>;

// Runs the spec's workload once on its pool kind. Threads: pool start-up and BLIS thread teams
// first (not timed), then the data and operations (timed). Processes: processpool.h; MPI
// ranks: mpipool.h. Throws
// std::runtime_error if verification fails or a worker process fails.
RepetitionResult executeRepetition(const RunSpec& spec, const TaskCheck& check = {});

// In-task data: `wallSeconds` (the repetition's wall time, less a process pool's start-up)
// shared out in proportion to the tasks' time spent making data vs operating on it
// (dataSeconds, computeSeconds).
void splitInTaskWallTime(RepetitionResult& r, double wallSeconds);

// Freivalds test of C == A*B in O(n^2): compares C*x with A*(B*x) for x = (1, -1, 1, ...).
bool productLooksRight(const double* a, const double* b, const double* c, std::int64_t n);

} // namespace threadmix
