// The record of a repetition as the child sends it and files keep it, and the product check:
// nothing here calls a BLAS library, so the parent links it.
#include "core/measure/repetition.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace threadmix {

bool productLooksRight(const double* a, const double* b, const double* c, std::int64_t n) {
    const auto un = std::size_t(n);
    std::vector<double> x(un), bx(un, 0.0);
    for (std::size_t i = 0; i < un; ++i)
        x[i] = (i % 2 == 0) ? 1.0 : -1.0;
    for (std::size_t i = 0; i < un; ++i) {
        double s = 0;
        for (std::size_t k = 0; k < un; ++k)
            s += b[i * un + k] * x[k];
        bx[i] = s;
    }
    for (std::size_t i = 0; i < un; ++i) {
        double abx = 0, cx = 0, scale = 0;
        for (std::size_t k = 0; k < un; ++k) {
            abx += a[i * un + k] * bx[k];
            cx += c[i * un + k] * x[k];
            scale += std::abs(c[i * un + k]);
        }
        // Round-off grows with n; a real error (a wrong element) is far larger.
        if (std::abs(abx - cx) > 1e-10 * double(n) * (scale + 1.0))
            return false;
    }
    return true;
}

int MpiRecord::totalCpus() const {
    int total = 0;
    std::vector<std::string> seen;
    for (const auto& rank : ranks)
        if (std::find(seen.begin(), seen.end(), rank.host) == seen.end()) {
            seen.push_back(rank.host);
            total += rank.hostCpus;
        }
    return total;
}

std::vector<std::string> MpiRecord::hosts() const {
    std::vector<std::string> seen;
    for (const auto& rank : ranks)
        if (std::find(seen.begin(), seen.end(), rank.host) == seen.end())
            seen.push_back(rank.host);
    return seen;
}

void to_json(nlohmann::json& j, const RankRecord& r) {
    j = nlohmann::json{{"rank", r.rank},
                       {"host", r.host},
                       {"host_cpus", r.hostCpus},
                       {"binding", r.binding},
                       {"cpu_seconds", r.cpuSeconds},
                       {"ctx_voluntary", r.ctxVoluntary},
                       {"ctx_involuntary", r.ctxInvoluntary},
                       {"peak_rss_bytes", r.peakRssBytes}};
}

void from_json(const nlohmann::json& j, RankRecord& r) {
    r.rank = j.at("rank").get<int>();
    r.host = j.at("host").get<std::string>();
    r.hostCpus = j.value("host_cpus", 0);
    r.binding = j.value("binding", std::string());
    r.cpuSeconds = j.value("cpu_seconds", 0.0);
    r.ctxVoluntary = j.value("ctx_voluntary", std::int64_t(0));
    r.ctxInvoluntary = j.value("ctx_involuntary", std::int64_t(0));
    r.peakRssBytes = j.value("peak_rss_bytes", std::int64_t(0));
}

void to_json(nlohmann::json& j, const MpiRecord& m) {
    j = nlohmann::json{{"library", m.library},
                       {"launcher", m.launcher},
                       {"command", m.command},
                       {"binding", m.binding},
                       {"oversubscribed", m.oversubscribed},
                       {"launch_seconds", m.launchSeconds},
                       {"slurm_job", m.slurmJob},
                       {"ranks", m.ranks}};
}

void from_json(const nlohmann::json& j, MpiRecord& m) {
    m.library = j.value("library", std::string());
    m.launcher = j.value("launcher", std::string());
    m.command = j.value("command", std::vector<std::string>());
    m.binding = j.value("binding", std::string());
    m.oversubscribed = j.value("oversubscribed", false);
    m.launchSeconds = j.value("launch_seconds", 0.0);
    m.slurmJob = j.value("slurm_job", std::string());
    m.ranks = j.value("ranks", std::vector<RankRecord>());
}

void to_json(nlohmann::json& j, const RepetitionResult& r) {
    auto tasks = nlohmann::json::array();
    for (const auto& t : r.tasks)
        tasks.push_back(t.returned > t.end
                            ? nlohmann::json{t.worker, t.start, t.dataEnd, t.end, t.returned}
                            : nlohmann::json{t.worker, t.start, t.dataEnd, t.end});
    j = nlohmann::json{{"seconds", r.wallSeconds},
                       {"data_seconds", r.dataSeconds},
                       {"compute_seconds", r.computeSeconds},
                       {"data_phase_seconds", r.dataPhaseSeconds},
                       {"cpu_seconds", r.cpuSeconds},
                       {"ctx_voluntary", r.ctxVoluntary},
                       {"ctx_involuntary", r.ctxInvoluntary},
                       {"peak_rss_bytes", r.peakRssBytes},
                       {"startup_seconds", r.startupSeconds},
                       {"pool_start_seconds", r.poolStartSeconds},
                       {"send_seconds", r.sendSeconds},
                       {"receive_seconds", r.receiveSeconds},
                       {"bytes_sent", r.bytesSent},
                       {"bytes_received", r.bytesReceived},
                       {"processes", r.processes},
                       {"transfer_seconds", r.transferSeconds},
                       {"checksum", r.checksum},
                       {"blas_threading", r.blasThreading},
                       {"blas_kernel", r.blasKernel},
                       {"blas_version", r.blasVersion},
                       {"blas_path", r.blasLibraryPath},
                       {"tasks", std::move(tasks)}};
    if (r.mpi)
        j["mpi"] = *r.mpi;
}

void from_json(const nlohmann::json& j, RepetitionResult& r) {
    r.wallSeconds = j.at("seconds").get<double>();
    r.dataSeconds = j.value("data_seconds", 0.0);
    r.computeSeconds = j.value("compute_seconds", 0.0);
    r.dataPhaseSeconds = j.value("data_phase_seconds", 0.0);
    r.cpuSeconds = j.value("cpu_seconds", 0.0);
    r.ctxVoluntary = j.value("ctx_voluntary", std::int64_t(0));
    r.ctxInvoluntary = j.value("ctx_involuntary", std::int64_t(0));
    r.peakRssBytes = j.value("peak_rss_bytes", std::int64_t(0));
    r.startupSeconds = j.value("startup_seconds", 0.0);
    r.poolStartSeconds = j.value("pool_start_seconds", 0.0);
    r.sendSeconds = j.value("send_seconds", 0.0);
    r.receiveSeconds = j.value("receive_seconds", 0.0);
    r.bytesSent = j.value("bytes_sent", std::int64_t(0));
    r.bytesReceived = j.value("bytes_received", std::int64_t(0));
    r.processes = j.value("processes", 1);
    r.transferSeconds = j.value("transfer_seconds", 0.0);
    r.checksum = j.value("checksum", 0.0);
    r.blasThreading = j.value("blas_threading", std::string());
    r.blasKernel = j.value("blas_kernel", std::string());
    r.blasVersion = j.value("blas_version", std::string());
    r.blasLibraryPath = j.value("blas_path", std::string());
    r.tasks.clear();
    if (j.contains("tasks")) {
        for (const auto& t : j.at("tasks")) {
            // [worker, start, data_end, end] or, when the result came back later, [..., returned]
            if (!t.is_array() || t.size() < 4 || t.size() > 5)
                throw std::invalid_argument(
                    "a task record must be [worker, start, data_end, end(, returned)]");
            TaskRecord rec;
            rec.worker = t[0].get<std::int32_t>();
            rec.start = t[1].get<double>();
            rec.dataEnd = t[2].get<double>();
            rec.end = t[3].get<double>();
            rec.returned = t.size() == 5 ? t[4].get<double>() : rec.end;
            r.tasks.push_back(rec);
        }
    }
    r.mpi.reset();
    if (j.contains("mpi"))
        r.mpi = j.at("mpi").get<MpiRecord>();
}

} // namespace threadmix
