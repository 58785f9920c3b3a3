// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "trace.h"

#include "narrator.h"

#include <QJsonArray>

namespace ClassForge {

Trace Trace::fromResult(const PyRunner::RunResult &result)
{
    using Protocol::Key::Class;
    using Protocol::Key::Detail;
    using Protocol::Key::Kind;
    using Protocol::Key::Line;
    using Protocol::Key::StderrChars;
    using Protocol::Key::StdoutChars;
    Trace trace;
    trace.python = result.python;
    trace.stdoutText = result.stdoutText;
    trace.stderrText = result.stderrText;
    trace.stdoutTruncated = result.stdoutTruncated;
    trace.stderrTruncated = result.stderrTruncated;
    trace.stepsOmitted = result.stepsOmitted;
    trace.error = result.error;
    for (const QJsonValue value : result.steps) {
        const QJsonObject step = value.toObject();
        TraceStep s;
        s.index = int(trace.steps.size());
        const QString kind = step.value(QLatin1String(Kind)).toString();
        const std::optional<Protocol::StepKind> known = Protocol::stepKindFromId(kind);
        s.kind = known.value_or(Protocol::StepKind::Error);
        s.className = step.value(QLatin1String(Class)).toString();
        s.line = step.value(QLatin1String(Line)).toInt();
        s.detail = step.value(QLatin1String(Detail)).toObject();
        if (!known) {
            // A runner newer than this app: say so rather than guess what the step means.
            s.detail = {{Protocol::key(Protocol::Key::Type), QStringLiteral("UnknownStep")},
                        {Protocol::key(Protocol::Key::Message),
                         QStringLiteral("the runner reported a step of an unknown kind '%1'")
                             .arg(kind.left(40))}};
        }
        s.stdoutChars = step.value(QLatin1String(StdoutChars)).toInteger(-1);
        s.stderrChars = step.value(QLatin1String(StderrChars)).toInteger(-1);
        s.narration = Narrator::narrate(s);
        trace.steps.append(s);
    }
    return trace;
}

Trace Trace::failure(const QString &type, const QString &message)
{
    return fromResult(PyRunner::RunResult::failure(type, message));
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
                         {QStringLiteral("kind"), step.kindId()},
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

} // namespace ClassForge
