// The BLIS calls ThreadMix measures, each with its own per-call thread count.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace threadmix::blas {

// C = A * B for row-major n x n matrices, using `threads` BLIS threads for this call only;
// threads == 0 uses the process-wide setting (setProcessThreads), as numpy users get.
void gemm(std::int64_t n, const double* a, const double* b, double* c, int threads);

// bli_thread_set_num_threads: one setting for every thread of the process (BLIS 0.9).
void setProcessThreads(int threads);

// Folder of a BLIS threading variant's library ("openmp", "pthread"), and the built one.
std::string variantDirectory(const std::string& variant);
std::string builtVariant();

// x . y over n elements (BLIS level 1: threads are accepted but BLIS 0.9 runs it on one).
double dot(std::int64_t n, const double* x, const double* y, int threads);

struct BuildInfo {
    std::string version;    // e.g. "0.9.0"
    std::string threading;  // "openmp", "pthreads", "none"
    std::string kernel;     // sub-configuration picked at run time, e.g. "zen3"
    std::string library;    // path of the loaded libblis
    int defaultThreads = 1; // what the plain BLAS/CBLAS interface would use
};
BuildInfo buildInfo();

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

// Must run before the first BLIS call of the process: BLIS reads BLIS_ARCH_TYPE once.
void selectKernel(const std::string& name);

} // namespace threadmix::blas
