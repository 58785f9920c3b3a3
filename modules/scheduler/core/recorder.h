#pragma once

#include "events.h"

#include <vector>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

/**
 * Records every state change of every worker. Each worker writes only its own buffer, so a
 * record is a timestamp and an append: no lock, no sharing. Where the CPU has an invariant
 * time-stamp counter the timestamp is one rdtsc (a few ns, instead of ~25 ns for a clock call),
 * mapped onto CLOCK_MONOTONIC when the buffers are merged after the run
 * (scripts/bench-scheduler.sh measures the cost).
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
            m_buffers[std::size_t(worker)].push_back({stamp(), worker, state, other});
    }
    /** Adds events recorded elsewhere (a worker process, in CLOCK_MONOTONIC ns) for WORKER; like
     *  record(), only WORKER's own thread may call it. */
    void append(int worker, const std::vector<WorkerEvent> &events);

    bool enabled() const { return m_enabled; }
    /** Whether timestamps come from the time-stamp counter (else from the clock). */
    bool usesTsc() const { return m_tsc; }
    /** All events, in CLOCK_MONOTONIC ns, sorted by time. */
    std::vector<WorkerEvent> merged() const;
    std::size_t count() const;

private:
    std::int64_t stamp() const noexcept
    {
#if defined(__x86_64__)
        if (m_tsc)
            return std::int64_t(__rdtsc());
#endif
        return monotonicNs();
    }

    bool m_enabled;
    bool m_tsc = false;
    std::int64_t m_tsc0 = 0; // calibration: the counter and the clock read together
    std::int64_t m_ns0 = 0;
    std::vector<std::vector<WorkerEvent>> m_buffers;
    std::vector<std::vector<WorkerEvent>> m_foreign; // per worker, already in ns
};
