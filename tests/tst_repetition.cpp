// Numeric correctness of every workload across workers x BLAS threads, and the task records.
// Built twice: tst_repetition on BLIS, tst_repetition_openblas on OpenBLAS (each library links
// alone). ctest runs each again with another threading variant's folder in LD_LIBRARY_PATH and
// THREADMIX_EXPECT_THREADING naming the layer that must then be loaded.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <mutex>
#include <vector>

#include "core/measure/blas.h"
#include "core/measure/repetition.h"
#include "core/measure/rng.h"
#include "core/measure/testseam.h"
#include "tests/tinyspec.h"

using namespace threadmix;

namespace {

namespace local {
// The tiny spec, with OpenBLAS's only thread control when this build runs on OpenBLAS.
RunSpec repetitionSpec() {
    RunSpec s = threadmix::test::tinySpec();
    // OpenBLAS has process-wide threads only: set them as the measuring child does.
    if (blas::buildInfo().family == "OpenBLAS")
        s.threadControl = ThreadControl::ProcessWide;
    return s;
}

// BLAS threads for the next repetition: per call (BLIS) or for the process (OpenBLAS).
void useBlasThreads(RunSpec& s, int threads) {
    s.blasThreads = threads;
    if (s.threadControl == ThreadControl::ProcessWide)
        blas::setProcessThreads(threads);
}
} // namespace local

// The plain triple loop the BLIS result must match.
std::vector<double> naiveProduct(const double* a, const double* b, std::int64_t n) {
    std::vector<double> c(std::size_t(n * n), 0.0);
    for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t k = 0; k < n; ++k)
            for (std::int64_t j = 0; j < n; ++j)
                c[std::size_t(i * n + j)] += a[i * n + k] * b[k * n + j];
    return c;
}

} // namespace

// Workers, BLAS threads, data placement, init, matrix side: 37 is not a multiple of any
// kernel's block; at 131 OpenBLAS really splits a multiply over its threads.
class GemmCorrectness
    : public ::testing::TestWithParam<std::tuple<int, int, DataPlacement, Init, int>> {};

TEST_P(GemmCorrectness, EveryProductMatchesTheNaiveReference) {
    const auto [workers, blas, data, init, n] = GetParam();
    RunSpec s = local::repetitionSpec();
    s.count = 5;
    s.size = n;
    s.workers = workers;
    local::useBlasThreads(s, blas);
    s.data = data;
    s.init = init;
    std::mutex m;
    std::vector<int> checked(std::size_t(s.count), 0);
    double worst = 0;
    const auto rep = executeRepetition(s, [&](std::int64_t task, const double* a, const double* b,
                                              const double* c, std::int64_t n) {
        // The operands are the task's own deterministic data.
        if (init == Init::Random) {
            ASSERT_EQ(a[5], uniformAt(streamKey(s.seed, task, Operand::A), 5));
        }
        const auto ref = naiveProduct(a, b, n);
        double err = 0;
        for (std::size_t i = 0; i < ref.size(); ++i)
            err = std::max(err, std::abs(ref[i] - c[i]) / (std::abs(ref[i]) + 1.0));
        std::lock_guard g(m);
        worst = std::max(worst, err);
        checked[std::size_t(task)]++;
    });
    EXPECT_LT(worst, 1e-12);
    for (int c : checked)
        EXPECT_EQ(c, 1);
    if (init == Init::Ones) {
        EXPECT_DOUBLE_EQ(rep.checksum, 2.0 * n * double(s.count)); // c[0] + c[last] per task
    }
}

INSTANTIATE_TEST_SUITE_P(
    WorkersByBlasThreads, GemmCorrectness,
    ::testing::Combine(::testing::Values(1, 2, 3), ::testing::Values(1, 2),
                       ::testing::Values(DataPlacement::Upfront, DataPlacement::InTask),
                       ::testing::Values(Init::Random, Init::Ones), ::testing::Values(37, 131)));

TEST(Repetition, TheLibraryAskedForIsLoaded) {
    const auto info = blas::buildInfo();
    EXPECT_EQ(info.family, THREADMIX_EXPECT_FAMILY);
    const char* threading = std::getenv("THREADMIX_EXPECT_THREADING");
    if (threading)
        EXPECT_EQ(info.threading, threading) << info.library;
    EXPECT_FALSE(info.kernel.empty());
    EXPECT_FALSE(info.version.empty());
}

TEST(Repetition, FreivaldsCatchesAWrongProduct) {
    RunSpec s = local::repetitionSpec();
    s.verify = true;
    EXPECT_NO_THROW(executeRepetition(s));
    // The test worker's seam (tests/testworker.cpp): one element of the first product changed.
    setRepetitionSeam({nullptr, [](std::int64_t task, double* c, std::int64_t n) {
                           if (task == 0)
                               c[std::size_t(n * n / 2)] += 1.0;
                       }});
    EXPECT_THROW(executeRepetition(s), std::runtime_error);
    setRepetitionSeam({});
    EXPECT_NO_THROW(executeRepetition(s));
}

// Every kernel the loaded library's build contains comes from the one kernel table, and so
// does a kernel named for the library's family.
TEST(Repetition, EveryKernelOfTheLibraryIsInTheTable) {
    const auto info = blas::buildInfo();
    const auto family = info.family == "BLIS" ? BlasFamily::Blis : BlasFamily::OpenBlas;
    ASSERT_FALSE(info.kernels.empty());
    for (const auto& k : info.kernels)
        EXPECT_NE(blas::findKernel(family, k), nullptr)
            << k << " is not in core/measure/kernels.cpp";
    EXPECT_FALSE(blas::runnableKernels(family, info.kernels).empty());
}

TEST(Repetition, DotOfOnesIsTheLength) {
    RunSpec s = local::repetitionSpec();
    s.workload = Workload::Dot;
    s.init = Init::Ones;
    s.size = 100000;
    s.count = 3;
    for (int blas : {1, 2}) {
        local::useBlasThreads(s, blas);
        EXPECT_DOUBLE_EQ(executeRepetition(s).checksum, 3 * 100000.0);
    }
}

TEST(Repetition, FillLeavesZeros) {
    RunSpec s = local::repetitionSpec();
    s.workload = Workload::Fill;
    s.init = Init::Ones;
    s.workers = 2;
    EXPECT_EQ(executeRepetition(s).checksum, 0.0); // every array's first element filled with 0
}

TEST(Repetition, TaskRecordsDescribeTheRun) {
    for (auto data : {DataPlacement::Upfront, DataPlacement::InTask}) {
        RunSpec s = local::repetitionSpec();
        s.count = 12;
        s.workers = 2;
        s.data = data;
        const auto r = executeRepetition(s);
        ASSERT_EQ(r.tasks.size(), 12u);
        for (const auto& t : r.tasks) {
            EXPECT_GE(t.worker, 0);
            EXPECT_LT(t.worker, 2);
            EXPECT_LE(t.start, t.dataEnd);
            EXPECT_LE(t.dataEnd, t.end);
            EXPECT_LE(t.end, r.wallSeconds + 1e-9);
            if (data == DataPlacement::Upfront) {
                EXPECT_EQ(t.start, t.dataEnd);
                EXPECT_GE(t.start, r.dataPhaseSeconds - 1e-9);
            }
        }
        EXPECT_GT(r.wallSeconds, 0);
        EXPECT_NEAR(r.dataSeconds + r.computeSeconds, r.wallSeconds, 1e-6);
        EXPECT_GT(r.cpuSeconds, 0);
        EXPECT_GT(r.peakRssBytes, 0);
    }
}
