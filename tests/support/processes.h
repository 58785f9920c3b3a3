// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QDir>
#include <QFile>
#include <QString>

#include <unistd.h>

/** How many processes this (test) process has as its children, read off /proc. */
inline int childProcessCount()
{
    int count = 0;
    const QString me = QString::number(::getpid());
    for (const QString &pid : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> fields = stat.readAll().split(')').value(1).split(' ');
        if (fields.size() > 2 && QString::fromLatin1(fields.at(2)) == me)
            ++count;
    }
    return count;
}

/** Whether process PID exists and is not a zombie, read off /proc. */
inline bool processAlive(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QList<QByteArray> fields = stat.readAll().split(')').value(1).split(' ');
    return fields.size() > 1 && fields.at(1) != "Z";
}
