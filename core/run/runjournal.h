// The run journal: the plan, then one line per finished configuration, flushed to disk as each
// finishes, so a run killed at any moment can be restored or resumed with nothing lost.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "core/base/expected.h"
#include "core/machine/machineinfo.h"
#include "core/results/configresult.h"
#include "core/spec/plan.h"

namespace threadmix {

// Why a run ended. Finished and Cancelled runs have nothing left to offer: their journal is
// deleted. Interrupted and Failed ones keep it, with the reason as its last line, so the
// command line (`--resume`) or the window can continue it and say why it stopped.
enum class RunEnd {
    Finished,    // every configuration ran
    Cancelled,   // stopped on purpose where the results stay on screen (the window's Cancel)
    Interrupted, // stopped to be continued later (Ctrl-C, a window closing mid-run)
    Failed,      // a result file could not be written: the journal holds what the files miss
};
std::string_view toString(RunEnd e); // "finished", "cancelled", "interrupted", "failed"

class RunJournal {
public:
    // Creates `path` with the plan as its first line (atomically) and keeps it open to append.
    static Expected<RunJournal> create(const std::string& path, const Plan& plan,
                                       const MachineInfo& machine);
    // Appends to an existing journal (resuming it).
    static Expected<RunJournal> reopen(const std::string& path);
    RunJournal(RunJournal&& other) noexcept;
    RunJournal& operator=(RunJournal&& other) noexcept;
    RunJournal(const RunJournal&) = delete;
    ~RunJournal();

    // One line, written with a single write() and fsync'd before returning.
    Status append(std::size_t index, const ConfigResult& result);
    // Ends the journal for `why`: deleted (Finished, Cancelled: what it held is in the
    // results now) or kept with {"ended": why} as its last line (Interrupted, Failed).
    Status end(RunEnd why);
    const std::string& path() const { return m_path; }

private:
    RunJournal(std::string path, int fd) : m_path(std::move(path)), m_fd(fd) {}
    Status writeLine(const std::string& line);

    std::string m_path;
    int m_fd = -1;
};

struct RecoveredRun {
    std::string path;
    Plan plan;
    MachineInfo machine;
    std::map<std::size_t, ConfigResult> finished; // by configuration index, each exactly once
    bool complete = false;
    int ownerPid = 0;
    // Why it stopped, when its process said so (an "ended" line); none: the process died.
    std::optional<RunEnd> ended;
    // The finished results in plan order.
    std::vector<ConfigResult> results() const;
};

// Reads a journal; a torn last line (the process died while writing it) is ignored.
Expected<RecoveredRun> readJournal(const std::string& path);
// The same from the journal's text (`path` names it in messages).
Expected<RecoveredRun> parseJournal(const std::string& text, const std::string& path);

// Folder of journals: $XDG_STATE_HOME/threadmix (or ~/.local/state/threadmix).
std::string journalDirectory();
// A fresh journal path for this process.
std::string newJournalPath();
// Journals left by processes that died before their run ended.
std::vector<std::string> orphanedJournals();
// Deletes a journal the user chose to discard (and its notice marker).
void discardJournal(const std::string& path);
// What the command line says once about an orphaned journal: the subcommand that continues it
// ("threadmix study --resume PATH" for a study) and how to discard it. Announcing marks the
// journal (a PATH.announced file beside it), so later commands say nothing more of it; the
// window still offers to restore it.
std::string orphanNotice(const std::string& path);
std::vector<std::string> unannouncedOrphans();
void markAnnounced(const std::string& path);

} // namespace threadmix
