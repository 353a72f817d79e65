// The counter-based generator: deterministic, independent of order, in [0, 1).
#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "core/measure/rng.h"

using namespace threadmix;

TEST(Rng, SameKeySameNumbersWhateverTheSplit) {
    const auto key = streamKey(42, 7, Operand::A);
    std::vector<double> whole(1000), parts(1000);
    fillUniform(whole.data(), 1000, key);
    fillUniform(parts.data(), 300, key, 0);
    fillUniform(parts.data() + 300, 700, key, 300);
    EXPECT_EQ(whole, parts);
    EXPECT_EQ(uniformAt(key, 123), whole[123]);
}

TEST(Rng, ValuesAreInUnitIntervalAndSpread) {
    std::vector<double> v(100000);
    fillUniform(v.data(), v.size(), streamKey(1, 0, Operand::B));
    double sum = 0;
    for (double x : v) {
        ASSERT_GE(x, 0.0);
        ASSERT_LT(x, 1.0);
        sum += x;
    }
    EXPECT_NEAR(sum / double(v.size()), 0.5, 0.01);
}

TEST(Rng, DifferentTasksOperandsAndSeedsDiffer) {
    std::set<std::uint64_t> keys = {streamKey(42, 0, Operand::A), streamKey(42, 0, Operand::B),
                                    streamKey(42, 1, Operand::A), streamKey(43, 0, Operand::A)};
    EXPECT_EQ(keys.size(), 4u);
}
