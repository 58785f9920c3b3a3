// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "tracecommand.h"

#include "trace.h"

#include <pyrunner/runnerclient.h>
#include <pyrunner/runrequest.h>

#include <kit/jsonio.h>
#include <kit/paths.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

#include <cmath>

namespace ClassForge {

using namespace Kit;

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
    const QCommandLineOption memory(
        QStringLiteral("memory"),
        QStringLiteral("Let the program and its trace use at most MIB of memory (default 512)."),
        QStringLiteral("MIB"),
        QStringLiteral("512"));
    parser.addOption(timeout);
    parser.addOption(maxSteps);
    parser.addOption(memory);
    parser.addPositionalArgument(QStringLiteral("FILE.py"),
                                 QStringLiteral("The program to trace."));
    if (!parser.parse(QStringList{QStringLiteral("curtain trace-class")} + args)) {
        err << "curtain trace-class: " << parser.errorText() << '\n';
        return Subcommand::UsageError;
    }
    std::optional<PyRunner::RunRequest> request
        = PyRunner::programRequest(parser, timeout, QStringLiteral("curtain trace-class"), err);
    if (!request)
        return Subcommand::UsageError;
    bool ok = false;
    const double steps = parser.value(maxSteps).toDouble(&ok);
    if (!ok || !(steps >= 1 && steps <= 1e9) || steps != std::floor(steps)) {
        err << "curtain trace-class: invalid --max-steps '" << parser.value(maxSteps).left(40)
            << "': give a whole number from 1 to 1000000000\n";
        return Subcommand::UsageError;
    }
    const double mib = parser.value(memory).toDouble(&ok);
    if (!ok || !(mib >= 256 && mib <= 65536) || mib != std::floor(mib)) {
        err << "curtain trace-class: invalid --memory '" << parser.value(memory).left(40)
            << "': give whole MiB from 256 to 65536\n";
        return Subcommand::UsageError;
    }
    request->memoryMb = int(mib);
    QString helperError;
    const QString runner = Paths::helperPath(
        QCoreApplication::applicationDirPath(), QStringLiteral("curtain-runner"), &helperError);
    request->classes.maxSteps = int(steps);
    request->classes.keepSteps = std::min(request->classes.maxSteps, 100000);
    const Trace trace
        = runner.isEmpty()
              ? Trace::failure(QLatin1String(Protocol::ErrorType::RunnerMissing), helperError)
              : Trace::fromResult(PyRunner::RunnerClient(runner).runAndWait(*request));
    JsonIo::print(out, trace.toJson(parser.positionalArguments().first()));
    return 0;
}

} // namespace

Subcommand traceClassSubcommand()
{
    return {
        QStringLiteral("trace-class"),
        QStringLiteral("trace-class FILE.py [--timeout SECONDS] [--max-steps N] [--memory MIB]"),
        QStringLiteral("Run FILE.py in CPython and print every step of class and instance "
                       "creation as JSON"),
        &runTraceClass};
}

} // namespace ClassForge
