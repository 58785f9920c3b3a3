#pragma once

#include "engine.h"

#include <QList>
#include <QObject>

#include <thread>
#include <vector>

/**
 * Runs measurements off the GUI thread, one after another, and can stop them at once. The view
 * polls live() about ten times a second; results arrive as signals on the controller's thread.
 */
class RunController final : public QObject
{
    Q_OBJECT

public:
    explicit RunController(QObject *parent = nullptr);
    ~RunController() override;

    /** Starts RUNS in order; false if a batch is still going. */
    bool start(const QList<MeasureOptions> &runs);
    /** Asks the current batch to stop; the engine notices within a check point (well under 200 ms).
     */
    void stop();
    bool isRunning() const { return m_running.load(); }
    /** The counters of the run going on now. */
    const LiveCounters &live() const { return m_live; }
    /** Index of the run going on now. */
    int current() const { return m_current.load(); }

signals:
    void runFinished(int index, const RunResult &result);
    void batchFinished(bool stopped);

private:
    void join();

    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_running{false};
    std::atomic<int> m_current{-1};
    LiveCounters m_live;
};
