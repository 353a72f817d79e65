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

} // namespace threadmix::test
