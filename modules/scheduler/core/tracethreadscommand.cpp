// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "tracethreadscommand.h"

#include "pythonnarration.h"
#include "pythontrace.h"

#include <kit/jsonio.h>
#include <kit/paths.h>
#include <pyrunner/runnerclient.h>
#include <pyrunner/runrequest.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

namespace Scheduler {

using namespace Kit;

namespace {

int runTraceThreads(const QStringList &args, QTextStream &out, QTextStream &err)
{
    const QString name = QStringLiteral("curtain trace-threads");
    QCommandLineParser parser;
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     QStringLiteral("Stop the program after SECONDS (default 10)."),
                                     QStringLiteral("SECONDS"),
                                     QStringLiteral("10"));
    const QCommandLineOption interval(
        QStringLiteral("switch-interval-ms"),
        QStringLiteral("sys.setswitchinterval before the program runs, in ms (default: "
                       "CPython's 5 ms; the program may set its own)."),
        QStringLiteral("MS"));
    const QCommandLineOption trace(QStringLiteral("trace"),
                                   QStringLiteral("Also write a Chrome/Perfetto trace to FILE."),
                                   QStringLiteral("FILE"));
    parser.addOption(timeout);
    parser.addOption(interval);
    parser.addOption(trace);
    parser.addPositionalArgument(QStringLiteral("FILE.py"), QStringLiteral("The program to run."));
    if (!parser.parse(QStringList{name} + args)) {
        err << name << ": " << parser.errorText() << '\n';
        return Subcommand::UsageError;
    }
    std::optional<PyRunner::RunRequest> request
        = PyRunner::programRequest(parser, timeout, name, err);
    if (!request)
        return Subcommand::UsageError;
    bool ok = false;
    double intervalMs = 0;
    if (parser.isSet(interval)) {
        intervalMs = parser.value(interval).toDouble(&ok);
        if (!ok || !(intervalMs >= 0.001 && intervalMs <= 1000)) {
            err << name << ": invalid --switch-interval-ms '" << parser.value(interval).left(40)
                << "': give milliseconds from 0.001 to 1000\n";
            return Subcommand::UsageError;
        }
    }
    // Checked before the run: a trace that cannot be written is said at once.
    std::optional<QSaveFile> traceFile;
    if (parser.isSet(trace)) {
        traceFile.emplace(parser.value(trace));
        if (!traceFile->open(QIODevice::WriteOnly)) {
            err << name << ": cannot write --trace " << parser.value(trace) << ": "
                << traceFile->errorString() << '\n';
            return Subcommand::UsageError;
        }
    }

    QString helperError;
    const QString runner = Paths::helperPath(
        QCoreApplication::applicationDirPath(), QStringLiteral("curtain-runner"), &helperError);
    if (runner.isEmpty()) {
        err << name << ": " << helperError << '\n';
        return 1;
    }
    request->mode = Protocol::Mode::Threads;
    request->threads.switchIntervalMs = intervalMs;
    const PyRunner::RunResult result = PyRunner::RunnerClient(runner).runAndWait(*request);
    QJsonObject document;
    QString error;
    std::optional<PythonTrace> threads = PythonTrace::fromRunner(result, &error);
    if (threads) {
        threads->run.program
            = QStringLiteral("%1 in CPython %2")
                  .arg(QFileInfo(parser.positionalArguments().first()).fileName(), result.python);
        document = threads->toJson(parser.positionalArguments().first());
        if (traceFile) {
            if (!writeChromeTrace(threads->run, &*traceFile) || !traceFile->commit()) {
                err << name << ": cannot write --trace " << parser.value(trace) << ": "
                    << traceFile->errorString() << '\n';
                return 1;
            }
        }
    } else {
        document.insert(QStringLiteral("file"), parser.positionalArguments().first());
        if (traceFile)
            traceFile->cancelWriting();
    }
    document.insert(QStringLiteral("python"), result.python);
    document.insert(QStringLiteral("stdout"), result.stdoutText);
    document.insert(QStringLiteral("stderr"), result.stderrText);
    document.insert(QStringLiteral("error"),
                    result.error ? QJsonValue(*result.error) : QJsonValue(QJsonValue::Null));
    // A lesson whose library is missing says which package brings it.
    if (const QString advice
        = result.error ? missingLibraryAdvice(
              result.errorType(), result.error->value(QStringLiteral("message")).toString())
                       : QString();
        !advice.isEmpty())
        document.insert(QStringLiteral("advice"), advice);
    JsonIo::print(out, document);
    return 0;
}

} // namespace

Subcommand traceThreadsSubcommand()
{
    return {QStringLiteral("trace-threads"),
            QStringLiteral("trace-threads FILE.py [--timeout SECONDS] [--switch-interval-ms MS] "
                           "[--trace OUT.json]"),
            QStringLiteral("Run FILE.py in CPython and print what each of its threads did and who "
                           "held the GIL, as JSON"),
            &runTraceThreads};
}

} // namespace Scheduler
