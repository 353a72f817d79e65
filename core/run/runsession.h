// One run of a plan as every front end drives it: journal, result files and resume set.
#pragma once

#include <map>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "core/formats/resultfile.h"
#include "core/run/engine.h"
#include "core/run/runjournal.h"

namespace threadmix {

struct OutputFiles {
    std::string json;
    std::string csv;
    std::string markdown;
    bool any() const { return !json.empty() || !csv.empty() || !markdown.empty(); }
};

// Writes every requested file atomically; returns the first error.
Status writeOutputs(const OutputFiles& files, const ResultSet& set);

// The headless command line and the window's engine controller both run plans through this:
// after every finished configuration the journal gets one line (a configuration already in a
// resumed journal is not appended again; a cancelled one is not appended, so a resume measures
// it again) and the result files are rewritten (at most once a second; see kFileRefreshSeconds),
// so a run killed at any moment keeps what finished. It owns the run's end too: end() decides
// what becomes of the journal, for every front end. Its EngineObserver callbacks come from the engine's thread and are passed on to
// `next` after the journal and files are written.
class RunSession : public EngineObserver {
public:
    // A new run, journalled at `journalPath` (empty: a new file in journalDirectory()).
    static RunSession start(Plan plan, MachineInfo machine, OutputFiles files = {},
                            const std::string& journalPath = {});
    // Continues a journal's run: its finished configurations are kept, not measured again.
    static RunSession resume(const RecoveredRun& run, OutputFiles files = {});

    RunSession(RunSession&&) = default;
    RunSession& operator=(RunSession&&) = default;

    void setNext(EngineObserver* next) { m_next = next; }
    // Runs the plan; returns what ended, in plan order (cancelled configurations included).
    std::vector<ConfigResult> run(const Engine& engine, std::stop_token stop);
    // Ends the run after run() returned: writes the result files a last time and ends the
    // journal for `why` (see RunEnd; a file that could not be written makes any end Failed, so
    // the journal keeps what the files miss). `stopped` says whether the run was stopped: a
    // run that was not stopped ended Finished whatever `why`. Returns how it ended.
    RunEnd end(bool stopped, RunEnd whyStopped);

    // Result files are rewritten after a configuration when this long has passed since their
    // last write, or 9x what that write took when longer (the journal has every configuration
    // the moment it ends), and by end(): a sweep of thousands of quick cells neither rewrites
    // its files thousands of times nor spends more than a tenth of its time rewriting them.
    static constexpr double kFileRefreshSeconds = 1.0;

    const Plan& plan() const { return m_plan; }
    const std::map<std::size_t, ConfigResult>& alreadyMeasured() const { return m_resumed; }
    // Every configuration that ended so far, in the order they ended.
    const ResultSet& results() const { return m_set; }
    // Why the run goes on without a journal (it could not be created or reopened), or "".
    const std::string& journalProblem() const { return m_journalProblem; }
    // The first error writing the journal or a result file, or "".
    const std::string& writeError() const { return m_writeError; }
    // The journal's path ("" without one).
    std::string journalPath() const { return m_journal ? m_journal->path() : std::string(); }

    void planStarted(const Plan& p) override;
    void configStarted(std::size_t i, const Configuration& c) override;
    void repetitionFinished(std::size_t i, int rep, bool warmup,
                            const RepetitionOutcome& o) override;
    void configFinished(std::size_t i, const ConfigResult& r) override;

private:
    RunSession(Plan plan, MachineInfo machine, OutputFiles files);

    Plan m_plan;
    OutputFiles m_files;
    ResultSet m_set;
    std::optional<RunJournal> m_journal;
    std::map<std::size_t, ConfigResult> m_resumed;
    std::string m_journalProblem;
    std::string m_writeError;
    EngineObserver* m_next = nullptr;
    double m_lastWrite = -1e300; // the first configuration is written at once
    double m_nextWriteAfter = kFileRefreshSeconds;
    bool m_filesBehind = false;
    void writeFiles();
};

} // namespace threadmix
