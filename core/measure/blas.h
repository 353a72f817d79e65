// The BLAS calls ThreadMix measures. One header, two implementations: blas_blis.cpp (linked by
// threadmix, threadmix-worker and the tests) and blas_openblas.cpp (threadmix-worker-openblas
// only). The two libraries export the same symbols, so no process ever links both.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/spec/spec.h"

namespace threadmix::blas {

// ---- Both libraries (the measuring child) ----

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
struct BuildInfo {
    std::string family;     // "BLIS", "OpenBLAS"
    std::string version;    // e.g. "0.9.0", "0.3.21"
    std::string threading;  // "openmp", "pthreads", "none"
    std::string kernel;     // picked at run time: BLIS's "zen3", OpenBLAS's "Haswell"
    std::string library;    // path of the loaded libblis / libopenblas
    std::string config;     // the library's own build line (openblas_get_config), or ""
    int defaultThreads = 1; // what the plain BLAS/CBLAS interface would use
};
BuildInfo buildInfo();

// Must run before the first BLAS call: BLIS reads BLIS_ARCH_TYPE once. OpenBLAS reads
// OPENBLAS_CORETYPE when it is loaded, so the parent puts that in the child's environment and
// this does nothing there.
void selectKernel(const std::string& name);

// Whether the kernel running is the one asked for (OpenBLAS's names are compared without case).
bool isKernel(const std::string& running, const std::string& asked);

// ---- Both families, without loading either (blaslibraries.cpp) ----

// Folder of a library variant, e.g. /usr/lib/x86_64-linux-gnu/openblas-pthread.
std::string libraryDirectory(BlasLibrary library);
// OPENBLAS_CORETYPE values ThreadMix knows for x86-64, newest first, and those whose
// instructions this CPU executes (AVX-512 for SkylakeX, + BF16 for Cooperlake, AVX2 and FMA for
// Haswell and Zen, AVX for Sandybridge, SSE3 for Prescott).
std::vector<std::string> openblasKernelNames();
std::vector<std::string> runnableOpenBlasKernels();
// OpenBLAS core names compared as OpenBLAS does: without case ("skylakex" is "SkylakeX").
bool sameCoreName(const std::string& a, const std::string& b);

// ---- BLIS only (the parent and threadmix-worker: they link BLIS) ----

// The BLIS variant this program is linked with ("openmp", "pthread").
std::string builtVariant();

// Kernel names this BLIS build knows (e.g. "skx", "haswell", "zen3", "generic").
std::vector<std::string> kernelNames();
// The kernels of this build whose instructions this CPU executes (AVX-512 for skx and knl,
// AVX2 and FMA for haswell and zen*, FMA4 for the Bulldozer family, ...), generic last.
std::vector<std::string> runnableKernels();
// Numeric id of a kernel for BLIS_ARCH_TYPE, or -1.
int kernelId(const std::string& name);

// The kernel ThreadMix runs with when the user does not choose: BLIS's own pick, unless BLIS
// falls back to "generic" on a CPU whose vector units a built-in kernel can use (BLIS 0.9.0
// does not know AMD family 26, Zen 5, and would run 5x slower there). `why` says which.
std::string recommendedKernel(std::string* why = nullptr);

} // namespace threadmix::blas
