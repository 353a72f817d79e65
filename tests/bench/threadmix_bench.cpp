// threadmix_bench: measures what the engine costs, side by side in one run, against the
// targets of issue 4, and prints (and optionally writes as Markdown) a table of ratios.
#include "core/measure/mpipool.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QTimer>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/base/atomicfile.h"
#include "core/base/childprocess.h"
#include "core/base/statistics.h"
#include "core/machine/kernelchoice.h"
#include "core/machine/machineinfo.h"
#include "core/machine/machinereport.h"
#include "core/measure/blas.h"
#include "core/measure/rng.h"
#include "core/run/engine.h"
#include "core/run/isolatedrunner.h"
#include "core/run/libraryprobe.h"
#include "core/run/peakcalibration.h"
#include "core/run/runsession.h"
#include "core/spec/limits.h"
#include "core/spec/plan.h"
#include "tests/bench/plainloop.h"
#include "ui/charts/heatmapview.h"
#include "ui/charts/timingbarsview.h"
#include "ui/model/runmodel.h"
#include "ui/run/enginecontroller.h"

using namespace threadmix;

namespace {

struct Row {
    std::string metric;
    std::string target;
    std::string measured;
    std::string verdict; // "met", "NOT met", or "info"
};

struct Options {
    bool tiny = false;
    bool onlyStreaming = false;  // issue 18 item 7's rows alone (no measuring children)
    bool onlyProcesses = false;  // issue 19 item 6's rows alone (the process pool)
    bool largeProcesses = false; // those rows on larger sizes and more passes
    bool onlyMpi = false;        // issue 20 item 7's rows alone (the MPI pool)
    std::string markdown;
    std::string threadmix; // the threadmix executable, for the window start-up probe
};

double median(std::vector<double> v) {
    return summarize(std::move(v)).median;
}

std::string verdict(bool ok) {
    return ok ? "met" : "NOT met";
}

Configuration config(const RunSpec& s) {
    return Configuration{"bench", {}, s};
}

RunSpec gemmSpec(std::int64_t count, std::int64_t size, int workers, int blas, DataPlacement d) {
    RunSpec s;
    s.workload = Workload::Gemm;
    s.count = count;
    s.size = size;
    s.workers = workers;
    s.blasThreads = blas;
    s.data = d;
    s.init = Init::Random;
    s.repeats = 1;
    s.warmup = 0;
    s.budgetSeconds = 600;
    s.kernel = autoKernel().kernel;
    return s;
}

// Runs `copies` plain loops at once; returns each one's seconds (empty on failure). BLIS
// loops run in this program (--plain-loop); other libraries in threadmix_plainloop_openblas,
// with the environment the engine's child of that library gets (variant, threads, kernel).
// `started`: each one's "started" figure (plain processes only).
std::vector<double> runPlainLoops(const PlainLoop& l, int copies,
                                  BlasLibrary library = BlasLibrary::BlisOpenMP,
                                  std::vector<double>* started = nullptr) {
    const std::string self = currentExecutable();
    std::string program = self;
    std::vector<std::string> env;
    if (facts(library).family == BlasFamily::OpenBlas) {
        program = self.substr(0, self.rfind('/') + 1) + "threadmix_plainloop_openblas";
        RunSpec s;
        s.blasLibrary = library;
        s.blasThreads = l.threads;
        s.kernel = autoOpenBlasKernel().kernel;
        env = libraryEnvironment(s, true);
    }
    std::vector<std::unique_ptr<ChildProcess>> kids;
    for (int i = 0; i < copies; ++i) {
        kids.push_back(std::make_unique<ChildProcess>());
        if (!kids.back()->start(program,
                                {"--plain-loop", std::to_string(l.n), std::to_string(l.count),
                                 std::to_string(l.threads), l.makeData ? "1" : "0",
                                 std::to_string(l.workers), l.processes ? "1" : "0"},
                                env))
            return {};
    }
    std::vector<double> seconds;
    for (auto& k : kids) {
        k->wait(monotonicSeconds() + 600, {});
        const auto pos = k->out().find("seconds ");
        if (pos == std::string::npos)
            return {};
        seconds.push_back(std::stod(k->out().substr(pos + 8)));
        if (started) {
            const auto at = k->out().find("started ");
            if (at == std::string::npos)
                return {};
            started->push_back(std::stod(k->out().substr(at + 8)));
        }
    }
    return seconds;
}

// 1. Engine overhead: engine (child process) vs a plain in-process loop, interleaved.
void engineOverhead(const Options& o, std::vector<Row>& rows) {
    const std::int64_t n = 500, count = o.tiny ? 4 : 32;
    const int passes = o.tiny ? 3 : 9;
    std::vector<std::vector<double>> a{std::size_t(count)}, b{std::size_t(count)},
        c{std::size_t(count)};
    for (std::int64_t t = 0; t < count; ++t) {
        a[std::size_t(t)].resize(std::size_t(n * n));
        b[std::size_t(t)].resize(std::size_t(n * n));
        c[std::size_t(t)].assign(std::size_t(n * n), 0.0);
        fillUniform(a[std::size_t(t)].data(), a[std::size_t(t)].size(),
                    streamKey(42, t, Operand::A));
        fillUniform(b[std::size_t(t)].data(), b[std::size_t(t)].size(),
                    streamKey(42, t, Operand::B));
    }
    auto plainPass = [&] {
        const double t0 = monotonicSeconds();
        for (std::int64_t t = 0; t < count; ++t)
            blas::gemm(n, a[std::size_t(t)].data(), b[std::size_t(t)].data(),
                       c[std::size_t(t)].data(), 1);
        return monotonicSeconds() - t0;
    };
    const auto spec = gemmSpec(count, n, 1, 1, DataPlacement::Upfront);
    Engine engine;
    plainPass(); // warm-up of both sides
    engine.runConfiguration(0, config(spec), 600, nullptr, {});
    std::vector<double> plain, compute, wall, startup, transfer, child, dataShare;
    for (int i = 0; i < passes; ++i) {
        plain.push_back(plainPass());
        const double t0 = monotonicSeconds();
        const auto r = engine.runConfiguration(0, config(spec), 600, nullptr, {});
        const double total = monotonicSeconds() - t0;
        if (r.repetitions.empty())
            continue;
        const auto& rep = r.repetitions.front();
        compute.push_back(rep.computeSeconds);
        wall.push_back(rep.wallSeconds);
        startup.push_back(rep.startupSeconds);
        transfer.push_back(rep.transferSeconds);
        child.push_back(total);
        dataShare.push_back(rep.dataSeconds / rep.wallSeconds);
    }
    const double ratio = median(compute) / median(plain);
    rows.push_back({fmt::format("1. engine multiply time / plain bli_dgemm loop (1x1, n={}, "
                                "count={}, median of {} interleaved)",
                                n, count, passes),
                    "<= 1.02",
                    fmt::format("{:.3f} ({:.1f} ms vs {:.1f} ms)", ratio, median(compute) * 1e3,
                                median(plain) * 1e3),
                    verdict(ratio <= 1.02)});
    rows.push_back({"1. per-repetition process start (spawn to child main)", "report",
                    fmt::format("{:.2f} ms", median(startup) * 1e3), "info"});
    rows.push_back({"1. per-repetition result transfer (end of measurement to parent has record)",
                    "report", fmt::format("{:.2f} ms", median(transfer) * 1e3), "info"});
    rows.push_back(
        {"1. whole child, spawn to reaped, vs its measured wall (data + multiplies)", "report",
         fmt::format("{:.1f} ms vs {:.1f} ms", median(child) * 1e3, median(wall) * 1e3), "info"});
    rows.push_back({"random data generation share of an up-front repetition", "report",
                    fmt::format("{:.0f}% of the wall time", median(dataShare) * 100), "info"});
    // The generator alone.
    std::vector<double> buf(std::size_t(1) << (o.tiny ? 20 : 25));
    std::vector<double> gen;
    for (int i = 0; i < 5; ++i) {
        const double t0 = monotonicSeconds();
        fillUniform(buf.data(), buf.size(), streamKey(7, i, Operand::A));
        gen.push_back(monotonicSeconds() - t0);
    }
    rows.push_back(
        {"random generator speed (one thread, counter-based SplitMix64)", "report",
         fmt::format("{:.2f} ns per double ({:.1f} GB/s)", median(gen) / double(buf.size()) * 1e9,
                     double(buf.size()) * 8 / median(gen) * 1e-9),
         "info"});
}

// 1b. The same for each OpenBLAS variant: the engine's child against a plain loop on the same
// library, each in a process of its own (this program links BLIS), interleaved.
void engineOverheadOpenBlas(const Options& o, std::vector<Row>& rows) {
    const std::int64_t n = 500, count = o.tiny ? 4 : 32;
    const int passes = o.tiny ? 3 : 9;
    for (auto library : {BlasLibrary::OpenBlasPthreads, BlasLibrary::OpenBlasOpenMP,
                         BlasLibrary::OpenBlasSerial}) {
        const auto name = std::string(toString(library));
        if (!libraryInstalled(library)) {
            rows.push_back({"1. engine / plain loop, " + name, "<= 1.02", "not installed", "info"});
            continue;
        }
        auto spec = gemmSpec(count, n, 1, 1, DataPlacement::Upfront);
        spec.blasLibrary = library;
        spec.threadControl = ThreadControl::ProcessWide;
        spec.kernel = autoOpenBlasKernel().kernel;
        const PlainLoop loop{n, count, 1, false, 1};
        Engine engine;
        runPlainLoops(loop, 1, library); // warm-up of both sides
        engine.runConfiguration(0, config(spec), 600, nullptr, {});
        std::vector<double> plain, compute;
        std::string kernel;
        for (int i = 0; i < passes; ++i) {
            const auto p = runPlainLoops(loop, 1, library);
            const auto r = engine.runConfiguration(0, config(spec), 600, nullptr, {});
            if (p.empty() || r.repetitions.empty())
                continue;
            plain.push_back(p.front());
            compute.push_back(r.repetitions.front().computeSeconds);
            kernel = r.repetitions.front().blasKernel;
        }
        if (plain.empty()) {
            rows.push_back(
                {"1. engine / plain loop, " + name, "<= 1.02", "did not run", "NOT met"});
            continue;
        }
        const double ratio = median(compute) / median(plain);
        rows.push_back({fmt::format("1. engine multiply time / plain loop on {} (kernel {}; 1x1, "
                                    "n={}, count={}, median of {} interleaved)",
                                    name, kernel, n, count, passes),
                        "<= 1.02",
                        fmt::format("{:.3f} ({:.1f} ms vs {:.1f} ms)", ratio, median(compute) * 1e3,
                                    median(plain) * 1e3),
                        verdict(ratio <= 1.02)});
    }
}

// 2. Machine peak and the best cell of the default sweep.
void peakAndSweep(const Options& o, std::vector<Row>& rows, MachineInfo& machine) {
    const auto peak = calibratePeak(IsolatedRunner(), {}, o.tiny ? 600 : 3000);
    if (!peak) {
        rows.push_back({"2. DGEMM peak", "calibrated", peak.error(), "NOT met"});
        return;
    }
    if (!o.tiny)
        storePeak(*peak);
    rows.push_back({fmt::format("2. calibrated DGEMM peak (n={}, {} BLAS threads, best of 3)",
                                peak->size, peak->threads),
                    "stored, shown by threadmix info", fmt::format("{:.1f} GFLOP/s", peak->gflops),
                    "info"});
    PlanOptions po;
    po.logicalCpus = machine.logicalCpus;
    po.physicalCores = machine.physicalCores;
    po.base.kernel = autoKernel().kernel;
    if (o.tiny) {
        po.base.count = 4;
        po.base.size = 64;
        po.countGiven = po.sizeGiven = true;
        po.base.repeats = 1;
        po.base.warmup = 0;
        po.workersAxis = po.blasAxis = {1, 2};
    }
    const auto plan = makeSweep(po);
    const double t0 = monotonicSeconds();
    const auto results = Engine().run(plan, nullptr, {});
    const double took = monotonicSeconds() - t0;
    double bestWhole = 0, bestCompute = 0;
    std::string bestLabel, bestComputeLabel;
    RunSpec bestSpec;
    for (const auto& r : results) {
        if (r.status != RunStatus::Ok)
            continue;
        if (auto g = r.gflopsWholeRepetition(); g && *g > bestWhole) {
            bestWhole = *g;
            bestLabel = r.config.label;
        }
        const double c = r.medianOf(&RepetitionResult::computeSeconds);
        if (c > 0 && r.config.spec.flops() / c * 1e-9 > bestCompute) {
            bestCompute = r.config.spec.flops() / c * 1e-9;
            bestComputeLabel = r.config.label;
            bestSpec = r.config.spec;
        }
    }
    rows.push_back(
        {fmt::format("2. best cell of the default sweep ({}), whole repetition incl. making data",
                     bestLabel),
         "report",
         fmt::format("{:.1f} GFLOP/s = {:.0f}% of peak", bestWhole, 100 * bestWhole / peak->gflops),
         "info"});
    rows.push_back({fmt::format("2. best cell's multiply phase ({})", bestComputeLabel), "report",
                    fmt::format("{:.1f} GFLOP/s = {:.0f}% of the n={} peak", bestCompute,
                                100 * bestCompute / peak->gflops, peak->size),
                    "info"});
    // Like with like: the best cell again, side by side with plain code doing the same
    // multiplies on the same W x B threads (W plain threads, each calling bli_dgemm with B
    // threads on operands made before the timing), interleaved.
    // The sweep's 16 multiplies take ~10 ms: 8x as many make a phase long enough to compare.
    RunSpec again = bestSpec;
    again.count = bestSpec.count * (o.tiny ? 1 : 8);
    again.repeats = 1;
    again.warmup = 0;
    PlainLoop same{again.size, again.count, again.blasThreads, false, again.workers};
    std::vector<double> engineRates, plainRates;
    for (int i = 0; i < (o.tiny ? 2 : 9) && bestSpec.count > 0; ++i) {
        const auto r = Engine().runConfiguration(0, config(again), 600, nullptr, {});
        const auto t = runPlainLoops(same, 1);
        if (i == 0 || r.repetitions.empty() || t.empty())
            continue; // the first round warms both up
        engineRates.push_back(again.flops() / r.repetitions[0].computeSeconds * 1e-9);
        plainRates.push_back(again.flops() / t[0] * 1e-9);
    }
    if (!plainRates.empty()) {
        const double ratio = median(engineRates) / median(plainRates);
        rows.push_back(
            {fmt::format("2. best cell's multiply phase / plain code doing the same {} "
                         "multiplies of n={} on {} threads x {} BLAS threads "
                         "(median of {} interleaved)",
                         same.count, same.n, same.workers, same.threads, plainRates.size()),
             ">= 0.95",
             fmt::format("{:.3f} ({:.1f} vs {:.1f} GFLOP/s)", ratio, median(engineRates),
                         median(plainRates)),
             verdict(ratio >= 0.95)});
    }
    rows.push_back({fmt::format("default sweep duration ({} cells, workers and BLAS threads "
                                "1..{}, {} skipped as too slow)",
                                plan.configs.size(), 2 * machine.logicalCpus,
                                std::count_if(results.begin(), results.end(),
                                              [](const ConfigResult& r) {
                                                  return r.status == RunStatus::Skipped;
                                              })),
                    "report", fmt::format("{:.0f} s", took), "info"});
}

// 3. Pool efficiency: in-task data, 1 BLAS thread, P workers vs 1, interleaved; beside it the
// hardware's own: P plain processes, each making data and multiplying, vs one alone.
void poolEfficiency(const Options& o, std::vector<Row>& rows, const MachineInfo& m) {
    const int p = m.physicalCores;
    const std::int64_t n = o.tiny ? 128 : 500, count = o.tiny ? 8 : 64;
    std::vector<double> one, many, lone, together, loneMul, togetherMul;
    Engine engine;
    PlainLoop loop{n, count / std::max(1, p), 1, true, 1};
    PlainLoop multiplyOnly = loop;
    multiplyOnly.makeData = false;
    // The same as a plain program would do it: one process, p plain threads (BLIS's shared
    // state, the allocator and the caches are shared as in the engine's pool).
    PlainLoop oneThread{n, count, 1, true, 1}, threads{n, count, 1, true, p};
    std::vector<double> plainOne, plainThreads;
    for (int i = 0; i < (o.tiny ? 2 : 15); ++i) {
        const bool counted = i > 0; // the first round is a warm-up
        for (int w : {1, p}) {
            const auto r = engine.runConfiguration(
                0, config(gemmSpec(count, n, w, 1, DataPlacement::InTask)), 600, nullptr, {});
            if (!r.repetitions.empty() && counted)
                (w == 1 ? one : many).push_back(double(count) / r.repetitions.front().wallSeconds);
            if (p == 1)
                break;
        }
        if (p == 1)
            continue;
        for (auto* l : {&loop, &multiplyOnly}) {
            const auto alone = runPlainLoops(*l, 1);
            const auto all = runPlainLoops(*l, p);
            if (alone.empty() || all.empty() || !counted)
                continue;
            (l == &loop ? lone : loneMul).push_back(alone[0]);
            (l == &loop ? together : togetherMul).push_back(median(all));
        }
        const auto a = runPlainLoops(oneThread, 1), b = runPlainLoops(threads, 1);
        if (counted && !a.empty() && !b.empty()) {
            plainOne.push_back(a[0]);
            plainThreads.push_back(b[0]);
        }
    }
    if (one.empty())
        one.push_back(1), many.push_back(1);
    const double eff = p == 1 ? 1.0 : median(many) / (median(one) * p);
    const double pair = p == 1 || lone.empty() ? 1.0 : median(lone) / median(together);
    const double pairMul = p == 1 || loneMul.empty() ? 1.0 : median(loneMul) / median(togetherMul);
    rows.push_back(
        {fmt::format("3. pool efficiency: {} workers / ({} x 1 worker), in-task data, n={}, "
                     "count={}",
                     p, p, n, count),
         "report", fmt::format("{:.3f} ({:.1f} vs {:.1f} tasks/s)", eff, median(many), median(one)),
         "info"});
    rows.push_back({fmt::format("3. the hardware's reference: {} plain processes each making data "
                                "and multiplying / one alone",
                                p),
                    "report", fmt::format("{:.3f}", pair), "info"});
    if (!plainOne.empty())
        rows.push_back(
            {fmt::format("3. plain code in one process: {} threads / ({} x 1 thread), each making "
                         "data and multiplying",
                         p, p),
             "report", fmt::format("{:.3f}", median(plainOne) / (p * median(plainThreads))),
             "info"});
    rows.push_back(
        {fmt::format("3. the same, multiplies only ({} plain bli_dgemm loops / one alone)", p),
         "report", fmt::format("{:.3f}", pairMul), "info"});
    rows.push_back({"3. pool efficiency / the hardware's reference (same work)", ">= 0.97",
                    fmt::format("{:.3f}", eff / pair), verdict(eff / pair >= 0.97)});
}

// 6. The process pool (issue 19 item 6) against a plain C++ program that forks W processes, each
// making its operands and multiplying its share with B BLAS threads (--plain-loop with
// processes), interleaved A B A B. Like with like: the plain program is timed from before its
// first fork until its last worker is reaped, and the engine's repetition wall time is that same
// span (its first fork until its last worker is reaped after the stop): pool start-up, the BLAS
// warm-up, handing out the tasks and stopping are all inside it, as they are in the plain one.
void processPoolVsPlain(const Options& o, std::vector<Row>& rows, const MachineInfo& m) {
    const int p = std::max(1, m.physicalCores);
    const std::int64_t n = o.tiny ? 128 : o.largeProcesses ? 1000 : 500;
    const std::int64_t count = o.tiny ? 8 : 64;
    const int passes = o.tiny ? 1 : o.largeProcesses ? 15 : 9; // after one warm-up pass
    std::vector<std::pair<int, int>> cells = {{1, 1}};
    if (p > 1)
        cells.insert(cells.end(), {{p, 1}, {1, p}});
    for (const auto& [w, b] : cells) {
        auto spec = gemmSpec(count, n, w, b, DataPlacement::InTask);
        spec.pool = PoolKind::Processes;
        const PlainLoop plain{n, count, b, true, w, true};
        const std::string cell = fmt::format("{} x {}", w, b);
        Engine engine;
        std::vector<double> engineWall, plainWall, start, dispatch, stop, handOut, gaps;
        std::vector<double> plainStart, engineFirst; // fork to the last worker's first task
        std::string failure;
        for (int i = 0; i <= passes; ++i) {
            const auto r = engine.runConfiguration(0, config(spec), 600, nullptr, {});
            std::vector<double> firstTask;
            const auto t = runPlainLoops(plain, 1, BlasLibrary::BlisOpenMP, &firstTask);
            if (r.repetitions.empty())
                failure = "the engine's run failed: " + r.reason;
            else if (t.empty())
                failure = "the plain program failed";
            if (i == 0 || r.repetitions.empty() || t.empty())
                continue; // the first pass warms both up
            const auto& rep = r.repetitions.front();
            double lastBack = 0;
            for (const auto& task : rep.tasks)
                lastBack = std::max(lastBack, task.returned);
            // What handing out one task at a time costs (the plain program has no hand-outs):
            // in each worker, from the end of a task to the start of its next one.
            std::vector<std::vector<const TaskRecord*>> byWorker(static_cast<std::size_t>(w));
            for (const auto& task : rep.tasks)
                if (task.worker >= 0 && task.worker < w)
                    byWorker[std::size_t(task.worker)].push_back(&task);
            double gapSum = 0, lastFirst = 0;
            for (auto& tasks : byWorker) {
                std::sort(tasks.begin(), tasks.end(),
                          [](auto* x, auto* y) { return x->start < y->start; });
                if (!tasks.empty())
                    lastFirst = std::max(lastFirst, tasks.front()->start);
                for (std::size_t k = 1; k < tasks.size(); ++k) {
                    gaps.push_back(tasks[k]->start - tasks[k - 1]->end);
                    gapSum += gaps.back();
                }
            }
            handOut.push_back(gapSum / w);
            engineFirst.push_back(lastFirst);
            engineWall.push_back(rep.wallSeconds);
            plainWall.push_back(t[0]);
            plainStart.push_back(firstTask[0]);
            start.push_back(rep.poolStartSeconds);
            dispatch.push_back(lastBack - rep.poolStartSeconds);
            stop.push_back(rep.wallSeconds - lastBack);
        }
        if (engineWall.empty()) {
            rows.push_back({"6. process pool / plain forked processes, " + cell, "<= 1.02",
                            "did not run: " + failure, "NOT met"});
            continue;
        }
        const double ratio = median(engineWall) / median(plainWall);
        rows.push_back(
            {fmt::format("6. process pool / plain program forking the same processes ({} "
                         "workers x BLAS threads, in-task data, n={}, count={}, chunk 1; span: "
                         "first fork to last worker reaped, pool start-up included; median of {} "
                         "interleaved)",
                         cell, n, count, engineWall.size()),
             "<= 1.02",
             fmt::format("{:.3f} ({:.1f} ms vs {:.1f} ms)", ratio, median(engineWall) * 1e3,
                         median(plainWall) * 1e3),
             verdict(ratio <= 1.02)});
        rows.push_back({fmt::format("6. the engine's span ({}): pool start (fork to every worker "
                                    "ready) + tasks (to the last result back) + stop (to the "
                                    "last worker reaped), medians; in the tasks, a worker's "
                                    "waits between a task's end and its next task's start "
                                    "(hand-outs: the plain program has none)",
                                    cell),
                        "report",
                        fmt::format("{:.2f} + {:.1f} + {:.2f} ms; waits {:.2f} ms per worker, "
                                    "{:.0f} us each (median)",
                                    median(start) * 1e3, median(dispatch) * 1e3, median(stop) * 1e3,
                                    median(handOut) * 1e3, gaps.empty() ? 0.0 : median(gaps) * 1e6),
                        "info"});
        rows.push_back({fmt::format("6. start-up, both sides ({}): fork until every worker has "
                                    "begun its first task, engine / plain (worker arrays made "
                                    "and touched; the engine's workers also warmed up BLAS)",
                                    cell),
                        "report",
                        fmt::format("{:.2f} ms / {:.2f} ms", median(engineFirst) * 1e3,
                                    median(plainStart) * 1e3),
                        "info"});
    }
}

// 6. Sending operands made up front to a process pool's worker and taking its products back:
// the GB/s the engine measured (bytesSent / sendSeconds, bytesReceived / receiveSeconds of one
// repetition, one worker: one stream, the same basis as one memcpy), by pipe copy and through
// shared memory, against a plain memcpy of the same arrays in this process.
void sendingThroughput(const Options& o, std::vector<Row>& rows) {
    const std::int64_t n = o.tiny ? 128 : o.largeProcesses ? 2000 : 1000;
    const std::int64_t count = o.tiny ? 4 : o.largeProcesses ? 16 : 8;
    const int passes = o.tiny ? 1 : o.largeProcesses ? 9 : 5; // after one warm-up pass
    const std::size_t elements = std::size_t(n * n), bytes = elements * sizeof(double);
    const std::string arrays = fmt::format("{} multiplies of n={}: arrays of {}", count, n,
                                           limits::formatBytes(double(bytes)));
    struct Rates {
        std::vector<double> send, back;
    };
    auto gbps = [](double b, double seconds) { return seconds > 0 ? b / seconds * 1e-9 : 0.0; };

    // The reference: memcpy of the same arrays, from one array per task and operand into the
    // one set a worker holds (touched before, as the worker's are), and back out of it.
    Rates plain;
    {
        std::vector<std::vector<double>> from(2 * std::size_t(count));
        std::vector<std::vector<double>> to(static_cast<std::size_t>(count));
        for (std::size_t i = 0; i < from.size(); ++i) {
            from[i].resize(elements);
            fillUniform(from[i].data(), elements, streamKey(42, std::int64_t(i), Operand::A));
        }
        for (auto& v : to)
            v.assign(elements, 0.0);
        std::vector<double> slotA(elements, 0.0), slotB(elements, 0.0);
        for (int i = 0; i <= passes; ++i) {
            double t0 = monotonicSeconds();
            for (std::size_t k = 0; k < std::size_t(count); ++k) {
                std::memcpy(slotA.data(), from[2 * k].data(), bytes);
                std::memcpy(slotB.data(), from[2 * k + 1].data(), bytes);
            }
            const double send = monotonicSeconds() - t0;
            t0 = monotonicSeconds();
            for (auto& v : to)
                std::memcpy(v.data(), slotA.data(), bytes);
            const double back = monotonicSeconds() - t0;
            if (i > 0) {
                plain.send.push_back(gbps(2.0 * double(count * std::int64_t(bytes)), send));
                plain.back.push_back(gbps(double(count * std::int64_t(bytes)), back));
            }
        }
    }
    rows.push_back(
        {fmt::format("6. plain memcpy in one process, {} (operands into one reused "
                     "set / products out of it; median of {})",
                     arrays, passes),
         "report", fmt::format("{:.1f} GB/s / {:.1f} GB/s", median(plain.send), median(plain.back)),
         "info"});

    for (auto transfer : {Transfer::Copy, Transfer::Shared}) {
        auto spec = gemmSpec(count, n, 1, 1, DataPlacement::Upfront);
        spec.pool = PoolKind::Processes;
        spec.transfer = transfer;
        Engine engine;
        Rates r;
        std::string failure;
        for (int i = 0; i <= passes; ++i) {
            const auto c = engine.runConfiguration(0, config(spec), 600, nullptr, {});
            if (c.repetitions.empty()) {
                failure = c.reason;
                continue;
            }
            const auto& rep = c.repetitions.front();
            if (i > 0) {
                r.send.push_back(gbps(double(rep.bytesSent), rep.sendSeconds));
                r.back.push_back(gbps(double(rep.bytesReceived), rep.receiveSeconds));
            }
        }
        const std::string how =
            transfer == Transfer::Copy ? "by pipe copy" : "through shared memory";
        if (r.send.empty()) {
            rows.push_back(
                {"6. sending operands " + how, "report", "did not run: " + failure, "NOT met"});
            continue;
        }
        rows.push_back(
            {fmt::format("6. sending {} (transfer {}), as the engine measured it: operands sent / "
                         "products back (1 worker, {}; median of {})",
                         how, toString(transfer), arrays, r.send.size()),
             "report",
             fmt::format("{:.1f} GB/s / {:.1f} GB/s = {:.2f} / {:.2f} of memcpy", median(r.send),
                         median(r.back), median(r.send) / median(plain.send),
                         median(r.back) / median(plain.back)),
             "info"});
    }
}

// 8. The MPI pool (issue 20 item 7) against a plain C MPI program doing the same work
// (tests/bench/mpiplain.c: W ranks, task t on rank t mod W, each making its operands in-task
// with the same generator and multiplying with B BLIS threads per call, timed with MPI_Wtime
// between two barriers). Both are started by the same mpirun command line, the one
// planMpiLaunch builds for the spec, with the plain program in the worker's place. Like with
// like: the engine's repetition wall time is its ranks' own span between the same two barriers
// (arrays allocated and touched and the BLIS thread team built before the first, as the plain
// program does); launching and tearing down the ranks is outside both and reported beside.
struct PlainMpiRun {
    double seconds = 0, checksum = 0, whole = 0; // between the barriers; mpirun's whole run
    std::string failure;                         // "" when it ran
};

PlainMpiRun runPlainMpi(const RunSpec& spec, const std::string& program) {
    PlainMpiRun run;
    const auto found = mpiWhereFor(spec);
    if (!found) {
        run.failure = found.error();
        return run;
    }
    MpiWhere where = *found;
    where.worker = program;
    const auto launch = planMpiLaunch(spec, where);
    if (!launch) {
        run.failure = launch.error();
        return run;
    }
    auto args = launch->command;
    args.resize(args.size() - 2); // the rank verb and the spec: the plain program takes these
    for (auto a : {spec.size, spec.count, std::int64_t(spec.blasThreads)})
        args.push_back(std::to_string(a));
    args.push_back(std::to_string(spec.seed));
    std::vector<std::string> env;
    if (::geteuid() == 0)
        env = {"OMPI_ALLOW_RUN_AS_ROOT=1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1"};
    ChildProcess mpirun;
    if (auto st = mpirun.start(args.front(), {args.begin() + 1, args.end()}, env); !st) {
        run.failure = st.error();
        return run;
    }
    const auto end = mpirun.wait(monotonicSeconds() + 600, {});
    run.whole = end.seconds;
    const auto at = mpirun.out().find("seconds ");
    const auto sum = mpirun.out().find(" checksum ");
    if (end.end != ChildProcess::End::Exited || end.code != 0 || at == std::string::npos ||
        sum == std::string::npos) {
        run.failure = fmt::format("the plain MPI program failed (mpirun code {}): {}", end.code,
                                  mpirun.err().substr(0, 300));
        return run;
    }
    run.seconds = std::stod(mpirun.out().substr(at + 8));
    run.checksum = std::stod(mpirun.out().substr(sum + 10));
    return run;
}

void mpiPoolVsPlain(const Options& o, std::vector<Row>& rows) {
    const std::string self = currentExecutable();
    const std::string plainProgram = besideOf(self, "threadmix_mpiplain");
    if (::access(plainProgram.c_str(), X_OK) != 0) {
        rows.push_back({"8. MPI pool / plain C MPI program", "<= 1.02",
                        "not built (no MPI: install Debian's libopenmpi-dev and build again)",
                        "info"});
        return;
    }
    // A repetition of 1 x 1 takes about 0.7 s here, 2 x 1 and 1 x 2 about 0.4 s.
    const std::int64_t n = o.tiny ? 64 : 600, count = o.tiny ? 8 : 128;
    const int passes = o.tiny ? 1 : 7; // after one warm-up pass
    for (const auto& [w, b] : std::vector<std::pair<int, int>>{{1, 1}, {2, 1}, {1, 2}}) {
        auto spec = gemmSpec(count, n, w, b, DataPlacement::InTask);
        spec.pool = PoolKind::Mpi;
        const std::string cell = fmt::format("{} x {}", w, b);
        Engine engine;
        std::vector<double> engineWall, plainWall, engineLaunch, plainLaunch;
        std::string failure, command;
        for (int i = 0; i <= passes; ++i) {
            const auto r = engine.runConfiguration(0, config(spec), 600, nullptr, {});
            const auto p = runPlainMpi(spec, plainProgram);
            if (r.repetitions.empty() || !r.repetitions.front().mpi)
                failure = "the engine's run failed: " + r.reason;
            else if (!p.failure.empty())
                failure = p.failure;
            else if (const double c = r.repetitions.front().checksum;
                     std::abs(c - p.checksum) > 1e-9 * std::max(1.0, std::abs(c)))
                failure = fmt::format("the two sides multiplied different matrices (checksum "
                                      "{} vs {})",
                                      c, p.checksum);
            if (i == 0 || !failure.empty())
                continue; // the first pass warms both up
            const auto& rep = r.repetitions.front();
            engineWall.push_back(rep.wallSeconds);
            engineLaunch.push_back(rep.mpi->launchSeconds);
            plainWall.push_back(p.seconds);
            plainLaunch.push_back(p.whole - p.seconds);
            command = fmt::format(
                "{}", fmt::join(rep.mpi->command.begin(), rep.mpi->command.end() - 2, " "));
        }
        if (!failure.empty() || engineWall.empty()) {
            rows.push_back({"8. MPI pool / plain C MPI program, " + cell, "<= 1.02",
                            "did not run: " + failure, "NOT met"});
            continue;
        }
        const double ratio = median(engineWall) / median(plainWall);
        rows.push_back(
            {fmt::format("8. MPI pool / plain C MPI program doing the same work ({} ranks x BLAS "
                         "threads, gemm in-task, n={}, count={}, task t on rank t mod W; span: "
                         "barrier to barrier; median of {} interleaved)",
                         cell, n, count, engineWall.size()),
             "<= 1.02",
             fmt::format("{:.3f} ({:.1f} ms vs {:.1f} ms)", ratio, median(engineWall) * 1e3,
                         median(plainWall) * 1e3),
             verdict(ratio <= 1.02)});
        rows.push_back({fmt::format("8. launching and tearing down the ranks ({}): mpirun's whole "
                                    "run less the timed span, engine / plain (`{}`)",
                                    cell, command),
                        "report",
                        fmt::format("{:.1f} ms / {:.1f} ms", median(engineLaunch) * 1e3,
                                    median(plainLaunch) * 1e3),
                        "info"});
    }
}

// 4. The window: start-up, heat-map repaint, event-loop stalls while a child oversubscribes.
void window(const Options& o, std::vector<Row>& rows, const MachineInfo& m) {
    // Start-up: a fresh threadmix process until its first painted frame.
    std::vector<double> up;
    for (int i = 0; i < (o.tiny ? 1 : 5); ++i) {
        ChildProcess p;
        const double t0 = monotonicSeconds();
        if (!p.start(o.threadmix, {},
                     {"QT_QPA_PLATFORM=offscreen", "THREADMIX_STARTUP_PROBE=1",
                      "XDG_CONFIG_HOME=/tmp/threadmix-bench-config",
                      // no interrupted run of the user's to offer: a dialog would wait
                      "XDG_STATE_HOME=/tmp/threadmix-bench-state"}))
            break;
        p.wait(monotonicSeconds() + 30, {});
        const auto pos = p.out().find("threadmix-window-up ");
        if (pos != std::string::npos)
            up.push_back(std::stod(p.out().substr(pos + 20)) - t0);
    }
    if (!up.empty())
        rows.push_back({"4. window up (process start to first painted frame, offscreen)", "< 1 s",
                        fmt::format("{:.0f} ms", median(up) * 1e3), verdict(median(up) < 1.0)});

    // Repainting a 64 x 64 heat map.
    ResultSet set;
    set.kind = PlanKind::Sweep;
    set.machine = m;
    for (int w = 1; w <= 64; ++w)
        for (int b = 1; b <= 64; ++b) {
            ConfigResult r;
            r.config.label = fmt::format("{} x {}", w, b);
            r.config.group = groupKeyOf(PlanKind::Sweep, RunSpec{}, false);
            r.config.spec.workers = w;
            r.config.spec.blasThreads = b;
            if ((w * b) % 17 == 0) {
                r.status = RunStatus::TimedOut;
                r.elapsedSeconds = 3;
            } else {
                RepetitionResult rep;
                rep.wallSeconds = 0.01 * (1 + (w * b) % 13);
                r.repetitions = {rep, rep, rep};
            }
            set.results.push_back(r);
        }
    ui::RunModel model;
    model.setResultSet(set);
    ui::HeatMapView view(&model);
    view.resize(1200, 900);
    QImage image(1200, 900, QImage::Format_ARGB32_Premultiplied);
    auto timed = [&](auto paint) {
        std::vector<double> t;
        for (int i = 0; i < 21; ++i) {
            const double t0 = monotonicSeconds();
            paint(i);
            if (i > 0)
                t.push_back(monotonicSeconds() - t0);
        }
        return median(t);
    };
    const double whole = timed([&](int) {
        QPainter p(&image);
        view.paintMap(p, view.rect());
    });
    view.render(&image); // fills the view's cache
    // What the window does when a cell (not the 1x1 baseline) finishes: the model takes the
    // result and the heat map repaints that cell.
    auto finishCell = [&](int row, double seconds) {
        auto r = model.result(row);
        RepetitionResult rep;
        rep.wallSeconds = seconds;
        r.status = RunStatus::Ok;
        r.repetitions = {rep, rep, rep};
        model.finishConfig(row, r);
        view.render(&image);
    };
    const double oneCell = timed([&](int i) { finishCell(100 + i, 0.01 * (1 + i % 13)); });
    const double unchanged = timed([&](int) { view.render(&image); });
    rows.push_back({"4. whole paint of a 64 x 64 heat map (1200 x 900, median of 20; a new "
                    "layer, size or baseline)",
                    "report", fmt::format("{:.2f} ms", whole * 1e3), "info"});
    rows.push_back({"4. window repaint of that map after one cell finished (cached image, median "
                    "of 20)",
                    "< 5 ms", fmt::format("{:.2f} ms", oneCell * 1e3), verdict(oneCell < 0.005)});
    rows.push_back({"4. window repaint with nothing changed", "report",
                    fmt::format("{:.2f} ms", unchanged * 1e3), "info"});

    // The window's children run at nice 10: on an idle machine that must not change what they
    // measure. Interleaved, the same configuration at nice 0 and at nice 10.
    {
        IsolatedRunner plain, niced;
        niced.setNice(ui::kWindowChildNice);
        const auto spec = gemmSpec(o.tiny ? 4 : 16, o.tiny ? 200 : 700, m.physicalCores, 1,
                                   DataPlacement::InTask);
        std::vector<double> at0, atNice;
        for (int i = 0; i < (o.tiny ? 2 : 7); ++i)
            for (auto* runner : {&plain, &niced}) {
                const auto r = Engine(*runner).runConfiguration(0, config(spec), 600, nullptr, {});
                if (!r.repetitions.empty() && i > 0)
                    (runner == &plain ? at0 : atNice).push_back(r.repetitions[0].computeSeconds);
            }
        if (!at0.empty() && !atNice.empty()) {
            const double ratio = median(atNice) / median(at0);
            rows.push_back(
                {fmt::format("4. a child's multiply time at nice {} / at nice 0, idle machine ({} "
                             "workers, n={}, median of {} interleaved)",
                             ui::kWindowChildNice, spec.workers, spec.size, at0.size()),
                 "1.00 +- 0.03", fmt::format("{:.3f}", ratio),
                 verdict(std::abs(ratio - 1.0) <= 0.03)});
        }
    }

    // Event-loop stalls while the engine runs an oversubscribed child.
    ui::EngineController controller;
    auto s =
        gemmSpec(o.tiny ? 200 : 3000, 300, m.logicalCpus, 2 * m.logicalCpus, DataPlacement::InTask);
    s.budgetSeconds = o.tiny ? 1.0 : 4.0;
    Plan plan{PlanKind::Run, {config(s)}, std::nullopt, 3.0};
    std::vector<double> gaps;
    QElapsedTimer clock;
    QTimer tick;
    qint64 last = 0;
    bool done = false;
    int tickCount = 0;
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        gaps.push_back(double(now - last) * 1e-9);
        last = now;
        // Work the GUI does while a run is live: a cell finishes and is repainted.
        ++tickCount;
        finishCell(200 + tickCount % 100, 0.01 * (1 + tickCount % 13));
    });
    QObject::connect(&controller, &ui::EngineController::runFinished, [&] { done = true; });
    clock.start();
    tick.start(5);
    controller.start(RunSession::start(plan, m));
    while (!done)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    tick.stop();
    std::sort(gaps.begin(), gaps.end());
    const double p99 = gaps.empty() ? 0 : gaps[std::size_t(double(gaps.size() - 1) * 0.99)];
    const double worst = gaps.empty() ? 0 : gaps.back();
    rows.push_back({fmt::format("4. event-loop gap while {} workers x {} BLAS threads run ({} "
                                "ticks of 5 ms, each repainting a changed cell of the 64x64 map; "
                                "children at nice {})",
                                s.workers, s.blasThreads, gaps.size(), ui::kWindowChildNice),
                    "p99 < 50 ms",
                    fmt::format("p99 {:.1f} ms, max {:.1f} ms", p99 * 1e3, worst * 1e3),
                    verdict(p99 < 0.050)});
}

// 5. Peak RSS against the data a run must hold.
// Issue 18 item 7: the cost of one more cell must not grow with the cells before it. 4,096
// synthetic cells (a 64 x 64 sweep, 3 repetitions of 16 tasks each) stream through what the
// window does for a real one (RunModel: running, three repetitions, finished; the heat map and
// the bars listening) and through RunSession (journal line, result files). The per-cell cost of
// the first 256 cells and of the last 256 is reported; painting is per frame, not per cell, and
// is reported on its own at 4,096 cells.
void streaming(const Options& o, std::vector<Row>& rows, const MachineInfo& m) {
    PlanOptions po;
    po.logicalCpus = 64;
    po.physicalCores = 64;
    const int side = o.tiny ? 16 : 64;
    for (int v = 1; v <= side; ++v) {
        po.workersAxis.push_back(v);
        po.blasAxis.push_back(v);
    }
    po.base.kernel = "bench";
    const Plan plan = makeSweep(po);
    const std::size_t n = plan.configs.size();
    // tmpfs when there is one: the journal's fsync per cell is the disk's cost, not ThreadMix's.
    const std::string base = ::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    const std::string dir = fmt::format("{}/threadmix-bench-stream-{}", base, ::getpid());
    std::filesystem::create_directories(dir);
    auto session = RunSession::start(
        plan, m, OutputFiles{dir + "/r.json", dir + "/r.csv", dir + "/r.md"}, dir + "/run.journal");
    ui::RunModel model;
    model.startPlan(plan, m);
    ui::HeatMapView map(&model);
    ui::TimingBarsView bars(&model);
    map.resize(1200, 900);
    bars.resize(1200, 900);
    std::vector<double> perCell(n);
    for (std::size_t i = 0; i < n; ++i) {
        ConfigResult r;
        r.config = plan.configs[i];
        RepetitionResult rep;
        rep.wallSeconds = rep.computeSeconds = 0.01 * double(1 + i % 13);
        for (int t = 0; t < 16; ++t)
            rep.tasks.push_back(TaskRecord{t % 4, 0.001 * t, 0.001 * t, 0.001 * (t + 1)});
        r.repetitions = {rep, rep, rep};
        const double t0 = monotonicSeconds();
        session.configStarted(i, r.config);
        model.setRunning(int(i));
        for (const auto& x : r.repetitions)
            model.addRepetition(int(i), x);
        model.finishConfig(int(i), r);
        session.configFinished(i, r);
        perCell[i] = monotonicSeconds() - t0;
    }
    const double endStarted = monotonicSeconds();
    session.end(false, RunEnd::Finished);
    const double endSeconds = monotonicSeconds() - endStarted;
    const std::size_t k = std::min<std::size_t>(256, n / 4);
    // The mean carries the result files' rewrites (each O(cells), spaced out in time).
    auto mean = [](auto a, auto b) { return std::accumulate(a, b, 0.0) / double(b - a); };
    const double meanFirst = mean(perCell.begin(), perCell.begin() + std::ptrdiff_t(k));
    const double meanLast = mean(perCell.end() - std::ptrdiff_t(k), perCell.end());
    const double first = median({perCell.begin(), perCell.begin() + std::ptrdiff_t(k)});
    const double last = median({perCell.end() - std::ptrdiff_t(k), perCell.end()});
    QImage image(1200, 900, QImage::Format_ARGB32_Premultiplied);
    double t0 = monotonicSeconds();
    map.render(&image);
    const double mapPaint = monotonicSeconds() - t0;
    t0 = monotonicSeconds();
    bars.render(&image);
    const double barsPaint = monotonicSeconds() - t0;
    std::filesystem::remove_all(dir);
    rows.push_back(
        {fmt::format("7. per-cell cost streaming {} cells through RunModel, heat map, "
                     "bars and RunSession (journal on {}; median of the first {} / "
                     "of the last {})",
                     n, base, k, k),
         "< 1 ms, last / first < 4 (a cost that grew with the cells before it "
         "would be 16x)",
         fmt::format("{:.3f} ms / {:.3f} ms (x{:.2f})", first * 1e3, last * 1e3, last / first),
         verdict(last < 1e-3 && last < 4 * first)});
    rows.push_back({"7. the same, mean per cell (result files' rewrites included) first / last",
                    "report",
                    fmt::format("{:.3f} ms / {:.3f} ms; writing the {} cells' files at the end "
                                "{:.0f} ms",
                                meanFirst * 1e3, meanLast * 1e3, n, endSeconds * 1e3),
                    "info"});
    rows.push_back({fmt::format("7. one paint at {} cells: heat map / bars (1200 x 900)", n),
                    "report", fmt::format("{:.1f} ms / {:.1f} ms", mapPaint * 1e3, barsPaint * 1e3),
                    "info"});
}

void memory(const Options& o, std::vector<Row>& rows) {
    struct Case {
        const char* name;
        RunSpec spec;
        double data;
    };
    const std::int64_t n1 = o.tiny ? 256 : 1000, n2 = o.tiny ? 256 : 2000;
    std::vector<Case> cases = {
        {"up front, all matrices", gemmSpec(32, n1, 1, 1, DataPlacement::Upfront),
         32.0 * 3 * n1 * n1 * 8},
        {"in-task, 2 workers", gemmSpec(8, n2, 2, 1, DataPlacement::InTask), 2.0 * 3 * n2 * n2 * 8},
    };
    Engine engine;
    for (auto& c : cases) {
        const auto r = engine.runConfiguration(0, config(c.spec), 600, nullptr, {});
        const double peak = double(r.peakRssBytes());
        const double extra = peak - c.data;
        const bool ok = peak <= 1.10 * c.data + 50.0 * 1048576;
        rows.push_back(
            {fmt::format("5. peak RSS, gemm {} (n={}): data {}", c.name, c.spec.size,
                         limits::formatBytes(c.data)),
             "<= 1.10 x data + 50 MiB",
             fmt::format("{} = data + {}", limits::formatBytes(peak), limits::formatBytes(extra)),
             verdict(ok)});
    }
}

} // namespace

int main(int argc, char** argv) {
    if (isPlainLoopInvocation(argc, argv))
        return plainLoopMain(argc, argv);
    Options o;
    const char* usage =
        "usage: threadmix_bench [--tiny] [--only-streaming] [--only-processes] [--only-mpi] "
        "[--large-processes] [--markdown FILE]\n"
        "  --tiny              every group on tiny sizes (checks it runs; verdicts meaningless)\n"
        "  --only-streaming    only the 4,096-cell streaming rows (7.)\n"
        "  --only-processes    only the process pool rows (6.): against plain forked processes,\n"
        "                      and sending throughput\n"
        "  --only-mpi          only the MPI pool rows (8.): against a plain C MPI program\n"
        "  --large-processes   the process pool rows on larger sizes, with more passes\n"
        "  --markdown FILE     also write the table as Markdown\n";
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--only-streaming")
            o.onlyStreaming = true;
        else if (a == "--only-processes")
            o.onlyProcesses = true;
        else if (a == "--only-mpi")
            o.onlyMpi = true;
        else if (a == "--large-processes")
            o.largeProcesses = true;
        else if (a == "--tiny")
            o.tiny = true;
        else if (a == "--markdown" && i + 1 < argc)
            o.markdown = argv[++i];
        else if (a == "--help" || a == "-h") {
            std::fputs(usage, stdout);
            return 0;
        } else {
            std::fputs(usage, stderr);
            return 2;
        }
    }
    if (int(o.onlyStreaming) + int(o.onlyProcesses) + int(o.onlyMpi) > 1) {
        std::fputs("threadmix_bench: --only-streaming, --only-processes and --only-mpi exclude "
                   "each other\n",
                   stderr);
        return 2;
    }
    // The in-process loop must run the kernel the engine's children run.
    if (!std::getenv("BLIS_ARCH_TYPE")) {
        blas::selectKernel(autoKernel().kernel);
        ::execv("/proc/self/exe", argv);
    }
    const std::string self = currentExecutable();
    o.threadmix = self.substr(0, self.rfind('/') + 1) + "threadmix";
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);

    const double started = monotonicSeconds();
    auto machine = collectMachineInfo();
    std::vector<Row> rows;
    if (o.onlyStreaming) {
        streaming(o, rows, machine);
        for (const auto& r : rows)
            std::printf("%-8s %s\n         target %s; measured %s\n", r.verdict.c_str(),
                        r.metric.c_str(), r.target.c_str(), r.measured.c_str());
        return 0;
    }
    if (!o.onlyProcesses && !o.onlyMpi) {
        std::fprintf(stderr, "measuring engine overhead...\n");
        engineOverhead(o, rows);
        engineOverheadOpenBlas(o, rows);
        std::fprintf(stderr, "calibrating the peak and running the default sweep...\n");
        peakAndSweep(o, rows, machine);
        std::fprintf(stderr, "measuring pool efficiency...\n");
        poolEfficiency(o, rows, machine);
        std::fprintf(stderr, "measuring the window...\n");
        window(o, rows, machine);
        std::fprintf(stderr, "streaming synthetic cells...\n");
        streaming(o, rows, machine);
        std::fprintf(stderr, "measuring memory...\n");
        memory(o, rows);
    }
    if (!o.onlyMpi) {
        std::fprintf(stderr, "measuring the process pool against plain forked processes...\n");
        const double processesStarted = monotonicSeconds();
        processPoolVsPlain(o, rows, machine);
        std::fprintf(stderr, "measuring sending throughput...\n");
        sendingThroughput(o, rows);
        rows.push_back({"6. the process pool rows on this machine", "report",
                        fmt::format("{:.0f} s", monotonicSeconds() - processesStarted), "info"});
    }
    if (!o.onlyProcesses) {
        std::fprintf(stderr, "measuring the MPI pool against a plain C MPI program...\n");
        const double mpiStarted = monotonicSeconds();
        mpiPoolVsPlain(o, rows);
        rows.push_back({"8. the MPI pool rows on this machine", "report",
                        fmt::format("{:.0f} s", monotonicSeconds() - mpiStarted), "info"});
    }

    const double took = monotonicSeconds() - started;
    if (!o.onlyProcesses && !o.onlyMpi)
        rows.push_back({"the whole benchmark on this machine", "report",
                        fmt::format("{:.0f} s", took), "info"});
    std::string md = fmt::format(
        "# ThreadMix benchmark{}\n\n{}; {}\n\n| metric | target | measured | verdict "
        "|\n|---|---|---|---|\n",
        o.tiny ? " (tiny sizes: verdicts meaningless)" : "", machineLine(machine), machine.date);
    std::string text;
    for (const auto& r : rows) {
        md += fmt::format("| {} | {} | {} | {} |\n", r.metric, r.target, r.measured, r.verdict);
        text += fmt::format("{:<8} {}\n         target {}; measured {}\n", r.verdict, r.metric,
                            r.target, r.measured);
    }
    std::fputs(text.c_str(), stdout);
    if (!o.markdown.empty()) {
        if (auto st = writeFileAtomically(o.markdown, md); !st) {
            std::fprintf(stderr, "threadmix_bench: %s\n", st.error().c_str());
            return 1;
        }
        std::fprintf(stderr, "Markdown written to %s\n", o.markdown.c_str());
    }
    return 0;
}
