// Median, extremes and coefficient of variation.
#include <gtest/gtest.h>

#include "core/base/statistics.h"

using threadmix::summarize;

TEST(Statistics, EmptyIsAllZero) {
    const auto s = summarize({});
    EXPECT_EQ(s.n, 0);
    EXPECT_EQ(s.median, 0);
    EXPECT_EQ(s.cv, 0);
}

TEST(Statistics, OddCountMedianIsMiddleValue) {
    const auto s = summarize({5.0, 1.0, 3.0});
    EXPECT_EQ(s.n, 3);
    EXPECT_DOUBLE_EQ(s.median, 3.0);
    EXPECT_DOUBLE_EQ(s.min, 1.0);
    EXPECT_DOUBLE_EQ(s.max, 5.0);
    EXPECT_DOUBLE_EQ(s.mean, 3.0);
}

TEST(Statistics, EvenCountMedianIsMeanOfMiddleTwo) {
    EXPECT_DOUBLE_EQ(summarize({4.0, 1.0, 2.0, 10.0}).median, 3.0);
}

TEST(Statistics, CoefficientOfVariationUsesSampleDeviation) {
    // mean 2, sample variance ((1)^2 + 0 + 1^2) / 2 = 1 -> sd 1 -> cv 0.5
    EXPECT_NEAR(summarize({1.0, 2.0, 3.0}).cv, 0.5, 1e-12);
    EXPECT_EQ(summarize({7.0}).cv, 0.0);
    EXPECT_EQ(summarize({2.0, 2.0, 2.0}).cv, 0.0);
}

TEST(Statistics, MedianIgnoresOneOutlier) {
    const auto s = summarize({1.0, 1.1, 50.0});
    EXPECT_DOUBLE_EQ(s.median, 1.1);
    EXPECT_DOUBLE_EQ(s.max, 50.0);
}
