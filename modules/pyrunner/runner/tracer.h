// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

// Python.h first: Qt's keywords would break it (this target also sets QT_NO_KEYWORDS).
#include <Python.h>

#include <runrequest.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

/** Limits for one traced run, all enforced inside the child process. */
struct TraceLimits
{
    int maxSteps = 20000;  // the trace stops after this many steps
    int keepSteps = 20000; // steps kept in full; the rest are counted (bounded memory)
    qint64 timeoutMs = 3000;
    qint64 maxOutputChars = 64 * 1024;
    int memoryMb = 512;
    bool threads = false;        // record threads and the GIL instead of classes
    double switchIntervalMs = 0; // threads: sys.setswitchinterval before the program (0: leave)
    qint64 maxChanges = 500000;  // threads: state changes kept
};

/**
 * Runs one learner program in this (freshly forked) interpreter and records how CPython builds
 * its classes and instances. Observes at the C level: `builtins.__build_class__` is replaced by a
 * traced re-implementation of CPython's own, `type`'s call and new slots are wrapped, and a C
 * trace function watches class bodies fill their namespaces. Everything else runs untouched.
 */
namespace Tracer {

/** Prepares what every run needs (called once, in the warm parent, before any fork). */
bool initialise(QString *error);

/**
 * Compiles and runs REQUEST's source (bytes, as in the file) as __main__ from its filename with
 * fresh globals, and answers as PyRunner::RunResult::toMessage() does. In threads mode, records
 * its threads and the GIL (ThreadRecorder) instead of its classes and adds "threads".
 */
QJsonObject run(const PyRunner::RunRequest &request);

} // namespace Tracer
