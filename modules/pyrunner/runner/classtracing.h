// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

// The class tracer's parts, as they call each other: the mirror of CPython's class protocol
// (classprotocol.cpp), the trace function that watches Python-level calls and class bodies
// (classevents.cpp), the namespace a body fills (classbody.cpp), and how each call ended and
// what it changed (classoutcomes.cpp). Private to curtain-runner.

#include <Python.h> // first: Qt's keywords would break it (this target sets QT_NO_KEYWORDS)

#include "classtracestate.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace PyRunner {

// classevents.cpp
/** The C trace function of every thread the program runs (classes only). */
int traceFunction(PyObject *, PyFrameObject *frame, int what, PyObject *arg);
/** Whether this thread runs under our tracer now: a program may switch tracing off (sys.settrace
 *  (None)) or put its own in. Then nothing is followed: half a class seen is worse than none. */
bool tracedHere();
/** threading's hook that puts our tracer in each new thread. */
extern PyMethodDef threadHookDef;

// classbody.cpp
/** The body's pending STORE_NAME or DELETE_NAME has run: say what it did. */
void resolvePending(Body &body, PyCodeObject *code);
/** The body's pending STORE_NAME or DELETE_NAME raised RAISED (the namespace's own
 *  __setitem__ or __delitem__ refused): a failed step, nothing bound. */
void resolveRaised(Body &body, PyCodeObject *code, const QJsonObject &raised);
/** At an opcode event in the body's frame: remember a STORE_NAME or DELETE_NAME about to run. */
void notePendingOp(Body &body, PyFrameObject *frame);
/** New names in the body's __annotations__ since the last look: one step each. */
void noteAnnotations(Body &body, int line);
/** The class statements of FRAME whose name is bound by now (the frame moved past LINE, or
 *  returns): the decorators C ran unseen, then the name's binding. */
void flushBinds(ThreadTrace &thread, PyFrameObject *frame, int line, bool returning);

// classoutcomes.cpp
/** An exception as a step's "raised": {type, message, line}, read without running the
 *  program's code; the line is where the learner's code raised it. */
QJsonObject exceptionInfo(PyObject *type, PyObject *value, PyObject *traceback);
/** The exception set now (a slot that failed), as exceptionInfo(); it stays set. */
QJsonObject raisedNow();
/** Records what BY changed on CLS since the tracer last looked; the change ({} if none). */
QJsonObject noteChanges(PyObject *cls, const QString &by);
/** What the chain __new__ HOOK did to the namespace it was given before handing HANDEDON on
 *  (to the next __new__, or to type.__new__): said on its step as "namespace_changes". */
void noteNamespaceChanges(const HookCall &hook, const Snapshot &handedOn);
/** Says on step STEP what its call ended with: RESULT, or the exception raised (RESULT null). */
void noteOutcome(int step, PyObject *result);
/** Whether TYPE's MRO finds NAME as a function written in Python (its frames can be watched). */
bool isPythonMethod(PyTypeObject *type, const char *name);
/** A class a library made for itself while a learner class was being made (NS: its
 *  namespace, whose __module__ says whose it is): counted. */
void fold(ThreadTrace &thread, const QString &name, PyObject *ns);
/** type.__new__ for CLS raised: its STEP says with what, and which hook inside it (from step
 *  FIRSTINSIDE on) failed first; an __init_subclass__ that refused KEYWORDS gets its step. */
void noteFailedTypeNew(ThreadTrace &thread,
                       int step,
                       int firstInside,
                       const QString &cls,
                       const QJsonObject &keywords);
/** One step for the classes libraries made for themselves while CLS was being made. */
void flushFolded(ThreadTrace &thread, const QString &cls, int line);
/** CLS's own attributes that are not dunders, name to a safe repr, as they are now; their
 *  names in the class's own order go to NAMES when given. */
QJsonObject attributeValues(PyTypeObject *cls, QJsonArray *names = nullptr);

} // namespace PyRunner
