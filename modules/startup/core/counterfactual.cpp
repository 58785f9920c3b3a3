// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "counterfactual.h"

#include "rules.h"
#include "schema.h"
#include "simkernel.h"

#include <kit/jsonio.h>

#include <QJsonArray>
#include <QObject>

namespace Startup {

using namespace Kit;

namespace Counterfactual {

namespace {

double number(const QJsonObject &scenario, const QString &path)
{
    return JsonIo::valueAt(scenario, path).toDouble();
}

QList<Suspect> transcodingSuspects(const QJsonObject &full)
{
    QList<Suspect> list;
    if (number(full, QStringLiteral("broker.prefetch_multiplier")) > 1) {
        QJsonObject s = full;
        JsonIo::setPath(s, QStringLiteral("broker.prefetch_multiplier"), 1);
        list.append({QStringLiteral("hoarding"),
                     QObject::tr("prefetch hoarding"),
                     QObject::tr("prefetch 1"),
                     s});
    }
    if (!JsonIo::valueAt(full, QStringLiteral("pool.unlimited")).toBool()) {
        // Nothing left for autoscaling or the outside service to do: a machine for every video.
        QJsonObject s = full;
        JsonIo::setPath(s, QStringLiteral("pool.unlimited"), true);
        JsonIo::removePath(s, QStringLiteral("pool.autoscale"));
        JsonIo::removePath(s, QStringLiteral("outsourcing"));
        list.append({QStringLiteral("machines"),
                     QObject::tr("too few machines"),
                     QObject::tr("unlimited machines"),
                     s});
    }
    const QJsonValue burst = JsonIo::valueAt(full, QStringLiteral("arrivals.burst"));
    // A burst that starts after the run ends never happens: nothing to remove.
    if (burst.isObject() && number(full, QStringLiteral("arrivals.burst.hours")) > 0
        && number(full, QStringLiteral("arrivals.burst.multiplier")) != 1
        && number(full, QStringLiteral("arrivals.burst.start_hour"))
               < number(full, QStringLiteral("hours"))) {
        QJsonObject s = full;
        JsonIo::removePath(s, QStringLiteral("arrivals.burst"));
        list.append({QStringLiteral("burst"),
                     QObject::tr("the launch-day burst"),
                     QObject::tr("no burst"),
                     s});
    }
    if (number(full, QStringLiteral("videos.sigma")) > 0) {
        QJsonObject s = full;
        JsonIo::setPath(s, QStringLiteral("videos.sigma"), 0);
        list.append({QStringLiteral("videos"),
                     QObject::tr("long videos"),
                     QObject::tr("every video %1 min, the median")
                         .arg(number(full, QStringLiteral("videos.median_minutes")), 0, 'g', 6),
                     s});
    }
    if (number(full, QStringLiteral("pool.crashes_per_instance_hour")) > 0) {
        QJsonObject s = full;
        JsonIo::setPath(s, QStringLiteral("pool.crashes_per_instance_hour"), 0);
        list.append({QStringLiteral("crashes"),
                     QObject::tr("crashed machines"),
                     QObject::tr("no crashes"),
                     s});
    }
    return list;
}

QList<Suspect> feedSuspects(const QJsonObject &full)
{
    QList<Suspect> list;
    if (full.value(QStringLiteral("capture")).toString() == QLatin1String("signal")
        && number(full, QStringLiteral("bulk_share")) > 0) {
        QJsonObject s = full;
        s.insert(QStringLiteral("capture"), QStringLiteral("trigger"));
        list.append({QStringLiteral("signals"),
                     QObject::tr("Django signals, which bulk updates and raw SQL skip"),
                     QObject::tr("a MySQL trigger"),
                     s});
    }
    return list;
}

QJsonObject measure(const Schema::Metric &metric, const std::vector<double> &values, double least)
{
    const std::size_t n = Sim::measuredCount(values);
    if (n == 0) // no run measured it (a feed that delivered nothing): nothing to compare
        return {{QStringLiteral("metric"), metric.path},
                {QStringLiteral("mean"), QJsonValue()},
                {QStringLiteral("measured_runs"), 0}};
    const Rules::Point p
        = Rules::interval(0, Sim::meanOf(values), Sim::halfWidth95(values), metric, least);
    QJsonObject m{{QStringLiteral("metric"), metric.path},
                  {QStringLiteral("mean"), p.mean},
                  {QStringLiteral("low"), p.low},
                  {QStringLiteral("high"), p.high}};
    if (p.cut) // Student's t reached past what the quantity can be: cut there
        m.insert(QStringLiteral("cut"), true);
    // Each replication's value, in seed order (null where it measured none): the rows share
    // their seeds, so two what-ifs pair up run by run too.
    QJsonArray runs;
    for (const double v : values)
        runs.append(Sim::measuredOrNull(v));
    m.insert(QStringLiteral("runs"), runs);
    if (n < values.size())
        m.insert(QStringLiteral("measured_runs"), double(n));
    return m;
}

/** METRIC of a suspect's replications beside the same replications as run. */
QJsonObject compared(const Schema::Metric &metric,
                     const std::vector<double> &asRun,
                     const std::vector<double> &without,
                     double least)
{
    QJsonObject m = measure(metric, without, least);
    // Pairs where both runs measured it (a feed run that delivered nothing has no latency).
    const std::optional<Rules::Difference> paired = Rules::pairedDifference(asRun, without);
    if (!paired)
        return m; // too few pairs to tell a difference from: neither real nor none
    const double d = paired->mean;
    const double half = paired->half;
    // A share moves by at most the whole of it: Student's t may reach past, cut there.
    const double reach = metric.unit == QLatin1String("share") ? 1.0 : HUGE_VAL;
    QJsonObject difference{{QStringLiteral("mean"), d},
                           {QStringLiteral("low"), std::max(-reach, d - half)},
                           {QStringLiteral("high"), std::min(reach, d + half)},
                           {QStringLiteral("pairs"), double(paired->pairs)}};
    if (d - half < -reach || d + half > reach)
        difference.insert(QStringLiteral("cut"), true);
    m.insert(QStringLiteral("difference"), difference);
    // Real when the paired difference's interval (the same seeds with and without, so each
    // run's own luck cancels) leaves out zero, from three pairs or more. The rows' own intervals
    // carry every run's luck and are no test of the change.
    const bool real = (d - half > 0 || d + half < 0) && paired->pairs >= Rules::MinPairs;
    m.insert(QStringLiteral("real"), real);
    return m;
}

} // namespace

QList<Suspect> suspects(const QJsonObject &scenario)
{
    QString error;
    const auto full = Schema::validate(scenario, QStringLiteral("scenario"), &error);
    if (!full)
        return {};
    const QString model = full->value(QStringLiteral("model")).toString();
    if (model == QLatin1String("transcoding"))
        return transcodingSuspects(*full);
    if (model == QLatin1String("feed"))
        return feedSuspects(*full);
    return {};
}

QStringList metricsFor(const QString &model, const QString &measure)
{
    QStringList metrics{measure};
    const QString headline = model == QLatin1String("transcoding") ? QStringLiteral("sla_share")
                             : model == QLatin1String("feed")      ? QStringLiteral("missed_events")
                                                                   : QString();
    if (!headline.isEmpty() && headline != measure)
        metrics.append(headline);
    return metrics;
}

Simulation::Control
collecting(const Simulation::Control &control, const QStringList &metrics, Values *values)
{
    Simulation::Control c = control;
    c.replication = [metrics, values, next = control.replication](int k, const QJsonObject &one) {
        for (const QString &m : metrics)
            (*values)[m].push_back(Simulation::measured(one, m));
        if (next)
            next(k, one);
    };
    return c;
}

QJsonObject breakdown(const QJsonObject &scenario,
                      const QStringList &metrics,
                      int replications,
                      const Values &asRun,
                      const Simulation::Control &control)
{
    const Schema::Model *model = Schema::model(scenario.value(QStringLiteral("model")).toString());
    if (!model)
        return {};
    auto valuesOf = [](const Values &values, const QString &metric) {
        const auto it = values.find(metric);
        return it == values.end() ? std::vector<double>() : it->second;
    };
    // The least each metric can take (a latency is never below the network's delay), from the
    // scenario as run with its defaults; a what-if changes none of what sets it.
    QString ignored;
    const QJsonObject full
        = Schema::validate(scenario, QStringLiteral("scenario"), &ignored).value_or(scenario);
    auto least = [&](const QString &path) {
        return Rules::least(*model->metric(path), full);
    };
    QJsonArray asRunMeasures;
    for (const QString &path : metrics)
        asRunMeasures.append(measure(*model->metric(path), valuesOf(asRun, path), least(path)));
    QJsonArray rows{QJsonObject{{QStringLiteral("id"), QStringLiteral("as_run")},
                                {QStringLiteral("cause"), QString()},
                                {QStringLiteral("change"), QObject::tr("none: as simulated")},
                                {QStringLiteral("measures"), asRunMeasures}}};
    const QList<Suspect> list = suspects(scenario);
    for (qsizetype i = 0; i < list.size(); ++i) {
        const Suspect &s = list.at(i);
        Simulation::Request request;
        request.scenario = s.scenario;
        request.source = QObject::tr("the what-if \"%1\"").arg(s.change);
        request.replications = replications;
        QJsonObject row{{QStringLiteral("id"), s.id},
                        {QStringLiteral("cause"), s.cause},
                        {QStringLiteral("change"), s.change}};
        Values values;
        Simulation::Control inner = collecting(control, metrics, &values);
        inner.partial = nullptr;
        inner.progress = [&control, i, n = list.size()](double f) {
            if (control.progress)
                control.progress((double(i) + f) / double(n));
        };
        QString error;
        const QJsonObject result = Simulation::run(request, inner, &error);
        if (result.value(QStringLiteral("stopped")).toBool()
            || (control.stop && control.stop->load()))
            return {};
        if (result.isEmpty()) {
            row.insert(QStringLiteral("error"), error);
        } else {
            QJsonArray measures;
            for (const QString &path : metrics)
                measures.append(compared(*model->metric(path),
                                         valuesOf(asRun, path),
                                         valuesOf(values, path),
                                         least(path)));
            row.insert(QStringLiteral("measures"), measures);
        }
        rows.append(row);
    }
    return {{QStringLiteral("replications"), replications},
            {QStringLiteral("metrics"), QJsonArray::fromStringList(metrics)},
            {QStringLiteral("rows"), rows}};
}

} // namespace Counterfactual

} // namespace Startup
