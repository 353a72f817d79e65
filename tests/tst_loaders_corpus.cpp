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
