// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

// What belongs to the learner's program: its code objects, its classes (held weakly), the line
// it is at, and whether it is the one creating something now.

#include <Python.h> // first: Qt's keywords would break it (this target sets QT_NO_KEYWORDS)

#include <QString>

namespace PyRunner {

/** Remembers CLS as the learner's, weakly: a freed class is forgotten. */
void trackClass(PyObject *cls);
/** The tp_alloc of the learner's classes: CPython's, numbering each instance allocated while a
 *  traced instance call is under way (TraceState::allocated). */
PyObject *watchedAlloc(PyTypeObject *type, Py_ssize_t items);
/** Forgets the instances numbered so far (no traced instance call is under way any more). */
void forgetAllocations();
/** An instance of TYPE allocated after number AFTER that still lives (borrowed), or null. */
PyObject *allocatedSince(std::uint64_t after, PyTypeObject *type);
/** Whether OBJECT is one of the learner's classes. */
bool isLearnerClass(PyObject *object);
/** Whether CODE was compiled from the learner's file. */
bool isLearnerCode(PyObject *code);
/** The first line of the learner's own function NAME that TYPE's MRO finds, or 0. */
int functionLine(PyTypeObject *type, const char *name);
/** Code made while the program runs (exec, compile, eval): its lines count in the string. */
bool isDynamicCode(PyObject *object);
/** The line of the innermost frame from START outwards that runs the learner's file, or 0. */
int learnerLineFrom(PyFrameObject *start);
/** The line the learner's program is at now. */
int learnerLine();
/** Whether the innermost Python frame running now is the learner's own code (or code it made
 *  at run time): the learner called what is happening, not a library. */
bool calledFromLearnerCode();
/** The library whose code runs in the innermost Python frame: its top package ("django",
 *  "unittest"), from the file's path. */
QString libraryAtWork();
/** The caller's line: the learner's line outside FRAME (which may itself be learner code). */
int callerLine(PyFrameObject *frame);
/**
 * Whether the program is creating something on its own behalf now: one of its frames is on the
 * stack, and no import stands between it and here (the classes of a module it imports are the
 * library's, not the learner's).
 */
bool onLearnersBehalf();

} // namespace PyRunner
