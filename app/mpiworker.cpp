// threadmix-mpi-worker: one MPI rank, started by mpirun for a repetition on MPI ranks. The only
// program of ThreadMix that links MPI (the window and the command line never do).
#include <cstdio>
#include <string_view>

#include "core/measure/mpipool.h"
#include "core/measure/mpirank.h"

int main(int argc, char** argv) {
    if (argc >= 2 && std::string_view(argv[1]) == threadmix::kMpiRankVerb)
        threadmix::mpiRankMain(argc, argv);
    std::fputs("threadmix-mpi-worker is one MPI rank of a threadmix run; start threadmix with "
               "--pool mpi instead.\n",
               stderr);
    return 2;
}
