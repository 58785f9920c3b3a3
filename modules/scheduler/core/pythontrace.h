// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "engine.h"
#include "timeline.h"

#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace Scheduler {

/**
 * A learner's own Python program, its threads and the GIL as the runner recorded them in real
 * CPython (the thread recorder of curtain-runner): turned into a run the Scheduler Lab draws
 * with its timeline, replay and trace export, one lane per thread, under the GIL model.
 */
struct PythonTrace
{
    RunRecord run;              // model Gil; one worker per thread; events on CLOCK_MONOTONIC
    QStringList threads;        // the threads' names, by lane ("MainThread", "Thread-1 (work)")
    std::vector<double> cpuMs;  // each thread's own CPU time (-1: it had not ended)
    std::vector<double> userMs; // ... of it in user mode, running Python and C (-1: unknown)
    QStringList calls;          // the C functions a released state was in
    std::vector<int> callOf;    // per event: index into calls, or -1
    double events = 0;          // profile and trace events seen
    bool capped = false;        // the trace ended at its cap; the program ran on untraced
    double maxChanges = 0;
    int processes = 1; // the program's process and the children it forked
    QStringList notes; // what the recording could not follow (spawned processes)

    /** Per thread: milliseconds in each state over the run. */
    struct Totals
    {
        double runningMs = 0;
        double waitingGilMs = 0;
        double releasedMs = 0; // in a C call that let the GIL go (I/O, sleep, a lock's wait)
        double picklingMs = 0; // pickling or unpickling (holding the GIL)
    };
    std::vector<Totals> totals() const;
    /** totals() from TIMELINE, this run's, already built. */
    std::vector<Totals> totalsOf(const Timeline &timeline) const;

    /** Reads the runner's "threads" object; nullopt with ERROR naming what is wrong. */
    static std::optional<PythonTrace> fromRunner(const QJsonObject &threads, QString *error);

    /**
     * The first instant two threads of one process are drawn holding its GIL, as "t ms: lane a
     * and lane b", or an empty string: the recorder makes this impossible, tests check it.
     */
    QString exclusivityViolation() const;
    /** The process LANE's thread is in: 0 for the program's own, 1, 2, ... for forked ones. */
    int processOf(int lane) const;

    /** The `curtain trace-threads` document: threads with their totals, counters, segments. */
    QJsonObject toJson(const QString &file) const;
};

} // namespace Scheduler
