// Measures every BLIS kernel this CPU can run, each in its own child process, interleaved.
#pragma once

#include <functional>
#include <stop_token>
#include <string>

#include "core/base/expected.h"
#include "core/machine/kernelchoice.h"
#include "core/run/isolatedrunner.h"

namespace threadmix {

struct KernelCalibrationOptions {
    std::int64_t size = 1200;
    std::int64_t count = 4; // multiplies per child
    int rounds = 3;
    BlasFamily family = BlasFamily::Blis; // OpenBLAS: its kernels, in openblas-pthreads children
    // Called after every child: children done, children in all, what ran.
    std::function<void(int done, int total, const std::string& what)> progress;
};

// Rounds of (every runnable kernel x {1 thread, all logical CPUs}), the order reversed every
// other round so that drift in the machine's speed spreads over all kernels alike.
Expected<KernelCalibration> calibrateKernels(const IsolatedRunner& runner, std::stop_token stop,
                                             const KernelCalibrationOptions& options = {});

} // namespace threadmix
