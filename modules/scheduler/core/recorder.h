#pragma once

#include "events.h"

#include <vector>

/**
 * Records every state change of every worker. Each worker writes only its own buffer, so a
 * record is a clock read and an append: no lock, no sharing (scripts/bench-scheduler.sh measures
 * the cost). Buffers are merged once the run is over.
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
            m_buffers[std::size_t(worker)].push_back({monotonicNs(), worker, state, other});
    }
    /** Adds events recorded elsewhere (a worker process) for WORKER. */
    void append(int worker, const std::vector<WorkerEvent> &events);

    bool enabled() const { return m_enabled; }
    /** All events, sorted by time. */
    std::vector<WorkerEvent> merged() const;
    std::size_t count() const;

private:
    bool m_enabled;
    std::vector<std::vector<WorkerEvent>> m_buffers;
};
