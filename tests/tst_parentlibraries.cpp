// The parent loads no BLAS library: threadmix and the test executables that stand for it (the
// window in process, the engine, the CLI tests) need neither libblis nor libopenblas; every
// library's facts come from its worker. The workers do need theirs, which shows the check sees
// a BLAS library where there is one.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

namespace {

// What the dynamic loader would load for `program`, as ldd lists it (direct and indirect).
std::string loadedBy(const std::string& program) {
    std::string out;
    if (std::FILE* p = ::popen(("ldd '" + program + "' 2>&1").c_str(), "r")) {
        char buf[4096];
        while (std::fgets(buf, sizeof buf, p))
            out += buf;
        ::pclose(p);
    }
    return out;
}

bool needsBlas(const std::string& ldd) {
    return ldd.find("libblis") != std::string::npos || ldd.find("libopenblas") != std::string::npos;
}

} // namespace

TEST(ParentLibraries, TheParentLoadsNoBlasLibrary) {
    std::vector<std::string> parents{THREADMIX_PARENT_PROGRAMS};
    ASSERT_FALSE(parents.empty());
    for (const auto& program : parents) {
        const auto ldd = loadedBy(program);
        ASSERT_NE(ldd.find("libc.so"), std::string::npos) << program << ": " << ldd;
        EXPECT_FALSE(needsBlas(ldd)) << program << " loads a BLAS library:\n" << ldd;
    }
}

TEST(ParentLibraries, TheWorkersLoadTheirs) {
    const auto blis = loadedBy(THREADMIX_BLIS_WORKER);
    EXPECT_NE(blis.find("libblis"), std::string::npos) << blis;
    EXPECT_EQ(blis.find("libopenblas"), std::string::npos) << blis;
    const auto openblas = loadedBy(THREADMIX_OPENBLAS_WORKER);
    EXPECT_NE(openblas.find("libopenblas"), std::string::npos) << openblas;
    EXPECT_EQ(openblas.find("libblis"), std::string::npos) << openblas;
}
