// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "sweep.h"

#include "counterfactual.h"
#include "mmc.h"
#include "mmcschema.h"
#include "narration.h"
#include "rules.h"
#include "schema.h"
#include "simkernel.h"

#include <kit/jsonio.h>

#include <QJsonArray>
#include <QObject>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace Startup {

using namespace Kit;

namespace Sweep {

namespace {

QString excerpt(const QString &text)
{
    return text.size() > 40 ? text.left(40) + QStringLiteral("…") : text;
}

QString kindWords(Schema::Kind kind)
{
    switch (kind) {
    case Schema::Kind::Choice:
        return QObject::tr("a choice");
    case Schema::Kind::Boolean:
        return QObject::tr("true or false");
    case Schema::Kind::Curve:
        return QObject::tr("a daily curve");
    case Schema::Kind::Text:
        return QObject::tr("a path");
    case Schema::Kind::Section:
        return QObject::tr("a section");
    case Schema::Kind::Number:
    case Schema::Kind::Whole:
        break;
    }
    return QObject::tr("a number");
}

/** What a point's replications recorded beyond the metric: the queue's samples. */
struct QueueTally
{
    int samples = 0;
    int empty = 0;
    std::vector<double> atEnd;
    std::vector<double> waiting; // at the end: in the queue or prefetched by a machine
    bool grewAllDay = true;
};

} // namespace

QStringList metrics(const QString &model)
{
    QStringList paths;
    if (const Schema::Model *m = Schema::model(model)) {
        for (const Schema::Metric &metric : m->metrics)
            paths.append(metric.path);
    }
    return paths;
}

QStringList parameters(const QString &model)
{
    QStringList keys;
    if (const Schema::Model *m = Schema::model(model)) {
        for (const Schema::Field &f : m->fields) {
            if ((f.kind == Schema::Kind::Number || f.kind == Schema::Kind::Whole)
                && f.key != QLatin1String("seed"))
                keys.append(f.key);
        }
    }
    return keys;
}

Spec defaults(const QString &model)
{
    // Each shows its model's lesson: the knee in machines; servers against waiting; how often
    // to poll.
    if (model == QLatin1String("transcoding"))
        return {
            QStringLiteral("pool.instances"), 1, 8, 8, QStringLiteral("turnaround_minutes.p95"), 5};
    if (model == QLatin1String("mmc"))
        return {QStringLiteral("servers"), 1, 4, 4, QStringLiteral("mean_wait"), 5};
    if (model == QLatin1String("feed"))
        return {QStringLiteral("poll_interval_seconds"),
                1,
                60,
                6,
                QStringLiteral("latency_seconds.p95"),
                3};
    return {};
}

bool parse(const QString &text, Spec *spec, QString *error)
{
    const qsizetype equals = text.indexOf(QLatin1Char('='));
    if (equals <= 0) {
        *error = QObject::tr("--sweep '%1' is not FIELD=FROM:TO:POINTS (e.g. "
                             "pool.instances=1:8:8)")
                     .arg(excerpt(text));
        return false;
    }
    const QStringList range = text.mid(equals + 1).split(QLatin1Char(':'));
    if (range.size() != 3) {
        *error = QObject::tr("--sweep '%1': give FROM:TO:POINTS after the '=' (e.g. 1:8:8)")
                     .arg(excerpt(text));
        return false;
    }
    bool ok = false;
    const double from = range.at(0).toDouble(&ok);
    if (!ok || !std::isfinite(from)) {
        *error = QObject::tr("--sweep: FROM '%1' is not a number").arg(excerpt(range.at(0)));
        return false;
    }
    const double to = range.at(1).toDouble(&ok);
    if (!ok || !std::isfinite(to)) {
        *error = QObject::tr("--sweep: TO '%1' is not a number").arg(excerpt(range.at(1)));
        return false;
    }
    const double points = range.at(2).toDouble(&ok);
    if (!ok || points != std::floor(points) || points < 2 || points > MaxPoints) {
        *error = QObject::tr("--sweep: POINTS '%1' must be a whole number from 2 to %2")
                     .arg(excerpt(range.at(2)))
                     .arg(MaxPoints);
        return false;
    }
    spec->parameter = text.left(equals).trimmed();
    spec->from = from;
    spec->to = to;
    spec->points = int(points);
    return true;
}

QList<double> xs(const QJsonObject &scenario, const Spec &spec)
{
    const Schema::Model *model = Schema::model(scenario.value(QStringLiteral("model")).toString());
    const Schema::Field *field = model ? model->field(spec.parameter) : nullptr;
    QList<double> list;
    // Between the ends, a point is rounded to a hundredth of the step (1.636, not 1.63636...):
    // the value run, plotted and quoted are then the same number as written.
    const double step = (spec.to - spec.from) / std::max(1, spec.points - 1);
    const int decimals = step > 0 ? 2 - int(std::floor(std::log10(step))) : 0;
    const double scale = std::pow(10.0, std::abs(decimals));
    for (int i = 0; i < spec.points; ++i) {
        double x = spec.from + (spec.to - spec.from) * i / std::max(1, spec.points - 1);
        if (field && field->kind == Schema::Kind::Whole)
            x = std::round(x);
        else if (step > 0 && i > 0 && i + 1 < spec.points)
            x = decimals > 0 ? std::round(x * scale) / scale : std::round(x / scale) * scale;
        list.append(x);
    }
    return list;
}

Prepared prepare(const QJsonObject &scenario, const Spec &spec)
{
    Prepared p{scenario, {}};
    // The number of machines means nothing while autoscaling picks it: a fixed pool it is.
    if (spec.parameter == QLatin1String("pool.instances")
        && !JsonIo::valueAt(scenario, QStringLiteral("pool.autoscale")).isUndefined()) {
        JsonIo::removePath(p.scenario, QStringLiteral("pool.autoscale"));
        p.changes.append(QStringLiteral("autoscale-off"));
    }
    // Only periodic polling has a poll interval.
    if (spec.parameter == QLatin1String("poll_interval_seconds")
        && scenario.value(QStringLiteral("delivery")).toString() != QLatin1String("polling")) {
        p.scenario.insert(QStringLiteral("delivery"), QStringLiteral("polling"));
        p.changes.append(QStringLiteral("polling"));
    }
    return p;
}

QString check(const QJsonObject &scenario, const Spec &spec)
{
    QString error;
    const auto full = Schema::validate(scenario, QObject::tr("the scenario"), &error);
    if (!full)
        return error;
    const QString model = full->value(QStringLiteral("model")).toString();
    const Schema::Model *m = Schema::model(model);
    if (metrics(model).isEmpty() || !m->replicable)
        return QObject::tr("model %1 has nothing to sweep: its numbers are timings measured once")
            .arg(model);
    const QString example = defaults(model).parameter;
    if (spec.parameter == QLatin1String("seed"))
        return QObject::tr("'seed' cannot be swept: every point runs with the same seeds, so "
                           "that the points differ only in the field swept");
    if (!parameters(model).contains(spec.parameter)) {
        if (const Schema::Field *f = m->field(spec.parameter))
            return QObject::tr("'%1' is %2, not a number: a sweep varies a number field (e.g. %3)")
                .arg(spec.parameter, kindWords(f->kind), example);
        return QObject::tr("'%1' is not a field of model %2: a sweep varies a number field (e.g. "
                           "%3)")
            .arg(excerpt(spec.parameter), model, example);
    }
    if (!metrics(model).contains(spec.metric))
        return QObject::tr("--measure '%1' is not a metric of model %2: give one of %3")
            .arg(excerpt(spec.metric), model, metrics(model).join(QStringLiteral(", ")));
    const Schema::Field *f = m->field(spec.parameter);
    for (const double x : {spec.from, spec.to}) {
        if (!std::isfinite(x) || x < f->min || x > f->max)
            return QObject::tr("field '%1' runs from %2 to %3: %4 is outside")
                .arg(spec.parameter)
                .arg(f->min)
                .arg(f->max)
                .arg(x);
    }
    if (f->kind == Schema::Kind::Whole) {
        for (const double x : {spec.from, spec.to}) {
            if (x != std::round(x))
                return QObject::tr("'%1' takes whole numbers: %2 is not one")
                    .arg(spec.parameter)
                    .arg(x);
        }
    }
    if (spec.from >= spec.to)
        return QObject::tr("the sweep must go up: FROM %1 is not below TO %2")
            .arg(spec.from)
            .arg(spec.to);
    if (spec.points < 2 || spec.points > MaxPoints)
        return QObject::tr("give 2 to %1 points").arg(MaxPoints);
    const QList<double> points = xs(*full, spec);
    for (qsizetype i = 1; i < points.size(); ++i) {
        if (points.at(i) == points.at(i - 1))
            return QObject::tr("'%1' takes whole numbers: %2 to %3 holds fewer than %4 of them; "
                               "give fewer points or a wider range")
                .arg(spec.parameter)
                .arg(spec.from)
                .arg(spec.to)
                .arg(spec.points);
    }
    if (spec.replications < 2 || spec.replications > Simulation::MaxReplications)
        return QObject::tr("a sweep needs 2 to %1 replications per point: its 95 % intervals "
                           "come from them")
            .arg(Simulation::MaxReplications);
    for (const double x : points) {
        Simulation::Request request;
        request.scenario = *full;
        JsonIo::setPath(request.scenario, spec.parameter, x);
        request.source = QObject::tr("the sweep's point %1 = %2").arg(spec.parameter).arg(x);
        request.replications = spec.replications;
        if (QString problem = Simulation::check(request); !problem.isEmpty())
            return problem;
    }
    return {};
}

QJsonObject run(const QJsonObject &scenario, const Spec &spec, const Simulation::Control &control)
{
    const Prepared prepared = prepare(scenario, spec);
    if (const QString problem = check(prepared.scenario, spec); !problem.isEmpty())
        return {{QStringLiteral("error"), problem}};
    QString error;
    const QJsonObject full = *Schema::validate(prepared.scenario, QString(), &error);
    const QString modelId = full.value(QStringLiteral("model")).toString();
    const Schema::Model &model = *Schema::model(modelId);
    const Schema::Metric &metric = *model.metric(spec.metric);
    const bool transcoding = modelId == QLatin1String("transcoding");
    const bool feedLatency = modelId == QLatin1String("feed")
                             && spec.metric.startsWith(QLatin1String("latency_seconds"));
    const double warmup = full.value(QStringLiteral("warmup_hours")).toDouble() * 60;
    const QList<double> points = xs(full, spec);
    const QStringList collected = Counterfactual::metricsFor(modelId, spec.metric);
    // A turnaround quantile with each unfinished video counted at its age: at least the real one.
    const QString turnaround = QStringLiteral("turnaround_minutes.");
    const QString atLeast
        = spec.metric.startsWith(turnaround)
              ? QStringLiteral("turnaround_at_least_minutes.") + spec.metric.mid(turnaround.size())
              : QString();
    QStringList unfinishedKeys{QStringLiteral("unfinished"),
                               QStringLiteral("turnaround_finished"),
                               QStringLiteral("measured_arrived")};
    if (!atLeast.isEmpty())
        unfinishedKeys.append(atLeast);
    // Progress counts runs: the points, then the what-ifs at both ends.
    const double suspects = double(Counterfactual::suspects(full).size());
    const double work = double(points.size()) + 2 * suspects;
    QJsonObject result{
        {QStringLiteral("model"), modelId},
        {QStringLiteral("seed"),
         QString::number(std::uint64_t(full.value(QStringLiteral("seed")).toDouble()))},
        {QStringLiteral("parameter"), spec.parameter},
        {QStringLiteral("metric"), spec.metric},
        {QStringLiteral("replications"), spec.replications},
        {QStringLiteral("spec"),
         QJsonObject{{QStringLiteral("parameter"), spec.parameter},
                     {QStringLiteral("from"), spec.from},
                     {QStringLiteral("to"), spec.to},
                     {QStringLiteral("points"), spec.points},
                     {QStringLiteral("metric"), spec.metric},
                     {QStringLiteral("replications"), spec.replications}}},
        {QStringLiteral("changes"), QJsonArray::fromStringList(prepared.changes)}};
    // The points are independent runs: they run on every core, each on its own copy of the
    // scenario, and are taken up here in order (progress, partial results and the stop as before).
    struct PointRun
    {
        QJsonObject one;
        Counterfactual::Values values;
        Counterfactual::Values unfinished; // transcoding: the videos each run left
        QueueTally queue;
        QString error;
        bool done = false;
    };
    std::vector<PointRun> runs(std::size_t(points.size()));
    std::mutex mutex;
    std::condition_variable finished;
    std::atomic<bool> halt = false; // a point failed or stopped, or the caller pressed Stop
    std::atomic<qsizetype> next = 0;
    auto runPoints = [&] {
        for (qsizetype i = next++; i < points.size(); i = next++) {
            PointRun &run = runs[std::size_t(i)];
            if (!halt && !(control.stop && control.stop->load())) {
                Simulation::Request request;
                request.scenario = full;
                JsonIo::setPath(request.scenario, spec.parameter, points.at(i));
                request.source = QObject::tr("the sweep's point %1 = %2")
                                     .arg(spec.parameter)
                                     .arg(points.at(i));
                request.replications = spec.replications;
                Simulation::Control inner;
                inner.stop = control.stop;
                inner = Counterfactual::collecting(inner, collected, &run.values);
                if (transcoding) // a turnaround point leaves the unfinished videos out
                    inner = Counterfactual::collecting(inner, unfinishedKeys, &run.unfinished);
                if (feedLatency) // how many notifications each run's latency is of
                    inner = Counterfactual::collecting(
                        inner, {QStringLiteral("delivered")}, &run.unfinished);
                // The point's own warm-up (the sweep may vary it): the queue's samples after it.
                const double pointWarmup
                    = request.scenario.value(QStringLiteral("warmup_hours")).toDouble() * 60;
                inner.replication = [next = inner.replication,
                                     &queue = run.queue,
                                     transcoding,
                                     warmup = pointWarmup](int k, const QJsonObject &one) {
                    next(k, one);
                    if (!transcoding)
                        return;
                    const Rules::QueueFacts facts = Rules::queueFacts(one, warmup);
                    queue.samples += facts.samples;
                    queue.empty += facts.empty;
                    queue.atEnd.push_back(facts.atEnd);
                    queue.waiting.push_back(
                        facts.atEnd + one.value(QStringLiteral("prefetched_at_end")).toDouble());
                    queue.grewAllDay = queue.grewAllDay && facts.grewAllDay;
                };
                run.one = Simulation::run(request, inner, &run.error);
                if (run.one.isEmpty() || run.one.value(QStringLiteral("stopped")).toBool())
                    halt = true;
            }
            const std::lock_guard lock(mutex);
            run.done = true;
            finished.notify_all();
        }
    };
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::jthread> workers;
    for (unsigned w = 1; w < std::min<unsigned>(cores, unsigned(points.size())); ++w)
        workers.emplace_back(runPoints);
    std::jthread own(runPoints); // this thread only waits and reports, in the points' order

    QJsonArray plotted;
    std::vector<Counterfactual::Values> asRun;
    bool stopped = false;
    for (qsizetype i = 0; i < points.size(); ++i) {
        PointRun &run = runs[std::size_t(i)];
        {
            std::unique_lock lock(mutex);
            finished.wait(lock, [&run] { return run.done; });
        }
        if (run.one.isEmpty() || run.one.value(QStringLiteral("stopped")).toBool()
            || (control.stop && control.stop->load())) {
            stopped = true; // or a point failed: said below, once every worker has ended
            break;
        }
        const QueueTally &queue = run.queue;
        const double x = points.at(i);
        const std::vector<double> &measured = run.values[spec.metric];
        const std::size_t n = Sim::measuredCount(measured);
        // The scenario as this point ran it (the swept field set to x).
        QJsonObject at = full;
        JsonIo::setPath(at, spec.parameter, x);
        QJsonObject point{{QStringLiteral("x"), x}};
        if (n == 0) { // no run measured it (a feed that delivered nothing): no point drawn
            for (const char *key : {"mean", "low", "high", "half_width"})
                point.insert(QLatin1String(key), QJsonValue());
        } else if (n == 1) { // one run's value, no interval: too little to draw as a point
            point.insert(QStringLiteral("mean"), Sim::meanOf(measured));
            for (const char *key : {"low", "high", "half_width"})
                point.insert(QLatin1String(key), QJsonValue());
        } else {
            const double half = Sim::halfWidth95(measured);
            // The least value a run can give at this point (the sweep may vary what sets it).
            const Rules::Point p
                = Rules::interval(x, Sim::meanOf(measured), half, metric, Rules::least(metric, at));
            point.insert(QStringLiteral("mean"), p.mean);
            point.insert(QStringLiteral("low"), p.low);
            point.insert(QStringLiteral("high"), p.high);
            point.insert(QStringLiteral("half_width"), half);
            if (p.cut) // Student's t reached past what the quantity can be: cut there
                point.insert(QStringLiteral("cut"), true);
        }
        if (n < measured.size())
            point.insert(QStringLiteral("measured_runs"), double(n));
        // Each replication's value, in seed order (null where it measured none): the points
        // share their seeds, so a rule can pair them.
        QJsonArray each;
        for (const double v : measured)
            each.append(Sim::measuredOrNull(v));
        point.insert(QStringLiteral("runs"), each);
        if (modelId == QLatin1String("mmc")) {
            // What queueing theory (Erlang C) says at this point, beside what the runs measured.
            QString ignored;
            // Its warm-up: runs measured after one have left their empty start behind.
            point.insert(QStringLiteral("warmup_jobs"),
                         at.value(QStringLiteral("warmup_jobs")).toDouble());
            if (const auto params = Scenario::parseMmc(at, QString(), &ignored)) {
                const QJsonObject all = MmcTheory::of(*params).toJson();
                const QJsonValue theory = all.value(spec.metric);
                if (theory.isDouble() && std::isfinite(theory.toDouble()))
                    point.insert(QStringLiteral("theory"), theory);
                // Its load: near full, an empty start weighs even after a warm-up.
                point.insert(QStringLiteral("load"), all.value(QStringLiteral("utilization")));
                // And its wait: an empty start can shorten a time in system by no more.
                point.insert(QStringLiteral("theory_wait"), all.value(QStringLiteral("mean_wait")));
            }
        }
        if (transcoding) {
            // The point's warm-up, where it had one: what its turnaround and share leave out.
            if (const double hours
                = spec.parameter == QLatin1String("warmup_hours") ? x : warmup / 60;
                hours > 0)
                point.insert(QStringLiteral("warmup_hours"), hours);
            point.insert(QStringLiteral("queue_empty_share"),
                         queue.samples > 0 ? double(queue.empty) / queue.samples : 0.0);
            point.insert(QStringLiteral("queue_at_end"), Sim::meanOf(queue.atEnd));
            point.insert(QStringLiteral("waiting_at_end"), Sim::meanOf(queue.waiting));
            point.insert(QStringLiteral("queue_grew_all_day"),
                         queue.grewAllDay && queue.samples > 0);
            // Videos with no turnaround: a turnaround point leaves them out.
            if (const auto u = run.unfinished.find(QStringLiteral("unfinished"));
                u != run.unfinished.end())
                point.insert(QStringLiteral("unfinished"), Sim::meanOf(u->second));
            // The share of the videos after the warm-up that finished, run by run: what the
            // turnaround is drawn from.
            if (const auto f = run.unfinished.find(QStringLiteral("turnaround_finished")),
                a = run.unfinished.find(QStringLiteral("measured_arrived"));
                f != run.unfinished.end() && a != run.unfinished.end()) {
                std::vector<double> shares;
                for (std::size_t k = 0; k < std::min(f->second.size(), a->second.size()); ++k) {
                    if (a->second[k] > 0)
                        shares.push_back(f->second[k] / a->second[k]);
                }
                if (!shares.empty())
                    point.insert(QStringLiteral("finished_share"), Sim::meanOf(shares));
            }
            // Only where every run measured both: a mean over the same runs.
            if (const auto a = run.unfinished.find(atLeast);
                a != run.unfinished.end() && n == measured.size()
                && Sim::measuredCount(a->second) == a->second.size())
                point.insert(QStringLiteral("at_least"), Sim::meanOf(a->second));
        }
        if (feedLatency) {
            // Notifications a run delivered, in the runs that delivered any (those have the
            // latency): a p95 of a handful is a run's slowest.
            if (const auto d = run.unfinished.find(QStringLiteral("delivered"));
                d != run.unfinished.end()) {
                std::vector<double> some;
                for (const double v : d->second) {
                    if (v > 0)
                        some.push_back(v);
                }
                if (!some.empty()) {
                    point.insert(QStringLiteral("delivered"), Sim::meanOf(some));
                    point.insert(QStringLiteral("delivered_fewest"),
                                 *std::min_element(some.begin(), some.end()));
                }
            }
        }
        plotted.append(point);
        asRun.push_back(run.values);
        if (control.progress)
            control.progress(double(i + 1) / work);
        if (control.partial) {
            QJsonObject partial = result;
            partial.insert(QStringLiteral("points"), plotted);
            control.partial(partial);
        }
    }
    halt = true;
    own.join();
    workers.clear(); // joins them: a point still running ends with its run
    for (const PointRun &run : runs) {
        if (run.one.isEmpty() && !run.error.isEmpty())
            return {{QStringLiteral("error"), run.error}};
    }
    result.insert(QStringLiteral("points"), plotted);

    // What made it so, at both ends of the sweep: the same runs with one suspect removed.
    QJsonArray breakdowns;
    const int n = int(plotted.size());
    for (const int end : {0, n - 1}) {
        if (stopped || n < 2 || suspects == 0)
            break;
        Simulation::Control inner = control;
        inner.partial = nullptr;
        inner.progress = [&control, n, end, suspects, work](double f) {
            if (control.progress)
                control.progress((n + (end > 0 ? suspects : 0) + f * suspects) / work);
        };
        QJsonObject at = full;
        JsonIo::setPath(at, spec.parameter, points.at(end));
        QJsonObject b = Counterfactual::breakdown(
            at, collected, spec.replications, asRun[std::size_t(end)], inner);
        if (b.isEmpty()) {
            stopped = true;
            break;
        }
        b.insert(QStringLiteral("point"), end);
        b.insert(QStringLiteral("x"), points.at(end));
        breakdowns.append(b);
    }
    result.insert(QStringLiteral("breakdowns"), breakdowns);
    if (stopped)
        result.insert(QStringLiteral("stopped"), true);
    result.insert(QStringLiteral("summary"), Narration::toJson(Narration::sweep(result)));
    return result;
}

} // namespace Sweep

} // namespace Startup
