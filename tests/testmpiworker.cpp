// threadmix-test-mpi-worker: the BLIS MPI worker (app/mpiworker.cpp) with the faults of the
// test worker (tests/testworker.cpp), for the tests only. mpirun starts it as each rank; a test
// names it in an MpiWhere, or links it as threadmix-mpi-worker into a folder beside the test
// worker (tests/testsupport.h) so that a run through IsolatedRunner finds it as its own.
// mpirun hands every rank the THREADMIX_* variables of the launching process (-x), so:
//   THREADMIX_TEST_FAULT=crash|abort|hang|wrong-result  the rank that runs the fault's task
//     commits it, in the repetition seam as the test worker does;
//   THREADMIX_TEST_FAULT_TASK=K  the fault's task (0 when unset): a test picks the rank that
//     commits it through the tasks' round robin (chunk k to rank k mod W).
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <unistd.h>

#include "core/measure/mpipool.h"
#include "core/measure/mpirank.h"
#include "core/measure/testseam.h"

namespace {

std::string g_fault;
std::int64_t g_task = 0;

void beforeTask(std::int64_t task) {
    if (task != g_task)
        return;
    if (g_fault == "crash") {
        // Open MPI installs a handler that prints a backtrace; the default one crashes plainly.
        std::signal(SIGSEGV, SIG_DFL);
        std::raise(SIGSEGV);
    } else if (g_fault == "abort") {
        std::fputs("threadmix-test-mpi-worker: injected abort (test fault)\n", stderr);
        std::signal(SIGABRT, SIG_DFL);
        std::abort();
    } else if (g_fault == "hang") {
        for (;;)
            ::pause();
    }
}

void afterTask(std::int64_t task, double* product, std::int64_t n) {
    if (task == g_task && g_fault == "wrong-result")
        product[std::size_t(n * n / 2)] += 1.0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc >= 2 && std::string_view(argv[1]) == threadmix::kMpiRankVerb) {
        if (const char* fault = std::getenv("THREADMIX_TEST_FAULT"))
            g_fault = fault;
        if (const char* task = std::getenv("THREADMIX_TEST_FAULT_TASK"))
            g_task = std::atoll(task);
        threadmix::setRepetitionSeam({beforeTask, afterTask});
        threadmix::mpiRankMain(argc, argv);
    }
    std::fputs("threadmix-test-mpi-worker: the test suite's MPI worker; see "
               "tests/testmpiworker.cpp\n",
               stderr);
    return 2;
}
