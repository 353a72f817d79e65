// Chunked dispatch: every task once, chunks kept together, phases reuse the same threads.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "core/measure/taskpool.h"

using threadmix::TaskPool;

TEST(TaskPool, EveryTaskRunsExactlyOnce) {
    for (int workers : {1, 2, 3, 8}) {
        for (std::int64_t chunk : {1, 2, 5, 100}) {
            TaskPool pool(workers);
            std::vector<std::atomic<int>> hits(97);
            pool.run(97, chunk, [&](std::int64_t t, int) { hits[std::size_t(t)]++; });
            for (auto& h : hits)
                ASSERT_EQ(h.load(), 1) << workers << " workers, chunk " << chunk;
        }
    }
}

TEST(TaskPool, ChunksStayOnOneWorker) {
    TaskPool pool(3);
    std::vector<int> owner(40, -1);
    pool.run(40, 4, [&](std::int64_t t, int w) {
        owner[std::size_t(t)] = w;
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    });
    for (std::size_t c = 0; c < 40; c += 4)
        for (std::size_t i = c; i < c + 4; ++i)
            EXPECT_EQ(owner[i], owner[c]) << "task " << i << " left its chunk";
}

TEST(TaskPool, WorkersShareTheWork) {
    TaskPool pool(2);
    std::atomic<int> perWorker[2] = {0, 0};
    // Each task holds its worker until the other worker has taken at least as many tasks
    // (or 5 s pass, which would show as a failure): a worker that never takes work fails the
    // test whatever the CPU's speed.
    pool.run(40, 1, [&](std::int64_t, int w) {
        const int mine = ++perWorker[w];
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (perWorker[1 - w].load() < std::min(mine, 20) &&
               std::chrono::steady_clock::now() < until)
            std::this_thread::yield();
    });
    EXPECT_EQ(perWorker[0] + perWorker[1], 40);
    EXPECT_EQ(perWorker[0].load(), 20);
    EXPECT_EQ(perWorker[1].load(), 20);
}

TEST(TaskPool, SetupRunsOncePerWorkerOnItsOwnThreadBeforeTasks) {
    std::mutex m;
    std::set<std::thread::id> setupThreads;
    std::atomic<int> setups{0};
    TaskPool pool(4, [&](int) {
        std::lock_guard g(m);
        setupThreads.insert(std::this_thread::get_id());
        setups++;
    });
    EXPECT_EQ(setups.load(), 4); // the constructor waits for every setup
    std::set<std::thread::id> taskThreads;
    pool.run(64, 1, [&](std::int64_t, int) {
        std::lock_guard g(m);
        taskThreads.insert(std::this_thread::get_id());
    });
    for (auto id : taskThreads)
        EXPECT_TRUE(setupThreads.count(id));
    EXPECT_FALSE(setupThreads.count(std::this_thread::get_id()));
}

TEST(TaskPool, SeveralPhasesAndMoreWorkersThanTasks) {
    TaskPool pool(6);
    for (int phase = 0; phase < 50; ++phase) {
        std::atomic<int> done{0};
        pool.run(phase % 4, 1, [&](std::int64_t, int) { done++; });
        ASSERT_EQ(done.load(), phase % 4);
    }
}
