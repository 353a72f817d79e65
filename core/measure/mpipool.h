// A repetition on MPI ranks: W ranks started by Open MPI's mpirun (on this machine, the hosts
// of an Open MPI hostfile, or the nodes of the Slurm allocation the run is inside), each with B
// BLAS threads, taking the tasks round robin (`chunk` at a time: chunk k goes to rank k mod W).
//
// The measuring process (the repetition's child) never links MPI: it launches
// threadmix-mpi-worker (threadmix-mpi-worker-openblas) through mpirun, which links it, and
// reads back the record rank 0 prints. The timed span is the ranks' own, from a barrier once
// every rank is ready to a barrier after the last task, as an MPI program times its work;
// launching and tearing down the ranks is recorded beside it (MpiRecord::launchSeconds).
//
// Data in-task: each rank makes its tasks' operands. Data up front: rank 0 makes every operand
// inside the timing, sends each rank its tasks' inputs with MPI_Scatterv and takes the products
// back with MPI_Gatherv (Transfer::Copy; bytes and times recorded as a process pool's are).
//
// mpirun runs in the child's process group with a parent-death signal, and every rank has one
// too: killing the child's group (cancel, budget) or the child stops every rank.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/expected.h"
#include "core/measure/repetition.h"

namespace threadmix {

// `<mpi-worker> __threadmix_mpi_rank <spec-json>`: one rank (mpirank.h).
inline constexpr const char* kMpiRankVerb = "__threadmix_mpi_rank";
// The line of rank 0's output that carries the record.
inline constexpr std::string_view kMpiRecordPrefix = "THREADMIX-MPI-RECORD ";

// The MPI worker of a BLAS family: "threadmix-mpi-worker", "threadmix-mpi-worker-openblas".
std::string_view mpiWorkerName(BlasFamily family);

// The Slurm allocation this process is inside, from the environment Slurm sets.
struct SlurmAllocation {
    std::string jobId;
    std::string nodeList;         // SLURM_JOB_NODELIST, as Slurm writes it
    std::vector<int> cpusPerNode; // SLURM_JOB_CPUS_PER_NODE expanded: one entry per node
    int tasks = 0;                // SLURM_NTASKS (0 when the job set none)
    int totalCpus() const;
    // Ranks mpirun may start without oversubscribing: the tasks, or else the CPUs.
    int slotCount() const { return tasks > 0 ? tasks : totalCpus(); }
};
// `get` reads a variable (std::getenv by default); none when SLURM_JOB_ID is unset.
std::optional<SlurmAllocation>
slurmAllocation(const std::function<const char*(const char*)>& get = {});
// "2(x3),1" -> {2, 2, 2, 1}; empty on malformed text.
std::vector<int> expandSlurmCpus(std::string_view text);

// One line of an Open MPI hostfile: "node1 slots=4".
struct HostSlots {
    std::string host;
    int slotCount = 1;
};
// The hosts of an Open MPI hostfile (comments and blank lines skipped; a host without slots=
// counts 1, as Open MPI counts it when it cannot see the host's cores); the reason if it
// cannot be read or has no host.
Expected<std::vector<HostSlots>> readHostfile(const std::string& path);

// Where the ranks go and what mpirun is asked, decided before it starts.
struct MpiWhere {
    std::string mpirun;                   // the launcher's path
    std::string worker;                   // the MPI worker's path
    int localCpus = 1;                    // logical CPUs of this machine
    std::optional<SlurmAllocation> slurm; // the allocation the run is inside
    std::optional<std::vector<HostSlots>> hostfile;
};
struct MpiLaunch {
    std::vector<std::string> command; // argv, mpirun first
    std::string where;                // "this machine", "Slurm job 42 (node[1-2])", "hosts.txt"
    std::string binding;              // what was asked of mpirun, in words
    int slotCount = 0;                // ranks that fit without oversubscribing
    int cpus = 0;                     // logical CPUs known before the run (0: unknown)
    bool oversubscribeFlag = false;   // --oversubscribe passed
};
// The command line for `spec`, or why it cannot run (more ranks than slots, not allowed): the
// message names the option and the fix. `forward` lists the variables passed with -x.
Expected<MpiLaunch> planMpiLaunch(const RunSpec& spec, const MpiWhere& where,
                                  const std::vector<std::string>& forward = {});

// The file on PATH named `name` that can be executed; empty if none.
std::string findOnPath(std::string_view name);

// The environment and paths of this process: mpirun from PATH, the worker beside `beside`
// (this executable by default), the allocation and the spec's hostfile. The reason when a
// piece is missing, in words that say how to get it.
Expected<MpiWhere> mpiWhereFor(const RunSpec& spec, const std::string& beside = {});

// Runs one repetition on MPI ranks (see above). `where` empty: mpiWhereFor(spec). Throws
// std::runtime_error with the launcher's or a rank's reason when it fails.
RepetitionResult executeMpiRepetition(const RunSpec& spec,
                                      const std::optional<MpiWhere>& where = {});

} // namespace threadmix
