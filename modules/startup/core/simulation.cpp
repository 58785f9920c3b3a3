// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "simulation.h"

#include "feedschema.h"
#include "mmcschema.h"
#include "ormschema.h"
#include "poolanimation.h"
#include "schema.h"
#include "simkernel.h"
#include "transcodingschema.h"

#include <kit/jsonio.h>

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QSqlDatabase>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <map>

namespace Startup {

using namespace Kit;

namespace Simulation {

namespace {

bool stopped(const Control &control)
{
    return control.stop && control.stop->load(std::memory_order_relaxed);
}

/** One replication of a stochastic model with SEED, as JSON (with its own "stopped"); SCENARIO
 *  has been checked. The seed goes to the parameters as a whole 64-bit number: JSON's doubles
 *  would round a replication's seed. */
QJsonObject runOnce(const QString &model,
                    const QJsonObject &scenario,
                    std::uint64_t seed,
                    const Request &request,
                    const Control &control)
{
    QString error;
    if (model == QLatin1String("mmc")) {
        auto parsed = Scenario::parseMmc(scenario, request.source, &error);
        if (!parsed)
            return {{QStringLiteral("error"), error}};
        MmcParams p = *parsed;
        p.seed = seed;
        const MmcResult r = simulateMmc(p, control.stop);
        QJsonObject json = r.toJson();
        json.insert(QStringLiteral("stopped"), r.stopped);
        return json;
    }
    if (model == QLatin1String("transcoding")) {
        auto parsed = Scenario::parseTranscoding(scenario, request.source, &error);
        if (!parsed)
            return {{QStringLiteral("error"), error}};
        TranscodingParams p = *parsed;
        p.seed = seed;
        const TranscodingResult r = simulateTranscoding(p, control.stop);
        QJsonObject json = r.toJson();
        json.insert(QStringLiteral("stopped"), r.stopped);
        if (request.detail) {
            QJsonArray ratios;
            for (const double x : r.turnaroundRatios)
                ratios.append(x);
            json.insert(QStringLiteral("turnaround_ratios"), ratios);
            json.insert(QStringLiteral("frames"), framesToJson(r.frames));
            json.insert(QStringLiteral("slots_per_instance"), p.slotsPerInstance);
        }
        return json;
    }
    auto parsed = Scenario::parseFeed(scenario, request.source, &error);
    if (!parsed)
        return {{QStringLiteral("error"), error}};
    FeedParams p = *parsed;
    p.seed = seed;
    const FeedResult r = simulateFeed(p, control.stop);
    QJsonObject json = r.toJson();
    json.insert(QStringLiteral("stopped"), r.stopped);
    json.insert(QStringLiteral("delivery"), deliveryId(p.delivery));
    return json;
}

QJsonObject
runOrm(const QJsonObject &scenario, const Request &request, const Control &control, QString *error)
{
    const auto parsed = Scenario::parseOrm(scenario, request.source, error);
    if (!parsed)
        return {};
    const Scenario::OrmSpec &spec = *parsed;
    const QString folder = request.dataFolder.isEmpty() ? OrmLab::dataFolder() : request.dataFolder;
    const QString path
        = spec.database.isEmpty() ? OrmLab::pathFor(folder, spec.size) : spec.database;
    // A connection belongs to the thread that opened it: this one, for this run only.
    const QString name
        = QStringLiteral("curtain-simulation-orm-%1").arg(quintptr(QThread::currentThreadId()));
    QJsonObject result{{QStringLiteral("model"), QStringLiteral("orm")},
                       {QStringLiteral("database"), path},
                       {QStringLiteral("page_size"), spec.pageSize},
                       {QStringLiteral("comment_index"), spec.commentIndex}};
    bool ok = false;
    {
        OrmLab::Opened opened;
        ok = OrmLab::open(
            path,
            name,
            spec.size,
            error,
            [&control](double f) {
                if (control.progress)
                    control.progress(f * 0.9);
            },
            &opened,
            spec.commentIndex);
        if (ok) {
            if (!opened.note.isEmpty())
                result.insert(QStringLiteral("note"), opened.note);
            QSqlDatabase db = QSqlDatabase::database(name);
            QJsonArray strategies;
            bool same = true;
            QList<OrmLab::Row> first;
            for (const OrmLab::Fetch &f : {OrmLab::nPlusOne(db, spec.pageSize),
                                           OrmLab::join(db, spec.pageSize),
                                           OrmLab::rawSql(db, spec.pageSize)}) {
                if (strategies.isEmpty())
                    first = f.rows;
                same = same && f.rows == first;
                strategies.append(QJsonObject{
                    {QStringLiteral("strategy"), f.strategy},
                    {QStringLiteral("name"), OrmLab::strategyName(f.strategy)},
                    {QStringLiteral("ms"), f.ms},
                    {QStringLiteral("queries"), f.queries},
                    {QStringLiteral("rows"), int(f.rows.size())},
                    {QStringLiteral("plan"), QJsonArray::fromStringList(f.plan)},
                    {QStringLiteral("why"), OrmLab::explain(f, spec.size)},
                    {QStringLiteral("log"),
                     QJsonArray::fromStringList(request.detail ? f.log : f.log.mid(0, 3))}});
            }
            result.insert(QStringLiteral("same_page"), same);
            result.insert(QStringLiteral("strategies"), strategies);
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    if (control.progress)
        control.progress(1.0);
    return ok ? result : QJsonObject();
}

/**
 * Writes the means of VALUES (one list per metric of MODEL) into RESULT, with their intervals
 * under "ci95" when there is more than one run. A metric that some runs did not measure says in
 * how many it was ("measured_runs"); one that none did is null, not 0.
 */
void summarise(QJsonObject &result,
               const Schema::Model &model,
               const std::vector<std::vector<double>> &values,
               int runs)
{
    QJsonObject ci, measuredRuns;
    for (std::size_t m = 0; m < model.metrics.size(); ++m) {
        const QString &path = model.metrics[m].path;
        const std::size_t n = Sim::measuredCount(values[m]);
        if (n == 0) {
            JsonIo::setPath(result, path, QJsonValue());
            ci.insert(path, QJsonValue());
        } else {
            JsonIo::setPath(result, path, Sim::meanOf(values[m]));
            ci.insert(path, Sim::halfWidth95(values[m]));
        }
        if (int(n) < runs) // "measured_runs": {"latency_seconds": {"p95": 2}}
            JsonIo::setPath(measuredRuns, path, double(n));
    }
    if (runs > 1)
        result.insert(QStringLiteral("ci95"), ci);
    if (!measuredRuns.isEmpty())
        result.insert(QStringLiteral("measured_runs"), measuredRuns);
}

} // namespace

double measured(const QJsonObject &one, const QString &metric)
{
    const QJsonValue v = JsonIo::valueAt(one, metric);
    return v.isDouble() ? v.toDouble() : std::nan("");
}

std::uint64_t replicationSeed(std::uint64_t seed, int k)
{
    return seed + 0x9E3779B97F4A7C15ULL * std::uint64_t(k);
}

QString check(const Request &request)
{
    QString error;
    const auto full = Schema::validate(request.scenario, request.source, &error);
    if (!full)
        return error;
    const Schema::Model *model = Schema::model(full->value(QStringLiteral("model")).toString());
    if (request.replications < 1 || request.replications > MaxReplications)
        return QStringLiteral("replications %1 is out of range: give 1 to %2")
            .arg(request.replications)
            .arg(MaxReplications);
    if (request.replications > 1 && !model->replicable) {
        return QStringLiteral("replications do not apply to model %1: its numbers are timings "
                              "measured once per run")
            .arg(model->id);
    }
    return {};
}

QJsonObject run(const Request &request, const Control &control, QString *error)
{
    if (const QString problem = check(request); !problem.isEmpty()) {
        if (error)
            *error = problem;
        return {};
    }
    QElapsedTimer clock;
    clock.start();
    QJsonObject scenario = *Schema::validate(request.scenario, request.source, error);
    const Schema::Model &model = *Schema::model(scenario.value(QStringLiteral("model")).toString());
    if (request.seed)
        scenario.insert(QStringLiteral("seed"), double(*request.seed));
    const auto seed = std::uint64_t(scenario.value(QStringLiteral("seed")).toDouble());
    if (model.id == QLatin1String("orm")) {
        QJsonObject result = runOrm(scenario, request, control, error);
        if (!result.isEmpty())
            result.insert(QStringLiteral("wall_ms"), double(clock.nsecsElapsed()) / 1e6);
        return result;
    }

    // Replications: independent streams from the one seed; metrics become means with intervals.
    QJsonObject first;
    std::vector<std::vector<double>> values(model.metrics.size());
    std::map<QString, std::vector<double>> counts; // the other top-level numbers of each run
    bool wasStopped = false;
    double events = 0, jobs = 0, simulatedMs = 0;
    int done = 0;
    for (int k = 0; k < request.replications; ++k) {
        QJsonObject one = runOnce(model.id, scenario, replicationSeed(seed, k), request, control);
        if (one.contains(QStringLiteral("error"))) {
            if (error)
                *error = one.value(QStringLiteral("error")).toString();
            return {};
        }
        if (one.value(QStringLiteral("stopped")).toBool()) {
            wasStopped = true;
            if (k > 0)
                break; // a partial replication would bias the means: keep the whole ones
        }
        if (k == 0)
            first = one;
        if (control.replication)
            control.replication(k, one);
        for (std::size_t m = 0; m < model.metrics.size(); ++m)
            values[m].push_back(measured(one, model.metrics[m].path));
        for (auto it = one.begin(); it != one.end(); ++it) {
            if (it->isDouble())
                counts[it.key()].push_back(it->toDouble());
            if (!it->isObject())
                continue;
            // A group of numbers ("turnaround_at_least_minutes": {"p95": ...}); null where the
            // run did not measure it.
            const QJsonObject group = it->toObject();
            for (auto g = group.begin(); g != group.end(); ++g) {
                if (g->isDouble() || g->isNull())
                    counts[it.key() + QLatin1Char('.') + g.key()].push_back(
                        g->isDouble() ? g->toDouble() : std::nan(""));
            }
        }
        events += one.value(QStringLiteral("events")).toDouble();
        jobs += one.value(QStringLiteral("jobs")).toDouble();
        simulatedMs += one.value(QStringLiteral("wall_ms")).toDouble();
        ++done;
        if (control.progress)
            control.progress(double(k + 1) / request.replications);
        if (wasStopped || stopped(control)) {
            wasStopped = true;
            break;
        }
        if (control.partial && request.replications > 1) {
            QJsonObject partial = first;
            partial.insert(QStringLiteral("model"), model.id);
            partial.insert(QStringLiteral("replications"), done);
            summarise(partial, model, values, done);
            control.partial(partial);
        }
    }
    QJsonObject result = first;
    result.remove(QStringLiteral("wall_ms"));
    if (done > 0)
        summarise(result, model, values, done);
    // The other numbers at the top (videos arrived, completed, crashes) are the runs' means too,
    // not the first run's beside the others' means; the series drawn stay the first run's.
    for (const auto &[key, list] : counts) {
        const bool metric = std::any_of(model.metrics.begin(),
                                        model.metrics.end(),
                                        [&key](const Schema::Metric &m) { return m.path == key; });
        if (!metric && int(list.size()) == done && done > 1 && key != QLatin1String("events")
            && key != QLatin1String("jobs") && key != QLatin1String("wall_ms"))
            JsonIo::setPath(result, key, Sim::measuredOrNull(Sim::meanOf(list)));
    }
    result.insert(QStringLiteral("model"), model.id);
    result.insert(QStringLiteral("seed"), QString::number(seed));
    result.insert(QStringLiteral("replications"), done);
    if (result.contains(QStringLiteral("events")))
        result.insert(QStringLiteral("events"), events);
    if (model.id == QLatin1String("mmc")) {
        result.insert(QStringLiteral("jobs"), jobs);
        result.insert(QStringLiteral("jobs_per_second"),
                      simulatedMs > 0 ? jobs / (simulatedMs / 1000.0) : 0.0);
        result.insert(QStringLiteral("theory"),
                      MmcTheory::of(*Scenario::parseMmc(scenario, request.source, error)).toJson());
    }
    result.remove(QStringLiteral("stopped"));
    if (wasStopped)
        result.insert(QStringLiteral("stopped"), true);
    result.insert(QStringLiteral("wall_ms"), double(clock.nsecsElapsed()) / 1e6);
    return result;
}

} // namespace Simulation

} // namespace Startup
