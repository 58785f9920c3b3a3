// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "recorder.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace Scheduler {

/**
 * A global interpreter lock as CPython >= 3.2 has it (Python/ceval_gil.h): a thread that waits
 * longer than the switch interval sets a drop request; the holder notices at its next check
 * point, drops the lock and waits until another thread has taken it (forced switching); a
 * blocking call releases the lock around itself. Nothing here is scripted: no speed-up for
 * CPU-bound threads, overlap for I/O and the convoy effect all follow from these rules.
 *
 * Every hand-off is recorded under the GIL's own lock: the holder's next state when it lets go,
 * the taker's "running" when it takes it, stamped in the order they happened. So the recording
 * shows at most one worker running Python at any instant, by construction.
 */
class Gil final
{
public:
    /** LIVEWAIT, when given, also receives every wait as it ends (for a live view). */
    Gil(std::chrono::nanoseconds switchInterval,
        Recorder &recorder,
        std::atomic<std::int64_t> *liveWait = nullptr);

    /** Worker W takes the GIL, waiting (and asking the holder to drop it) as long as needed.
     *  WAITINGSINCE (CLOCK_MONOTONIC ns, when > 0): W has been waiting since then already. */
    void take(int w, std::int64_t waitingSince = 0);
    /** Worker W drops the GIL and is NEXT from that instant (OTHER: whom it waits for). FORCED
     *  when answering a drop request: then it waits for a taker before it returns. */
    void drop(int w, WorkerState next, int other = -1, bool forced = false);
    /** Whether another thread has asked the holder to drop the GIL (the "eval breaker"). */
    bool dropRequested() const noexcept { return m_dropRequest.load(std::memory_order_relaxed); }
    /** The holder's check point: answers a pending drop request by switching. */
    void checkpoint(int w)
    {
        if (dropRequested()) {
            const std::int64_t since = monotonicNs();
            drop(w, WorkerState::WaitingGil, -1, true);
            take(w, since);
        }
    }

    /** Times the GIL passed from one thread to a different one. */
    long handoffs() const;
    /** Nanoseconds threads spent waiting for the GIL (forced drops until the retake included). */
    std::int64_t waitNs() const;
    /** Who holds it now, or -1. */
    int holder() const;

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_released;
    std::condition_variable m_switched;
    std::chrono::nanoseconds m_interval;
    Recorder &m_recorder;
    std::atomic<std::int64_t> *m_liveWait;
    std::atomic<bool> m_dropRequest{false};
    bool m_locked = false;
    int m_holder = -1;
    int m_lastHolder = -1;
    unsigned long m_switchNumber = 0;
    long m_handoffs = 0;
    std::int64_t m_waitNs = 0;
    std::int64_t m_lastStamp = 0; // the recorder's stamp of the latest hand-off
};

} // namespace Scheduler
