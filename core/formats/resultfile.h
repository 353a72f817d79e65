// Result files: JSON (schema threadmix/1, full detail), CSV (one row per configuration),
// Markdown (the comparison table). See docs/result-schema.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/base/expected.h"
#include "core/machine/machineinfo.h"
#include "core/results/resultset.h"

namespace threadmix {

inline constexpr const char* kSchema = "threadmix/1";

std::string toJson(const ResultSet& set);
// Every malformed input (truncated, wrong schema, wrong types) is an Error, never a throw.
Expected<ResultSet> parseJson(std::string_view text);

std::string toCsv(const ResultSet& set);
Expected<ResultSet> parseCsv(std::string_view text);

std::string toMarkdown(const ResultSet& set);

// Loads a .json or .csv result file (by content: JSON starts with '{').
Expected<ResultSet> loadResultFile(const std::string& path);

} // namespace threadmix
