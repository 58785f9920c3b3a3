// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <optional>

namespace PyRunner {

/**
 * What curtain-runner answered for one program, as it said it: a classes run's steps, a threads
 * run's recording, the program's output and how it ended. Class Forge and Scheduler Lab turn it
 * into their own pictures; nothing here is interpreted.
 */
struct RunResult
{
    QString python;   // the interpreter's version ("3.11.2")
    QJsonArray steps; // classes: [{index, kind, class, line, detail, stdout_chars, stderr_chars}]
    QJsonObject threads; // threads: what the recorder recorded
    // threads: its changes, Protocol::PackedChange records (the answer's "changes_packed",
    // decoded; taken out of THREADS by readAnswer()). Empty when THREADS has them itself.
    QByteArray threadChanges;
    QString stdoutText;
    QString stderrText;
    bool stdoutTruncated = false;
    bool stderrTruncated = false;
    qint64 stepsOmitted = 0;          // steps past the ones kept
    std::optional<QJsonObject> error; // {type, message, line, traceback[, offset]}

    /** Reads the runner's answer. */
    static RunResult fromMessage(const QJsonObject &message);
    /**
     * The runner's answer LINE (one line of JSON) as a message, with its threads' packed changes
     * taken out and decoded into *CHANGES (for threadChanges): tens of megabytes of base64 a JSON
     * parser would copy three times over. Left in when they cannot be decoded.
     */
    static QJsonObject readAnswer(const QByteArray &line, QByteArray *changes);
    /** The answer as the runner sends it (without "id"). */
    QJsonObject toMessage() const;
    /** A run that is only an error of TYPE (Protocol::ErrorType), ending with an error step. */
    static RunResult failure(const QString &type, const QString &message);
    /** The error type, or an empty string when the program finished. */
    QString errorType() const;
};

} // namespace PyRunner

Q_DECLARE_METATYPE(PyRunner::RunResult)
