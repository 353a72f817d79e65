// One function per subcommand; each returns the exit code (0 done, 1 a file could not be
// written, 2 bad input with nothing run or written, 130 interrupted).
#pragma once

#include <string>

#include "app/options.h"
#include "core/run/runjournal.h"

namespace threadmix::app {

inline constexpr int kBadInput = 2;
// Says `message` as threadmix's and returns kBadInput.
int badInput(const std::string& message);

int runCommand(const CommonOptions& o);
int studyCommand(const CommonOptions& o);
int sweepCommand(const CommonOptions& o);
int sizesCommand(const CommonOptions& o);
// Any of the four with --resume: the plan comes from the journal.
int resumeCommand(const CommonOptions& o);
int compareCommand(const std::string& fileA, const std::string& fileB);
int infoCommand(bool calibrate);

// Validates and runs a plan headless: progress, table, files, PNG.
int measure(const Plan& plan, const CommonOptions& o, const RecoveredRun* resume = nullptr);

} // namespace threadmix::app
