// Chunked dispatch through one atomic counter: no locks, no queue, no per-task allocation.
#include "core/measure/taskpool.h"

#include <algorithm>

namespace threadmix {

TaskPool::TaskPool(int workers, WorkerSetup setup) {
    m_threads.reserve(std::size_t(workers));
    for (int w = 0; w < workers; ++w)
        m_threads.emplace_back([this, w, setup] { workerLoop(w, setup); });
    for (int ready = m_ready.load(); ready < workers; ready = m_ready.load())
        m_ready.wait(ready);
}

TaskPool::~TaskPool() {
    m_stop.store(true);
    m_phase.fetch_add(1);
    m_phase.notify_all();
    // jthreads join here.
}

void TaskPool::run(std::int64_t count, std::int64_t chunk, const Task& task) {
    if (count <= 0)
        return;
    m_count = count;
    m_chunk = std::max<std::int64_t>(1, chunk);
    m_task = &task;
    m_next.store(0);
    m_busy.store(workers());
    // The atomic increment publishes the phase's fields to the workers.
    m_phase.fetch_add(1, std::memory_order_release);
    m_phase.notify_all();
    for (int busy = m_busy.load(std::memory_order_acquire); busy > 0;
         busy = m_busy.load(std::memory_order_acquire))
        m_busy.wait(busy);
    m_task = nullptr;
}

void TaskPool::workerLoop(int worker, const WorkerSetup& setup) {
    if (setup)
        setup(worker);
    std::uint64_t seen = m_phase.load();
    m_ready.fetch_add(1);
    m_ready.notify_all();
    for (;;) {
        m_phase.wait(seen, std::memory_order_acquire);
        seen = m_phase.load(std::memory_order_acquire);
        if (m_stop.load())
            return;
        for (;;) {
            const std::int64_t first = m_next.fetch_add(m_chunk, std::memory_order_relaxed);
            if (first >= m_count)
                break;
            const std::int64_t last = std::min(first + m_chunk, m_count);
            for (std::int64_t t = first; t < last; ++t)
                (*m_task)(t, worker);
        }
        if (m_busy.fetch_sub(1, std::memory_order_acq_rel) == 1)
            m_busy.notify_all();
    }
}

} // namespace threadmix
