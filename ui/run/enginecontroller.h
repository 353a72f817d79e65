// Runs core plans off the GUI thread and delivers their progress as queued signals.
#pragma once

#include <QObject>

#include <atomic>
#include <memory>
#include <optional>

#include "core/results/configresult.h"
#include "core/run/isolatedrunner.h"
#include "core/run/runsession.h"
#include "core/spec/plan.h"
#include "ui/run/backgroundjob.h"

namespace threadmix::ui {

// Nice value of the children the window starts (see IsolatedRunner::setNice).
inline constexpr int kWindowChildNice = 10;

class EngineController : public QObject {
    Q_OBJECT
public:
    explicit EngineController(QObject* parent = nullptr);
    ~EngineController() override; // stops the run; joining is quick since children are killed

    // Runs the session's plan (cancelling any run in progress) and returns its run id. The
    // session journals the run on the engine's thread. Signals of older runs are dropped, so
    // a cancelled run can never write into the new one.
    int start(RunSession session);
    void cancel();
    bool isRunning() const { return m_running; }
    int runId() const { return m_job.currentId(); }

signals:
    void configStarted(int runId, int index);
    // Every finished child process; `result` is valid when ok.
    void repetitionFinished(int runId, int index, int rep, bool warmup, bool ok,
                            double childSeconds, const threadmix::RepetitionResult& result);
    void configFinished(int runId, int index, const threadmix::ConfigResult& result);
    void runFinished(int runId, bool cancelled);
    // The journal could not be kept, or a file could not be written; the run goes on.
    void sessionProblem(int runId, const QString& message);

private:
    bool m_running = false;
    std::shared_ptr<std::atomic<bool>> m_closing = std::make_shared<std::atomic<bool>>(false);
    BackgroundJob m_job{this};
};

} // namespace threadmix::ui
