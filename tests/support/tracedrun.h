// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

// A runner's answer in the form the runner tests read it: each step as the runner sent it (kind
// as its id, no narration: that is Class Forge's, tested there).

#include <protocol/protocol.h>
#include <pyrunner/runresult.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

struct RunStep
{
    QString kind;
    QString className;
    int line = 0;
    QJsonObject detail;
    qint64 stdoutChars = -1; // how much output there was when the step happened
    qint64 stderrChars = -1;

    QString text(const char *key) const { return detail.value(QLatin1String(key)).toString(); }
};

struct TracedRun
{
    QString python;
    QList<RunStep> steps;
    QString stdoutText;
    QString stderrText;
    bool stdoutTruncated = false;
    bool stderrTruncated = false;
    std::optional<QJsonObject> error;
    QJsonObject threads;
    QByteArray threadChanges; // the threads' packed changes (Protocol::PackedChange records)

    TracedRun() = default;
    explicit TracedRun(const PyRunner::RunResult &result)
        : python(result.python)
        , stdoutText(result.stdoutText)
        , stderrText(result.stderrText)
        , stdoutTruncated(result.stdoutTruncated)
        , stderrTruncated(result.stderrTruncated)
        , error(result.error)
        , threads(result.threads)
        , threadChanges(result.threadChanges)
    {
        using namespace Protocol;
        for (const QJsonValue &value : result.steps) {
            const QJsonObject step = value.toObject();
            steps.append({step.value(QLatin1String(Key::Kind)).toString(),
                          step.value(QLatin1String(Key::Class)).toString(),
                          step.value(QLatin1String(Key::Line)).toInt(),
                          step.value(QLatin1String(Key::Detail)).toObject(),
                          step.value(QLatin1String(Key::StdoutChars)).toInteger(-1),
                          step.value(QLatin1String(Key::StderrChars)).toInteger(-1)});
        }
    }

    QString errorType() const
    {
        return error ? error->value(QLatin1String(Protocol::Key::Type)).toString() : QString();
    }

    /** The threads run's recording as the runner answered it (for PythonTrace::fromRunner). */
    PyRunner::RunResult threadsResult() const
    {
        PyRunner::RunResult result;
        result.threads = threads;
        result.threadChanges = threadChanges;
        return result;
    }
};
