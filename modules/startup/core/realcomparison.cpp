// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The model beside the real run: the numbers side by side, and the sentences that say where they
// agree and by how much they differ, in Narration's way (every number quoted with its source).

#include "realcomparison.h"

#include "sentencebuilder.h"

#include <QJsonArray>
#include <QObject>

#include <cmath>

namespace Startup {

namespace Real {

using Narration::Builder;
using Narration::Sentence;

namespace {

/** The comparison's rows (each metric, model beside real) in ANSWER. */
QJsonArray comparisonRows(const QJsonObject &answer)
{
    return answer.value(QStringLiteral("comparison"))
        .toObject()
        .value(QStringLiteral("metrics"))
        .toArray();
}

const Schema::Metric Share{QString(), QString(), QStringLiteral("share")};

struct Row
{
    QString path;  // where the row's numbers are read, in "model" and "real" alike
    QString label; // in words
    QString unit;
};

/** The metric of MODEL at PATH, or one made of LABEL and UNIT. */
Schema::Metric metricOf(const QString &model, const Row &row)
{
    const Schema::Model *m = Schema::model(model);
    if (m && m->metric(row.path))
        return *m->metric(row.path);
    return {row.path, row.label, row.unit};
}

QList<Row> rowsOf(const QString &model, const QJsonObject &modelResult)
{
    if (model == QLatin1String("orm")) {
        // Each way of fetching the page: the queries it sent and the time it took.
        QList<Row> rows;
        const QJsonArray strategies = modelResult.value(QStringLiteral("strategies")).toArray();
        for (int i = 0; i < strategies.size(); ++i) {
            const QString name
                = strategies.at(i).toObject().value(QStringLiteral("name")).toString();
            rows.append({QStringLiteral("strategies.%1.queries").arg(i),
                         QObject::tr("%1: queries").arg(name),
                         QStringLiteral("queries")});
            rows.append({QStringLiteral("strategies.%1.ms").arg(i),
                         QObject::tr("%1: time").arg(name),
                         QStringLiteral("ms")});
        }
        return rows;
    }
    if (model == QLatin1String("feed")) {
        QList<Row> rows{{QStringLiteral("posts"), QObject::tr("posts"), QStringLiteral("posts")}};
        for (const Schema::Metric &m : Schema::model(model)->metrics)
            rows.append({m.path, m.label, m.unit});
        return rows;
    }
    QList<Row> rows{
        {QStringLiteral("arrived"), QObject::tr("uploads"), QStringLiteral("videos")},
        {QStringLiteral("completed"), QObject::tr("videos transcoded"), QStringLiteral("videos")}};
    for (const Schema::Metric &m : Schema::model(model)->metrics)
        rows.append({m.path, m.label, m.unit});
    rows.append({QStringLiteral("crashes"), QObject::tr("crashes"), QStringLiteral("machines")});
    return rows;
}

/** Row I's number in RUN ("model" or "real") of the comparison, as a quote. */
Narration::Quote quoteOf(const QJsonObject &answer, int i, const QString &run)
{
    const QString model = answer.value(QStringLiteral("model"))
                              .toObject()
                              .value(QStringLiteral("model"))
                              .toString();
    const QJsonObject row = comparisonRows(answer).at(i).toObject();
    const Schema::Metric metric = metricOf(model,
                                           {row.value(QStringLiteral("path")).toString(),
                                            row.value(QStringLiteral("label")).toString(),
                                            row.value(QStringLiteral("unit")).toString()});
    return Narration::quote(row.value(run).toDouble(),
                            metric,
                            QStringLiteral("comparison.metrics.%1.%2").arg(i).arg(run));
}

int rowIndex(const QJsonObject &answer, const QString &path)
{
    const QJsonArray metrics = comparisonRows(answer);
    for (int i = 0; i < metrics.size(); ++i) {
        if (metrics.at(i).toObject().value(QStringLiteral("path")).toString() == path)
            return i;
    }
    return -1;
}

/** "median turnaround: model 12.4 min, real 13.1 min, 5.6 % more" for row I; LABEL, when
 *  given, instead of the row's. */
Sentence sideBySide(const QJsonObject &answer, int i, const QString &label = {})
{
    const QJsonObject row = comparisonRows(answer).at(i).toObject();
    const QString unit = row.value(QStringLiteral("unit")).toString() == QLatin1String("share")
                             ? QStringLiteral("%")
                             : row.value(QStringLiteral("unit")).toString();
    Builder b;
    b << (label.isEmpty() ? row.value(QStringLiteral("label")).toString() : label)
      << QObject::tr(": model ") << quoteOf(answer, i, QStringLiteral("model"))
      << QStringLiteral(" ") << unit << QObject::tr(", real ")
      << quoteOf(answer, i, QStringLiteral("real")) << QStringLiteral(" ") << unit;
    if (row.contains(QStringLiteral("difference"))
        && row.value(QStringLiteral("difference")).toDouble() == 0) {
        b << QObject::tr(", the same");
    } else if (row.contains(QStringLiteral("difference"))) {
        const double d = row.value(QStringLiteral("difference")).toDouble();
        b << QStringLiteral(", ")
          << Narration::Quote{Narration::format(std::abs(d), Share),
                              std::abs(d),
                              QStringLiteral("comparison.metrics.%1.distance").arg(i)}
          << (d >= 0 ? QObject::tr(" % more") : QObject::tr(" % less"));
    }
    return b.piece();
}

/** Row I where a run has no value for it: "p95 turnaround: the model finished no video, real
 *  31.2 min, so there is nothing to compare." */
Sentence unmeasuredRow(const QJsonObject &answer, int i)
{
    const QJsonObject row = comparisonRows(answer).at(i).toObject();
    const QString model = answer.value(QStringLiteral("model"))
                              .toObject()
                              .value(QStringLiteral("model"))
                              .toString();
    const Schema::Metric metric = metricOf(model,
                                           {row.value(QStringLiteral("path")).toString(),
                                            row.value(QStringLiteral("label")).toString(),
                                            row.value(QStringLiteral("unit")).toString()});
    const QString what
        = metric.unmeasured.isEmpty() ? QObject::tr("did not measure it") : metric.unmeasured;
    const QString missing = row.value(QStringLiteral("unmeasured")).toString();
    const QString unit = row.value(QStringLiteral("unit")).toString() == QLatin1String("share")
                             ? QStringLiteral("%")
                             : row.value(QStringLiteral("unit")).toString();
    Builder b(QStringLiteral("agreement"));
    b.fact(QStringLiteral("metric"), row.value(QStringLiteral("path")));
    b.fact(QStringLiteral("unmeasured"), missing);
    b << row.value(QStringLiteral("label")).toString() << QStringLiteral(": ");
    if (missing == QLatin1String("both"))
        b << QObject::tr("the model and the real run both ") << what;
    else if (missing == QLatin1String("model"))
        b << QObject::tr("the model ") << what << QObject::tr(", real ")
          << quoteOf(answer, i, QStringLiteral("real")) << QStringLiteral(" ") << unit;
    else
        b << QObject::tr("model ") << quoteOf(answer, i, QStringLiteral("model"))
          << QStringLiteral(" ") << unit << QObject::tr(", while the real run ") << what;
    b << QObject::tr(", so there is nothing to compare.");
    return b.done();
}

Sentence agreement(const QJsonObject &answer, int i)
{
    const QJsonObject row = comparisonRows(answer).at(i).toObject();
    if (row.contains(QStringLiteral("unmeasured")))
        return unmeasuredRow(answer, i);
    const double tolerance = row.value(QStringLiteral("tolerance")).toDouble();
    const Narration::Quote bound{Narration::format(tolerance, Share),
                                 tolerance,
                                 QStringLiteral("comparison.metrics.%1.tolerance").arg(i)};
    Builder b(QStringLiteral("agreement"));
    b.fact(QStringLiteral("metric"), row.value(QStringLiteral("path")));
    b.fact(QStringLiteral("agrees"), row.value(QStringLiteral("agrees")));
    b << sideBySide(answer, i);
    if (!row.contains(QStringLiteral("difference")))
        b << QObject::tr(" (the model's is zero, so no share of it can be said).");
    else if (row.value(QStringLiteral("agrees")).toBool())
        b << QObject::tr(": within the ") << bound << QObject::tr(" % the model is held to.");
    else
        b << QObject::tr(": further apart than the ") << bound
          << QObject::tr(" % the model is held to.");
    return b.done();
}

QList<Sentence> transcodingSentences(const QJsonObject &answer)
{
    QList<Sentence> list;
    const QJsonObject real = answer.value(QStringLiteral("real")).toObject();
    {
        Builder b(QStringLiteral("setup"));
        b << QObject::tr("Run for real at ")
          << Narration::input(answer.value(QStringLiteral("time_scale")).toDouble(),
                              QStringLiteral("time_scale"))
          << QObject::tr(" times the speed of the day: Curtain's own Redis, ")
          << Narration::count(real.value(QStringLiteral("workers_started")).toDouble(),
                              QStringLiteral("real.workers_started"))
          << (real.value(QStringLiteral("workers_started")).toInt() == 1
                  ? QObject::tr(" Celery worker ready as a machine")
                  : QObject::tr(" Celery workers ready as machines"))
          << QObject::tr(", each upload a Celery task that "
                         "transcodes a clip of ffmpeg's test pattern for its video's time.");
        list.append(b.done());
    }
    for (const QString &path :
         {QStringLiteral("turnaround_minutes.p50"), QStringLiteral("turnaround_minutes.p95")}) {
        if (const int i = rowIndex(answer, path); i >= 0)
            list.append(agreement(answer, i));
    }
    const QJsonObject hoarding = answer.value(QStringLiteral("comparison"))
                                     .toObject()
                                     .value(QStringLiteral("hoarding"))
                                     .toObject();
    if (const int i = rowIndex(answer, QStringLiteral("hoarded_jobs")); i >= 0) {
        Builder b(QStringLiteral("hoarding"));
        const bool inModel = hoarding.value(QStringLiteral("model")).toBool();
        const bool inReal = hoarding.value(QStringLiteral("real")).toBool();
        b.fact(QStringLiteral("model"), inModel);
        b.fact(QStringLiteral("real"), inReal);
        b << sideBySide(answer,
                        i,
                        QObject::tr("Hoarding (prefetched videos held by busy machines while a "
                                    "slot idled, on average)"))
          << QStringLiteral(". ");
        const QJsonObject example = real.value(QStringLiteral("hoarding"))
                                        .toObject()
                                        .value(QStringLiteral("example"))
                                        .toObject();
        if (inReal && !example.isEmpty()) {
            b << QObject::tr("Celery's own events show it: ")
              << Narration::count(real.value(QStringLiteral("hoarding"))
                                      .toObject()
                                      .value(QStringLiteral("jobs"))
                                      .toDouble(),
                                  QStringLiteral("real.hoarding.jobs"))
              << QObject::tr(" uploads waited in a busy worker's prefetch while another worker had "
                             "nothing to do, the first at minute ")
              << Narration::quote(example.value(QStringLiteral("minute")).toDouble(),
                                  {QString(), QString(), QStringLiteral("min")},
                                  QStringLiteral("real.hoarding.example.minute"))
              << QStringLiteral(".");
        } else if (inModel) {
            b << QObject::tr("The model hoards and the real workers did not.");
        } else {
            b << QObject::tr("Neither hoarded.");
        }
        list.append(b.done());
    }
    // Where the real median is shorter beyond its bound: how Redis handed the messages out.
    const QJsonObject deliveries = real.value(QStringLiteral("deliveries")).toObject();
    if (const int i = rowIndex(answer, QStringLiteral("turnaround_minutes.p50"));
        i >= 0 && deliveries.value(QStringLiteral("total")).toDouble() > 0) {
        const QJsonObject row = comparisonRows(answer).at(i).toObject();
        if (!row.value(QStringLiteral("agrees")).toBool(true)
            && row.value(QStringLiteral("difference")).toDouble() < 0) {
            Builder b(QStringLiteral("delivery"));
            b << QObject::tr("Where the real median is shorter: Redis hands each message to the "
                             "worker that has waited longest for one, so only ")
              << Narration::count(
                     deliveries.value(QStringLiteral("to_a_full_worker_while_another_was_free"))
                         .toDouble(),
                     QStringLiteral("real.deliveries.to_a_full_worker_while_another_was_free"))
              << QObject::tr(" of ")
              << Narration::count(deliveries.value(QStringLiteral("total")).toDouble(),
                                  QStringLiteral("real.deliveries.total"))
              << QObject::tr(" deliveries went to a worker with every slot taken while another "
                             "had one free; the model offers each upload to the machines in the "
                             "order they booted, the first one's prefetch filled first, so more "
                             "of its videos wait behind others.");
            list.append(b.done());
        }
    }
    const double twice = real.value(QStringLiteral("executed_twice")).toDouble();
    if (twice > 0) {
        Builder b(QStringLiteral("twice"));
        b << Narration::count(twice, QStringLiteral("real.executed_twice"))
          << QObject::tr(" uploads were transcoded more than once for real: Redis hands a message "
                         "out again once it has waited unacknowledged past the visibility timeout "
                         "(")
          << Narration::input(answer.value(QStringLiteral("input"))
                                  .toObject()
                                  .value(QStringLiteral("broker"))
                                  .toObject()
                                  .value(QStringLiteral("visibility_timeout_minutes"))
                                  .toDouble(),
                              QStringLiteral("input.broker.visibility_timeout_minutes"))
          << QObject::tr(" min), even to a live worker that still holds it in its prefetch; the "
                         "model redelivers only after a crash.");
        list.append(b.done());
    }
    return list;
}

QList<Sentence> feedSentences(const QJsonObject &answer)
{
    QList<Sentence> list;
    const QJsonObject real = answer.value(QStringLiteral("real")).toObject();
    const QJsonObject input = answer.value(QStringLiteral("input")).toObject();
    const QString delivery = input.value(QStringLiteral("delivery")).toString();
    const bool trigger
        = input.value(QStringLiteral("capture")).toString() == QLatin1String("trigger");
    {
        Builder b(QStringLiteral("setup"));
        b << QObject::tr("Run for real");
        if (answer.value(QStringLiteral("time_scale")).toDouble() != 1)
            b << QObject::tr(" at ")
              << Narration::input(answer.value(QStringLiteral("time_scale")).toDouble(),
                                  QStringLiteral("time_scale"))
              << QObject::tr(" times the speed of the hour");
        const double posts = real.value(QStringLiteral("posts")).toDouble();
        const bool cut = answer.value(QStringLiteral("stopped")).toBool()
                         || answer.value(QStringLiteral("timed_out")).toBool();
        b << QObject::tr(": the first ")
          << Narration::quote(real.value(QStringLiteral("post_minutes")).toDouble(),
                              {QString(), QString(), QStringLiteral("min")},
                              QStringLiteral("real.post_minutes"))
          << QObject::tr(" min of the model's posts (")
          << Narration::count(posts, QStringLiteral("real.posts"));
        if (cut)
            b << QObject::tr(" of the ")
              << Narration::count(real.value(QStringLiteral("posts_planned")).toDouble(),
                                  QStringLiteral("real.posts_planned"))
              << QObject::tr(" planned: the run was cut short");
        b << QObject::tr(") written through Django's ORM to SQLite, ")
          << (trigger ? QObject::tr("an SQLite trigger copying each write to an outbox a relay "
                                    "tells the server of")
                      : QObject::tr("Django's post_save signal telling the server of each"))
          << QObject::tr("; a Tornado server on the loopback; ")
          << Narration::count(real.value(QStringLiteral("clients")).toDouble(),
                              QStringLiteral("real.clients"))
          << (delivery == QLatin1String("polling")        ? QObject::tr(" users polling it")
              : delivery == QLatin1String("long_polling") ? QObject::tr(" users long polling it")
                                                          : QObject::tr(" users on WebSockets"))
          << QObject::tr(" from one asyncio process, who received ")
          << Narration::count(real.value(QStringLiteral("delivered")).toDouble(),
                              QStringLiteral("real.delivered"))
          << (real.value(QStringLiteral("delivered")).toInt() == 1
                  ? QObject::tr(" notification. ")
                  : QObject::tr(" notifications. "))
          << QObject::tr("The model is held to it over the same posts and users, and the same "
                         "time.");
        if (answer.value(QStringLiteral("time_scale")).toDouble() != 1)
            b << QObject::tr(" At this time scale each real millisecond counts as ")
              << Narration::input(answer.value(QStringLiteral("time_scale")).toDouble(),
                                  QStringLiteral("time_scale"))
              << QObject::tr(" simulated ones, the machine's own time for each notification "
                             "too: it does not shrink with the scale.");
        list.append(b.done());
        for (int i = 0; i < real.value(QStringLiteral("notes")).toArray().size(); ++i) {
            Builder note(QStringLiteral("note"));
            note << QObject::tr("Note: ")
                 << real.value(QStringLiteral("notes")).toArray().at(i).toString()
                 << QStringLiteral(".");
            list.append(note.done());
        }
    }
    for (const QString &path :
         {QStringLiteral("latency_seconds.p50"), QStringLiteral("latency_seconds.p95")}) {
        if (const int i = rowIndex(answer, path); i >= 0)
            list.append(agreement(answer, i));
    }
    // Where the real run is slower beyond its bound: where its time went, as measured.
    bool slower = false;
    for (const QString &path :
         {QStringLiteral("latency_seconds.p50"), QStringLiteral("latency_seconds.p95")}) {
        if (const int i = rowIndex(answer, path); i >= 0) {
            const QJsonObject row = comparisonRows(answer).at(i).toObject();
            slower = slower
                     || (!row.value(QStringLiteral("agrees")).toBool(true)
                         && row.value(QStringLiteral("difference")).toDouble() > 0);
        }
    }
    const QJsonObject stages = real.value(QStringLiteral("stages")).toObject();
    if (slower && stages.value(QStringLiteral("told_to_sent_seconds")).isObject()
        && stages.value(QStringLiteral("sent_to_received_seconds")).isObject()) {
        const Schema::Metric seconds{QString(), QString(), QStringLiteral("s")};
        const auto at = [&](const QString &path) {
            return Narration::quote(
                Narration::numberAt(real, path), seconds, QStringLiteral("real.") + path);
        };
        Builder b(QStringLiteral("stages"));
        b << QObject::tr("Where the real run's time went: from the write to the server being told "
                         "took a median ")
          << at(QStringLiteral("stages.write_to_told_seconds.p50")) << QObject::tr(" s (p95 ")
          << at(QStringLiteral("stages.write_to_told_seconds.p95"))
          << (trigger ? QObject::tr(" s: Django's insert, the trigger and the relay's look at "
                                    "the outbox)")
                      : QObject::tr(" s: Django's insert, its signal and an HTTP request)"))
          << (delivery == QLatin1String("push")
                  ? QObject::tr(", then to the server sending it out a median ")
                  : QObject::tr(", then to the server writing its answer out a median "))
          << at(QStringLiteral("stages.told_to_sent_seconds.p50")) << QObject::tr(" s (p95 ")
          << at(QStringLiteral("stages.told_to_sent_seconds.p95"))
          << QObject::tr(" s, the scenario's network time of ")
          << Narration::input(input.value(QStringLiteral("network_ms")).toDouble(),
                              QStringLiteral("input.network_ms"))
          << QObject::tr(" ms included, which the model counts too), and from there to the "
                         "user's process reading it a median ")
          << at(QStringLiteral("stages.sent_to_received_seconds.p50")) << QObject::tr(" s (p95 ")
          << at(QStringLiteral("stages.sent_to_received_seconds.p95"))
          << QObject::tr(" s; the users all share one process, a phone would not). The model "
                         "counts no time for Django, the server or the users' process.");
        const QJsonObject widest = stages.value(QStringLiteral("widest_post")).toObject();
        if (widest.value(QStringLiteral("notifications")).toDouble() > 1
            && widest.contains(QStringLiteral("first_to_last_sent_seconds"))) {
            b << QObject::tr(" The post with the most notifications (")
              << Narration::count(widest.value(QStringLiteral("notifications")).toDouble(),
                                  QStringLiteral("real.stages.widest_post.notifications"))
              << (delivery == QLatin1String("push")
                      ? QObject::tr("): the server sent its last message ")
                      : QObject::tr("): the server wrote its last answer "))
              << at(QStringLiteral("stages.widest_post.first_to_last_sent_seconds"))
              << QObject::tr(" s after its first, one after another from its one process, where "
                             "the model delivers them all at once.");
        }
        list.append(b.done());
    }
    if (const int i = rowIndex(answer, QStringLiteral("missed_events")); i >= 0) {
        Builder b(QStringLiteral("capture"));
        const double bulk = real.value(QStringLiteral("bulk_writes")).toDouble();
        b << sideBySide(answer, i) << QStringLiteral(". ");
        if (trigger) {
            b << QObject::tr("The trigger saw every write, ")
              << Narration::count(bulk, QStringLiteral("real.bulk_writes"))
              << QObject::tr(" bulk_create calls among them.");
        } else if (bulk > 0) {
            b << Narration::count(bulk, QStringLiteral("real.bulk_writes"))
              << (bulk == 1 ? QObject::tr(" post was written with bulk_create, which sends no "
                                          "post_save signal: its followers were never told.")
                            : QObject::tr(" posts were written with bulk_create, which sends no "
                                          "post_save signal: their followers were never told."));
        } else {
            b << QObject::tr("No post took the bulk path, so the signal saw every one.");
        }
        list.append(b.done());
    }
    if (const double undelivered = real.value(QStringLiteral("undelivered")).toDouble();
        undelivered > 0) {
        Builder b(QStringLiteral("undelivered"));
        b << Narration::count(undelivered, QStringLiteral("real.undelivered"))
          << QObject::tr(" notifications the server was told of had not reached their user when "
                         "the run ended.");
        list.append(b.done());
    }
    return list;
}

QList<Sentence> ormSentences(const QJsonObject &answer)
{
    QList<Sentence> list;
    const QJsonObject real = answer.value(QStringLiteral("real")).toObject();
    const QJsonArray strategies = real.value(QStringLiteral("strategies")).toArray();
    {
        Builder b(QStringLiteral("setup"));
        b << QObject::tr("Run for real: the lab's own SQLite file, opened read-only by the Django "
                         "ORM, its page of ")
          << Narration::count(real.value(QStringLiteral("page_size")).toDouble(),
                              QStringLiteral("real.page_size"))
          << QObject::tr(" videos fetched the three ways a Django project would, each the median "
                         "of a few runs, with Django's own query log. ");
        b.fact(QStringLiteral("same_page"), real.value(QStringLiteral("same_page_as_lab")));
        b << (real.value(QStringLiteral("same_page_as_lab")).toBool()
                  ? QObject::tr("Each way's page is the lab's, row for row.")
                  : QObject::tr("Not every way's page is the lab's: see the table."));
        list.append(b.done());
    }
    for (int s = 0; s < strategies.size(); ++s) {
        const int queries = rowIndex(answer, QStringLiteral("strategies.%1.queries").arg(s));
        const int ms = rowIndex(answer, QStringLiteral("strategies.%1.ms").arg(s));
        if (queries < 0 || ms < 0)
            continue;
        const QJsonObject way = strategies.at(s).toObject();
        const QJsonObject lab = answer.value(QStringLiteral("model"))
                                    .toObject()
                                    .value(QStringLiteral("strategies"))
                                    .toArray()
                                    .at(s)
                                    .toObject();
        const Schema::Metric milliseconds{QString(), QString(), QStringLiteral("ms")};
        Builder b(QStringLiteral("strategy"));
        b.fact(QStringLiteral("strategy"), way.value(QStringLiteral("strategy")));
        const QString name = way.value(QStringLiteral("name")).toString();
        b << (name.isEmpty() ? name : name.at(0).toUpper() + name.mid(1))
          << QObject::tr(", in Django: ") << way.value(QStringLiteral("code")).toString()
          << QObject::tr(". Django sent ")
          << Narration::count(way.value(QStringLiteral("queries")).toDouble(),
                              QStringLiteral("real.strategies.%1.queries").arg(s))
          << (way.value(QStringLiteral("queries")).toInt() == 1 ? QObject::tr(" query in ")
                                                                : QObject::tr(" queries in "))
          << Narration::quote(way.value(QStringLiteral("ms")).toDouble(),
                              milliseconds,
                              QStringLiteral("real.strategies.%1.ms").arg(s))
          << QObject::tr(" ms; the lab's sent ")
          << Narration::count(lab.value(QStringLiteral("queries")).toDouble(),
                              QStringLiteral("model.strategies.%1.queries").arg(s))
          << QObject::tr(" in ")
          << Narration::quote(lab.value(QStringLiteral("ms")).toDouble(),
                              milliseconds,
                              QStringLiteral("model.strategies.%1.ms").arg(s))
          << QObject::tr(" ms.");
        if (way.value(QStringLiteral("sqlite_ms")).isDouble()) {
            // The database's part of Django's time, measured by sending its statements as they
            // were; the rest is Django's own (where it is the larger part).
            const double sqlite = way.value(QStringLiteral("sqlite_ms")).toDouble();
            b << QObject::tr(" The same statements sent straight to SQLite from Python took ")
              << Narration::quote(
                     sqlite, milliseconds, QStringLiteral("real.strategies.%1.sqlite_ms").arg(s))
              << QObject::tr(" ms");
            const double django = way.value(QStringLiteral("ms")).toDouble();
            if (django > 2 * sqlite)
                b << QObject::tr(": most of Django's time is its own work, building each query "
                                 "and each model instance, not the database's.");
            else if (sqlite >= 0.8 * django)
                b << QObject::tr(": most of Django's time is the database's.");
            else
                b << QStringLiteral(".");
        }
        list.append(b.done());
    }
    const QJsonArray captures = real.value(QStringLiteral("captures")).toArray();
    if (!captures.isEmpty()) {
        Builder b(QStringLiteral("capture"));
        b << QObject::tr("Django's post_save signal against an SQLite trigger, ")
          << Narration::count(captures.first().toObject().value(QStringLiteral("rows")).toDouble(),
                              QStringLiteral("real.captures.0.rows"))
          << QObject::tr(" rows written each way: ");
        for (int i = 0; i < captures.size(); ++i) {
            const QJsonObject c = captures.at(i).toObject();
            b << (i == 0 ? QString() : QStringLiteral("; "))
              << c.value(QStringLiteral("code")).toString() << QObject::tr(": the signal heard ")
              << Narration::count(c.value(QStringLiteral("signals")).toDouble(),
                                  QStringLiteral("real.captures.%1.signals").arg(i))
              << QObject::tr(", the trigger saw ")
              << Narration::count(c.value(QStringLiteral("trigger")).toDouble(),
                                  QStringLiteral("real.captures.%1.trigger").arg(i));
        }
        b << QStringLiteral(".");
        list.append(b.done());
    }
    return list;
}

} // namespace

double tolerance(const QString &model, const QString &metric)
{
    if (model == QLatin1String("transcoding")) {
        if (metric == QLatin1String("turnaround_minutes.p50"))
            return 0.25;
        if (metric == QLatin1String("turnaround_minutes.p95"))
            return 0.35;
    }
    if (model == QLatin1String("feed")
        && (metric == QLatin1String("latency_seconds.p50")
            || metric == QLatin1String("latency_seconds.p95")))
        return 0.25;
    return 0;
}

QJsonObject compare(const QJsonObject &answer)
{
    // The feed's real run plays the hour's first posts: the model is held to it over the same.
    const QJsonObject model = answer.contains(QStringLiteral("model_same_posts"))
                                  ? answer.value(QStringLiteral("model_same_posts")).toObject()
                                  : answer.value(QStringLiteral("model")).toObject();
    const QJsonObject real = answer.value(QStringLiteral("real")).toObject();
    const QString id = answer.value(QStringLiteral("model"))
                           .toObject()
                           .value(QStringLiteral("model"))
                           .toString();
    QJsonArray metrics;
    for (const Row &row : rowsOf(id, model)) {
        const double m = Narration::numberAt(model, row.path);
        const double r = Narration::numberAt(real, row.path);
        const bool modelMeasured = Narration::measuredAt(model, row.path);
        const bool realMeasured = Narration::measuredAt(real, row.path);
        QJsonObject o{{QStringLiteral("path"), row.path},
                      {QStringLiteral("label"), row.label},
                      {QStringLiteral("unit"), row.unit},
                      {QStringLiteral("model"), modelMeasured ? QJsonValue(m) : QJsonValue()},
                      {QStringLiteral("real"), realMeasured ? QJsonValue(r) : QJsonValue()}};
        if (!modelMeasured || !realMeasured) {
            // A run that finished no video has no turnaround: there is nothing to hold the
            // other against, and no 0 is made up for it.
            o.insert(QStringLiteral("unmeasured"),
                     !modelMeasured && !realMeasured ? QStringLiteral("both")
                     : modelMeasured                 ? QStringLiteral("real")
                                                     : QStringLiteral("model"));
            metrics.append(o);
            continue;
        }
        const double bound = tolerance(id, row.path);
        if (std::abs(m) > 1e-12) {
            const double d = r / m - 1;
            o.insert(QStringLiteral("difference"), d);
            o.insert(QStringLiteral("distance"), std::abs(d)); // what the sentences quote
            if (bound > 0) {
                o.insert(QStringLiteral("tolerance"), bound);
                o.insert(QStringLiteral("agrees"), std::abs(d) <= bound);
            }
        } else if (bound > 0) {
            o.insert(QStringLiteral("tolerance"), bound);
            o.insert(QStringLiteral("agrees"), std::abs(r) < 1e-12);
        }
        metrics.append(o);
    }
    QJsonObject comparison{{QStringLiteral("metrics"), metrics}};
    if (id == QLatin1String("transcoding")) {
        // Present: held on average by more than a hundredth of a video.
        const bool inModel = model.value(QStringLiteral("hoarded_jobs")).toDouble() > 0.01;
        const bool inReal = real.value(QStringLiteral("hoarded_jobs")).toDouble() > 0.01;
        comparison.insert(QStringLiteral("hoarding"),
                          QJsonObject{{QStringLiteral("model"), inModel},
                                      {QStringLiteral("real"), inReal},
                                      {QStringLiteral("in_both"), inModel && inReal}});
    }
    return comparison;
}

QList<Sentence> sentences(const QJsonObject &answer)
{
    const QString id = answer.value(QStringLiteral("model"))
                           .toObject()
                           .value(QStringLiteral("model"))
                           .toString();
    if (id == QLatin1String("transcoding"))
        return transcodingSentences(answer);
    if (id == QLatin1String("feed"))
        return feedSentences(answer);
    if (id == QLatin1String("orm"))
        return ormSentences(answer);
    return {};
}

Narration::Table table(const QJsonObject &answer)
{
    const QString id = answer.value(QStringLiteral("model"))
                           .toObject()
                           .value(QStringLiteral("model"))
                           .toString();
    Narration::Table t;
    const bool orm = id == QLatin1String("orm"); // the lab's own queries against Django's
    t.headers = {QObject::tr("quantity"),
                 QObject::tr("unit"),
                 orm ? QObject::tr("the lab") : QObject::tr("model"),
                 orm ? QObject::tr("Django") : QObject::tr("real"),
                 QObject::tr("difference")}; // short: the table fits a narrow page at 200 %
    const QJsonArray metrics = comparisonRows(answer);
    for (int i = 0; i < metrics.size(); ++i) {
        const QJsonObject row = metrics.at(i).toObject();
        const Schema::Metric metric = metricOf(id,
                                               {row.value(QStringLiteral("path")).toString(),
                                                row.value(QStringLiteral("label")).toString(),
                                                row.value(QStringLiteral("unit")).toString()});
        QString difference = QObject::tr("–");
        if (row.contains(QStringLiteral("difference"))) {
            const double d = row.value(QStringLiteral("difference")).toDouble();
            difference
                = QStringLiteral("%1%2 %").arg(d >= 0 ? QStringLiteral("+") : QStringLiteral("−"),
                                               Narration::format(std::abs(d), Share));
            if (row.contains(QStringLiteral("agrees")))
                difference
                    += row.value(QStringLiteral("agrees")).toBool()
                           ? QObject::tr(" (within %1 %)")
                                 .arg(Narration::format(
                                     row.value(QStringLiteral("tolerance")).toDouble(), Share))
                           : QObject::tr(" (beyond %1 %)")
                                 .arg(Narration::format(
                                     row.value(QStringLiteral("tolerance")).toDouble(), Share));
        }
        const auto cell = [&](const QString &run) {
            const QJsonValue v = row.value(run);
            return v.isDouble() ? Narration::format(v.toDouble(), metric)
                                : (metric.unmeasured.isEmpty() ? QObject::tr("not measured")
                                                               : metric.unmeasured);
        };
        t.rows.append({row.value(QStringLiteral("label")).toString(),
                       Narration::unit(metric),
                       cell(QStringLiteral("model")),
                       cell(QStringLiteral("real")),
                       difference});
    }
    return t;
}

} // namespace Real

} // namespace Startup
