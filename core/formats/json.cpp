// The JSON result file (schema threadmix/1): the machine once, then every configuration's record.
#include "core/formats/resultfile.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/base/jsontext.h"
#include "core/results/libraries.h"

namespace threadmix {

using nlohmann::json;

std::string toJson(const ResultSet& set) {
    json results = json::array();
    for (const auto& r : set.results)
        results.push_back(json(r));
    json j{{"schema", kSchema},
           {"kind", set.kind ? json(toString(*set.kind)) : json(nullptr)},
           {"machine", set.machine},
           {"results", results}};
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
        if (j.contains("kind") && j.at("kind").is_string())
            set.kind = planKindFromString(j.at("kind").get<std::string>());
        if (j.contains("machine"))
            set.machine = j.at("machine").get<MachineInfo>();
        if (!j.contains("results") || !j.at("results").is_array())
            return Error{"the file has no \"results\" list"};
        std::size_t i = 0;
        std::vector<std::size_t> withoutKey;
        for (const auto& r : j.at("results")) {
            try {
                set.results.push_back(r.get<ConfigResult>());
            } catch (const std::exception& e) {
                return Error{fmt::format("result {} is malformed: {}", i + 1, e.what())};
            }
            if (!r.contains("group_key"))
                withoutKey.push_back(i);
            ++i;
        }
        // Files written before group keys: derived from each row's spec and the plan's kind.
        for (auto k : withoutKey) {
            auto& c = set.results[k].config;
            c.group = groupKeyFromFile(set, c.spec, c.group.name);
        }
        return set;
    } catch (const std::exception& e) {
        return Error{std::string("the file is malformed: ") + e.what()};
    }
}

} // namespace threadmix
