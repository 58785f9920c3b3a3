// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace Kit {

/** A learner's own Python program on disk: read whole (bounded), written atomically. */
namespace ProgramFile {

/** The largest program Curtain opens: a lesson is a few kilobytes. */
inline constexpr qint64 MaxBytes = 8 << 20;

/** The bytes of PATH; on failure nullopt and *ERROR names the file and says what to do. */
std::optional<QByteArray> read(const QString &path, QString *error);
/** Writes SOURCE to PATH all at once (a crash leaves the old file); *ERROR names the file. */
bool write(const QString &path, const QByteArray &source, QString *error);
/** "program.py" for a new, unsaved program, else PATH's file name. */
QString displayName(const QString &path);

} // namespace ProgramFile

} // namespace Kit
