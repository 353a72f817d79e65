// The kernel rule, the per-machine cache of kernel calibrations and the CPU fingerprint.
#include "core/machine/kernelchoice.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/base/atomicfile.h"
#include "core/base/jsontext.h"
#include "core/machine/machineinfo.h"
#include "core/machine/peakcache.h"

namespace threadmix {

double KernelRates::score() const {
    const double a = one().median, b = all().median;
    return a > 0 && b > 0 ? std::sqrt(a * b) : 0;
}

const KernelRates* KernelCalibration::best() const {
    const KernelRates* top = nullptr;
    for (const auto& k : kernels)
        if (!top || k.score() > top->score())
            top = &k;
    return top;
}

const KernelRates* KernelCalibration::find(const std::string& kernel) const {
    for (const auto& k : kernels)
        if (k.kernel == kernel)
            return &k;
    return nullptr;
}

bool KernelCalibration::bestBeatsPick() const {
    const auto* top = best();
    const auto* base = find(pick);
    if (!top || top->score() <= 0)
        return false;
    if (!base || base->score() <= 0)
        return true; // the pick was not measured (or did not run): the measured best is known
    if (top == base)
        return false;
    return top->one().min > base->one().max && top->all().min > base->all().max;
}

std::string KernelCalibration::table() const {
    std::string out = fmt::format("{:<12} {:>22} {:>22}\n", "kernel", "1 thread GFLOP/s",
                                  fmt::format("{} threads GFLOP/s", logicalCpus));
    const auto* top = best();
    for (const auto& k : kernels) {
        auto cell = [](const Summary& s) {
            return s.n == 0 ? std::string("did not run")
                            : fmt::format("{:.1f} ({:.1f}-{:.1f})", s.median, s.min, s.max);
        };
        std::string mark;
        if (&k == top)
            mark += " fastest";
        if (k.kernel == pick)
            mark += (mark.empty() ? " " : ", ") + family + "'s pick";
        out +=
            fmt::format("{:<12} {:>22} {:>22}{}\n", k.kernel, cell(k.one()), cell(k.all()), mark);
    }
    out += fmt::format("Median (min-max) of {} interleaved rounds, {} multiplies of {}x{} per "
                       "child, each kernel in its own process; {}.\n",
                       rounds, count, size, size, date);
    return out;
}

std::string cpuFingerprint() {
    std::ifstream in("/proc/cpuinfo");
    std::string line, vendor, family, model, stepping, flags;
    auto value = [](const std::string& l) {
        const auto colon = l.find(':');
        return colon == std::string::npos ? std::string() : l.substr(colon + 2);
    };
    while (std::getline(in, line) && flags.empty()) {
        if (line.rfind("vendor_id", 0) == 0)
            vendor = value(line);
        else if (line.rfind("cpu family", 0) == 0)
            family = value(line);
        else if (line.rfind("model\t", 0) == 0)
            model = value(line);
        else if (line.rfind("stepping", 0) == 0)
            stepping = value(line);
        else if (line.rfind("flags", 0) == 0)
            flags = value(line);
    }
    return fmt::format("{} family {} model {} stepping {} flags {:016x}", vendor, family, model,
                       stepping, std::hash<std::string>{}(flags));
}

std::string kernelCachePath(BlasFamily family) {
    return cacheFile(family == BlasFamily::Blis ? "kernels.json" : "kernels-openblas.json");
}

Status storeKernelCalibration(const KernelCalibration& c) {
    auto kernels = nlohmann::json::array();
    for (const auto& k : c.kernels)
        kernels.push_back(
            {{"kernel", k.kernel}, {"gflops_1", k.gflopsOne}, {"gflops_all", k.gflopsAll}});
    const nlohmann::json j{{"family", c.family},
                           {"fingerprint", c.fingerprint},
                           {"blis_version", c.blisVersion},
                           {"cpu_model", c.cpuModel},
                           {"logical_cpus", c.logicalCpus},
                           {"size", c.size},
                           {"count", c.count},
                           {"rounds", c.rounds},
                           {"date", c.date},
                           {"pick", c.pick},
                           {"kernels", kernels}};
    return writeCacheObject(
        kernelCachePath(c.family == "OpenBLAS" ? BlasFamily::OpenBlas : BlasFamily::Blis), j);
}

std::optional<KernelCalibration> loadKernelCalibration(BlasFamily family,
                                                       const std::string& version,
                                                       const std::vector<std::string>& known) {
    const auto cached = readCacheObject(kernelCachePath(family));
    if (!cached)
        return std::nullopt;
    const auto& j = *cached;
    try {
        KernelCalibration c;
        c.family = j.value("family", std::string("BLIS"));
        c.fingerprint = j.at("fingerprint").get<std::string>();
        c.blisVersion = j.at("blis_version").get<std::string>();
        c.cpuModel = j.value("cpu_model", std::string());
        c.logicalCpus = j.at("logical_cpus").get<int>();
        c.size = j.value("size", std::int64_t(0));
        c.count = j.value("count", std::int64_t(0));
        c.rounds = j.value("rounds", 0);
        c.date = j.value("date", std::string());
        c.pick = j.at("pick").get<std::string>();
        for (const auto& k : j.at("kernels")) {
            KernelRates r;
            r.kernel = k.at("kernel").get<std::string>();
            r.gflopsOne = k.at("gflops_1").get<std::vector<double>>();
            r.gflopsAll = k.at("gflops_all").get<std::vector<double>>();
            if (std::find(known.begin(), known.end(), r.kernel) == known.end())
                return std::nullopt;
            c.kernels.push_back(std::move(r));
        }
        if (c.family != toString(family) || c.fingerprint != cpuFingerprint() ||
            c.blisVersion != version || c.logicalCpus != logicalCpuCount())
            return std::nullopt;
        return c;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

namespace {

// The library's pick, the environment, or the replacement of a fallback; no calibration yet.
KernelChoice ruleWithoutCalibration(BlasFamily family, const std::string& pick,
                                    const char* environment,
                                    const std::vector<std::string>& runnable,
                                    const std::string& version) {
    const std::string library(toString(family));
    KernelChoice c;
    c.detected = pick;
    c.kernel = pick;
    if (environment && *environment) {
        if (family != BlasFamily::Blis)
            c.kernel = environment;
        c.source = "environment";
        c.reason = fmt::format("{} is set in the environment", blas::kernelVariable(family));
        return c;
    }
    c.source = family == BlasFamily::Blis ? "blis" : "openblas";
    c.reason = fmt::format("{}'s own choice for this CPU", library);
    const auto better = blas::fallbackReplacement(family, pick, runnable);
    if (better.empty())
        return c;
    c.kernel = better;
    c.source = "fallback";
    c.reason = fmt::format("{} {} does not recognise this CPU and would run its {} kernel; its "
                           "vector units run the {} kernel",
                           library, version, pick, better);
    return c;
}

} // namespace

KernelChoice chooseKernel(BlasFamily family, const std::string& pick, const char* environment,
                          const std::vector<std::string>& runnable, const std::string& version,
                          const std::optional<KernelCalibration>& calibration) {
    auto c = ruleWithoutCalibration(family, pick, environment, runnable, version);
    if (!calibration)
        return c;
    // Beat the rule's choice, not what was picked when the calibration was measured.
    KernelCalibration cal = *calibration;
    cal.pick = c.kernel;
    for (const auto& k : cal.kernels)
        if (blas::sameKernel(family, k.kernel, c.kernel))
            cal.pick = k.kernel;
    const auto* top = cal.best();
    const auto* base = cal.find(cal.pick);
    if (c.source == "environment") {
        // The environment wins, as it does for numpy; but say so when it costs speed.
        if (cal.bestBeatsPick() && base)
            c.reason += fmt::format(
                "; threadmix info --calibrate measured {} faster here ({:.1f} against {:.1f} "
                "GFLOP/s on 1 thread): unset {} or give --kernel {}",
                top->kernel, top->one().median, base->one().median, blas::kernelVariable(family),
                top->kernel);
        return c;
    }
    if (!top)
        return c;
    if (!cal.bestBeatsPick()) {
        c.reason += fmt::format(
            "; threadmix info --calibrate ({}) measured {} {}", cal.date, top->kernel,
            top->kernel == cal.pick ? "fastest too" : "fastest, within the noise of it");
        return c;
    }
    c.kernel = top->kernel;
    c.source = "measured";
    c.reason = fmt::format(
        "measured fastest on this machine by threadmix info --calibrate ({}): {:.1f} GFLOP/s on "
        "1 thread, {:.1f} on {}{}",
        cal.date, top->one().median, top->all().median, cal.logicalCpus,
        base ? fmt::format(", against {:.1f} and {:.1f} for {}", base->one().median,
                           base->all().median, base->kernel)
             : std::string());
    return c;
}

} // namespace threadmix
