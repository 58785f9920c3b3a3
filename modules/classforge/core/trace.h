// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <protocol/protocol.h>
#include <pyrunner/runresult.h>

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace ClassForge {

/** One thing CPython did while building classes and instances. */
struct TraceStep
{
    int index = 0;
    Protocol::StepKind kind = Protocol::StepKind::Error;
    QString className; // the __qualname__ the step is about; empty when none
    int line = 0;
    QJsonObject detail;
    QString narration; // plain English, filled by Narrator
    // How much of stdout and stderr the program had written when the step happened (-1: not
    // known, for traces from before the runner said).
    qint64 stdoutChars = -1;
    qint64 stderrChars = -1;

    /** The kind's id, as in JSON ("determine_metaclass"). */
    QString kindId() const { return QLatin1String(Protocol::stepKindId(kind)); }
    /** Whether the call this step shows raised (or the program stopped here). */
    bool failed() const
    {
        return kind == Protocol::StepKind::Error || kind == Protocol::StepKind::ProcessLimit
               || detail.contains(QLatin1String("raised"));
    }
    /** detail[KEY] as a string. */
    QString text(const char *key) const { return detail.value(QLatin1String(key)).toString(); }
};

/** The outcome of tracing one program: its steps, its output and how it ended. */
struct Trace
{
    QString python;
    QList<TraceStep> steps;
    QString stdoutText;
    QString stderrText;
    bool stdoutTruncated = false;
    bool stderrTruncated = false;
    qint64 stepsOmitted = 0; // steps past the ones kept (a long program traced from the CLI)
    std::optional<QJsonObject> error; // {type, message, line, traceback[, offset]}

    /** The class steps of the runner's answer, with their narration. */
    static Trace fromResult(const PyRunner::RunResult &result);
    /** A trace that is only an error of TYPE (e.g. "Timeout", "RunnerCrashed"). */
    static Trace failure(const QString &type, const QString &message);
    /** The `curtain trace-class` document for FILE. */
    QJsonObject toJson(const QString &file) const;
    /** The error type, or an empty string when the program finished. */
    QString errorType() const;
};

} // namespace ClassForge

Q_DECLARE_METATYPE(ClassForge::Trace)
