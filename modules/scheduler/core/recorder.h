// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "events.h"

#include <algorithm>
#include <vector>

#if defined(__x86_64__)
#include <x86intrin.h>

namespace Scheduler {

#endif

/**
 * Records every state change of every worker. Each worker writes only its own buffer, so a
 * record is a timestamp and an append: no lock, no sharing. Where the CPU has an invariant
 * time-stamp counter the timestamp is one rdtsc (a few ns, instead of ~25 ns for a clock call),
 * mapped onto CLOCK_MONOTONIC when the buffers are merged after the run
 * (scripts/bench-scheduler.sh measures the cost).
 *
 * A worker's own events never go back in time (a stamp is at least the worker's previous one),
 * and a hand-off recorded through recordAfter() under the lock that makes it is ordered after
 * the hand-off before it, even when two cores' counters disagree by a few ticks.
 */
class Recorder final
{
public:
    /** WORKERS buffers of RESERVE events each; a disabled recorder records nothing. */
    Recorder(int workers, bool enabled, std::size_t reserve = 4096);

    /** Worker WORKER is now in STATE (OTHER: who holds what it waits for). */
    void record(int worker, WorkerState state, int other = -1) noexcept
    {
        if (m_enabled)
            append(m_buffers[std::size_t(worker)], stamp(), state, other);
    }
    /** Like record(), stamped no earlier than NOTBEFORE (a raw stamp); returns the stamp used.
     *  For hand-offs recorded under the lock that makes them (the GIL). */
    std::int64_t
    recordAfter(int worker, std::int64_t notBefore, WorkerState state, int other = -1) noexcept
    {
        if (!m_enabled)
            return notBefore;
        Buffer &b = m_buffers[std::size_t(worker)];
        return append(b, std::max(stamp(), notBefore), state, other);
    }
    /** Worker WORKER holds (or no longer holds) the shared lock from its next event on. */
    void setHoldsLock(int worker, bool holds) noexcept
    {
        Buffer &b = m_buffers[std::size_t(worker)];
        b.flags = holds ? std::uint8_t(b.flags | EventFlag::HoldsLock)
                        : std::uint8_t(b.flags & ~EventFlag::HoldsLock);
    }
    /** Worker WORKER starts a task now (in the state it is in). */
    void markTaskStart(int worker) noexcept;
    /** Worker WORKER's CPU, when it has moved since its last event: records the move. */
    void noteCpu(int worker) noexcept
    {
        if (!m_enabled)
            return;
        Buffer &b = m_buffers[std::size_t(worker)];
        if (!b.events.empty() && b.events.back().cpu != currentCpu())
            append(b, stamp(), b.events.back().state, b.events.back().other);
    }

    /** Adds events recorded elsewhere (a worker process, in CLOCK_MONOTONIC ns) for WORKER; like
     *  record(), only WORKER's own thread may call it. */
    void append(int worker, const std::vector<WorkerEvent> &events);

    bool enabled() const { return m_enabled; }
    /** Whether timestamps come from the time-stamp counter (else from the clock). */
    bool usesTsc() const { return m_tsc; }
    /** All events, in CLOCK_MONOTONIC ns, sorted by time (a worker's own in the order made). */
    std::vector<WorkerEvent> merged() const;
    std::size_t count() const;

private:
    struct alignas(64) Buffer // one cache line apart: workers never share one
    {
        std::vector<WorkerEvent> events;
        std::int32_t worker = 0;
        std::uint8_t flags = 0; // EventFlag::HoldsLock while the worker holds the lock
    };

    std::int64_t stamp() const noexcept
    {
#if defined(__x86_64__)
        if (m_tsc)
            return std::int64_t(__rdtsc());
#endif
        return monotonicNs();
    }
    static std::int64_t
    append(Buffer &b, std::int64_t t, WorkerState state, int other, std::uint8_t extra = 0) noexcept
    {
        if (!b.events.empty())
            t = std::max(t, b.events.back().t);
        WorkerEvent e;
        e.t = t;
        e.worker = b.worker;
        e.state = state;
        e.flags = std::uint8_t(b.flags | extra);
        e.cpu = std::int16_t(currentCpu());
        e.other = other;
        b.events.push_back(e);
        return t;
    }

    bool m_enabled;
    bool m_tsc = false;
    std::int64_t m_tsc0 = 0; // calibration: the counter and the clock read together
    std::int64_t m_ns0 = 0;
    std::vector<Buffer> m_buffers;
    std::vector<std::vector<WorkerEvent>> m_foreign; // per worker, already in ns
};

} // namespace Scheduler
