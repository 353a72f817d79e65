// Helpers shared by the tests: tiny specs, child-process bookkeeping, running the CLI.
#pragma once

#include <string>
#include <vector>

#include "core/results/configresult.h"
#include "core/spec/spec.h"
#include "tests/tinyspec.h"

namespace threadmix::test {

// Processes whose parent is this process (zombies included).
std::vector<int> childrenOfThisProcess();

struct CliResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};
// Runs the threadmix executable with `args`, at most `timeoutSeconds`.
CliResult runThreadmix(const std::vector<std::string>& args, double timeoutSeconds = 120,
                       const std::vector<std::string>& env = {});

// A result with the given repetition times, for tests of what is computed from results.
ConfigResult measuredResult(const std::string& label, const std::vector<double>& seconds,
                            int workers = 1, int blasThreads = 1, std::int64_t size = 500,
                            RunStatus status = RunStatus::Ok);

// Processes on the machine whose command line contains `needle` (e.g. a unique seed).
std::vector<int> processesMentioning(const std::string& needle);

// A fresh empty folder under the build's temporary area.
std::string scratchDir(const std::string& name);

} // namespace threadmix::test
