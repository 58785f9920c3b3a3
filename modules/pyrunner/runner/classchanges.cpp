// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "classchanges.h"

#include "pyobjects.h"

#include <QJsonArray>

namespace PyRunner {

Snapshot Snapshot::of(PyObject *mapping)
{
    Snapshot snapshot;
    PyObject *dict = mapping;
    if (mapping && PyType_Check(mapping))
        dict = reinterpret_cast<PyTypeObject *>(mapping)->tp_dict;
    if (!dict || !PyDict_Check(dict))
        return snapshot;
    PyObject *key = nullptr;
    PyObject *value = nullptr;
    Py_ssize_t position = 0;
    while (PyDict_Next(dict, &position, &key, &value)) {
        if (!PyUnicode_Check(key))
            continue;
        Py_INCREF(value);
        snapshot.m_items.emplace_back(toQString(key), value);
    }
    return snapshot;
}

Snapshot::~Snapshot()
{
    release();
}

Snapshot::Snapshot(const Snapshot &other)
    : m_items(other.m_items)
{
    for (auto &item : m_items)
        Py_INCREF(item.second);
}

Snapshot &Snapshot::operator=(const Snapshot &other)
{
    if (this != &other) {
        Snapshot copy(other);
        std::swap(m_items, copy.m_items);
    }
    return *this;
}

Snapshot::Snapshot(Snapshot &&other) noexcept
    : m_items(std::move(other.m_items))
{
    other.m_items.clear();
}

Snapshot &Snapshot::operator=(Snapshot &&other) noexcept
{
    if (this != &other) {
        release();
        m_items = std::move(other.m_items);
        other.m_items.clear();
    }
    return *this;
}

void Snapshot::release()
{
    for (auto &item : m_items)
        Py_DECREF(item.second);
    m_items.clear();
}

PyObject *Snapshot::value(const QString &name) const
{
    for (const auto &[key, value] : m_items) {
        if (key == name)
            return value;
    }
    return nullptr;
}

QJsonObject Snapshot::difference(const Snapshot &before, const Snapshot &after)
{
    QJsonArray added;
    QJsonArray replaced;
    QJsonArray removed;
    for (const auto &[name, value] : after.m_items) {
        PyObject *old = before.value(name);
        if (!old)
            added.append(QJsonObject{{QStringLiteral("name"), name},
                                     {QStringLiteral("value"), safeRepr(value)}});
        else if (old != value)
            replaced.append(QJsonObject{{QStringLiteral("name"), name},
                                        {QStringLiteral("value"), safeRepr(value)},
                                        {QStringLiteral("was"), safeRepr(old)}});
    }
    for (const auto &[name, value] : before.m_items) {
        if (!after.value(name))
            removed.append(QJsonObject{{QStringLiteral("name"), name},
                                       {QStringLiteral("value"), safeRepr(value)}});
    }
    QJsonObject changes;
    if (!added.isEmpty())
        changes.insert(QStringLiteral("added"), added);
    if (!removed.isEmpty())
        changes.insert(QStringLiteral("removed"), removed);
    if (!replaced.isEmpty())
        changes.insert(QStringLiteral("replaced"), replaced);
    return changes;
}

} // namespace PyRunner
