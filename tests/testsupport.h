// Helpers shared by the tests: tiny specs, child-process bookkeeping, running the CLI.
#pragma once

#include "core/base/clock.h"

#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/results/configresult.h"
#include "core/run/isolatedrunner.h"
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

// A file of /proc, read with plain read(2): the process may end while it is read (libstdc++'s
// streams throw on that error); a vanished process reads as "".
std::string procFile(const std::string& path);

// A deadline far enough not to matter: two minutes from now.
double farDeadline();

// A fresh empty folder under the build's temporary area.
std::string scratchDir(const std::string& name);

// ---- The test worker (tests/testworker.cpp): faults and held runs, none of it in the product

// Its path, for IsolatedRunner(program).
std::string testWorker();
// The environment that makes every measuring child of the test worker commit `fault`: crash,
// abort, hang or wrong-result.
std::vector<std::string> faultEnvironment(const std::string& fault);
// A runner of the test worker whose children commit `fault` (for a process pool: in the
// worker process that runs task 0).
IsolatedRunner faultyRunner(const std::string& fault);

// Children of the test worker for the `from`-th configuration (from 0: the `from`-th distinct
// spec started) and later ones wait until release() or until cancelled: a run that is still
// going by construction. Hand env() to the
// children (IsolatedRunner::setExtraEnvironment, runThreadmix), or setProcessEnvironment() for
// a window in this process.
class Hold {
public:
    Hold(const std::string& name, int from);
    std::vector<std::string> env() const;
    void setProcessEnvironment() const;
    static void clearProcessEnvironment();
    void release() const;
    // Measuring children started so far, and the configurations (distinct specs) they ran.
    int started() const;
    int configurationsStarted() const;

private:
    std::string m_dir;
    int m_from;
};

// A folder of the build tree where a link of `program` (the threadmix executable, or a test
// executable) sits beside the test worker named threadmix-worker and the real OpenBLAS worker:
// `program` run from there finds the test worker as its own (beside /proc/self/exe). Returns
// the path of the link. `more`: other files linked there too, as (file, name in the folder).
std::string besideTestWorker(const std::string& name, const std::string& program,
                             const std::vector<std::pair<std::string, std::string>>& more = {});
// runThreadmix with the threadmix executable of such a folder.
CliResult runThreadmixWithTestWorker(const std::vector<std::string>& args,
                                     double timeoutSeconds = 120,
                                     const std::vector<std::string>& env = {});

// A process as /proc/PID/stat shows it: the tests that check no process outlives a run.
struct ProcStat {
    int pid = 0;
    std::string comm;
    char state = 0;
    int ppid = 0;
    int pgrp = 0;
    unsigned long long startTime = 0; // field 22: with the pid, names one process
};
std::optional<ProcStat> procStat(int pid);
std::vector<ProcStat> processTable();
// Not a zombie, not dead.
bool live(const ProcStat& p);
// Still the same process (not a reused pid), and live.
bool stillAlive(const ProcStat& p);

// Polls until `done` holds, at most `seconds` (a bound, never a wait for a run to go on).
template <typename F> bool waitUntil(F done, double seconds = 60) {
    const double end = monotonicSeconds() + seconds;
    while (!done()) {
        if (monotonicSeconds() > end)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

} // namespace threadmix::test
