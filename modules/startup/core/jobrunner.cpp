#include "jobrunner.h"

JobRunner::JobRunner(QObject *parent)
    : QObject(parent)
{}

JobRunner::~JobRunner()
{
    stop();
    wait();
}

void JobRunner::wait()
{
    if (m_thread.joinable())
        m_thread.join();
}

bool JobRunner::start(Job job)
{
    if (m_running.load())
        return false;
    wait();
    m_stop = false;
    m_running = true;
    m_thread = std::thread([this, job = std::move(job)] {
        const Context context{
            m_stop,
            [this](double fraction) {
                QMetaObject::invokeMethod(
                    this, [this, fraction] { emit progress(fraction); }, Qt::QueuedConnection);
            },
            [this](const QJsonObject &result) {
                QMetaObject::invokeMethod(
                    this, [this, result] { emit partial(result); }, Qt::QueuedConnection);
            }};
        const QJsonObject result = job(context);
        const bool stopped = m_stop.load();
        m_running = false;
        QMetaObject::invokeMethod(
            this,
            [this, result, stopped] { emit finished(result, stopped); },
            Qt::QueuedConnection);
    });
    return true;
}
