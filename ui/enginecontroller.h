// Runs core plans off the GUI thread and delivers their progress as queued signals.
#pragma once

#include <QObject>

#include <atomic>
#include <list>
#include <map>
#include <memory>
#include <stop_token>
#include <thread>

#include "core/configresult.h"
#include "core/isolatedrunner.h"
#include "core/plan.h"

namespace threadmix::ui {

// Nice value of the children the window starts (see IsolatedRunner::setNice).
inline constexpr int kWindowChildNice = 10;

class EngineController : public QObject {
    Q_OBJECT
public:
    explicit EngineController(QObject* parent = nullptr);
    ~EngineController() override; // stops the run; joining is quick since children are killed

    // Starts `plan` (cancelling any run in progress) and returns its run id. Signals of older
    // runs are dropped, so a cancelled run can never write into the new one.
    // `finished`: configurations already measured (a resumed journal), not run again.
    int start(Plan plan, std::map<std::size_t, ConfigResult> finished = {});
    void cancel();
    bool isRunning() const { return m_running; }
    int runId() const { return m_runId; }

signals:
    void configStarted(int runId, int index);
    // Every finished child process; `result` is valid when ok.
    void repetitionFinished(int runId, int index, int rep, bool warmup, bool ok,
                            double childSeconds, const threadmix::RepetitionResult& result);
    void configFinished(int runId, int index, const threadmix::ConfigResult& result);
    void runFinished(int runId, bool cancelled);

private:
    void reapFinishedThreads();

    struct Worker {
        std::shared_ptr<std::atomic<bool>> done = std::make_shared<std::atomic<bool>>(false);
        std::jthread thread;
    };

    int m_runId = 0;
    bool m_running = false;
    std::stop_source m_stop;
    Worker m_worker;
    // Threads of cancelled runs, still unwinding; joined once they are done.
    std::list<Worker> m_retiring;
};

} // namespace threadmix::ui
