// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <Python.h> // first: Qt's keywords would break it (this target sets QT_NO_KEYWORDS)

#include <pyrunner/runrequest.h>

#include <QJsonObject>
#include <QString>

#include <functional>

/**
 * One learner program in this (freshly forked) interpreter: a fresh __main__, its output
 * captured, then its classes traced (ClassProtocol) or its threads and the GIL recorded
 * (ThreadRecorder), ending as python3 ends a program.
 */
namespace PyRunner::Session {

/**
 * The most threads and processes one run may have together (the kernel's pids cgroup counts
 * both): room for a program of a few hundred threads, as python3 starts, while a fork loop
 * still meets a wall.
 */
constexpr int MaxRunTasks = 256;

/** Prepares what every run needs (called once, in the warm parent, before any fork). */
bool initialise(QString *error);

/**
 * Compiles and runs REQUEST's source (bytes, as in the file) as __main__ from its filename, and
 * answers as PyRunner::RunResult::toMessage() does; a threads run adds "threads".
 */
QJsonObject run(const RunRequest &request);

/**
 * What answers a run whose program ends its process at once (os._exit in a class trace): called
 * with the answer so far (its steps, its output, and how it ended) just before the process goes.
 * The callback decides whether this process is the one that answers (a forked child is not).
 */
void setEndNow(std::function<void(const QJsonObject &answer)> write);

/**
 * In a process the learner's program forked (os.fork in a class trace), from its ANSWER: what
 * it did after the fork, for the run's process to tell on its "forked" step: {pid, stdout,
 * stderr (what it printed since the fork), ended ("os._exit", "end" or "error"), exit_code,
 * error, classes (the classes it made), instances (the classes it called for an instance)}.
 * Its own steps are not drawn: Class Forge follows the process that started the program.
 */
QJsonObject forkedChildReport(const QJsonObject &answer);

} // namespace PyRunner::Session
