// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "gil.h"
#include "runstate.h"
#include "work.h"

#include <algorithm>

namespace Scheduler {

bool Channel::push(int value)
{
    std::unique_lock lock(m_mutex);
    while (m_items.size() >= m_capacity) {
        if (stopped())
            return false;
        m_notFull.wait_for(lock, std::chrono::milliseconds(20));
    }
    m_items.push_back(value);
    m_notEmpty.notify_one();
    return true;
}

std::optional<int> Channel::pop()
{
    std::unique_lock lock(m_mutex);
    while (m_items.empty()) {
        if (stopped())
            return std::nullopt;
        m_notEmpty.wait_for(lock, std::chrono::milliseconds(20));
    }
    const int value = m_items.front();
    m_items.pop_front();
    m_notFull.notify_one();
    return value;
}

std::int64_t RecordedLock::acquire(int w, Gil *gil)
{
    std::unique_lock lock(m_mutex);
    if (m_holder < 0) {
        m_holder = w;
        m_recorder.setHoldsLock(w, true);
        m_lastStamp = m_recorder.recordAfter(w, m_lastStamp, WorkerState::Running);
        return 0;
    }
    const std::int64_t start = monotonicNs();
    // Blocking on the lock releases the GIL; the wait names who holds the lock now.
    if (gil)
        gil->drop(w, WorkerState::WaitingLock, m_holder);
    else
        m_recorder.record(w, WorkerState::WaitingLock, m_holder);
    m_free.wait(lock, [this] { return m_holder < 0; });
    m_holder = w;
    // It has the lock; to go on it needs a core (and, under the GIL, the GIL).
    m_recorder.setHoldsLock(w, true);
    m_lastStamp = m_recorder.recordAfter(
        w, m_lastStamp, gil ? WorkerState::WaitingGil : WorkerState::Running);
    lock.unlock();
    if (gil)
        gil->take(w);
    return monotonicNs() - start;
}

void RecordedLock::release(int w)
{
    std::lock_guard lock(m_mutex);
    m_holder = -1;
    m_recorder.setHoldsLock(w, false);
    m_lastStamp = m_recorder.recordAfter(w, m_lastStamp, WorkerState::Running);
    m_free.notify_one();
}

void compute(Run &run, int w, Gil *gil, double ms)
{
    const std::uint64_t perMs = Work::iterationsPerMs();
    std::uint64_t left = std::uint64_t(ms * double(perMs));
    const std::uint64_t chunk = std::max<std::uint64_t>(perMs / 20, 1);
    std::uint64_t x = std::uint64_t(w) + 1;
    while (left > 0 && !run.stopped()) {
        const std::uint64_t n = std::min(left, chunk);
        x = Work::spin(n, x);
        left -= n;
        if (gil)
            gil->checkpoint(w);
        run.recorder.noteCpu(w); // the scheduler may have moved the thread to another core
    }
    run.sink.fetch_add(x, std::memory_order_relaxed);
}

void blockingIo(Run &run, int w, Gil *gil, double ms)
{
    const std::int64_t start = monotonicNs();
    if (gil)
        gil->drop(w, WorkerState::BlockedIo); // a blocking call releases the GIL around itself
    else
        run.recorder.record(w, WorkerState::BlockedIo);
    Work::blockingWait(ms);
    if (gil)
        gil->take(w); // ... and must get it back before it can go on
    else
        run.recorder.record(w, WorkerState::Running);
    run.addIoLatency(monotonicNs() - start);
}

void dictUpdates(Run &run, int w, Gil *gil, double ms)
{
    // Each update holds the lock for a while: a hash table everyone needs. The work inside the
    // lock is Python code too, with check points where CPython has them, so a thread holding
    // the lock can be switched out by the GIL while everyone else waits on both.
    const int updates = std::max(1, int(ms * 20));
    const double insideMs = ms / updates * 0.6;
    const double outsideMs = ms / updates * 0.4;
    for (int u = 0; u < updates && !run.stopped(); ++u) {
        const std::int64_t waited = run.dictLock.acquire(w, gil);
        if (waited > 0) {
            run.lockWaitNs[std::size_t(w)] += waited;
            if (run.live)
                run.live->waitNs.fetch_add(waited, std::memory_order_relaxed);
        }
        compute(run, w, gil, insideMs);
        run.dict[std::uint64_t(u * 2654435761u + unsigned(w)) % 4096] += 1;
        run.dictLock.release(w);
        compute(run, w, gil, outsideMs);
    }
}

void runTask(Run &run, int w, Gil *gil, int task)
{
    run.started(w, task);
    switch (run.options.workload) {
    case Workload::Cpu:
    case Workload::Pipeline: // all stages in turn (one worker)
        compute(run, w, gil, run.taskMs);
        break;
    case Workload::Io:
    case Workload::Mixed:
        blockingIo(run, w, gil, run.taskMs);
        break;
    case Workload::SharedDict:
        dictUpdates(run, w, gil, run.taskMs);
        break;
    }
    run.finished(task);
}

} // namespace Scheduler
