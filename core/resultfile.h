// Result files: JSON (schema threadmix/1, full detail), CSV (one row per configuration),
// Markdown (the comparison table). See docs/result-schema.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/configresult.h"
#include "core/expected.h"
#include "core/machineinfo.h"

namespace threadmix {

inline constexpr const char* kSchema = "threadmix/1";

struct ResultSet {
    std::string kind; // the plan: "run", "study:combine", "study:pitfalls", "sweep"
    MachineInfo machine;
    std::vector<ConfigResult> results;
};

std::string toJson(const ResultSet& set);
// Every malformed input (truncated, wrong schema, wrong types) is an Error, never a throw.
Expected<ResultSet> parseJson(std::string_view text);

std::string toCsv(const ResultSet& set);
Expected<ResultSet> parseCsv(std::string_view text);

std::string toMarkdown(const ResultSet& set);

// Loads a .json or .csv result file (by content: JSON starts with '{').
Expected<ResultSet> loadResultFile(const std::string& path);

} // namespace threadmix
