// The tests' tiny spec, header-only: tests that link one BLAS family's measure layer alone (and
// not testsupport, which links the whole core) use it too.
#pragma once

#include "core/spec/spec.h"

namespace threadmix::test {

// A gemm spec small enough for a unit test.
inline RunSpec tinySpec() {
    RunSpec s;
    s.workload = Workload::Gemm;
    s.count = 6;
    s.size = 48;
    s.repeats = 2;
    s.warmup = 0;
    s.budgetSeconds = 60;
    return s;
}

// A pool's data-path spec: 7 tasks of `workload` (a chunk of 3 leaves a short last chunk; 37
// is not a multiple of any kernel's block), one BLAS thread per worker, every product verified
// (a right product passes the check on every path).
inline RunSpec dataPathSpec(PoolKind pool, Workload workload, DataPlacement data, Transfer transfer,
                            int workers, std::int64_t chunk, std::uint64_t seed) {
    RunSpec s = tinySpec();
    s.workload = workload;
    s.count = 7;
    s.size = workload == Workload::Dot ? 1000 : 37;
    s.workers = workers;
    s.blasThreads = 1;
    s.chunk = chunk;
    s.seed = seed;
    s.pool = pool;
    s.data = data;
    s.transfer = transfer;
    s.verify = true;
    return s;
}

// Arrays a task of `w` must send to its worker or rank and get back (data up front), written
// out here as the tests' own oracle: gemm sends A and B and gets C; dot sends x and y and gets
// a number; fill sends nothing and gets its array.
inline int arraysSent(Workload w) {
    return w == Workload::Fill ? 0 : 2;
}
inline int arraysReceived(Workload w) {
    return w == Workload::Dot ? 0 : 1;
}

} // namespace threadmix::test
