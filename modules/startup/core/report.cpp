// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "report.h"

#include "counterfactual.h"
#include "narration.h"
#include "rules.h"
#include "schema.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <memory>
#include <optional>

namespace Startup {

namespace Report {

namespace {

/** CONTROL for one part of the work: its progress maps to [FROM, FROM + SHARE] of the whole. */
Simulation::Control part(const Simulation::Control &control, double from, double share)
{
    Simulation::Control c = control;
    c.progress = [progress = control.progress, from, share](double f) {
        if (progress)
            progress(from + f * share);
    };
    return c;
}

bool stopped(const QJsonObject &result, const Simulation::Control &control)
{
    return result.value(QStringLiteral("stopped")).toBool()
           || (control.stop && control.stop->load());
}

/** COUNT (a mean a run over every run) as a mean over the runs that measured PATH, where some
 *  runs measured nothing there: those gave 0 to COUNT, so the mean over the others is COUNT
 *  times the runs over the runs that measured it. Inserted as KEY; nothing when every run did. */
void perMeasuringRun(QJsonObject &result,
                     const QString &count,
                     const QString &path,
                     const QString &key)
{
    QJsonValue measured = result.value(QStringLiteral("measured_runs"));
    for (const QString &part : path.split(QLatin1Char('.')))
        measured = measured.toObject().value(part);
    const double runs = result.value(QStringLiteral("replications")).toDouble(1);
    if (!measured.isDouble() || measured.toDouble() <= 0 || measured.toDouble() >= runs)
        return;
    result.insert(key, result.value(count).toDouble() * runs / measured.toDouble());
}

/** A transcoding METRIC's mean over the runs with its 95 % interval, kept inside what it can be
 *  (none where no run measured it). */
std::optional<Rules::Point> transcodingInterval(const QJsonObject &result, const QString &metric)
{
    if (!result.value(metric).isDouble())
        return std::nullopt;
    return Rules::interval(0,
                           result.value(metric).toDouble(),
                           result.value(QStringLiteral("ci95")).toObject().value(metric).toDouble(),
                           *Schema::model(QStringLiteral("transcoding"))->metric(metric));
}

QJsonObject transcoding(const Simulation::Request &request,
                        const QJsonObject &full,
                        const Simulation::Control &control,
                        QString *error)
{
    const QStringList metrics{QStringLiteral("sla_share"),
                              QStringLiteral("turnaround_minutes.p95")};
    const double work = 1.0 + double(Counterfactual::suspects(full).size());
    Counterfactual::Values values;
    QJsonObject result = Simulation::run(
        request, Counterfactual::collecting(part(control, 0, 1 / work), metrics, &values), error);
    if (result.isEmpty())
        return {};
    // The cost per video minute with its interval, cut at 0 where Student's t reaches below.
    if (const auto point = transcodingInterval(result, QStringLiteral("cost_per_video_minute"));
        point
        && result.value(QStringLiteral("ci95"))
               .toObject()
               .value(QStringLiteral("cost_per_video_minute"))
               .isDouble())
        result.insert(QStringLiteral("cost"),
                      QJsonObject{{QStringLiteral("low"), point->low},
                                  {QStringLiteral("high"), point->high},
                                  {QStringLiteral("cut"), point->cut}});
    perMeasuringRun(result,
                    QStringLiteral("sla_judged"),
                    QStringLiteral("sla_share"),
                    QStringLiteral("sla_judged_measuring"));
    perMeasuringRun(result,
                    QStringLiteral("turnaround_finished"),
                    QStringLiteral("turnaround_minutes.p95"),
                    QStringLiteral("turnaround_finished_measuring"));
    if (const auto measured = transcodingInterval(result, QStringLiteral("sla_share"))) {
        const Rules::Point &promise = *measured;
        QJsonObject said{{QStringLiteral("mean"), promise.mean},
                         {QStringLiteral("low"), promise.low},
                         {QStringLiteral("high"), promise.high}};
        // Every video of every run kept it (or none did): no spread for Student's t, but an
        // exact binomial interval over all the videos judged says how sure that is.
        if (promise.low == promise.high && (promise.mean == 0 || promise.mean == 1)) {
            // sla_judged is the mean a run over every run, those with none to judge included.
            const double runs = result.value(QStringLiteral("replications")).toDouble(1);
            const double videos
                = std::round(result.value(QStringLiteral("sla_judged")).toDouble() * runs);
            const Rules::Point exact = Rules::allOrNone(promise.mean, videos);
            said.insert(QStringLiteral("exact"),
                        QJsonObject{{QStringLiteral("videos"), videos},
                                    {QStringLiteral("low"), exact.low},
                                    {QStringLiteral("high"), exact.high}});
        }
        result.insert(QStringLiteral("promise"), said);
    } else { // no run had a video to judge
        result.insert(QStringLiteral("promise"),
                      QJsonObject{{QStringLiteral("mean"), QJsonValue()},
                                  {QStringLiteral("low"), QJsonValue()},
                                  {QStringLiteral("high"), QJsonValue()}});
    }
    // The day the page plots is the first replication's: its samples, read as the plot shows.
    const Rules::QueueFacts queue
        = Rules::queueFacts(result, full.value(QStringLiteral("warmup_hours")).toDouble() * 60);
    result.insert(QStringLiteral("queue"),
                  QJsonObject{{QStringLiteral("samples"), queue.samples},
                              {QStringLiteral("empty"), queue.empty},
                              {QStringLiteral("empty_share"),
                               queue.samples > 0 ? double(queue.empty) / queue.samples : 0.0},
                              {QStringLiteral("at_end"), queue.atEnd},
                              {QStringLiteral("grew_all_day"), queue.grewAllDay}});
    if (!stopped(result, control) && work > 1) {
        const QJsonObject b
            = Counterfactual::breakdown(full,
                                        metrics,
                                        result.value(QStringLiteral("replications")).toInt(),
                                        values,
                                        part(control, 1 / work, 1 - 1 / work));
        if (!b.isEmpty())
            result.insert(QStringLiteral("breakdown"), b);
    }
    return result;
}

QJsonObject feed(const Simulation::Request &request,
                 const QJsonObject &full,
                 const Simulation::Control &control,
                 QString *error)
{
    const QStringList metrics{QStringLiteral("missed_events")};
    const QString own = full.value(QStringLiteral("delivery")).toString();
    const QStringList deliveries{
        QStringLiteral("polling"), QStringLiteral("long_polling"), QStringLiteral("push")};
    const double work = double(deliveries.size()) + double(Counterfactual::suspects(full).size());
    QJsonArray methods;
    Counterfactual::Values values;
    QJsonObject report{{QStringLiteral("model"), QStringLiteral("feed")}};
    for (qsizetype i = 0; i < deliveries.size(); ++i) {
        Simulation::Request r = request;
        r.scenario.insert(QStringLiteral("delivery"), deliveries.at(i));
        Simulation::Control c = part(control, double(i) / work, 1 / work);
        c.partial = nullptr;
        // The what-ifs pair with the scenario's own way of delivering.
        if (deliveries.at(i) == own)
            c = Counterfactual::collecting(c, metrics, &values);
        // Each run's count: a p95 of a run with a handful of notifications is its slowest.
        auto each = std::make_shared<std::vector<double>>();
        c.replication = [next = c.replication, each](int k, const QJsonObject &one) {
            if (next)
                next(k, one);
            each->push_back(one.value(QStringLiteral("delivered")).toDouble());
        };
        QJsonObject result = Simulation::run(r, c, error);
        if (result.isEmpty())
            return {};
        perMeasuringRun(result,
                        QStringLiteral("delivered"),
                        QStringLiteral("latency_seconds.p95"),
                        QStringLiteral("delivered_measuring"));
        std::vector<double> some;
        std::copy_if(
            each->begin(), each->end(), std::back_inserter(some), [](double v) { return v > 0; });
        if (some.size() > 1)
            result.insert(QStringLiteral("delivered_fewest"),
                          *std::min_element(some.begin(), some.end()));
        methods.append(result);
        report.insert(QStringLiteral("replications"), result.value(QStringLiteral("replications")));
        report.insert(QStringLiteral("seed"), result.value(QStringLiteral("seed")));
        if (stopped(result, control)) {
            report.insert(QStringLiteral("stopped"), true);
            break;
        }
    }
    report.insert(QStringLiteral("methods"), methods);
    // Counts over every run: whole numbers a reader can add up.
    const QJsonObject first = methods.first().toObject();
    const int replications = report.value(QStringLiteral("replications")).toInt();
    const double missed
        = std::round(first.value(QStringLiteral("missed_events")).toDouble() * replications);
    const double due
        = missed + std::round(first.value(QStringLiteral("delivered")).toDouble() * replications);
    report.insert(QStringLiteral("missed"),
                  QJsonObject{{QStringLiteral("count"), missed},
                              {QStringLiteral("due"), due},
                              {QStringLiteral("share"), due > 0 ? missed / due : 0.0}});
    if (!report.contains(QStringLiteral("stopped")) && work > double(deliveries.size())) {
        const QJsonObject b = Counterfactual::breakdown(
            full,
            metrics,
            replications,
            values,
            part(control, double(deliveries.size()) / work, 1 - double(deliveries.size()) / work));
        if (!b.isEmpty())
            report.insert(QStringLiteral("breakdown"), b);
    }
    return report;
}

} // namespace

QJsonObject
run(const Simulation::Request &request, const Simulation::Control &control, QString *error)
{
    if (const QString problem = Simulation::check(request); !problem.isEmpty()) {
        if (error)
            *error = problem;
        return {};
    }
    QString ignored;
    QString *why = error ? error : &ignored;
    QJsonObject full = *Schema::validate(request.scenario, request.source, why);
    // The what-ifs run with the seeds the run itself had.
    if (request.seed)
        full.insert(QStringLiteral("seed"), double(*request.seed));
    const QString model = full.value(QStringLiteral("model")).toString();
    QJsonObject report;
    if (model == QLatin1String("transcoding"))
        report = transcoding(request, full, control, why);
    else if (model == QLatin1String("feed"))
        report = feed(request, full, control, why);
    else
        report = Simulation::run(request, control, why);
    if (report.isEmpty())
        return {};
    report.insert(QStringLiteral("input"), full);
    QList<Narration::Sentence> sentences;
    if (const QJsonObject used = Schema::defaultsUsed(request.scenario, full); !used.isEmpty()) {
        report.insert(QStringLiteral("defaults"), used);
        sentences.append(*Narration::defaults(report));
    }
    if (model == QLatin1String("transcoding"))
        sentences += Narration::transcoding(report);
    else if (model == QLatin1String("feed"))
        sentences += Narration::feed(report);
    else if (model == QLatin1String("mmc"))
        sentences += Narration::mmc(report);
    else
        sentences += Narration::orm(report);
    report.insert(QStringLiteral("summary"), Narration::toJson(sentences));
    return report;
}

} // namespace Report

} // namespace Startup
