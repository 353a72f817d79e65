// posix_spawn (safe from a multi-threaded parent such as the GUI), poll, SIGKILL, waitpid.
#include "core/base/childprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

#include "core/base/clock.h"

extern char** environ;

namespace threadmix {
namespace {

void closeFd(int& fd) {
    if (fd >= 0)
        ::close(fd);
    fd = -1;
}

} // namespace

std::string currentExecutable() {
    char buf[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    return n > 0 ? std::string(buf, std::size_t(n)) : std::string("/proc/self/exe");
}

std::string besideOf(const std::string& path, std::string_view name) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? std::string()
                                      : path.substr(0, slash + 1) + std::string(name);
}

ChildProcess::~ChildProcess() {
    killAndReap();
    closeFd(m_outFd);
    closeFd(m_errFd);
    closeFd(m_pidFd);
}

Status ChildProcess::start(const std::string& program, const std::vector<std::string>& args,
                           const std::vector<std::string>& extraEnv) {
    return start(program, args, extraEnv, Options{});
}

namespace {

// fork + exec, for what posix_spawn cannot do: a parent-death signal. Only async-signal-safe
// calls between the two. An exec failure comes back through `report` as its errno.
pid_t forkExec(const char* program, char* const* argv, char* const* envp, int out, int err,
               bool ownGroup, int& spawnErrno) {
    int report[2];
    if (::pipe2(report, O_CLOEXEC) != 0) {
        spawnErrno = errno;
        return -1;
    }
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
        spawnErrno = errno;
        ::close(report[0]);
        ::close(report[1]);
        return -1;
    }
    if (pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent)
            ::_exit(127);
        if (ownGroup)
            ::setpgid(0, 0);
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        for (int sig = 1; sig < NSIG; ++sig)
            ::signal(sig, SIG_DFL);
        const int in = ::open("/dev/null", O_RDONLY);
        ::dup2(in, STDIN_FILENO);
        ::dup2(out, STDOUT_FILENO);
        ::dup2(err, STDERR_FILENO);
        ::execve(program, argv, envp);
        const int e = errno;
        [[maybe_unused]] const auto n = ::write(report[1], &e, sizeof e);
        ::_exit(127);
    }
    ::close(report[1]);
    int e = 0;
    ssize_t n;
    while ((n = ::read(report[0], &e, sizeof e)) < 0 && errno == EINTR) {
    }
    ::close(report[0]);
    if (n == ssize_t(sizeof e)) {
        int status = 0;
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        spawnErrno = e;
        return -1;
    }
    return pid;
}

} // namespace

Status ChildProcess::start(const std::string& program, const std::vector<std::string>& args,
                           const std::vector<std::string>& extraEnv, Options options) {
    m_ownGroup = options.ownGroup;
    int outPipe[2] = {-1, -1};
    int errPipe[2] = {-1, -1};
    if (::pipe2(outPipe, O_CLOEXEC) != 0 || ::pipe2(errPipe, O_CLOEXEC) != 0) {
        for (int fd : {outPipe[0], outPipe[1], errPipe[0], errPipe[1]})
            if (fd >= 0)
                ::close(fd);
        return Error{std::string("cannot create a pipe for the child: ") + std::strerror(errno)};
    }

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], STDERR_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    // Own process group: a Ctrl-C at the terminal reaches the parent, which decides.
    // Default signal dispositions: the parent may ignore SIGPIPE or block SIGINT.
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, (options.ownGroup ? POSIX_SPAWN_SETPGROUP : 0) |
                                        POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    std::vector<std::string> storage;
    storage.push_back(program);
    storage.insert(storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : storage)
        argv.push_back(s.data());
    argv.push_back(nullptr);

    std::vector<std::string> envStorage(extraEnv.begin(), extraEnv.end());
    for (char** e = environ; e && *e; ++e) {
        const std::string entry(*e);
        const auto name = entry.substr(0, entry.find('=') + 1);
        const bool overridden = std::any_of(extraEnv.begin(), extraEnv.end(), [&](const auto& x) {
            return x.compare(0, name.size(), name) == 0;
        });
        if (!overridden)
            envStorage.push_back(entry);
    }
    std::vector<char*> envp;
    for (auto& s : envStorage)
        envp.push_back(s.data());
    envp.push_back(nullptr);

    m_started = monotonicSeconds();
    int rc = 0;
    if (options.dieWithParent) {
        m_pid = forkExec(program.c_str(), argv.data(), envp.data(), outPipe[1], errPipe[1],
                         options.ownGroup, rc);
    } else {
        rc = ::posix_spawn(&m_pid, program.c_str(), &actions, &attr, argv.data(), envp.data());
    }
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    ::close(outPipe[1]);
    ::close(errPipe[1]);
    if (rc != 0) {
        m_pid = -1;
        ::close(outPipe[0]);
        ::close(errPipe[0]);
        return Error{"cannot start " + program + ": " + std::strerror(rc)};
    }
    m_outFd = outPipe[0];
    m_errFd = errPipe[0];
    // Readable when the child exits: the wait loop wakes at once instead of polling.
    m_pidFd = int(::syscall(SYS_pidfd_open, m_pid, 0));
    for (int fd : {m_outFd, m_errFd})
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    return success();
}

bool ChildProcess::drain(int& fd, std::string& into) {
    if (fd < 0)
        return false;
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n > 0) {
            if (into.size() < kMaxCapture)
                into.append(buf, std::size_t(n));
            continue;
        }
        if (n == 0) {
            closeFd(fd);
            return false;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return true;
        closeFd(fd);
        return false;
    }
}

ChildProcess::Outcome ChildProcess::wait(double deadline, std::stop_token stop) {
    Outcome outcome;
    while (m_pid > 0) {
        pollfd fds[3];
        nfds_t n = 0;
        for (int fd : {m_outFd, m_errFd, m_pidFd})
            if (fd >= 0)
                fds[n++] = pollfd{fd, POLLIN, 0};
        const double now = monotonicSeconds();
        // Without a pidfd (kernels before 5.3) the exit is noticed by polling every 1 ms.
        const double tick = m_pidFd >= 0 ? 20.0 : 1.0;
        const int timeoutMs = int(std::clamp((deadline - now) * 1000.0, 0.0, tick));
        if (n > 0)
            ::poll(fds, n, timeoutMs);
        drain(m_outFd, m_out);
        drain(m_errFd, m_err);

        int status = 0;
        const pid_t r = ::waitpid(m_pid, &status, WNOHANG);
        if (r == m_pid) {
            m_pid = -1;
            // The child is gone: what it wrote is in the pipes; read it, then close them
            // (a grandchild holding a write end must not keep us here).
            drain(m_outFd, m_out);
            drain(m_errFd, m_err);
            closeFd(m_outFd);
            closeFd(m_errFd);
            closeFd(m_pidFd);
            outcome.seconds = monotonicSeconds() - m_started;
            if (WIFSIGNALED(status)) {
                outcome.end = End::Signalled;
                outcome.code = WTERMSIG(status);
            } else {
                outcome.end = End::Exited;
                outcome.code = WEXITSTATUS(status);
            }
            return outcome;
        }
        if (r < 0 && errno != EINTR) {
            // Someone else reaped it (SIGCHLD ignored): its status is lost.
            m_pid = -1;
            outcome.end = End::Exited;
            outcome.code = 255;
            outcome.seconds = monotonicSeconds() - m_started;
            return outcome;
        }
        if (n == 0 && r == 0)
            ::usleep(useconds_t(std::max(1, timeoutMs) * 1000));
        if (stop.stop_requested() || monotonicSeconds() >= deadline) {
            outcome.end = stop.stop_requested() ? End::Cancelled : End::TimedOut;
            killAndReap();
            outcome.seconds = monotonicSeconds() - m_started;
            return outcome;
        }
    }
    return outcome;
}

void ChildProcess::killAndReap() {
    if (m_pid <= 0)
        return;
    // The whole process group: the child and every process it started (a process pool's
    // workers) stop at once, when the child leads its own group (start()).
    if (!m_ownGroup || ::kill(-m_pid, SIGKILL) != 0)
        ::kill(m_pid, SIGKILL);
    int status = 0;
    while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
    }
    m_pid = -1;
    closeFd(m_outFd);
    closeFd(m_errFd);
    closeFd(m_pidFd);
}

} // namespace threadmix
