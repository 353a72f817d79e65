// The command line's way to run a plan: progress, table, and result files kept up to date.
#pragma once

#include <cstdio>
#include <optional>
#include <stop_token>
#include <string>

#include "core/base/expected.h"
#include "core/formats/resultfile.h"
#include "core/run/isolatedrunner.h"
#include "core/run/runjournal.h"
#include "core/run/runsession.h"
#include "core/spec/plan.h"

namespace threadmix {

// Refuses one output path that could not be written (missing folder, a folder named as the
// file); `option` names it in the message.
Status checkOutputPath(const std::string& option, const std::string& path);

// Refuses outputs that could not be written (missing folder, a folder named as the file),
// before anything runs.
Status checkOutputs(const OutputFiles& files);

// One-line description of a plan's measurement method, printed above tables.
std::string describeMethod(const Plan& plan);

struct HeadlessOptions {
    std::FILE* table = stdout;
    std::FILE* messages = stderr;
    bool progress = false; // the progress line (only sensible on a terminal)
    IsolatedRunner runner;
    // Journal of finished configurations (default: a new file in journalDirectory()).
    std::string journalPath;
    // Continue this journal's run: its finished configurations are not measured again.
    const RecoveredRun* resume = nullptr;
};

// Runs the plan. Files are rewritten and the journal appended after every finished
// configuration, so an interrupted or killed run keeps what finished; an interrupted run says
// how to resume it. Exit codes: 0 done, 1 a file could not be written, 130 stopped.
// `finished`, if given, receives what was measured (for charts drawn afterwards).
int runHeadless(const Plan& plan, const OutputFiles& files, const HeadlessOptions& options,
                std::stop_token stop, ResultSet* finished = nullptr);

} // namespace threadmix
