// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "learnercode.h"

#include "classtracestate.h"
#include "pyobjects.h"

namespace PyRunner {

namespace {

/** A learner's class was freed: forget it. */
PyObject *classFreed(PyObject *, PyObject *weakref)
{
    auto it = g.byWeakref.find(weakref);
    if (it != g.byWeakref.end()) {
        auto known = g.learnerClasses.find(it->second);
        if (known != g.learnerClasses.end()) {
            g.learnerClasses.erase(known);
            Py_DECREF(weakref); // the map's reference
        }
        g.byWeakref.erase(it);
    }
    Py_RETURN_NONE;
}

PyMethodDef classFreedDef = {"curtain_class_freed", classFreed, METH_O, nullptr};
PyObject *classFreedCallback = nullptr;

} // namespace

PyObject *watchedAlloc(PyTypeObject *type, Py_ssize_t items)
{
    PyObject *object = PyType_GenericAlloc(type, items);
    if (!object)
        return nullptr;
    // A new object at an old one's address is not that one.
    g.instancesMade.erase(object);
    g.instancesInitialised.erase(object);
    if (g.watching > 0) {
        g.allocated[object] = ++g.allocations;
        if (type->tp_weaklistoffset > 0) {
            if (PyObject *ref = PyWeakref_NewRef(object, nullptr))
                g.allocatedRefs.emplace_back(g.allocations, ref);
            else
                PyErr_Clear();
        }
    }
    return object;
}

void forgetAllocations()
{
    g.allocated.clear();
    for (auto &[number, ref] : g.allocatedRefs)
        Py_DECREF(ref);
    g.allocatedRefs.clear();
}

PyObject *allocatedSince(std::uint64_t after, PyTypeObject *type)
{
    for (const auto &[number, ref] : g.allocatedRefs) {
        PyObject *object = number > after ? PyWeakref_GetObject(ref) : nullptr;
        if (object && object != Py_None && PyObject_TypeCheck(object, type))
            return object;
    }
    return nullptr;
}

/** Remembers CLS as the learner's, weakly. */
void trackClass(PyObject *cls)
{
    if (g.learnerClasses.count(cls))
        return;
    if (!classFreedCallback)
        classFreedCallback = PyCFunction_New(&classFreedDef, nullptr);
    PyObject *weakref = PyWeakref_NewRef(cls, classFreedCallback);
    if (!weakref) {
        PyErr_Clear();
        return;
    }
    g.learnerClasses[cls] = TraceState::Known{weakref, false};
    g.byWeakref[weakref] = cls;
    // Its instances' allocations are watched (and its subclasses', which inherit the slot).
    auto *type = reinterpret_cast<PyTypeObject *>(cls);
    if (PyType_Check(cls) && !PyType_IsSubtype(type, &PyType_Type)
        && type->tp_alloc == PyType_GenericAlloc)
        type->tp_alloc = watchedAlloc;
}

bool isLearnerCode(PyObject *code)
{
    return code && g.learnerCodes.count(code) > 0;
}

/** The first line of the learner's own function NAME that TYPE's MRO finds, or 0. */
int functionLine(PyTypeObject *type, const char *name)
{
    PyObject *function = methodFunction(type, name);
    const int line
        = function && isLearnerCode(PyFunction_GET_CODE(function))
              ? reinterpret_cast<PyCodeObject *>(PyFunction_GET_CODE(function))->co_firstlineno
              : 0;
    Py_XDECREF(function);
    return line;
}

/** Code made while the program runs (exec, compile, eval): not a library's file, not the
 *  learner's own file's code. Its line numbers count in the string, not in the file. */
bool isDynamicCode(PyObject *object)
{
    auto *code = reinterpret_cast<PyCodeObject *>(object);
    if (!code || isLearnerCode(object))
        return false;
    const QString file = codeFilename(code);
    if (file.startsWith(QLatin1String("<frozen")))
        return false;
    return file.startsWith(QLatin1Char('<')) || file == toQString(g.filename);
}

/** The line the learner's program is at, from FRAME outwards: the innermost frame running the
 *  learner's file. */
int learnerLineFrom(PyFrameObject *start)
{
    PyFrameObject *frame = start;
    Py_XINCREF(frame);
    int line = 0;
    while (frame) {
        PyCodeObject *code = PyFrame_GetCode(frame);
        const bool mine = isLearnerCode(reinterpret_cast<PyObject *>(code));
        Py_DECREF(code);
        if (mine) {
            line = PyFrame_GetLineNumber(frame);
            Py_DECREF(frame);
            break;
        }
        PyFrameObject *back = PyFrame_GetBack(frame);
        Py_DECREF(frame);
        frame = back;
    }
    return line;
}

int learnerLine()
{
    return learnerLineFrom(PyEval_GetFrame());
}

/**
 * Whether the program is creating something on its own behalf now: one of its frames is on the
 * stack, and no import stands between it and here (the classes of a module it imports are the
 * library's, not the learner's).
 */
bool onLearnersBehalf()
{
    PyFrameObject *frame = PyEval_GetFrame();
    Py_XINCREF(frame);
    bool learner = false;
    while (frame) {
        PyCodeObject *code = PyFrame_GetCode(frame);
        const bool mine = isLearnerCode(reinterpret_cast<PyObject *>(code));
        const bool importing
            = !mine && codeFilename(code).startsWith(QLatin1String("<frozen importlib._bootstrap"));
        Py_DECREF(code);
        if (mine || importing) {
            learner = mine;
            Py_DECREF(frame);
            break;
        }
        PyFrameObject *back = PyFrame_GetBack(frame);
        Py_DECREF(frame);
        frame = back;
    }
    return learner;
}

bool isLearnerClass(PyObject *object)
{
    return g.learnerClasses.count(object) > 0;
}

/** The caller's line: the learner's line outside FRAME (which may itself be learner code). */
int callerLine(PyFrameObject *frame)
{
    PyFrameObject *back = PyFrame_GetBack(frame);
    const int line = back ? learnerLineFrom(back) : 0;
    Py_XDECREF(back);
    return line;
}

bool calledFromLearnerCode()
{
    PyFrameObject *frame = PyEval_GetFrame();
    if (!frame)
        return false;
    PyCodeObject *code = PyFrame_GetCode(frame);
    const bool mine = isLearnerCode(reinterpret_cast<PyObject *>(code))
                      || isDynamicCode(reinterpret_cast<PyObject *>(code));
    Py_DECREF(code);
    return mine;
}

namespace {

/** The library FILE belongs to: .../site-packages/django/db/models/base.py -> django;
 *  /usr/lib/python3.11/unittest/x.py -> unittest; /usr/lib/python3.11/dataclasses.py ->
 *  dataclasses; <frozen ...> -> Python. */
QString libraryOfFile(const QString &file)
{
    if (file.startsWith(QLatin1String("<frozen importlib")))
        return QStringLiteral("importlib");
    if (file.startsWith(QLatin1Char('<')))
        return QStringLiteral("Python");
    QStringList parts = file.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (int i = int(parts.size()) - 2; i >= 0; --i) {
        const QString &dir = parts.at(i);
        if (dir == QLatin1String("site-packages") || dir == QLatin1String("dist-packages")
            || dir.startsWith(QLatin1String("python3"))) {
            QString top = parts.value(i + 1);
            if (top.endsWith(QLatin1String(".py")))
                top.chop(3);
            return top;
        }
    }
    QString last = parts.value(parts.size() - 1);
    if (last.endsWith(QLatin1String(".py")))
        last.chop(3);
    return last.isEmpty() ? QStringLiteral("Python") : last;
}

} // namespace

QString libraryAtWork()
{
    // A class factory of the standard library (namedtuple, NamedTuple, make_dataclass,
    // new_class) makes classes for whoever called it: credited to that caller's library.
    static const QStringList factories{QStringLiteral("collections"),
                                       QStringLiteral("typing"),
                                       QStringLiteral("dataclasses"),
                                       QStringLiteral("types")};
    PyFrameObject *frame = PyEval_GetFrame();
    if (!frame)
        return QStringLiteral("Python");
    Py_INCREF(frame);
    QString first;
    while (frame) {
        PyCodeObject *code = PyFrame_GetCode(frame);
        const QString library = isLearnerCode(reinterpret_cast<PyObject *>(code))
                                    ? QString()
                                    : libraryOfFile(codeFilename(code));
        Py_DECREF(code);
        if (first.isEmpty())
            first = library;
        if (library.isEmpty() && !first.isEmpty()) {
            Py_DECREF(frame);
            return first; // the learner called the factory: the factory's, as before
        }
        if (!library.isEmpty() && !factories.contains(library)) {
            Py_DECREF(frame);
            return library;
        }
        PyFrameObject *back = PyFrame_GetBack(frame);
        Py_DECREF(frame);
        frame = back;
    }
    return first.isEmpty() ? QStringLiteral("Python") : first;
}

} // namespace PyRunner
