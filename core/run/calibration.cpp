// One calibration sequence; see calibration.h.
#include "core/run/calibration.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/run/kernelcalibration.h"
#include "core/run/libraryprobe.h"
#include "core/run/peakcalibration.h"

namespace threadmix {

std::string MachineCalibration::summary() const {
    return fmt::format("Calibrated: kernel {} ({}); peak {:.0f} GFLOP/s.", blis.kernel,
                       blis.source, peak.gflops);
}

Expected<MachineCalibration> calibrateMachine(const IsolatedRunner& runner, std::stop_token stop,
                                              const CalibrationProgress& progress) {
    MachineCalibration out;
    auto say = [&](const std::string& stage) {
        if (progress.stage)
            progress.stage(stage);
    };
    auto keep = [&](Status st, std::string_view what) {
        if (!st)
            out.warnings.push_back(fmt::format("could not keep the {}: {}", what, st.error()));
    };
    KernelCalibrationOptions options;
    options.progress = progress.step;
    for (auto family : {BlasFamily::Blis, BlasFamily::OpenBlas}) {
        const bool openblas = family == BlasFamily::OpenBlas;
        if (openblas && !libraryInstalled(BlasLibrary::OpenBlasPthreads))
            continue;
        options.family = family;
        say(fmt::format("Measuring the {} kernels this CPU runs ({}), each in its own process, "
                        "on 1 thread and on all logical CPUs",
                        toString(family),
                        fmt::join(runnableKernels(family), ", ")));
        auto kernels = calibrateKernels(runner, stop, options);
        if (!kernels)
            return Error{kernels.error()};
        keep(storeKernelCalibration(*kernels), fmt::format("{} kernel calibration",
                                                           toString(family)));
        if (openblas) {
            forgetAutoOpenBlasKernel();
            out.openblas = autoOpenBlasKernel();
        }
        out.kernels.push_back(std::move(*kernels));
    }
    forgetAutoKernel();
    out.blis = autoKernel();
    say(fmt::format("Calibrating the DGEMM peak with {} (2 multiplies of 3000x3000 on all "
                    "logical CPUs)",
                    out.blis.kernel));
    auto peak = calibratePeak(runner, stop);
    if (!peak)
        return Error{peak.error()};
    keep(storePeak(*peak), "peak");
    out.peak = *peak;
    return out;
}

} // namespace threadmix
