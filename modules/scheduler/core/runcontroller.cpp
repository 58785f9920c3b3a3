#include "runcontroller.h"

RunController::RunController(QObject *parent)
    : QObject(parent)
{}

RunController::~RunController()
{
    stop();
    join();
}

void RunController::join()
{
    if (m_thread.joinable())
        m_thread.join();
}

bool RunController::start(const QList<MeasureOptions> &runs)
{
    if (m_running.load())
        return false;
    join();
    m_stop = false;
    m_running = true;
    m_thread = std::thread([this, runs] {
        for (int i = 0; i < runs.size() && !m_stop.load(); ++i) {
            m_current = i;
            RunResult result = runMeasurement(runs.at(i), &m_stop, &m_live);
            QMetaObject::invokeMethod(
                this,
                [this, i, result = std::move(result)] { emit runFinished(i, result); },
                Qt::QueuedConnection);
        }
        const bool stopped = m_stop.load();
        m_running = false;
        m_current = -1;
        QMetaObject::invokeMethod(
            this, [this, stopped] { emit batchFinished(stopped); }, Qt::QueuedConnection);
    });
    return true;
}

void RunController::stop()
{
    m_stop = true;
}
