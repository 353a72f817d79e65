// Every seed and every input the fuzzer ever crashed on goes through the loaders again.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/base/atomicfile.h"
#include "core/formats/resultfile.h"
#include "core/run/runjournal.h"
#include "tests/fuzz/exerciseloaders.h"

namespace fs = std::filesystem;

TEST(LoadersCorpus, EveryKeptInputIsAnsweredWithoutCrashing) {
    int files = 0;
    for (const char* dir : {THREADMIX_FUZZ_DIR "/corpus", THREADMIX_FUZZ_DIR "/regressions"}) {
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(dir, ec)) {
            if (!e.is_regular_file() || e.path().filename() == "README.md")
                continue;
            const auto text = threadmix::readWholeFile(e.path().string(), 1 << 24);
            ASSERT_TRUE(text) << text.error();
            const auto json = threadmix::parseJson(text.value());
            const auto csv = threadmix::parseCsv(text.value());
            const auto journal = threadmix::parseJournal(text.value(), e.path().string());
            threadmix::test::exerciseLoaders(text.value()); // must not throw or crash
            // Either parsed or refused with words.
            EXPECT_TRUE(json || !json.error().empty());
            EXPECT_TRUE(csv || !csv.error().empty());
            EXPECT_TRUE(journal || !journal.error().empty());
            ++files;
        }
    }
    EXPECT_GE(files, 3) << "the seed corpus is missing";
}

// The seed files were written before group keys: their rows get the keys their plan makes.
TEST(LoadersCorpus, FilesBeforeGroupKeysLoadWithTheirGroups) {
    const auto text = threadmix::readWholeFile(THREADMIX_FUZZ_DIR "/corpus/sweep.json", 1 << 24);
    ASSERT_TRUE(text) << text.error();
    ASSERT_EQ(text.value().find("group_key"), std::string::npos) << "the seed is no longer old";
    const auto set = threadmix::parseJson(text.value());
    ASSERT_TRUE(set) << set.error();
    ASSERT_FALSE(set.value().results.empty());
    for (const auto& r : set.value().results) {
        EXPECT_EQ(r.config.group.plan, threadmix::PlanKind::Sweep);
        EXPECT_FALSE(r.config.group.library);
        EXPECT_TRUE(r.config.group.name.empty());
        EXPECT_EQ(threadmix::groupText(r.config.group), "sweep");
        EXPECT_EQ(r.config.group, set.value().results.front().config.group);
    }
    // A CSV file says no plan: its groups are the names it wrote, one group here.
    const auto csvText = threadmix::readWholeFile(THREADMIX_FUZZ_DIR "/corpus/sweep.csv", 1 << 24);
    ASSERT_TRUE(csvText) << csvText.error();
    const auto csv = threadmix::parseCsv(csvText.value());
    ASSERT_TRUE(csv) << csv.error();
    for (const auto& r : csv.value().results)
        EXPECT_EQ(threadmix::groupText(r.config.group), "sweep");
    // The journal's plan too.
    const auto journal = threadmix::parseJournal(
        threadmix::readWholeFile(THREADMIX_FUZZ_DIR "/corpus/run.journal", 1 << 24).value(),
        "run.journal");
    ASSERT_TRUE(journal) << journal.error();
    for (const auto& c : journal.value().plan.configs)
        EXPECT_EQ(c.group, threadmix::groupKeyOf(threadmix::PlanKind::Sweep, c.spec, false));
    ASSERT_FALSE(journal.value().finished.empty());
    for (const auto& [index, r] : journal.value().finished)
        EXPECT_EQ(r.config.group, journal.value().plan.configs.at(index).group);
}
