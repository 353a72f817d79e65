// What ThreadMix knows of the BLAS libraries without loading one: the one table of kernels
// (names, the instructions each needs, which picks are trusted, which replace a fallback), the
// libraries' folders, and the record a library gives of itself. The parent links only this;
// the calls into a library (blas.h) live in the workers.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/spec/spec.h"

namespace threadmix::blas {

// The library a worker really loaded, as it says itself (`<worker> __threadmix_describe`).
struct BuildInfo {
    std::string family;     // "BLIS", "OpenBLAS"
    std::string version;    // e.g. "0.9.0", "0.3.21"
    std::string threading;  // "openmp", "pthreads", "none"
    std::string kernel;     // picked at run time: BLIS's "zen3", OpenBLAS's "Haswell"
    std::string library;    // path of the loaded libblis / libopenblas
    std::string config;     // the library's own build line (openblas_get_config), or ""
    int defaultThreads = 1; // what the plain BLAS/CBLAS interface would use
    // The kernels this build of the library contains (BLIS: its sub-configurations; OpenBLAS,
    // a DYNAMIC_ARCH build: every core of the table).
    std::vector<std::string> kernels;
};

// Instruction-set extensions a kernel needs.
enum class CpuFeature {
    Sse3,
    Ssse3,
    Sse42,
    Avx,
    Avx2,
    Fma,
    Fma4,
    Avx512f,
    Avx512dq,
    Avx512bw,
    Avx512vl,
    Avx512cd,
    Avx512pf,
    Avx512er,
    Avx512bf16,
    AmxBf16,
};
// Whether this CPU executes the extension.
bool cpuHas(CpuFeature feature);

// One kernel of one library family: the single place its name and rules are written.
struct KernelFacts {
    BlasFamily family;
    std::string_view name; // BLIS configuration ("skx") or OPENBLAS_CORETYPE value ("SkylakeX")
    std::vector<CpuFeature> needs;
    // The library's own pick of this kernel is kept: it uses the CPU's vector units well. A
    // pick without it (BLIS's "generic", OpenBLAS's "Prescott" on a new Xeon) is the library's
    // fallback for a CPU it does not recognise.
    bool trustedPick;
    // Replacing such a fallback: lower ranks first, 0 never.
    int fallbackRank;
    bool amdOnly; // used as a replacement on AMD CPUs only (BLIS's zen3)
};
// Every kernel ThreadMix knows, each family's newest first.
const std::vector<KernelFacts>& allKernels();
// The table's names of one family.
std::vector<std::string> kernelNames(BlasFamily family);
// The kernels of `known` (names of the family's table, e.g. BuildInfo::kernels) whose
// instructions this CPU executes, in the table's order.
std::vector<std::string> runnableKernels(BlasFamily family, const std::vector<std::string>& known);
// The table's entry of a kernel name, or null. OpenBLAS names are compared without case, as
// OpenBLAS does ("skylakex" is "SkylakeX"); BLIS names exactly.
const KernelFacts* findKernel(BlasFamily family, std::string_view name);
bool sameKernel(BlasFamily family, std::string_view a, std::string_view b);
// What replaces the library's `pick` when it is a fallback (see KernelFacts::trustedPick): the
// best-ranked runnable kernel, or "" when the pick stays.
std::string fallbackReplacement(BlasFamily family, const std::string& pick,
                                const std::vector<std::string>& runnable);
// The environment variable that chooses a family's kernel: BLIS_ARCH_TYPE, OPENBLAS_CORETYPE.
std::string_view kernelVariable(BlasFamily family);

// Folder of a library variant, e.g. /usr/lib/x86_64-linux-gnu/openblas-pthread.
std::string libraryDirectory(BlasLibrary library);

} // namespace threadmix::blas
