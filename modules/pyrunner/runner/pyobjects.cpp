// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "pyobjects.h"

#include "reprtext.h"

#include <QStringList>

#include <cstring>

namespace PyRunner {

/** A str as a QString; anything else as its type's name (never calling the object's __str__). */
QString toQString(PyObject *object)
{
    if (!object)
        return {};
    if (PyUnicode_Check(object)) {
        Py_ssize_t size = 0;
        const char *utf8 = PyUnicode_AsUTF8AndSize(object, &size);
        if (utf8)
            return QString::fromUtf8(utf8, size);
        PyErr_Clear();
        return QStringLiteral("<unprintable>");
    }
    return QStringLiteral("<%1 object>").arg(QString::fromUtf8(Py_TYPE(object)->tp_name));
}

QString qualName(PyTypeObject *type)
{
    // The qualname lives in the heap type itself: reading it runs no Python code.
    if (type->tp_flags & Py_TPFLAGS_HEAPTYPE) {
        auto *heap = reinterpret_cast<PyHeapTypeObject *>(type);
        if (heap->ht_qualname && PyUnicode_Check(heap->ht_qualname))
            return toQString(heap->ht_qualname);
    }
    const char *name = type->tp_name;
    const char *dot = std::strrchr(name, '.');
    return QString::fromUtf8(dot ? dot + 1 : name);
}

/** The name of OBJECT for a message: a class's qualname, else what kind of object it is. */
QString nameOf(PyObject *object)
{
    if (PyType_Check(object))
        return qualName(reinterpret_cast<PyTypeObject *>(object));
    return QStringLiteral("a %1 object").arg(qualName(Py_TYPE(object)));
}

/** "Owner.name" for the class in TYPE's MRO whose own dict defines NAME: what really runs. */
PyObject *methodFunction(PyTypeObject *type, const char *name)
{
    PyObject *mro = type->tp_mro;
    for (Py_ssize_t i = 0; mro && PyTuple_Check(mro) && i < PyTuple_GET_SIZE(mro); ++i) {
        PyObject *item = PyTuple_GET_ITEM(mro, i);
        if (!PyType_Check(item) || !reinterpret_cast<PyTypeObject *>(item)->tp_dict)
            continue;
        PyObject *f = PyDict_GetItemString(reinterpret_cast<PyTypeObject *>(item)->tp_dict, name);
        if (!f)
            continue;
        PyObject *function = nullptr;
        if (PyObject_TypeCheck(f, &PyStaticMethod_Type)
            || PyObject_TypeCheck(f, &PyClassMethod_Type)) {
            function = PyObject_GetAttrString(f, "__func__");
            PyErr_Clear();
        } else {
            function = Py_NewRef(f);
        }
        if (function && !PyFunction_Check(function))
            Py_CLEAR(function);
        return function;
    }
    return nullptr;
}

QString resolveMethod(PyTypeObject *type, const char *name)
{
    PyObject *mro = type->tp_mro;
    if (mro && PyTuple_Check(mro)) {
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(mro); ++i) {
            PyObject *item = PyTuple_GET_ITEM(mro, i);
            if (!PyType_Check(item))
                continue;
            auto *base = reinterpret_cast<PyTypeObject *>(item);
            if (base->tp_dict && PyDict_GetItemString(base->tp_dict, name))
                return qualName(base) + QLatin1Char('.') + QLatin1String(name);
        }
    }
    return QStringLiteral("object.") + QLatin1String(name);
}

QString codeFilename(PyCodeObject *code)
{
    return code ? toQString(code->co_filename) : QString();
}

/**
 * VALUE in a few words, without ever running the learner's code: the repr of built-in values
 * (their repr is CPython's C), and for everything else what kind of object it is. A learner's
 * __repr__ that prints, counts or fails must not change what the program does.
 */
QString safeRepr(PyObject *value, int depth)
{
    if (PyFunction_Check(value)) {
        auto *code = reinterpret_cast<PyCodeObject *>(PyFunction_GET_CODE(value));
        return QStringLiteral("<function %1>").arg(toQString(code->co_qualname));
    }
    if (PyType_Check(value))
        return QStringLiteral("<class '%1'>")
            .arg(qualName(reinterpret_cast<PyTypeObject *>(value)));
    // A built-in function or method, as CPython writes it (without its address).
    if (PyCFunction_Check(value)) {
        const auto *function = reinterpret_cast<PyCFunctionObject *>(value);
        const QString name = QString::fromUtf8(function->m_ml->ml_name);
        PyObject *self = function->m_self;
        if (!self || PyModule_Check(self))
            return QStringLiteral("<built-in function %1>").arg(name);
        return QStringLiteral("<built-in method %1 of %2 object>")
            .arg(name, qualName(Py_TYPE(self)));
    }
    const bool scalar = value == Py_None || value == Py_Ellipsis || PyBool_Check(value)
                        || PyLong_CheckExact(value) || PyFloat_CheckExact(value)
                        || PyComplex_CheckExact(value) || PyUnicode_CheckExact(value)
                        || PyBytes_CheckExact(value);
    if (scalar) {
        PyObject *repr = PyObject_Repr(value); // C code only: these types are exact
        if (!repr) {
            PyErr_Clear();
            return QStringLiteral("<%1>").arg(qualName(Py_TYPE(value)));
        }
        const QString text = toQString(repr);
        Py_DECREF(repr);
        return cut(text);
    }
    const bool list = PyList_CheckExact(value);
    if ((list || PyTuple_CheckExact(value)) && depth < 2) {
        const Py_ssize_t n = PySequence_Fast_GET_SIZE(value);
        QStringList items;
        for (Py_ssize_t i = 0; i < n && i < 6; ++i)
            items.append(safeRepr(PySequence_Fast_GET_ITEM(value, i), depth + 1));
        if (n > 6)
            items.append(QStringLiteral("…"));
        QString inner = items.join(QStringLiteral(", "));
        if (!list && n == 1)
            inner += QLatin1Char(',');
        return cut(list ? QStringLiteral("[%1]").arg(inner) : QStringLiteral("(%1)").arg(inner));
    }
    if (PyDict_CheckExact(value) && depth < 2) {
        QStringList items;
        PyObject *key = nullptr, *item = nullptr;
        Py_ssize_t position = 0;
        while (PyDict_Next(value, &position, &key, &item) && items.size() < 4)
            items.append(safeRepr(key, depth + 1) + QStringLiteral(": ")
                         + safeRepr(item, depth + 1));
        if (PyDict_GET_SIZE(value) > 4)
            items.append(QStringLiteral("…"));
        return cut(QStringLiteral("{%1}").arg(items.join(QStringLiteral(", "))));
    }
    if (PyObject_TypeCheck(value, &PyClassMethod_Type)
        || PyObject_TypeCheck(value, &PyStaticMethod_Type)
        || PyObject_TypeCheck(value, &PyProperty_Type)) {
        return QStringLiteral("<%1>").arg(qualName(Py_TYPE(value)));
    }
    return QStringLiteral("<%1 object>").arg(qualName(Py_TYPE(value)));
}

/** What NS's storage holds for KEY, if NS is a dict (or a dict subclass): read without running
 *  any of a subclass's methods. */
PyObject *storedValue(PyObject *ns, PyObject *key)
{
    if (!PyDict_Check(ns))
        return nullptr;
    PyObject *value = PyDict_GetItemWithError(ns, key); // the dict's own storage
    if (!value)
        PyErr_Clear();
    return value;
}

PyObject *frameLocal(PyFrameObject *frame, PyCodeObject *code, int position)
{
    PyObject *names = PyCode_GetVarnames(code);
    PyObject *locals = PyFrame_GetLocals(frame);
    PyObject *value = nullptr;
    if (names && locals && PyDict_Check(locals) && PyTuple_GET_SIZE(names) > position) {
        value = PyDict_GetItemWithError(locals, PyTuple_GET_ITEM(names, position));
        Py_XINCREF(value);
    }
    Py_XDECREF(names);
    Py_XDECREF(locals);
    if (!value)
        PyErr_Clear();
    return value;
}

QJsonArray typeNames(PyObject *tuple)
{
    QJsonArray names;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(tuple); ++i)
        names.append(PyType_Check(PyTuple_GET_ITEM(tuple, i))
                         ? qualName(reinterpret_cast<PyTypeObject *>(PyTuple_GET_ITEM(tuple, i)))
                         : safeRepr(PyTuple_GET_ITEM(tuple, i)));
    return names;
}
} // namespace PyRunner
