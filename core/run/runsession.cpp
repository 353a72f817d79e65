// The run session: the one place that journals a run and keeps its result files up to date.
#include "core/run/runsession.h"

#include "core/base/atomicfile.h"
#include "core/base/clock.h"

#include <algorithm>

namespace threadmix {

Status writeOutputs(const OutputFiles& f, const ResultSet& set) {
    if (!f.json.empty())
        if (auto st = writeFileAtomically(f.json, toJson(set)); !st)
            return st;
    if (!f.csv.empty())
        if (auto st = writeFileAtomically(f.csv, toCsv(set)); !st)
            return st;
    if (!f.markdown.empty())
        if (auto st = writeFileAtomically(f.markdown, toMarkdown(set)); !st)
            return st;
    return success();
}

RunSession::RunSession(Plan plan, MachineInfo machine, OutputFiles files)
    : m_plan(std::move(plan)), m_files(std::move(files)) {
    m_set.kind = m_plan.kind;
    m_set.results.reserve(m_plan.configs.size());
    m_set.machine = std::move(machine);
}

RunSession RunSession::start(Plan plan, MachineInfo machine, OutputFiles files,
                             const std::string& journalPath) {
    RunSession s(std::move(plan), std::move(machine), std::move(files));
    auto opened = RunJournal::create(journalPath.empty() ? newJournalPath() : journalPath, s.m_plan,
                                     s.m_set.machine);
    if (opened)
        s.m_journal.emplace(std::move(opened.value()));
    else
        s.m_journalProblem = opened.error();
    return s;
}

RunSession RunSession::resume(const RecoveredRun& run, OutputFiles files) {
    // A resume continues the same run: its results keep the machine recorded when it began.
    RunSession s(run.plan, run.machine, std::move(files));
    s.m_resumed = run.finished;
    auto opened = RunJournal::reopen(run.path);
    if (opened)
        s.m_journal.emplace(std::move(opened.value()));
    else
        s.m_journalProblem = opened.error();
    return s;
}

std::vector<ConfigResult> RunSession::run(const Engine& engine, std::stop_token stop) {
    return engine.run(m_plan, this, stop, m_resumed.empty() ? nullptr : &m_resumed);
}

RunEnd RunSession::end(bool stopped, RunEnd whyStopped) {
    if (m_filesBehind)
        writeFiles();
    RunEnd why = stopped ? whyStopped : RunEnd::Finished;
    if (!m_writeError.empty())
        why = RunEnd::Failed;
    if (m_journal) {
        if (auto st = m_journal->end(why); !st && m_writeError.empty())
            m_writeError = st.error();
        m_journal.reset();
    }
    return why;
}

void RunSession::writeFiles() {
    const double started = monotonicSeconds();
    m_filesBehind = false;
    if (auto st = writeOutputs(m_files, m_set); !st && m_writeError.empty())
        m_writeError = st.error();
    m_lastWrite = monotonicSeconds();
    // Big files wait longer: rewriting them takes at most a tenth of the run's time.
    m_nextWriteAfter = std::max(kFileRefreshSeconds, 9 * (m_lastWrite - started));
}

void RunSession::planStarted(const Plan& p) {
    if (m_next)
        m_next->planStarted(p);
}

void RunSession::configStarted(std::size_t i, const Configuration& c) {
    if (m_next)
        m_next->configStarted(i, c);
}

void RunSession::repetitionFinished(std::size_t i, int rep, bool warmup,
                                    const RepetitionOutcome& o) {
    if (m_next)
        m_next->repetitionFinished(i, rep, warmup, o);
}

void RunSession::configFinished(std::size_t i, const ConfigResult& r) {
    m_set.results.push_back(r);
    // A cancelled configuration is measured again when the run is resumed.
    if (m_journal && r.status != RunStatus::Cancelled && !m_resumed.count(i))
        if (auto st = m_journal->append(i, r); !st && m_writeError.empty())
            m_writeError = st.error();
    if (m_files.any()) {
        m_filesBehind = true;
        if (monotonicSeconds() - m_lastWrite >= m_nextWriteAfter)
            writeFiles();
    }
    if (m_next)
        m_next->configFinished(i, r);
}

} // namespace threadmix
