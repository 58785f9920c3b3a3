// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

// The sentences a learner reads about a Python program's run: what happens at a moment of the
// replay (each process with its own GIL, threads apart from the tasks that take turns on them),
// the run in one line, and what to install when a lesson's library is missing.

#include <QString>

#include <cstdint>

namespace Scheduler {

struct PythonTrace;
struct Timeline;

/** What is happening at T in TIMELINE, a Python program's run, in plain English. */
QString narratePython(const Timeline &timeline, std::int64_t t);
/** TRACE in one sentence: its threads, processes, tasks and GIL hand-offs. */
QString runSummary(const PythonTrace &trace);
/**
 * What to do when a program stopped with ERRORTYPE: MESSAGE because a library of the talk's is
 * missing ("install Debian's python3-gevent ..."), or an empty string.
 */
QString missingLibraryAdvice(const QString &errorType, const QString &message);

} // namespace Scheduler
