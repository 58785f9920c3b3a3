// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace ClassForge {

/**
 * CPython's C3 linearisation, written out row by row so a learner can follow it: each row shows
 * the lists still to merge and the head taken from them. For an impossible MRO the last row
 * names the heads that block each other, as CPython's TypeError does.
 */
struct C3Merge
{
    struct Row
    {
        QList<QStringList> lists; // what is left to merge, before this row's pick
        QString picked;           // empty in the failing row
    };

    QList<Row> rows;
    QStringList mro;
    bool ok = true;
    QStringList conflicting; // the heads that blocked each other when !ok

    /** Linearises CLS with BASES, where MROOF gives each base's own MRO. */
    static C3Merge compute(const QString &cls,
                           const QStringList &bases,
                           const std::function<QStringList(const QString &)> &mroOf);
};

} // namespace ClassForge
