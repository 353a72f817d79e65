// Runs one repetition in a fresh child process, under a deadline and a stop request.
#pragma once

#include <stop_token>
#include <string>
#include <vector>

#include "core/base/childprocess.h" // currentExecutable
#include "core/base/runstatus.h"
#include "core/measure/repetition.h"
#include "core/spec/spec.h"

namespace threadmix {

struct RepetitionOutcome {
    RunStatus status = RunStatus::Failed;
    RepetitionResult result; // valid when status is Ok
    std::string reason;      // why it is not Ok
    double seconds = 0;      // wall time the child used, whatever the outcome
};

class IsolatedRunner {
public:
    // `program`: the BLIS worker, which calls childMain() for kChildVerb. By default
    // threadmix-worker beside the running executable (the parent loads no BLAS library itself).
    // OpenBLAS runs in threadmix-worker-openblas beside it (see childProgramFor).
    explicit IsolatedRunner(std::string program = {});

    RepetitionOutcome runOnce(const RunSpec& spec, double deadline, std::stop_token stop) const;

    const std::string& program() const { return m_program; }
    // Added to every child's environment ("NAME=value").
    void setExtraEnvironment(std::vector<std::string> env) { m_env = std::move(env); }
    // Children run at this nice value (0..19), so a window that starts them stays responsive
    // while they saturate every core. On an otherwise idle machine it changes nothing they
    // measure (threadmix_bench shows the ratio); 0 leaves them as they are.
    void setNice(int nice) { m_nice = nice; }
    int nice() const { return m_nice; }

private:
    std::string m_program;
    std::vector<std::string> m_env;
    int m_nice = 0;
};

// Whether a library's Debian package is installed (its shared object is where Debian puts it).
bool libraryInstalled(BlasLibrary library);
// The worker executables, one per family: threadmix-worker (BLIS), threadmix-worker-openblas.
std::string_view workerName(BlasFamily family);
// The worker that runs `library`: `blisWorker` for BLIS; for OpenBLAS its worker beside
// `blisWorker` or beside the running executable, or "" when neither has one.
std::string childProgramFor(BlasLibrary library, const std::string& blisWorker);
// What a child's environment needs for the spec's library: the variant's folder, and for
// OpenBLAS the kernel and the process-wide thread count (read when the library loads).
// `measuring` false (a probe): no thread count, and OPENBLAS_CORETYPE emptied so that the
// library shows its own pick.
std::vector<std::string> libraryEnvironment(const RunSpec& spec, bool measuring);

// The default BLIS worker (see IsolatedRunner).
std::string defaultChildProgram();

} // namespace threadmix
