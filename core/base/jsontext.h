// JSON to text that never throws on strings from outside (a loaded file's invalid UTF-8 is
// written as U+FFFD instead of aborting the save).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace threadmix {

inline std::string jsonText(const nlohmann::json& j, int indent = -1) {
    return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace threadmix
