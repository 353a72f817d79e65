// The BLIS side of blas.h: typed API with a local rntm_t: thread-safe per-call threading (see
// PLATFORM-FACTS).
#include "core/measure/blas.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>

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

std::string builtVariant() {
    return THREADMIX_BLIS_VARIANT_BUILT;
}

double dot(std::int64_t n, const double* x, const double* y, int threads) {
    rntm_t r = runtimeFor(threads);
    double rho = 0.0;
    bli_ddotv_ex(BLIS_NO_CONJUGATE, BLIS_NO_CONJUGATE, n, const_cast<double*>(x), 1,
                 const_cast<double*>(y), 1, &rho, nullptr, &r);
    return rho;
}

std::vector<std::string> kernelNames() {
    // The sub-configurations compiled into this library (blis.h says which).
    std::vector<std::string> names;
#define THREADMIX_KERNEL(config, name) names.emplace_back(name);
#ifdef BLIS_CONFIG_SKX
    THREADMIX_KERNEL(SKX, "skx")
#endif
#ifdef BLIS_CONFIG_KNL
    THREADMIX_KERNEL(KNL, "knl")
#endif
#ifdef BLIS_CONFIG_HASWELL
    THREADMIX_KERNEL(HASWELL, "haswell")
#endif
#ifdef BLIS_CONFIG_SANDYBRIDGE
    THREADMIX_KERNEL(SANDYBRIDGE, "sandybridge")
#endif
#ifdef BLIS_CONFIG_PENRYN
    THREADMIX_KERNEL(PENRYN, "penryn")
#endif
#ifdef BLIS_CONFIG_ZEN3
    THREADMIX_KERNEL(ZEN3, "zen3")
#endif
#ifdef BLIS_CONFIG_ZEN2
    THREADMIX_KERNEL(ZEN2, "zen2")
#endif
#ifdef BLIS_CONFIG_ZEN
    THREADMIX_KERNEL(ZEN, "zen")
#endif
#ifdef BLIS_CONFIG_EXCAVATOR
    THREADMIX_KERNEL(EXCAVATOR, "excavator")
#endif
#ifdef BLIS_CONFIG_STEAMROLLER
    THREADMIX_KERNEL(STEAMROLLER, "steamroller")
#endif
#ifdef BLIS_CONFIG_PILEDRIVER
    THREADMIX_KERNEL(PILEDRIVER, "piledriver")
#endif
#ifdef BLIS_CONFIG_BULLDOZER
    THREADMIX_KERNEL(BULLDOZER, "bulldozer")
#endif
#undef THREADMIX_KERNEL
    names.emplace_back("generic");
    return names;
}

std::vector<std::string> runnableKernels() {
    __builtin_cpu_init();
    auto has = [](std::initializer_list<bool> flags) {
        return std::all_of(flags.begin(), flags.end(), [](bool f) { return f; });
    };
    const bool avx2fma =
        has({__builtin_cpu_supports("avx2") != 0, __builtin_cpu_supports("fma") != 0});
    std::vector<std::string> out;
    for (const auto& k : kernelNames()) {
        bool ok = false;
        if (k == "skx")
            ok = has(
                {__builtin_cpu_supports("avx512f") != 0, __builtin_cpu_supports("avx512dq") != 0,
                 __builtin_cpu_supports("avx512bw") != 0, __builtin_cpu_supports("avx512vl") != 0});
        else if (k == "knl")
            ok = has({__builtin_cpu_supports("avx512f") != 0,
                      __builtin_cpu_supports("avx512pf") != 0,
                      __builtin_cpu_supports("avx512er") != 0});
        else if (k == "haswell" || k == "zen" || k == "zen2" || k == "zen3")
            ok = avx2fma;
        else if (k == "excavator" || k == "steamroller" || k == "piledriver" || k == "bulldozer")
            ok = __builtin_cpu_supports("fma4") != 0;
        else if (k == "sandybridge")
            ok = __builtin_cpu_supports("avx") != 0;
        else if (k == "penryn")
            ok = __builtin_cpu_supports("ssse3") != 0;
        else if (k == "generic")
            ok = true;
        if (ok)
            out.push_back(k);
    }
    return out;
}

int kernelId(const std::string& name) {
    for (int i = 0; i < int(BLIS_NUM_ARCHS); ++i)
        if (name == bli_arch_string(arch_t(i)))
            return i;
    return -1;
}

std::string recommendedKernel(std::string* why) {
    bli_init();
    const std::string picked = bli_arch_string(bli_arch_query_id());
    auto say = [&](std::string text) {
        if (why)
            *why = std::move(text);
    };
    if (std::getenv("BLIS_ARCH_TYPE")) {
        say("BLIS_ARCH_TYPE is set in the environment");
        return picked;
    }
    if (picked != "generic") {
        say("BLIS's own choice for this CPU");
        return picked;
    }
    __builtin_cpu_init();
    const auto known = kernelNames();
    auto have = [&](const char* k) {
        return std::find(known.begin(), known.end(), k) != known.end();
    };
    std::string better;
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && have("skx"))
        better = "skx";
    else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        better = __builtin_cpu_is("amd") && have("zen3") ? "zen3"
                 : have("haswell")                       ? "haswell"
                                                         : "";
    if (better.empty()) {
        say("BLIS's own choice for this CPU");
        return picked;
    }
    say("BLIS " + std::string(bli_info_get_version_str()) +
        " does not recognise this CPU and would use its slow generic kernel; its vector units "
        "run the " +
        better + " kernel");
    return better;
}

bool isKernel(const std::string& running, const std::string& asked) {
    return running == asked;
}

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
    return info;
}

} // namespace threadmix::blas
