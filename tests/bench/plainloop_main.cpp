// threadmix_plainloop_openblas: the benchmark's plain loop on OpenBLAS (see plainloop.h).
#include "tests/bench/plainloop.h"

int main(int argc, char** argv) {
    return threadmix::plainLoopMain(argc, argv);
}
