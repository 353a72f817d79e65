// Peak calibration through the isolated engine, cached per machine in a small JSON file.
#include "core/run/peakcalibration.h"

#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/base/jsontext.h"

#include "core/base/atomicfile.h"
#include "core/run/engine.h"
#include "core/run/libraryprobe.h"

namespace threadmix {

Expected<PeakCalibration> calibratePeak(const IsolatedRunner& runner, std::stop_token stop,
                                        std::int64_t size) {
    const auto machine = collectMachineInfo();
    RunSpec s;
    s.workload = Workload::Gemm;
    s.count = 2;
    s.size = size;
    s.workers = 1;
    s.blasThreads = machine.logicalCpus;
    s.data = DataPlacement::Upfront;
    s.init = Init::Ones;
    s.repeats = 3;
    s.warmup = 1;
    s.budgetSeconds = 300;
    s.kernel = machine.blasKernel;
    const auto result = Engine(runner).runConfiguration(0, Configuration{"peak", {}, s},
                                                        s.budgetSeconds, nullptr, stop);
    if (result.status != RunStatus::Ok || result.repetitions.empty())
        return Error{"the calibration multiply did not finish: " + result.reason};
    double best = 0;
    for (const auto& rep : result.repetitions)
        if (rep.computeSeconds > 0)
            best = std::max(best, s.flops() / rep.computeSeconds * 1e-9);
    PeakCalibration p;
    p.gflops = best;
    p.size = size;
    p.threads = s.blasThreads;
    p.kernel = machine.blasKernel;
    p.cpuModel = machine.cpuModel;
    p.logicalCpus = machine.logicalCpus;
    p.date = machine.date;
    return p;
}

} // namespace threadmix
