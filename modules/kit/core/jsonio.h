// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

class QTextStream;

namespace Kit {

/** Reading and writing JSON with errors a person can act on. */
namespace JsonIo {

/** Parses TEXT as one JSON object; on failure *error reads "SOURCE:LINE:COLUMN: what is wrong".
 *  A key given twice in one object is an error too (JSON parsers silently keep the last). */
std::optional<QJsonObject>
parseObject(const QByteArray &text, const QString &source, QString *error);

/** The largest file readFile() takes unless told otherwise. */
constexpr qint64 DefaultMaxFileBytes = 64ll << 20;

/** The bytes of the file PATH, at most MAXBYTES of them: a larger file (or an endless one such
 *  as /dev/zero) is refused with *error naming it and the limit, after reading no more. */
std::optional<QByteArray>
readFile(const QString &path, QString *error, qint64 maxBytes = DefaultMaxFileBytes);

/** Reads the file PATH as one JSON object; *error names the file (and line) on failure. */
std::optional<QJsonObject>
readObjectFile(const QString &path, QString *error, qint64 maxBytes = DefaultMaxFileBytes);

/** Writes OBJECT to PATH atomically (QSaveFile): the old file survives any failure. */
bool writeObjectFile(const QString &path, const QJsonObject &object, QString *error);

/** Prints OBJECT as indented JSON on OUT: straight to its device when it has one (a command's
 *  stdout: no round trip through UTF-16), else through the stream (a test's string). */
void print(QTextStream &out, const QJsonObject &object);

/** Sets the value at the dotted PATH ("pool.autoscale.max") in ROOT, creating objects on the way.
 */
void setPath(QJsonObject &root, const QString &path, const QJsonValue &value);
/** The value at the dotted PATH in ROOT (undefined when any part is missing). */
QJsonValue valueAt(const QJsonObject &root, const QString &path);
/** Removes the value at the dotted PATH from ROOT. */
void removePath(QJsonObject &root, const QString &path);

/** The first key that appears twice in one object of the valid JSON TEXT: the key and the byte
 *  offset of its second appearance. */
std::optional<std::pair<QString, qsizetype>> findDuplicateKey(const QByteArray &text);

/** VALUE as compact JSON for a message, cut to about MAXCHARS with an ellipsis: a bad value is
 *  shown, never echoed whole. */
QString excerpt(const QJsonValue &value, int maxChars = 40);

/** The 1-based line and column of byte OFFSET in TEXT. */
std::pair<int, int> lineAndColumn(const QByteArray &text, qsizetype offset);

} // namespace JsonIo

} // namespace Kit
