// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// How the calls in a class's making ended, and what they changed; a library's own classes, counted.

#include "classtracing.h" // Python.h first

#include "classtracestate.h"
#include "learnercode.h"
#include "pyobjects.h"
#include "reprtext.h"
#include "steps.h"

#include <protocol/protocol.h>

#include <QStringList>

#include <frameobject.h>

#include <algorithm>
#include <cstring>

namespace PyRunner {

using namespace Protocol;

/**
 * The exception being raised now, as a step's "raised": {type, message, line}, read without
 * running any of the program's code (a learner's __str__ is not called: the message is its
 * args). The exception stays set.
 */
/** An exception as a step's "raised": {type, message, line}, read without running any of the
 *  program's code (a learner's __str__ is not called: the message is its args); the line is
 *  where the learner's code raised it, from the traceback. */
QJsonObject exceptionInfo(PyObject *type, PyObject *value, PyObject *traceback)
{
    // Read with no exception set (reprs run C code that must not see one); it is put back.
    PyObject *pendingType = nullptr, *pendingValue = nullptr, *pendingTraceback = nullptr;
    PyErr_Fetch(&pendingType, &pendingValue, &pendingTraceback);
    QString message;
    if (value && PyExceptionInstance_Check(value)) {
        PyObject *args = reinterpret_cast<PyBaseExceptionObject *>(value)->args;
        if (args && PyTuple_Check(args)) {
            // A KeyError shows its one key as its repr ('mid', not mid), as CPython prints it.
            const bool keyError = PyErr_GivenExceptionMatches(
                reinterpret_cast<PyObject *>(Py_TYPE(value)), PyExc_KeyError);
            if (PyTuple_GET_SIZE(args) == 1 && PyUnicode_Check(PyTuple_GET_ITEM(args, 0))
                && !keyError)
                message = toQString(PyTuple_GET_ITEM(args, 0));
            else if (PyTuple_GET_SIZE(args) == 1)
                message = safeRepr(PyTuple_GET_ITEM(args, 0));
            else if (PyTuple_GET_SIZE(args) > 1)
                message = safeRepr(args);
        }
    } else if (value && PyUnicode_Check(value)) {
        message = toQString(value); // an exception set from C, not yet normalised
    }
    int line = 0;
    QString function; // the learner's function it was raised in, the innermost
    if (traceback && PyTraceBack_Check(traceback)) {
        for (auto *tb = reinterpret_cast<PyTracebackObject *>(traceback); tb; tb = tb->tb_next) {
            PyCodeObject *code = PyFrame_GetCode(tb->tb_frame);
            if (isLearnerCode(reinterpret_cast<PyObject *>(code))) {
                line = tb->tb_lineno;
                function = toQString(code->co_qualname);
            }
            Py_DECREF(code);
        }
    }
    QJsonObject info{{QStringLiteral("type"),
                      type && PyType_Check(type) ? qualName(reinterpret_cast<PyTypeObject *>(type))
                                                 : QStringLiteral("exception")},
                     {QStringLiteral("message"), message},
                     {QStringLiteral("line"), line > 0 ? line : learnerLine()}};
    if (!function.isEmpty())
        info.insert(QStringLiteral("function"), function);
    PyErr_Restore(pendingType, pendingValue, pendingTraceback);
    return info;
}

/** The exception being raised now (set in C, by a slot that failed), as exceptionInfo(); it
 *  stays set. */
QJsonObject raisedNow()
{
    PyObject *type = nullptr, *value = nullptr, *traceback = nullptr;
    PyErr_Fetch(&type, &value, &traceback);
    if (!type)
        return {};
    QJsonObject raised = exceptionInfo(type, value, traceback);
    PyErr_Restore(type, value, traceback);
    return raised;
}

/** Records what BY changed on CLS since the tracer last looked; returns the change ({} if none). */
QJsonObject noteChanges(PyObject *cls, const QString &by)
{
    if (!cls || !PyType_Check(cls))
        return {};
    ClassRecord &record = g.records[cls];
    Snapshot now = Snapshot::of(cls);
    QJsonObject change = Snapshot::difference(record.current, now);
    record.current = std::move(now);
    if (!change.isEmpty()) {
        change.insert(QStringLiteral("by"), by);
        record.changes.append(change);
    }
    return change;
}

void noteNamespaceChanges(const HookCall &hook, const Snapshot &handedOn)
{
    if (!hook.givenRead)
        return; // a namespace that is not a dict: what it held is not known, nor what changed
    const QJsonObject change = Snapshot::difference(hook.given, handedOn);
    if (change.isEmpty() || hook.step < 0)
        return;
    amendStep(hook.step, QStringLiteral("namespace_changes"), change);
}

/** Says on step STEP what its call ended with: RESULT, or the exception raised (RESULT null). */
void noteOutcome(int step, PyObject *result)
{
    if (step < 0)
        return;
    if (!result)
        amendStep(step, QStringLiteral("raised"), raisedNow());
    else
        amendStep(step, QStringLiteral("returned"), safeRepr(result));
}

/** Whether TYPE's MRO finds NAME as a function written in Python (its frames can be watched). */
bool isPythonMethod(PyTypeObject *type, const char *name)
{
    PyObject *function = methodFunction(type, name);
    Py_XDECREF(function); // compared with null only
    return function != nullptr;
}

/** A class a library made for itself while a learner class was being made: counted, no steps. */
void fold(ThreadTrace &thread, const QString &name, PyObject *ns)
{
    // Credited to the library whose module the class belongs to (its __module__), not to
    // whoever called type(): a namedtuple of unittest's is unittest's.
    QString library;
    if (ns && PyDict_Check(ns)) {
        if (PyObject *module = PyDict_GetItemString(ns, "__module__");
            module && PyUnicode_Check(module))
            library = toQString(module).section(QLatin1Char('.'), 0, 0);
    }
    // __main__ is the learner's own module: a class a library made there (Django's
    // DoesNotExist for the learner's model) is the library's work.
    if (library.isEmpty() || library == QLatin1String("builtins")
        || library == QLatin1String("__main__"))
        library = libraryAtWork();
    for (auto &[who, names] : thread.folded) {
        if (who == library) {
            names.append(name);
            return;
        }
    }
    thread.folded.emplace_back(library, QStringList{name});
}

void noteFailedTypeNew(
    ThreadTrace &thread, int step, int firstInside, const QString &cls, const QJsonObject &keywords)
{
    const QJsonObject raised = raisedNow();
    if (step < 0)
        return;
    // A hook that failed inside it (a __set_name__, an __init_subclass__) is why.
    QString inside;
    for (int i = firstInside; i < g.steps.size() && inside.isEmpty(); ++i) {
        const QJsonObject detail = stepDetail(i);
        if (detail.contains(QStringLiteral("raised")))
            inside = detail.value(QStringLiteral("function")).toString();
    }
    // An __init_subclass__ that refused the class's keywords never ran a line: say so as its step.
    const QString message = raised.value(QStringLiteral("message")).toString();
    const qsizetype at = message.indexOf(QLatin1String(".__init_subclass__()"));
    if (inside.isEmpty()
        && raised.value(QStringLiteral("type")).toString() == QLatin1String("TypeError")
        && at > 0) {
        // object.__init_subclass__ (C) names the class being made in its message, though that
        // class's own hook is never called for it: the one that refused is object's.
        const QString named = message.left(at).section(QLatin1Char(' '), -1);
        const QString function
            = (named == cls.section(QLatin1Char('.'), -1) ? QStringLiteral("object") : named)
              + QStringLiteral(".__init_subclass__");
        QJsonObject detail{{QStringLiteral("function"), function},
                           {QStringLiteral("function_line"), 0},
                           {QStringLiteral("raised"), raised}};
        if (!keywords.isEmpty())
            detail.insert(QStringLiteral("keywords"), keywords);
        addStep(StepKind::InitSubclass, cls, learnerLine(), detail);
        inside = function;
    }
    // How type.__new__ ended comes after the hooks that ran inside it.
    step = outcomeStep(step);
    amendStep(step, QStringLiteral("raised"), raised);
    if (!inside.isEmpty())
        amendStep(step, QStringLiteral("raised_inside"), inside);
    Q_UNUSED(thread)
}

/** One step for the classes libraries made for themselves while CLS was being made. */
void flushFolded(ThreadTrace &thread, const QString &cls, int line)
{
    if (thread.folded.empty())
        return;
    QJsonArray libraries;
    int total = 0;
    for (const auto &[library, names] : thread.folded) {
        libraries.append(
            QJsonObject{{QStringLiteral("library"), library},
                        {QStringLiteral("count"), int(names.size())},
                        {QStringLiteral("classes"), QJsonArray::fromStringList(names)}});
        total += int(names.size());
    }
    thread.folded.clear();
    addStep(StepKind::LibraryClasses,
            cls,
            line,
            {{QStringLiteral("count"), total}, {QStringLiteral("libraries"), libraries}});
}

/** CLS's own attributes that are not dunders, name to a safe repr, as they are now; their names
 *  in the class's own order go to NAMES when given. */
QJsonObject attributeValues(PyTypeObject *cls, QJsonArray *names)
{
    QJsonObject values;
    PyObject *key = nullptr;
    PyObject *value = nullptr;
    Py_ssize_t position = 0;
    while (cls->tp_dict && PyDict_Next(cls->tp_dict, &position, &key, &value)) {
        const QString name = toQString(key);
        if (name.startsWith(QLatin1String("__")) && name.endsWith(QLatin1String("__")))
            continue;
        values.insert(name, safeRepr(value));
        if (names)
            names->append(name);
    }
    return values;
}

} // namespace PyRunner
