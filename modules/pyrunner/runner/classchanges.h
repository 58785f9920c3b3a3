// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

// What a class holds at one moment, and what changed between two moments: what each metaclass,
// hook and decorator added, removed or replaced on a class.

#include <Python.h> // first: Qt's keywords would break it (this target sets QT_NO_KEYWORDS)

#include <QJsonObject>
#include <QString>

#include <utility>
#include <vector>

namespace PyRunner {

/** A mapping's names and values (strong references), in its own order. */
class Snapshot
{
public:
    Snapshot() = default;
    /** What MAPPING (a dict, or a class's own dict) holds now; read without running code. */
    static Snapshot of(PyObject *mapping);
    ~Snapshot();
    Snapshot(const Snapshot &other);
    Snapshot &operator=(const Snapshot &other);
    Snapshot(Snapshot &&other) noexcept;
    Snapshot &operator=(Snapshot &&other) noexcept;

    bool isEmpty() const { return m_items.empty(); }
    /** The value held under NAME (borrowed), or null. */
    PyObject *value(const QString &name) const;

    /**
     * What changed from BEFORE to AFTER: {"added": [{name, value}], "removed": [{name}],
     * "replaced": [{name, value}]} (a replaced name holds another object now); empty lists are
     * left out, so no change is an empty object.
     */
    static QJsonObject difference(const Snapshot &before, const Snapshot &after);
    /** FIRST, then THEN (two differences by one hand, with another's work between them), as one
     *  difference: a name added then replaced is added, added then removed is no change. */
    static QJsonObject merged(const QJsonObject &first, const QJsonObject &then);

private:
    void release();
    std::vector<std::pair<QString, PyObject *>> m_items;
};

} // namespace PyRunner
