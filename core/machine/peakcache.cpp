// Peak calibration cache: read back only on the machine and kernel it was measured with.
#include "core/machine/peakcache.h"

#include <cstdlib>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/base/atomicfile.h"
#include "core/base/jsontext.h"

namespace threadmix {

std::string cacheFile(const std::string& name) {
    std::string base;
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x)
        base = x;
    else if (const char* h = std::getenv("HOME"); h && *h)
        base = std::string(h) + "/.cache";
    else
        base = "/tmp";
    return base + "/threadmix/" + name;
}

std::optional<nlohmann::json> readCacheObject(const std::string& path) {
    const auto text = readWholeFile(path, 1 << 20);
    if (!text)
        return std::nullopt;
    auto j = nlohmann::json::parse(text.value(), nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return std::nullopt;
    return j;
}

Status writeCacheObject(const std::string& path, const nlohmann::json& j) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    return writeFileAtomically(path, jsonText(j, 1) + "\n");
}

std::string peakCachePath() {
    return cacheFile("peak.json");
}

std::optional<PeakCalibration> loadPeak(const MachineInfo& m) {
    const auto cached = readCacheObject(peakCachePath());
    if (!cached)
        return std::nullopt;
    const auto& j = *cached;
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
    const nlohmann::json j{{"gflops", p.gflops},      {"size", p.size},
                           {"threads", p.threads},    {"kernel", p.kernel},
                           {"cpu_model", p.cpuModel}, {"logical_cpus", p.logicalCpus},
                           {"date", p.date}};
    return writeCacheObject(peakCachePath(), j);
}

} // namespace threadmix
