// The CSV result file: one row per configuration, its columns from one table.
#include "core/formats/resultfile.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/results/libraries.h"

namespace threadmix {
namespace {

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

std::string num(double v) {
    return fmt::format("{}", v);
}

// Medians over the repetitions, empty when none was measured.
std::string median(const ConfigResult& r, double RepetitionResult::*field) {
    return r.repetitions.empty() ? std::string() : num(r.medianOf(field));
}
std::string median(const ConfigResult& r, std::int64_t RepetitionResult::*field) {
    return r.repetitions.empty() ? std::string() : num(r.medianOf(field));
}

// What a column's field sets when read back: the spec (as JSON text, converted once per row),
// or the record.
struct Row {
    nlohmann::json spec;
    ConfigResult result;
    std::vector<double> seconds;
};

struct Column {
    const char* name;
    std::function<std::string(const ConfigResult&)> write;
    std::function<void(Row&, const std::string&)> read; // empty: derived, not read back
    bool optional = false; // added later: files written before it lack it
};

// A per-repetition figure: written as the median, read back into every repetition.
template <typename T> Column perRepetition(const char* name, T RepetitionResult::*field) {
    return {name, [field](const ConfigResult& r) { return median(r, field); },
            [field](Row& row, const std::string& v) {
                if (v.empty())
                    return;
                for (auto& rep : row.result.repetitions)
                    rep.*field = T(std::is_integral_v<T> ? double(std::llround(std::stod(v)))
                                                         : std::stod(v));
            }};
}

template <typename T> Column specField(const char* name, T RunSpec::*field) {
    return {name,
            [field](const ConfigResult& r) {
                if constexpr (std::is_floating_point_v<T>)
                    return num(r.config.spec.*field);
                else
                    return std::to_string(r.config.spec.*field);
            },
            [name](Row& row, const std::string& v) {
                if constexpr (std::is_floating_point_v<T>)
                    row.spec[name] = std::stod(v);
                else if constexpr (std::is_unsigned_v<T>)
                    row.spec[name] = std::stoull(v);
                else
                    row.spec[name] = std::stoll(v);
            }};
}

template <typename E> Column specName(const char* name, E RunSpec::*field) {
    return {name,
            [field](const ConfigResult& r) { return std::string(toString(r.config.spec.*field)); },
            [name](Row& row, const std::string& v) { row.spec[name] = v; }};
}

// What was run: the configuration's label, group and spec.
std::vector<Column> configColumns() {
    return {
        {"label", [](const ConfigResult& r) { return r.config.label; },
         [](Row& row, const std::string& v) { row.result.config.label = v; }},
        // The group's name as shown; a reader derives the key (groupKeyFromFile).
        {"group", [](const ConfigResult& r) { return groupText(r.config.group); },
         [](Row& row, const std::string& v) { row.result.config.group.name = v; }},
        specName("workload", &RunSpec::workload),
        specField("count", &RunSpec::count),
        specField("size", &RunSpec::size),
        specField("workers", &RunSpec::workers),
        specField("blas_threads", &RunSpec::blasThreads),
        specField("chunk", &RunSpec::chunk),
        specName("data", &RunSpec::data),
        specName("init", &RunSpec::init),
        specField("repeats", &RunSpec::repeats),
        specField("warmup", &RunSpec::warmup),
        specField("budget_seconds", &RunSpec::budgetSeconds),
        specField("seed", &RunSpec::seed),
        {"blas_library",
         [](const ConfigResult& r) { return std::string(toString(r.config.spec.blasLibrary)); },
         [](Row& row, const std::string& v) { row.spec["blas_library"] = v; }, true},
        {"thread_control",
         [](const ConfigResult& r) { return std::string(toString(r.config.spec.threadControl)); },
         [](Row& row, const std::string& v) { row.spec["thread_control"] = v; }, true},
        {"kernel",
         [](const ConfigResult& r) {
             // The kernel that ran (the children report it), else the one asked for.
             for (const auto& rep : r.repetitions)
                 if (!rep.blasKernel.empty())
                     return rep.blasKernel;
             return r.config.spec.kernel;
         },
         [](Row& row, const std::string& v) { row.spec["kernel"] = v; }, true},
    };
}

// How it ended, and every repetition's seconds (what a reader rebuilds the result from).
std::vector<Column> outcomeColumns() {
    return {
        {"status", [](const ConfigResult& r) { return std::string(toString(r.status)); },
         [](Row& row, const std::string& v) {
             const auto status = runStatusFromString(v);
             if (!status)
                 throw std::invalid_argument("unknown status '" + v + "'");
             row.result.status = *status;
         }},
        {"reason", [](const ConfigResult& r) { return r.reason; },
         [](Row& row, const std::string& v) { row.result.reason = v; }},
        {"elapsed_seconds", [](const ConfigResult& r) { return num(r.elapsedSeconds); },
         [](Row& row, const std::string& v) { row.result.elapsedSeconds = std::stod(v); }},
        {"seconds",
         [](const ConfigResult& r) {
             std::string out;
             for (double v : r.wallSeconds())
                 out += (out.empty() ? "" : ";") + num(v);
             return out;
         },
         [](Row& row, const std::string& v) {
             std::istringstream in(v);
             std::string one;
             while (std::getline(in, one, ';')) {
                 RepetitionResult rep;
                 rep.wallSeconds = std::stod(one);
                 if (!std::isfinite(rep.wallSeconds) || rep.wallSeconds < 0)
                     throw std::invalid_argument("a repetition's seconds must be a non-negative "
                                                 "number");
                 row.result.repetitions.push_back(rep);
             }
         }},
    };
}

// Figures derived from the seconds: written for the reader of the file, never read back.
std::vector<Column> summaryColumns() {
    return {
        {"median_seconds",
         [](const ConfigResult& r) {
             const auto m = r.medianSeconds();
             return m ? num(*m) : std::string();
         },
         {}},
        {"min_seconds",
         [](const ConfigResult& r) { return r.repetitions.empty() ? "" : num(r.seconds().min); },
         {}},
        {"max_seconds",
         [](const ConfigResult& r) { return r.repetitions.empty() ? "" : num(r.seconds().max); },
         {}},
        {"cv",
         [](const ConfigResult& r) { return r.repetitions.empty() ? "" : num(r.seconds().cv); },
         {}},
        {"gflops",
         [](const ConfigResult& r) {
             const auto g = r.gflops();
             return g ? num(*g) : std::string();
         },
         {}},
    };
}

// Per-repetition measurements beyond the seconds.
std::vector<Column> measurementColumns() {
    return {
        perRepetition("cpu_seconds", &RepetitionResult::cpuSeconds),
        perRepetition("data_seconds", &RepetitionResult::dataSeconds),
        perRepetition("compute_seconds", &RepetitionResult::computeSeconds),
        perRepetition("ctx_voluntary", &RepetitionResult::ctxVoluntary),
        perRepetition("ctx_involuntary", &RepetitionResult::ctxInvoluntary),
        {"peak_rss_bytes",
         [](const ConfigResult& r) {
             return r.repetitions.empty() ? std::string() : std::to_string(r.peakRssBytes());
         },
         [](Row& row, const std::string& v) {
             if (!v.empty())
                 for (auto& rep : row.result.repetitions)
                     rep.peakRssBytes = std::stoll(v);
         }},
    };
}

const std::vector<Column>& columns() {
    static const std::vector<Column> all = [] {
        std::vector<Column> out;
        for (auto part : {configColumns, outcomeColumns, summaryColumns, measurementColumns})
            for (auto& c : part())
                out.push_back(std::move(c));
        return out;
    }();
    return all;
}

} // namespace

std::string toCsv(const ResultSet& set) {
    std::string out;
    for (const auto& c : columns())
        out += (out.empty() ? "" : ",") + std::string(c.name);
    out += '\n';
    for (const auto& r : set.results) {
        std::string line;
        for (std::size_t i = 0; i < columns().size(); ++i)
            line += (i ? "," : "") + csvField(columns()[i].write(r));
        out += line + '\n';
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
    // The header names the columns: every one ThreadMix writes, or (older files) all but the
    // optional ones, in any order.
    const auto& all = columns();
    std::vector<const Column*> cols;
    bool header = !rows.empty();
    if (header)
        for (const auto& name : rows[0]) {
            const auto it = std::find_if(all.begin(), all.end(),
                                         [&](const Column& c) { return name == c.name; });
            if (it == all.end() || std::find(cols.begin(), cols.end(), &*it) != cols.end()) {
                header = false;
                break;
            }
            cols.push_back(&*it);
        }
    for (const auto& c : all)
        header = header && (c.optional || std::find(cols.begin(), cols.end(), &c) != cols.end());
    if (!header)
        return Error{"the CSV file does not have ThreadMix's header line"};
    ResultSet set;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const auto& f = rows[i];
        if (f.size() == 1 && f[0].empty())
            continue;
        if (f.size() != cols.size())
            return Error{fmt::format("CSV line {} has {} fields; expected {}", i + 1, f.size(),
                                     cols.size())};
        try {
            Row row;
            row.spec = nlohmann::json::object();
            // "seconds" makes the repetitions that the per-repetition columns then fill in.
            for (std::size_t k = 0; k < cols.size(); ++k)
                if (cols[k]->read && std::string_view(cols[k]->name) == "seconds")
                    cols[k]->read(row, f[k]);
            for (std::size_t k = 0; k < cols.size(); ++k)
                if (cols[k]->read && std::string_view(cols[k]->name) != "seconds")
                    cols[k]->read(row, f[k]);
            row.result.config.spec = row.spec.get<RunSpec>();
            set.results.push_back(std::move(row.result));
        } catch (const std::exception& e) {
            return Error{fmt::format("CSV line {} is malformed: {}", i + 1, e.what())};
        }
    }
    // CSV files carry no plan kind: each group is the name it was written under.
    for (auto& r : set.results)
        r.config.group = groupKeyFromFile(set, r.config.spec, r.config.group.name);
    return set;
}

} // namespace threadmix
