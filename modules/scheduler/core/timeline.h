// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "engine.h"

#include <QString>

#include <cstdint>
#include <functional>
#include <vector>

namespace Scheduler {

/** A stretch of time one worker spent in one state. */
struct Segment
{
    int lane = 0; // worker index
    std::int64_t start = 0;
    std::int64_t end = 0;
    WorkerState state = WorkerState::Idle;
    int other = -1;
    int cpu = -1;           // the core it was on (-1: unknown)
    bool holdsLock = false; // it held the shared lock all along
};

/** An instant on one lane (a task starting). */
struct Mark
{
    int lane = 0;
    std::int64_t t = 0;
};

/**
 * A recorded run as lanes of segments, ready to draw and to replay: one lane per worker and,
 * under the gil model, the GIL owner's lane. Times are CLOCK_MONOTONIC ns.
 */
struct Timeline
{
    Model model = Model::Threads;
    int lanes = 0;
    std::int64_t start = 0;
    std::int64_t end = 0;
    std::vector<Segment> segments;     // sorted by lane, then time
    std::vector<Segment> gilSegments;  // lane = the holder (a thread); under the gil model; a
                                       // Python run's: every process's, each its own GIL
    std::vector<Segment> lockSegments; // lane = the holder of the shared lock, by time
    std::vector<Mark> taskStarts;      // by time
    int cores = 0;                     // the machine's cores during the run
    QString title;                     // "threads under a GIL, 2 workers"
    Workload workload = Workload::Cpu;
    std::vector<QString> names; // the lanes' own names (a Python program's threads), or empty
    // A Python program's run: each lane's process, a task's (or greenlet's) thread lane (-1: a
    // thread), and each process's name. Empty for the models' runs: one process, no tasks.
    std::vector<int> laneProcess;
    std::vector<int> laneThread;
    std::vector<QString> processNames;

    /** What LANE is called: "worker 2", or its stage in a pipeline ("producer", "consumer"). */
    QString laneName(int lane) const;
    /** Whether this is a Python program's run (its lanes are threads and tasks by name). */
    bool isPython() const { return !names.empty(); }
    /** The process LANE is in (0: the program's own). */
    int processOf(int lane) const;
    /** Whether LANE is an asyncio task or a greenlet: its thread's turns, not a thread. */
    bool isTask(int lane) const;
    /** A task's thread lane; a thread's own lane. */
    int threadOf(int lane) const;
    /** How many processes the run has (each with its own GIL). */
    int processCount() const;
    /** PROCESS's name ("ForkPoolWorker-1"; the program's file for its own). */
    QString processName(int process) const;
    /** The lanes top to bottom: each process's threads in turn, a thread's tasks under it. */
    std::vector<int> laneOrder() const;

    static Timeline build(const RunRecord &run);
    /** LANE's segment at time T, or nullptr. */
    const Segment *at(int lane, std::int64_t t) const;
    /** What is happening at T, in plain English ("worker 2 has waited 4.8 ms for the GIL ..."). */
    QString narrate(std::int64_t t) const;
    /** "has waited 4.8 ms", or "has just begun to wait" when MS would be written 0.0: a wait
     *  the cursor has just reached is not said to have lasted nothing. */
    static QString waited(double ms);
    /** How many workers are in STATE at time T. */
    int countIn(WorkerState state, std::int64_t t) const;
    /** Who holds the shared lock at T, or -1. */
    int lockHolderAt(std::int64_t t) const;
};

/** Who is where at one moment of a replay: the picture the replay scene draws. */
struct ReplayFrame
{
    std::vector<int> cores; // per core of the machine: the worker computing there, or -1
    std::vector<std::pair<int, int>> sharing; // computing, last seen on a core another worker
                                              // moved onto since (worker, core): turns
    std::vector<int> unplaced;                // computing on a core the recording does not know
    int gilHolder = -1;                       // gil model: who holds the (program's) GIL
    std::vector<int> gilHolders;              // per process: the thread holding its GIL, or -1
    std::vector<int> turns;                   // tasks or greenlets having their thread's turn
    std::vector<int> preempted;               // holding the GIL, but without a core
    std::vector<int> stalled;                 // holding the GIL, made to wait by the kernel
    std::vector<int> noGilCpu;                // on a CPU without the GIL (C code, the kernel)
    std::vector<int> waitingCpu;              // in C code without the GIL, waiting for a core
    int lockHolder = -1;                      // who holds the shared lock
    std::vector<int> waitingGil;
    std::vector<std::pair<int, int>> waitingLock; // waiter, holder (-1: unknown)
    std::vector<int> blockedIo;
    std::vector<int> ready;     // coroutines in the event loop's ready queue
    std::vector<int> messaging; // spawning, encoding or decoding: messages in flight
    std::vector<int> idle;

    /** The frame of TIMELINE at time T, on the cores the run was recorded on. */
    static ReplayFrame at(const Timeline &timeline, std::int64_t t);
    /** Workers computing at this moment, wherever they are. */
    std::vector<int> computing() const;
};

/** Time to pixels and back for the timeline, with zoom and pan: plain maths, tested. */
struct TimeAxis
{
    std::int64_t viewStart = 0;
    std::int64_t viewEnd = 1;
    double left = 0;
    double width = 1;

    double x(std::int64_t t) const;
    std::int64_t t(double x) const;
    /** Zooms by FACTOR (>1 magnifies) keeping the time under pixel X where it is. */
    void zoom(double factor, double x);
    /** Moves the view by DX pixels (positive: later times come into view). */
    void pan(double dx);
    /** Keeps the view inside [START, END] and at least MINSPAN ns wide. */
    void clamp(std::int64_t start, std::int64_t end, std::int64_t minSpan = 10000);

    /** A mark on the time axis: where, and what it says ("12.5 ms", "14.25 s"). */
    struct Tick
    {
        std::int64_t t = 0;
        QString label;
    };
    /**
     * The marks for the view: a step of 1, 2 or 5 times a power of ten, as small as leaves room
     * for each label (ADVANCE: a label's width in pixels, plus a gap), every label as precise
     * as the step, so that no two say the same; seconds from a step of a second up.
     */
    std::vector<Tick> ticks(const std::function<double(const QString &)> &advance) const;
};

} // namespace Scheduler
