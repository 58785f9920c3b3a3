// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QObject>

#include <atomic>
#include <functional>
#include <thread>

namespace Kit {

/**
 * One piece of long work off the GUI thread, as every module needs it: a stop flag the work
 * checks, progress (0..1), and results handed back to the job's own thread. Only one runs at a
 * time; the destructor stops and joins it.
 */
class BackgroundJob final : public QObject
{
    Q_OBJECT

public:
    /** What the work gets: the stop flag, and ways to talk to the job's thread. */
    struct Context
    {
        const std::atomic<bool> &stop;
        /** Reports progress (0..1); arrives as progress() on the job's thread. */
        std::function<void(double)> progress;
        /** Runs FN on the job's thread (results, partial results), in order. */
        std::function<void(std::function<void()>)> post;
    };
    using Work = std::function<void(const Context &)>;

    explicit BackgroundJob(QObject *parent = nullptr);
    ~BackgroundJob() override;

    /** Starts WORK; false (and nothing happens) if a job is still running. */
    bool start(Work work);
    /** Asks the work to stop; it ends at its next check. */
    void stop() { m_stop = true; }
    /** From start() until finished() is emitted: everything the work posted has arrived then. */
    bool isRunning() const { return m_running.load(); }
    /** Waits for the work to end (tests, shutdown). Posted results still arrive via the loop. */
    void wait();

signals:
    void progress(double fraction);
    /** After everything the work posted. STOPPED: stop() was called before it ended. */
    void finished(bool stopped);

private:
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_running{false};
};

} // namespace Kit
