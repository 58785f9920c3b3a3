// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

// The engine's insides, shared by the models' files: one run's shared state, the channel and
// the lock its workers use, and the workloads. Not part of the engine's API (engine.h is).

#include "engine.h"
#include "recorder.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

namespace Scheduler {

class Gil;

struct TaskRecord
{
    std::int64_t start = 0;
    std::int64_t end = 0;
};

/** A bounded channel between pipeline stages; a stopped run ends every wait on it. */
class Channel
{
public:
    Channel(std::size_t capacity, const std::atomic<bool> *stop, const std::atomic<bool> *abort)
        : m_capacity(capacity)
        , m_stop(stop)
        , m_abort(abort)
    {}
    bool push(int value);
    std::optional<int> pop();

private:
    bool stopped() const
    {
        return (m_stop && m_stop->load(std::memory_order_relaxed))
               || m_abort->load(std::memory_order_relaxed);
    }

    std::mutex m_mutex;
    std::condition_variable m_notEmpty;
    std::condition_variable m_notFull;
    std::deque<int> m_items;
    std::size_t m_capacity;
    const std::atomic<bool> *m_stop;
    const std::atomic<bool> *m_abort;
};

/**
 * The lock around the shared dict, as threading.Lock: who holds it and who waits for whom are
 * recorded under its own mutex, so every arrow "waits for the lock worker N holds" names the
 * worker that held it when the wait began. Blocking on it releases the GIL, as CPython's
 * lock.acquire() does.
 */
class RecordedLock
{
public:
    explicit RecordedLock(Recorder &recorder)
        : m_recorder(recorder)
    {}
    /** Worker W acquires it; returns how long W waited (ns). */
    std::int64_t acquire(int w, Gil *gil);
    void release(int w);

private:
    Recorder &m_recorder;
    std::mutex m_mutex;
    std::condition_variable m_free;
    int m_holder = -1;
    std::int64_t m_lastStamp = 0; // the recorder's stamp of the latest change of holder
};

/** State shared by the workers of one run. */
struct Run
{
    Run(const MeasureOptions &o, const std::atomic<bool> *stopFlag, LiveCounters *liveCounters)
        : options(o)
        , tasks(o.effectiveTasks())
        , taskMs(o.effectiveTaskMs())
        , recorder(o.workers, o.record, 8192)
        , records(std::size_t(tasks))
        , lockWaitNs(std::size_t(o.workers), 0)
        , stop(stopFlag)
        , live(liveCounters)
        , dictLock(recorder)
    {}

    /** Stopped from outside (Stop, a signal) or aborted from inside (a worker died). */
    bool stopped() const
    {
        return (stop && stop->load(std::memory_order_relaxed))
               || aborted.load(std::memory_order_relaxed);
    }
    int nextTask() { return next.fetch_add(1, std::memory_order_relaxed); }
    void started(int w, int task)
    {
        records[std::size_t(task)].start = monotonicNs();
        recorder.markTaskStart(w);
    }
    void finished(int task)
    {
        records[std::size_t(task)].end = monotonicNs();
        if (live)
            live->completed.fetch_add(1, std::memory_order_relaxed);
    }
    void addIoLatency(std::int64_t ns)
    {
        std::lock_guard lock(ioMutex);
        ioLatencies.push_back(double(ns) / 1e6);
    }
    /** Ends the run at once because of PROBLEM (the first one wins). */
    void abort(const QString &problem)
    {
        std::lock_guard lock(errorMutex);
        if (error.isEmpty())
            error = problem;
        aborted.store(true);
    }

    const MeasureOptions &options;
    const int tasks;
    const double taskMs;
    Recorder recorder;
    std::vector<TaskRecord> records;
    std::vector<std::int64_t> lockWaitNs;
    std::atomic<int> next{0};
    std::atomic<bool> ioDone{false};
    const std::atomic<bool> *stop;
    std::atomic<bool> aborted{false};
    LiveCounters *live;
    std::mutex ioMutex;
    std::vector<double> ioLatencies;
    std::mutex errorMutex;
    QString error;

    // shared-dict: one hash table for every worker, one lock around it.
    RecordedLock dictLock;
    std::unordered_map<std::uint64_t, std::uint64_t> dict;
    std::atomic<std::uint64_t> sink{0};
};

// The workloads (workloads.cpp). GIL is null outside the gil model.

/** Computes for MS, with a check point every ~50 us (CPython's eval breaker). */
void compute(Run &run, int w, Gil *gil, double ms);
/** One blocking call of MS; releases the GIL around it. */
void blockingIo(Run &run, int w, Gil *gil, double ms);
/** Updates the shared dict under its lock for MS. */
void dictUpdates(Run &run, int w, Gil *gil, double ms);
/** Runs task TASK of the run's workload. */
void runTask(Run &run, int w, Gil *gil, int task);

// The models (threadmodel.cpp, coroutinemodel.cpp, processmodel.cpp).

/** OS threads, each a worker; under the GIL when GIL is given. */
void runThreads(Run &run, Gil *gil);
/** C++20 coroutines on one thread with an event loop. */
void runCoroutines(Run &run);
/** curtain-worker processes; fills the spawn and encoding figures of RESULT. */
void runProcesses(Run &run, RunRecord &result);

} // namespace Scheduler
