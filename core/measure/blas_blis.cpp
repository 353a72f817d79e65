// The BLIS side of blas.h: typed API with a local rntm_t: thread-safe per-call threading (see
// PLATFORM-FACTS).
#include "core/measure/blas.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

#include <blis.h>

namespace threadmix::blas {
namespace {

rntm_t runtimeFor(int threads) {
    rntm_t r;
    bli_rntm_init(&r);
    bli_rntm_set_num_threads(threads, &r);
    return r;
}

} // namespace

void gemm(std::int64_t n, const double* a, const double* b, double* c, int threads) {
    rntm_t r = runtimeFor(std::max(1, threads));
    double one = 1.0;
    double zero = 0.0;
    // BLIS takes non-const pointers but does not write A or B. No rntm: the global setting.
    bli_dgemm_ex(BLIS_NO_TRANSPOSE, BLIS_NO_TRANSPOSE, n, n, n, &one, const_cast<double*>(a), n, 1,
                 const_cast<double*>(b), n, 1, &zero, c, n, 1, nullptr, threads > 0 ? &r : nullptr);
}

void setProcessThreads(int threads) {
    bli_thread_set_num_threads(threads);
}

double dot(std::int64_t n, const double* x, const double* y, int threads) {
    rntm_t r = runtimeFor(threads);
    double rho = 0.0;
    bli_ddotv_ex(BLIS_NO_CONJUGATE, BLIS_NO_CONJUGATE, n, const_cast<double*>(x), 1,
                 const_cast<double*>(y), 1, &rho, nullptr, &r);
    return rho;
}

namespace {

// The sub-configurations compiled into this library (blis.h says which); their names come
// from BLIS itself, and the kernel table (kernels.h) must know each one.
std::vector<std::string> compiledKernels() {
    std::vector<arch_t> ids;
#ifdef BLIS_CONFIG_SKX
    ids.push_back(BLIS_ARCH_SKX);
#endif
#ifdef BLIS_CONFIG_KNL
    ids.push_back(BLIS_ARCH_KNL);
#endif
#ifdef BLIS_CONFIG_HASWELL
    ids.push_back(BLIS_ARCH_HASWELL);
#endif
#ifdef BLIS_CONFIG_SANDYBRIDGE
    ids.push_back(BLIS_ARCH_SANDYBRIDGE);
#endif
#ifdef BLIS_CONFIG_PENRYN
    ids.push_back(BLIS_ARCH_PENRYN);
#endif
#ifdef BLIS_CONFIG_ZEN3
    ids.push_back(BLIS_ARCH_ZEN3);
#endif
#ifdef BLIS_CONFIG_ZEN2
    ids.push_back(BLIS_ARCH_ZEN2);
#endif
#ifdef BLIS_CONFIG_ZEN
    ids.push_back(BLIS_ARCH_ZEN);
#endif
#ifdef BLIS_CONFIG_EXCAVATOR
    ids.push_back(BLIS_ARCH_EXCAVATOR);
#endif
#ifdef BLIS_CONFIG_STEAMROLLER
    ids.push_back(BLIS_ARCH_STEAMROLLER);
#endif
#ifdef BLIS_CONFIG_PILEDRIVER
    ids.push_back(BLIS_ARCH_PILEDRIVER);
#endif
#ifdef BLIS_CONFIG_BULLDOZER
    ids.push_back(BLIS_ARCH_BULLDOZER);
#endif
    ids.push_back(BLIS_ARCH_GENERIC);
    std::vector<std::string> names;
    for (auto id : ids)
        names.emplace_back(bli_arch_string(id));
    return names;
}

// Numeric id of a kernel for BLIS_ARCH_TYPE, or -1.
int kernelId(const std::string& name) {
    for (int i = 0; i < int(BLIS_NUM_ARCHS); ++i)
        if (name == bli_arch_string(arch_t(i)))
            return i;
    return -1;
}

} // namespace

void selectKernel(const std::string& name) {
    const int id = kernelId(name);
    if (id >= 0)
        ::setenv("BLIS_ARCH_TYPE", std::to_string(id).c_str(), 1);
}

BuildInfo buildInfo() {
    bli_init();
    BuildInfo info;
    info.family = "BLIS";
    info.version = bli_info_get_version_str();
    info.threading = bli_info_get_enable_openmp()     ? "openmp"
                     : bli_info_get_enable_pthreads() ? "pthreads"
                                                      : "none";
    info.kernel = bli_arch_string(bli_arch_query_id());
    info.defaultThreads = int(bli_thread_get_num_threads());
    if (info.defaultThreads < 1)
        info.defaultThreads = 1;
    Dl_info where{};
    if (dladdr(reinterpret_cast<void*>(&bli_info_get_version_str), &where) && where.dli_fname)
        info.library = where.dli_fname;
    info.kernels = compiledKernels();
    return info;
}

} // namespace threadmix::blas
