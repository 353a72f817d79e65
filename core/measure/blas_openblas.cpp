// The OpenBLAS side of blas.h (threadmix-worker-openblas only). OpenBLAS has no per-call thread
// count: every call uses the process-wide setting, as numpy users get.
#include "core/measure/blas.h"

#include <dlfcn.h>

#include <algorithm>
#include <string>

#include <cblas.h>

namespace threadmix::blas {

void gemm(std::int64_t n, const double* a, const double* b, double* c, int /*threads*/) {
    const auto m = blasint(n);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, m, m, 1.0, a, m, b, m, 0.0, c, m);
}

void setProcessThreads(int threads) {
    openblas_set_num_threads(std::max(1, threads));
}

double dot(std::int64_t n, const double* x, const double* y, int /*threads*/) {
    return cblas_ddot(blasint(n), x, 1, y, 1);
}

BuildInfo buildInfo() {
    BuildInfo info;
    info.family = "OpenBLAS";
    info.config = openblas_get_config();
    // "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH ...": the second word is the version.
    const auto space = info.config.find(' ');
    if (space != std::string::npos)
        info.version = info.config.substr(space + 1, info.config.find(' ', space + 1) - space - 1);
    switch (openblas_get_parallel()) {
    case 0:
        info.threading = "none";
        break;
    case 2:
        info.threading = "openmp";
        break;
    default:
        info.threading = "pthreads";
    }
    info.kernel = openblas_get_corename();
    info.defaultThreads = std::max(1, openblas_get_num_threads());
    Dl_info where{};
    if (dladdr(reinterpret_cast<void*>(&openblas_get_config), &where) && where.dli_fname)
        info.library = where.dli_fname;
    // A DYNAMIC_ARCH build (Debian's) contains every core; it has no call that lists them.
    info.kernels = kernelNames(BlasFamily::OpenBlas);
    return info;
}

void selectKernel(const std::string&) {
    // OPENBLAS_CORETYPE is read when the library loads: the parent sets it (isolatedrunner).
}

} // namespace threadmix::blas
