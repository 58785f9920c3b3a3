// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "tracecommand.h"

#include "runnerclient.h"

#include <jsonio.h>
#include <paths.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

#include <cmath>

namespace {

int runTraceClass(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     QStringLiteral("Stop the program after SECONDS (default 3)."),
                                     QStringLiteral("SECONDS"),
                                     QStringLiteral("3"));
    const QCommandLineOption maxSteps(
        QStringLiteral("max-steps"),
        QStringLiteral("Stop the trace after N steps (default 20000); "
                       "past 100000 they are counted, not listed."),
        QStringLiteral("N"),
        QStringLiteral("20000"));
    parser.addOption(timeout);
    parser.addOption(maxSteps);
    parser.addPositionalArgument(QStringLiteral("FILE.py"),
                                 QStringLiteral("The program to trace."));
    if (!parser.parse(QStringList{QStringLiteral("curtain trace-class")} + args)) {
        err << "curtain trace-class: " << parser.errorText() << '\n';
        return Subcommand::UsageError;
    }
    std::optional<TraceRequest> request
        = programRequest(parser, timeout, QStringLiteral("curtain trace-class"), err);
    if (!request)
        return Subcommand::UsageError;
    bool ok = false;
    const double steps = parser.value(maxSteps).toDouble(&ok);
    if (!ok || !(steps >= 1 && steps <= 1e9) || steps != std::floor(steps)) {
        err << "curtain trace-class: invalid --max-steps '" << parser.value(maxSteps).left(40)
            << "': give a whole number from 1 to 1000000000\n";
        return Subcommand::UsageError;
    }
    QString helperError;
    const QString runner = Paths::helperPath(
        QCoreApplication::applicationDirPath(), QStringLiteral("curtain-runner"), &helperError);
    request->maxSteps = int(steps);
    request->keepSteps = std::min(request->maxSteps, 100000);
    const Trace trace = runner.isEmpty()
                            ? Trace::failure(QStringLiteral("RunnerMissing"), helperError)
                            : RunnerClient(runner).traceAndWait(*request);
    out << QJsonDocument(trace.toJson(parser.positionalArguments().first()))
               .toJson(QJsonDocument::Indented);
    return 0;
}

} // namespace

std::optional<TraceRequest> programRequest(const QCommandLineParser &parser,
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
        = JsonIo::readFile(files.first(), &readError, TraceRequest::MaxSourceBytes);
    if (!source) {
        err << command << ": " << readError << " (Curtain runs programs up to "
            << TraceRequest::MaxSourceBytes / (1 << 20) << " MiB)\n";
        return std::nullopt;
    }
    TraceRequest request;
    request.source = *source;
    request.filename = QFileInfo(files.first()).absoluteFilePath();
    request.timeoutMs = int(seconds * 1000);
    return request;
}

Subcommand traceClassSubcommand()
{
    return {QStringLiteral("trace-class"),
            QStringLiteral("trace-class FILE.py [--timeout SECONDS] [--max-steps N]"),
            QStringLiteral("Run FILE.py in CPython and print every step of class and instance "
                           "creation as JSON"),
            &runTraceClass};
}
