// Kernel calibration through isolated children: each child selects its kernel before BLIS starts.
#include "core/run/kernelcalibration.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/machine/machineinfo.h"
#include "core/measure/kernels.h"
#include "core/run/libraryprobe.h"

namespace threadmix {

Expected<KernelCalibration> calibrateKernels(const IsolatedRunner& runner, std::stop_token stop,
                                             const KernelCalibrationOptions& o) {
    KernelCalibration c;
    const bool openblas = o.family == BlasFamily::OpenBlas;
    c.family = std::string(toString(o.family));
    c.fingerprint = cpuFingerprint();
    const BlasLibrary library = openblas ? BlasLibrary::OpenBlasPthreads : builtBlasLibrary();
    const auto probe = probeLibrary(library);
    if (!probe.problem.empty())
        return Error{std::string(facts(library).name) + " " + probe.problem};
    c.blisVersion = probe.info.version;
    const auto runnable = blas::runnableKernels(o.family, probe.info.kernels);
    // What auto would mean without a calibration (the environment aside).
    c.pick =
        chooseKernel(o.family, probe.info.kernel, nullptr, runnable, probe.info.version).kernel;
    c.cpuModel = collectHardwareInfo().cpuModel;
    c.logicalCpus = logicalCpuCount();
    c.size = o.size;
    c.count = o.count;
    c.rounds = o.rounds;
    c.date = isoTimestampUtc();
    for (const auto& k : runnable)
        c.kernels.push_back(KernelRates{k, {}, {}});
    std::vector<std::pair<std::size_t, int>> order; // kernel index, threads
    for (std::size_t k = 0; k < c.kernels.size(); ++k)
        for (int threads : {1, c.logicalCpus})
            if (threads == 1 || c.logicalCpus > 1)
                order.emplace_back(k, threads);
    const int total = int(order.size()) * o.rounds;
    int done = 0;
    for (int round = 0; round < o.rounds; ++round) {
        for (std::size_t i = 0; i < order.size(); ++i) {
            const auto [k, threads] = order[round % 2 ? order.size() - 1 - i : i];
            auto& rates = c.kernels[k];
            RunSpec s;
            s.workload = Workload::Gemm;
            s.count = o.count;
            s.size = o.size;
            s.workers = 1;
            s.blasThreads = threads;
            s.data = DataPlacement::Upfront;
            s.init = Init::Ones;
            s.repeats = 1;
            s.warmup = 0;
            s.kernel = rates.kernel;
            if (openblas) {
                s.blasLibrary = BlasLibrary::OpenBlasPthreads;
                s.threadControl = ThreadControl::ProcessWide;
            }
            const auto outcome = runner.runOnce(s, monotonicSeconds() + 120, stop);
            if (stop.stop_requested())
                return Error{"the kernel calibration was stopped"};
            if (outcome.status == RunStatus::Ok && outcome.result.computeSeconds > 0)
                (threads == 1 ? rates.gflopsOne : rates.gflopsAll)
                    .push_back(s.flops() / outcome.result.computeSeconds * 1e-9);
            if (o.progress)
                o.progress(++done, total,
                           fmt::format("{} on {} thread{}", rates.kernel, threads,
                                       threads == 1 ? "" : "s"));
        }
    }
    if (c.logicalCpus == 1)
        for (auto& k : c.kernels)
            k.gflopsAll = k.gflopsOne;
    if (!c.best() || c.best()->score() <= 0)
        return Error{"no kernel finished a multiply; see threadmix info"};
    return c;
}

} // namespace threadmix
