// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

// Reading Python objects for a learner without running their code: names, safe reprs, frame
// locals. Shared by the class tracer and the thread recorder.

#include <Python.h> // first: Qt's keywords would break it (this target sets QT_NO_KEYWORDS)

#include <QJsonArray>
#include <QString>

namespace PyRunner {

/** A str as a QString; anything else as its type's name (never calling the object's __str__). */
QString toQString(PyObject *object);
/** TYPE's qualified name, read from the type itself (no Python runs). */
QString qualName(PyTypeObject *type);
/** The name of OBJECT for a message: a class's qualname, else what kind of object it is. */
QString nameOf(PyObject *object);
/** "Owner.name" for the class in TYPE's MRO whose own dict defines NAME: what really runs. */
QString resolveMethod(PyTypeObject *type, const char *name);
/** The Python function behind NAME as TYPE's MRO finds it (a staticmethod's or classmethod's
 *  __func__), new reference; null when it is none (C, or not found). */
PyObject *methodFunction(PyTypeObject *type, const char *name);
/** The file CODE was compiled from. */
QString codeFilename(PyCodeObject *code);
/**
 * VALUE in a few words, without ever running the learner's code: the repr of built-in values
 * (their repr is CPython's C), and for everything else what kind of object it is.
 */
QString safeRepr(PyObject *value, int depth = 0);
/** What NS's storage holds for KEY, if NS is a dict (or a dict subclass): read without running
 *  any of a subclass's methods. Borrowed, or null. */
PyObject *storedValue(PyObject *ns, PyObject *key);
/** The local at POSITION of CODE's variables in FRAME (a new reference), or null. */
PyObject *frameLocal(PyFrameObject *frame, PyCodeObject *code, int position);
/** The names of the types in TUPLE. */
QJsonArray typeNames(PyObject *tuple);

} // namespace PyRunner
