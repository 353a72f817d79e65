// The measured body of a repetition on a thread pool: pool, data, BLAS calls, usage deltas,
// task timeline. A process pool's repetition is processpool.cpp; both run TaskWork's tasks.
#include "core/measure/repetition.h"

#include <mutex>
#include <stdexcept>

#include "core/measure/mpipool.h"
#include "core/measure/processpool.h"
#include "core/measure/taskpool.h"
#include "core/measure/taskwork.h"

namespace threadmix {
namespace {

class RepetitionExecutor {
public:
    RepetitionExecutor(const RunSpec& spec, const TaskCheck& check)
        : m_spec(spec), m_check(check), m_work(spec) {}

    RepetitionResult run() {
        m_result.tasks.resize(std::size_t(m_spec.count));
        m_taskSums.assign(std::size_t(m_spec.count), 0.0);
        const bool upfront = m_spec.data == DataPlacement::Upfront;
        m_items.resize(std::size_t(upfront ? m_spec.count : m_spec.workers));

        TaskPool pool(m_spec.workers, [&](int worker) { prepareWorker(worker); });

        const ProcessUsage before = usageNow();
        const double t0 = monotonicSeconds();
        m_t0 = t0;
        double dataPhaseEnd = t0;
        if (upfront) {
            pool.run(m_spec.count, 1, [&](std::int64_t t, int) {
                auto& o = m_items[std::size_t(t)];
                m_work.allocate(o);
                m_work.makeData(o.view(), t, true);
            });
            dataPhaseEnd = monotonicSeconds();
            pool.run(m_spec.count, m_spec.chunk, [&](std::int64_t t, int w) {
                auto& rec = m_result.tasks[std::size_t(t)];
                const auto o = m_items[std::size_t(t)].view();
                rec.worker = w;
                rec.start = rec.dataEnd = monotonicSeconds() - m_t0;
                const double value = m_work.operate(o, t);
                rec.end = rec.returned = monotonicSeconds() - m_t0;
                afterOperate(o, t, value);
            });
        } else {
            pool.run(m_spec.count, m_spec.chunk, [&](std::int64_t t, int w) {
                auto& rec = m_result.tasks[std::size_t(t)];
                const auto o = m_items[std::size_t(w)].view();
                rec.worker = w;
                rec.start = monotonicSeconds() - m_t0;
                m_work.makeData(o, t, false);
                rec.dataEnd = monotonicSeconds() - m_t0;
                const double value = m_work.operate(o, t);
                rec.end = rec.returned = monotonicSeconds() - m_t0;
                afterOperate(o, t, value);
            });
        }
        const double t1 = monotonicSeconds();
        const ProcessUsage used = usageNow() - before;

        if (!m_verifyError.empty())
            throw std::runtime_error(m_verifyError);

        auto& r = m_result;
        r.wallSeconds = t1 - t0;
        if (upfront) {
            r.dataPhaseSeconds = dataPhaseEnd - t0;
            r.dataSeconds = r.dataPhaseSeconds;
            r.computeSeconds = t1 - dataPhaseEnd;
        } else {
            splitInTaskWallTime(r, r.wallSeconds);
        }
        r.cpuSeconds = used.cpuSeconds;
        r.ctxVoluntary = used.ctxVoluntary;
        r.ctxInvoluntary = used.ctxInvoluntary;
        r.peakRssBytes = ownPeakRssBytes();
        r.processes = 1;
        r.checksum = 0;
        for (double s : m_taskSums)
            r.checksum += s;
        return std::move(m_result);
    }

private:
    void prepareWorker(int worker) {
        if (m_spec.pin)
            pinToCpu(worker);
        m_work.warmUp();
        if (m_spec.data == DataPlacement::InTask) {
            // Each worker reuses its own operands; touch them now so page faults are not timed.
            auto& o = m_items[std::size_t(worker)];
            m_work.allocate(o);
            m_work.touch(o.view());
        }
    }

    // Outside the task's timing: checks and the observable result.
    void afterOperate(OperandView o, std::int64_t task, double operated) {
        m_taskSums[std::size_t(task)] = m_work.observe(o, task, operated);
        if (m_spec.verify)
            if (auto wrong = m_work.verify(o, task)) {
                std::lock_guard lock(m_errorMutex);
                if (m_verifyError.empty())
                    m_verifyError = *wrong;
            }
        if (m_check && m_spec.workload == Workload::Gemm)
            m_check(task, o.a, o.b, o.c, m_spec.size);
    }

    const RunSpec& m_spec;
    const TaskCheck& m_check;
    TaskWork m_work;
    std::vector<Operands> m_items;
    std::vector<double> m_taskSums;
    RepetitionResult m_result;
    double m_t0 = 0;
    std::mutex m_errorMutex;
    std::string m_verifyError;
};

} // namespace

void splitInTaskWallTime(RepetitionResult& r, double wallSeconds) {
    double data = 0, total = 0;
    for (const auto& rec : r.tasks) {
        data += rec.dataEnd - rec.start;
        total += rec.end - rec.start;
    }
    const double share = total > 0 ? data / total : 0.0;
    r.dataSeconds = wallSeconds * share;
    r.computeSeconds = wallSeconds - r.dataSeconds;
}

RepetitionResult executeRepetition(const RunSpec& spec, const TaskCheck& check) {
    if (spec.pool == PoolKind::Processes)
        return executeProcessRepetition(spec, check);
    if (spec.pool == PoolKind::Mpi)
        return executeMpiRepetition(spec);
    RepetitionExecutor executor(spec, check);
    return executor.run();
}

} // namespace threadmix
