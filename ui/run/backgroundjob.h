// Work off the GUI thread, its results back on the owner's thread: the one pattern behind every
// background task of the window (the engine's run, the calibration, the library probe).
#pragma once

#include <QMetaObject>
#include <QObject>
#include <QPointer>

#include <atomic>
#include <list>
#include <memory>
#include <stop_token>
#include <thread>
#include <utility>

namespace threadmix::ui {

class BackgroundJob {
public:
    // Brings a callable to the owner's thread. It runs there only if the owner still exists and
    // the job that posted it is still the current one: a stopped or replaced job can never
    // write into what came after it.
    class Poster {
    public:
        template <typename F> void operator()(F f) const {
            QPointer<QObject> owner(m_owner);
            auto current = m_current;
            const int id = m_id;
            QMetaObject::invokeMethod(
                m_owner,
                [owner, current, id, f = std::move(f)]() mutable {
                    if (owner && current->load() == id)
                        f();
                },
                Qt::QueuedConnection);
        }
        int id() const { return m_id; }

    private:
        friend class BackgroundJob;
        Poster(QObject* owner, std::shared_ptr<std::atomic<int>> current, int id)
            : m_owner(owner), m_current(std::move(current)), m_id(id) {}
        QObject* m_owner;
        std::shared_ptr<std::atomic<int>> m_current;
        int m_id;
    };

    // `owner` must outlive the job: make the job a member of the owner, so that its destructor
    // (which joins) runs before the owner's QObject part goes.
    explicit BackgroundJob(QObject* owner) : m_owner(owner) {}
    ~BackgroundJob() { stopAll(); }
    BackgroundJob(const BackgroundJob&) = delete;
    BackgroundJob& operator=(const BackgroundJob&) = delete;

    // Stops the current job (without waiting) and runs `work` on a new thread; returns the new
    // job's id, which its Poster carries.
    // `work` is called as work(std::stop_token, const Poster&); it may be move-only.
    template <typename Work> int start(Work work) {
        stop();
        reap();
        const int id = m_current->load();
        Running r;
        r.thread = std::jthread([work = std::move(work), done = r.done,
                                 poster = Poster(m_owner, m_current, id)](
                                    std::stop_token stop) mutable {
            work(stop, poster);
            done->store(true);
        });
        m_running = std::move(r);
        return id;
    }
    // Stops the current job: its thread is asked to stop and whatever it posts from now on is
    // dropped. Does not wait; the thread is joined once it says it is done, or at destruction.
    void stop() {
        if (m_running.thread.joinable()) {
            m_running.thread.request_stop();
            m_retiring.push_back(std::move(m_running));
            m_running = Running();
        }
        ++*m_current;
    }
    // The id the next posts must carry to be delivered.
    int currentId() const { return m_current->load(); }

private:
    struct Running {
        std::shared_ptr<std::atomic<bool>> done = std::make_shared<std::atomic<bool>>(false);
        std::jthread thread;
    };
    void reap() {
        // Joining a thread that has said it is done does not block the GUI.
        m_retiring.remove_if([](const Running& r) { return r.done->load(); });
    }
    void stopAll() {
        stop();
        for (auto& r : m_retiring)
            r.thread.request_stop();
        m_retiring.clear(); // joins
    }

    QObject* m_owner;
    std::shared_ptr<std::atomic<int>> m_current = std::make_shared<std::atomic<int>>(0);
    Running m_running;
    std::list<Running> m_retiring;
};

} // namespace threadmix::ui
