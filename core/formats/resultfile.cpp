// JSON, CSV and Markdown forms of a result set.
#include "core/formats/resultfile.h"

#include <cmath>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/base/jsontext.h"

#include "core/base/atomicfile.h"
#include "core/formats/resulttable.h"
#include "core/machine/machinereport.h"

namespace threadmix {
namespace {

using nlohmann::json;

json optional(const std::optional<double>& v) {
    return v ? json(*v) : json(nullptr);
}

json configToJson(const ConfigResult& r) {
    const auto s = r.seconds();
    const auto& spec = r.config.spec;
    json j{
        {"label", r.config.label},
        {"group", r.config.group},
        {"workload", toString(spec.workload)},
        {"count", spec.count},
        {"size", spec.size},
        {"workers", spec.workers},
        {"blas_threads", spec.blasThreads},
        {"chunk", spec.chunk},
        {"data", toString(spec.data)},
        {"init", toString(spec.init)},
        {"spec", spec},
        {"status", toString(r.status)},
        {"reason", r.reason},
        {"elapsed_seconds", r.elapsedSeconds},
        {"seconds", r.wallSeconds()},
        {"median_seconds", optional(r.medianSeconds())},
        {"min_seconds", s.n ? json(s.min) : json(nullptr)},
        {"max_seconds", s.n ? json(s.max) : json(nullptr)},
        {"cv", s.n ? json(s.cv) : json(nullptr)},
        {"gflops", optional(r.gflops())},
        {"gbytes_per_second", optional(r.gbytesPerSecond())},
        {"cpu_seconds", s.n ? json(r.medianOf(&RepetitionResult::cpuSeconds)) : json(nullptr)},
        {"data_seconds", s.n ? json(r.medianOf(&RepetitionResult::dataSeconds)) : json(nullptr)},
        {"compute_seconds",
         s.n ? json(r.medianOf(&RepetitionResult::computeSeconds)) : json(nullptr)},
        {"ctx_voluntary",
         s.n ? json(std::int64_t(r.medianOf(&RepetitionResult::ctxVoluntary))) : json(nullptr)},
        {"ctx_involuntary",
         s.n ? json(std::int64_t(r.medianOf(&RepetitionResult::ctxInvoluntary))) : json(nullptr)},
        {"peak_rss_bytes", s.n ? json(r.peakRssBytes()) : json(nullptr)},
        {"repetitions", r.repetitions}};
    return j;
}

ConfigResult configFromJson(const json& j) {
    ConfigResult r;
    r.config.label = j.at("label").get<std::string>();
    r.config.group = j.value("group", std::string());
    if (j.contains("spec")) {
        r.config.spec = j.at("spec").get<RunSpec>();
    } else {
        // Files written by hand or by other tools: the flat fields are enough.
        r.config.spec = j.get<RunSpec>();
    }
    const auto status = runStatusFromString(j.at("status").get<std::string>());
    if (!status)
        throw std::invalid_argument("unknown status '" + j.at("status").get<std::string>() + "'");
    r.status = *status;
    r.reason = j.value("reason", std::string());
    r.elapsedSeconds = j.value("elapsed_seconds", 0.0);
    if (j.contains("repetitions")) {
        r.repetitions = j.at("repetitions").get<std::vector<RepetitionResult>>();
    } else {
        for (double s : j.at("seconds").get<std::vector<double>>()) {
            RepetitionResult rep;
            rep.wallSeconds = s;
            r.repetitions.push_back(rep);
        }
    }
    for (const auto& rep : r.repetitions)
        if (!std::isfinite(rep.wallSeconds) || rep.wallSeconds < 0)
            throw std::invalid_argument("a repetition's seconds must be a non-negative number");
    return r;
}

// CSV fields are quoted when they hold a separator, a quote or a line break.
std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos)
        return s;
    std::string q = "\"";
    for (char c : s) {
        if (c == '"')
            q += '"';
        q += c;
    }
    return q + '"';
}

std::vector<std::vector<std::string>> parseCsvRows(std::string_view text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    bool any = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        any = true;
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
            row.push_back(std::move(field));
            field.clear();
            rows.push_back(std::move(row));
            row.clear();
            any = false;
        } else {
            field += c;
        }
    }
    if (quoted)
        throw std::invalid_argument("a quoted field is not closed");
    if (any) {
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
    }
    return rows;
}

const std::vector<std::string> kCsvColumns = {"label",
                                              "group",
                                              "workload",
                                              "count",
                                              "size",
                                              "workers",
                                              "blas_threads",
                                              "chunk",
                                              "data",
                                              "init",
                                              "repeats",
                                              "warmup",
                                              "budget_seconds",
                                              "seed",
                                              "status",
                                              "reason",
                                              "elapsed_seconds",
                                              "seconds",
                                              "median_seconds",
                                              "min_seconds",
                                              "max_seconds",
                                              "cv",
                                              "gflops",
                                              "cpu_seconds",
                                              "data_seconds",
                                              "compute_seconds",
                                              "ctx_voluntary",
                                              "ctx_involuntary",
                                              "peak_rss_bytes"};

std::string num(double v) {
    return fmt::format("{}", v);
}

std::string optNum(const std::optional<double>& v) {
    return v ? num(*v) : std::string();
}

} // namespace

std::string toJson(const ResultSet& set) {
    json results = json::array();
    for (const auto& r : set.results)
        results.push_back(configToJson(r));
    json j{{"schema", kSchema}, {"kind", set.kind}, {"machine", set.machine}, {"results", results}};
    return jsonText(j, 1) + "\n";
}

Expected<ResultSet> parseJson(std::string_view text) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return Error{"the file is empty"};
    json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded())
        return Error{"the file is not valid JSON (truncated or not a ThreadMix result file)"};
    if (!j.is_object() || !j.contains("schema"))
        return Error{"the file is JSON but not a ThreadMix result file (no \"schema\" field)"};
    if (!j.at("schema").is_string() || j.at("schema").get<std::string>() != kSchema)
        return Error{fmt::format("unsupported schema {}; this version reads \"{}\"",
                                 jsonText(j.at("schema")), kSchema)};
    try {
        ResultSet set;
        set.kind = j.value("kind", std::string());
        if (j.contains("machine"))
            set.machine = j.at("machine").get<MachineInfo>();
        if (!j.contains("results") || !j.at("results").is_array())
            return Error{"the file has no \"results\" list"};
        std::size_t i = 0;
        for (const auto& r : j.at("results")) {
            try {
                set.results.push_back(configFromJson(r));
            } catch (const std::exception& e) {
                return Error{fmt::format("result {} is malformed: {}", i + 1, e.what())};
            }
            ++i;
        }
        return set;
    } catch (const std::exception& e) {
        return Error{std::string("the file is malformed: ") + e.what()};
    }
}

std::string toCsv(const ResultSet& set) {
    std::string out;
    for (std::size_t i = 0; i < kCsvColumns.size(); ++i)
        out += (i ? "," : "") + kCsvColumns[i];
    out += '\n';
    for (const auto& r : set.results) {
        const auto& s = r.config.spec;
        const auto sum = r.seconds();
        std::string secs;
        for (double v : r.wallSeconds())
            secs += (secs.empty() ? "" : ";") + num(v);
        const bool m = sum.n > 0;
        std::vector<std::string> f = {r.config.label,
                                      r.config.group,
                                      std::string(toString(s.workload)),
                                      std::to_string(s.count),
                                      std::to_string(s.size),
                                      std::to_string(s.workers),
                                      std::to_string(s.blasThreads),
                                      std::to_string(s.chunk),
                                      std::string(toString(s.data)),
                                      std::string(toString(s.init)),
                                      std::to_string(s.repeats),
                                      std::to_string(s.warmup),
                                      num(s.budgetSeconds),
                                      std::to_string(s.seed),
                                      std::string(toString(r.status)),
                                      r.reason,
                                      num(r.elapsedSeconds),
                                      secs,
                                      optNum(r.medianSeconds()),
                                      m ? num(sum.min) : "",
                                      m ? num(sum.max) : "",
                                      m ? num(sum.cv) : "",
                                      optNum(r.gflops()),
                                      m ? num(r.medianOf(&RepetitionResult::cpuSeconds)) : "",
                                      m ? num(r.medianOf(&RepetitionResult::dataSeconds)) : "",
                                      m ? num(r.medianOf(&RepetitionResult::computeSeconds)) : "",
                                      m ? num(r.medianOf(&RepetitionResult::ctxVoluntary)) : "",
                                      m ? num(r.medianOf(&RepetitionResult::ctxInvoluntary)) : "",
                                      m ? std::to_string(r.peakRssBytes()) : ""};
        for (std::size_t i = 0; i < f.size(); ++i)
            out += (i ? "," : "") + csvField(f[i]);
        out += '\n';
    }
    return out;
}

Expected<ResultSet> parseCsv(std::string_view text) {
    std::vector<std::vector<std::string>> rows;
    try {
        rows = parseCsvRows(text);
    } catch (const std::exception& e) {
        return Error{std::string("the CSV file is malformed: ") + e.what()};
    }
    if (rows.empty() || rows[0] != kCsvColumns)
        return Error{"the CSV file does not have ThreadMix's header line"};
    ResultSet set;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const auto& f = rows[i];
        if (f.size() == 1 && f[0].empty())
            continue;
        if (f.size() != kCsvColumns.size())
            return Error{fmt::format("CSV line {} has {} fields; expected {}", i + 1, f.size(),
                                     kCsvColumns.size())};
        try {
            ConfigResult r;
            r.config.label = f[0];
            r.config.group = f[1];
            json spec{{"workload", f[2]},
                      {"count", std::stoll(f[3])},
                      {"size", std::stoll(f[4])},
                      {"workers", std::stoi(f[5])},
                      {"blas_threads", std::stoi(f[6])},
                      {"chunk", std::stoll(f[7])},
                      {"data", f[8]},
                      {"init", f[9]},
                      {"repeats", std::stoi(f[10])},
                      {"warmup", std::stoi(f[11])},
                      {"budget_seconds", std::stod(f[12])},
                      {"seed", std::stoull(f[13])}};
            r.config.spec = spec.get<RunSpec>();
            const auto status = runStatusFromString(f[14]);
            if (!status)
                throw std::invalid_argument("unknown status '" + f[14] + "'");
            r.status = *status;
            r.reason = f[15];
            r.elapsedSeconds = std::stod(f[16]);
            std::istringstream secs(f[17]);
            std::string one;
            while (std::getline(secs, one, ';')) {
                RepetitionResult rep;
                rep.wallSeconds = std::stod(one);
                rep.cpuSeconds = f[23].empty() ? 0 : std::stod(f[23]);
                rep.dataSeconds = f[24].empty() ? 0 : std::stod(f[24]);
                rep.computeSeconds = f[25].empty() ? 0 : std::stod(f[25]);
                rep.ctxVoluntary = f[26].empty() ? 0 : std::llround(std::stod(f[26]));
                rep.ctxInvoluntary = f[27].empty() ? 0 : std::llround(std::stod(f[27]));
                rep.peakRssBytes = f[28].empty() ? 0 : std::stoll(f[28]);
                r.repetitions.push_back(rep);
            }
            set.results.push_back(std::move(r));
        } catch (const std::exception& e) {
            return Error{fmt::format("CSV line {} is malformed: {}", i + 1, e.what())};
        }
    }
    return set;
}

std::string toMarkdown(const ResultSet& set) {
    std::string out = fmt::format("# ThreadMix {}\n\n", set.kind);
    out += fmt::format("Machine: {}; {}\n\n", machineLine(set.machine), set.machine.date);
    out += ResultTable(set.results).markdown();
    out += "\nTimes are the median of the counted repetitions (each in a fresh process, after "
           "warm-up); spread is min..max and the coefficient of variation.\n";
    return out;
}

Expected<ResultSet> loadResultFile(const std::string& path) {
    auto content = readWholeFile(path, std::size_t(512) << 20);
    if (!content)
        return Error{content.error()};
    const auto& text = content.value();
    const auto first = text.find_first_not_of(" \t\r\n");
    auto parsed = (first != std::string::npos && text[first] == '{') || first == std::string::npos
                      ? parseJson(text)
                      : parseCsv(text);
    if (!parsed)
        return Error{path + ": " + parsed.error()};
    return parsed;
}

} // namespace threadmix
