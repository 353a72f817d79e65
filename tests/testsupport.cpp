// Implementation of the shared test helpers.
#include "tests/testsupport.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stop_token>

#include "core/base/childprocess.h"
#include "core/measure/repetition.h"

namespace threadmix::test {

std::string procFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return {};
    std::string out;
    char buf[4096];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;)
        out.append(buf, std::size_t(n));
    ::close(fd);
    return out;
}

double farDeadline() {
    return monotonicSeconds() + 120;
}

IsolatedRunner faultyRunner(const std::string& fault) {
    IsolatedRunner runner(testWorker());
    runner.setExtraEnvironment(faultEnvironment(fault));
    return runner;
}

ConfigResult measuredResult(const std::string& label, const std::vector<double>& seconds,
                            int workers, int blasThreads, std::int64_t size, RunStatus status) {
    ConfigResult r;
    r.config.label = label;
    r.config.group.name = "g";
    r.config.spec.workers = workers;
    r.config.spec.blasThreads = blasThreads;
    r.config.spec.size = size;
    r.status = status;
    for (double s : seconds) {
        RepetitionResult rep;
        rep.wallSeconds = s;
        r.repetitions.push_back(rep);
    }
    return r;
}

std::vector<int> childrenOfThisProcess() {
    std::vector<int> kids;
    const int self = ::getpid();
    DIR* proc = ::opendir("/proc");
    if (!proc)
        return kids;
    while (dirent* e = ::readdir(proc)) {
        const int pid = std::atoi(e->d_name);
        if (pid <= 0)
            continue;
        const std::string line = procFile("/proc/" + std::string(e->d_name) + "/stat");
        const auto close = line.rfind(')');
        if (close == std::string::npos)
            continue;
        std::istringstream rest(line.substr(close + 2));
        char state = 0;
        int ppid = 0;
        rest >> state >> ppid;
        if (ppid == self)
            kids.push_back(pid);
    }
    ::closedir(proc);
    return kids;
}

namespace {

CliResult runProgram(const std::string& program, const std::vector<std::string>& args,
                     double timeoutSeconds, const std::vector<std::string>& env) {
    ChildProcess p;
    CliResult r;
    auto fullEnv = env;
    fullEnv.push_back("CI=true");
    if (!p.start(program, args, fullEnv))
        return r;
    const auto end = p.wait(monotonicSeconds() + timeoutSeconds, std::stop_token());
    r.exitCode = end.end == ChildProcess::End::Exited ? end.code : 128 + end.code;
    r.out = p.out();
    r.err = p.err();
    return r;
}

} // namespace

CliResult runThreadmix(const std::vector<std::string>& args, double timeoutSeconds,
                       const std::vector<std::string>& env) {
    return runProgram(THREADMIX_EXE, args, timeoutSeconds, env);
}

CliResult runThreadmixWithTestWorker(const std::vector<std::string>& args, double timeoutSeconds,
                                     const std::vector<std::string>& env) {
    static const std::string program = besideTestWorker("cli", THREADMIX_EXE);
    return runProgram(program, args, timeoutSeconds, env);
}

std::string testWorker() {
    return THREADMIX_TEST_WORKER;
}

std::vector<std::string> faultEnvironment(const std::string& fault) {
    return {"THREADMIX_TEST_FAULT=" + fault};
}

Hold::Hold(const std::string& name, int from) : m_dir(scratchDir("hold-" + name)), m_from(from) {}

std::vector<std::string> Hold::env() const {
    return {"THREADMIX_TEST_HOLD_DIR=" + m_dir,
            "THREADMIX_TEST_HOLD_FROM=" + std::to_string(m_from)};
}

void Hold::setProcessEnvironment() const {
    ::setenv("THREADMIX_TEST_HOLD_DIR", m_dir.c_str(), 1);
    ::setenv("THREADMIX_TEST_HOLD_FROM", std::to_string(m_from).c_str(), 1);
}

void Hold::clearProcessEnvironment() {
    ::unsetenv("THREADMIX_TEST_HOLD_DIR");
    ::unsetenv("THREADMIX_TEST_HOLD_FROM");
}

void Hold::release() const {
    std::ofstream(m_dir + "/release").put('\n');
}

namespace {

int filesStartingWith(const std::string& dir, const std::string& prefix) {
    int n = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        n += e.path().filename().string().rfind(prefix, 0) == 0;
    return n;
}

} // namespace

int Hold::started() const {
    return filesStartingWith(m_dir, "start-");
}

int Hold::configurationsStarted() const {
    return filesStartingWith(m_dir, "config-");
}

std::string besideTestWorker(const std::string& name, const std::string& program,
                             const std::vector<std::pair<std::string, std::string>>& more) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(THREADMIX_TEST_FOLDERS) / name;
    fs::create_directories(dir);
    const fs::path bin = fs::path(THREADMIX_EXE).parent_path();
    const fs::path self = dir / fs::path(program).filename();
    std::vector<std::pair<fs::path, fs::path>> links = {
        {fs::path(program), self},
        {fs::path(THREADMIX_TEST_WORKER), dir / "threadmix-worker"},
        {bin / "threadmix-worker-openblas", dir / "threadmix-worker-openblas"}};
    for (const auto& [file, as] : more)
        links.emplace_back(fs::path(file), dir / as);
    for (const auto& [from, to] : links) {
        std::error_code ec;
        if (fs::exists(to) && fs::equivalent(from, to, ec))
            continue;
        // A hard link: /proc/self/exe names the link, so the program looks beside it. Made
        // aside and renamed into place: test processes running in parallel may be using it.
        const fs::path aside = to.string() + ".new-" + std::to_string(::getpid());
        fs::remove(aside, ec);
        fs::create_hard_link(from, aside, ec);
        if (ec)
            fs::copy_file(from, aside, fs::copy_options::overwrite_existing);
        fs::rename(aside, to);
    }
    return self.string();
}

std::vector<int> processesMentioning(const std::string& needle) {
    std::vector<int> found;
    for (const auto& e : std::filesystem::directory_iterator("/proc")) {
        const int pid = std::atoi(e.path().filename().c_str());
        if (pid <= 0 || pid == ::getpid())
            continue;
        const std::string cmd = procFile((e.path() / "cmdline").string());
        if (cmd.find(needle) != std::string::npos)
            found.push_back(pid);
    }
    return found;
}

std::string scratchDir(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("threadmix-test-" + std::to_string(::getpid()) + "-" + name);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir.string();
}

std::optional<ProcStat> procStat(int pid) {
    const std::string line = procFile("/proc/" + std::to_string(pid) + "/stat");
    const auto open = line.find('('), close = line.rfind(')'); // the name may hold ( ) and spaces
    if (open == std::string::npos || close == std::string::npos || close + 2 >= line.size())
        return std::nullopt;
    ProcStat p;
    p.pid = pid;
    p.comm = line.substr(open + 1, close - open - 1);
    std::istringstream rest(line.substr(close + 2));
    rest >> p.state >> p.ppid >> p.pgrp;
    std::string skip;
    for (int field = 6; field < 22 && rest >> skip; ++field) {
    }
    rest >> p.startTime;
    return p;
}

std::vector<ProcStat> processTable() {
    std::vector<ProcStat> all;
    DIR* proc = ::opendir("/proc");
    if (!proc)
        return all;
    while (dirent* e = ::readdir(proc)) {
        const int pid = std::atoi(e->d_name);
        if (pid > 0)
            if (auto p = procStat(pid))
                all.push_back(*p);
    }
    ::closedir(proc);
    return all;
}

bool live(const ProcStat& p) {
    return p.state != 'Z' && p.state != 'X' && p.state != 'x';
}

bool stillAlive(const ProcStat& p) {
    const auto now = procStat(p.pid);
    return now && now->startTime == p.startTime && live(*now);
}

} // namespace threadmix::test
