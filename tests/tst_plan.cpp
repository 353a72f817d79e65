// The tutorial studies and the sweep grid are built as the tutorials describe.
#include <gtest/gtest.h>

#include "core/spec/plan.h"

using namespace threadmix;

namespace {
PlanOptions options(int logical, int physical) {
    PlanOptions o;
    o.logicalCpus = logical;
    o.physicalCores = physical;
    return o;
}
} // namespace

TEST(Plan, CombineStudyHasTheTutorialsFiveRows) {
    const auto p = makeCombineStudy(options(8, 4));
    ASSERT_EQ(p.configs.size(), 5u);
    const int expected[5][2] = {{1, 1}, {1, 8}, {1, 4}, {4, 1}, {2, 8}};
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(p.configs[std::size_t(i)].spec.workers, expected[i][0]) << i;
        EXPECT_EQ(p.configs[std::size_t(i)].spec.blasThreads, expected[i][1]) << i;
        EXPECT_EQ(p.configs[std::size_t(i)].group, "combine");
    }
    // No-pool rows make their data first; pool rows inside each task, as in the tutorial.
    EXPECT_EQ(p.configs[0].spec.data, DataPlacement::Upfront);
    EXPECT_EQ(p.configs[2].spec.data, DataPlacement::Upfront);
    EXPECT_EQ(p.configs[3].spec.data, DataPlacement::InTask);
    EXPECT_EQ(p.configs[4].spec.data, DataPlacement::InTask);
    EXPECT_EQ(p.configs[0].spec.count, defaults::kCombineCount);
}

TEST(Plan, GivenDataPlacementAndSizesApplyToEveryRow) {
    auto o = options(2, 2);
    o.base.data = DataPlacement::InTask;
    o.dataGiven = true;
    o.base.count = 7;
    o.countGiven = true;
    for (const auto& c : makeCombineStudy(o).configs) {
        EXPECT_EQ(c.spec.data, DataPlacement::InTask);
        EXPECT_EQ(c.spec.count, 7);
    }
}

TEST(Plan, PitfallsCoverPoolOnBlasDotAndFill) {
    const auto p = makePitfallsStudy(options(4, 2));
    int gemm = 0, dot = 0, fill = 0;
    for (const auto& c : p.configs) {
        gemm += c.spec.workload == Workload::Gemm;
        dot += c.spec.workload == Workload::Dot;
        fill += c.spec.workload == Workload::Fill;
    }
    EXPECT_EQ(gemm, 3);
    EXPECT_EQ(dot, 2);
    EXPECT_EQ(fill, 2);
    EXPECT_EQ(p.configs[1].spec.workers * p.configs[1].spec.blasThreads, 16); // oversubscribed
    EXPECT_GT(p.configs[2].spec.chunk, 1);
    EXPECT_EQ(p.configs[3].spec.blasThreads, 1);
    EXPECT_EQ(p.configs[4].spec.blasThreads, 4);
}

TEST(Plan, SweepStartsWithTheBaselineAndCoversTheGrid) {
    auto o = options(2, 2);
    o.workersRange = {1, 3};
    o.blasRange = {2, 4};
    const auto p = makeSweep(o);
    ASSERT_EQ(p.configs.size(), 1u + 9u); // 1x1 is outside the ranges, so it is added
    EXPECT_EQ(p.configs[0].spec.workers, 1);
    EXPECT_EQ(p.configs[0].spec.blasThreads, 1);
    EXPECT_TRUE(p.budgetFactorFromFirst.has_value());
    o.blasRange = {1, 2};
    o.budgetGiven = true;
    o.base.budgetSeconds = 5;
    const auto q = makeSweep(o);
    EXPECT_EQ(q.configs.size(), 6u);
    EXPECT_FALSE(q.budgetFactorFromFirst.has_value());
    EXPECT_EQ(q.configs[3].spec.budgetSeconds, 5);
}

TEST(Plan, ValidatePlanNamesTheRow) {
    auto o = options(2, 2);
    o.base.size = 30000;
    o.sizeGiven = true;
    const auto st = validatePlan(makeCombineStudy(o), std::uint64_t(1) << 30);
    ASSERT_FALSE(st);
    EXPECT_NE(st.error().find("no pool, 1 BLAS thread"), std::string::npos) << st.error();
}
