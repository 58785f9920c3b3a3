#include "measurecommand.h"

#include <paths.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QSaveFile>

#include <cmath>

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
    double n = 0;
    if (QString e = number(workers, &n); !e.isEmpty())
        return e;
    options->workers = int(n);
    if (n != std::floor(n))
        return QStringLiteral("invalid --workers '%1': give a whole number")
            .arg(parser.value(workers));
    n = 0;
    if (QString e = number(tasks, &n); !e.isEmpty())
        return e;
    if (parser.isSet(tasks) && (n < 1 || n != std::floor(n)))
        return QStringLiteral("invalid --tasks '%1': give a whole number, 1 or more")
            .arg(parser.value(tasks));
    options->tasks = int(n);
    n = 0;
    if (QString e = number(taskMs, &n); !e.isEmpty())
        return e;
    if (parser.isSet(taskMs) && n <= 0)
        return QStringLiteral("invalid --task-ms '%1': give more than 0").arg(parser.value(taskMs));
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
    options.record = !tracePath.isEmpty() || true;
    const RunResult run = runMeasurement(options);
    if (!run.error.isEmpty()) {
        err << "curtain measure: " << run.error << '\n';
        return 1;
    }
    QJsonObject json = run.toJson();
    if (baseline) {
        MeasureOptions one = options;
        one.workers = 1;
        one.tasks = run.tasks;
        if (one.workload == Workload::Mixed)
            one.workers = 2; // one computing, one doing I/O: the smallest mixed run
        const RunResult single = runMeasurement(one);
        if (single.error.isEmpty() && run.wallMs > 0) {
            json.insert(QStringLiteral("baseline_wall_ms"), single.wallMs);
            json.insert(QStringLiteral("speedup"), single.wallMs / run.wallMs);
        }
    }
    if (!tracePath.isEmpty()) {
        QSaveFile file(tracePath);
        if (!file.open(QIODevice::WriteOnly) || file.write(chromeTrace(run)) < 0
            || !file.commit()) {
            err << "curtain measure: cannot write --trace " << tracePath << ": "
                << file.errorString() << '\n';
            return 1;
        }
    }
    out << QJsonDocument(json).toJson(QJsonDocument::Indented);
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
