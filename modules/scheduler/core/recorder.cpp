#include "recorder.h"

#include <QFile>

#include <algorithm>

namespace {

bool invariantTsc()
{
#if defined(__x86_64__)
    static const bool invariant = [] {
        QFile cpuinfo(QStringLiteral("/proc/cpuinfo"));
        if (!cpuinfo.open(QIODevice::ReadOnly))
            return false;
        const QByteArray text = cpuinfo.readAll();
        return text.contains(" constant_tsc") && text.contains(" nonstop_tsc");
    }();
    return invariant;
#else
    return false;
#endif
}

} // namespace

Recorder::Recorder(int workers, bool enabled, std::size_t reserve)
    : m_enabled(enabled)
    , m_tsc(invariantTsc())
    , m_buffers(std::size_t(std::max(workers, 1)))
    , m_foreign(m_buffers.size())
{
    m_ns0 = monotonicNs();
    m_tsc0 = stamp();
    if (enabled) {
        for (auto &buffer : m_buffers)
            buffer.reserve(reserve);
    }
}

void Recorder::append(int worker, const std::vector<WorkerEvent> &events)
{
    if (!m_enabled)
        return;
    auto &foreign = m_foreign[std::size_t(worker)];
    for (WorkerEvent event : events) {
        event.worker = worker;
        foreign.push_back(event);
    }
}

std::vector<WorkerEvent> Recorder::merged() const
{
    std::vector<WorkerEvent> all;
    all.reserve(count());
    // Map counter ticks onto the clock with a second reading taken now.
    double nsPerTick = 1.0;
    if (m_tsc) {
        const std::int64_t ns1 = monotonicNs();
        const std::int64_t tsc1 = stamp();
        nsPerTick = tsc1 > m_tsc0 ? double(ns1 - m_ns0) / double(tsc1 - m_tsc0) : 1.0;
    }
    for (const auto &buffer : m_buffers) {
        for (WorkerEvent e : buffer) {
            if (m_tsc)
                e.t = m_ns0 + std::int64_t(double(e.t - m_tsc0) * nsPerTick);
            all.push_back(e);
        }
    }
    for (const auto &foreign : m_foreign)
        all.insert(all.end(), foreign.begin(), foreign.end());
    std::stable_sort(all.begin(), all.end(), [](const WorkerEvent &a, const WorkerEvent &b) {
        return a.t < b.t;
    });
    return all;
}

std::size_t Recorder::count() const
{
    std::size_t n = 0;
    for (const auto &buffer : m_buffers)
        n += buffer.size();
    for (const auto &foreign : m_foreign)
        n += foreign.size();
    return n;
}
