// Result files: JSON and CSV round trips, Markdown, and clear errors for bad files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/base/atomicfile.h"
#include "core/formats/resultfile.h"
#include "core/run/dryrun.h"
#include "core/run/libraryprobe.h"
#include "tests/testsupport.h"

using namespace threadmix;

namespace {

ResultSet sample() {
    ResultSet set;
    set.kind = PlanKind::Sweep;
    set.machine = collectMachineInfo();
    for (int w = 1; w <= 2; ++w) {
        ConfigResult r;
        r.config.label = w == 1 ? "1 x 1" : "pool, \"quoted\", with commas";
        r.config.group = groupKeyOf(PlanKind::Sweep, RunSpec{}, false);
        r.config.spec = test::tinySpec();
        r.config.spec.workers = w;
        if (w == 2) {
            r.config.spec.blasLibrary = BlasLibrary::OpenBlasOpenMP;
            r.config.spec.threadControl = ThreadControl::ProcessWide;
            r.config.spec.kernel = "SkylakeX";
        }
        r.elapsedSeconds = 1.25 * w;
        for (int k = 0; k < 3; ++k) {
            RepetitionResult rep;
            rep.wallSeconds = 0.1 * w + 0.01 * k;
            rep.cpuSeconds = 0.2 + k;
            rep.dataSeconds = 0.03;
            rep.computeSeconds = rep.wallSeconds - 0.03;
            rep.ctxVoluntary = 4 + k;
            rep.ctxInvoluntary = 10 * k;
            rep.peakRssBytes = 1000000 + k;
            rep.tasks = {TaskRecord{0, 0.0, 0.01, 0.05, 0.05},
                         TaskRecord{1, 0.0, 0.02, 0.06, 0.07}};
            r.repetitions.push_back(rep);
        }
        set.results.push_back(r);
    }
    set.results.back().status = RunStatus::TimedOut;
    set.results.back().reason = "time budget used up";
    return set;
}

} // namespace

// GFLOP/s has one basis, the multiply phase, as the calibrated peak: making data up front does
// not lower it (the whole repetition's rate has its own name).
TEST(ConfigResult, GflopsIsOfTheMultiplyPhase) {
    ConfigResult r;
    r.config.spec.workload = Workload::Gemm;
    r.config.spec.size = 100;
    r.config.spec.count = 10;
    for (int i = 0; i < 3; ++i) {
        RepetitionResult rep;
        rep.wallSeconds = 2.0;
        rep.dataSeconds = 1.0;
        rep.computeSeconds = 1.0;
        r.repetitions.push_back(rep);
    }
    const double flops = 2.0 * 100 * 100 * 100 * 10;
    ASSERT_TRUE(r.gflops());
    EXPECT_DOUBLE_EQ(*r.gflops(), flops / 1.0 * 1e-9);
    EXPECT_DOUBLE_EQ(*r.gflopsWholeRepetition(), flops / 2.0 * 1e-9);
    EXPECT_DOUBLE_EQ(*r.percentOfPeak(flops * 1e-9), 100.0);
}

TEST(ResultFile, JsonRoundTripKeepsEverything) {
    const auto set = sample();
    const auto text = toJson(set);
    const auto j = nlohmann::json::parse(text);
    EXPECT_EQ(j["schema"], "threadmix/1");
    const auto& r0 = j["results"][0];
    for (const char* key :
         {"label", "workload", "count", "size", "workers", "blas_threads", "chunk", "data",
          "status", "seconds", "median_seconds", "gflops", "cpu_seconds", "ctx_voluntary",
          "ctx_involuntary", "peak_rss_bytes", "repetitions"})
        EXPECT_TRUE(r0.contains(key)) << key;
    EXPECT_EQ(r0["repetitions"][0]["tasks"].size(), 2u);
    EXPECT_DOUBLE_EQ(r0["median_seconds"].get<double>(), 0.11);

    const auto back = parseJson(text);
    ASSERT_TRUE(back) << back.error();
    EXPECT_EQ(back->kind, PlanKind::Sweep);
    EXPECT_EQ(back->machine, set.machine);
    ASSERT_EQ(back->results.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i) {
        const auto& a = set.results[i];
        const auto& b = back->results[i];
        EXPECT_EQ(a.config.label, b.config.label);
        EXPECT_EQ(a.config.spec, b.config.spec);
        EXPECT_EQ(a.status, b.status);
        EXPECT_EQ(a.reason, b.reason);
        EXPECT_EQ(a.wallSeconds(), b.wallSeconds());
        EXPECT_EQ(a.repetitions[1].tasks, b.repetitions[1].tasks);
        EXPECT_EQ(a.repetitions[2].ctxInvoluntary, b.repetitions[2].ctxInvoluntary);
    }
}

TEST(ResultFile, CsvRoundTripKeepsTheSummary) {
    const auto set = sample();
    const auto back = parseCsv(toCsv(set));
    ASSERT_TRUE(back) << back.error();
    ASSERT_EQ(back->results.size(), set.results.size());
    for (std::size_t i = 0; i < set.results.size(); ++i) {
        const auto& a = set.results[i];
        const auto& b = back->results[i];
        EXPECT_EQ(a.config.label, b.config.label);
        EXPECT_EQ(a.config.spec.workers, b.config.spec.workers);
        EXPECT_EQ(a.config.spec.size, b.config.spec.size);
        EXPECT_EQ(a.status, b.status);
        EXPECT_EQ(a.wallSeconds(), b.wallSeconds());
        EXPECT_EQ(a.medianSeconds(), b.medianSeconds());
        EXPECT_EQ(a.gflops(), b.gflops());
        EXPECT_DOUBLE_EQ(a.medianOf(&RepetitionResult::cpuSeconds),
                         b.medianOf(&RepetitionResult::cpuSeconds));
        EXPECT_EQ(a.peakRssBytes(), b.peakRssBytes());
        EXPECT_EQ(a.config.spec.blasLibrary, b.config.spec.blasLibrary);
        EXPECT_EQ(a.config.spec.threadControl, b.config.spec.threadControl);
        EXPECT_EQ(a.config.spec.kernel, b.config.spec.kernel);
    }
}

// CSV files written before the library columns existed still load (as BLIS, OpenMP).
TEST(ResultFile, CsvWithoutTheLibraryColumnsStillLoads) {
    const auto text = toCsv(sample());
    std::vector<std::vector<std::string>> lines;
    auto header = text.substr(0, text.find('\n'));
    auto drop = [&](std::string& line, int index) {
        // Remove the index-th comma-separated field (the fields dropped here have no commas).
        std::size_t start = 0;
        for (int i = 0; i < index; ++i)
            start = line.find(',', start) + 1;
        const auto end = line.find(',', start);
        line.erase(start, end - start + 1);
    };
    // Column positions of blas_library, thread_control, kernel in the header.
    std::vector<int> positions;
    {
        std::size_t start = 0;
        int i = 0;
        while (start <= header.size()) {
            const auto end = std::min(header.find(',', start), header.size());
            const auto name = header.substr(start, end - start);
            if (name == "blas_library" || name == "thread_control" || name == "kernel")
                positions.push_back(i);
            start = end + 1;
            ++i;
        }
    }
    ASSERT_EQ(positions.size(), 3u);
    std::string old;
    std::size_t at = 0;
    int lineNo = 0;
    while (at < text.size()) {
        auto end = text.find('\n', at);
        std::string line = text.substr(at, end - at);
        if (lineNo == 0) // the quoted label holds commas: only rewrite the header and row 1
            for (auto p = positions.rbegin(); p != positions.rend(); ++p)
                drop(line, *p);
        if (lineNo <= 1)
            old += line + "\n";
        at = end + 1;
        ++lineNo;
    }
    // Row 1 (plain label) needs the same fields removed.
    auto rowStart = old.find('\n') + 1;
    std::string row = old.substr(rowStart, old.size() - rowStart - 1);
    for (auto p = positions.rbegin(); p != positions.rend(); ++p)
        drop(row, *p);
    old = old.substr(0, rowStart) + row + "\n";
    const auto back = parseCsv(old);
    ASSERT_TRUE(back) << back.error() << "\n" << old;
    ASSERT_EQ(back->results.size(), 1u);
    EXPECT_EQ(back->results[0].config.spec.blasLibrary, BlasLibrary::BlisOpenMP);
    // A header naming a column ThreadMix does not know is refused.
    EXPECT_FALSE(parseCsv("mystery," + text));
}

TEST(ResultFile, MarkdownHasTheTable) {
    const auto md = toMarkdown(sample());
    EXPECT_NE(md.find("| Configuration |"), std::string::npos);
    EXPECT_NE(md.find("timed out > "), std::string::npos);
    EXPECT_NE(md.find("pool, \"quoted\", with commas"), std::string::npos);
}

TEST(ResultFile, BadFilesGiveClearErrors) {
    const auto good = toJson(sample());
    struct Case {
        std::string text;
        std::string expect;
    } cases[] = {
        {"", "empty"},
        {"   \n", "empty"},
        {good.substr(0, good.size() / 2), "not valid JSON"},
        {std::string("\x00\xff\xfe binary", 10), "not valid JSON"},
        {"[1,2,3]", "not a ThreadMix result file"},
        {R"({"schema":"threadmix/99","results":[]})", "unsupported schema"},
        {R"({"schema":"threadmix/1"})", "no \"results\""},
        {R"({"schema":"threadmix/1","results":[{"label":3}]})", "result 1 is malformed"},
        {R"({"schema":"threadmix/1","results":[{"label":"x","status":"weird","seconds":[]}]})",
         "unknown status"},
        {R"({"schema":"threadmix/1","results":[{"label":"x","status":"ok","seconds":[-1]}]})",
         "non-negative"},
    };
    for (const auto& c : cases) {
        const auto r = parseJson(c.text);
        ASSERT_FALSE(r) << c.text;
        EXPECT_NE(r.error().find(c.expect), std::string::npos) << r.error();
    }
    EXPECT_FALSE(parseCsv("a,b,c\n1,2,3\n"));
    EXPECT_FALSE(parseCsv(toCsv(sample()) + "\"unterminated"));
}

TEST(ResultFile, LoadFromDiskByContent) {
    const auto dir = test::scratchDir("load");
    ASSERT_TRUE(writeFileAtomically(dir + "/a.json", toJson(sample())));
    ASSERT_TRUE(writeFileAtomically(dir + "/a.csv", toCsv(sample())));
    EXPECT_TRUE(loadResultFile(dir + "/a.json"));
    EXPECT_TRUE(loadResultFile(dir + "/a.csv"));
    const auto missing = loadResultFile(dir + "/nope.json");
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().find("nope.json"), std::string::npos);
    std::filesystem::remove_all(dir);
}

// The key goes into the file beside the group's name; a file without keys (written before them)
// gets each row's key from its spec and the plan's kind, the same as the plan made them.
TEST(ResultFile, GroupKeysAreWrittenAndDerivedForOldFiles) {
    PlanOptions o;
    o.logicalCpus = 4;
    o.physicalCores = 2;
    o.libraries = {BlasLibrary::BlisOpenMP, BlasLibrary::OpenBlasPthreads};
    for (const auto& plan : {makePitfallsStudy(o), makeSizeSweep(o, {64, 128}), makeSweep(o)}) {
        const ResultSet set = plannedResults(plan, MachineInfo{});
        auto j = nlohmann::json::parse(toJson(set));
        for (std::size_t i = 0; i < plan.configs.size(); ++i) {
            const auto& row = j.at("results").at(i);
            EXPECT_EQ(row.at("group"), groupText(plan.configs[i].group));
            EXPECT_EQ(row.at("group_key").get<GroupKey>(), plan.configs[i].group);
        }
        const auto now = parseJson(j.dump());
        ASSERT_TRUE(now) << now.error();
        for (auto& row : j.at("results"))
            row.erase("group_key");
        const auto old = parseJson(j.dump());
        ASSERT_TRUE(old) << old.error();
        for (std::size_t i = 0; i < plan.configs.size(); ++i) {
            EXPECT_EQ(now.value().results[i].config.group, plan.configs[i].group);
            EXPECT_EQ(old.value().results[i].config.group, plan.configs[i].group)
                << plan.configs[i].label;
        }
        // CSV keeps the names: one group per name written, in the same places.
        const auto csv = parseCsv(toCsv(set));
        ASSERT_TRUE(csv) << csv.error();
        for (std::size_t i = 0; i < plan.configs.size(); ++i)
            for (std::size_t k = 0; k < plan.configs.size(); ++k)
                EXPECT_EQ(csv.value().results[i].config.group ==
                              csv.value().results[k].config.group,
                          plan.configs[i].group == plan.configs[k].group);
    }
}

// Test hooks are no part of a spec: none is written, and a file from before they left (with
// "fault") still loads.
TEST(ResultFile, SpecsCarryNoTestHookAndOldFaultKeysStillLoad) {
    const nlohmann::json written = test::tinySpec();
    EXPECT_FALSE(written.contains("fault")) << written.dump();
    auto old = written;
    old["fault"] = "hang";
    const auto back = old.get<RunSpec>();
    EXPECT_EQ(back, test::tinySpec());
}
