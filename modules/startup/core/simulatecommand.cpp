#include "simulatecommand.h"

#include "ormlab.h"
#include "scenario.h"
#include "simkernel.h"

#include <jsonio.h>

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>

#include <cmath>

namespace {

int runOrm(const QJsonObject &object, const QString &file, QTextStream &out, QTextStream &err)
{
    QString error;
    const auto spec = Scenario::parseOrm(object, file, &error);
    if (!spec) {
        err << "curtain simulate: " << error << '\n';
        return Subcommand::UsageError;
    }
    const QString path = spec->database.isEmpty() ? OrmLab::defaultPath() : spec->database;
    if (!OrmLab::open(path, QStringLiteral("curtain-simulate"), spec->size, &error)) {
        err << "curtain simulate: " << error << '\n';
        return 1;
    }
    QSqlDatabase db = QSqlDatabase::database(QStringLiteral("curtain-simulate"));
    const QList<OrmLab::Fetch> fetches{OrmLab::nPlusOne(db, spec->pageSize),
                                       OrmLab::join(db, spec->pageSize),
                                       OrmLab::rawSql(db, spec->pageSize)};
    QJsonArray strategies;
    bool same = true;
    for (const OrmLab::Fetch &f : fetches) {
        same = same && f.rows == fetches.first().rows;
        strategies.append(QJsonObject{
            {QStringLiteral("strategy"), f.strategy},
            {QStringLiteral("ms"), f.ms},
            {QStringLiteral("queries"), f.queries},
            {QStringLiteral("rows"), int(f.rows.size())},
            {QStringLiteral("first_queries"), QJsonArray::fromStringList(f.log.mid(0, 3))}});
    }
    out << QJsonDocument(QJsonObject{{QStringLiteral("model"), QStringLiteral("orm")},
                                     {QStringLiteral("database"), path},
                                     {QStringLiteral("page_size"), spec->pageSize},
                                     {QStringLiteral("same_page"), same},
                                     {QStringLiteral("strategies"), strategies}})
               .toJson(QJsonDocument::Indented);
    return 0;
}

int runSimulate(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    const QCommandLineOption seed(
        QStringLiteral("seed"), QStringLiteral("Seed."), QStringLiteral("S"));
    const QCommandLineOption replications(QStringLiteral("replications"),
                                          QStringLiteral("Independent replications."),
                                          QStringLiteral("R"));
    parser.addOptions({seed, replications});
    auto usage = [&err](const QString &message) {
        err << "curtain simulate: " << message << '\n';
        return Subcommand::UsageError;
    };
    if (!parser.parse(QStringList{QStringLiteral("curtain simulate")} + args)) {
        const QStringList unknown = parser.unknownOptionNames();
        return usage(unknown.isEmpty()
                         ? parser.errorText()
                         : QStringLiteral("unknown option '--%1'").arg(unknown.first()));
    }
    if (parser.positionalArguments().size() != 1)
        return usage(QStringLiteral("give exactly one SCENARIO.json"));
    const QString file = parser.positionalArguments().first();
    QString error;
    const auto object = JsonIo::readObjectFile(file, &error);
    if (!object)
        return usage(error);
    const QString model = object->value(QStringLiteral("model")).toString();
    if (model == QLatin1String("orm"))
        return runOrm(*object, file, out, err);
    if (model == QLatin1String("feed")) {
        auto params = Scenario::parseFeed(*object, file, &error);
        if (!params)
            return usage(error);
        if (parser.isSet(seed))
            params->seed = parser.value(seed).toULongLong();
        QJsonObject result = simulateFeed(*params).toJson();
        result.insert(QStringLiteral("model"), QStringLiteral("feed"));
        result.insert(QStringLiteral("delivery"), deliveryId(params->delivery));
        out << QJsonDocument(result).toJson(QJsonDocument::Indented);
        return 0;
    }
    if (model == QLatin1String("transcoding")) {
        auto params = Scenario::parseTranscoding(*object, file, &error);
        if (!params)
            return usage(error);
        if (parser.isSet(seed))
            params->seed = parser.value(seed).toULongLong();
        QJsonObject result = simulateTranscoding(*params).toJson();
        result.insert(QStringLiteral("model"), QStringLiteral("transcoding"));
        result.insert(QStringLiteral("seed"), QString::number(params->seed));
        out << QJsonDocument(result).toJson(QJsonDocument::Indented);
        return 0;
    }
    if (model != QLatin1String("mmc")) {
        if (Scenario::knownModels().contains(model)) {
            return usage(
                QStringLiteral("%1: model '%2' is not simulated yet (mmc, transcoding and orm are)")
                    .arg(file, model));
        }
        return usage(QStringLiteral("%1: field 'model' must be one of %2 (got '%3')")
                         .arg(file, Scenario::knownModels().join(QStringLiteral(", ")), model));
    }
    auto params = Scenario::parseMmc(*object, file, &error);
    if (!params)
        return usage(error);
    if (parser.isSet(seed)) {
        bool ok = false;
        const qulonglong value = parser.value(seed).toULongLong(&ok);
        if (!ok)
            return usage(
                QStringLiteral("invalid --seed '%1': give a whole number").arg(parser.value(seed)));
        params->seed = value;
    }
    int reps = 1;
    if (parser.isSet(replications)) {
        bool ok = false;
        reps = parser.value(replications).toInt(&ok);
        if (!ok || reps < 1 || reps > 1000)
            return usage(QStringLiteral("invalid --replications '%1': give 1 to 1000")
                             .arg(parser.value(replications)));
    }

    // Replications: independent streams from the one seed; the result is their mean.
    std::vector<MmcResult> runs;
    for (int r = 0; r < reps; ++r) {
        MmcParams p = *params;
        p.seed = params->seed + 0x9E3779B97F4A7C15ULL * std::uint64_t(r);
        runs.push_back(simulateMmc(p));
    }
    auto collect = [&runs](auto member) {
        std::vector<double> values;
        for (const MmcResult &run : runs)
            values.push_back(run.*member);
        return values;
    };
    auto mean = [](const std::vector<double> &v) {
        double sum = 0;
        for (const double x : v)
            sum += x;
        return sum / double(v.size());
    };
    QJsonObject result;
    QJsonObject ci;
    const std::pair<const char *, double MmcResult::*> metrics[]
        = {{"mean_wait", &MmcResult::meanWait},
           {"mean_response", &MmcResult::meanResponse},
           {"mean_queue_length", &MmcResult::meanQueueLength},
           {"utilization", &MmcResult::utilization},
           {"prob_wait", &MmcResult::probWait}};
    for (const auto &[name, member] : metrics) {
        const std::vector<double> values = collect(member);
        result.insert(QLatin1String(name), mean(values));
        ci.insert(QLatin1String(name), Sim::halfWidth95(values));
    }
    double wall = 0;
    double jobs = 0;
    double events = 0;
    for (const MmcResult &run : runs) {
        wall += run.wallMs;
        jobs += double(run.jobs);
        events += double(run.events);
    }
    result.insert(QStringLiteral("model"), QStringLiteral("mmc"));
    result.insert(QStringLiteral("seed"), QString::number(params->seed));
    result.insert(QStringLiteral("replications"), reps);
    result.insert(QStringLiteral("jobs"), jobs);
    result.insert(QStringLiteral("events"), events);
    result.insert(QStringLiteral("wall_ms"), wall);
    result.insert(QStringLiteral("jobs_per_second"), wall > 0 ? jobs / (wall / 1000.0) : 0.0);
    if (reps > 1)
        result.insert(QStringLiteral("ci95"), ci);
    result.insert(QStringLiteral("theory"), MmcTheory::of(*params).toJson());
    out << QJsonDocument(result).toJson(QJsonDocument::Indented);
    return 0;
}

} // namespace

Subcommand simulateSubcommand()
{
    return {QStringLiteral("simulate"),
            QStringLiteral("simulate SCENARIO.json [--seed S] [--replications R]"),
            QStringLiteral(
                "Run a Startup Sim scenario (the M/M/c model for now) and print its results"),
            &runSimulate};
}
