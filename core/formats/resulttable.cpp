// Formatting of the comparison table.
#include "core/formats/resulttable.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/spec/limits.h"

namespace threadmix {
namespace {

std::string seconds(double s) {
    if (s < 0.01)
        return fmt::format("{:.4f}", s);
    if (s < 10)
        return fmt::format("{:.3f}", s);
    return fmt::format("{:.2f}", s);
}

// Display width of UTF-8 text (every code point counts as one column).
std::size_t width(const std::string& s) {
    return std::size_t(
        std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

} // namespace

ResultTable::ResultTable(const std::vector<ConfigResult>& results) {
    m_header = {"#",        "Configuration", "Workers",  "BLAS",
                "Data (s)", "Median s",      "Spread s", "CV",
                "Speed-up", "GFLOP/s",       "CPU s",    "Ctx switches (vol/invol)",
                "Status"};
    const auto up = speedups(results);
    // A process pool that sends its operands: what sending cost, in a column of its own.
    const bool sending = std::any_of(results.begin(), results.end(), [](const ConfigResult& r) {
        return r.config.spec.sendsOperands();
    });
    if (sending)
        m_header.insert(m_header.end() - 1, "Sent s (MB)");
    for (std::size_t i = 0; i < results.size(); ++i) {
        const auto& r = results[i];
        const auto& s = r.config.spec;
        const auto sum = r.seconds();
        const bool measured = sum.n > 0;
        // One language for incomplete results everywhere: "timed out > 3.0 s", "skipped".
        const std::string incomplete = incompleteText(r);
        std::string status = incomplete.empty() ? std::string(toString(r.status)) : incomplete;
        if (r.status != RunStatus::Ok) {
            status += fmt::format(" [{}]", m_notes.size() + 1);
            m_notes.push_back(fmt::format("[{}] {}: {}", m_notes.size() + 1, r.config.label,
                                          r.reason.empty() ? status : r.reason));
        } else if (auto warning = r.noiseWarning()) {
            status += fmt::format(" [{}]", m_notes.size() + 1);
            m_notes.push_back(
                fmt::format("[{}] {}: {}", m_notes.size() + 1, r.config.label, *warning));
        }
        std::string rate = "-";
        if (auto g = r.gflops())
            rate = fmt::format("{:.1f}", *g);
        else if (auto b = r.gbytesPerSecond(); b && s.workload == Workload::Fill)
            rate = fmt::format("{:.1f} GB/s", *b);
        std::vector<std::string> row{
            std::to_string(i + 1),
            r.config.label,
            std::to_string(s.workers),
            std::to_string(s.blasThreads),
            measured ? fmt::format("{} {}", toString(s.data),
                                   seconds(r.medianOf(&RepetitionResult::dataSeconds)))
                     : std::string(toString(s.data)),
            measured ? seconds(sum.median) : (incomplete.empty() ? "-" : incomplete),
            measured ? seconds(sum.min) + ".." + seconds(sum.max) : "-",
            measured && sum.n > 1 ? fmt::format("{:.1f}%", sum.cv * 100) : "-",
            up[i] ? fmt::format("{:.2f}x", *up[i]) : "-",
            rate,
            measured ? seconds(r.medianOf(&RepetitionResult::cpuSeconds)) : "-",
            measured ? fmt::format("{:.0f} / {:.0f}", r.medianOf(&RepetitionResult::ctxVoluntary),
                                   r.medianOf(&RepetitionResult::ctxInvoluntary))
                     : "-",
            measured && r.status != RunStatus::Ok
                ? fmt::format("{} ({} of {} reps)", status, sum.n, s.repeats)
                : status,
        };
        if (sending) {
            const auto& rep = r.repetitions;
            const auto cell =
                !s.sendsOperands() ? std::string("-")
                : measured
                    ? fmt::format("{} ({:.0f})", seconds(r.sendingSeconds()),
                                  double(rep.front().bytesSent + rep.front().bytesReceived) / 1e6)
                    : std::string("-");
            row.insert(row.end() - 1, cell);
        }
        m_rows.push_back(std::move(row));
        m_groups.push_back(r.config.group);
    }
    // Rows of one group together (a plan over several libraries runs them interleaved); the
    // # column keeps the run order.
    std::vector<GroupKey> firstSeen;
    for (const auto& g : m_groups)
        if (std::find(firstSeen.begin(), firstSeen.end(), g) == firstSeen.end())
            firstSeen.push_back(g);
    std::vector<std::size_t> order(m_rows.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    auto rank = [&](std::size_t i) {
        return std::find(firstSeen.begin(), firstSeen.end(), m_groups[i]) - firstSeen.begin();
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return rank(a) < rank(b); });
    std::vector<std::vector<std::string>> rows;
    std::vector<GroupKey> groups;
    for (auto i : order) {
        rows.push_back(std::move(m_rows[i]));
        groups.push_back(m_groups[i]);
    }
    m_rows = std::move(rows);
    m_groups = std::move(groups);
}

std::string ResultTable::text() const {
    std::vector<std::size_t> w(m_header.size());
    for (std::size_t c = 0; c < m_header.size(); ++c) {
        w[c] = width(m_header[c]);
        for (const auto& row : m_rows)
            w[c] = std::max(w[c], width(row[c]));
    }
    auto line = [&](const std::vector<std::string>& cells) {
        std::string out;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            const auto pad = std::string(w[c] - width(cells[c]), ' ');
            const bool left = c == 1 || c == 4 || c == cells.size() - 1;
            out += left ? cells[c] + pad : pad + cells[c];
            out += c + 1 < cells.size() ? "  " : "";
        }
        while (!out.empty() && out.back() == ' ')
            out.pop_back();
        return out + "\n";
    };
    std::string out = line(m_header);
    std::size_t total = 0;
    for (auto x : w)
        total += x + 2;
    out += std::string(total - 2, '-') + "\n";
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (i > 0 && m_groups[i] != m_groups[i - 1])
            out += "\n";
        if ((i == 0 || m_groups[i] != m_groups[i - 1]) && m_groups.size() > 1 &&
            std::any_of(m_groups.begin(), m_groups.end(),
                        [&](auto& g) { return g != m_groups[0]; }))
            out += groupText(m_groups[i]) + ":\n";
        out += line(m_rows[i]);
    }
    for (const auto& n : m_notes)
        out += n + "\n";
    return out;
}

std::string ResultTable::markdown() const {
    auto escape = [](std::string s) {
        std::string out;
        for (char c : s)
            out += c == '|' ? std::string("\\|") : std::string(1, c);
        return out;
    };
    std::string out = "|";
    for (const auto& h : m_header)
        out += " " + escape(h) + " |";
    out += "\n|";
    for (std::size_t c = 0; c < m_header.size(); ++c)
        out += (c == 1 || c == 4 || c + 1 == m_header.size()) ? "---|" : "---:|";
    out += "\n";
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        out += "|";
        for (const auto& cell : m_rows[i])
            out += " " + escape(cell) + " |";
        out += "\n";
    }
    if (!m_notes.empty()) {
        out += "\n";
        for (const auto& n : m_notes)
            out += "- " + escape(n) + "\n";
    }
    return out;
}

} // namespace threadmix
