// The one table of BLAS kernels and the rules read from it; nothing here loads a library.
#include "core/measure/kernels.h"

#include <algorithm>
#include <cctype>

namespace threadmix::blas {

bool cpuHas(CpuFeature feature) {
    __builtin_cpu_init();
    // __builtin_cpu_supports takes a literal only: one case per extension.
    switch (feature) {
    case CpuFeature::Sse3:
        return __builtin_cpu_supports("sse3");
    case CpuFeature::Ssse3:
        return __builtin_cpu_supports("ssse3");
    case CpuFeature::Sse42:
        return __builtin_cpu_supports("sse4.2");
    case CpuFeature::Avx:
        return __builtin_cpu_supports("avx");
    case CpuFeature::Avx2:
        return __builtin_cpu_supports("avx2");
    case CpuFeature::Fma:
        return __builtin_cpu_supports("fma");
    case CpuFeature::Fma4:
        return __builtin_cpu_supports("fma4");
    case CpuFeature::Avx512f:
        return __builtin_cpu_supports("avx512f");
    case CpuFeature::Avx512dq:
        return __builtin_cpu_supports("avx512dq");
    case CpuFeature::Avx512bw:
        return __builtin_cpu_supports("avx512bw");
    case CpuFeature::Avx512vl:
        return __builtin_cpu_supports("avx512vl");
    case CpuFeature::Avx512cd:
        return __builtin_cpu_supports("avx512cd");
    case CpuFeature::Avx512pf:
        return __builtin_cpu_supports("avx512pf");
    case CpuFeature::Avx512er:
        return __builtin_cpu_supports("avx512er");
    case CpuFeature::Avx512bf16:
        return __builtin_cpu_supports("avx512bf16");
    case CpuFeature::AmxBf16:
        return __builtin_cpu_supports("amx-bf16");
    }
    return false;
}

const std::vector<KernelFacts>& allKernels() {
    using F = CpuFeature;
    constexpr auto blis = BlasFamily::Blis;
    constexpr auto ob = BlasFamily::OpenBlas;
    const std::vector<CpuFeature> avx2{F::Avx2, F::Fma};
    const std::vector<CpuFeature> skx{F::Avx512f, F::Avx512dq, F::Avx512bw, F::Avx512vl};
    const std::vector<CpuFeature> avx512{F::Avx512f, F::Avx512dq, F::Avx512bw, F::Avx512vl,
                                         F::Avx512cd};
    auto with = [](std::vector<CpuFeature> v, CpuFeature f) {
        v.push_back(f);
        return v;
    };
    // BLIS 0.9's x86-64 sub-configurations: its pick is trusted unless it falls back to
    // generic (0.9.0 does not know AMD family 26, Zen 5, and would run 5x slower there).
    // OpenBLAS 0.3.21's cores: a pick older than AVX2 on a CPU that runs AVX2 is its fallback
    // (0.3.21 picks Prescott, SSE3, on the Intel Xeon model 207).
    static const std::vector<KernelFacts> all{
        {blis, "skx", skx, true, 1, false},
        {blis, "knl", {F::Avx512f, F::Avx512pf, F::Avx512er}, true, 0, false},
        {blis, "haswell", avx2, true, 3, false},
        {blis, "sandybridge", {F::Avx}, true, 0, false},
        {blis, "penryn", {F::Ssse3}, true, 0, false},
        {blis, "zen3", avx2, true, 2, true},
        {blis, "zen2", avx2, true, 0, false},
        {blis, "zen", avx2, true, 0, false},
        {blis, "excavator", {F::Fma4}, true, 0, false},
        {blis, "steamroller", {F::Fma4}, true, 0, false},
        {blis, "piledriver", {F::Fma4}, true, 0, false},
        {blis, "bulldozer", {F::Fma4}, true, 0, false},
        {blis, "generic", {}, false, 0, false},
        {ob, "Cooperlake", with(avx512, F::Avx512bf16), true, 0, false},
        {ob, "SkylakeX", avx512, true, 1, false},
        {ob, "Haswell", avx2, true, 2, false},
        {ob, "Zen", avx2, true, 0, false},
        {ob, "Sandybridge", {F::Avx}, false, 0, false},
        {ob, "Nehalem", {F::Sse42}, false, 0, false},
        {ob, "Prescott", {F::Sse3}, false, 0, false},
    };
    return all;
}

std::vector<std::string> kernelNames(BlasFamily family) {
    std::vector<std::string> out;
    for (const auto& k : allKernels())
        if (k.family == family)
            out.emplace_back(k.name);
    return out;
}

namespace {

bool runs(const KernelFacts& k) {
    return std::all_of(k.needs.begin(), k.needs.end(), cpuHas);
}

} // namespace

std::vector<std::string> runnableKernels(BlasFamily family, const std::vector<std::string>& known) {
    std::vector<std::string> out;
    for (const auto& k : allKernels())
        if (k.family == family && runs(k) &&
            std::any_of(known.begin(), known.end(),
                        [&](const std::string& n) { return sameKernel(family, n, k.name); }))
            out.emplace_back(k.name);
    return out;
}

bool sameKernel(BlasFamily family, std::string_view a, std::string_view b) {
    if (family == BlasFamily::Blis)
        return a == b;
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

const KernelFacts* findKernel(BlasFamily family, std::string_view name) {
    for (const auto& k : allKernels())
        if (k.family == family && sameKernel(family, k.name, name))
            return &k;
    return nullptr;
}

std::string fallbackReplacement(BlasFamily family, const std::string& pick,
                                const std::vector<std::string>& runnable) {
    // A pick the table does not know may be newer than ThreadMix: it stays.
    const auto* picked = findKernel(family, pick);
    if (!picked || picked->trustedPick)
        return {};
    __builtin_cpu_init();
    const bool amd = __builtin_cpu_is("amd");
    const KernelFacts* best = nullptr;
    for (const auto& k : allKernels()) {
        if (k.family != family || k.fallbackRank == 0 || (k.amdOnly && !amd))
            continue;
        if (std::find(runnable.begin(), runnable.end(), k.name) == runnable.end())
            continue;
        if (!best || k.fallbackRank < best->fallbackRank)
            best = &k;
    }
    return best ? std::string(best->name) : std::string();
}

std::string_view kernelVariable(BlasFamily family) {
    return family == BlasFamily::Blis ? "BLIS_ARCH_TYPE" : "OPENBLAS_CORETYPE";
}

std::string libraryDirectory(BlasLibrary library) {
    return std::string(THREADMIX_BLAS_ROOT) + "/" + std::string(facts(library).directory);
}

} // namespace threadmix::blas
