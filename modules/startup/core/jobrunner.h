#pragma once

#include <QJsonObject>
#include <QObject>

#include <atomic>
#include <functional>
#include <thread>

/**
 * Runs one simulation job off the GUI thread. The job gets a stop flag it must check and a way to
 * report progress (0..1) and partial results; all signals arrive on the runner's thread.
 */
class JobRunner final : public QObject
{
    Q_OBJECT

public:
    struct Context
    {
        const std::atomic<bool> &stop;
        std::function<void(double)> progress;
        std::function<void(const QJsonObject &)> partial;
    };
    using Job = std::function<QJsonObject(const Context &)>;

    explicit JobRunner(QObject *parent = nullptr);
    ~JobRunner() override;

    /** Starts JOB; false if one is still running. */
    bool start(Job job);
    /** Asks the job to stop; it ends at its next check. */
    void stop() { m_stop = true; }
    bool isRunning() const { return m_running.load(); }
    /** Waits for the job (tests, shutdown). */
    void wait();

signals:
    void progress(double fraction);
    void partial(const QJsonObject &result);
    void finished(const QJsonObject &result, bool stopped);

private:
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_running{false};
};
