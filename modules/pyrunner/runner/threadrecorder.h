// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

// Python.h first: Qt's keywords would break it (this target also sets QT_NO_KEYWORDS).
#include <Python.h>

#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <functional>

/**
 * Records what every thread of a learner's program did, and who held the GIL, from C-level
 * profile and trace functions installed in the main thread and in every thread the program
 * starts (from the moment start() asks for it), in every process of the run: forked ones record
 * into the same shared recording, and fresh interpreters (multiprocessing's spawn and forkserver,
 * python3 programs started with subprocess) are curtain-runner itself in its child mode, joining
 * the recording and then behaving as python3 with the same arguments. All on CLOCK_MONOTONIC.
 *
 * Every callback runs with the GIL held, so the thread of the latest event holds its process's
 * GIL, unless it is inside a C call that let it go; the holder changes only at events, so at
 * most one thread of a process holds its GIL at any instant, by construction. asyncio tasks and
 * greenlets are lanes of their own under their thread's: only their turns are recorded. Only
 * state changes are stored (a bounded buffer), with the kernel's CPU statistics of the thread
 * where it wrote them; a run of events from the thread that holds the GIL costs a clock read.
 */
namespace PyRunner::ThreadRecorder {

struct Limits
{
    std::int64_t deadlineNs = 0;      // CLOCK_MONOTONIC: past it, the program is stopped
    std::int64_t maxChanges = 500000; // state changes kept; past it the trace ends (it says so)
    double switchIntervalMs = 0;      // the run's sys.setswitchinterval, in every process (0: 5)
};

/**
 * Once, in the warm parent (or a child interpreter): the calls that need wrapping, what following
 * child processes needs. BOOTSTRAP: the runner's private helpers (bootstrap.py's namespace).
 */
bool initialise(PyObject *bootstrap, QString *error);

/**
 * Starts recording PROGRAM (its process's name: the file it runs) in the calling (main) thread
 * and in every thread started from now on, in this process and every process it starts. At the
 * deadline RAISESTOP is called at the next line of Python (it sets the exception that stops the
 * program).
 */
void start(const QString &program, const Limits &limits, std::function<void()> raiseStop);
/** Ends recording: the main thread is done, threads still running end with the trace. */
void finish();

/**
 * What was recorded, in every process of the run (keys: Protocol::ThreadsKey): {"lanes": [{name,
 * ident, tid, cpu_ns, user_ns, task, thread, process, pid}], "calls", "events", "capped",
 * "max_changes", "processes": [{name, pid, parent, how, start_ns}], "notes", "start_ns",
 * "duration_ns"}. The answer's "changes_packed" (Protocol::PackedChange records: ns since start,
 * thread CPU ns, run-queue ns, lane, call, core, LaneState) are not in it: takeChangesPacked()
 * has their text, for the answer to be written around (a million changes, once in memory).
 */
QJsonObject result();
/** The text of the last result()'s "changes_packed" (base64), handed over once. */
QByteArray takeChangesPacked();

/** Whether ARGV is curtain-runner's child mode (a process a threads run started). */
bool isChildCommand(int argc, char **argv);
/**
 * curtain-runner --curtain-child RECORDING PARENT HOW NAME LAUNCHED_NS -- python3 ARGS...: joins
 * the run's recording as a process of its own (started at LAUNCHED_NS), then runs as python3
 * would with ARGS; its exit status.
 */
int runChild(int argc, char **argv);

} // namespace PyRunner::ThreadRecorder
