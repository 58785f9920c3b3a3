// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "runrequest.h"

#include <kit/jsonio.h>

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QTextStream>

#include <algorithm>

namespace PyRunner {

using namespace Protocol;

using namespace Kit;

QJsonObject RunRequest::toMessage(int id) const
{
    return {{key(Key::Id), id},
            {key(Key::Mode), QLatin1String(modeId(mode))},
            {key(Key::SourceBase64), QString::fromLatin1(source.toBase64())},
            {key(Key::Filename), filename},
            {key(Key::TimeoutMs), timeoutMs},
            {key(Key::MaxSteps), classes.maxSteps},
            {key(Key::KeepSteps), std::min(classes.keepSteps, classes.maxSteps)},
            {key(Key::MaxOutput), maxOutputChars},
            {key(Key::MemoryMb), memoryMb},
            {key(Key::SwitchIntervalMs), threads.switchIntervalMs},
            {key(Key::MaxChanges), threads.maxChanges},
            {key(Key::Env), env}};
}

RunRequest RunRequest::fromMessage(const QJsonObject &message)
{
    RunRequest r;
    auto value = [&](const char *name) {
        return message.value(key(name));
    };
    r.mode = modeFromId(value(Key::Mode).toString()).value_or(Mode::Classes);
    r.source = QByteArray::fromBase64(value(Key::SourceBase64).toString().toLatin1());
    r.filename = value(Key::Filename).toString();
    r.timeoutMs = value(Key::TimeoutMs).toInt(r.timeoutMs);
    r.maxOutputChars = value(Key::MaxOutput).toInt(r.maxOutputChars);
    r.memoryMb = value(Key::MemoryMb).toInt(r.memoryMb);
    r.env = value(Key::Env).toObject();
    r.classes.maxSteps = value(Key::MaxSteps).toInt(r.classes.maxSteps);
    r.classes.keepSteps = value(Key::KeepSteps).toInt(r.classes.maxSteps);
    r.threads.switchIntervalMs = value(Key::SwitchIntervalMs).toDouble(0);
    r.threads.maxChanges = value(Key::MaxChanges).toInt(r.threads.maxChanges);
    return r;
}

std::optional<RunRequest> programRequest(const QCommandLineParser &parser,
                                         const QCommandLineOption &timeout,
                                         const QString &command,
                                         QTextStream &err)
{
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1) {
        err << command << ": give exactly one FILE.py (got " << files.size() << ")\n";
        return std::nullopt;
    }
    bool ok = false;
    const double seconds = parser.value(timeout).toDouble(&ok);
    if (!ok || !(seconds > 0 && seconds <= 600)) { // written so that NaN fails too
        err << command << ": invalid --timeout '" << parser.value(timeout).left(40)
            << "': give seconds, more than 0 and at most 600\n";
        return std::nullopt;
    }
    QString readError;
    const std::optional<QByteArray> source
        = JsonIo::readFile(files.first(), &readError, RunRequest::MaxSourceBytes);
    if (!source) {
        err << command << ": " << readError << " (Curtain runs programs up to "
            << RunRequest::MaxSourceBytes / (1 << 20) << " MiB)\n";
        return std::nullopt;
    }
    RunRequest request;
    request.source = *source;
    request.filename = QFileInfo(files.first()).absoluteFilePath();
    request.timeoutMs = int(seconds * 1000);
    return request;
}

} // namespace PyRunner
