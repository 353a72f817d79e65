// One MPI rank of a repetition on MPI ranks (mpipool.h): the only code of ThreadMix that calls
// MPI. Linked by threadmix-mpi-worker and threadmix-mpi-worker-openblas alone.
#pragma once

namespace threadmix {

// `<mpi-worker> __threadmix_mpi_rank <spec-json>`, started by mpirun: runs this rank's share
// of the tasks; rank 0 prints the record (kMpiRecordPrefix + JSON) on its standard output.
// Ends the process itself (exit code 0, or 3 when a rank failed), without exit handlers.
[[noreturn]] void mpiRankMain(int argc, char** argv);

} // namespace threadmix
