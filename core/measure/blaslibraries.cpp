// What is known of the BLAS libraries without loading one: folders and OpenBLAS's kernel names.
#include "core/measure/blas.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>

namespace threadmix::blas {

std::string libraryDirectory(BlasLibrary library) {
    return std::string(THREADMIX_BLAS_ROOT) + "/" + std::string(facts(library).directory);
}

std::vector<std::string> openblasKernelNames() {
    return {"Cooperlake", "SkylakeX", "Haswell", "Zen", "Sandybridge", "Nehalem", "Prescott"};
}

std::vector<std::string> runnableOpenBlasKernels() {
    __builtin_cpu_init();
    auto all = [](std::initializer_list<int> flags) {
        return std::all_of(flags.begin(), flags.end(), [](int f) { return f != 0; });
    };
    const bool avx512 = all({__builtin_cpu_supports("avx512f"), __builtin_cpu_supports("avx512dq"),
                             __builtin_cpu_supports("avx512bw"), __builtin_cpu_supports("avx512vl"),
                             __builtin_cpu_supports("avx512cd")});
    const bool avx2 = all({__builtin_cpu_supports("avx2"), __builtin_cpu_supports("fma")});
    std::vector<std::string> out;
    for (const auto& k : openblasKernelNames()) {
        bool ok = false;
        if (k == "Cooperlake")
            ok = avx512 && __builtin_cpu_supports("avx512bf16");
        else if (k == "SkylakeX")
            ok = avx512;
        else if (k == "Haswell" || k == "Zen")
            ok = avx2;
        else if (k == "Sandybridge")
            ok = __builtin_cpu_supports("avx") != 0;
        else if (k == "Nehalem")
            ok = __builtin_cpu_supports("sse4.2") != 0;
        else if (k == "Prescott")
            ok = __builtin_cpu_supports("sse3") != 0;
        if (ok)
            out.push_back(k);
    }
    return out;
}

bool sameCoreName(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

} // namespace threadmix::blas
