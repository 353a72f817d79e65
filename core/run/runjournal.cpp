// JSON Lines journal: header {schema, pid, plan, machine}, then {index, result} lines, then
// {complete: true}.
#include "core/run/runjournal.h"

#include "core/base/nametable.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/base/jsontext.h"

#include "core/base/atomicfile.h"
#include "core/formats/resultfile.h"
#include "core/measure/repetition.h"

namespace threadmix {
namespace {

using nlohmann::json;
constexpr const char* kJournalSchema = "threadmix-journal/1";

json planToJson(const Plan& plan) {
    json configs = json::array();
    for (const auto& c : plan.configs)
        configs.push_back({{"label", c.label},
                           {"group", groupText(c.group)},
                           {"group_key", c.group},
                           {"spec", c.spec}});
    json j{{"kind", toString(plan.kind)},
           {"configs", configs},
           {"min_derived_budget", plan.minDerivedBudget}};
    if (plan.budgetFactorFromFirst)
        j["budget_factor_from_first"] = *plan.budgetFactorFromFirst;
    return j;
}

Plan planFromJson(const json& j) {
    Plan p;
    const auto kind = planKindFromString(j.at("kind").get<std::string>());
    if (!kind)
        throw std::invalid_argument("unknown plan kind " + j.at("kind").dump());
    p.kind = *kind;
    std::vector<BlasLibrary> libraries;
    for (const auto& c : j.at("configs")) {
        p.configs.push_back(
            Configuration{c.at("label").get<std::string>(), {}, c.at("spec").get<RunSpec>()});
        const auto lib = p.configs.back().spec.blasLibrary;
        if (std::find(libraries.begin(), libraries.end(), lib) == libraries.end())
            libraries.push_back(lib);
    }
    // Journals written before group keys: the plan's own rule gives the same keys.
    for (std::size_t i = 0; i < p.configs.size(); ++i) {
        const auto& c = j.at("configs")[i];
        auto& config = p.configs[i];
        config.group = c.contains("group_key")
                           ? c.at("group_key").get<GroupKey>()
                           : groupKeyOf(p.kind, config.spec, libraries.size() > 1);
    }
    p.minDerivedBudget = j.value("min_derived_budget", p.minDerivedBudget);
    if (j.contains("budget_factor_from_first"))
        p.budgetFactorFromFirst = j.at("budget_factor_from_first").get<double>();
    return p;
}

bool processAlive(int pid) {
    return pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM);
}

} // namespace

std::vector<ConfigResult> RecoveredRun::results() const {
    std::vector<ConfigResult> out;
    for (const auto& [index, r] : finished)
        out.push_back(r);
    return out;
}

Expected<RunJournal> RunJournal::create(const std::string& path, const Plan& plan,
                                        const MachineInfo& machine) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    const json header{{"schema", kJournalSchema},
                      {"pid", ::getpid()},
                      {"plan", planToJson(plan)},
                      {"machine", machine}};
    if (auto st = writeFileAtomically(path, jsonText(header) + "\n"); !st)
        return Error{"cannot start the run journal: " + st.error()};
    const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0)
        return Error{"cannot open the run journal " + path + ": " + std::strerror(errno)};
    return RunJournal(path, fd);
}

Expected<RunJournal> RunJournal::reopen(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0)
        return Error{"cannot open the run journal " + path + ": " + std::strerror(errno)};
    return RunJournal(path, fd);
}

namespace {
constexpr NameTable<RunEnd, 4> kRunEndNames{{{RunEnd::Finished, "finished"},
                                             {RunEnd::Cancelled, "cancelled"},
                                             {RunEnd::Interrupted, "interrupted"},
                                             {RunEnd::Failed, "failed"}}};
} // namespace

std::string_view toString(RunEnd e) {
    return nameOf(kRunEndNames, e, "failed");
}

Status RunJournal::end(RunEnd why) {
    const bool keep = why == RunEnd::Interrupted || why == RunEnd::Failed;
    Status written = writeLine(jsonText(keep ? json{{"ended", toString(why)}}
                                             : json{{"complete", true}, {"ended", toString(why)}}) +
                               "\n");
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    if (!keep)
        discardJournal(m_path);
    return written;
}

void discardJournal(const std::string& path) {
    ::unlink(path.c_str());
    ::unlink((path + ".announced").c_str());
}

RunJournal::RunJournal(RunJournal&& o) noexcept : m_path(std::move(o.m_path)), m_fd(o.m_fd) {
    o.m_fd = -1;
}

RunJournal& RunJournal::operator=(RunJournal&& o) noexcept {
    if (this != &o) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_path = std::move(o.m_path);
        m_fd = o.m_fd;
        o.m_fd = -1;
    }
    return *this;
}

RunJournal::~RunJournal() {
    if (m_fd >= 0)
        ::close(m_fd);
}

Status RunJournal::writeLine(const std::string& line) {
    if (m_fd < 0)
        return Error{"the run journal is closed"};
    // O_APPEND and one write: a line is either all there or torn at the very end.
    const ssize_t n = ::write(m_fd, line.data(), line.size());
    if (n != ssize_t(line.size()))
        return Error{"cannot write the run journal " + m_path + ": " +
                     (n < 0 ? std::strerror(errno) : "short write")};
    if (::fdatasync(m_fd) != 0)
        return Error{"cannot flush the run journal " + m_path + ": " + std::strerror(errno)};
    return success();
}

Status RunJournal::append(std::size_t index, const ConfigResult& result) {
    // The same record as a result file's entry.
    return writeLine(jsonText(json{{"index", index}, {"result", result}}) + "\n");
}

Expected<RecoveredRun> readJournal(const std::string& path) {
    auto text = readWholeFile(path, std::size_t(1) << 30);
    if (!text)
        return Error{text.error()};
    return parseJournal(text.value(), path);
}

Expected<RecoveredRun> parseJournal(const std::string& content, const std::string& path) {
    std::istringstream in(content);
    std::string line;
    RecoveredRun run;
    run.path = path;
    if (!std::getline(in, line))
        return Error{path + " is empty; it is not a ThreadMix run journal"};
    const auto header = json::parse(line, nullptr, false);
    if (header.is_discarded() || !header.is_object() ||
        header.value("schema", "") != kJournalSchema)
        return Error{path + " is not a ThreadMix run journal"};
    try {
        run.plan = planFromJson(header.at("plan"));
        run.machine = header.at("machine").get<MachineInfo>();
        run.ownerPid = header.value("pid", 0);
    } catch (const std::exception& e) {
        return Error{path + ": the journal's plan is malformed: " + e.what()};
    }
    // Each result line stands alone.
    std::vector<std::string> lines;
    while (std::getline(in, line))
        lines.push_back(line);
    const bool lastLineEnded = !content.empty() && content.back() == '\n';
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto j = json::parse(lines[i], nullptr, false);
        const bool last = i + 1 == lines.size();
        if (j.is_discarded() || !j.is_object()) {
            if (last && !lastLineEnded)
                break; // torn by a kill during the write: that configuration is re-run
            return Error{fmt::format("{}: line {} of the journal is damaged", path, i + 2)};
        }
        if (j.contains("ended") || j.value("complete", false)) {
            run.complete = j.value("complete", false);
            if (j.contains("ended") && j["ended"].is_string())
                run.ended = valueOf(kRunEndNames, j["ended"].get<std::string>());
            continue;
        }
        try {
            const auto index = j.at("index").get<std::size_t>();
            if (index >= run.plan.configs.size())
                return Error{fmt::format("{}: line {} names configuration {} of {}", path, i + 2,
                                         index + 1, run.plan.configs.size())};
            // The first record wins. Its group is its configuration's (records written before
            // group keys name theirs only).
            auto result = j.at("result").get<ConfigResult>();
            result.config.group = run.plan.configs[index].group;
            run.finished.emplace(index, std::move(result));
        } catch (const std::exception& e) {
            return Error{fmt::format("{}: line {} is malformed: {}", path, i + 2, e.what())};
        }
    }
    return run;
}

std::string journalDirectory() {
    if (const char* x = std::getenv("XDG_STATE_HOME"); x && *x)
        return std::string(x) + "/threadmix";
    if (const char* h = std::getenv("HOME"); h && *h)
        return std::string(h) + "/.local/state/threadmix";
    return "/tmp/threadmix-state";
}

std::string newJournalPath() {
    return fmt::format("{}/run-{}-{}.journal", journalDirectory(), ::getpid(),
                       std::int64_t(monotonicSeconds() * 1000));
}

std::vector<std::string> orphanedJournals() {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(journalDirectory(), ec)) {
        if (e.path().extension() != ".journal")
            continue;
        auto run = readJournal(e.path().string());
        if (run && !run->complete && !processAlive(run->ownerPid))
            out.push_back(e.path().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

namespace {
// The subcommand that continues a plan of each kind.
constexpr NameTable<PlanKind, 6> kSubcommands{{{PlanKind::Run, "run"},
                                               {PlanKind::Combine, "study"},
                                               {PlanKind::Pitfalls, "study"},
                                               {PlanKind::Sweep, "sweep"},
                                               {PlanKind::Sizes, "sizes"},
                                               {PlanKind::Processes, "study"}}};
std::string_view subcommandOf(PlanKind k) {
    return nameOf(kSubcommands, k, "sweep");
}
} // namespace

std::string orphanNotice(const std::string& path) {
    const auto run = readJournal(path);
    const std::string_view sub = run ? subcommandOf(run->plan.kind) : "sweep";
    std::string how = "ended when its process died";
    if (run && run->ended == RunEnd::Interrupted)
        how = "was stopped";
    else if (run && run->ended == RunEnd::Failed)
        how = "could not write its result files";
    return fmt::format("threadmix: a {} {} and left {} ({} of {} configurations measured); "
                       "continue it with: threadmix {} --resume {} (or delete that file to "
                       "discard it). Said once.",
                       run ? describe(run->plan.kind) : "run", how, path,
                       run ? run->finished.size() : 0, run ? run->plan.configs.size() : 0, sub,
                       path);
}

std::vector<std::string> unannouncedOrphans() {
    std::vector<std::string> out;
    for (auto& path : orphanedJournals())
        if (!std::filesystem::exists(path + ".announced"))
            out.push_back(std::move(path));
    return out;
}

void markAnnounced(const std::string& path) {
    std::ofstream(path + ".announced").put('\n');
}

} // namespace threadmix
