// Plain BLAS loops, timed (see plainloop.h).
#include "tests/bench/plainloop.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "core/base/clock.h"
#include "core/measure/blas.h"
#include "core/measure/rng.h"

namespace threadmix {

bool isPlainLoopInvocation(int argc, char** argv) {
    return argc == 7 && std::string(argv[1]) == "--plain-loop";
}

int plainLoopMain(int argc, char** argv) {
    if (!isPlainLoopInvocation(argc, argv))
        return 2;
    const PlainLoop l{std::atoll(argv[2]), std::atoll(argv[3]), std::atoi(argv[4]),
                      std::string(argv[5]) == "1", std::atoi(argv[6])};
    // OpenBLAS has no per-call count: the process-wide one, as the engine's child sets it.
    if (blas::buildInfo().family == "OpenBLAS")
        blas::setProcessThreads(l.threads);
    return plainLoopMain(l);
}

int plainLoopMain(const PlainLoop& l) {
    const auto elements = std::size_t(l.n * l.n);
    const std::size_t sets = l.makeData ? std::size_t(l.workers) : std::size_t(l.count);
    std::vector<std::vector<double>> a(sets), b(sets), c(sets);
    for (std::size_t i = 0; i < sets; ++i) {
        a[i].resize(elements);
        b[i].resize(elements);
        c[i].assign(elements, 0.0);
        fillUniform(a[i].data(), elements, streamKey(42, std::int64_t(i), Operand::A));
        fillUniform(b[i].data(), elements, streamKey(42, std::int64_t(i), Operand::B));
    }
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    auto work = [&](int w) {
        // Thread team and packing buffers first, untimed, as the engine's workers do.
        blas::gemm(l.n, a[0].data(), b[0].data(), c[std::size_t(w) % sets].data(), l.threads);
        ++ready;
        while (!go.load())
            std::this_thread::yield();
        for (std::int64_t t = w; t < l.count; t += l.workers) {
            const std::size_t k = l.makeData ? std::size_t(w) : std::size_t(t);
            if (l.makeData) {
                fillUniform(a[k].data(), elements, streamKey(42, t, Operand::A));
                fillUniform(b[k].data(), elements, streamKey(42, t, Operand::B));
            }
            blas::gemm(l.n, a[k].data(), b[k].data(), c[k].data(), l.threads);
        }
    };
    std::vector<std::thread> threads;
    for (int w = 0; w < l.workers; ++w)
        threads.emplace_back(work, w);
    while (ready.load() < l.workers)
        std::this_thread::yield();
    const double t0 = monotonicSeconds();
    go = true;
    for (auto& t : threads)
        t.join();
    std::printf("seconds %.9f checksum %g\n", monotonicSeconds() - t0, c[0][0]);
    return 0;
}

} // namespace threadmix
