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
// it again) and the result files are rewritten, so a run killed at any moment keeps what
// finished. Its EngineObserver callbacks come from the engine's thread and are passed on to
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
    // The run ended on purpose (done, or cancelled in the window): its journal is deleted.
    void finish();

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
};

} // namespace threadmix
