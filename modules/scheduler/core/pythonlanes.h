// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "events.h"

#include <cstdint>
#include <vector>

namespace Scheduler {

/** One change as curtain-runner recorded it (Protocol::ThreadsKey::Changes), on CLOCK_MONOTONIC. */
struct RecordedChange
{
    std::int64_t t = 0;
    int lane = 0;
    WorkerState state = WorkerState::Idle;
    int call = -1;
    int core = -1;
    std::int64_t cpuNs = -1;   // the thread's CPU time at t (-1: not sampled there)
    std::int64_t delayNs = -1; // its time runnable without a CPU at t (-1: not sampled)
};

/** What a recorded lane is. */
struct RecordedLane
{
    bool task = false; // an asyncio task or a greenlet: its thread's turns
    int thread = -1;   // a task's thread lane
    int process = 0;
};

/** A Python run's lanes as Scheduler Lab draws them. */
struct DrawnLanes
{
    std::vector<WorkerEvent> events; // by time; each lane's in order
    std::vector<int> callOf;         // per event: the C function it is in (index into calls), -1
    std::vector<double> cpuSeenMs;   // per lane: CPU time between its first and last sample
};

/** The least time on or off a CPU the drawing splits a stretch for (shorter: left as it was). */
inline constexpr std::int64_t DrawnPieceNs = 5000;
/** The least time a thread drawn running must have been asleep in the kernel (neither on a CPU
 *  nor waiting for one) to be drawn blocked: more than the clock and the statistics disagree. */
inline constexpr std::int64_t DrawnAsleepNs = 100000;
/** The least time a thread drawn running must have been off a CPU and off every run queue,
 *  before its last event, to be drawn stalled (holding the GIL while the kernel makes it wait):
 *  more than the kernel's interrupts at a clock tick take (about 60 µs seen here), which stay
 *  drawn as they were. */
inline constexpr std::int64_t DrawnStalledNs = 100000;
/** The longest a thread drawn waiting for the GIL may leave it lying free and still be drawn
 *  waiting (a woken waiter takes it within microseconds); longer, it is drawn blocked. */
inline constexpr std::int64_t DrawnFreeGilNs = 2000000;
/** CPython's switch interval (sys.getswitchinterval()'s default): a thread waiting for a GIL
 *  asks for it again this long after at the latest (a release wakes one waiter only). */
inline constexpr std::int64_t CPythonSwitchNs = 5000000;

/**
 * Draws a Python run's lanes from its recorded CHANGES, true to the kernel's statistics between
 * each thread's samples: the time a thread is drawn running is time it was on a CPU (the rest of
 * a running stretch, runnable but without a core, is drawn preempted, holding the GIL; neither
 * runnable nor on a CPU, stalled, holding the GIL, or, after its last event, in a thread last
 * seen asleep in the kernel, blocked; drawn waiting for a GIL that
 * lay free and not on a run queue either, blocked), CPU time
 * it used while drawn waiting or released is drawn as on a CPU without the GIL; each placed
 * within the samples around it. A task's or a greenlet's lane is its thread's during its turns
 * and idle between them, on no core of its own. A core is drawn from a sample until the next
 * one, and only until another thread is seen on it: two threads are never drawn on one core at
 * once. Lanes without an end run to ENDNS.
 */
DrawnLanes drawLanes(const std::vector<RecordedChange> &changes,
                     const std::vector<RecordedLane> &lanes,
                     std::int64_t endNs);

/** Whether a Python thread in STATE is on a CPU (the only states drawn on a core). */
bool onCpu(WorkerState state);
/** Whether a Python thread in STATE holds its process's GIL. */
bool holdsGil(WorkerState state);

} // namespace Scheduler
