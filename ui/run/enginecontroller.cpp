// The engine runs on a std::jthread; results cross to the GUI thread via queued invocations.
#include "ui/run/enginecontroller.h"

#include <QMetaObject>
#include <QPointer>

#include "core/run/engine.h"

namespace threadmix::ui {
namespace {

// Posts every engine callback to the controller's (GUI) thread.
class QueuedObserver : public EngineObserver {
public:
    QueuedObserver(EngineController* target, int runId) : m_target(target), m_runId(runId) {}

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
        QPointer<EngineController> target(m_target);
        const int id = m_runId;
        QMetaObject::invokeMethod(
            m_target,
            [target, id, f] {
                if (target && target->runId() == id)
                    f(target.data(), id);
            },
            Qt::QueuedConnection);
    }

private:
    EngineController* m_target;
    int m_runId;
};

} // namespace

EngineController::EngineController(QObject* parent) : QObject(parent) {}

EngineController::~EngineController() {
    m_closing->store(true); // a run stopped by closing keeps its journal, to be restored
    m_stop.request_stop();
    // The workers' jthreads join as members are destroyed, before QObject's destructor
    // discards the events they posted.
}

int EngineController::start(RunSession session) {
    cancel();
    reapFinishedThreads();
    const int id = ++m_runId;
    m_stop = std::stop_source();
    m_running = true;
    auto stop = m_stop.get_token();
    m_worker = Worker();
    if (!session.journalProblem().empty())
        emit sessionProblem(id, QString::fromStdString(session.journalProblem()));
    m_worker.thread = std::jthread([this, id, stop, done = m_worker.done, closing = m_closing,
                                    session = std::move(session)]() mutable {
        QueuedObserver observer(this, id);
        session.setNext(&observer);
        // The window outranks its children: it keeps answering while they use every core.
        IsolatedRunner runner;
        runner.setNice(kWindowChildNice);
        Engine engine(runner);
        session.run(engine, stop);
        if (!session.writeError().empty())
            observer.post(
                [message = QString::fromStdString(session.writeError())](
                    EngineController* c, int runId) { emit c->sessionProblem(runId, message); });
        // Done or cancelled on purpose: everything is in the window, the journal has done
        // its job. A window that closes mid-run leaves it, to be offered at the next start.
        if (!closing->load())
            session.finish();
        const bool cancelled = stop.stop_requested();
        observer.post([cancelled](EngineController* c, int runId) {
            c->m_running = false;
            emit c->runFinished(runId, cancelled);
        });
        done->store(true);
    });
    return id;
}

void EngineController::cancel() {
    if (!m_worker.thread.joinable())
        return;
    m_stop.request_stop();
    // Do not wait here: the thread kills its child and ends on its own within milliseconds.
    m_retiring.push_back(std::move(m_worker));
    m_worker = Worker();
    if (m_running) {
        m_running = false;
        const int id = m_runId;
        ++m_runId; // drop whatever the cancelled run still posts
        emit runFinished(id, true);
    }
}

void EngineController::reapFinishedThreads() {
    // Joining a thread that has said it is done does not block the GUI.
    m_retiring.remove_if([](const Worker& w) { return w.done->load(); });
}

} // namespace threadmix::ui
