#include "runcontroller.h"

#include <QFile>

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
            m_live.completed = 0;
            m_live.waitNs = 0;
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

std::vector<double> CpuSampler::sample()
{
    std::vector<Ticks> now;
    QFile stat(QStringLiteral("/proc/stat"));
    if (stat.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : stat.readAll().split('\n')) {
            // "cpu0 user nice system idle iowait irq softirq steal ..."; skip the "cpu " total.
            if (!line.startsWith("cpu") || line.size() < 4 || line.at(3) == ' ')
                continue;
            const QList<QByteArray> fields = line.simplified().split(' ');
            Ticks t;
            for (int i = 1; i < fields.size(); ++i) {
                const unsigned long long value = fields.at(i).toULongLong();
                t.total += value;
                if (i != 4 && i != 5) // idle and iowait are not busy
                    t.busy += value;
            }
            now.push_back(t);
        }
    }
    std::vector<double> busy(now.size(), 0.0);
    if (m_previous.size() == now.size()) {
        for (std::size_t i = 0; i < now.size(); ++i) {
            const double total = double(now[i].total - m_previous[i].total);
            busy[i] = total > 0 ? double(now[i].busy - m_previous[i].busy) / total : 0.0;
        }
    }
    m_previous = now;
    return busy;
}
