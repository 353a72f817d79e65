// Implementation of the shared test helpers.
#include "tests/testsupport.h"

#include <dirent.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stop_token>

#include "core/measure/repetition.h"
#include "core/run/childprocess.h"

namespace threadmix::test {

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
        std::ifstream stat("/proc/" + std::string(e->d_name) + "/stat");
        std::string line;
        std::getline(stat, line);
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

CliResult runThreadmix(const std::vector<std::string>& args, double timeoutSeconds,
                       const std::vector<std::string>& env) {
    ChildProcess p;
    CliResult r;
    auto fullEnv = env;
    fullEnv.push_back("CI=true");
    if (!p.start(THREADMIX_EXE, args, fullEnv))
        return r;
    const auto end = p.wait(monotonicSeconds() + timeoutSeconds, std::stop_token());
    r.exitCode = end.end == ChildProcess::End::Exited ? end.code : 128 + end.code;
    r.out = p.out();
    r.err = p.err();
    return r;
}

std::vector<int> processesMentioning(const std::string& needle) {
    std::vector<int> found;
    for (const auto& e : std::filesystem::directory_iterator("/proc")) {
        const int pid = std::atoi(e.path().filename().c_str());
        if (pid <= 0 || pid == ::getpid())
            continue;
        std::ifstream in(e.path() / "cmdline", std::ios::binary);
        std::string cmd((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
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

} // namespace threadmix::test
