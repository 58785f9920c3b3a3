// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "measurecommand.h"

#include <kit/jsonio.h>
#include <kit/paths.h>
#include <kit/stopsignals.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QSaveFile>

#include <optional>

#include <cmath>

namespace Scheduler {

using namespace Kit;

QString parseMeasureArguments(const QStringList &args,
                              MeasureOptions *options,
                              bool *baseline,
                              QString *tracePath)
{
    QCommandLineParser parser;
    const QCommandLineOption model(QStringLiteral("model"),
                                   QStringLiteral("threads|gil|processes|coroutines"),
                                   QStringLiteral("MODEL"),
                                   QStringLiteral("threads"));
    const QCommandLineOption workload(QStringLiteral("workload"),
                                      QStringLiteral("cpu|io|mixed|shared-dict|pipeline"),
                                      QStringLiteral("WORKLOAD"),
                                      QStringLiteral("cpu"));
    const QCommandLineOption workers(QStringLiteral("workers"),
                                     QStringLiteral("Workers."),
                                     QStringLiteral("N"),
                                     QStringLiteral("2"));
    const QCommandLineOption tasks(
        QStringLiteral("tasks"), QStringLiteral("Tasks."), QStringLiteral("T"));
    const QCommandLineOption taskMs(
        QStringLiteral("task-ms"), QStringLiteral("Task size."), QStringLiteral("MS"));
    const QCommandLineOption interval(QStringLiteral("switch-interval-ms"),
                                      QStringLiteral("GIL switch interval."),
                                      QStringLiteral("X"),
                                      QStringLiteral("5"));
    const QCommandLineOption blocking(QStringLiteral("blocking-io"),
                                      QStringLiteral("Blocking I/O."));
    const QCommandLineOption base(QStringLiteral("baseline"),
                                  QStringLiteral("Also run one worker."));
    const QCommandLineOption trace(
        QStringLiteral("trace"), QStringLiteral("Chrome trace file."), QStringLiteral("FILE.json"));
    parser.addOptions({model, workload, workers, tasks, taskMs, interval, blocking, base, trace});
    if (!parser.parse(QStringList{QStringLiteral("curtain measure")} + args)) {
        const QStringList unknown = parser.unknownOptionNames();
        return unknown.isEmpty() ? parser.errorText()
                                 : QStringLiteral("unknown option '--%1'").arg(unknown.first());
    }
    if (!parser.positionalArguments().isEmpty())
        return QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first());

    const auto m = modelFromId(parser.value(model));
    if (!m) {
        return QStringLiteral("invalid --model '%1': use threads, gil, processes or coroutines")
            .arg(parser.value(model));
    }
    const auto w = workloadFromId(parser.value(workload));
    if (!w) {
        return QStringLiteral(
                   "invalid --workload '%1': use cpu, io, mixed, shared-dict or pipeline")
            .arg(parser.value(workload));
    }
    options->model = *m;
    options->workload = *w;
    auto number = [&parser](const QCommandLineOption &option, double *out) -> QString {
        if (!parser.isSet(option) && option.defaultValues().isEmpty())
            return {};
        bool ok = false;
        const double value = parser.value(option).toDouble(&ok);
        if (!ok || !std::isfinite(value))
            return QStringLiteral("invalid --%1 '%2': give a number")
                .arg(option.names().first(), parser.value(option));
        *out = value;
        return {};
    };
    // Whole numbers are checked as numbers first: 1e300 is a number, but no worker count.
    auto whole = [&parser, &number](
                     const QCommandLineOption &option, int min, int max, int *out) -> QString {
        double n = 0;
        if (QString e = number(option, &n); !e.isEmpty())
            return e;
        if (!parser.isSet(option) && option.defaultValues().isEmpty())
            return {};
        if (n != std::floor(n) || n < min || n > max)
            return QStringLiteral("invalid --%1 '%2': give a whole number from %3 to %4")
                .arg(option.names().first(), parser.value(option))
                .arg(min)
                .arg(max);
        *out = int(n);
        return {};
    };
    if (QString e = whole(workers, 1, MeasureOptions::MaxWorkers, &options->workers); !e.isEmpty())
        return e;
    if (QString e = whole(tasks, 1, MeasureOptions::MaxTasks, &options->tasks); !e.isEmpty())
        return e;
    double n = 0;
    if (QString e = number(taskMs, &n); !e.isEmpty())
        return e;
    if (parser.isSet(taskMs) && (n <= 0 || n > MeasureOptions::MaxTaskMs))
        return QStringLiteral("invalid --task-ms '%1': give more than 0 and at most %2")
            .arg(parser.value(taskMs))
            .arg(MeasureOptions::MaxTaskMs);
    options->taskMs = n;
    if (QString e = number(interval, &options->switchIntervalMs); !e.isEmpty())
        return e;
    options->blockingIo = parser.isSet(blocking);
    *baseline = parser.isSet(base);
    *tracePath = parser.value(trace);
    return options->problem();
}

namespace {

int runMeasure(const QStringList &args, QTextStream &out, QTextStream &err)
{
    MeasureOptions options;
    options.workerPath = Paths::helperPath(
        QCoreApplication::applicationDirPath(), QStringLiteral("curtain-worker"), nullptr);
    bool baseline = false;
    QString tracePath;
    if (const QString problem = parseMeasureArguments(args, &options, &baseline, &tracePath);
        !problem.isEmpty()) {
        err << "curtain measure: " << problem << '\n';
        return Subcommand::UsageError;
    }
    // Check the trace can be written before spending the run on it.
    std::optional<QSaveFile> traceFile;
    if (!tracePath.isEmpty()) {
        traceFile.emplace(tracePath);
        if (!traceFile->open(QIODevice::WriteOnly)) {
            err << "curtain measure: cannot write --trace " << tracePath << ": "
                << traceFile->errorString() << '\n';
            return Subcommand::UsageError;
        }
    }
    options.record = true;
    const StopOnSignals stopOnSignals;
    const RunRecord run = runMeasurement(options, &stopOnSignals.flag());
    if (!run.error.isEmpty()) {
        err << "curtain measure: " << run.error << '\n';
        return 1;
    }
    QJsonObject json = run.toJson();
    if (stopOnSignals.stopped())
        json.insert(QStringLiteral("stopped"), true);
    if (baseline && !stopOnSignals.stopped()) {
        MeasureOptions one = options;
        one.workers = 1;
        one.tasks = run.tasks;
        if (one.workload == Workload::Mixed)
            one.workers = 2; // one computing, one doing I/O: the smallest mixed run
        const RunRecord single = runMeasurement(one, &stopOnSignals.flag());
        if (single.error.isEmpty() && !single.stopped && run.wallMs > 0) {
            json.insert(QStringLiteral("baseline_wall_ms"), single.wallMs);
            json.insert(QStringLiteral("speedup"), single.wallMs / run.wallMs);
        }
    }
    if (traceFile) {
        if (!writeChromeTrace(run, &*traceFile) || !traceFile->commit()) {
            err << "curtain measure: cannot write --trace " << tracePath << ": "
                << traceFile->errorString() << '\n';
            return 1;
        }
    }
    JsonIo::print(out, json);
    // Stopped by a signal: the partial result is printed, and the exit status says why.
    if (stopOnSignals.stopped())
        return 128 + stopOnSignals.signal();
    return 0;
}

} // namespace

Subcommand measureSubcommand()
{
    return {
        QStringLiteral("measure"),
        QStringLiteral("measure --model threads|gil|processes|coroutines --workload "
                       "cpu|io|mixed|shared-dict|pipeline --workers N [--tasks T] [--task-ms MS] "
                       "[--switch-interval-ms X] [--blocking-io] [--baseline] [--trace FILE.json]"),
        QStringLiteral("Run real work under a scheduling model and print what it measured"),
        &runMeasure};
}

} // namespace Scheduler
