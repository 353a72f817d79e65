// A seam in the repetition loop for the test suite's worker (tests/testworker.cpp), which
// commits the faults the tests need: a crash, an abort, a hang, a wrong product. The product's
// workers never set it; nothing in a spec, a file or an option reaches it.
#pragma once

#include <cstdint>

namespace threadmix {

struct RepetitionSeam {
    // In the child, right before task `task`'s operation (inside its timing).
    void (*beforeTask)(std::int64_t task) = nullptr;
    // Right after a gemm task's operation, before the product is checked: may change it.
    void (*afterTask)(std::int64_t task, double* product, std::int64_t n) = nullptr;
};
void setRepetitionSeam(RepetitionSeam seam);

} // namespace threadmix
