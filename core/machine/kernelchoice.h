// Which BLIS kernel `auto` means on this machine: BLIS's own pick, or the one measured fastest.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/expected.h"
#include "core/base/statistics.h"
#include "core/measure/kernels.h"
#include "core/spec/spec.h"

namespace threadmix {

// One kernel's DGEMM rate in every interleaved round, at 1 thread and at all logical CPUs.
struct KernelRates {
    std::string kernel;
    std::vector<double> gflopsOne; // GFLOP/s of the multiply phase, one value per round
    std::vector<double> gflopsAll;
    Summary one() const { return summarize(gflopsOne); }
    Summary all() const { return summarize(gflopsAll); }
    // The figure kernels are ranked by: the geometric mean of the two medians.
    double score() const;
};

// What `threadmix info --calibrate` measured, kept per machine (CPU and BLIS build).
struct KernelCalibration {
    std::string family = "BLIS"; // the library family measured: "BLIS" or "OpenBLAS"
    std::string fingerprint;     // cpuFingerprint() when measured
    std::string blisVersion;     // the version of that library
    std::string cpuModel;
    int logicalCpus = 0;
    std::int64_t size = 0;  // matrix side
    std::int64_t count = 0; // multiplies per child
    int rounds = 0;
    std::string date;
    std::string pick; // the kernel `auto` meant without a calibration (BLIS's pick or fallback)
    std::vector<KernelRates> kernels;

    // The best-scoring kernel; empty without kernels.
    const KernelRates* best() const;
    const KernelRates* find(const std::string& kernel) const;
    // Whether `best()` beats `pick` beyond the noise: its slowest round is faster than the
    // pick's fastest round at 1 thread and at all CPUs.
    bool bestBeatsPick() const;
    // The table `threadmix info --calibrate` prints.
    std::string table() const;
};

// CPU vendor, family, model, stepping and flags: what decides which kernels run well.
std::string cpuFingerprint();

// $XDG_CACHE_HOME/threadmix/kernels.json (or ~/.cache/...); kernels-openblas.json for OpenBLAS.
std::string kernelCachePath(BlasFamily family = BlasFamily::Blis);
Status storeKernelCalibration(const KernelCalibration& c);
// The stored calibration of a family when made on this CPU with `version` of the library and
// only of kernels in `known`.
std::optional<KernelCalibration> loadKernelCalibration(BlasFamily family,
                                                       const std::string& version,
                                                       const std::vector<std::string>& known);

struct KernelChoice {
    std::string kernel;   // what the children run with
    std::string detected; // what the library picks by itself on this CPU
    std::string reason;   // why, in a sentence
    // Where the choice came from, in one word: "blis" or "openblas" (the library's own pick),
    // "environment" (BLIS_ARCH_TYPE, OPENBLAS_CORETYPE), "fallback" (replaces the library's
    // fallback for a CPU it does not know), "measured".
    std::string source;
};

// What `auto` means for a library family, the one rule for both. `pick`: the kernel the
// library picks by itself here, as its worker said (core/run/libraryprobe.h); `environment`:
// the family's kernel variable (blas::kernelVariable) or null; `runnable`: the kernels of the
// library's build this CPU runs (blas::runnableKernels).
// The variable if set (BLIS_ARCH_TYPE is a number: the worker honoured it, so the pick is the
// kernel it names); else the library's pick, unless the pick is its fallback for a CPU it
// does not know (blas::fallbackReplacement: BLIS 0.9.0's generic on Zen 5, OpenBLAS 0.3.21's
// Prescott on the Intel Xeon model 207), then the best kernel this CPU runs. With a calibration
// for this machine whose best beats that choice beyond the noise, the measured best
// ("measured"); an environment choice stays, with a note when it costs speed.
KernelChoice chooseKernel(BlasFamily family, const std::string& pick, const char* environment,
                          const std::vector<std::string>& runnable, const std::string& version,
                          const std::optional<KernelCalibration>& calibration = {});

} // namespace threadmix
