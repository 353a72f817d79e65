// Atomic writes: complete new content or the old file untouched, with the reason.
#include <gtest/gtest.h>

#include <sys/resource.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "core/base/atomicfile.h"
#include "tests/testsupport.h"

using namespace threadmix;

TEST(AtomicFile, WritesAndReplaces) {
    const auto dir = test::scratchDir("atomic");
    const auto path = dir + "/r.json";
    ASSERT_TRUE(writeFileAtomically(path, "first"));
    ASSERT_TRUE(writeFileAtomically(path, "second"));
    EXPECT_EQ(*readWholeFile(path, 1000), "second");
    // No temporary left behind.
    int files = 0;
    for (auto& e : std::filesystem::directory_iterator(dir)) {
        (void)e;
        ++files;
    }
    EXPECT_EQ(files, 1);
    std::filesystem::remove_all(dir);
}

TEST(AtomicFile, FullDiskSaysWhy) {
    const auto st = writeFileAtomically("/dev/full", std::string(100000, 'x'));
    ASSERT_FALSE(st);
    EXPECT_NE(st.error().find("No space left"), std::string::npos) << st.error();
}

TEST(AtomicFile, MissingFolderLeavesNothing) {
    const auto st = writeFileAtomically("/nonexistent-threadmix-dir/r.json", "x");
    ASSERT_FALSE(st);
    EXPECT_NE(st.error().find("/nonexistent-threadmix-dir"), std::string::npos);
}

TEST(AtomicFile, WriteFailingPartWayKeepsPreviousFile) {
    const auto dir = test::scratchDir("atomic-keep");
    const auto path = dir + "/r.json";
    ASSERT_TRUE(writeFileAtomically(path, "previous"));
    // A file-size limit makes the write fail after its first 4 KiB, like a disk filling up.
    rlimit old{};
    getrlimit(RLIMIT_FSIZE, &old);
    auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = old;
    small.rlim_cur = 4096;
    setrlimit(RLIMIT_FSIZE, &small);
    const auto st = writeFileAtomically(path, std::string(1 << 20, 'x'));
    setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, oldHandler);
    ASSERT_FALSE(st);
    EXPECT_NE(st.error().find("File too large"), std::string::npos) << st.error();
    EXPECT_EQ(*readWholeFile(path, 1000), "previous");
    int files = 0;
    for (auto& e : std::filesystem::directory_iterator(dir)) {
        (void)e;
        ++files;
    }
    EXPECT_EQ(files, 1) << "the temporary file was left behind";
    std::filesystem::remove_all(dir);
}
