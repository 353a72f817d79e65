// Comparing two result files: matching, ratio arithmetic, and the size sweep's crossover.
#include <gtest/gtest.h>

#include "core/results/comparison.h"
#include "core/results/crossover.h"
#include "core/spec/plan.h"
#include "tests/testsupport.h"

using namespace threadmix;

namespace {

ConfigResult result(const std::string& label, int workers, int blas, std::vector<double> secs,
                    std::int64_t size = 500) {
    return test::measuredResult(label, secs, workers, blas, size);
}

} // namespace

TEST(Comparison, MatchesByLabelThenByCellAndDividesMedians) {
    ResultSet a, b;
    a.results = {result("1 x 1", 1, 1, {2.0, 2.2, 2.1}), result("2 x 1", 2, 1, {1.0}),
                 result("only in A", 7, 7, {1.0})};
    b.results = {result("renamed", 2, 1, {0.5}), result("1 x 1", 1, 1, {4.2})};
    const auto rows = compareResults(a, b);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].b, 1); // by label
    EXPECT_NEAR(*rows[0].ratio, 2.1 / 4.2, 1e-12);
    EXPECT_EQ(rows[1].b, 0); // by workers x BLAS threads
    EXPECT_NEAR(*rows[1].ratio, 2.0, 1e-12);
    EXPECT_EQ(rows[2].b, -1);
    EXPECT_FALSE(rows[2].ratio);
    const auto text = comparisonText(a, b, "a.json", "b.json");
    EXPECT_NE(text.find("A 2.00x faster"), std::string::npos) << text;
    EXPECT_NE(text.find("B 2.00x faster"), std::string::npos) << text;
    EXPECT_NE(text.find("not in B"), std::string::npos) << text;
}

TEST(SizeSweep, ThreeCandidatesPerSizeWithConstantWork) {
    PlanOptions o;
    o.logicalCpus = 4;
    o.physicalCores = 2;
    const auto p = makeSizeSweep(o, {64, 1000});
    ASSERT_EQ(p.configs.size(), 6u);
    EXPECT_EQ(p.configs[1].spec.workers, 2);
    EXPECT_EQ(p.configs[2].spec.blasThreads, 4);
    EXPECT_EQ(p.configs[0].group, "n=64");
    EXPECT_GT(p.configs[0].spec.count, p.configs[3].spec.count); // small matrices, more of them
    EXPECT_EQ(p.configs[3].spec.count, 4);                       // 1e9 / 1000^3 = 1 -> at least 4
}

// Three tight repetitions around `t`: a difference between two such rows is beyond the noise.
std::vector<double> reps(double t) {
    return {t * 0.99, t, t * 1.01};
}

TEST(SizeSweep, CrossoverNamesWhereTheWinnerChanges) {
    std::vector<ConfigResult> rs;
    for (std::int64_t n : {64, 128, 256, 512}) {
        const bool small = n <= 128;
        rs.push_back(result("n=" + std::to_string(n) + ": 1 worker", 1, 1, reps(3.0), n));
        rs.push_back(
            result("n=" + std::to_string(n) + ": pool of 2", 2, 1, reps(small ? 1.0 : 2.0), n));
        rs.push_back(result("n=" + std::to_string(n) + ": no pool, 2 BLAS threads", 1, 2,
                            reps(small ? 2.0 : 1.0), n));
    }
    const auto text = crossoverText(rs);
    EXPECT_NE(text.find("pool of 2 is fastest from n=64 to n=128"), std::string::npos) << text;
    EXPECT_NE(text.find("no pool, 2 BLAS threads is fastest from n=256 to n=512"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("changes with the matrix size"), std::string::npos) << text;
    // The chart's lines: one per strategy, time per multiply, sizes in order; one crossover.
    const auto lines = sizeSeries(rs);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[1].strategy, "pool of 2");
    ASSERT_EQ(lines[1].points.size(), 4u);
    EXPECT_EQ(lines[1].points[0].n, 64);
    EXPECT_DOUBLE_EQ(lines[1].points[0].secondsPerTask, 1.0 / double(rs[1].config.spec.count));
    const auto marks = crossovers(rs);
    ASSERT_EQ(marks.size(), 1u);
    EXPECT_EQ(marks[0], (std::pair<std::int64_t, std::int64_t>{128, 256}));

    // Two libraries: never one winner across them; a sentence and crossovers per library.
    auto both = rs;
    for (auto r : rs) {
        r.config.spec.blasLibrary = BlasLibrary::OpenBlasPthreads;
        r.config.label = withLibrary(r.config.spec.blasLibrary, r.config.label);
        // On "OpenBLAS" the pool wins everywhere.
        if (r.config.spec.workers == 2)
            for (auto& rep : r.repetitions)
                rep.wallSeconds = 0.5;
        both.push_back(r);
    }
    const auto two = crossoverText(both);
    EXPECT_NE(two.find("openblas-pthreads: pool of 2 is fastest from n=64 to n=512"),
              std::string::npos)
        << two;
    EXPECT_EQ(crossovers(both).size(), 1u); // BLIS's only
    EXPECT_EQ(sizeSeries(both).size(), 6u);
}

// A noisy alternation of winners is no finding: the same noise test as the recommendation.
TEST(SizeSweep, ANoisyAlternationIsNoCrossover) {
    std::vector<ConfigResult> rs;
    for (std::int64_t n : {64, 128, 256, 512}) {
        // The two strategies' repetitions overlap; the medians alternate between them.
        const bool odd = n == 128 || n == 512;
        rs.push_back(
            result("n=" + std::to_string(n) + ": pool of 2", 2, 1, {1.0, odd ? 1.3 : 1.1, 1.6}, n));
        rs.push_back(result("n=" + std::to_string(n) + ": no pool, 2 BLAS threads", 1, 2,
                            {1.05, odd ? 1.2 : 1.4, 1.5}, n));
    }
    const auto text = crossoverText(rs);
    EXPECT_EQ(text.find("changes with the matrix size"), std::string::npos) << text;
    EXPECT_NE(text.find("beyond the noise"), std::string::npos) << text;
    EXPECT_TRUE(crossovers(rs).empty());
}
