#include "tracecommand.h"

#include "runnerclient.h"

#include <paths.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

namespace {

int runTraceClass(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     QStringLiteral("Stop the program after SECONDS (default 3)."),
                                     QStringLiteral("SECONDS"),
                                     QStringLiteral("3"));
    parser.addOption(timeout);
    parser.addPositionalArgument(QStringLiteral("FILE.py"),
                                 QStringLiteral("The program to trace."));
    if (!parser.parse(QStringList{QStringLiteral("curtain trace-class")} + args)) {
        err << "curtain trace-class: " << parser.errorText() << '\n';
        return Subcommand::UsageError;
    }
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1) {
        err << "curtain trace-class: give exactly one FILE.py (got " << files.size() << ")\n";
        return Subcommand::UsageError;
    }
    bool ok = false;
    const double seconds = parser.value(timeout).toDouble(&ok);
    if (!ok || seconds <= 0 || seconds > 600) {
        err << "curtain trace-class: invalid --timeout '" << parser.value(timeout)
            << "': give seconds, more than 0 and at most 600\n";
        return Subcommand::UsageError;
    }
    QFile file(files.first());
    if (!file.open(QIODevice::ReadOnly)) {
        err << "curtain trace-class: cannot read " << files.first() << ": " << file.errorString()
            << '\n';
        return Subcommand::UsageError;
    }

    QString helperError;
    const QString runner = Paths::helperPath(
        QCoreApplication::applicationDirPath(), QStringLiteral("curtain-runner"), &helperError);
    TraceRequest request;
    request.source = file.readAll();
    request.filename = QFileInfo(file).absoluteFilePath();
    request.timeoutMs = int(seconds * 1000);
    const Trace trace = runner.isEmpty()
                            ? Trace::failure(QStringLiteral("RunnerMissing"), helperError)
                            : RunnerClient(runner).traceAndWait(request);
    out << QJsonDocument(trace.toJson(files.first())).toJson(QJsonDocument::Indented);
    return 0;
}

} // namespace

Subcommand traceClassSubcommand()
{
    return {QStringLiteral("trace-class"),
            QStringLiteral("trace-class FILE.py [--timeout SECONDS]"),
            QStringLiteral("Run FILE.py in CPython and print every step of class and instance "
                           "creation as JSON"),
            &runTraceClass};
}
