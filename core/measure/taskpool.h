// A fixed pool of std::thread workers that runs phases of tasks handed out in chunks.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <thread>
#include <vector>

namespace threadmix {

class TaskPool {
public:
    using WorkerSetup = std::function<void(int worker)>;
    using Task = std::function<void(std::int64_t task, int worker)>;

    // Starts `workers` threads; each runs `setup` once (buffers, BLIS thread team) and the
    // constructor returns only when all of them are ready, so setup stays out of timings.
    explicit TaskPool(int workers, WorkerSetup setup = {});
    ~TaskPool();
    TaskPool(const TaskPool&) = delete;
    TaskPool& operator=(const TaskPool&) = delete;

    // Runs tasks 0..count-1; a free worker takes the next `chunk` tasks at once (like
    // Python's map chunksize). Blocks until every task has finished.
    void run(std::int64_t count, std::int64_t chunk, const Task& task);

    int workers() const { return int(m_threads.size()); }

private:
    void workerLoop(int worker, const WorkerSetup& setup);

    std::vector<std::jthread> m_threads;
    // Generation number of the current phase; workers wait on it between phases.
    std::atomic<std::uint64_t> m_phase{0};
    std::atomic<int> m_ready{0};
    std::atomic<int> m_busy{0};
    std::atomic<std::int64_t> m_next{0};
    std::atomic<bool> m_stop{false};
    std::int64_t m_count = 0;
    std::int64_t m_chunk = 1;
    const Task* m_task = nullptr;
};

} // namespace threadmix
