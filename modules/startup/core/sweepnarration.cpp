// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The words under a sweep's plot: each sentence is a rule of rules.h that fired on the points.

#include "narration.h"

#include "rules.h"
#include "sentencebuilder.h"

#include <QObject>

#include <algorithm>
#include <cmath>

namespace Startup {

namespace Narration {

namespace {

/** What the sentences of one sweep need to know. */
struct SweepData
{
    QJsonObject result;
    QString model;
    const Schema::Field *field = nullptr;
    const Schema::Metric *metric = nullptr;
    QJsonArray all;      // every point of the sweep, as run
    QJsonArray json;     // the points with a mean: what the rules read and the plot draws
    std::vector<int> at; // each of those points' index among all
    std::vector<Rules::Point> points;

    QString words() const { return field->label.toLower(); }
    QString fieldUnit() const
    {
        return field->unit.isEmpty() ? QString() : QLatin1Char(' ') + field->unit;
    }
    Quote x(int i) const
    {
        return input(points[std::size_t(i)].x, QStringLiteral("points.%1.x").arg(at[i]));
    }
    Quote mean(int i) const
    {
        return quote(
            points[std::size_t(i)].mean, *metric, QStringLiteral("points.%1.mean").arg(at[i]));
    }
    Sentence withUnit(const Quote &q) const
    {
        Builder b;
        b << q << QStringLiteral(" ") << unit(*metric);
        return b.piece();
    }
    /** The field's words and the xs of INDICES: "instances 1 to 3 and 6". */
    Sentence xs(const std::vector<int> &indices) const
    {
        QList<Sentence> runs;
        for (std::size_t i = 0; i < indices.size();) {
            std::size_t j = i;
            while (j + 1 < indices.size() && indices[j + 1] == indices[j] + 1)
                ++j;
            Builder b;
            if (j - i >= 2) {
                b << x(indices[i]) << QObject::tr(" to ") << x(indices[j]);
                runs.append(b.piece());
                i = j + 1;
            } else {
                b << x(indices[i]);
                runs.append(b.piece());
                ++i;
            }
        }
        Builder b;
        b << words() << QStringLiteral(" ") << listed(runs);
        if (!field->unit.isEmpty())
            b << QStringLiteral(" ") << field->unit;
        return b.piece();
    }
    Sentence xs(int first, int last) const
    {
        std::vector<int> indices;
        for (int i = first; i <= last; ++i)
            indices.push_back(i);
        return xs(indices);
    }
    /** "A to B UNIT", the lowest and highest KEY of INDICES (highest first where the values
     *  fall along the places; "A UNIT" when they read alike); of two places, "A and B UNIT" in
     *  their order. */
    Sentence span(const std::vector<int> &indices, const QString &key) const
    {
        auto value = [&](int i) {
            return json.at(i).toObject().value(key).toDouble();
        };
        const int low = *std::min_element(
            indices.begin(), indices.end(), [&](int a, int b) { return value(a) < value(b); });
        const int high = *std::max_element(
            indices.begin(), indices.end(), [&](int a, int b) { return value(a) < value(b); });
        Builder b;
        const bool share
            = key == QLatin1String("queue_empty_share") || key == QLatin1String("finished_share");
        const Schema::Metric shares{key, QString(), QStringLiteral("share")};
        const Schema::Metric videos{key,
                                    QString(),
                                    key.startsWith(QLatin1String("delivered"))
                                        ? QStringLiteral("notifications")
                                        : QStringLiteral("videos")};
        const bool own = key == QLatin1String("mean") || key == QLatin1String("at_least")
                         || key == QLatin1String("low") || key == QLatin1String("high");
        const Schema::Metric &m = own ? *metric : share ? shares : videos;
        // A lower bound ("at least") is rounded down, never up.
        const bool bound = key == QLatin1String("at_least");
        auto q = [&](int i) {
            const QString source = QStringLiteral("points.%1.%2").arg(at[i]).arg(key);
            return bound ? lowerBound(value(i), m, source) : quote(value(i), m, source);
        };
        const QString u = unit(m);
        if (indices.size() == 2 && q(indices[0]).text != q(indices[1]).text) {
            // Two places: their values in the places' order ("at 1 and 2 ... 362.8 and 226.1").
            b << q(indices[0]) << QObject::tr(" and ") << q(indices[1]) << QStringLiteral(" ") << u;
            return b.piece();
        }
        // Largest first where the values fall along the places, so they read in their order;
        // where the extremes are not at the ends, "between" the lowest and the highest, which
        // no one reads as where the values start and end.
        const bool falling = value(indices.front()) > value(indices.back());
        const bool atEnds = (low == indices.front() || low == indices.back())
                            && (high == indices.front() || high == indices.back());
        if (q(low).text == q(high).text) {
            b << q(low);
        } else if (atEnds) {
            b << q(falling ? high : low) << QObject::tr(" to ") << q(falling ? low : high);
        } else {
            b << QObject::tr("between ") << q(low) << QObject::tr(" and ") << q(high);
        }
        // "1 video", not "1 videos"
        const bool one = q(low).text == QLatin1String("1") && q(high).text == q(low).text;
        b << QStringLiteral(" ")
          << (one && u == QLatin1String("videos") ? QObject::tr("video") : u);
        return b.piece();
    }
    /** Whether span(INDICES, KEY) says one thing: "1 video". */
    bool one(const std::vector<int> &indices, const QString &key) const
    {
        return span(indices, key).text.startsWith(QLatin1String("1 video"))
               && !span(indices, key).text.startsWith(QLatin1String("1 videos"));
    }
    /** The indices among all points of the plotted points LIST, for a sentence's facts. */
    QJsonArray indices(const std::vector<int> &list) const
    {
        QJsonArray a;
        for (const int i : list)
            a.append(at[std::size_t(i)]);
        return a;
    }
    /** "users 3", for the point at INDEX among all, plotted or not. */
    Sentence place(int index) const
    {
        const auto it = std::find(at.begin(), at.end(), index);
        if (it != at.end())
            return xs({int(it - at.begin())});
        Builder b;
        b << words() << QStringLiteral(" ")
          << input(all.at(index).toObject().value(QStringLiteral("x")).toDouble(),
                   QStringLiteral("points.%1.x").arg(index))
          << fieldUnit();
        return b.piece();
    }
};

std::optional<SweepData> read(const QJsonObject &result)
{
    SweepData s;
    s.result = result;
    s.model = result.value(QStringLiteral("model")).toString();
    const Schema::Model *m = Schema::model(s.model);
    if (!m || result.contains(QStringLiteral("error")))
        return std::nullopt;
    s.field = m->field(result.value(QStringLiteral("parameter")).toString());
    s.metric = m->metric(result.value(QStringLiteral("metric")).toString());
    if (!s.field || !s.metric)
        return std::nullopt;
    s.all = result.value(QStringLiteral("points")).toArray();
    for (int i = 0; i < int(s.all.size()); ++i) {
        const QJsonObject p = s.all.at(i).toObject();
        if (!p.value(QStringLiteral("low")).isDouble())
            continue; // fewer than two runs measured it there: no interval, no point
        s.json.append(p);
        s.at.push_back(i);
        std::vector<double> runs;
        for (const QJsonValue &v : p.value(QStringLiteral("runs")).toArray())
            runs.push_back(v.isDouble() ? v.toDouble() : std::nan(""));
        s.points.push_back({p.value(QStringLiteral("x")).toDouble(),
                            p.value(QStringLiteral("mean")).toDouble(),
                            p.value(QStringLiteral("low")).toDouble(),
                            p.value(QStringLiteral("high")).toDouble(),
                            runs});
    }
    return s;
}

Sentence changed(const QString &change)
{
    Builder b(QStringLiteral("changed"));
    b.fact(QStringLiteral("change"), change);
    if (change == QLatin1String("autoscale-off"))
        b << QObject::tr("Autoscaling is off for this sweep: with it on, the number of instances "
                         "would be its choice, not yours.");
    else if (change == QLatin1String("polling"))
        b << QObject::tr("Delivery is periodic polling for this sweep: only polling has a poll "
                         "interval.");
    return b.done();
}

Sentence interval(const SweepData &s)
{
    const Quote r = count(s.result.value(QStringLiteral("replications")).toDouble(),
                          QStringLiteral("spec.replications"));
    Builder b(QStringLiteral("interval"));
    // Where some runs measured nothing (a feed that delivered no notification), a point is the
    // mean of those that did.
    const bool some = std::any_of(s.all.begin(), s.all.end(), [](const QJsonValue &p) {
        return p.toObject().contains(QStringLiteral("measured_runs"));
    });
    b << QObject::tr("Each point is the mean of ") << r
      << (some ? QObject::tr(" runs (of those that measured it, where some did not)")
               : QObject::tr(" runs"))
      << QObject::tr(" with its 95 % confidence interval (Student's t); every point uses the "
                     "same ")
      << r << QObject::tr(" seeds, so the points differ only in their %1.").arg(s.words());
    return b.done();
}

/** Whether METRIC's label names many things ("lost videos", "jobs hoarded while ..."): its
 *  verb agrees with it. */
bool plural(const Schema::Metric &metric)
{
    const QStringList words = metric.label.split(QLatin1Char(' '));
    for (qsizetype i = 0; i < std::min<qsizetype>(2, words.size()); ++i) {
        if (words.at(i).endsWith(QLatin1Char('s')))
            return true;
    }
    return false;
}

/** After an overlap told from fewer than Rules::FewRuns runs a point: what it is worth. */
void fewRunsNote(const SweepData &s, Builder &b)
{
    const int runs = s.result.value(QStringLiteral("replications")).toInt();
    b.fact(QStringLiteral("few_runs"), runs < Rules::FewRuns);
    if (runs < Rules::FewRuns)
        b << QObject::tr(" With only ") << count(runs, QStringLiteral("spec.replications"))
          << QObject::tr(" runs a point the intervals are wide, so an overlap says little: the "
                         "runs may differ all the same.");
}

/** A feed's latency quantile at points where a run delivered fewer than twenty notifications
 *  (of the runs that delivered any): a p95 of so few is a run's slowest, or next to it. */
std::optional<Sentence> fewNotifications(const SweepData &s)
{
    if (s.model != QLatin1String("feed")
        || !s.metric->path.startsWith(QLatin1String("latency_seconds")))
        return std::nullopt;
    std::vector<int> few;
    for (int i = 0; i < int(s.json.size()); ++i) {
        const QJsonValue d = s.json.at(i).toObject().value(QStringLiteral("delivered_fewest"));
        if (d.isDouble() && d.toDouble() < 20)
            few.push_back(i);
    }
    if (few.empty())
        return std::nullopt;
    Builder b(QStringLiteral("few-notifications"));
    b.fact(QStringLiteral("points"), s.indices(few));
    b << QObject::tr("At ") << s.xs(few)
      << QObject::tr(" a run that delivered any delivered fewer than twenty notifications (the "
                     "fewest: ")
      << s.span(few, QStringLiteral("delivered_fewest"))
      << QObject::tr("): the %1 of so few is that run's slowest, or next to it, and it is in the "
                     "point's mean.")
             .arg(s.metric->label);
    return b.done();
}

std::optional<Sentence> ends(const SweepData &s)
{
    const int last = int(s.points.size()) - 1;
    Builder b(QStringLiteral("ends"));
    b.fact(QStringLiteral("points"), s.indices({0, last}));
    if (Rules::overlap(s.points.front(), s.points.back())) {
        b << QObject::tr("At ") << s.xs({0, last})
          << QObject::tr(" the 95 % intervals of the %1 overlap").arg(s.metric->label);
        b.fact(QStringLiteral("apart"), false);
        // The same seeds at both ends: paired run by run they may differ all the same.
        const bool paired = Rules::pairedApart(s.points.front(), s.points.back());
        b.fact(QStringLiteral("paired_apart"), paired);
        if (paired)
            b << QObject::tr(", but paired seed by seed (each seed ran at both) the runs differ: "
                             "the 95 % interval of their differences leaves out zero.");
        else
            b << QStringLiteral(".");
        if (!paired)
            fewRunsNote(s, b);
    } else {
        const bool falls = s.points.back().mean < s.points.front().mean;
        b << QObject::tr("From ") << s.words() << QStringLiteral(" ") << s.x(0)
          << QObject::tr(" to ") << s.x(last) << s.fieldUnit()
          << QObject::tr(", the %1 %2 from ")
                 .arg(s.metric->label,
                      plural(*s.metric) ? (falls ? QObject::tr("fall") : QObject::tr("rise"))
                                        : (falls ? QObject::tr("falls") : QObject::tr("rises")))
          << s.mean(0) << QObject::tr(" to ") << s.withUnit(s.mean(last)) << QStringLiteral(".");
        b.fact(QStringLiteral("apart"), true);
    }
    return b.done();
}

std::optional<Sentence> plateau(const SweepData &s)
{
    const int start = Rules::plateauStart(s.points);
    if (start < 0)
        return std::nullopt;
    const int last = int(s.points.size()) - 1;
    const int knee = Rules::knee(s.points);
    std::vector<int> flat;
    for (int i = start; i <= last; ++i)
        flat.push_back(i);
    // Means that move the same way at every step: the runs cannot tell the points apart, but
    // that is not the same as flat, and the sentence says so.
    int rises = 0, falls = 0;
    for (int i = start; i < last; ++i) {
        const double a = s.points[std::size_t(i)].mean;
        const double step = s.points[std::size_t(i + 1)].mean - a;
        // A step below float noise (the same runs summed in another order) is no step.
        const double noise = 1e-9 * std::max({1.0, std::abs(a), std::abs(a + step)});
        rises += step > noise;
        falls += step < -noise;
    }
    const bool trend = rises == last - start || falls == last - start;
    const QString yet = !trend      ? QString()
                        : rises > 0 ? QObject::tr(" Their means still rise at every step: more "
                                                  "runs per point may yet tell them apart.")
                                    : QObject::tr(" Their means still fall at every step: more "
                                                  "runs per point may yet tell them apart.");
    // Each seed's run gave the very same value at every one of these points (all of them 0,
    // or the same turnaround whatever the timeout): no chance was ever tested.
    const bool same = std::all_of(flat.begin(), flat.end(), [&](int i) {
        const Rules::Point &p = s.points[std::size_t(i)];
        const Rules::Point &first = s.points[std::size_t(flat.front())];
        if (!p.runs.empty() && p.runs.size() == first.runs.size()) {
            for (std::size_t r = 0; r < p.runs.size(); ++r) {
                const bool bothNone = std::isnan(p.runs[r]) && std::isnan(first.runs[r]);
                if (!bothNone && p.runs[r] != first.runs[r])
                    return false;
            }
            return true;
        }
        return p.high == p.low && p.mean == first.mean;
    });
    // "no two points differ by more than chance" where there was a spread to test; where each
    // run gave the same value everywhere, that is said instead.
    const QString paired = same ? QObject::tr(", and seed by seed each run gave the same value at "
                                              "every point.")
                                : QObject::tr(", and paired seed by seed no two points differ by "
                                              "more than chance.");
    Builder b(QStringLiteral("plateau"));
    b.fact(QStringLiteral("points"), s.indices(flat));
    b.fact(QStringLiteral("trend"), trend);
    b.fact(QStringLiteral("knee"), knee >= 0 ? s.at[std::size_t(knee)] : knee);
    if (start == 0) {
        b << QObject::tr("Across the whole sweep (") << s.xs(0, last)
          << QObject::tr(") every point's 95 % interval shares a value (means ")
          << s.span(flat, QStringLiteral("mean")) << QStringLiteral(")") << paired << yet;
    } else if (knee > 0) {
        b << QObject::tr("The curve flattens at ") << s.xs({knee})
          << QObject::tr(": the step from ") << s.x(knee - 1) << QObject::tr(" to ") << s.x(knee)
          << QObject::tr(" still changes the %1 (").arg(s.metric->label) << s.mean(knee - 1)
          << QObject::tr(" to ") << s.withUnit(s.mean(knee))
          << QObject::tr(", their intervals apart); from ") << s.x(knee) << QObject::tr(" to ")
          << s.x(last) << QObject::tr(" the means move less than half as far a step (")
          << s.span(flat, QStringLiteral("mean"))
          << QObject::tr(") and every 95 % interval shares a value.") << yet;
    } else {
        b << QObject::tr("From ") << s.xs(start, last)
          << QObject::tr(" every 95 % interval shares a value (means ")
          << s.span(flat, QStringLiteral("mean")) << QStringLiteral(")")
          << (same ? paired
                   : QObject::tr(", and paired seed by seed no two of these points differ by "
                                 "more than chance."))
          << yet;
    }
    b.fact(QStringLiteral("same"), same);
    if (same && start != 0 && knee > 0)
        b << QObject::tr(" Each run gave the very same value at every one of these points: "
                         "there was no difference to test.");
    // With a handful of runs an interval is wide, and sharing a value says little.
    const int runs = s.result.value(QStringLiteral("replications")).toInt();
    b.fact(QStringLiteral("few_runs"), runs < Rules::FewRuns && !same);
    if (runs < Rules::FewRuns && !same && !trend)
        b << QObject::tr(" With only ") << count(runs, QStringLiteral("spec.replications"))
          << QObject::tr(" runs a point the intervals are wide: more runs would test whether it "
                         "really flattens.");
    return b.done();
}

std::optional<Sentence> best(const SweepData &s)
{
    const int b = Rules::best(s.points, s.metric->better);
    if (b < 0)
        return std::nullopt;
    const std::vector<int> like = Rules::likeBest(s.points, b);
    const int start = Rules::plateauStart(s.points);
    // Said already by the plateau, or saying nothing when no point stands apart.
    if ((start >= 0 && b >= start) || like.size() == s.points.size())
        return std::nullopt;
    Builder w(QStringLiteral("best"));
    w.fact(QStringLiteral("point"), s.at[std::size_t(b)]);
    w.fact(QStringLiteral("like"), s.indices(like));
    // "the lowest mean wait", not "the lowest mean mean wait"
    const QString what = s.metric->label.startsWith(QLatin1String("mean "))
                             ? s.metric->label
                             : QObject::tr("mean %1").arg(s.metric->label);
    w << (plural(*s.metric) ? QObject::tr("The %1 %2 are ") : QObject::tr("The %1 %2 is "))
             .arg(s.metric->better == Schema::Better::Lower ? QObject::tr("lowest")
                                                            : QObject::tr("highest"),
                  what)
      << s.withUnit(s.mean(b)) << QObject::tr(", at ") << s.xs({b});
    std::vector<int> others;
    for (const int i : like) {
        if (i != b)
            others.push_back(i);
    }
    if (others.empty()) {
        w << QObject::tr(", apart from every other point.");
    } else {
        w << QObject::tr("; at ") << s.xs(others)
          << QObject::tr(" its 95 % interval overlaps that one's.");
        fewRunsNote(s, w);
    }
    return w.done();
}

/**
 * What a run did that has no value for the metric ("finished no video"), said of the videos
 * after the warm-up where some point had one and the warm-up leaves them out of the metric (at a
 * warm-up of 0 the words stay true); OTHERWISE where the metric has no words for it.
 */
QString whyUnmeasured(const SweepData &s, const QString &otherwise)
{
    if (s.metric->unmeasured.isEmpty())
        return otherwise;
    const bool warmup = std::any_of(s.all.begin(), s.all.end(), [](const QJsonValue &p) {
        return p.toObject().value(QStringLiteral("warmup_hours")).toDouble() > 0;
    });
    return warmup && !s.metric->unmeasuredAfterWarmup.isEmpty() ? s.metric->unmeasuredAfterWarmup
                                                                : s.metric->unmeasured;
}

/**
 * Points where some or all runs had no value for the metric (a feed that delivered nothing has no
 * latency): where none did, nothing is plotted; where some did, the point is their mean.
 */
std::optional<Sentence> unmeasured(const SweepData &s)
{
    std::vector<int> none, one;
    QList<Sentence> some;
    std::vector<int> someAt;
    const double runs = s.result.value(QStringLiteral("replications")).toDouble();
    for (int i = 0; i < int(s.all.size()); ++i) {
        const QJsonObject p = s.all.at(i).toObject();
        if (!p.contains(QStringLiteral("measured_runs")))
            continue;
        const double n = p.value(QStringLiteral("measured_runs")).toDouble();
        if (n < 2) {
            (n == 0 ? none : one).push_back(i);
            continue;
        }
        Builder b;
        b << s.place(i) << QStringLiteral(" (")
          << count(n, QStringLiteral("points.%1.measured_runs").arg(i)) << QObject::tr(" of ")
          << count(runs, QStringLiteral("spec.replications")) << QStringLiteral(")");
        some.append(b.piece());
        someAt.push_back(i);
    }
    if (none.empty() && one.empty() && some.isEmpty())
        return std::nullopt;
    const QString why = whyUnmeasured(s, QObject::tr("did not measure it"));
    Builder b(QStringLiteral("unmeasured"));
    QJsonArray noneJson, someJson;
    for (const int i : none)
        noneJson.append(i);
    for (const int i : someAt)
        someJson.append(i);
    QJsonArray oneJson;
    for (const int i : one)
        oneJson.append(i);
    b.fact(QStringLiteral("none"), noneJson);
    b.fact(QStringLiteral("one"), oneJson);
    b.fact(QStringLiteral("some"), someJson);
    auto places = [&s](const std::vector<int> &list) {
        QList<Sentence> pieces;
        for (const int i : list)
            pieces.append(s.place(i));
        return listed(pieces);
    };
    if (!none.empty()) {
        b << QObject::tr("At ") << places(none)
          << QObject::tr(" every run %1, so there is no %2 to plot there.")
                 .arg(why, s.metric->label);
        if (!one.empty() || !some.isEmpty())
            b << QStringLiteral(" ");
    }
    if (!one.empty()) {
        b << QObject::tr("At ") << places(one)
          << QObject::tr(" all runs but one %1: one run has no interval, so no point is drawn "
                         "there.")
                 .arg(why);
        if (!some.isEmpty())
            b << QStringLiteral(" ");
    }
    if (!some.isEmpty()) {
        b << QObject::tr("Some runs %1; a point's mean and interval are of the runs that did: ")
                 .arg(why)
          << listed(some) << QStringLiteral(".");
    }
    return b.done();
}

/** Points whose interval Student's t drew past what the quantity can be: cut there, and said. */
std::optional<Sentence> cutIntervals(const SweepData &s)
{
    std::vector<int> low, high;
    for (int i = 0; i < int(s.json.size()); ++i) {
        const QJsonObject p = s.json.at(i).toObject();
        if (!p.value(QStringLiteral("cut")).toBool())
            continue;
        const double mean = p.value(QStringLiteral("mean")).toDouble();
        const double half = p.value(QStringLiteral("half_width")).toDouble();
        if (mean - half < p.value(QStringLiteral("low")).toDouble())
            low.push_back(i);
        if (mean + half > p.value(QStringLiteral("high")).toDouble())
            high.push_back(i);
    }
    if (low.empty() && high.empty())
        return std::nullopt;
    Builder b(QStringLiteral("cut"));
    b.fact(QStringLiteral("low"), s.indices(low));
    b.fact(QStringLiteral("high"), s.indices(high));
    const Schema::Model *model = Schema::model(s.model);
    const Schema::Field *least
        = s.metric->leastField.isEmpty() ? nullptr : model->field(s.metric->leastField);
    if (!low.empty()) {
        b << QObject::tr("At ") << s.xs(low) << QObject::tr(" Student's t reaches below ");
        if (least) {
            b << s.span(low, QStringLiteral("low"))
              << QObject::tr(", less than any run can give (the %1 alone takes that long): ")
                     .arg(least->label.toLower());
        } else {
            b << QObject::tr("zero, less than any run can give: ");
        }
        b << (low.size() == 1 ? QObject::tr("its interval is cut there (marked \"cut\" in the "
                                            "table).")
                              : QObject::tr("their intervals are cut there (marked \"cut\" in "
                                            "the table)."));
    }
    if (!high.empty()) {
        if (!low.empty())
            b << QStringLiteral(" ");
        b << QObject::tr("At ") << s.xs(high) << QObject::tr(" Student's t reaches above ")
          << s.span(high, QStringLiteral("high")) << QObject::tr(", which a share cannot pass: ")
          << (high.size() == 1 ? QObject::tr("its interval is cut there (marked \"cut\" in the "
                                             "table).")
                               : QObject::tr("their intervals are cut there (marked \"cut\" in "
                                             "the table)."));
    }
    return b.done();
}

/** A turnaround sweep whose points left videos unfinished: what it plots leaves them out. */
std::optional<Sentence> finishedOnly(const SweepData &s)
{
    if (!s.metric->path.startsWith(QLatin1String("turnaround_minutes")))
        return std::nullopt;
    // Where the unfinished ones, each counted at its age when the day ended (its turnaround is at
    // least that), already raise the quantile, the real one is higher still; elsewhere nothing
    // is said about which way they would move it.
    std::vector<int> left, raised, minority;
    for (int i = 0; i < int(s.json.size()); ++i) {
        const QJsonObject p = s.json.at(i).toObject();
        if (p.value(QStringLiteral("unfinished")).toDouble() <= 0)
            continue;
        left.push_back(i);
        if (p.value(QStringLiteral("finished_share")).isDouble()
            && p.value(QStringLiteral("finished_share")).toDouble() < 0.5)
            minority.push_back(i);
        // ... by as much as the figures show (not float noise below their last digit)
        const double atLeast = p.value(QStringLiteral("at_least")).toDouble();
        const double mean = p.value(QStringLiteral("mean")).toDouble();
        if (p.value(QStringLiteral("at_least")).isDouble()
            && formatLowerBound(atLeast, *s.metric).toDouble() > format(mean, *s.metric).toDouble())
            raised.push_back(i);
    }
    if (left.empty())
        return std::nullopt;
    Builder b(QStringLiteral("finished-only"));
    b.fact(QStringLiteral("points"), s.indices(left));
    b.fact(QStringLiteral("raised"), s.indices(raised));
    b.fact(QStringLiteral("minority"), s.indices(minority));
    b << QObject::tr("Only finished videos have a turnaround: at ") << s.xs(left)
      << QObject::tr(" some were still unfinished when the day ended and are not in the %1.")
             .arg(s.metric->label);
    if (!minority.empty()) {
        const bool warm
            = s.json.at(minority.front()).toObject().contains(QStringLiteral("warmup_hours"));
        b << QObject::tr(" At ") << s.xs(minority)
          << (warm ? QObject::tr(" fewer than half of the videos that arrived after the warm-up "
                                 "finished (")
                   : QObject::tr(" fewer than half of the videos that arrived finished ("))
          << s.span(minority, QStringLiteral("finished_share"))
          << QObject::tr(" a run, on average): the %1 there describes that minority, not a "
                         "typical video.")
                 .arg(s.metric->label);
    }
    if (!raised.empty())
        b << QObject::tr(" Counting each at its age when the day ended, the %1 at ")
                 .arg(s.metric->label)
          << s.xs(raised) << QObject::tr(" is already at least ")
          << s.span(raised, QStringLiteral("at_least"))
          << QObject::tr(", so the real %1 there is longer than plotted.").arg(s.metric->label);
    return b.done();
}

QList<Sentence> queue(const SweepData &s)
{
    // Grew all day; mostly empty; neither (busy most of the day). And at which of them videos
    // were still waiting when the day ended: a backlog is said wherever there was one.
    std::vector<int> grew, empty, busy, backlog; // backlog: the mostly empty ones with one
    for (int i = 0; i < int(s.json.size()); ++i) {
        const QJsonObject p = s.json.at(i).toObject();
        if (!p.contains(QStringLiteral("queue_empty_share")))
            return {};
        // Waiting: in the broker's queue or prefetched by a machine that has not started it.
        const bool waiting = p.value(QStringLiteral("waiting_at_end")).toDouble() >= 0.5;
        if (p.value(QStringLiteral("queue_grew_all_day")).toBool()) {
            grew.push_back(i);
        } else if (p.value(QStringLiteral("queue_empty_share")).toDouble() >= 0.5) {
            empty.push_back(i);
            if (waiting)
                backlog.push_back(i);
        } else if (waiting) {
            busy.push_back(i);
        }
    }
    const QString atEnd = QStringLiteral("waiting_at_end");
    QList<Sentence> list;
    if (!grew.empty()) {
        Builder b(QStringLiteral("queue-grew"));
        b.fact(QStringLiteral("points"), s.indices(grew));
        b << QObject::tr("At ") << s.xs(grew)
          << QObject::tr(" the queue grew all day in every run: never empty after the warm-up "
                         "and at its longest when the day ended, with ")
          << s.span(grew, atEnd)
          << QObject::tr(" still waiting, queued or prefetched (the mean of the runs).");
        list.append(b.done());
    }
    if (!busy.empty()) {
        Builder b(QStringLiteral("queue-backlog"));
        b.fact(QStringLiteral("points"), s.indices(busy));
        b << QObject::tr("At ") << s.xs(busy)
          << QObject::tr(" the broker's queue held videos in most samples after the warm-up, "
                         "and ")
          << s.span(busy, atEnd)
          << (s.one(busy, atEnd) ? QObject::tr(" was") : QObject::tr(" were"))
          << QObject::tr(" still waiting, queued or prefetched, when the day ended "
                         "(the mean of the runs).");
        list.append(b.done());
    }
    if (!empty.empty()) {
        Builder b(QStringLiteral("queue-empty"));
        b.fact(QStringLiteral("points"), s.indices(empty));
        b.fact(QStringLiteral("left"), s.indices(backlog));
        b << QObject::tr("At ") << s.xs(empty)
          << QObject::tr(" the broker's queue was empty in most samples after the warm-up");
        if (!backlog.empty()) {
            b << QObject::tr("; even so, when the day ended ") << s.span(backlog, atEnd)
              << (s.one(backlog, atEnd) ? QObject::tr(" was") : QObject::tr(" were"))
              << QObject::tr(" still waiting, queued or prefetched by a machine");
            if (backlog != empty)
                b << QObject::tr(" at ") << s.xs(backlog);
            b << QObject::tr(" (the mean of the runs)");
        }
        b << QStringLiteral(".");
        list.append(b.done());
    }
    return list;
}

} // namespace

/** M/M/c: where queueing theory's value lies outside a point's 95 % interval, or inside all. */
/** The chance that K or more of N independent 95 % intervals miss (each with chance P). */
double binomialTail(int n, int k, double p)
{
    double tail = 0;
    for (int j = k; j <= n; ++j) {
        double ways = 1;
        for (int i = 1; i <= j; ++i)
            ways = ways * double(n - j + i) / double(i);
        tail += ways * std::pow(p, j) * std::pow(1 - p, n - j);
    }
    return tail;
}

std::optional<Sentence> theory(const SweepData &s)
{
    if (s.model != QLatin1String("mmc"))
        return std::nullopt;
    std::vector<int> outside, judged, flat;
    for (int i = 0; i < int(s.points.size()); ++i) {
        const QJsonValue t = s.json.at(i).toObject().value(QStringLiteral("theory"));
        if (!t.isDouble())
            continue;
        // Every run gave the same value there: no interval to hold the theory, nothing judged
        // (and said so).
        if (s.json.at(i).toObject().value(QStringLiteral("half_width")).toDouble() == 0) {
            flat.push_back(i);
            continue;
        }
        judged.push_back(i);
        if (t.toDouble() < s.points[i].low || t.toDouble() > s.points[i].high)
            outside.push_back(i);
    }
    if (judged.empty() && flat.empty())
        return std::nullopt;
    Builder b(QStringLiteral("theory"));
    b.fact(QStringLiteral("outside"), s.indices(outside));
    b.fact(QStringLiteral("judged"), s.indices(judged));
    b.fact(QStringLiteral("flat"), s.indices(flat));
    auto sayFlat = [&] {
        if (flat.empty())
            return;
        if (!judged.empty())
            b << QStringLiteral(" ");
        b << QObject::tr("At ") << s.xs(flat)
          << QObject::tr(" every run gave the same %1, so there is no interval to hold the "
                         "theory's: more jobs per run would show whether the runs differ from it.")
                 .arg(s.metric->label);
    };
    if (judged.empty()) {
        sayFlat();
        return b.done();
    }
    if (outside.empty()) {
        b << QObject::tr("Queueing theory's %1 (Erlang C) lies inside the 95 % interval at every "
                         "point that has one.")
                 .arg(s.metric->label);
        // With a handful of runs Student's t makes the intervals wide: inside them is little.
        const int runs = s.result.value(QStringLiteral("replications")).toInt();
        b.fact(QStringLiteral("few_runs"), runs < Rules::FewRuns);
        if (runs < Rules::FewRuns)
            b << QObject::tr(" With only ") << count(runs, QStringLiteral("spec.replications"))
              << QObject::tr(" runs a point those intervals are wide, so this is weak evidence "
                             "that the simulation agrees with the theory.");
        sayFlat();
        return b.done();
    }
    QList<Sentence> pieces;
    bool far = false;       // a theory twice the half-width from a point's mean: not chance alone
    std::vector<int> farAt; // ... at these points
    for (const int i : outside) {
        const QString at = QStringLiteral("points.%1.").arg(s.at[std::size_t(i)]);
        const QJsonObject p = s.json.at(i).toObject();
        const double t = p.value(QStringLiteral("theory")).toDouble();
        const double low = p.value(QStringLiteral("low")).toDouble();
        const double high = p.value(QStringLiteral("high")).toDouble();
        const double half = p.value(QStringLiteral("half_width")).toDouble();
        // From the mean, with ten runs a point or more (fewer misjudge their own spread).
        const double gap = std::abs(t - p.value(QStringLiteral("mean")).toDouble());
        // Two runs estimate their own spread from one difference: never enough to rule out
        // chance, however far the theory.
        const int runs = s.result.value(QStringLiteral("replications")).toInt();
        const bool farHere = (runs >= 10 && gap > 2 * half) || (runs >= 3 && gap > 4 * half);
        far = far || farHere;
        if (farHere)
            farAt.push_back(i);
        // Written with the digits that keep the theory outside the interval as read.
        Quote theory = quote(t, *s.metric, at + QStringLiteral("theory"));
        Quote from = quoteLike(low, *s.metric, at + QStringLiteral("low"), theory);
        Quote to = quoteLike(high, *s.metric, at + QStringLiteral("high"), theory);
        for (int places = 1; places <= 9; ++places) {
            const double written = theory.text.toDouble();
            if (written < from.text.toDouble() || written > to.text.toDouble())
                break;
            const Quote digits{QStringLiteral("0.") + QString(places, QLatin1Char('0')), 0, {}};
            theory = quoteLike(t, *s.metric, theory.source, digits);
            from = quoteLike(low, *s.metric, from.source, theory);
            to = quoteLike(high, *s.metric, to.source, theory);
        }
        Builder piece;
        piece << s.xs({i}) << QObject::tr(" it gives ") << s.withUnit(theory)
              << QObject::tr(", against the runs' 95 % interval ") << from << QObject::tr(" to ")
              << s.withUnit(to);
        pieces.append(piece.piece());
    }
    b.fact(QStringLiteral("far"), far);
    const bool allBelow = std::all_of(outside.begin(), outside.end(), [&](int i) {
        return s.points[std::size_t(i)].high
               < s.json.at(i).toObject().value(QStringLiteral("theory")).toDouble();
    });
    b.fact(QStringLiteral("all_below"), allBelow);
    b << QObject::tr("Queueing theory's %1 (Erlang C) lies outside the 95 % interval: at ")
             .arg(s.metric->label)
      << listed(pieces) << QStringLiteral(". ");
    // An empty start shortens waiting (and idles the servers at first): it can pull these
    // below their long-run values, not a time in system by more than its wait.
    static const QStringList startShortens{QStringLiteral("mean_wait"),
                                           QStringLiteral("prob_wait"),
                                           QStringLiteral("mean_queue_length"),
                                           QStringLiteral("utilization")};
    // Runs measured only after a warm-up have left their empty start behind.
    const bool cold = std::all_of(outside.begin(), outside.end(), [&](int i) {
        return s.json.at(i).toObject().value(QStringLiteral("warmup_jobs")).toDouble() <= 0;
    });
    // Near full load (90 % or more, as the Results page judges it) a queue that starts empty
    // takes so long to fill that even a warm-up may be too short.
    const bool nearFull = std::all_of(outside.begin(), outside.end(), [&](int i) {
        return s.json.at(i).toObject().value(QStringLiteral("load")).toDouble() >= 0.9;
    });
    // A time in system short of the theory's by no more than the theory's wait: what shorter
    // waits make (by more, something an empty start cannot do).
    const bool withinWait
        = s.metric->path == QLatin1String("mean_response")
          && std::all_of(outside.begin(), outside.end(), [&](int i) {
                 const QJsonObject p = s.json.at(i).toObject();
                 return p.value(QStringLiteral("theory")).toDouble() - s.points[std::size_t(i)].high
                        <= p.value(QStringLiteral("theory_wait")).toDouble();
             });
    const bool startBias
        = allBelow && (cold || nearFull) && (startShortens.contains(s.metric->path) || withinWait);
    b.fact(QStringLiteral("start_bias"), startBias);
    // Said as the Results page says it: the runs may be too short rather than unlucky.
    // The threshold said as applied: twice the half-width with ten runs or more, four times
    // with fewer (their own spread is judged from little).
    const int runsPerPoint = s.result.value(QStringLiteral("replications")).toInt();
    // Where only some of the points listed are that far, which ones.
    Builder farWords;
    if (farAt.size() < outside.size() && !farAt.empty())
        farWords << QObject::tr("At ") << s.xs(farAt) << QObject::tr(" the theory lies ")
                 << (runsPerPoint >= 10 ? QObject::tr("more than twice the interval's half-width "
                                                      "from the runs' mean, which is not chance "
                                                      "alone")
                                        : QObject::tr("more than four times the interval's "
                                                      "half-width from the runs' mean, which is "
                                                      "not chance alone"));
    else
        farWords << (runsPerPoint >= 10 ? QObject::tr("A theory more than twice an interval's "
                                                      "half-width from the runs' mean is not "
                                                      "chance alone")
                                        : QObject::tr("A theory more than four times an "
                                                      "interval's half-width from the runs' mean "
                                                      "is not chance alone"));
    const Sentence farText = farWords.piece();
    if (startBias) {
        if (far)
            b << farText << QStringLiteral(". ");
        b << (nearFull
                  ? (cold ? QObject::tr("Near full load a queue that starts empty takes very long "
                                        "to fill to its long-run average, so these runs may be "
                                        "too short for it rather than unlucky: more jobs or a "
                                        "warm-up tell which.")
                          : QObject::tr("Near full load a queue that starts empty takes very long "
                                        "to fill to its long-run average, so these runs and their "
                                        "warm-up may be too short for it rather than unlucky: "
                                        "more jobs or a longer warm-up tell which."))
                  : QObject::tr("Every run starts with an empty queue, which pulls this below "
                                "its long-run value, so these runs may be too short rather than "
                                "unlucky: more jobs or a warm-up tell which."));
    } else if (far)
        b << farText
          << QObject::tr(": more jobs per run tell whether these runs are too short to reach the "
                         "long-run value.");
    else if (const int n = int(judged.size()), k = int(outside.size());
             k > 1 && binomialTail(n, k, 0.05) < 0.05)
        // So many misses at once: at one in twenty each, chance rarely gives as many.
        b << QObject::tr("With %1 of the %2 points checked outside, more than one in twenty "
                         "misses each would give by chance alone: these runs differ from the "
                         "long-run state the theory describes, and more jobs per run tell whether "
                         "they are too short for it.")
                 .arg(wordFor(k), wordFor(n));
    else if (judged.size() > 1 && judged.size() <= 12)
        b << QObject::tr("About one interval in twenty misses by chance alone (and with %1 "
                         "points checked, one of them missing happens up to %2): more "
                         "replications or more jobs per run tell chance from a real gap.")
                 .arg(wordFor(int(judged.size())), oneMissOf(int(judged.size())));
    else
        b << QObject::tr("About one interval in twenty misses by chance alone: more replications "
                         "or more jobs per run tell chance from a real gap.");
    sayFlat();
    return b.done();
}

QList<Sentence> sweep(const QJsonObject &result)
{
    const std::optional<SweepData> parsed = read(result);
    if (!parsed)
        return {};
    const SweepData &s = *parsed;
    QList<Sentence> list;
    for (const QJsonValue change : result.value(QStringLiteral("changes")).toArray())
        list.append(changed(change.toString()));
    if (const auto u = unmeasured(s))
        list.append(*u);
    if (s.points.empty())
        return list;
    list.append(interval(s));
    if (s.points.size() < 2)
        return list;
    if (Rules::plateauStart(s.points) != 0) {
        if (const auto e = ends(s))
            list.append(*e);
    }
    for (const auto &rule : {plateau, best}) {
        if (const auto sentence = rule(s))
            list.append(*sentence);
    }
    list += queue(s);
    if (const auto t = theory(s))
        list.append(*t);
    if (const auto f = finishedOnly(s))
        list.append(*f);
    if (const auto f = fewNotifications(s))
        list.append(*f);
    if (const auto c = cutIntervals(s))
        list.append(*c);
    const QJsonArray breakdowns = result.value(QStringLiteral("breakdowns")).toArray();
    for (qsizetype j = 0; j < breakdowns.size(); ++j) {
        const QJsonObject b = breakdowns.at(j).toObject();
        const int point = b.value(QStringLiteral("point")).toInt();
        Builder place;
        place << QObject::tr("At ") << s.place(point);
        const QString source = QStringLiteral("breakdowns.%1").arg(j);
        // Where a tenth or more of the videos did not finish, the turnaround's causes are of
        // the finished ones only, and said so.
        std::optional<Sentence> unfinished;
        const QJsonObject at = s.all.at(point).toObject();
        if (at.value(QStringLiteral("finished_share")).isDouble()
            && at.value(QStringLiteral("finished_share")).toDouble() < 0.9) {
            const QString path = QStringLiteral("points.%1.finished_share").arg(point);
            Builder u;
            u << QObject::tr("only ")
              << quote(at.value(QStringLiteral("finished_share")).toDouble(),
                       Schema::Metric{path, QString(), QStringLiteral("share")},
                       path)
              << (at.contains(QStringLiteral("warmup_hours"))
                      ? QObject::tr(" % of the videos that arrived after the warm-up finished (a "
                                    "run, on average)")
                      : QObject::tr(" % of the videos that arrived finished (a run, on average)"));
            unfinished = u.piece();
        }
        if (const auto c = causes(b, source, s.model, 0, place.piece(), false, unfinished))
            list.append(*c);
        const bool last = j + 1 == breakdowns.size();
        if (last && b.value(QStringLiteral("metrics")).toArray().size() > 1) {
            if (const auto c = causes(b, source, s.model, 1, place.piece(), true))
                list.append(*c);
        }
    }
    return list;
}

QString pointName(const QJsonObject &result, int index)
{
    const std::optional<SweepData> parsed = read(result);
    if (!parsed || index < 0 || index >= int(parsed->all.size()))
        return {};
    return parsed->place(index).text;
}

Table sweepTable(const QJsonObject &result)
{
    const std::optional<SweepData> parsed = read(result);
    if (!parsed)
        return {};
    const SweepData &s = *parsed;
    const QString u = unit(*s.metric);
    Table t;
    t.headers
        = {s.field->unit.isEmpty() ? s.field->label
                                   : QObject::tr("%1 (%2)").arg(s.field->label, s.field->unit),
           QObject::tr("%1, mean (%2)").arg(s.metric->label, u),
           QObject::tr("95 % interval (%1)").arg(u)};
    const bool queue = !s.all.isEmpty()
                       && s.all.first().toObject().contains(QStringLiteral("queue_empty_share"));
    if (queue)
        t.headers << QObject::tr("queue empty (% of samples)")
                  << QObject::tr("waiting at the end, queued or prefetched (videos)");
    // A turnaround with videos left unfinished: the least it can be, counting them at their ages.
    const bool atLeast = std::any_of(s.all.begin(), s.all.end(), [](const QJsonValue &v) {
        return v.toObject().value(QStringLiteral("at_least")).isDouble()
               && v.toObject().value(QStringLiteral("unfinished")).toDouble() > 0;
    });
    if (atLeast)
        t.headers << QObject::tr("%1 at least, counting the unfinished at their ages (%2)")
                         .arg(s.metric->label, u);
    const bool theory
        = !s.all.isEmpty() && s.all.first().toObject().contains(QStringLiteral("theory"));
    if (theory)
        t.headers << QObject::tr("Erlang C theory (%1)").arg(u);
    const Schema::Metric shares{QString(), QString(), QStringLiteral("share")};
    const Schema::Metric videos{QString(), QString(), QStringLiteral("videos")};
    const QString why = s.metric->unmeasured.isEmpty()
                            ? QObject::tr("no run measured it")
                            : QObject::tr("every run %1").arg(whyUnmeasured(s, QString()));
    const double runs = s.result.value(QStringLiteral("replications")).toDouble();
    for (const QJsonValue v : s.all) {
        const QJsonObject o = v.toObject();
        QStringList row{formatInput(o.value(QStringLiteral("x")).toDouble())};
        if (!o.value(QStringLiteral("mean")).isDouble()) {
            row << QObject::tr("none (%1)").arg(why) << QString();
        } else if (!o.value(QStringLiteral("low")).isDouble()) {
            row << QObject::tr("%1 (of 1 of %2 runs)")
                       .arg(format(o.value(QStringLiteral("mean")).toDouble(), *s.metric))
                       .arg(int(runs))
                << QObject::tr("none (one run)");
        } else {
            QString mean = format(o.value(QStringLiteral("mean")).toDouble(), *s.metric);
            if (o.contains(QStringLiteral("measured_runs")))
                mean = QObject::tr("%1 (of %2 of %3 runs)")
                           .arg(mean)
                           .arg(o.value(QStringLiteral("measured_runs")).toInt())
                           .arg(int(runs));
            const QString range
                = QObject::tr("%1 to %2")
                      .arg(format(o.value(QStringLiteral("low")).toDouble(), *s.metric),
                           format(o.value(QStringLiteral("high")).toDouble(), *s.metric));
            row << mean
                << (o.value(QStringLiteral("cut")).toBool() ? QObject::tr("%1 (cut)").arg(range)
                                                            : range);
        }
        if (queue) {
            row << format(o.value(QStringLiteral("queue_empty_share")).toDouble(), shares)
                << format(o.value(QStringLiteral("waiting_at_end")).toDouble(), videos);
        }
        if (atLeast)
            row << (o.value(QStringLiteral("unfinished")).toDouble() <= 0
                        ? QObject::tr("none unfinished")
                    : o.value(QStringLiteral("at_least")).isDouble()
                        ? formatLowerBound(o.value(QStringLiteral("at_least")).toDouble(),
                                           *s.metric)
                        : QObject::tr("none (not every run finished a video)"));
        if (theory)
            row << (o.value(QStringLiteral("theory")).isDouble()
                        ? format(o.value(QStringLiteral("theory")).toDouble(), *s.metric)
                        : QObject::tr("none (unstable)"));
        t.rows.append(row);
    }
    return t;
}

} // namespace Narration

} // namespace Startup
