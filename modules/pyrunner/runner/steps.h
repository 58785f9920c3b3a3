// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

// The steps of a class trace, bounded, and how a run is stopped (a limit, the deadline).

#include <Python.h> // first: Qt's keywords would break it (this target sets QT_NO_KEYWORDS)

#include <protocol/protocol.h>

#include <QJsonObject>
#include <QString>

#include <cstddef>

namespace PyRunner {

/** CLOCK_MONOTONIC in nanoseconds. */
qint64 nowNs();
/** Asks the program to stop with an error of TYPE: at its next line, the stop is raised. */
void requestStop(const QString &type, const QString &message);
/** Asks the program to stop: it ran past its time limit. */
void requestTimeout();
/** The steps kept outgrew the run's memory: half of them go (counted, not listed), and the run
 *  is stopped with a step that says so. */
void outOfMemory();
/** Room held back from the run's memory limit from its start, given back when the memory runs
 *  out and before the answer is written, so that a run at its limit can still end and answer. */
constexpr std::size_t ReserveBytes = std::size_t(32) << 20;
void holdMemoryReserve();
void releaseMemoryReserve();
/** Raises the stop the run asked for; returns null (the exception is set). */
PyObject *raiseStop();
/** Adds a step; returns its index, or -1 when it was not kept (the trace is stopping, or full). */
int addStep(Protocol::StepKind kind, const QString &cls, int line, const QJsonObject &detail);
/**
 * The step that tells the outcome of the call step INDEX announced. When steps came after it
 * (a class or an instance made inside the call, a method it called through super(), an
 * attribute it set), the outcome is told after them: a copy of the step is added
 * ("continues": INDEX, the first marked "continued_at"), and its index is returned; otherwise
 * INDEX itself.
 */
int outcomeStep(int index);
/**
 * Once the outcome step OUTCOME (from outcomeStep(START)) has all its detail: a copy that adds
 * nothing to what START said, after steps about the same class only, is taken back (it is
 * still the last step), so that a call that simply finished is told once.
 */
void settleOutcome(int start, int outcome);
/** Adds KEY: VALUE to the detail of step INDEX. */
void amendStep(int index, const QString &key, const QJsonValue &value);
/** Step INDEX as recorded so far ({} when it was not kept). */
QJsonObject stepAt(int index);
/** The detail of step INDEX as recorded so far ({} when it was not kept). */
QJsonObject stepDetail(int index);
/** Ends the steps with the error step for ERROR ({type, message, line, traceback}). */
void addErrorStep(const QJsonObject &error);

} // namespace PyRunner
