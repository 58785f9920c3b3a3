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
 * profile and trace functions installed in the main thread and (through threading's profile
 * hook) in every thread the program starts.
 *
 * Every callback runs with the GIL held, so the thread of the latest event holds the GIL, unless
 * it is inside a C call that released it: a call that always releases (time.sleep, select, socket
 * and file I/O) or one during which another thread was seen running Python (a contended lock's
 * acquire, a queue's get, any other C call). The holder changes only at events, so at most one
 * thread holds the GIL at any instant, by construction. A thread that is neither the holder nor
 * in a released call nor finished waits for the GIL. Only state changes are stored (a bounded
 * buffer); a run of events from the thread that already holds the GIL costs a clock read.
 */
namespace PyRunner::ThreadRecorder {

struct Limits
{
    std::int64_t deadlineNs = 0;      // CLOCK_MONOTONIC: past it, the program is stopped
    std::int64_t maxChanges = 500000; // state changes kept; past it the trace ends (it says so)
};

/** Once, in the warm parent: the thread hook and the lock's `with` statement made visible. */
bool initialise(QString *error);

/**
 * Starts recording in the calling (main) thread and in every thread started from now on. At the
 * deadline RAISESTOP is called at the next line of Python (it sets the exception that stops the
 * program).
 */
void start(const Limits &limits, std::function<void()> raiseStop);
/** The hook threading calls in each new thread (pass to threading.setprofile). */
PyObject *threadHook();
/** Ends recording: the main thread is done, threads still running end with the trace. */
void finish();

/**
 * What was recorded, in every process of the run: {"lanes": [{"name", "ident", "cpu_ns",
 * "user_ns", "task", "process", "pid"}], "changes": [[ns since start, lane, state, call, cpu]],
 * "calls": [C function names], "events", "capped", "max_changes", "processes", "notes",
 * "start_ns", "duration_ns"}. States are the Scheduler Lab's ids (running, waiting_gil,
 * blocked_io, waiting_lock, idle, encoding, decoding, done); call indexes "calls" (-1: none).
 */
QJsonObject result();

} // namespace PyRunner::ThreadRecorder
