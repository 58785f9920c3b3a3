// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "trace.h"

#include "narrator.h"

#include <QJsonArray>

Trace Trace::fromRunnerJson(const QJsonObject &object)
{
    Trace trace;
    trace.python = object.value(QStringLiteral("python")).toString();
    trace.stdoutText = object.value(QStringLiteral("stdout")).toString();
    trace.threads = object.value(QStringLiteral("threads")).toObject();
    trace.stderrText = object.value(QStringLiteral("stderr")).toString();
    trace.stdoutTruncated = object.value(QStringLiteral("stdout_truncated")).toBool();
    trace.stderrTruncated = object.value(QStringLiteral("stderr_truncated")).toBool();
    trace.stepsOmitted = qint64(object.value(QStringLiteral("steps_omitted")).toDouble());
    if (object.value(QStringLiteral("error")).isObject())
        trace.error = object.value(QStringLiteral("error")).toObject();
    const QJsonArray steps = object.value(QStringLiteral("steps")).toArray();
    for (const QJsonValue &value : steps) {
        const QJsonObject step = value.toObject();
        TraceStep s;
        s.index = int(trace.steps.size());
        s.kind = step.value(QStringLiteral("kind")).toString();
        s.className = step.value(QStringLiteral("class")).toString();
        s.line = step.value(QStringLiteral("line")).toInt();
        s.detail = step.value(QStringLiteral("detail")).toObject();
        s.stdoutChars = step.value(QStringLiteral("stdout_chars")).toInteger(-1);
        s.stderrChars = step.value(QStringLiteral("stderr_chars")).toInteger(-1);
        s.narration = Narrator::narrate(s);
        trace.steps.append(s);
    }
    return trace;
}

Trace Trace::failure(const QString &type, const QString &message)
{
    Trace trace;
    const QJsonObject error{{QStringLiteral("type"), type},
                            {QStringLiteral("message"), message},
                            {QStringLiteral("line"), 0},
                            {QStringLiteral("traceback"), QString()}};
    trace.error = error;
    TraceStep step;
    step.kind = QStringLiteral("error");
    step.detail = error;
    step.narration = Narrator::narrate(step);
    trace.steps.append(step);
    return trace;
}

QString Trace::errorType() const
{
    return error ? error->value(QStringLiteral("type")).toString() : QString();
}

QJsonObject Trace::toJson(const QString &file) const
{
    QJsonArray steps;
    for (const TraceStep &step : this->steps) {
        QJsonObject json{{QStringLiteral("index"), step.index},
                         {QStringLiteral("kind"), step.kind},
                         {QStringLiteral("class"), step.className},
                         {QStringLiteral("line"), step.line},
                         {QStringLiteral("detail"), step.detail},
                         {QStringLiteral("narration"), step.narration}};
        if (step.stdoutChars >= 0)
            json.insert(QStringLiteral("stdout_chars"), step.stdoutChars);
        if (step.stderrChars >= 0)
            json.insert(QStringLiteral("stderr_chars"), step.stderrChars);
        steps.append(json);
    }
    QJsonObject json{{QStringLiteral("file"), file},
                     {QStringLiteral("python"), python},
                     {QStringLiteral("steps"), steps},
                     {QStringLiteral("stdout"), stdoutText},
                     {QStringLiteral("stderr"), stderrText},
                     {QStringLiteral("stdout_truncated"), stdoutTruncated},
                     {QStringLiteral("stderr_truncated"), stderrTruncated},
                     {QStringLiteral("error"), error ? QJsonValue(*error) : QJsonValue()}};
    if (stepsOmitted > 0) {
        json.insert(QStringLiteral("steps_omitted"), double(stepsOmitted));
        json.insert(QStringLiteral("steps_total"), double(stepsOmitted + this->steps.size()));
    }
    return json;
}
