// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The words and tables of the Results pages, read off Report::run's results.

#include "narration.h"

#include "rules.h"
#include "sentencebuilder.h"

#include <kit/jsonio.h>

#include <QJsonArray>
#include <QObject>
#include <QRegularExpression>

#include <cmath>

namespace Startup {

namespace Narration {

namespace {

const Schema::Metric &metricOf(const QString &model, const QString &path)
{
    return *Schema::model(model)->metric(path);
}

/** The choice ID of MODEL's field KEY in words. */
QString choiceWords(const QString &model, const QString &key, const QString &id)
{
    const Schema::Field *f = Schema::model(model)->field(key);
    const qsizetype i = f ? f->choices.indexOf(id) : -1;
    return i < 0 ? id : f->choiceLabels.at(i);
}

Quote transcodingQuote(const QJsonObject &report, const QString &path)
{
    return quote(numberAt(report, path), metricOf(QStringLiteral("transcoding"), path), path);
}

/** "V UNIT" for one of the transcoding day's metrics. */
Sentence withUnit(const QJsonObject &report, const QString &path)
{
    Builder b;
    b << transcodingQuote(report, path) << QStringLiteral(" ")
      << unit(metricOf(QStringLiteral("transcoding"), path));
    return b.piece();
}

std::optional<Sentence> plottedQueue(const QJsonObject &report)
{
    const QJsonObject queue = report.value(QStringLiteral("queue")).toObject();
    Builder b(QStringLiteral("queue"));
    const Schema::Metric shares{QString(), QString(), QStringLiteral("share")};
    const Schema::Metric videos{QString(), QString(), QStringLiteral("videos")};
    if (queue.value(QStringLiteral("grew_all_day")).toBool()) {
        b.fact(QStringLiteral("grew_all_day"), true);
        b << QObject::tr("In the run plotted (the first) the queue grew all day: never empty "
                         "after the warm-up and at its longest when the day ended (")
          << quote(queue.value(QStringLiteral("at_end")).toDouble(),
                   videos,
                   QStringLiteral("queue.at_end"))
          << QObject::tr(" videos).");
        return b.done();
    }
    if (queue.value(QStringLiteral("empty_share")).toDouble() >= 0.5) {
        b.fact(QStringLiteral("grew_all_day"), false);
        b << QObject::tr("In the run plotted (the first) the broker's queue was empty in ")
          << quote(queue.value(QStringLiteral("empty_share")).toDouble(),
                   shares,
                   QStringLiteral("queue.empty_share"))
          << QObject::tr(" % of the ")
          << count(queue.value(QStringLiteral("samples")).toDouble(),
                   QStringLiteral("queue.samples"))
          << (queue.value(QStringLiteral("samples")).toInt() == 1
                  ? QObject::tr(" sample taken after the warm-up.")
                  : QObject::tr(" samples taken after the warm-up."));
        return b.done();
    }
    if (queue.value(QStringLiteral("at_end")).toDouble() > 0) {
        // Empty at night, so it did not grow all day, but a backlog all the same.
        b << QObject::tr("In the run plotted (the first) ")
          << quote(queue.value(QStringLiteral("at_end")).toDouble(),
                   videos,
                   QStringLiteral("queue.at_end"))
          << QObject::tr(" videos were still waiting in the broker's queue when the day ended.");
        return b.done();
    }
    return std::nullopt;
}

/** The half-width of METRIC's interval in a result with replications, 0 without. */
double halfWidth(const QJsonObject &result, const QString &metric)
{
    return result.value(QStringLiteral("ci95")).toObject().value(metric).toDouble();
}

QString deliveryOf(const QJsonObject &method)
{
    return choiceWords(QStringLiteral("feed"),
                       QStringLiteral("delivery"),
                       method.value(QStringLiteral("delivery")).toString());
}

/** Where Student's t drew intervals past what their quantities can be: LOW below their least
 *  (LEAST, a quote of the input that sets it, or 0), HIGH above 100 %; each cut there. */
std::optional<Sentence> cutNote(const QList<Sentence> &low,
                                const std::optional<Sentence> &least,
                                const QList<Sentence> &high)
{
    if (low.isEmpty() && high.isEmpty())
        return std::nullopt;
    Builder b(QStringLiteral("cut"));
    const QString marked = QObject::tr(" (marked \"cut\" in the table).");
    if (!low.isEmpty()) {
        b << QObject::tr("Student's t reaches below ");
        if (least)
            b << *least;
        else
            b << QObject::tr("zero");
        b << QObject::tr(" for the ") << listed(low)
          << (least ? QObject::tr(", less than any run can give: ")
                    : QObject::tr(", which no run can give: "))
          << (low.size() + high.size() == 1 ? QObject::tr("that interval is cut there")
                                            : QObject::tr("those intervals are cut there"));
        if (high.isEmpty())
            b << marked;
        else
            b << QObject::tr("; and ");
    }
    if (!high.isEmpty()) {
        b << (low.isEmpty() ? QObject::tr("Student's t reaches past a whole share for the ")
                            : QObject::tr("past a whole share for the "))
          << listed(high) << QObject::tr(", which no share can pass: cut there") << marked;
    }
    return b.done();
}

Sentence fastest(const QJsonObject &report)
{
    const QJsonArray methods = report.value(QStringLiteral("methods")).toArray();
    const QString p95 = QStringLiteral("latency_seconds.p95");
    const Schema::Metric &m = metricOf(QStringLiteral("feed"), p95);
    const int replications = report.value(QStringLiteral("replications")).toInt(1);
    auto q = [&](int i) {
        const QString path = QStringLiteral("methods.%1.%2").arg(i).arg(p95);
        Builder b;
        b << quote(numberAt(report, path), m, path) << QStringLiteral(" s");
        return b.piece();
    };
    // A method whose runs delivered nothing has no latency to compare; one where only some runs
    // delivered is the mean of those.
    std::vector<int> measured;
    QList<Sentence> none, some;
    bool single = false; // a delivery with a latency from one run: no interval
    for (int i = 0; i < methods.size(); ++i) {
        const QJsonObject o = methods.at(i).toObject();
        if (!measuredAt(o, p95)) {
            Builder e;
            e << deliveryOf(o);
            none.append(e.piece());
            continue;
        }
        const QJsonValue runs = Kit::JsonIo::valueAt(o, QStringLiteral("measured_runs.") + p95);
        single = single || (replications > 1 && runs.toInt(2) == 1);
        if (replications < 2 || runs.toInt(2) >= 2)
            measured.push_back(i); // with an interval when there are replications
        if (runs.isDouble()) {
            Builder e;
            e << deliveryOf(o) << QStringLiteral(" (")
              << count(runs.toDouble(),
                       QStringLiteral("methods.%1.measured_runs.%2").arg(i).arg(p95))
              << QObject::tr(" of ") << count(replications, QStringLiteral("replications"))
              << QStringLiteral(")");
            some.append(e.piece());
        }
    }
    Builder b(QStringLiteral("fastest"));
    auto unmeasured = [&] {
        if (!none.isEmpty())
            b << QStringLiteral(" ") << listed(none)
              << QObject::tr(" delivered no notification in any run, so %1 no latency.")
                     .arg(none.size() == 1 ? QObject::tr("it has") : QObject::tr("they have"));
        if (!some.isEmpty())
            b << QStringLiteral(" ")
              << (single ? QObject::tr("Some runs delivered no notification; latencies are of "
                                       "the runs that did, and one run alone has no interval to "
                                       "compare: ")
                         : QObject::tr("Some runs delivered no notification; latencies are of "
                                       "the runs that did: "))
              << listed(some) << QStringLiteral(".");
        // A p95 of a handful of notifications is a run's slowest, or next to it.
        QList<Sentence> few;
        for (int i = 0; i < methods.size(); ++i) {
            const QJsonObject o = methods.at(i).toObject();
            // A run's count, of the runs that delivered any where some delivered none.
            const bool someNone = o.contains(QStringLiteral("delivered_measuring"));
            const QString key
                = someNone ? QStringLiteral("delivered_measuring") : QStringLiteral("delivered");
            const double delivered = o.value(key).toDouble();
            // One run with a handful is enough: its p95 is its slowest, and it is in the mean.
            const bool fewest = o.contains(QStringLiteral("delivered_fewest"))
                                && o.value(QStringLiteral("delivered_fewest")).toDouble() < 20
                                && delivered >= 20;
            if (!measuredAt(o, p95) || (delivered >= 20 && !fewest))
                continue;
            Builder e;
            e << deliveryOf(o) << QStringLiteral(" (");
            if (fewest)
                e << QObject::tr("the fewest in a run that delivered any: ")
                  << quote(o.value(QStringLiteral("delivered_fewest")).toDouble(),
                           Schema::Metric{QStringLiteral("delivered_fewest"),
                                          QString(),
                                          QStringLiteral("notifications")},
                           QStringLiteral("methods.%1.delivered_fewest").arg(i));
            else
                e << quote(delivered,
                           Schema::Metric{key, QString(), QStringLiteral("notifications")},
                           QStringLiteral("methods.%1.%2").arg(i).arg(key))
                  << (someNone ? QObject::tr(" in each run that delivered any, on average")
                               : QString());
            e << QStringLiteral(")");
            few.append(e.piece());
        }
        b.fact(QStringLiteral("few_notifications"), !few.isEmpty());
        if (!few.isEmpty())
            b << (replications > 1
                      ? QObject::tr(" In some runs fewer than twenty notifications were delivered "
                                    "by ")
                      : QObject::tr(" Fewer than twenty notifications were delivered by "))
              << listed(few)
              << QObject::tr(": a p95 of so few is the slowest of them, or next to it.");
    };
    if (measured.empty() && some.isEmpty()) {
        b << QObject::tr("No notification was delivered in any run, by ")
          << listed(none, QObject::tr("or")) << QObject::tr(", so there is no latency to compare.");
        return b.done();
    }
    if (measured.empty()) {
        b << QObject::tr("No delivery has a latency with an interval to compare.");
        unmeasured();
        return b.done();
    }
    if (replications < 2 || measured.size() < 2) {
        QList<Sentence> each;
        for (const int i : measured) {
            Builder e;
            e << deliveryOf(methods.at(i).toObject()) << QStringLiteral(" ") << q(i);
            each.append(e.piece());
        }
        b << QObject::tr("The p95 latencies: ") << listed(each);
        if (replications < 2)
            b << QObject::tr("; one run each, so none of them has an interval.");
        else
            b << QStringLiteral(".");
        unmeasured();
        return b.done();
    }
    // The intervals as the table shows them: none below the network's own delay.
    const double least = Rules::least(m, report.value(QStringLiteral("input")).toObject());
    std::vector<Rules::Point> points;
    for (const int i : measured) {
        const QJsonObject o = methods.at(i).toObject();
        points.push_back(Rules::interval(0, numberAt(o, p95), halfWidth(o, p95), m, least));
    }
    const int bestAt = Rules::best(points, Schema::Better::Lower);
    const int best = measured[std::size_t(bestAt)];
    std::vector<int> like;
    for (const int k : Rules::likeBest(points, bestAt))
        like.push_back(measured[std::size_t(k)]);
    b.fact(QStringLiteral("point"), best);
    QJsonArray likeJson;
    for (const int i : like)
        likeJson.append(i);
    b.fact(QStringLiteral("like"), likeJson);
    if (like.size() == 1) {
        b << QObject::tr("%1 delivers fastest: p95 latency ")
                 .arg(deliveryOf(methods.at(best).toObject()))
          << q(best) << QObject::tr(", its 95 % interval apart from the others'.");
        unmeasured();
        return b.done();
    }
    // Anchored on the lowest mean: a delivery between it and one that overlaps it, whose own
    // interval does not, is neither hidden nor called slower.
    QList<Sentence> same;
    for (const int i : like) {
        if (i == best)
            continue;
        Builder e;
        e << deliveryOf(methods.at(i).toObject()) << QStringLiteral(" (") << q(i)
          << QStringLiteral(")");
        same.append(e.piece());
    }
    // A tie as written (every run at the network's delay, say): none of the tied is lower,
    // whatever else overlaps them.
    QList<Sentence> tied, rest;
    for (const int i : like) {
        Builder e;
        e << deliveryOf(methods.at(i).toObject());
        if (q(i).text == q(best).text) {
            tied.append(e.piece());
        } else {
            e << QStringLiteral(" (") << q(i) << QStringLiteral(")");
            rest.append(e.piece());
        }
    }
    const bool tie = tied.size() > 1;
    b.fact(QStringLiteral("tie"), tie);
    if (tie) {
        b << listed(tied) << QObject::tr(" have the same mean p95 latency, ") << q(best)
          << (tied.size() == 2 ? QObject::tr(": neither delivers faster than the other.")
                               : QObject::tr(": none delivers faster than the others."));
        if (!rest.isEmpty())
            b << QObject::tr(" Their 95 % intervals overlap that of ") << listed(rest)
              << QObject::tr(", so whether any of them delivers fastest cannot be told.");
        unmeasured();
        return b.done();
    }
    b << QObject::tr("%1 has the lowest mean p95 latency, ")
             .arg(deliveryOf(methods.at(best).toObject()))
      << q(best) << QObject::tr(", but its 95 % interval overlaps that of ") << listed(same)
      << QObject::tr(", so which delivers fastest cannot be told.");
    unmeasured();
    return b.done();
}

} // namespace

std::optional<Sentence> defaults(const QJsonObject &report)
{
    const QJsonObject used = report.value(QStringLiteral("defaults")).toObject();
    const QString model = report.value(QStringLiteral("model")).toString();
    const Schema::Model *m = Schema::model(model);
    if (used.isEmpty() || !m)
        return std::nullopt;
    QList<Sentence> items;
    for (const Schema::Field &f : m->fields) { // in the form's order
        if (!used.contains(f.key))
            continue;
        const QJsonValue v = used.value(f.key);
        Builder e;
        e << f.label.toLower() << QStringLiteral(" ");
        if (v.isDouble())
            e << input(v.toDouble(), QStringLiteral("input.") + f.key)
              << (f.unit.isEmpty() ? QString() : QLatin1Char(' ') + f.unit);
        else if (v.isBool())
            e << (v.toBool() ? QObject::tr("on") : QObject::tr("off"));
        else if (v.isString())
            e << choiceWords(model, f.key, v.toString());
        else
            e << QObject::tr("(the default)");
        items.append(e.piece());
    }
    Builder b(QStringLiteral("defaults"));
    b.fact(QStringLiteral("fields"), QJsonArray::fromStringList(used.keys()));
    b << QObject::tr("Not in the scenario, so taken from the defaults: ") << listed(items)
      << QStringLiteral(".");
    return b.done();
}

/** " (in N of R runs; the mean is of those)" when only some runs measured PATH, else nothing. */
Sentence someRuns(const QJsonObject &report, const QString &path, const QString &what)
{
    Builder b;
    const QJsonValue runs = Kit::JsonIo::valueAt(report, QStringLiteral("measured_runs.") + path);
    if (!runs.isDouble())
        return b.piece();
    b << QStringLiteral(" (") << what << QObject::tr(" in ")
      << count(runs.toDouble(), QStringLiteral("measured_runs.") + path) << QObject::tr(" of ")
      << count(report.value(QStringLiteral("replications")).toDouble(),
               QStringLiteral("replications"))
      << QObject::tr(" runs; the figures are of those)");
    return b.piece();
}

/** Whether the run had a warm-up, whose videos the turnaround and the share leave out. */
bool warmedUp(const QJsonObject &report)
{
    return Kit::JsonIo::valueAt(report, QStringLiteral("input.warmup_hours")).toDouble() > 0;
}

/** The turnaround sentence: of the finished videos only; where the unfinished ones, counted at
 *  their ages, already raise a quantile, by how much at least. */
Sentence turnaround(const QJsonObject &report)
{
    const int replications = report.value(QStringLiteral("replications")).toInt(1);
    Builder b(QStringLiteral("turnaround"));
    const QString p50 = QStringLiteral("turnaround_minutes.p50");
    if (!measuredAt(report, p50)) {
        b.fact(QStringLiteral("measured"), false);
        if (numberAt(report, QStringLiteral("arrived")) == 0) {
            b << QObject::tr("No video arrived%1, so there is no turnaround to tell.")
                     .arg(replications > 1 ? QObject::tr(" in any run") : QString());
            return b.done();
        }
        if (warmedUp(report)) {
            // The unfinished count is the whole day's: said so, beside a sentence about the
            // videos after the warm-up.
            b << QObject::tr("No video that arrived after the warm-up finished%1, so there is no "
                             "turnaround to tell (")
                     .arg(replications > 1 ? QObject::tr(" in any run") : QString())
              << transcodingQuote(report, QStringLiteral("unfinished"))
              << (numberAt(report, QStringLiteral("unfinished")) == 1
                      ? QObject::tr(" video of the whole day, warm-up included, was unfinished at "
                                    "the end).")
                      : QObject::tr(" videos of the whole day, warm-up included, were unfinished "
                                    "at the end)."));
            return b.done();
        }
        b << QObject::tr("No video finished%1, so there is no turnaround to tell (")
                 .arg(replications > 1 ? QObject::tr(" in any run") : QString())
          << transcodingQuote(report, QStringLiteral("unfinished"))
          << (numberAt(report, QStringLiteral("unfinished")) == 1
                  ? QObject::tr(" video was unfinished at the end).")
                  : QObject::tr(" videos were unfinished at the end)."));
        return b.done();
    }
    b.fact(QStringLiteral("measured"), true);
    const bool unfinished = numberAt(report, QStringLiteral("unfinished")) > 0;
    const bool allRuns
        = !Kit::JsonIo::valueAt(report, QStringLiteral("measured_runs.") + p50).isDouble();
    // Only a finished video has a turnaround. An unfinished one's is at least its age when the
    // day ended: where counting them at their ages already raises a quantile, the real one is
    // higher still; otherwise nothing is said about which way they would move it.
    QList<Sentence> raised;
    QJsonArray raisedJson;
    QStringList raisedNames;
    if (unfinished && allRuns) {
        for (const QString &q :
             {QStringLiteral("p50"), QStringLiteral("p95"), QStringLiteral("p99")}) {
            const QString finished = QStringLiteral("turnaround_minutes.") + q;
            const QString atLeast = QStringLiteral("turnaround_at_least_minutes.") + q;
            const Schema::Metric &m = metricOf(QStringLiteral("transcoding"), finished);
            // Raised by as much as the figures show: the bound, rounded down, above the
            // finished-only figure as it is written.
            if (!measuredAt(report, atLeast)
                || formatLowerBound(numberAt(report, atLeast), m).toDouble()
                       <= format(numberAt(report, finished), m).toDouble())
                continue;
            const QString name = q == QLatin1String("p50") ? QObject::tr("median") : q;
            Builder e;
            e << QObject::tr("the ") << name << QObject::tr(" is at least ")
              << lowerBound(numberAt(report, atLeast), m, atLeast) << QObject::tr(" min");
            raised.append(e.piece());
            raisedJson.append(q);
            raisedNames.append(name);
        }
    }
    b.fact(QStringLiteral("raised"), raisedJson);
    const double lost = numberAt(report, QStringLiteral("lost_jobs"));
    if (unfinished || lost > 0) {
        // Every video the figures leave out is said: lost ones have no turnaround either.
        // Lost and unfinished are counted over the whole run: said so where a warm-up leaves
        // some of them outside the figures' videos.
        b << QObject::tr("Turnaround of the finished videos only%1 (")
                 .arg(replications > 1 ? QObject::tr(", means of the runs") : QString());
        if (lost > 0)
            b << transcodingQuote(report, QStringLiteral("lost_jobs"))
              << (unfinished ? QObject::tr(" lost and ") : QObject::tr(" lost"));
        if (unfinished)
            b << transcodingQuote(report, QStringLiteral("unfinished"))
              << QObject::tr(" unfinished at the end");
        const bool one
            = (lost > 0) + unfinished == 1
              && numberAt(report,
                          lost > 0 ? QStringLiteral("lost_jobs") : QStringLiteral("unfinished"))
                     == 1;
        if (warmedUp(report))
            b << QObject::tr(", counted over the whole run with its warm-up,");
        b << (one ? QObject::tr(" is not in it): median ")
                  : QObject::tr(" are not in it): median "));
    } else {
        b << QObject::tr("Turnaround%1: median ")
                 .arg(replications > 1 ? QObject::tr(" (means of the runs)") : QString());
    }
    b << transcodingQuote(report, p50) << QObject::tr(", p95 ")
      << transcodingQuote(report, QStringLiteral("turnaround_minutes.p95")) << QObject::tr(", p99 ")
      << withUnit(report, QStringLiteral("turnaround_minutes.p99"))
      << someRuns(report, p50, QObject::tr("finished videos")) << QStringLiteral(".");
    // How many of the videos the figures could have described did finish: under half, the
    // figures are of a minority.
    const double finishedCount = numberAt(report, QStringLiteral("turnaround_finished"));
    const double arrivedCount = numberAt(report, QStringLiteral("measured_arrived"));
    const bool fewFinished = (unfinished || lost > 0) && allRuns
                             && measuredAt(report, QStringLiteral("measured_arrived"))
                             && finishedCount < arrivedCount;
    b.fact(QStringLiteral("minority"), fewFinished && 2 * finishedCount < arrivedCount);
    if (fewFinished) {
        auto videos = [&](const QString &path) {
            return quote(numberAt(report, path),
                         Schema::Metric{path, QString(), QStringLiteral("videos")},
                         path);
        };
        const bool minority = 2 * finishedCount < arrivedCount;
        b << (minority ? QObject::tr(" Only ") : QStringLiteral(" "))
          << videos(QStringLiteral("turnaround_finished")) << QObject::tr(" of the ")
          << videos(QStringLiteral("measured_arrived"))
          << (warmedUp(report) ? QObject::tr(" videos that arrived after the warm-up")
                               : QObject::tr(" videos that arrived"))
          << (replications > 1 ? QObject::tr(" (a run, on average)") : QString())
          << (minority ? QObject::tr(" finished, fewer than half: these figures describe that "
                                     "minority, not a typical video.")
                       : QObject::tr(" finished."));
    }
    // A quantile past what so few videos can show: each run's slowest, or near it.
    // Of the runs that finished any, where some finished none (those have no quantile at all).
    const bool someNone = measuredAt(report, QStringLiteral("turnaround_finished_measuring"));
    const QString rankedKey = someNone ? QStringLiteral("turnaround_finished_measuring")
                                       : QStringLiteral("turnaround_finished");
    const double ranked = numberAt(report, rankedKey);
    if (measuredAt(report, rankedKey) && ranked < 100) {
        b.fact(QStringLiteral("few_videos"), true);
        b << QObject::tr(" With only ")
          << quote(
                 ranked, Schema::Metric{rankedKey, QString(), QStringLiteral("videos")}, rankedKey)
          << (ranked == 1
                  ? QObject::tr(" finished video%1 to rank, the median, p95 and p99 are all that "
                                "video's turnaround.")
                        .arg(someNone           ? QObject::tr(" in each run that finished any")
                             : replications > 1 ? QObject::tr(" a run")
                                                : QString())
                  : (ranked < 20 ? QObject::tr(" finished videos%1 to rank, the p95 and p99 are "
                                               "%2 slowest or next to it.")
                                 : QObject::tr(" finished videos%1 to rank, the p99 is %2 slowest "
                                               "or next to it."))
                        .arg(someNone           ? QObject::tr(" in each run that finished any")
                             : replications > 1 ? QObject::tr(" a run")
                                                : QString(),
                             replications > 1 ? QObject::tr("each run's")
                                              : QObject::tr("the run's")));
    }
    if (!raised.isEmpty())
        b << QObject::tr(" Counting each unfinished video at its age when the day ended, ")
          << listed(raised)
          << (raisedNames.size() == 1
                  ? QObject::tr(", so the real %1 is longer than shown.").arg(raisedNames.first())
                  : QObject::tr(", so the real %1 are longer than shown.")
                        .arg(raisedNames.size() == 2 ? raisedNames.join(QObject::tr(" and "))
                                                     : QObject::tr("median, p95 and p99")));
    return b.done();
}

QList<Sentence> transcoding(const QJsonObject &report)
{
    QList<Sentence> list;
    const int replications = report.value(QStringLiteral("replications")).toInt(1);
    const Schema::Metric &share
        = metricOf(QStringLiteral("transcoding"), QStringLiteral("sla_share"));
    const QString anyRun = replications > 1 ? QObject::tr(" in any run") : QString();
    if (!measuredAt(report, QStringLiteral("sla_share"))) {
        Builder b(QStringLiteral("promise"));
        b.fact(QStringLiteral("measured"), false);
        b << (numberAt(report, QStringLiteral("arrived")) == 0
                  ? QObject::tr("No video arrived%1, so none could be judged against the promise.")
              : warmedUp(report)
                  ? QObject::tr("No video that arrived after the warm-up could be judged against "
                                "the promise%1: none of them finished, and none still waiting had "
                                "passed its own length when the day ended.")
                  : QObject::tr("No video could be judged against the promise%1: none finished, "
                                "and none still waiting had passed its own length when the day "
                                "ended."))
                 .arg(anyRun);
        list.append(b.done());
    } else {
        Builder b(QStringLiteral("promise"));
        b.fact(QStringLiteral("measured"), true);
        // A run's count, of the runs that had videos to judge where some had none.
        const bool someJudgedNone = measuredAt(report, QStringLiteral("sla_judged_measuring"));
        const QString judgedKey = someJudgedNone ? QStringLiteral("sla_judged_measuring")
                                                 : QStringLiteral("sla_judged");
        const Quote mean = quote(numberAt(report, QStringLiteral("promise.mean")),
                                 share,
                                 QStringLiteral("promise.mean"));
        b << mean
          << QObject::tr(" % of videos kept the promise: done within their own length (lost ones, "
                         "and those still waiting past their length when the day ended, missed "
                         "it). It is a share of ")
          << quote(numberAt(report, judgedKey),
                   Schema::Metric{judgedKey, QString(), QStringLiteral("videos")},
                   judgedKey)
          << (numberAt(report, judgedKey) == 1 ? QObject::tr(" video") : QObject::tr(" videos"))
          << (someJudgedNone     ? QObject::tr(" in each run that had any, on average")
              : replications > 1 ? QObject::tr(" a run, on average")
                                 : QString())
          << QObject::tr(" (finished, lost, or past their length at the end)");
        // Only videos that arrived once the warm-up was over are judged: fewer than arrived.
        const double warmup
            = Kit::JsonIo::valueAt(report, QStringLiteral("input.warmup_hours")).toDouble();
        if (warmup > 0)
            b << QObject::tr(" that arrived after the ")
              << input(warmup, QStringLiteral("input.warmup_hours")) << QObject::tr(" h warm-up");
        b << QStringLiteral(".");
        // All kept (or none): however the runs agree, a few videos make no certainty. The
        // exact binomial interval over every video judged says how far it may be off.
        auto exact = [&](const QString &lead) {
            if (!measuredAt(report, QStringLiteral("promise.exact.videos")))
                return;
            const bool all = numberAt(report, QStringLiteral("promise.mean")) >= 1;
            const QString bound
                = all ? QStringLiteral("promise.exact.low") : QStringLiteral("promise.exact.high");
            const double videos = numberAt(report, QStringLiteral("promise.exact.videos"));
            b << lead << count(videos, QStringLiteral("promise.exact.videos"))
              << (videos == 1 ? QObject::tr(" video in all, and the exact binomial 95 % interval "
                                            "of a share from it reaches ")
                              : QObject::tr(" videos in all, and the exact binomial 95 % interval "
                                            "of a share from them reaches "))
              << (all ? QObject::tr("down to ") : QObject::tr("up to "))
              << quote(numberAt(report, bound), share, bound) << QObject::tr(" %");
        };
        const bool same = format(numberAt(report, QStringLiteral("promise.low")), share)
                          == format(numberAt(report, QStringLiteral("promise.high")), share);
        if (replications > 1 && same) {
            // No spread to make an interval of: every run gave the same share.
            const bool some
                = Kit::JsonIo::valueAt(report, QStringLiteral("measured_runs.sla_share"))
                      .isDouble();
            if (some)
                b << QObject::tr(" Every run that had videos to judge gave that share, so there "
                                 "is no spread to make an interval of");
            else
                b << QObject::tr(" Every one of the ")
                  << count(replications, QStringLiteral("replications"))
                  << QObject::tr(" runs gave that share, so there is no spread to make an "
                                 "interval of");
            b << someRuns(report, QStringLiteral("sla_share"), QObject::tr("videos to judge"));
            exact(QObject::tr(". Still, that is "));
            b << QStringLiteral(".");
        } else if (replications > 1) {
            // Of the runs that had videos to judge, where some had none: said once, here.
            const QJsonValue judgedRuns
                = Kit::JsonIo::valueAt(report, QStringLiteral("measured_runs.sla_share"));
            if (judgedRuns.isDouble())
                b << QObject::tr(" Mean of the ")
                  << count(judgedRuns.toDouble(), QStringLiteral("measured_runs.sla_share"))
                  << QObject::tr(" of ") << count(replications, QStringLiteral("replications"))
                  << QObject::tr(" runs that had videos to judge; 95 % confidence interval ");
            else
                b << QObject::tr(" Mean of ") << count(replications, QStringLiteral("replications"))
                  << QObject::tr(" runs; 95 % confidence interval ");
            b << quoteLike(numberAt(report, QStringLiteral("promise.low")),
                           share,
                           QStringLiteral("promise.low"),
                           mean)
              << QObject::tr(" to ")
              << quoteLike(numberAt(report, QStringLiteral("promise.high")),
                           share,
                           QStringLiteral("promise.high"),
                           mean)
              << QObject::tr(" %");
            // Student's t reaches past what a share can be: the interval is cut there.
            const double m = numberAt(report, QStringLiteral("promise.mean"));
            const double half = numberAt(report, QStringLiteral("ci95.sla_share"));
            if ((numberAt(report, QStringLiteral("promise.low")) == 0 && m - half < 0)
                || (numberAt(report, QStringLiteral("promise.high")) == 1 && m + half > 1))
                b << QObject::tr(" (cut there: Student's t reaches beyond what a share can be)");
            b << QStringLiteral(".");
        } else {
            b << QObject::tr(" One run, so it has no interval");
            exact(QObject::tr(". Within it, that is "));
            b << QStringLiteral(".");
        }
        list.append(b.done());
    }
    list.append(turnaround(report));
    {
        Builder b(QStringLiteral("machines"));
        b << QObject::tr("Machines were busy ") << withUnit(report, QStringLiteral("utilization"))
          << QObject::tr(" of their slot time; ");
        if (numberAt(report, QStringLiteral("hoarded_jobs")) > 0) {
            b << QObject::tr("busy machines held ")
              << transcodingQuote(report, QStringLiteral("hoarded_jobs"))
              << QObject::tr(" prefetched videos on average while a slot stood idle elsewhere "
                             "(hoarding).");
        } else {
            b << QObject::tr("no busy machine held a prefetched video while a slot stood idle "
                             "elsewhere (no hoarding).");
        }
        list.append(b.done());
    }
    {
        Builder b(QStringLiteral("losses"));
        b << (warmedUp(report) ? QObject::tr("Over the whole run, the warm-up included: lost ")
                               : QObject::tr("Lost "))
          << transcodingQuote(report, QStringLiteral("lost_jobs")) << QObject::tr(", redelivered ")
          << transcodingQuote(report, QStringLiteral("redelivered"))
          << QObject::tr(", work done twice ")
          << withUnit(report, QStringLiteral("work_done_twice_minutes")) << QStringLiteral(", ")
          << transcodingQuote(report, QStringLiteral("unfinished"))
          << (numberAt(report, QStringLiteral("unfinished")) == 1
                  ? QObject::tr(" video unfinished at the end")
                  : QObject::tr(" videos unfinished at the end"));
        if (replications > 1)
            b << QObject::tr(" (means of the ")
              << count(replications, QStringLiteral("replications")) << QObject::tr(" runs)");
        b << QStringLiteral(".");
        list.append(b.done());
    }
    {
        Builder b(QStringLiteral("cost"));
        b << transcodingQuote(report, QStringLiteral("instance_hours"))
          << QObject::tr(" instance-hours, ");
        if (measuredAt(report, QStringLiteral("cost_per_video_minute"))) {
            // The cost is the whole day's (its instance-hours and every video finished), the
            // warm-up's too: its runs are counted as such, not as the turnaround's.
            b << transcodingQuote(report, QStringLiteral("cost_per_video_minute"))
              << (warmedUp(report) ? QObject::tr(" $ per video minute over the whole run, the "
                                                 "warm-up included")
                                   : QObject::tr(" $ per video minute"));
            if (replications > 1
                && !measuredAt(report, QStringLiteral("measured_runs.cost_per_video_minute")))
                b << QObject::tr(" (the mean of the ")
                  << count(replications, QStringLiteral("replications"))
                  << QObject::tr(" runs' own)");
            b << someRuns(report,
                          QStringLiteral("cost_per_video_minute"),
                          warmedUp(report) ? QObject::tr("videos finished in the run")
                                           : QObject::tr("finished videos"));
            // Its interval over the runs: a mean of per-run ratios may rest on very few videos.
            if (replications > 1 && measuredAt(report, QStringLiteral("cost.low"))
                && numberAt(report, QStringLiteral("cost.low"))
                       != numberAt(report, QStringLiteral("cost.high"))) {
                const Schema::Metric &cost = metricOf(QStringLiteral("transcoding"),
                                                      QStringLiteral("cost_per_video_minute"));
                const auto [low, high] = apart(numberAt(report, QStringLiteral("cost.low")),
                                               numberAt(report, QStringLiteral("cost.high")),
                                               cost,
                                               QStringLiteral("cost.low"),
                                               QStringLiteral("cost.high"));
                b << QObject::tr("; 95 % confidence interval ") << low << QObject::tr(" to ")
                  << high << QObject::tr(" $");
                if (Kit::JsonIo::valueAt(report, QStringLiteral("cost.cut")).toBool())
                    b << QObject::tr(" (cut there: Student's t reaches below what a cost can be)");
            }
            b << QStringLiteral(".");
        } else
            b << QObject::tr("and no video finished%1, so there is no cost per video minute.")
                     .arg(anyRun);
        list.append(b.done());
    }
    if (const auto q = plottedQueue(report))
        list.append(*q);
    if (report.contains(QStringLiteral("breakdown"))) {
        // Where a tenth or more of the videos did not finish, the turnaround's causes are of
        // the finished ones only, and said so.
        std::optional<Sentence> unfinished;
        const double finished = numberAt(report, QStringLiteral("turnaround_finished"));
        const double arrived = numberAt(report, QStringLiteral("measured_arrived"));
        if (measuredAt(report, QStringLiteral("measured_arrived")) && arrived > 0
            && finished < 0.9 * arrived) {
            auto videos = [&](const QString &path) {
                return quote(numberAt(report, path),
                             Schema::Metric{path, QString(), QStringLiteral("videos")},
                             path);
            };
            Builder u;
            u << QObject::tr("only ") << videos(QStringLiteral("turnaround_finished"))
              << QObject::tr(" of the ") << videos(QStringLiteral("measured_arrived"))
              << (warmedUp(report) ? QObject::tr(" videos that arrived after the warm-up")
                                   : QObject::tr(" videos that arrived"))
              << (replications > 1 ? QObject::tr(" (a run, on average)") : QString())
              << QObject::tr(" finished");
            unfinished = u.piece();
        }
        if (const auto c = causes(report.value(QStringLiteral("breakdown")).toObject(),
                                  QStringLiteral("breakdown"),
                                  QStringLiteral("transcoding"),
                                  0,
                                  {},
                                  false,
                                  unfinished))
            list.append(*c);
    }
    return list;
}

QList<Sentence> feed(const QJsonObject &report)
{
    QList<Sentence> list;
    const QJsonArray methods = report.value(QStringLiteral("methods")).toArray();
    if (methods.isEmpty())
        return list;
    const Schema::Metric seconds{QString(), QString(), QStringLiteral("s")};
    {
        // The picture: each delivery's share of notifications within a time, to its slowest.
        QList<Sentence> slowest;
        for (int i = 0; i < methods.size(); ++i) {
            const QString path = QStringLiteral("methods.%1.latency_percentiles.100").arg(i);
            if (!measuredAt(report, path))
                continue; // it delivered nothing: no curve (said below)
            Builder c;
            c << deliveryOf(methods.at(i).toObject()) << QStringLiteral(" ")
              << quote(numberAt(report, path), seconds, path) << QObject::tr(" s");
            slowest.append(c.piece());
        }
        if (!slowest.isEmpty()) {
            const int replications = report.value(QStringLiteral("replications")).toInt(1);
            Builder b(QStringLiteral("curves"));
            b << QObject::tr("Each curve is the share of a delivery's notifications that arrived "
                             "within the time under it (a logarithmic axis), up to its slowest: ")
              << listed(slowest)
              << (replications > 1 ? QObject::tr(" (the first of the runs).")
                                   : QStringLiteral("."));
            list.append(b.done());
        }
    }
    list.append(fastest(report));
    const QJsonObject input = report.value(QStringLiteral("input")).toObject();
    if (report.value(QStringLiteral("replications")).toInt(1) > 1) {
        // The table's latency intervals that Student's t drew below the network's own delay.
        QList<Sentence> low;
        const Schema::Model *model = Schema::model(QStringLiteral("feed"));
        for (int i = 0; i < methods.size(); ++i) {
            const QJsonObject o = methods.at(i).toObject();
            for (const QString &path :
                 {QStringLiteral("latency_seconds.p50"), QStringLiteral("latency_seconds.p95")}) {
                const Schema::Metric &metric = *model->metric(path);
                if (!measuredAt(o, path)
                    || Kit::JsonIo::valueAt(o, QStringLiteral("measured_runs.") + path).toInt(2)
                           < 2)
                    continue;
                const Rules::Point p = Rules::interval(
                    0, numberAt(o, path), halfWidth(o, path), metric, Rules::least(metric, input));
                if (!p.cut)
                    continue;
                Builder e;
                e << deliveryOf(o) << QStringLiteral(" ") << metric.label;
                low.append(e.piece());
            }
        }
        Builder least;
        least << QObject::tr("the network delay, ")
              << Narration::input(input.value(QStringLiteral("network_ms")).toDouble(),
                                  QStringLiteral("input.network_ms"))
              << QObject::tr(" ms,");
        if (const auto c = cutNote(low, least.piece(), {}))
            list.append(*c);
    }
    const QString capture = choiceWords(QStringLiteral("feed"),
                                        QStringLiteral("capture"),
                                        input.value(QStringLiteral("capture")).toString());
    const int replications = report.value(QStringLiteral("replications")).toInt(1);
    Builder b(QStringLiteral("missed"));
    if (numberAt(report, QStringLiteral("missed.count")) > 0) {
        b << QObject::tr("With a %1, ").arg(capture)
          << count(numberAt(report, QStringLiteral("missed.count")), QStringLiteral("missed.count"))
          << QObject::tr(" of ")
          << count(numberAt(report, QStringLiteral("missed.due")), QStringLiteral("missed.due"))
          << QObject::tr(" notifications (")
          << quote(numberAt(report, QStringLiteral("missed.share")),
                   {QString(), QString(), QStringLiteral("share")},
                   QStringLiteral("missed.share"))
          << (std::llround(numberAt(report, QStringLiteral("missed.count"))) == 1
                  ? QObject::tr(" %) was never sent, over ")
                  : QObject::tr(" %) were never sent, over "))
          << count(replications, QStringLiteral("replications"))
          << (replications == 1 ? QObject::tr(" run.") : QObject::tr(" runs."));
    } else if (numberAt(report, QStringLiteral("missed.due")) < 0.5) {
        b << QObject::tr("No notification was due, so none could be missed (%1).").arg(capture);
    } else if (std::llround(numberAt(report, QStringLiteral("missed.due"))) == 1) {
        b << QObject::tr("The one notification due was not missed (%1).").arg(capture);
    } else {
        b << QObject::tr("None of the ")
          << count(numberAt(report, QStringLiteral("missed.due")), QStringLiteral("missed.due"))
          << QObject::tr(" notifications due was missed (%1).").arg(capture);
    }
    list.append(b.done());
    if (report.contains(QStringLiteral("breakdown"))) {
        if (const auto c = causes(report.value(QStringLiteral("breakdown")).toObject(),
                                  QStringLiteral("breakdown"),
                                  QStringLiteral("feed"),
                                  0,
                                  {},
                                  false))
            list.append(*c);
    }
    return list;
}

Table feedTable(const QJsonObject &report)
{
    const int replications = report.value(QStringLiteral("replications")).toInt(1);
    Table t;
    t.headers = {QObject::tr("delivery"),
                 QObject::tr("latency p50 (s)"),
                 QObject::tr("latency p95 (s)"),
                 QObject::tr("requests (/ s)"),
                 QObject::tr("open connections (count)"),
                 replications > 1 ? QObject::tr("missed notifications (of those due, all runs)")
                                  : QObject::tr("missed notifications (of those due)")};
    const QJsonObject missed = report.value(QStringLiteral("missed")).toObject();
    const Schema::Metric shares{QString(), QString(), QStringLiteral("share")};
    const QString missedCell
        = QObject::tr("%1 of %2 (%3 %)")
              .arg(QString::number(std::llround(missed.value(QStringLiteral("count")).toDouble())),
                   QString::number(std::llround(missed.value(QStringLiteral("due")).toDouble())),
                   format(missed.value(QStringLiteral("share")).toDouble(), shares));
    const Schema::Model *feed = Schema::model(QStringLiteral("feed"));
    const QJsonObject input = report.value(QStringLiteral("input")).toObject();
    for (const QJsonValue v : report.value(QStringLiteral("methods")).toArray()) {
        const QJsonObject m = v.toObject();
        auto cell = [&m, &input, feed, replications](const QString &path) {
            const Schema::Metric &metric = *feed->metric(path);
            if (!measuredAt(m, path))
                return QObject::tr("none delivered");
            const double mean = numberAt(m, path);
            const QJsonValue runs
                = Kit::JsonIo::valueAt(m, QStringLiteral("measured_runs.") + path);
            const QString of = runs.isDouble() ? QObject::tr("\n(%1 of %2 runs delivered)")
                                                     .arg(runs.toInt())
                                                     .arg(replications)
                                               : QString();
            if (replications < 2 || runs.toInt(2) < 2)
                return format(mean, metric) + of;
            const Rules::Point p
                = Rules::interval(0, mean, halfWidth(m, path), metric, Rules::least(metric, input));
            return (p.cut ? QObject::tr("%1\n(%2 to %3, cut)") : QObject::tr("%1\n(%2 to %3)"))
                       .arg(format(mean, metric), format(p.low, metric), format(p.high, metric))
                   + of;
        };
        if (m.value(QStringLiteral("delivery")) == input.value(QStringLiteral("delivery")))
            t.chosen = int(t.rows.size());
        t.rows.append({deliveryOf(m),
                       cell(QStringLiteral("latency_seconds.p50")),
                       cell(QStringLiteral("latency_seconds.p95")),
                       format(numberAt(m, QStringLiteral("requests_per_second")),
                              *feed->metric(QStringLiteral("requests_per_second"))),
                       format(numberAt(m, QStringLiteral("open_connections")),
                              *feed->metric(QStringLiteral("open_connections"))),
                       missedCell});
    }
    return t;
}

QList<Sentence> mmc(const QJsonObject &result)
{
    Builder intro(QStringLiteral("intro"));
    intro << QObject::tr("The simulation beside queueing theory (Erlang C and Little's law).");
    QList<Sentence> list{intro.done()};
    const QJsonObject theory = result.value(QStringLiteral("theory")).toObject();
    Builder b(QStringLiteral("theory"));
    if (result.value(QStringLiteral("replications")).toInt(1) < 2) {
        b << QObject::tr("One run has no interval: it takes two or more replications to "
                         "compare it with theory.");
        list.append(b.done());
        return list;
    }
    {
        // The table's intervals that Student's t drew below 0 or above 100 %.
        QList<Sentence> low, high;
        for (const Schema::Metric &m : Schema::model(QStringLiteral("mmc"))->metrics) {
            const double mean = numberAt(result, m.path);
            const double half = halfWidth(result, m.path);
            const Rules::Point p = Rules::interval(0, mean, half, m);
            if (!p.cut)
                continue;
            Builder e;
            e << m.label;
            (mean - half < p.low ? low : high).append(e.piece());
        }
        if (const auto c = cutNote(low, std::nullopt, high))
            list.append(*c);
    }
    QList<Sentence> outside; // an interval the theory is not in
    QList<Sentence> inside;  // an interval the theory is in
    QList<Sentence> flat;    // every run gave the same value: no interval to hold the theory
    QJsonArray outsideIds, flatIds;
    bool allBelow = true; // every interval the theory is outside is below it
    // A queue that starts empty only shortens waiting: a mean time in system short of the theory
    // by more than the theory's whole wait is something that start cannot make.
    QList<Sentence> beyondStart;
    QJsonArray beyondStartIds;
    // Quantities whose theory lies more than twice the interval's half-width from the runs'
    // mean with ten runs or more, or four times with fewer (they misjudge their own spread):
    // not one chance miss.
    const int runs = result.value(QStringLiteral("replications")).toInt(1);
    QList<Sentence> farOnes;
    QJsonArray farIds;
    for (const Schema::Metric &m : Schema::model(QStringLiteral("mmc"))->metrics) {
        const Rules::Point p
            = Rules::interval(0, numberAt(result, m.path), halfWidth(result, m.path), m);
        const double t = theory.value(m.path).toDouble();
        Builder n;
        n << m.label;
        // Outside as the numbers are, not as three decimals write them.
        if (t >= p.low && t <= p.high) {
            inside.append(n.piece());
            continue;
        }
        if (halfWidth(result, m.path) == 0) {
            flat.append(n.piece());
            flatIds.append(m.path);
            continue;
        }
        outside.append(n.piece());
        outsideIds.append(m.path);
        allBelow = allBelow && p.high < t;
        const double half = halfWidth(result, m.path);
        const double gap = std::abs(t - numberAt(result, m.path));
        // (Two runs estimate their spread from one difference: never enough to rule out chance.)
        if ((runs >= 10 && gap > 2 * half) || (runs >= 3 && gap > 4 * half)) {
            Builder f;
            f << m.label;
            farOnes.append(f.piece());
            farIds.append(m.path);
        }
        if (m.path == QLatin1String("mean_response") && p.high < t
            && t - p.high > theory.value(QStringLiteral("mean_wait")).toDouble()) {
            Builder r;
            r << m.label;
            beyondStart.append(r.piece());
            beyondStartIds.append(m.path);
        }
    }
    b.fact(QStringLiteral("beyond_start"), beyondStartIds);
    b.fact(QStringLiteral("far"), farIds);
    b.fact(QStringLiteral("outside"), outsideIds);
    b.fact(QStringLiteral("flat"), flatIds);
    if (outside.isEmpty() && flat.isEmpty()) {
        b << QObject::tr("The theory lies inside the simulation's 95 % interval for every "
                         "quantity.");
        // With a handful of runs Student's t makes the intervals wide: inside them is little.
        b.fact(QStringLiteral("few_runs"), runs < Rules::FewRuns);
        if (runs < Rules::FewRuns)
            b << QObject::tr(" With only ") << count(runs, QStringLiteral("replications"))
              << QObject::tr(
                     " runs each interval rests on a spread estimated from that few values, "
                     "so this is weak evidence that the simulation agrees with the "
                     "theory: more runs would test it.");
        list.append(b.done());
        return list;
    }
    const double load = theory.value(QStringLiteral("utilization")).toDouble();
    // A queue that starts empty pulls every congestion quantity below its long-run value: near
    // full load for a long time, and in any short run. Two or more quantities all below the
    // theory's are what that start gives (their misses by chance alone would fall either side).
    const bool nearFull = load >= 0.9;
    // Runs measured only after a warm-up have left their empty start behind, unless the load is
    // so near full that the warm-up may be too short for it.
    const bool warmedUp = numberAt(result, QStringLiteral("input.warmup_jobs")) > 0;
    const bool startBias = !outside.isEmpty() && allBelow
                           && (nearFull || (outside.size() >= 2 && !warmedUp))
                           && beyondStart.isEmpty();
    b.fact(QStringLiteral("warmed_up"), warmedUp);
    const int checked = int(Schema::model(QStringLiteral("mmc"))->metrics.size());
    b.fact(QStringLiteral("start_bias"), startBias);
    if (!outside.isEmpty()) {
        b << QObject::tr("The theory lies outside the simulation's 95 % interval for the ")
          << listed(outside);
        if (startBias && !nearFull) {
            const double jobs = numberAt(result, QStringLiteral("input.jobs"));
            b << QObject::tr(", each below the theory's. Every run starts with an empty queue, "
                             "which pulls these below their long-run values, and in runs of ")
              << Narration::Quote{QString::number(jobs, 'f', 0), jobs, QStringLiteral("input.jobs")}
              << QObject::tr(" jobs that start still weighs, so these runs may be too short "
                             "rather than unlucky: more jobs or a warm-up tell which.");
        } else if (startBias) {
            // Near full load a queue that starts empty takes very long to fill to its long-run
            // average: every miss below the theory is what that start would give. The load is
            // written with the digits that tell it from 100 %.
            const int places = load >= 0.995 ? 2 : 1;
            b << QObject::tr(", each below the theory's. At a load of ")
              << Narration::Quote{QString::number(load * 100, 'f', places),
                                  load,
                                  QStringLiteral("theory.utilization")}
              << (warmedUp ? QObject::tr(" % a queue that starts empty takes very long to fill "
                                         "to its long-run average, so these runs and their "
                                         "warm-up may be too short for it rather than unlucky: "
                                         "more jobs or a longer warm-up tell which.")
                           : QObject::tr(" % a queue that starts empty takes very long to fill "
                                         "to its long-run average, so these runs may be too "
                                         "short for it rather than unlucky: more jobs or a "
                                         "warm-up tell which."));
        } else if (!farOnes.isEmpty()) {
            b << QObject::tr(". For the ") << listed(farOnes)
              << (runs >= 10 ? QObject::tr(" the theory is more than twice the interval's "
                                           "half-width from the runs' mean")
                             : QObject::tr(" the theory is more than four times the interval's "
                                           "half-width from the runs' mean"))
              << QObject::tr(", which is not chance alone: these runs differ from the long-run "
                             "state the theory describes, and more jobs per run tell whether "
                             "they are too short for it.");
            if (farOnes.size() < outside.size())
                b << QObject::tr(" For the others, about one interval in twenty misses by chance "
                                 "alone.");
        } else {
            b << QObject::tr(": about one interval in twenty misses by chance alone (and with "
                             "%1 quantities checked at once, one of them missing happens up to "
                             "%2, less as they move together), and more replications or jobs "
                             "tell chance from a real gap.")
                     .arg(wordFor(checked), oneMissOf(checked));
        }
        if (!beyondStart.isEmpty()) {
            const double wait = theory.value(QStringLiteral("mean_wait")).toDouble();
            b << QStringLiteral(" ") << QObject::tr("The ") << listed(beyondStart)
              << QObject::tr(" falls short of the theory's by more than the theory's whole wait in "
                             "queue");
            if (wait >= 0.001)
                b << QStringLiteral(" (")
                  << quote(
                         wait,
                         *Schema::model(QStringLiteral("mmc"))->metric(QStringLiteral("mean_wait")),
                         QStringLiteral("theory.mean_wait"))
                  << QObject::tr(" time units)");
            else
                b << QObject::tr(" (practically none at this load)");
            b << QObject::tr(", which an empty start, shortening only the waits, cannot do.");
        }
    }
    if (!flat.isEmpty() && outside.isEmpty() && !inside.isEmpty()) {
        // What the quantities with an interval say, before those without one.
        b << QObject::tr("The theory lies inside the simulation's 95 % interval for the ")
          << listed(inside) << QStringLiteral(".");
        b.fact(QStringLiteral("few_runs"), runs < Rules::FewRuns);
        if (runs < Rules::FewRuns)
            b << QObject::tr(" With only ") << count(runs, QStringLiteral("replications"))
              << QObject::tr(" runs each interval rests on a spread estimated from that few "
                             "values: weak evidence, which more runs would test.");
        b << QStringLiteral(" ");
    }
    if (!flat.isEmpty()) {
        if (!outside.isEmpty())
            b << QStringLiteral(" ");
        b << QObject::tr("For the ") << listed(flat)
          << QObject::tr(" every run gave the same value, so there is no interval to hold the "
                         "theory's; more jobs per run would show whether the runs differ from "
                         "it.");
    }
    list.append(b.done());
    return list;
}

Table mmcTable(const QJsonObject &result)
{
    const bool intervals = result.value(QStringLiteral("replications")).toInt(1) > 1;
    const QJsonObject theory = result.value(QStringLiteral("theory")).toObject();
    Table t;
    t.headers = {QObject::tr("quantity"),
                 QObject::tr("unit"),
                 QObject::tr("simulated, mean"),
                 QObject::tr("95 % interval"),
                 QObject::tr("theory")};
    for (const Schema::Metric &m : Schema::model(QStringLiteral("mmc"))->metrics) {
        const Rules::Point p
            = Rules::interval(0, numberAt(result, m.path), halfWidth(result, m.path), m);
        const QString range = QObject::tr("%1 to %2").arg(format(p.low, m), format(p.high, m));
        t.rows.append({m.label,
                       unit(m),
                       format(p.mean, m),
                       !intervals ? QObject::tr("– (one run)")
                       : p.cut    ? QObject::tr("%1 (cut)").arg(range)
                                  : range,
                       format(theory.value(m.path).toDouble(), m)});
    }
    return t;
}

QList<Sentence> orm(const QJsonObject &result)
{
    QList<Sentence> list;
    if (result.contains(QStringLiteral("note"))) {
        // The database by its name, not by the folder it sits in (that is the JSON's business).
        QString note = result.value(QStringLiteral("note")).toString();
        static const QRegularExpression path(
            QStringLiteral("/\\S*/(startup-orm-[^\\s/]+\\.sqlite)"));
        note.replace(path, QStringLiteral("\\1"));
        Builder b(QStringLiteral("database"));
        b << note;
        list.append(b.done());
    }
    const bool indexed = result.value(QStringLiteral("comment_index")).toBool();
    Builder b(QStringLiteral("index"));
    b << (indexed ? QObject::tr("With the index on comments(video_id).")
                  : QObject::tr("Without the index on comments(video_id)."));
    list.append(b.done());
    // What to do next, at the form: said in the module, not on a presenter's stage.
    Builder next(QStringLiteral("index_next"));
    next << (indexed ? QObject::tr("Untick it in the form and run again to see what it was doing.")
                     : QObject::tr("Tick it in the form and run again."));
    Sentence advice = next.done();
    advice.advice = true;
    list.append(advice);
    return list;
}

Table ormTable(const QJsonObject &result)
{
    Table t;
    t.headers = {QObject::tr("strategy"),
                 QObject::tr("time (ms)"),
                 QObject::tr("queries (count)"),
                 QObject::tr("rows (count)")};
    for (const QJsonValue v : result.value(QStringLiteral("strategies")).toArray()) {
        const QJsonObject s = v.toObject();
        t.rows.append({s.value(QStringLiteral("name")).toString(),
                       QString::number(s.value(QStringLiteral("ms")).toDouble(), 'f', 2),
                       QString::number(s.value(QStringLiteral("queries")).toInt()),
                       QString::number(s.value(QStringLiteral("rows")).toInt())});
    }
    return t;
}

} // namespace Narration

} // namespace Startup
