// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace Kit {

/** A lesson (Class Forge's or Your Python's): a Python file whose opening comment introduces it. */
struct Lesson
{
    QString path;
    QString title; // from the file name: "04_enforcer.py" -> "Enforcer"
    QString intro; // the opening comment block, without the #s
    QByteArray source;

    /** Reads PATH; *error names the file on failure. */
    static std::optional<Lesson> load(const QString &path, QString *error);
};

/** The lessons in DIRECTORY (*.py), in file-name order. */
QList<Lesson> loadLessons(const QString &directory, QStringList *errors = nullptr);

} // namespace Kit
