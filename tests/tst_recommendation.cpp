// The recommendation's decision rule on synthetic results, and the rank test it uses.
#include <gtest/gtest.h>

#include "core/results/recommendation.h"
#include "tests/testsupport.h"

using namespace threadmix;

namespace {

ConfigResult result(const std::string& label, std::vector<double> seconds,
                    RunStatus status = RunStatus::Ok) {
    return test::measuredResult(label, seconds, 1, 1, 500, status);
}

} // namespace

TEST(Recommendation, ClearWinnerIsBeyondNoise) {
    const auto rec = recommend({result("slow", {2.0, 2.1, 2.2}), result("fast", {1.0, 1.05, 1.1}),
                                result("middle", {1.5, 1.6, 1.7})});
    EXPECT_EQ(rec.best, 1);
    EXPECT_EQ(rec.runnerUp, 2);
    EXPECT_NEAR(rec.ratio, 1.6 / 1.05, 1e-12);
    EXPECT_TRUE(rec.beyondNoise);
    EXPECT_NE(rec.text.find("fast"), std::string::npos);
    EXPECT_NE(rec.text.find("larger than the measured noise"), std::string::npos) << rec.text;
}

TEST(Recommendation, OverlappingRepetitionsAreATie) {
    const auto rec = recommend({result("a", {1.00, 1.20, 1.05}), result("b", {1.02, 1.10, 1.15})});
    EXPECT_EQ(rec.best, 0);
    EXPECT_FALSE(rec.beyondNoise);
    EXPECT_NE(rec.text.find("within the noise"), std::string::npos) << rec.text;
}

TEST(Recommendation, SingleRepetitionsCannotDecide) {
    const auto rec = recommend({result("a", {1.0}), result("b", {2.0})});
    EXPECT_FALSE(rec.beyondNoise);
    EXPECT_NE(rec.text.find("more repetitions"), std::string::npos) << rec.text;
}

TEST(Recommendation, OnlyFinishedConfigurationsCompete) {
    const auto rec = recommend({result("timed out", {0.1}, RunStatus::TimedOut),
                                result("ok", {1.0, 1.1}), result("failed", {}, RunStatus::Failed)});
    EXPECT_EQ(rec.best, 1);
    EXPECT_EQ(rec.runnerUp, -1);
    EXPECT_EQ(recommend({}).best, -1);
}

TEST(Recommendation, RankTestMatchesTheExactDistribution) {
    // 3 vs 3, complete separation: 1 arrangement of 20.
    EXPECT_NEAR(mannWhitneyLess({1, 2, 3}, {4, 5, 6}), 1.0 / 20, 1e-12);
    // The other way round: certain.
    EXPECT_NEAR(mannWhitneyLess({4, 5, 6}, {1, 2, 3}), 1.0, 1e-12);
    // 5 vs 5, complete separation: 1 / C(10,5) = 1/252.
    EXPECT_NEAR(mannWhitneyLess({1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}), 1.0 / 252, 1e-12);
    // With 5 repetitions each and one overlap, the rank test still separates them.
    const auto rec = recommend(
        {result("a", {1.0, 1.1, 1.2, 1.3, 1.55}), result("b", {1.5, 1.6, 1.7, 1.8, 1.9})});
    EXPECT_TRUE(rec.beyondNoise) << rec.text;
    EXPECT_LT(rec.pValue, 0.05);
}

TEST(Recommendation, ShortOrNoisyMeasurementsAreFlaggedWithAHint) {
    using threadmix::test::measuredResult;
    // Steady and long enough: no warning.
    EXPECT_FALSE(measuredResult("steady", {1.00, 1.01, 0.99}).noiseWarning().has_value());
    // Under 50 ms a repetition is mostly start-up and timer jitter.
    const auto shortRun = measuredResult("short", {0.010, 0.011, 0.010}).noiseWarning();
    ASSERT_TRUE(shortRun.has_value());
    EXPECT_NE(shortRun->find("larger count"), std::string::npos) << *shortRun;
    // A CV over 10%.
    const auto noisy = measuredResult("noisy", {1.0, 1.5, 0.7}).noiseWarning();
    ASSERT_TRUE(noisy.has_value());
    EXPECT_NE(noisy->find("more repetitions"), std::string::npos) << *noisy;
    // The recommendation says so when the winner or the runner-up is affected.
    const auto rec = threadmix::recommend(
        {measuredResult("noisy", {1.0, 1.5, 0.7}), measuredResult("steady", {2.0, 2.01, 1.99})});
    EXPECT_NE(rec.text.find("Careful: noisy is noisy"), std::string::npos) << rec.text;
    const auto calm = threadmix::recommend(
        {measuredResult("a", {1.0, 1.01, 0.99}), measuredResult("b", {2.0, 2.01, 1.99})});
    EXPECT_EQ(calm.text.find("Careful"), std::string::npos) << calm.text;
}
