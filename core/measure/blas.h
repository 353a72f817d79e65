// The BLAS calls ThreadMix measures. One header, two implementations: blas_blis.cpp
// (threadmix-worker) and blas_openblas.cpp (threadmix-worker-openblas). They are linked only by
// the workers (and the tests that measure in-process): the parent loads no BLAS library and
// learns each library's facts from its worker (core/run/libraryprobe.h). The two libraries
// export the same symbols, so no process ever links both.
#pragma once

#include <cstdint>
#include <string>

#include "core/measure/kernels.h"

namespace threadmix::blas {

// C = A * B for row-major n x n matrices, using `threads` BLAS threads for this call only;
// threads == 0 uses the process-wide setting (setProcessThreads), as numpy users get. OpenBLAS
// has no per-call setting: it always uses the process-wide one.
void gemm(std::int64_t n, const double* a, const double* b, double* c, int threads);

// One setting for every thread of the process: bli_thread_set_num_threads (BLIS 0.9),
// openblas_set_num_threads.
void setProcessThreads(int threads);

// x . y over n elements (BLIS 0.9 runs level 1 on one thread; OpenBLAS threads long vectors
// with its process-wide setting).
double dot(std::int64_t n, const double* x, const double* y, int threads);

// The library this process really loaded.
BuildInfo buildInfo();

// Must run before the first BLAS call: BLIS reads BLIS_ARCH_TYPE once. OpenBLAS reads
// OPENBLAS_CORETYPE when it is loaded, so the parent puts that in the child's environment and
// this does nothing there.
void selectKernel(const std::string& name);

} // namespace threadmix::blas
