// The engine runs on a std::jthread; results cross to the GUI thread via queued invocations.
#include "ui/run/enginecontroller.h"

#include <QMetaObject>
#include <QPointer>

#include "core/run/engine.h"

namespace threadmix::ui {
namespace {

// Posts every engine callback to the controller's (GUI) thread, tagged with the run's id.
class QueuedObserver : public EngineObserver {
public:
    QueuedObserver(EngineController* target, const BackgroundJob::Poster& post)
        : m_target(target), m_post(post) {}

    void configStarted(std::size_t index, const Configuration&) override {
        post([=](EngineController* c, int id) { emit c->configStarted(id, int(index)); });
    }
    void repetitionFinished(std::size_t index, int rep, bool warmup,
                            const RepetitionOutcome& o) override {
        const bool ok = o.status == RunStatus::Ok;
        post([=, r = o.result](EngineController* c, int id) {
            emit c->repetitionFinished(id, int(index), rep, warmup, ok, o.seconds, r);
        });
    }
    void configFinished(std::size_t index, const ConfigResult& result) override {
        post([=](EngineController* c, int id) { emit c->configFinished(id, int(index), result); });
    }

    template <typename F> void post(F f) {
        m_post([c = m_target, id = m_post.id(), f] { f(c, id); });
    }

private:
    EngineController* m_target;
    const BackgroundJob::Poster& m_post;
};

} // namespace

EngineController::EngineController(QObject* parent) : QObject(parent) {}

EngineController::~EngineController() {
    m_closing->store(true); // a run stopped by closing keeps its journal, to be restored
    // m_job's destructor stops and joins the engine's thread (its children are killed within
    // milliseconds) before QObject's destructor discards the events it posted.
}

int EngineController::start(RunSession session) {
    cancel();
    m_running = true;
    const QString problem = QString::fromStdString(session.journalProblem());
    const int id = m_job.start([this, closing = m_closing,
                                session = std::move(session)](
                                   std::stop_token stop, const BackgroundJob::Poster& poster) mutable {
        QueuedObserver observer(this, poster);
        session.setNext(&observer);
        // The window outranks its children: it keeps answering while they use every core.
        IsolatedRunner runner;
        runner.setNice(kWindowChildNice);
        Engine engine(runner);
        session.run(engine, stop);
        // Cancelled on purpose: everything is in the window, the journal has done its job. A
        // window that closes mid-run keeps it, to be offered at the next start.
        session.end(stop.stop_requested(),
                    closing->load() ? RunEnd::Interrupted : RunEnd::Cancelled);
        if (!session.writeError().empty())
            observer.post(
                [message = QString::fromStdString(session.writeError())](
                    EngineController* c, int runId) { emit c->sessionProblem(runId, message); });
        const bool cancelled = stop.stop_requested();
        observer.post([cancelled](EngineController* c, int runId) {
            c->m_running = false;
            emit c->runFinished(runId, cancelled);
        });
    });
    if (!problem.isEmpty())
        emit sessionProblem(id, problem);
    return id;
}

void EngineController::cancel() {
    const int id = m_job.currentId();
    // Do not wait: the thread kills its child and ends on its own within milliseconds; what it
    // still posts is dropped.
    m_job.stop();
    if (m_running) {
        m_running = false;
        emit runFinished(id, true);
    }
}

} // namespace threadmix::ui
