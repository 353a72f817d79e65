// The kernel rule: measured best only beyond the noise; the cache is per machine; every kernel
// the CPU runs can be selected in a child and really runs there.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/machine/kernelchoice.h"
#include "core/machine/machineinfo.h"
#include "core/measure/kernels.h"
#include "core/run/kernelcalibration.h"
#include "core/run/libraryprobe.h"
#include "tests/testsupport.h"

using namespace threadmix;

namespace {

// The BLIS the workers load, as its worker says.
const blas::BuildInfo& blis() {
    static const auto probe = probeLibrary(builtBlasLibrary());
    EXPECT_TRUE(probe.problem.empty()) << probe.problem;
    return probe.info;
}

// The rule for BLIS on this machine, with `calibration` as if loaded for it.
KernelChoice chooseBlis(const std::optional<KernelCalibration>& calibration) {
    return chooseKernel(BlasFamily::Blis, blis().kernel, std::getenv("BLIS_ARCH_TYPE"),
                        blas::runnableKernels(BlasFamily::Blis, blis().kernels), blis().version,
                        calibration);
}

std::optional<KernelCalibration> loadBlisCalibration() {
    return loadKernelCalibration(BlasFamily::Blis, blis().version, blis().kernels);
}

KernelChoice chooseOpenBlasKernel(const std::string& pick, const char* environment,
                                  const std::vector<std::string>& runnable,
                                  const std::string& version,
                                  const std::optional<KernelCalibration>& calibration = {}) {
    return chooseKernel(BlasFamily::OpenBlas, pick, environment, runnable, version, calibration);
}

KernelCalibration calibrationWith(const std::string& pick, std::vector<double> pickRates,
                                  const std::string& other, std::vector<double> otherRates) {
    KernelCalibration c;
    c.fingerprint = cpuFingerprint();
    c.blisVersion = blis().version;
    c.logicalCpus = 2;
    c.rounds = int(pickRates.size());
    c.date = "2026-01-01T00:00:00Z";
    c.pick = pick;
    c.kernels.push_back(KernelRates{pick, pickRates, pickRates});
    c.kernels.push_back(KernelRates{other, otherRates, otherRates});
    return c;
}

// A kernel of this build other than the pick.
std::string anotherKernel(const std::string& pick) {
    return pick == "generic" ? blis().kernels.front() : "generic";
}

} // namespace

TEST(KernelChoice, MeasuredBestWinsOnlyBeyondTheNoise) {
    const auto pick = chooseBlis(std::nullopt).kernel;
    const auto other = anotherKernel(pick);
    if (std::getenv("BLIS_ARCH_TYPE"))
        GTEST_SKIP() << "BLIS_ARCH_TYPE is set: the environment decides";

    const auto clear = calibrationWith(pick, {50, 52, 51}, other, {70, 72, 75});
    EXPECT_TRUE(clear.bestBeatsPick());
    const auto chosen = chooseBlis(clear);
    EXPECT_EQ(chosen.kernel, other);
    EXPECT_NE(chosen.reason.find("measured fastest"), std::string::npos) << chosen.reason;

    // Faster median, but the ranges overlap: noise, so BLIS's pick stays.
    const auto noisy = calibrationWith(pick, {50, 60, 55}, other, {58, 62, 54});
    EXPECT_EQ(noisy.best()->kernel, other);
    EXPECT_FALSE(noisy.bestBeatsPick());
    const auto kept = chooseBlis(noisy);
    EXPECT_EQ(kept.kernel, pick);
    EXPECT_NE(kept.reason.find("within the noise"), std::string::npos) << kept.reason;

    // The pick measured fastest: it stays, and the reason says it was measured.
    const auto slower = calibrationWith(pick, {70, 72, 75}, other, {50, 52, 51});
    EXPECT_EQ(chooseBlis(slower).kernel, pick);
    EXPECT_NE(chooseBlis(slower).reason.find("fastest too"), std::string::npos);
}

TEST(KernelChoice, TheCacheBelongsToThisMachineAndBlisVersion) {
    const auto dir = test::scratchDir("kernel-cache");
    ::setenv("XDG_CACHE_HOME", dir.c_str(), 1);
    const auto pick = chooseBlis(std::nullopt).kernel;
    auto c = calibrationWith(pick, {50, 52, 51}, anotherKernel(pick), {70, 72, 75});
    c.logicalCpus = logicalCpuCount();
    ASSERT_TRUE(storeKernelCalibration(c));
    const auto back = loadBlisCalibration();
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->best()->kernel, c.best()->kernel);
    EXPECT_EQ(back->kernels[1].gflopsOne, c.kernels[1].gflopsOne);

    c.fingerprint = "GenuineIntel family 6 model 207 stepping 2 flags 0";
    ASSERT_TRUE(storeKernelCalibration(c));
    EXPECT_FALSE(loadBlisCalibration().has_value()) << "another CPU's calibration was used";
    c.fingerprint = cpuFingerprint();
    c.blisVersion = "0.8.1";
    ASSERT_TRUE(storeKernelCalibration(c));
    EXPECT_FALSE(loadBlisCalibration().has_value()) << "another BLIS's calibration was used";
    ::unsetenv("XDG_CACHE_HOME");
    std::filesystem::remove_all(dir);
}

TEST(KernelChoice, EveryRunnableKernelRunsInAChildAsAsked) {
    const auto runnable = blas::runnableKernels(BlasFamily::Blis, blis().kernels);
    ASSERT_FALSE(runnable.empty());
    EXPECT_EQ(runnable.back(), "generic");
    const auto pick = chooseBlis(std::nullopt).kernel;
    EXPECT_NE(std::find(runnable.begin(), runnable.end(), pick), runnable.end())
        << "the default kernel " << pick << " is not one this CPU runs";

    KernelCalibrationOptions tiny;
    tiny.size = 64;
    tiny.count = 1;
    tiny.rounds = 1;
    int calls = 0;
    tiny.progress = [&](int done, int total, const std::string&) {
        ++calls;
        EXPECT_LE(done, total);
    };
    const auto c = calibrateKernels(IsolatedRunner(), {}, tiny);
    ASSERT_TRUE(c) << c.error();
    ASSERT_EQ(c->kernels.size(), runnable.size());
    for (const auto& k : c->kernels) {
        EXPECT_EQ(k.gflopsOne.size(), 1u) << k.kernel << " did not run (or ran another kernel)";
        EXPECT_EQ(k.gflopsAll.size(), 1u) << k.kernel;
    }
    EXPECT_EQ(calls, int(runnable.size()) * (logicalCpuCount() > 1 ? 2 : 1));
    EXPECT_NE(c->table().find("generic"), std::string::npos);
}

TEST(KernelChoice, AChildRefusesAKernelThatIsNotTheOneRunning) {
    // BLIS runs its own pick when BLIS_ARCH_TYPE names no kernel; a spec asking for a name
    // BLIS does not know must fail, not measure another kernel under that name.
    RunSpec s = test::tinySpec();
    s.kernel = "no-such-kernel";
    const auto o = IsolatedRunner().runOnce(s, monotonicSeconds() + 60, {});
    EXPECT_EQ(o.status, RunStatus::Failed);
    EXPECT_NE(o.reason.find("no-such-kernel"), std::string::npos) << o.reason;
}

// OpenBLAS: the environment wins (as for numpy); a pick older than the CPU is replaced; a
// calibration's best wins only beyond the noise.
TEST(KernelChoice, OpenBlasRule) {
    const std::vector<std::string> avx512{"SkylakeX", "Haswell", "Zen", "Sandybridge", "Prescott"};
    const std::vector<std::string> avx2{"Haswell", "Zen", "Sandybridge", "Prescott"};
    const std::vector<std::string> old{"Sandybridge", "Nehalem", "Prescott"};

    auto c = chooseOpenBlasKernel("Prescott", nullptr, avx512, "0.3.21");
    EXPECT_EQ(c.kernel, "SkylakeX");
    EXPECT_EQ(c.source, "fallback");
    EXPECT_NE(c.reason.find("Prescott"), std::string::npos) << c.reason;
    EXPECT_EQ(chooseOpenBlasKernel("Prescott", nullptr, avx2, "0.3.21").kernel, "Haswell");
    c = chooseOpenBlasKernel("Prescott", nullptr, old, "0.3.21");
    EXPECT_EQ(c.kernel, "Prescott"); // nothing better runs here
    EXPECT_EQ(c.source, "openblas");
    EXPECT_EQ(chooseOpenBlasKernel("Cooperlake", nullptr, avx512, "0.3.21").kernel, "Cooperlake");
    EXPECT_EQ(chooseOpenBlasKernel("Zen", nullptr, avx2, "0.3.21").source, "openblas");
    c = chooseOpenBlasKernel("Cooperlake", "Haswell", avx512, "0.3.21");
    EXPECT_EQ(c.kernel, "Haswell");
    EXPECT_EQ(c.source, "environment");

    KernelCalibration cal;
    cal.family = "OpenBLAS";
    cal.logicalCpus = 2;
    cal.date = "2026-01-01T00:00:00Z";
    cal.kernels = {KernelRates{"SkylakeX", {80, 82, 84}, {160, 162, 164}},
                   KernelRates{"Haswell", {50, 52, 54}, {100, 102, 104}}};
    // The measured best beats the rule's choice beyond the noise: measured.
    c = chooseOpenBlasKernel("Haswell", nullptr, avx512, "0.3.21", cal);
    EXPECT_EQ(c.kernel, "SkylakeX");
    EXPECT_EQ(c.source, "measured");
    // Within the noise: the rule's choice stays.
    cal.kernels[1] = KernelRates{"Haswell", {79, 83, 90}, {150, 163, 170}};
    EXPECT_EQ(chooseOpenBlasKernel("Haswell", nullptr, avx512, "0.3.21", cal).kernel, "Haswell");
    // The environment still wins, but a slower one is called out with what to do.
    cal.kernels[1] = KernelRates{"Haswell", {50, 52, 54}, {100, 102, 104}};
    c = chooseOpenBlasKernel("Cooperlake", "haswell", avx512, "0.3.21", cal);
    EXPECT_EQ(c.kernel, "haswell");
    EXPECT_NE(c.reason.find("--kernel SkylakeX"), std::string::npos) << c.reason;
}

// A calibration is kept per family, and read back only for the same library version.
TEST(KernelChoice, OpenBlasCalibrationIsCachedApart) {
    KernelCalibration cal;
    cal.family = "OpenBLAS";
    cal.fingerprint = cpuFingerprint();
    cal.blisVersion = "0.3.21";
    cal.logicalCpus = logicalCpuCount();
    cal.pick = "Haswell";
    cal.kernels = {KernelRates{"Haswell", {50}, {100}}};
    ASSERT_TRUE(storeKernelCalibration(cal));
    EXPECT_NE(kernelCachePath(BlasFamily::OpenBlas), kernelCachePath(BlasFamily::Blis));
    EXPECT_TRUE(loadKernelCalibration(BlasFamily::OpenBlas, "0.3.21",
                                      blas::kernelNames(BlasFamily::OpenBlas))
                    .has_value());
    EXPECT_FALSE(loadKernelCalibration(BlasFamily::OpenBlas, "0.3.26",
                                       blas::kernelNames(BlasFamily::OpenBlas))
                     .has_value());
    std::filesystem::remove(kernelCachePath(BlasFamily::OpenBlas));
}

// Each kernel name is written once, in the table (core/measure/kernels.cpp): no other source
// of the product spells one in a string, so help texts, checks and rules all read the table.
TEST(KernelChoice, KernelNamesAreWrittenOnlyInTheTable) {
    namespace fs = std::filesystem;
    auto lower = [](std::string t) {
        for (auto& ch : t)
            ch = char(std::tolower(static_cast<unsigned char>(ch)));
        return t;
    };
    std::vector<std::string> quoted;
    for (const auto& k : blas::allKernels())
        quoted.push_back("\"" + lower(std::string(k.name)) + "\"");
    int files = 0;
    for (const char* room : {"core", "app", "ui"})
        for (const auto& e :
             fs::recursive_directory_iterator(fs::path(THREADMIX_SOURCE_DIR) / room)) {
            const auto ext = e.path().extension();
            if (!e.is_regular_file() || (ext != ".cpp" && ext != ".h") ||
                e.path().filename() == "kernels.cpp")
                continue;
            ++files;
            std::ifstream in(e.path());
            std::string line;
            for (int n = 1; std::getline(in, line); ++n) {
                line = lower(line.substr(0, line.find("//"))); // comments may give examples
                for (const auto& q : quoted)
                    EXPECT_EQ(line.find(q), std::string::npos)
                        << e.path().string() << ":" << n << " names the kernel " << q
                        << " outside the table";
            }
        }
    EXPECT_GT(files, 50);
}

// The one rule replaces a fallback by the table's ranking, for both families alike.
TEST(KernelChoice, FallbacksAreReplacedFromTheTable) {
    EXPECT_EQ(blas::fallbackReplacement(BlasFamily::Blis, "haswell", {"haswell", "generic"}), "");
    EXPECT_EQ(blas::fallbackReplacement(BlasFamily::Blis, "generic", {"skx", "haswell", "generic"}),
              "skx");
    EXPECT_EQ(blas::fallbackReplacement(BlasFamily::Blis, "generic", {"generic"}), "");
    EXPECT_EQ(blas::fallbackReplacement(BlasFamily::OpenBlas, "prescott", {"Haswell", "Zen"}),
              "Haswell");
    // A pick newer than the table stays: it is no fallback ThreadMix knows of.
    EXPECT_EQ(blas::fallbackReplacement(BlasFamily::OpenBlas, "SapphireRapids", {"SkylakeX"}), "");
    const auto c =
        chooseKernel(BlasFamily::Blis, "generic", nullptr, {"haswell", "generic"}, "0.9.0");
    EXPECT_EQ(c.kernel, "haswell");
    EXPECT_EQ(c.source, "fallback");
    EXPECT_EQ(chooseKernel(BlasFamily::Blis, "zen3", "7", {"haswell"}, "0.9.0").kernel, "zen3")
        << "BLIS_ARCH_TYPE is a number: the pick the worker reported is what it names";
}
