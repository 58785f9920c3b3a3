// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "classchanges.h"

#include <algorithm>

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

QJsonObject Snapshot::merged(const QJsonObject &first, const QJsonObject &then)
{
    if (first.isEmpty() || then.isEmpty()) {
        QJsonObject one = first.isEmpty() ? then : first;
        return one;
    }
    static const QString kinds[]
        = {QStringLiteral("added"), QStringLiteral("removed"), QStringLiteral("replaced")};
    struct Entry
    {
        QString kind;
        QJsonObject item;
    };
    std::vector<std::pair<QString, Entry>> entries; // by name, in the order first seen
    auto find = [&](const QString &name) {
        return std::find_if(
            entries.begin(), entries.end(), [&](const auto &e) { return e.first == name; });
    };
    for (const QString &kind : kinds) {
        for (const QJsonValue v : first.value(kind).toArray()) {
            const QJsonObject item = v.toObject();
            entries.push_back({item.value(QStringLiteral("name")).toString(), {kind, item}});
        }
    }
    for (const QString &kind : kinds) {
        for (const QJsonValue v : then.value(kind).toArray()) {
            const QJsonObject item = v.toObject();
            const QString name = item.value(QStringLiteral("name")).toString();
            const auto it = find(name);
            if (it == entries.end()) {
                entries.push_back({name, {kind, item}});
                continue;
            }
            Entry &e = it->second;
            if (e.kind == QLatin1String("added")) {
                if (kind == QLatin1String("removed"))
                    entries.erase(it); // added, then taken out: nothing is left of it
                else
                    e.item.insert(QStringLiteral("value"), item.value(QStringLiteral("value")));
            } else if (e.kind == QLatin1String("removed")) {
                // Taken out, then put back: what it held before, replaced.
                e = {QStringLiteral("replaced"),
                     QJsonObject{{QStringLiteral("name"), name},
                                 {QStringLiteral("value"), item.value(QStringLiteral("value"))},
                                 {QStringLiteral("was"), e.item.value(QStringLiteral("value"))}}};
            } else if (kind == QLatin1String("removed")) {
                e = {QStringLiteral("removed"),
                     QJsonObject{{QStringLiteral("name"), name},
                                 {QStringLiteral("value"), e.item.value(QStringLiteral("was"))}}};
            } else {
                e.item.insert(QStringLiteral("value"), item.value(QStringLiteral("value")));
            }
        }
    }
    QJsonObject result;
    for (const QString &kind : kinds) {
        QJsonArray list;
        for (const auto &[name, e] : entries) {
            if (e.kind == kind)
                list.append(e.item);
        }
        if (!list.isEmpty())
            result.insert(kind, list);
    }
    if (!result.isEmpty())
        result.insert(QStringLiteral("by"),
                      then.contains(QStringLiteral("by")) ? then.value(QStringLiteral("by"))
                                                          : first.value(QStringLiteral("by")));
    return result;
}

} // namespace PyRunner
