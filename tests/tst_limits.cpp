// Parsing and validation: each bad value is refused with the parameter, value and limit named.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/spec/limits.h"
#include "tests/testsupport.h"

using namespace threadmix;
namespace L = threadmix::limits;

namespace {
constexpr std::uint64_t kPlenty = std::uint64_t(64) << 30;

void expectMentions(const std::string& message, std::initializer_list<const char*> parts) {
    for (const char* p : parts)
        EXPECT_NE(message.find(p), std::string::npos) << "'" << p << "' missing in: " << message;
}
} // namespace

TEST(Limits, IntegersParseWithinRange) {
    EXPECT_EQ(*L::parseInteger("--count", "12", 1, 100), 12);
    EXPECT_EQ(*L::parseInteger("--count", " 7 ", 1, 100), 7);
}

TEST(Limits, IntegerErrorsNameParameterValueAndLimits) {
    expectMentions(L::parseInteger("--count", "0", 1, 100000).error(),
                   {"--count", "0", "1", "100000"});
    expectMentions(L::parseInteger("--count", "-5", 1, 100000).error(), {"--count", "-5"});
    expectMentions(L::parseInteger("--size", "abc", 1, 32768).error(),
                   {"--size", "'abc'", "not a whole number", "32768"});
    expectMentions(L::parseInteger("--size", "", 1, 32768).error(), {"--size", "empty"});
    expectMentions(L::parseInteger("--size", "2.5", 1, 32768).error(), {"not a whole number"});
    expectMentions(L::parseInteger("--count", "99999999999999999999999", 1, 100000).error(),
                   {"out of range"});
}

TEST(Limits, ThreadsAcceptAuto) {
    EXPECT_EQ(*L::parseThreads("--blas-threads", "auto", 512, 6), 6);
    EXPECT_EQ(*L::parseThreads("--blas-threads", "3", 512, 6), 3);
    expectMentions(L::parseThreads("--blas-threads", "0", 512, 6).error(),
                   {"--blas-threads", "auto", "512"});
}

TEST(Limits, RangesParseAndRefuseBackwards) {
    EXPECT_EQ(*L::parseRange("--workers-range", "1..4", 1, 512), (std::pair{1, 4}));
    EXPECT_EQ(*L::parseRange("--workers-range", "3", 1, 512), (std::pair{3, 3}));
    expectMentions(L::parseRange("--workers-range", "4..1", 1, 512).error(),
                   {"--workers-range", "backwards", "1..4"});
    expectMentions(L::parseRange("--blas-range", "0..2", 1, 512).error(), {"--blas-range"});
    expectMentions(L::parseRange("--blas-range", "a..b", 1, 512).error(), {"A..B"});
}

TEST(Limits, SecondsAndSeed) {
    EXPECT_DOUBLE_EQ(*L::parseSeconds("--budget", "2.5", 0.1, 100), 2.5);
    expectMentions(L::parseSeconds("--budget", "0", 0.1, 100).error(), {"--budget", "0.1"});
    expectMentions(L::parseSeconds("--budget", "nan", 0.1, 100).error(), {"not a number"});
    expectMentions(L::parseSeconds("--budget", "inf", 0.1, 100).error(), {"not a number"});
    EXPECT_EQ(*L::parseSeed("--seed", "18446744073709551615"), 18446744073709551615ull);
    EXPECT_FALSE(L::parseSeed("--seed", "-1"));
}

TEST(Limits, ValidSpecPasses) {
    EXPECT_TRUE(L::validate(test::tinySpec(), kPlenty));
}

TEST(Limits, SpecFieldsOutOfRange) {
    auto check = [](auto mutate, std::initializer_list<const char*> parts) {
        RunSpec s = test::tinySpec();
        mutate(s);
        auto st = L::validate(s, kPlenty);
        ASSERT_FALSE(st);
        expectMentions(st.error(), parts);
    };
    check([](RunSpec& s) { s.count = 0; }, {"--count", "0"});
    check([](RunSpec& s) { s.size = 40000; }, {"--size", "40000", "32768"});
    check([](RunSpec& s) { s.workers = 0; }, {"--workers"});
    check([](RunSpec& s) { s.blasThreads = 9999; }, {"--blas-threads", "9999"});
    check([](RunSpec& s) { s.repeats = 0; }, {"--repeats"});
    check([](RunSpec& s) { s.warmup = -1; }, {"--warmup"});
    check([](RunSpec& s) { s.chunk = 7; }, {"--chunk", "7", "--count 6"});
    check([](RunSpec& s) { s.budgetSeconds = 0; }, {"--budget"});
    check(
        [](RunSpec& s) {
            s.workers = 100;
            s.blasThreads = 100;
        },
        {"10000 threads", "4096"});
}

TEST(Limits, MemoryRefusalSaysNeededAndAvailableBytes) {
    RunSpec s = test::tinySpec();
    s.count = 100;
    s.size = 20000; // 3 x 100 x 3.2 GB
    auto st = L::validate(s, std::uint64_t(16) << 30);
    ASSERT_FALSE(st);
    expectMentions(st.error(),
                   {"--size 20000", "--count 100", "bytes", "80%", "available", "--data in-task"});
    s.data = DataPlacement::InTask;
    s.workers = 1;
    EXPECT_TRUE(L::validate(s, std::uint64_t(16) << 30)) << "in-task holds only W x 3 matrices";
}

TEST(Limits, EstimateFollowsPlacement) {
    RunSpec s = test::tinySpec();
    s.size = 1000;
    s.count = 10;
    s.workers = 2;
    const double matrix = 8e6;
    EXPECT_GE(double(L::estimateBytes(s)), 30 * matrix);
    s.data = DataPlacement::InTask;
    EXPECT_LT(double(L::estimateBytes(s)), 7 * matrix + 64e6);
    s.workload = Workload::Fill;
    s.data = DataPlacement::Upfront;
    EXPECT_LT(double(L::estimateBytes(s)), 11 * matrix);
}

TEST(Limits, AvailableMemoryIsPositive) {
    EXPECT_GT(L::availableMemoryBytes(), 0u);
}

// Result files from before the library knob said only BLIS's threading variant.
TEST(Limits, OldResultFilesNameTheBlisVariant) {
    RunSpec s = nlohmann::json{{"workload", "gemm"}, {"blis_threading", "pthreads"}}.get<RunSpec>();
    EXPECT_EQ(s.blasLibrary, BlasLibrary::BlisPthreads);
    s = nlohmann::json{{"blas_library", "openblas-openmp"}}.get<RunSpec>();
    EXPECT_EQ(s.blasLibrary, BlasLibrary::OpenBlasOpenMP);
    EXPECT_EQ(nlohmann::json(s)["blas_library"], "openblas-openmp");
    EXPECT_THROW((nlohmann::json{{"blas_library", "mkl"}}.get<RunSpec>()), std::exception);
    for (const auto& f : allBlasLibraries())
        EXPECT_EQ(blasLibraryFromString(f.name), f.library);
}
