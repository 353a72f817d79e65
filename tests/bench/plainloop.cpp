// Plain BLAS loops, timed (see plainloop.h).
#include "tests/bench/plainloop.h"

#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include "core/base/clock.h"
#include "core/measure/blas.h"
#include "core/measure/rng.h"

namespace threadmix {

bool isPlainLoopInvocation(int argc, char** argv) {
    return argc == 8 && std::string(argv[1]) == "--plain-loop";
}

int plainLoopMain(int argc, char** argv) {
    if (!isPlainLoopInvocation(argc, argv))
        return 2;
    const PlainLoop l{std::atoll(argv[2]), std::atoll(argv[3]), std::atoi(argv[4]),
                      std::string(argv[5]) == "1", std::atoi(argv[6]),
                      std::string(argv[7]) == "1"};
    // OpenBLAS has no per-call count: the process-wide one, as the engine's child sets it.
    if (blas::buildInfo().family == "OpenBLAS")
        blas::setProcessThreads(l.threads);
    return plainLoopMain(l);
}

namespace {

// What a plain C++ program that shares multiplies out to forked processes does: fork, each
// process makes its operands (one set of arrays, reused) and multiplies the tasks it takes one
// at a time from a counter in shared memory (the engine's pool hands them out one at a time
// too: the same balancing, without the main program in between), the parent waits for them
// all. Nothing is warmed up: a worker's first multiply builds its BLIS thread team, as the
// engine's workers do with their warm-up inside the same span.
int plainProcesses(const PlainLoop& l) {
    if (!l.makeData || l.workers < 1) {
        std::fprintf(stderr, "plain processes make their own data: MAKEDATA must be 1\n");
        return 2;
    }
    const auto elements = std::size_t(l.n * l.n);
    // The next task; each worker's share of the checksum and when it began its first multiply
    // (its arrays made and touched), where the parent can read them.
    struct Shared {
        std::atomic<std::int64_t> next{0};
    };
    static_assert(std::atomic<std::int64_t>::is_always_lock_free); // so it works across processes
    const std::size_t mapped = 64 + 2 * sizeof(double) * std::size_t(l.workers);
    void* shared = ::mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                          -1, 0);
    if (shared == MAP_FAILED) {
        std::perror("mmap");
        return 1;
    }
    auto* counter = new (shared) Shared;
    auto* sums = reinterpret_cast<double*>(static_cast<char*>(shared) + 64);
    double* started = sums + l.workers;
    std::vector<pid_t> pids;
    const double t0 = monotonicSeconds();
    for (int w = 0; w < l.workers; ++w) {
        const pid_t pid = ::fork();
        if (pid < 0) {
            std::perror("fork");
            for (pid_t p : pids)
                ::kill(p, SIGKILL);
            return 1;
        }
        if (pid == 0) {
            std::vector<double> a(elements), b(elements), c(elements);
            double sum = 0;
            started[w] = monotonicSeconds() - t0;
            for (std::int64_t t; (t = counter->next.fetch_add(1)) < l.count;) {
                fillUniform(a.data(), elements, streamKey(42, t, Operand::A));
                fillUniform(b.data(), elements, streamKey(42, t, Operand::B));
                blas::gemm(l.n, a.data(), b.data(), c.data(), l.threads);
                sum += c[0];
            }
            sums[w] = sum;
            ::_exit(0);
        }
        pids.push_back(pid);
    }
    bool ok = true;
    for (pid_t p : pids) {
        int status = 0;
        while (::waitpid(p, &status, 0) < 0 && errno == EINTR) {
        }
        ok = ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    const double seconds = monotonicSeconds() - t0;
    if (!ok) {
        std::fprintf(stderr, "a plain worker process failed\n");
        return 1;
    }
    double checksum = 0, lastStarted = 0;
    for (int w = 0; w < l.workers; ++w) {
        checksum += sums[w];
        lastStarted = std::max(lastStarted, started[w]);
    }
    std::printf("seconds %.9f checksum %g started %.9f\n", seconds, checksum, lastStarted);
    return 0;
}

} // namespace

int plainLoopMain(const PlainLoop& l) {
    if (l.processes)
        return plainProcesses(l);
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
