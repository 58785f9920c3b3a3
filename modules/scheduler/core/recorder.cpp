// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "recorder.h"

#include <QFile>

#include <algorithm>
#include <cmath>

namespace Scheduler {

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
    for (std::size_t w = 0; w < m_buffers.size(); ++w) {
        m_buffers[w].worker = std::int32_t(w);
        if (enabled)
            m_buffers[w].events.reserve(reserve);
    }
}

void Recorder::markTaskStart(int worker) noexcept
{
    if (!m_enabled)
        return;
    Buffer &b = m_buffers[std::size_t(worker)];
    const WorkerState state = b.events.empty() ? WorkerState::Running : b.events.back().state;
    const int other = b.events.empty() ? -1 : b.events.back().other;
    append(b, stamp(), state, other, EventFlag::TaskStart);
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
    for (const Buffer &buffer : m_buffers) {
        for (WorkerEvent e : buffer.events) {
            if (m_tsc) // a monotonic mapping: the order of stamps is kept
                e.t = m_ns0 + std::int64_t(std::floor(double(e.t - m_tsc0) * nsPerTick));
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
    for (const Buffer &buffer : m_buffers)
        n += buffer.events.size();
    for (const auto &foreign : m_foreign)
        n += foreign.size();
    return n;
}

} // namespace Scheduler
