// Peak calibration through the isolated engine, cached per machine in a small JSON file.
#include "core/peakcalibration.h"

#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/jsontext.h"

#include "core/atomicfile.h"
#include "core/blas.h"
#include "core/engine.h"

namespace threadmix {

std::string peakCachePath() {
    std::string base;
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x)
        base = x;
    else if (const char* h = std::getenv("HOME"); h && *h)
        base = std::string(h) + "/.cache";
    else
        base = "/tmp";
    return base + "/threadmix/peak.json";
}

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
    const auto result = Engine(runner).runConfiguration(0, Configuration{"peak", "peak", s},
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

std::optional<PeakCalibration> loadPeak(const MachineInfo& m) {
    auto text = readWholeFile(peakCachePath(), 1 << 20);
    if (!text)
        return std::nullopt;
    const auto j = nlohmann::json::parse(text.value(), nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return std::nullopt;
    try {
        PeakCalibration p;
        p.gflops = j.at("gflops").get<double>();
        p.size = j.at("size").get<std::int64_t>();
        p.threads = j.at("threads").get<int>();
        p.kernel = j.at("kernel").get<std::string>();
        p.cpuModel = j.at("cpu_model").get<std::string>();
        p.logicalCpus = j.at("logical_cpus").get<int>();
        p.date = j.value("date", std::string());
        if (p.cpuModel != m.cpuModel || p.logicalCpus != m.logicalCpus ||
            p.kernel != m.blasKernel || !(p.gflops > 0))
            return std::nullopt;
        return p;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

Status storePeak(const PeakCalibration& p) {
    const auto path = peakCachePath();
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    nlohmann::json j{{"gflops", p.gflops},      {"size", p.size},
                     {"threads", p.threads},    {"kernel", p.kernel},
                     {"cpu_model", p.cpuModel}, {"logical_cpus", p.logicalCpus},
                     {"date", p.date}};
    return writeFileAtomically(path, jsonText(j, 1) + "\n");
}

} // namespace threadmix
