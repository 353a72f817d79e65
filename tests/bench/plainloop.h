// The hardware's reference for the benchmark: plain BLAS loops in processes of their own, with no
// engine, pool or isolation around them. Built into threadmix_bench (BLIS) and into
// threadmix_plainloop_openblas (OpenBLAS): each library in a process of its own.
#pragma once

#include <cstdint>

namespace threadmix {

struct PlainLoop {
    std::int64_t n = 500, count = 64;
    int threads = 1;       // BLAS threads per call (OpenBLAS: set for the process)
    bool makeData = false; // make A and B before each multiply (reused buffers), as in-task
    int workers = 1;       // plain std::threads sharing the multiplies (task t on t % workers)
    // The workers are processes forked by this one instead (makeData only: each makes its own
    // operands, as the engine's process pool with in-task data), taking tasks one at a time
    // from a counter in shared memory.
    bool processes = false;
};

// `prog --plain-loop N COUNT THREADS MAKEDATA WORKERS PROCESSES`
bool isPlainLoopInvocation(int argc, char** argv);
// Prints "seconds S checksum C": the loop's time. Without makeData every multiply has operands
// of its own, made before the timing, as the engine's up-front data. With processes the time
// runs from before the first fork until the last worker process is reaped, and "started T"
// follows: when the last worker began its first multiply (its arrays made and touched).
int plainLoopMain(int argc, char** argv);
int plainLoopMain(const PlainLoop& l);

} // namespace threadmix
