// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// A class body filling its namespace: each binding, deletion and annotation; the name bound at the
// end.

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

/** An annotation as written: a class's name, a string (postponed), or a short repr. */
QString annotationText(PyObject *value)
{
    if (PyType_Check(value))
        return qualName(reinterpret_cast<PyTypeObject *>(value));
    return safeRepr(value); // a postponed annotation is a string, and is shown as one: 'str'
}

/** New names in the body's __annotations__ since the last look: one step each. */
void noteAnnotations(Body &body, int line)
{
    static PyObject *const key = PyUnicode_InternFromString("__annotations__");
    PyObject *annotations = storedValue(body.ns, key);
    if (!annotations || !PyDict_Check(annotations)
        || (body.annotations >= 0 && PyDict_GET_SIZE(annotations) <= body.annotations))
        return;
    QStringList all;
    QStringList names;
    QStringList texts;
    PyObject *name = nullptr, *value = nullptr;
    Py_ssize_t position = 0;
    while (PyDict_Next(annotations, &position, &name, &value)) {
        const QString text = annotationText(value);
        all.append(QStringLiteral("'%1': %2").arg(toQString(name), text));
        names.append(toQString(name));
        texts.append(text);
    }
    const QString whole = QLatin1Char('{') + all.join(QStringLiteral(", ")) + QLatin1Char('}');
    if (body.annotations < 0) {
        // SETUP_ANNOTATIONS: a body with annotations gets its dict before its first statement.
        addStep(StepKind::NamespaceSet,
                body.qualname,
                line,
                {{QStringLiteral("name"), QStringLiteral("__annotations__")},
                 {QStringLiteral("value"), names.isEmpty() ? QStringLiteral("{}") : whole},
                 {QStringLiteral("implicit"), true},
                 {QStringLiteral("rebound"), false}});
        body.annotations = 0;
    }
    for (Py_ssize_t i = body.annotations; i < names.size(); ++i) {
        addStep(StepKind::NamespaceSet,
                body.qualname,
                line,
                {{QStringLiteral("name"), QStringLiteral("__annotations__")},
                 {QStringLiteral("value"), whole},
                 {QStringLiteral("implicit"), true},
                 {QStringLiteral("rebound"), true},
                 {QStringLiteral("annotated"), names.at(i)},
                 {QStringLiteral("annotation"), texts.at(i)}});
    }
    body.annotations = names.size();
}

std::vector<std::pair<PyObject *, PyObject *>>::iterator seenEntry(Body &body, PyObject *key)
{
    return std::find_if(body.seen.begin(), body.seen.end(), [key](const auto &entry) {
        return entry.first == key
               || (PyUnicode_Check(entry.first) && PyUnicode_Check(key)
                   && PyUnicode_Compare(entry.first, key) == 0);
    });
}

/** The body's pending STORE_NAME or DELETE_NAME has run: say what it did. */
namespace {

/** Takes the body's pending STORE_NAME or DELETE_NAME: its opcode in *OP and the name it
 *  stores (borrowed), or null when there is none. */
PyObject *takePending(Body &body, PyCodeObject *code, int *op)
{
    *op = std::exchange(body.pendingOp, 0);
    const int nameIndex = std::exchange(body.pendingName, -1);
    PyObject *names = code->co_names;
    if (!*op || !names || nameIndex < 0 || nameIndex >= PyTuple_GET_SIZE(names))
        return nullptr;
    return PyTuple_GET_ITEM(names, nameIndex);
}

} // namespace

void resolvePending(Body &body, PyCodeObject *code)
{
    int op = 0;
    PyObject *key = takePending(body, code, &op);
    if (!key)
        return;
    const QString name = toQString(key);
    const int line = body.dynamic ? learnerLine() : body.lastLine;
    auto known = seenEntry(body, key);
    if (op == g.deleteName) {
        addStep(StepKind::NamespaceDel, body.qualname, line, {{QStringLiteral("name"), name}});
        if (known != body.seen.end()) {
            Py_DECREF(known->first);
            Py_DECREF(known->second);
            body.seen.erase(known);
        }
        return;
    }
    PyObject *value = storedValue(body.ns, key);
    if (!value && body.mappingKey && PyUnicode_Check(body.mappingKey)
        && PyUnicode_Compare(body.mappingKey, key) == 0)
        value = body.mappingValue; // what the namespace's own __setitem__ received
    if (!value)
        return; // a namespace that kept nothing under the name: nothing to show
    const bool rebound = known != body.seen.end();
    // Python stores each of its own names once (__module__ and __qualname__ before the first
    // line, __doc__ from a docstring, __classcell__ at the end): again, it is the body's doing.
    // (SETUP_ANNOTATIONS fills __annotations__ without a store: one seen here is written.)
    // A docstring stores __doc__ before anything the body writes: a __doc__ after a name of the
    // body's own is the body's assignment.
    bool onlyPythonsSoFar = true;
    for (const auto &entry : body.seen) {
        if (!isImplicitName(toQString(entry.first)))
            onlyPythonsSoFar = false;
    }
    const bool implicit = isImplicitName(name) && name != QLatin1String("__annotations__")
                          && !body.storedByPython.contains(name)
                          && (name != QLatin1String("__doc__") || onlyPythonsSoFar);
    if (implicit)
        body.storedByPython.append(name);
    addStep(StepKind::NamespaceSet,
            body.qualname,
            line,
            {{QStringLiteral("name"), name},
             {QStringLiteral("value"), safeRepr(value)},
             {QStringLiteral("implicit"), implicit},
             {QStringLiteral("rebound"), rebound},
             {QStringLiteral("same_value"), rebound && known->second == value}});
    Py_INCREF(value);
    if (rebound) {
        Py_DECREF(known->second);
        known->second = value;
    } else {
        Py_INCREF(key);
        body.seen.emplace_back(key, value);
    }
}

void resolveRaised(Body &body, PyCodeObject *code, const QJsonObject &raised)
{
    int op = 0;
    PyObject *key = takePending(body, code, &op);
    if (!key)
        return;
    QJsonObject detail{{QStringLiteral("name"), toQString(key)},
                       {QStringLiteral("implicit"), false},
                       {QStringLiteral("rebound"), false},
                       {QStringLiteral("raised"), raised}};
    // What the namespace's own __setitem__ was handed, when the tracer saw it called.
    if (op == g.storeName && body.mappingKey && body.mappingValue
        && PyUnicode_Check(body.mappingKey) && PyUnicode_Compare(body.mappingKey, key) == 0)
        detail.insert(QStringLiteral("value"), safeRepr(body.mappingValue));
    addStep(op == g.deleteName ? StepKind::NamespaceDel : StepKind::NamespaceSet,
            body.qualname,
            body.dynamic ? learnerLine() : body.lastLine,
            detail);
}

/** At an opcode event in the body's frame: remember a STORE_NAME or DELETE_NAME about to run. */
void notePendingOp(Body &body, PyFrameObject *frame)
{
    if (!body.bytecode)
        return;
    const int lasti = PyFrame_GetLasti(frame);
    const Py_ssize_t size = PyBytes_GET_SIZE(body.bytecode);
    const auto *bytes = reinterpret_cast<const unsigned char *>(PyBytes_AS_STRING(body.bytecode));
    if (lasti < 0 || lasti + 1 >= size)
        return;
    const int op = bytes[lasti];
    if (op != g.storeName && op != g.deleteName)
        return;
    int arg = bytes[lasti + 1];
    for (int back = lasti - 2, shift = 8; back >= 0 && bytes[back] == g.extendedArg;
         back -= 2, shift += 8)
        arg |= bytes[back + 1] << shift;
    body.pendingOp = op;
    body.pendingName = arg;
}

void flushBinds(ThreadTrace &thread, PyFrameObject *frame, int line, bool returning)
{
    for (auto it = thread.binds.begin(); it != thread.binds.end();) {
        // Decorator lines sit above the class line; the statement after it sits below.
        if (it->frame == frame && it->raised) {
            // A decorator raised: the statement failed there, and no name is bound.
            Py_XDECREF(it->value);
            it = thread.binds.erase(it);
            continue;
        }
        if (it->frame == frame && (returning || line > it->line)) {
            // Decorators the tracer could not see run (written in C) still ran: say so.
            for (int i = int(it->decorators.size()) - 1 - it->applied; i >= 0; --i) {
                addStep(StepKind::Decorator,
                        it->qualname,
                        it->line,
                        {{QStringLiteral("function"), it->decorators.at(i)},
                         {QStringLiteral("seen_running"), false}});
            }
            PyObject *value = it->value;
            // Inside another class body the binding is that body's namespace_set: one step.
            const bool inBody
                = std::any_of(thread.bodies.begin(),
                              thread.bodies.end(),
                              [frame = it->frame](const Body &b) { return b.frame == frame; });
            if (inBody) {
                Py_XDECREF(it->value);
                it = thread.binds.erase(it);
                continue;
            }
            const QString kind = !value                    ? QStringLiteral("nothing")
                                 : PyType_Check(value)     ? QStringLiteral("class")
                                 : PyFunction_Check(value) ? QStringLiteral("function")
                                                           : qualName(Py_TYPE(value));
            QJsonObject detail{{QStringLiteral("name"), it->name},
                               {QStringLiteral("bound"), kind},
                               {QStringLiteral("value"), value ? safeRepr(value) : QString()}};
            if (it->replaced)
                detail.insert(QStringLiteral("replaced"), true);
            else if (!it->firstClass.isEmpty())
                detail.insert(QStringLiteral("first_class"), it->firstClass);
            else if (it->existing)
                detail.insert(QStringLiteral("returned_existing"), true);
            if (value && PyType_Check(value)) {
                // What the class holds once the metaclass and the decorators are done with it.
                detail.insert(QStringLiteral("attribute_values"),
                              attributeValues(reinterpret_cast<PyTypeObject *>(value)));
            }
            addStep(StepKind::BindName, it->qualname, it->line, detail);
            if (value)
                g.records.erase(value); // its making is over
            Py_XDECREF(it->value);
            it = thread.binds.erase(it);
        } else {
            ++it;
        }
    }
}

} // namespace PyRunner
