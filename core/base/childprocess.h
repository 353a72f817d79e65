// A child process with captured output that can be killed at any moment and is always reaped.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/expected.h"

namespace threadmix {

// Path of the running executable.
std::string currentExecutable();
// `name` in the folder of `path` ("" when `path` has no folder).
std::string besideOf(const std::string& path, std::string_view name);

class ChildProcess {
public:
    enum class End { Exited, Signalled, TimedOut, Cancelled };
    struct Outcome {
        End end = End::Exited;
        int code = 0; // exit code or signal number
        double seconds = 0;
    };

    ChildProcess() = default;
    ~ChildProcess(); // kills and reaps a child still running: no zombies, no orphans
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    struct Options {
        // Its own process group (killed whole), or the caller's (a launcher that the caller's
        // own group kill must reach too).
        bool ownGroup = true;
        // Killed (SIGKILL) when the calling thread's process dies, even by SIGKILL.
        bool dieWithParent = false;
    };

    // Spawns `program` with `args` (argv[1..]); extra "NAME=value" entries join the environment.
    Status start(const std::string& program, const std::vector<std::string>& args,
                 const std::vector<std::string>& extraEnv = {});
    Status start(const std::string& program, const std::vector<std::string>& args,
                 const std::vector<std::string>& extraEnv, Options options);

    // Waits for the child, collecting its output. Kills it (SIGKILL) when the monotonic
    // `deadline` passes or `stop` is requested; the check runs at least every 20 ms.
    Outcome wait(double deadline, std::stop_token stop);

    const std::string& out() const { return m_out; }
    const std::string& err() const { return m_err; }
    pid_t pid() const { return m_pid; }

    // Largest output kept from either stream; a misbehaving child cannot exhaust memory.
    static constexpr std::size_t kMaxCapture = 256u << 20;

private:
    void killAndReap();
    bool drain(int& fd, std::string& into);

    pid_t m_pid = -1;
    bool m_ownGroup = true;
    int m_outFd = -1;
    int m_errFd = -1;
    int m_pidFd = -1;
    double m_started = 0;
    std::string m_out;
    std::string m_err;
};

} // namespace threadmix
