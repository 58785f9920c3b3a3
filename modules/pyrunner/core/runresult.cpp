// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "runresult.h"

#include <protocol/protocol.h>

namespace PyRunner {

using namespace Protocol;

RunResult RunResult::fromMessage(const QJsonObject &message)
{
    RunResult r;
    auto value = [&](const char *name) {
        return message.value(key(name));
    };
    r.python = value(Key::Python).toString();
    r.steps = value(Key::Steps).toArray();
    r.threads = value(Key::Threads).toObject();
    r.stdoutText = value(Key::Stdout).toString();
    r.stderrText = value(Key::Stderr).toString();
    r.stdoutTruncated = value(Key::StdoutTruncated).toBool();
    r.stderrTruncated = value(Key::StderrTruncated).toBool();
    r.stepsOmitted = qint64(value(Key::StepsOmitted).toDouble());
    if (value(Key::Error).isObject())
        r.error = value(Key::Error).toObject();
    return r;
}

QJsonObject RunResult::toMessage() const
{
    QJsonObject message{{key(Key::Steps), steps},
                        {key(Key::Stdout), stdoutText},
                        {key(Key::Stderr), stderrText},
                        {key(Key::Error), error ? QJsonValue(*error) : QJsonValue()}};
    if (!python.isEmpty())
        message.insert(key(Key::Python), python);
    if (!threads.isEmpty())
        message.insert(key(Key::Threads), threads);
    if (stdoutTruncated)
        message.insert(key(Key::StdoutTruncated), true);
    if (stderrTruncated)
        message.insert(key(Key::StderrTruncated), true);
    if (stepsOmitted > 0)
        message.insert(key(Key::StepsOmitted), double(stepsOmitted));
    return message;
}

RunResult RunResult::failure(const QString &type, const QString &message)
{
    const QJsonObject error{{key(Key::Type), type},
                            {key(Key::Message), message},
                            {key(Key::Line), 0},
                            {key(Key::Traceback), QString()}};
    RunResult r;
    r.error = error;
    r.steps.append(QJsonObject{{key(Key::Index), 0},
                               {key(Key::Kind), QLatin1String(stepKindId(StepKind::Error))},
                               {key(Key::Class), QString()},
                               {key(Key::Line), 0},
                               {key(Key::Detail), error}});
    return r;
}

QString RunResult::errorType() const
{
    return error ? error->value(key(Key::Type)).toString() : QString();
}

} // namespace PyRunner
