// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "engine.h"
#include "timeline.h"

#include <pyrunner/runresult.h>

#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace Scheduler {

/**
 * A learner's own Python program, its processes, threads, tasks and GILs as the runner recorded
 * them in real CPython (the thread recorder of curtain-runner): turned into a run the Scheduler
 * Lab draws with its timeline, replay and trace export, one lane per thread and one per asyncio
 * task or greenlet (under its thread's), each process with its own GIL.
 */
struct PythonTrace
{
    /** A process of the run: the program's own, or one it started. */
    struct Process
    {
        QString name; // the program's file; "ForkPoolWorker-1", "python3 worker.py"
        int pid = 0;
        int parent = -1;    // the process that started it (-1: the program's own)
        QString how;        // a Protocol::ProcessStart id: "program", "fork", "spawn", ...
        double startMs = 0; // since the run's start
    };

    RunRecord run;              // model Gil; one worker per lane; events on CLOCK_MONOTONIC
    QStringList lanes;          // each lane's name ("MainThread", "Thread-1 (work)", "task main()")
    std::vector<double> cpuMs;  // a thread's own CPU time from the kernel (-1: unknown, a task)
    std::vector<double> userMs; // ... of it in user mode, running Python and C (-1: unknown)
    QStringList calls;          // the C functions a released state was in
    std::vector<int> callOf;    // per event: index into calls, or -1
    double events = 0;          // profile and trace events seen
    bool capped = false;        // the trace ended at its cap; the program ran on untraced
    double maxChanges = 0;
    std::vector<Process> processes; // by number: 0 is the program's own
    std::vector<long> handoffs;     // per process: GIL hand-offs between its threads
    QStringList notes;              // what the recording could not follow

    /** Per lane: milliseconds in each state over the run. */
    struct Totals
    {
        double runningMs = 0;    // on a CPU, holding the GIL
        double preemptedMs = 0;  // holding the GIL, runnable, but off a CPU
        double stalledMs = 0;    // holding the GIL, off a CPU, not runnable: the kernel's wait
        double noGilCpuMs = 0;   // on a CPU without the GIL (C code, the kernel handing it over)
        double waitingCpuMs = 0; // without the GIL in C code, runnable, but off a CPU
        double waitingGilMs = 0;
        double releasedMs = 0; // in a C call that let the GIL go (I/O, sleep, a lock's wait)
        double picklingMs = 0; // pickling or unpickling (holding the GIL)
        double startingMs = 0; // from start() (or its launch) to its first Python
        /** What the drawing says it spent on a CPU. */
        double onCpuMs() const { return runningMs + picklingMs + noGilCpuMs; }
    };
    std::vector<Totals> totals() const;
    /** totals() from TIMELINE, this run's, already built. */
    std::vector<Totals> totalsOf(const Timeline &timeline) const;

    /** Reads the runner's "threads" object; nullopt with ERROR naming what is wrong. */
    static std::optional<PythonTrace> fromRunner(const QJsonObject &threads, QString *error);
    /** Reads a runner's answer's threads: its "threads" and the changes taken out of them. */
    static std::optional<PythonTrace> fromRunner(const PyRunner::RunResult &result, QString *error);

    /**
     * The first instant two threads of one process are drawn holding its GIL, or two tasks of one
     * thread have their turn, as "t ms: lane a and lane b", or an empty string: the recorder
     * makes this impossible, tests check it.
     */
    QString exclusivityViolation() const;
    /** The first instant two threads are drawn on one core ("t ms: core 2: a and b"), or empty. */
    QString coreViolation() const;
    /** The process LANE is in: 0 for the program's own, 1, 2, ... for the ones it started. */
    int processOf(int lane) const;
    /** Whether LANE is an asyncio task or a greenlet (its thread's turns), not a thread. */
    bool isTask(int lane) const;
    /** A task's thread lane; a thread's own lane. */
    int threadOf(int lane) const;
    /** The thread lanes, in lane order. */
    std::vector<int> threadLanes() const;
    /** The task lanes, in lane order. */
    std::vector<int> taskLanes() const;

    /**
     * The `curtain trace-threads` document: OS threads and asyncio tasks (or greenlets) apart,
     * with their totals; processes with their GIL hand-offs; counters; segments.
     */
    QJsonObject toJson(const QString &file) const;
};

} // namespace Scheduler
