// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "gil.h"

namespace Scheduler {

Gil::Gil(std::chrono::nanoseconds switchInterval,
         Recorder &recorder,
         std::atomic<std::int64_t> *liveWait)
    : m_interval(switchInterval)
    , m_recorder(recorder)
    , m_liveWait(liveWait)
{}

void Gil::take(int w, std::int64_t waitingSince)
{
    std::unique_lock lock(m_mutex);
    std::int64_t start = waitingSince;
    if (m_locked) {
        m_lastStamp = m_recorder.recordAfter(w, m_lastStamp, WorkerState::WaitingGil, m_holder);
        if (start <= 0)
            start = monotonicNs();
        while (m_locked) {
            const unsigned long saved = m_switchNumber;
            const bool timedOut = m_released.wait_for(lock, m_interval) == std::cv_status::timeout;
            // Waited a whole interval and nobody switched: ask the holder to let go.
            if (timedOut && m_locked && m_switchNumber == saved)
                m_dropRequest.store(true, std::memory_order_relaxed);
        }
    }
    if (start > 0) {
        const std::int64_t waited = monotonicNs() - start;
        m_waitNs += waited;
        if (m_liveWait)
            m_liveWait->fetch_add(waited, std::memory_order_relaxed);
    }
    m_locked = true;
    if (m_lastHolder != -1 && m_lastHolder != w)
        ++m_handoffs;
    m_holder = w;
    m_lastHolder = w;
    ++m_switchNumber;
    m_dropRequest.store(false, std::memory_order_relaxed);
    // Recorded before anyone else can drop or take: the hand-off and its record are one step.
    m_lastStamp = m_recorder.recordAfter(w, m_lastStamp, WorkerState::Running);
    m_switched.notify_all();
}

void Gil::drop(int w, WorkerState next, int other, bool forced)
{
    std::unique_lock lock(m_mutex);
    if (!m_locked || m_holder != w)
        return;
    // From this instant the thread is no longer running Python: record what it does next
    // before the lock lets anyone else take the GIL.
    m_lastStamp = m_recorder.recordAfter(w, m_lastStamp, next, other);
    m_locked = false;
    m_holder = -1;
    m_released.notify_one();
    if (forced) {
        // FORCE_SWITCHING: do not take it straight back; wait until someone else has it.
        const unsigned long saved = m_switchNumber;
        m_switched.wait(lock, [&] { return m_switchNumber != saved || !m_dropRequest.load(); });
    }
}

long Gil::handoffs() const
{
    std::lock_guard lock(m_mutex);
    return m_handoffs;
}

std::int64_t Gil::waitNs() const
{
    std::lock_guard lock(m_mutex);
    return m_waitNs;
}

int Gil::holder() const
{
    std::lock_guard lock(m_mutex);
    return m_holder;
}

} // namespace Scheduler
