// Loading a result file of either kind, told apart by its content.
#include "core/formats/resultfile.h"

#include "core/base/atomicfile.h"

namespace threadmix {

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
