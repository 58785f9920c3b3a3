// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "narrationchecks.h"

#include <startup/counterfactual.h>
#include <startup/schema.h>
#include <startup/simkernel.h>

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace Startup;

namespace NarrationChecks {

namespace {

/** How often each rule spoke over the random cases. */
QMap<QString, int> &spoken()
{
    static QMap<QString, int> counts;
    return counts;
}

} // namespace

/** The numbers written in TEXT, as written ("+1.5" as "1.5"); "p95" is a word, not a number. */
QStringList numbers(const QString &text)
{
    static const QRegularExpression number(
        QStringLiteral("(?<![\\w.])[-+]?(\\d+(?:\\.\\d+)?)(?!\\w|\\.\\d)"));
    QStringList found;
    auto it = number.globalMatch(text);
    while (it.hasNext())
        found.append(it.next().captured(1));
    return found;
}

QSet<QString> tokensOf(const Narration::Table &table)
{
    QSet<QString> tokens;
    for (const QStringList &row : table.rows) {
        for (const QString &cell : row) {
            for (const QString &n : numbers(cell))
                tokens.insert(n);
        }
    }
    return tokens;
}

/** Every number of SCENARIO (checked, with its defaults), written as inputs are. */
void addInputs(const QJsonValue &value, QSet<QString> *tokens)
{
    if (value.isDouble()) {
        tokens->insert(Narration::formatInput(value.toDouble()));
    } else if (value.isObject()) {
        for (const QJsonValue v : value.toObject())
            addInputs(v, tokens);
    } else if (value.isArray()) {
        for (const QJsonValue v : value.toArray())
            addInputs(v, tokens);
    }
}

QJsonValue at(const QJsonValue &root, const QString &path)
{
    QJsonValue v = root;
    for (const QString &key : path.split(QLatin1Char('.'))) {
        bool index = false;
        const int i = key.toInt(&index);
        v = index && v.isArray() ? v.toArray().at(i) : v.toObject().value(key);
    }
    return v;
}

QList<int> intsOf(const QJsonValue &array)
{
    QList<int> list;
    for (const QJsonValue v : array.toArray())
        list.append(v.toInt());
    return list;
}

/** Whether QUOTE, as written, is its value read at its source in RESULT. */
QString
checkQuote(const QJsonObject &result, const Narration::Sentence &s, const Narration::Quote &q)
{
    if (!s.text.contains(q.text))
        return QStringLiteral("'%1' is not in the sentence").arg(q.text);
    const QJsonValue read = at(result, q.source);
    if (!read.isDouble())
        return QStringLiteral("%1 is not a number of the result").arg(q.source);
    if (std::abs(read.toDouble() - q.value) > 1e-9 * std::max(1.0, std::abs(q.value)))
        return QStringLiteral("%1 is %2, quoted %3")
            .arg(q.source)
            .arg(read.toDouble())
            .arg(q.value);
    // As written: the value rounded (a share as a percentage).
    const double written = q.text.toDouble();
    const int decimals = q.text.contains(QLatin1Char('.'))
                             ? int(q.text.size() - q.text.indexOf(QLatin1Char('.')) - 1)
                             : 0;
    if (q.source.contains(QLatin1String("at_least"))) {
        // A lower bound: rounded down, within the last digit written.
        const double step = std::pow(10.0, -decimals);
        if (written > q.value + 1e-9 || q.value - written >= step + 1e-9)
            return QStringLiteral("'%1' is not %2 rounded down").arg(q.text).arg(q.value);
        return {};
    }
    const double tolerance = 0.5 * std::pow(10.0, -decimals) + 1e-9;
    if (std::abs(written - q.value) > tolerance && std::abs(written - 100 * q.value) > tolerance)
        return QStringLiteral("'%1' does not write %2").arg(q.text).arg(q.value);
    return {};
}

/** Every number of every sentence is one of ALLOWED, and every quote reads its source. */
void checkNumbers(const QJsonObject &result,
                  const QList<Narration::Sentence> &sentences,
                  const QSet<QString> &allowed)
{
    for (const Narration::Sentence &s : sentences) {
        QSet<QString> quoted;
        for (const Narration::Quote &q : s.quotes) {
            const QString problem = checkQuote(result, s, q);
            QVERIFY2(problem.isEmpty(), qPrintable(problem + QStringLiteral(": ") + s.text));
            for (const QString &n : numbers(q.text)) // as the sentence's numbers are read
                quoted.insert(n);
        }
        for (const QString &n : numbers(s.text)) {
            QVERIFY2(allowed.contains(n) || quoted.contains(n),
                     qPrintable(QStringLiteral("%1 is neither on the plot, in a table nor an "
                                               "input: %2")
                                    .arg(n, s.text)));
        }
    }
}

// ---- causes: the what-if runs, run again

/** Each replication's METRIC of SCENARIO with R replications. */
std::vector<double> replications(const QJsonObject &scenario, const QString &metric, int r)
{
    Simulation::Request request;
    request.scenario = scenario;
    request.source = QStringLiteral("test");
    request.replications = r;
    Counterfactual::Values values;
    QString error;
    Simulation::run(request, Counterfactual::collecting({}, {metric}, &values), &error);
    return values[metric];
}

double mean(const std::vector<double> &v)
{
    double sum = 0;
    for (const double x : v)
        sum += x;
    return v.empty() ? 0 : sum / double(v.size());
}

/**
 * Every cause sentence: its what-ifs are rows of the breakdown in RESULT, whose runs are
 * SCENARIO (at the breakdown's point) with that suspect removed, with the same seeds as the run
 * it explains; a named cause is a real difference the right way, one named as making none is
 * not real.
 */
void checkCauses(const QJsonObject &result,
                 const QList<Narration::Sentence> &sentences,
                 const std::function<QJsonObject(const QJsonObject &breakdown)> &scenarioAt)
{
    for (const Narration::Sentence &s : sentences) {
        if (!s.rule.startsWith(QLatin1String("cause")))
            continue;
        const QJsonObject breakdown
            = at(result, s.facts.value(QStringLiteral("breakdown")).toString()).toObject();
        QVERIFY2(!breakdown.isEmpty(), qPrintable(s.text));
        const QString metricPath = s.facts.value(QStringLiteral("metric")).toString();
        const int metric = int(breakdown.value(QStringLiteral("metrics"))
                                   .toArray()
                                   .toVariantList()
                                   .indexOf(metricPath));
        QVERIFY(metric >= 0);
        const Schema::Metric *m
            = Schema::model(result.value(QStringLiteral("model")).toString())->metric(metricPath);
        const QJsonArray rows = breakdown.value(QStringLiteral("rows")).toArray();
        auto rowOf = [&rows](const QString &id) {
            for (const QJsonValue r : rows) {
                if (r.toObject().value(QStringLiteral("id")).toString() == id)
                    return r.toObject();
            }
            return QJsonObject();
        };
        const QJsonObject scenario = scenarioAt(breakdown);
        const int r = breakdown.value(QStringLiteral("replications")).toInt();
        const std::vector<double> asRun = replications(scenario, metricPath, r);
        for (const QString &kind : {QStringLiteral("causes"),
                                    QStringLiteral("no_difference"),
                                    QStringLiteral("paired_only")}) {
            for (const QJsonValue id : s.facts.value(kind).toArray()) {
                const QJsonObject row = rowOf(id.toString());
                QVERIFY2(!row.isEmpty(), qPrintable(id.toString() + QStringLiteral(": ") + s.text));
                const QJsonObject me
                    = row.value(QStringLiteral("measures")).toArray().at(metric).toObject();
                const bool real = me.value(QStringLiteral("real")).toBool();
                const double d = me.value(QStringLiteral("difference"))
                                     .toObject()
                                     .value(QStringLiteral("mean"))
                                     .toDouble();
                if (kind == QLatin1String("causes")) {
                    QVERIFY2(real, qPrintable(s.text));
                    if (m->better != Schema::Better::Neither)
                        QVERIFY2((m->better == Schema::Better::Lower) == (d < 0),
                                 qPrintable(s.text));
                } else {
                    QVERIFY2(!real, qPrintable(s.text));
                }
                // The run is there: the suspect's scenario, the same seeds, the same numbers.
                QJsonObject without;
                for (const Counterfactual::Suspect &suspect : Counterfactual::suspects(scenario)) {
                    if (suspect.id == id.toString())
                        without = suspect.scenario;
                }
                QVERIFY2(!without.isEmpty(), qPrintable(id.toString()));
                const std::vector<double> values = replications(without, metricPath, r);
                // Runs that measured nothing (no delivery, no latency) are left out.
                QVERIFY(std::abs(Sim::meanOf(values) - me.value(QStringLiteral("mean")).toDouble())
                        < 1e-9 * std::max(1.0, std::abs(Sim::meanOf(values))));
                std::vector<double> pairs;
                for (std::size_t k = 0; k < values.size(); ++k) {
                    if (!std::isnan(values[k]) && !std::isnan(asRun[k]))
                        pairs.push_back(values[k] - asRun[k]);
                }
                QVERIFY(pairs.size() >= 2); // fewer pairs tell nothing, and are not named
                QVERIFY(std::abs(mean(pairs) - d) < 1e-9 * std::max(1.0, std::abs(d)));
                // Real exactly when the paired interval (shown beside it) leaves out zero, from
                // three pairs or more (issue 20: two pairs named a cause; overlapping rows
                // overruled a paired change).
                const double half = Sim::halfWidth95(pairs);
                const bool pairedApart = mean(pairs) - half > 0 || mean(pairs) + half < 0;
                QCOMPARE(real, pairedApart && pairs.size() >= 3);
                QCOMPARE(me.value(QStringLiteral("difference"))
                             .toObject()
                             .value(QStringLiteral("pairs"))
                             .toInt(),
                         int(pairs.size()));
                // "Made no change" only where the paired runs show none either; a change too
                // few pairs show is said as that (issue 20: called "no change").
                if (kind == QLatin1String("no_difference"))
                    QVERIFY2(!pairedApart, qPrintable(s.text));
                if (kind == QLatin1String("paired_only")) {
                    QVERIFY2(pairedApart && pairs.size() < 3, qPrintable(s.text));
                    QVERIFY2(s.text.contains(QStringLiteral("paired runs show a change")),
                             qPrintable(s.text));
                }
                // A cause from fewer than five runs says its evidence is weak.
                if (kind == QLatin1String("causes") && s.rule == QLatin1String("cause"))
                    QCOMPARE(s.text.contains(QStringLiteral("weak evidence")), r < 5);
                // "Each run gave the same value with and without" only where each run is a
                // pair that did (issue 20: said where some runs measured it only one way).
                if (s.text.contains(QStringLiteral("each run gave the same value")))
                    QVERIFY2(pairs.size() == values.size() && half == 0, qPrintable(s.text));
            }
        }
        // A what-if no pair of runs measured is said to have nothing to compare.
        for (const QJsonValue id : s.facts.value(QStringLiteral("unpaired")).toArray()) {
            const QJsonObject me = rowOf(id.toString())
                                       .value(QStringLiteral("measures"))
                                       .toArray()
                                       .at(metric)
                                       .toObject();
            QVERIFY2(!me.contains(QStringLiteral("difference")), qPrintable(s.text));
            QVERIFY2(s.text.contains(QStringLiteral("nothing to compare")), qPrintable(s.text));
        }
        if (s.rule != QLatin1String("cause-headline"))
            continue;
        // "Most": the strongest real change the right way, with every other one whose paired
        // interval it cannot be told from, and no more.
        struct Change
        {
            QString id;
            double d, low, high;
        };
        QList<Change> helped;
        for (const QJsonValue v : rows) {
            const QJsonObject me
                = v.toObject().value(QStringLiteral("measures")).toArray().at(metric).toObject();
            const QJsonObject change = me.value(QStringLiteral("difference")).toObject();
            const double d = change.value(QStringLiteral("mean")).toDouble();
            if (me.value(QStringLiteral("real")).toBool()
                && (m->better == Schema::Better::Neither
                    || (m->better == Schema::Better::Lower) == (d < 0)))
                helped.append({v.toObject().value(QStringLiteral("id")).toString(),
                               d,
                               change.value(QStringLiteral("low")).toDouble(),
                               change.value(QStringLiteral("high")).toDouble()});
        }
        QVERIFY(!helped.isEmpty());
        const Change top
            = *std::max_element(helped.begin(), helped.end(), [](const Change &a, const Change &b) {
                  return std::abs(a.d) < std::abs(b.d);
              });
        // Told apart as every change is: run by run (the what-ifs share their seeds), from the
        // runs themselves, run again here.
        auto runsWithout = [&](const QString &id) {
            for (const Counterfactual::Suspect &suspect : Counterfactual::suspects(scenario)) {
                if (suspect.id == id)
                    return replications(suspect.scenario, metricPath, r);
            }
            return std::vector<double>();
        };
        const std::vector<double> topRuns = runsWithout(top.id);
        QStringList expected;
        for (const Change &c : helped) {
            if (c.id == top.id) {
                expected.append(c.id);
                continue;
            }
            const std::vector<double> runs = runsWithout(c.id);
            std::vector<double> pairs;
            for (std::size_t k = 0; k < std::min(runs.size(), topRuns.size()); ++k) {
                if (!std::isnan(runs[k]) && !std::isnan(topRuns[k]))
                    pairs.push_back(runs[k] - topRuns[k]);
            }
            const double half = pairs.size() >= 2 ? Sim::halfWidth95(pairs) : 0;
            const bool apart
                = pairs.size() >= 3 && (mean(pairs) - half > 0 || mean(pairs) + half < 0);
            if (!apart)
                expected.append(c.id);
        }
        QStringList named = s.facts.value(QStringLiteral("causes")).toVariant().toStringList();
        QCOMPARE(named.first(), top.id);
        named.sort();
        expected.sort();
        QCOMPARE(named, expected);
    }
}

/** No sentence but a cause's names a suspect. */
void noCauseWithoutItsRuns(const QList<Narration::Sentence> &sentences)
{
    static const QStringList causeWords{QStringLiteral("too few machines"),
                                        QStringLiteral("long videos"),
                                        QStringLiteral("burst"),
                                        QStringLiteral("crash"),
                                        QStringLiteral("no number of machines"),
                                        QStringLiteral("because")};
    for (const Narration::Sentence &s : sentences) {
        if (s.rule.startsWith(QLatin1String("cause")) || s.rule == QLatin1String("changed"))
            continue;
        for (const QString &w : causeWords)
            QVERIFY2(!s.text.contains(w), qPrintable(s.text));
    }
}

// ---- random scenarios

double round1(double x)
{
    return std::round(x * 10) / 10;
}

QJsonObject transcodingScenario(Dice &d)
{
    const double hours = d.whole(3, 8);
    QJsonObject arrivals{{QStringLiteral("uploads_per_hour"), round1(d.between(10, 60))}};
    if (d.chance(0.3)) {
        QJsonArray curve;
        for (int h = 0; h < 24; ++h)
            curve.append(round1(d.between(0.3, 2)));
        arrivals.insert(QStringLiteral("daily_curve"), curve);
    }
    if (d.chance(0.5))
        arrivals.insert(
            QStringLiteral("burst"),
            QJsonObject{{QStringLiteral("start_hour"), round1(d.between(0.5, hours - 1))},
                        {QStringLiteral("hours"), round1(d.between(0.5, 2))},
                        {QStringLiteral("multiplier"), round1(d.between(1.5, 4))}});
    QJsonObject pool{{QStringLiteral("instances"), d.whole(1, 4)},
                     {QStringLiteral("slots_per_instance"), d.whole(1, 3)},
                     {QStringLiteral("speed"), round1(d.between(0.7, 3))},
                     {QStringLiteral("crashes_per_instance_hour"),
                      d.chance(0.5) ? 0.0 : round1(d.between(0.1, 0.5))},
                     {QStringLiteral("boot_minutes"), d.whole(0, 5)}};
    if (d.chance(0.25))
        pool.insert(QStringLiteral("autoscale"),
                    QJsonObject{{QStringLiteral("target_queue_per_instance"), d.whole(1, 6)},
                                {QStringLiteral("min"), d.whole(1, 2)},
                                {QStringLiteral("max"), d.whole(3, 8)}});
    QJsonObject s{
        {QStringLiteral("model"), QStringLiteral("transcoding")},
        {QStringLiteral("hours"), hours},
        {QStringLiteral("warmup_hours"), 0.5},
        {QStringLiteral("sample_minutes"), d.whole(5, 15)},
        {QStringLiteral("seed"), d.whole(1, 100000)},
        {QStringLiteral("arrivals"), arrivals},
        {QStringLiteral("videos"),
         QJsonObject{{QStringLiteral("median_minutes"), round1(d.between(1, 6))},
                     {QStringLiteral("sigma"), d.chance(0.2) ? 0.0 : round1(d.between(0.2, 1.2))}}},
        {QStringLiteral("broker"),
         QJsonObject{{QStringLiteral("prefetch_multiplier"), d.whole(1, 6)},
                     {QStringLiteral("acks"),
                      d.pick(QList<QString>{QStringLiteral("late"), QStringLiteral("early")})},
                     {QStringLiteral("visibility_timeout_minutes"), d.whole(5, 60)}}},
        {QStringLiteral("pool"), pool}};
    if (d.chance(0.15))
        s.insert(QStringLiteral("outsourcing"),
                 QJsonObject{{QStringLiteral("above_queue"), d.whole(2, 20)}});
    return s;
}

QJsonObject mmcScenario(Dice &d)
{
    return {{QStringLiteral("model"), QStringLiteral("mmc")},
            {QStringLiteral("arrival_rate"), round1(d.between(0.2, 0.9))},
            {QStringLiteral("service_rate"), 1.0},
            {QStringLiteral("servers"), d.whole(1, 3)},
            {QStringLiteral("jobs"), d.whole(1000, 4000)},
            {QStringLiteral("warmup_jobs"), 300},
            {QStringLiteral("seed"), d.whole(1, 100000)}};
}

QJsonObject feedScenario(Dice &d)
{
    return {
        {QStringLiteral("model"), QStringLiteral("feed")},
        {QStringLiteral("users"), d.whole(100, 500)},
        {QStringLiteral("median_followers"), d.whole(3, 25)},
        {QStringLiteral("online_share"), round1(d.between(0.2, 0.7))},
        {QStringLiteral("posts_per_user_hour"), round1(d.between(0.2, 1.5))},
        {QStringLiteral("minutes"), d.whole(5, 15)},
        {QStringLiteral("delivery"),
         d.pick(QList<QString>{
             QStringLiteral("polling"), QStringLiteral("long_polling"), QStringLiteral("push")})},
        {QStringLiteral("capture"),
         d.pick(QList<QString>{QStringLiteral("signal"), QStringLiteral("trigger")})},
        {QStringLiteral("bulk_share"), d.chance(0.2) ? 0.0 : round1(d.between(0.1, 0.4))},
        {QStringLiteral("seed"), d.whole(1, 100000)}};
}

Rules::Point pointOf(const QJsonObject &result, int i)
{
    const QJsonObject p = result.value(QStringLiteral("points")).toArray().at(i).toObject();
    std::vector<double> runs;
    for (const QJsonValue &v : p.value(QStringLiteral("runs")).toArray())
        runs.push_back(v.isDouble() ? v.toDouble() : std::nan(""));
    return {p.value(QStringLiteral("x")).toDouble(),
            p.value(QStringLiteral("mean")).toDouble(),
            p.value(QStringLiteral("low")).toDouble(),
            p.value(QStringLiteral("high")).toDouble(),
            runs};
}

bool differRunByRun(const Rules::Point &a, const Rules::Point &b)
{
    std::vector<double> differences;
    for (std::size_t k = 0; k < a.runs.size() && k < b.runs.size(); ++k) {
        if (std::isfinite(a.runs[k]) && std::isfinite(b.runs[k]))
            differences.push_back(b.runs[k] - a.runs[k]);
    }
    if (differences.size() < 2)
        return false;
    double sum = 0;
    for (const double d : differences)
        sum += d;
    const double mean = sum / double(differences.size());
    const double half = Sim::halfWidth95(differences);
    return mean - half > 0 || mean + half < 0;
}

void count(const QList<Narration::Sentence> &sentences)
{
    for (const Narration::Sentence &s : sentences) {
        QString kind = s.rule;
        if (s.rule == QLatin1String("plateau"))
            kind += s.facts.value(QStringLiteral("knee")).toInt() > 0
                        ? QStringLiteral(" with a knee")
                    : intsOf(s.facts.value(QStringLiteral("points"))).first() == 0
                        ? QStringLiteral(" all along")
                        : QStringLiteral(" without a knee");
        if (s.rule == QLatin1String("ends"))
            kind += s.facts.value(QStringLiteral("apart")).toBool()
                        ? QStringLiteral(" apart")
                        : QStringLiteral(" overlapping");
        if (s.rule == QLatin1String("cause")) {
            kind += s.facts.value(QStringLiteral("causes")).toArray().isEmpty()
                        ? QStringLiteral(" none")
                        : QStringLiteral(" named");
            if (!s.facts.value(QStringLiteral("no_difference")).toArray().isEmpty())
                ++spoken()[QStringLiteral("cause, no difference")];
            if (!s.facts.value(QStringLiteral("paired_only")).toArray().isEmpty())
                ++spoken()[QStringLiteral("cause, paired runs only")];
        }
        ++spoken()[kind];
    }
}

void everyRuleSpoke(const QStringList &rules)
{
    for (const QString &rule : rules) {
        QVERIFY2(
            spoken().value(rule) > 0,
            qPrintable(QStringLiteral("no random case made the rule \"%1\" speak: %2")
                           .arg(rule, QStringList(spoken().keys()).join(QStringLiteral(", ")))));
    }
}

} // namespace NarrationChecks
