// threadmix-test-worker: the BLIS worker with the faults the tests need, for the tests only.
// The product has no switch for any of this: a test runs this executable instead of
// threadmix-worker (IsolatedRunner's program, or a folder where it is named threadmix-worker
// beside a link of the parent: see tests/testsupport.h), and tells it through its environment:
//   THREADMIX_TEST_FAULT=crash|abort|hang|wrong-result  every measuring child commits it;
//   THREADMIX_TEST_FAULT=SEED=FAULT[,SEED=FAULT...]  a child commits the fault of its spec's
//     seed (so one plan can mix faulty and sound configurations);
//   THREADMIX_TEST_HOLD_DIR=DIR, THREADMIX_TEST_HOLD_FROM=N  the children of the N-th
//     configuration (from 0: the N-th distinct spec its children were started with) and of
//     every later one wait before measuring until DIR/release exists, so a run is still going
//     by construction until the test releases or cancels it. Counting configurations, not
//     starts, keeps that true when an earlier configuration times out or fails early.
#include <fcntl.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/measure/childmain.h"
#include "core/measure/testseam.h"

namespace {

std::string g_fault;

void beforeTask(std::int64_t task) {
    if (task != 0)
        return;
    if (g_fault == "crash") {
        // A hard crash even under sanitizers, which otherwise turn SIGSEGV into a report.
        std::signal(SIGSEGV, SIG_DFL);
        std::raise(SIGSEGV);
    } else if (g_fault == "abort") {
        std::fputs("threadmix-test-worker: injected abort (test fault)\n", stderr);
        std::abort();
    } else if (g_fault == "hang") {
        for (;;)
            ::pause();
    }
}

void afterTask(std::int64_t task, double* product, std::int64_t n) {
    if (task == 0 && g_fault == "wrong-result")
        product[std::size_t(n * n / 2)] += 1.0;
}

// Records this start as the first free start-K name (Hold::started counts them).
void recordStart(const std::string& dir) {
    for (int k = 0;; ++k) {
        const int fd = ::open((dir + "/start-" + std::to_string(k)).c_str(),
                              O_CREAT | O_EXCL | O_WRONLY, 0644);
        if (fd >= 0) {
            ::close(fd);
            return;
        }
        if (errno != EEXIST)
            return;
    }
}

// The index of `spec` among the distinct specs started with `dir`: config-K holds the K-th.
// A run starts one child at a time, so no two claim a name at once.
int configurationIndex(const std::string& dir, const std::string& spec) {
    for (int k = 0;; ++k) {
        const std::string path = dir + "/config-" + std::to_string(k);
        std::ifstream in(path);
        if (in) {
            const std::string known((std::istreambuf_iterator<char>(in)),
                                    std::istreambuf_iterator<char>());
            if (known == spec)
                return k;
            continue;
        }
        std::ofstream(path) << spec;
        return k;
    }
}

void holdIfAsked(const std::string& spec) {
    const char* dir = std::getenv("THREADMIX_TEST_HOLD_DIR");
    const char* from = std::getenv("THREADMIX_TEST_HOLD_FROM");
    if (!dir || !from)
        return;
    const int index = configurationIndex(dir, spec);
    recordStart(dir);
    if (index < std::atoi(from))
        return;
    // Held: the parent cancels (kills) it, or the test releases it. Polling a file keeps the
    // release independent of how many children wait.
    const std::string release = std::string(dir) + "/release";
    while (::access(release.c_str(), F_OK) != 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

// The fault this child commits: THREADMIX_TEST_FAULT for all, or the one named for its seed.
std::string faultFor(const char* spec) {
    const char* env = std::getenv("THREADMIX_TEST_FAULT");
    if (!env)
        return {};
    const std::string all(env);
    if (all.find('=') == std::string::npos)
        return all;
    std::string seed;
    try {
        seed = std::to_string(nlohmann::json::parse(spec).value("seed", std::uint64_t(0)));
    } catch (const std::exception&) {
        return {};
    }
    std::size_t at = 0;
    while (at < all.size()) {
        auto end = all.find(',', at);
        if (end == std::string::npos)
            end = all.size();
        const auto item = all.substr(at, end - at);
        const auto eq = item.find('=');
        if (eq != std::string::npos && item.substr(0, eq) == seed)
            return item.substr(eq + 1);
        at = end + 1;
    }
    return {};
}

} // namespace

int main(int argc, char** argv) {
    if (!threadmix::isChildInvocation(argc, argv)) {
        std::fputs("threadmix-test-worker: the test suite's worker; see tests/testworker.cpp\n",
                   stderr);
        return 2;
    }
    if (std::string_view(argv[1]) == threadmix::kChildVerb) {
        // Die with the parent while held, as childMain arranges for the measurement itself.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (argc >= 4 && std::to_string(::getppid()) != argv[3])
            return 2; // the parent died before PDEATHSIG was armed
        if (argc >= 3) {
            g_fault = faultFor(argv[2]);
            holdIfAsked(argv[2]);
        }
        threadmix::setRepetitionSeam({beforeTask, afterTask});
    }
    return threadmix::childMain(argc, argv);
}
