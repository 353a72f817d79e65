// The comparison table (as in the tutorials): one row per configuration, as text or Markdown.
#pragma once

#include <string>
#include <vector>

#include "core/results/configresult.h"

namespace threadmix {

class ResultTable {
public:
    explicit ResultTable(const std::vector<ConfigResult>& results);

    const std::vector<std::string>& header() const { return m_header; }
    const std::vector<std::vector<std::string>>& rows() const { return m_rows; }

    // Aligned plain-text table with a line under the header; groups separated by a blank line.
    std::string text() const;
    std::string markdown() const;

private:
    std::vector<std::string> m_header;
    std::vector<std::vector<std::string>> m_rows;
    std::vector<GroupKey> m_groups;
    std::vector<std::string> m_notes; // reasons for rows that are not ok
};

} // namespace threadmix
