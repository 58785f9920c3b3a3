// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "narration.h"

#include "rules.h"

#include "sentencebuilder.h"

#include <kit/typography.h>

#include <QObject>

#include <algorithm>
#include <cmath>

namespace Startup {

namespace Narration {

namespace {

bool isShare(const Schema::Metric &metric)
{
    return metric.unit == QLatin1String("share");
}

int decimals(const Schema::Metric &metric)
{
    const QString &u = metric.unit;
    if (u == QLatin1String("$"))
        return 4;
    if (u == QLatin1String("s") || u == QLatin1String("time units") || u == QLatin1String("jobs"))
        return 3;
    return 1;
}

QString fixed(double value, int places)
{
    QString text = QString::number(value, 'f', places);
    // A value that rounds to zero is written as zero, never as "-0.0".
    if (text.startsWith(QLatin1Char('-')) && text.mid(1).toDouble() == 0)
        text.remove(0, 1);
    return text;
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

/** The row of a what-if as the table names it: the suspect, and the run without it. */
QString whatIf(const QJsonObject &row)
{
    const QString cause = row.value(QStringLiteral("cause")).toString();
    const QString change = row.value(QStringLiteral("change")).toString();
    return cause.isEmpty() ? change : QObject::tr("%1 (run with %2)").arg(cause, change);
}

} // namespace

// ---- Builder ---------------------------------------------------------------------------------

Builder &Builder::operator<<(const QString &words)
{
    m_sentence.text += words;
    return *this;
}

Builder &Builder::operator<<(const Quote &quote)
{
    m_sentence.text += quote.text;
    m_sentence.quotes.append(quote);
    return *this;
}

Builder &Builder::operator<<(const Sentence &piece)
{
    m_sentence.text += piece.text;
    m_sentence.quotes += piece.quotes;
    return *this;
}

Builder &Builder::fact(const QString &key, const QJsonValue &value)
{
    m_sentence.facts.insert(key, value);
    return *this;
}

Sentence Builder::done() const
{
    Sentence s = m_sentence;
    if (!s.text.isEmpty())
        s.text[0] = s.text.at(0).toUpper();
    return s;
}

Quote quote(double value, const Schema::Metric &metric, const QString &source)
{
    return {format(value, metric), value, source};
}

Quote lowerBound(double value, const Schema::Metric &metric, const QString &source)
{
    return {formatLowerBound(value, metric), value, source};
}

Quote input(double value, const QString &source)
{
    return {formatInput(value), value, source};
}

Quote count(double value, const QString &source)
{
    return {QString::number(std::llround(value)), value, source};
}

/** A and B of METRIC, read at SOURCE_A and SOURCE_B, with as many more decimals as it takes
 *  (up to four) for two different values not to read alike ("0.13 % instead of 0.10 %", not
 *  "0.1 % instead of 0.1 %"). */
std::pair<Quote, Quote> apart(double a,
                              double b,
                              const Schema::Metric &metric,
                              const QString &sourceA,
                              const QString &sourceB)
{
    Quote qa{format(a, metric), a, sourceA};
    Quote qb{format(b, metric), b, sourceB};
    const int places = isShare(metric) ? 1 : decimals(metric);
    const double scale = isShare(metric) ? 100 : 1;
    for (int more = 1;
         more <= 4 && qa.text == qb.text && a != b && std::isfinite(a) && std::isfinite(b);
         ++more) {
        qa.text = fixed(a * scale, places + more);
        qb.text = fixed(b * scale, places + more);
    }
    return {qa, qb};
}

QString wordFor(int n)
{
    static const QStringList words{QObject::tr("no"),
                                   QObject::tr("one"),
                                   QObject::tr("two"),
                                   QObject::tr("three"),
                                   QObject::tr("four"),
                                   QObject::tr("five"),
                                   QObject::tr("six"),
                                   QObject::tr("seven"),
                                   QObject::tr("eight"),
                                   QObject::tr("nine"),
                                   QObject::tr("ten"),
                                   QObject::tr("eleven"),
                                   QObject::tr("twelve")};
    return n >= 0 && n < words.size() ? words.at(n) : QString::number(n);
}

QString oneMissOf(int n)
{
    const double some = 1.0 - std::pow(0.95, double(n));
    if (some >= 0.5)
        return QObject::tr("more often than not");
    return QObject::tr("about one time in %1").arg(wordFor(int(std::lround(1.0 / some))));
}

Sentence listed(const QList<Sentence> &pieces, const QString &last)
{
    Builder b;
    const QString joint = last.isEmpty() ? QObject::tr("and") : last;
    for (qsizetype i = 0; i < pieces.size(); ++i) {
        if (i > 0)
            b << (i + 1 == pieces.size() ? QStringLiteral(" %1 ").arg(joint)
                                         : QStringLiteral(", "));
        b << pieces.at(i);
    }
    return b.piece();
}

double numberAt(const QJsonObject &result, const QString &path)
{
    return at(result, path).toDouble();
}

bool measuredAt(const QJsonObject &result, const QString &path)
{
    return at(result, path).isDouble();
}

std::optional<Sentence> causes(const QJsonObject &breakdown,
                               const QString &source,
                               const QString &model,
                               int metric,
                               const Sentence &place,
                               bool brief,
                               const std::optional<Sentence> &unfinished)
{
    const QJsonArray rows = breakdown.value(QStringLiteral("rows")).toArray();
    const QString path = breakdown.value(QStringLiteral("metrics")).toArray().at(metric).toString();
    const Schema::Model *m = Schema::model(model);
    if (rows.size() < 2 || !m || !m->metric(path))
        return std::nullopt;
    const Schema::Metric &measure = *m->metric(path);
    const int replications = breakdown.value(QStringLiteral("replications")).toInt();
    // A turnaround is of the finished videos only: where many did not finish, a what-if that
    // leaves a different number unfinished changes which videos are counted.
    const bool finishedOnly
        = unfinished.has_value() && path.startsWith(QLatin1String("turnaround_minutes"));
    // A total a run counts (missed notifications, lost videos), averaged over the runs: said as
    // "a run", not beside a total over all runs as if it were one.
    static const QStringList totals{QStringLiteral("missed_events"),
                                    QStringLiteral("delivered"),
                                    QStringLiteral("lost_jobs"),
                                    QStringLiteral("redelivered"),
                                    QStringLiteral("unfinished")};
    const bool perRun = replications > 1 && totals.contains(path);
    auto withUnit = [&](const Quote &q) {
        Builder b;
        b << q << QStringLiteral(" ") << unit(measure);
        if (perRun)
            b << QObject::tr(" a run");
        return b.piece();
    };
    struct Found
    {
        int row;
        double difference, low, high;
    };
    auto measureOf = [&rows, metric](int r) {
        return rows.at(r)
            .toObject()
            .value(QStringLiteral("measures"))
            .toArray()
            .at(metric)
            .toObject();
    };
    // A metric the runs as run never measured (a feed that delivered nothing has no latency)
    // has no cause to name.
    if (!measureOf(0).value(QStringLiteral("mean")).isDouble())
        return std::nullopt;
    QList<Found> better, worse, pairedOnly;
    QList<int> none, notRun, unpaired;
    bool allIdentical = true; // every what-if that made no difference made exactly none
    QList<int> unchanged;     // what-ifs every run of which gave the very same value
    // Whether every run measured it, as run and in each what-if: then every run is a pair.
    auto everyRunMeasured = [replications](const QJsonObject &me) {
        return me.value(QStringLiteral("measured_runs")).toDouble(replications) >= replications;
    };
    bool everyRunPaired = everyRunMeasured(measureOf(0));
    for (int r = 1; r < rows.size(); ++r) {
        const QJsonObject row = rows.at(r).toObject();
        if (row.contains(QStringLiteral("error"))) {
            notRun.append(r);
            continue;
        }
        const QJsonObject me = measureOf(r);
        if (!me.contains(QStringLiteral("difference"))) {
            unpaired.append(r); // no pair of runs both measured it: nothing to compare
            continue;
        }
        const QJsonObject change = me.value(QStringLiteral("difference")).toObject();
        const double d = change.value(QStringLiteral("mean")).toDouble();
        const Found found{r,
                          d,
                          change.value(QStringLiteral("low")).toDouble(),
                          change.value(QStringLiteral("high")).toDouble()};
        if (!me.value(QStringLiteral("real")).toBool() && (found.low > 0 || found.high < 0)) {
            // The paired runs show a change, but from too few of them to tell it from chance:
            // neither a cause nor "no change".
            pairedOnly.append(found);
            allIdentical = false;
        } else if (!me.value(QStringLiteral("real")).toBool()) {
            none.append(r);
            if (found.low != 0 || found.high != 0)
                allIdentical = false;
            else
                unchanged.append(r); // every pair gave the same value: no chance about it
            everyRunPaired = everyRunPaired && everyRunMeasured(me);
        } else if (measure.better == Schema::Better::Neither
                   || (measure.better == Schema::Better::Lower) == (d < 0))
            better.append(found);
        else
            worse.append(found);
    }
    std::stable_sort(better.begin(), better.end(), [](const Found &a, const Found &b) {
        return std::abs(a.difference) > std::abs(b.difference);
    });
    auto ids = [&rows](const auto &list) {
        QJsonArray a;
        for (const auto &item : list) {
            if constexpr (std::is_same_v<std::decay_t<decltype(item)>, int>)
                a.append(rows.at(item).toObject().value(QStringLiteral("id")));
            else
                a.append(rows.at(item.row).toObject().value(QStringLiteral("id")));
        }
        return a;
    };
    auto causeOf = [&rows](int r) {
        Builder b;
        b << rows.at(r).toObject().value(QStringLiteral("cause")).toString();
        return b.piece();
    };
    // "prefetch hoarding (prefetch 1: 10.4 min instead of 22.2 min)"
    // The what-if's mean beside the mean as run, told apart where they differ.
    auto means = [&](int r) {
        auto path = [&](int row) {
            return QStringLiteral("%1.rows.%2.measures.%3.mean").arg(source).arg(row).arg(metric);
        };
        return apart(numberAt(breakdown, path(r).mid(source.size() + 1)),
                     numberAt(breakdown, path(0).mid(source.size() + 1)),
                     measure,
                     path(r),
                     path(0));
    };
    auto item = [&](int r) {
        const auto [without, asRun] = means(r);
        Builder b;
        b << causeOf(r) << QStringLiteral(" (")
          << rows.at(r).toObject().value(QStringLiteral("change")).toString()
          << QStringLiteral(": ") << withUnit(without) << QObject::tr(" instead of ")
          << withUnit(asRun) << QStringLiteral(")");
        return b.piece();
    };
    auto causesOf = [&causeOf](const QList<int> &list) {
        QList<Sentence> pieces;
        for (const int r : list)
            pieces.append(causeOf(r));
        return listed(pieces);
    };

    Builder b(brief ? QStringLiteral("cause-headline") : QStringLiteral("cause"));
    b.fact(QStringLiteral("breakdown"), source);
    b.fact(QStringLiteral("metric"), path);
    b << place;
    if (!place.text.isEmpty())
        b << QStringLiteral(", ");
    if (brief) {
        if (better.isEmpty())
            return std::nullopt;
        // "Most" only where the strongest change is apart from the next ones, told as every
        // change is: run by run, the two what-ifs share their seeds. The ones it cannot be told
        // from are named with it.
        auto runsOf = [&measureOf](int r) {
            std::vector<double> values;
            for (const QJsonValue v : measureOf(r).value(QStringLiteral("runs")).toArray())
                values.push_back(v.isDouble() ? v.toDouble() : std::nan(""));
            return values;
        };
        QList<Found> top{better.first()};
        for (qsizetype i = 1; i < better.size(); ++i) {
            const Found &f = better.at(i);
            const std::optional<Rules::Difference> apart
                = Rules::pairedDifference(runsOf(better.first().row), runsOf(f.row));
            const bool told = apart && apart->pairs >= std::size_t(Rules::MinPairs)
                              && (apart->mean - apart->half > 0 || apart->mean + apart->half < 0);
            if (!told)
                top.append(f);
        }
        QList<Sentence> items;
        for (const Found &f : top)
            items.append(item(f.row));
        // "would rise": a what-if, and right for "the share" and "the missed notifications" alike
        b << QObject::tr("the %1 would %2 most without ")
                 .arg(measure.label,
                      measure.better == Schema::Better::Higher ? QObject::tr("rise")
                                                               : QObject::tr("fall"))
          << listed(items, QObject::tr("or"));
        if (top.size() > 1)
            b << QObject::tr(": each helps, but paired run by run the difference between them "
                             "cannot be told from chance, so which helps most cannot be told");
        b.fact(QStringLiteral("few_runs"), replications < Rules::FewRuns);
        if (replications < Rules::FewRuns)
            b << QObject::tr(" (from only ")
              << count(replications, source + QStringLiteral(".replications"))
              << QObject::tr(" runs each: weak evidence)");
        b << QStringLiteral(".");
        b.fact(QStringLiteral("causes"), ids(top));
        return b.done();
    }
    b.fact(QStringLiteral("causes"), ids(better));
    b.fact(QStringLiteral("no_difference"), ids(none));
    b.fact(QStringLiteral("worse"), ids(worse));
    b.fact(QStringLiteral("not_run"), ids(notRun));
    const Quote seeds = count(replications, source + QStringLiteral(".replications"));
    if (replications < 2) {
        b << QObject::tr("with one run per what-if no change can be told from chance: it takes "
                         "two or more replications to see what each what-if changes.");
        return b.done();
    }
    b.fact(QStringLiteral("unpaired"), ids(unpaired));
    b.fact(QStringLiteral("paired_only"), ids(pairedOnly));
    b << QObject::tr("removing one suspect at a time (the same ") << seeds
      << QObject::tr(" seeds each) ");
    // The what-ifs that changed no run at all, and those whose change chance could explain.
    QList<int> uncertain;
    for (const int r : none) {
        if (!unchanged.contains(r))
            uncertain.append(r);
    }
    // Several what-ifs tested at once: one may cross by chance alone. Said once, after the
    // first finding it bears on.
    bool multiplicitySaid = false;
    auto multiplicity = [&] {
        const int tested = int(rows.size()) - 1 - int(notRun.size()) - int(unpaired.size());
        b.fact(QStringLiteral("tested"), tested);
        if (tested > 1 && !multiplicitySaid)
            b << QObject::tr(" (With %1 what-ifs tested at once, one of them showing a change by "
                             "chance alone happens up to %2.)")
                     .arg(wordFor(tested), oneMissOf(tested));
        multiplicitySaid = true;
    };
    // A handful of pairs tells a change from chance, but estimates its spread from little.
    bool fewRunsSaid = false;
    auto fewRuns = [&] {
        b.fact(QStringLiteral("few_runs"), replications < Rules::FewRuns);
        if (replications < Rules::FewRuns && !fewRunsSaid)
            b << QObject::tr(" With only ") << seeds
              << QObject::tr(" runs each that rests on a spread estimated from few values: weak "
                             "evidence, which more runs would test.");
        fewRunsSaid = true;
    };
    auto sayUnchangedAndUncertain = [&] {
        if (!unchanged.isEmpty()) {
            Builder n;
            n << causesOf(unchanged);
            b << QStringLiteral(" ") << n.done()
              << (everyRunPaired ? QObject::tr(": removing %1 changed no run's %2 at all.")
                                 : QObject::tr(": removing %1 changed the %2 of no run that "
                                               "measured it."))
                     .arg(unchanged.size() == 1 ? QObject::tr("it") : QObject::tr("each"),
                          finishedOnly ? QObject::tr("%1 of the finished videos").arg(measure.label)
                                       : measure.label);
        }
        if (!uncertain.isEmpty()) {
            Builder n;
            n << causesOf(uncertain);
            b << QStringLiteral(" ") << n.done()
              << QObject::tr(": the paired runs cannot tell the effect of removing %1 on the %2 "
                             "from chance (each paired difference's 95 % interval takes in zero "
                             "change); more replications would narrow the intervals.")
                     .arg(uncertain.size() == 1 ? QObject::tr("it") : QObject::tr("each"),
                          measure.label);
        }
    };
    // Changes seen by two pairs of runs only: no cause is named from them, nor is "no change"
    // said.
    const QString noCause
        = pairedOnly.isEmpty()
              ? QObject::tr("shows no change in the %1 that it can tell from chance.")
              : QObject::tr("cannot name a cause of the %1 from two pairs of runs.");
    if (better.isEmpty() && none.isEmpty() && !pairedOnly.isEmpty()) {
        b << noCause.arg(measure.label);
    } else if (better.isEmpty() && !worse.isEmpty()) {
        b << QObject::tr("shows nothing that makes the %1 better.").arg(measure.label);
        sayUnchangedAndUncertain();
    } else if (better.isEmpty()) {
        if (!none.isEmpty() && allIdentical && everyRunPaired)
            b << QObject::tr("changes nothing in the %1 (").arg(measure.label) << causesOf(none)
              << QObject::tr("): each run gave the same value with and without.");
        else if (!none.isEmpty() && allIdentical)
            b << QObject::tr("changes nothing in the %1 (").arg(measure.label) << causesOf(none)
              << QObject::tr("): each run that measured it both with and without gave the same "
                             "value (not every run measured it).");
        else if (!none.isEmpty()) {
            b << noCause.arg(measure.label);
            sayUnchangedAndUncertain();
        } else if (!unpaired.isEmpty() && worse.isEmpty())
            // Said below: no run measured it both with and without any suspect.
            b << QObject::tr("has nothing to compare in the %1.").arg(measure.label);
        else
            b << QObject::tr("shows nothing that makes the %1 better.").arg(measure.label);
    } else {
        const QString what
            = measure.better == Schema::Better::Lower    ? QObject::tr("what keeps the %1 up")
              : measure.better == Schema::Better::Higher ? QObject::tr("what keeps the %1 down")
                                                         : QObject::tr("what moves the %1");
        QList<Sentence> items;
        for (const Found &f : better)
            items.append(item(f.row));
        b << QObject::tr("shows %1: ").arg(what.arg(measure.label)) << listed(items)
          << QStringLiteral(".");
        multiplicity();
        fewRuns();
        sayUnchangedAndUncertain();
    }
    if (!pairedOnly.isEmpty()) {
        // "the launch-day burst (no burst: 65.6 % instead of 47.6 %; paired difference 0.5 to
        // 35.5 points)"
        const QString changeUnit = isShare(measure) ? QObject::tr("points") : unit(measure);
        QList<Sentence> pieces;
        for (const Found &f : pairedOnly) {
            const QString at = QStringLiteral("%1.rows.%2.measures.%3.difference.")
                                   .arg(source)
                                   .arg(f.row)
                                   .arg(metric);
            const auto [without, asRun] = means(f.row);
            const auto [low, high] = apart(
                f.low, f.high, measure, at + QStringLiteral("low"), at + QStringLiteral("high"));
            Builder p;
            p << causeOf(f.row) << QStringLiteral(" (")
              << rows.at(f.row).toObject().value(QStringLiteral("change")).toString()
              << QStringLiteral(": ") << withUnit(without) << QObject::tr(" instead of ")
              << withUnit(asRun) << QObject::tr("; the paired runs' difference ") << low
              << QObject::tr(" to ") << high << QStringLiteral(" ") << changeUnit
              << QStringLiteral(")");
            pieces.append(p.piece());
        }
        b << QStringLiteral(" ")
          << QObject::tr("The paired runs show a change in the %1 without ").arg(measure.label)
          << listed(pieces)
          << QObject::tr(" (95 % intervals that leave out zero), but they rest on two pairs of "
                         "runs, whose spread Student's t can judge with one degree of freedom "
                         "only: too little to call it a cause. Run three or more.");
    }
    if (!unpaired.isEmpty()) {
        b << QStringLiteral(" ") << QObject::tr("Without ") << causesOf(unpaired)
          << QObject::tr(", no run measured the %1 both with and without it, so there is nothing "
                         "to compare.")
                 .arg(measure.label);
    }
    if (!worse.isEmpty()) {
        QList<Sentence> pieces;
        for (const Found &f : worse)
            pieces.append(item(f.row));
        b << QStringLiteral(" ")
          << (worse.size() == 1 ? QObject::tr("Removing this one made it worse, not better: ")
                                : QObject::tr("Removing these made it worse, not better: "))
          << listed(pieces) << QStringLiteral(".");
        // The same cautions as a cause's: few pairs, and many what-ifs at once.
        multiplicity();
        fewRuns();
    }
    if (!notRun.isEmpty()) {
        Builder w;
        w << causesOf(notRun);
        b << QStringLiteral(" ") << w.done()
          << QObject::tr(": the run without it could not run (too big for this machine).");
    }
    b.fact(QStringLiteral("finished_only"), finishedOnly);
    if (finishedOnly) {
        b << QObject::tr(" All of this compares the finished videos only, and ") << *unfinished
          << QObject::tr(": a what-if that leaves more or fewer videos unfinished changes which "
                         "videos are counted, so it may change the rest's wait in ways these "
                         "figures do not show.");
    }
    return b.done();
}

// ---- public ----------------------------------------------------------------------------------

QJsonArray toJson(const QList<Sentence> &sentences)
{
    QJsonArray array;
    for (const Sentence &s : sentences) {
        QJsonArray quotes;
        for (const Quote &q : s.quotes) {
            quotes.append(QJsonObject{{QStringLiteral("text"), q.text},
                                      {QStringLiteral("value"), q.value},
                                      {QStringLiteral("source"), q.source}});
        }
        QJsonObject o{{QStringLiteral("rule"), s.rule},
                      {QStringLiteral("text"), s.text},
                      {QStringLiteral("quotes"), quotes}};
        if (!s.facts.isEmpty())
            o.insert(QStringLiteral("facts"), s.facts);
        if (s.advice)
            o.insert(QStringLiteral("advice"), true);
        array.append(o);
    }
    return array;
}

QList<Sentence> fromJson(const QJsonArray &sentences)
{
    QList<Sentence> list;
    for (const QJsonValue v : sentences) {
        const QJsonObject o = v.toObject();
        Sentence s{o.value(QStringLiteral("rule")).toString(),
                   o.value(QStringLiteral("text")).toString(),
                   {},
                   o.value(QStringLiteral("facts")).toObject(),
                   o.value(QStringLiteral("advice")).toBool()};
        for (const QJsonValue q : o.value(QStringLiteral("quotes")).toArray()) {
            const QJsonObject quote = q.toObject();
            s.quotes.append({quote.value(QStringLiteral("text")).toString(),
                             quote.value(QStringLiteral("value")).toDouble(),
                             quote.value(QStringLiteral("source")).toString()});
        }
        list.append(s);
    }
    return list;
}

QString lines(const QList<Sentence> &sentences)
{
    QStringList texts;
    for (const Sentence &s : sentences)
        texts.append(s.text);
    return Kit::bindUnits(texts.join(QLatin1Char('\n')));
}

QList<Sentence> withoutAdvice(const QList<Sentence> &sentences)
{
    QList<Sentence> said;
    for (const Sentence &s : sentences) {
        if (!s.advice)
            said.append(s);
    }
    return said;
}

/** VALUE with DECIMALS, or with as many as its first two significant digits need when those
 *  would show a value that is not zero as zero (0.000064, not 0.000). */
static QString nonZeroFixed(double value, int decimals)
{
    const QString text = fixed(value, decimals);
    if (value == 0 || !std::isfinite(value) || text.toDouble() != 0)
        return text;
    return fixed(value, std::min(12, int(std::ceil(-std::log10(std::abs(value)))) + 1));
}

QString format(double value, const Schema::Metric &metric)
{
    if (isShare(metric))
        return nonZeroFixed(value * 100, 1);
    // Things counted one by one read as whole numbers when they are (a single run's).
    static const QStringList counted{QStringLiteral("videos"),
                                     QStringLiteral("messages"),
                                     QStringLiteral("notifications"),
                                     QStringLiteral("connections"),
                                     QStringLiteral("posts"),
                                     QStringLiteral("queries")};
    if (counted.contains(metric.unit) && value == std::floor(value) && std::abs(value) < 1e15)
        return QString::number(qint64(value));
    return nonZeroFixed(value, decimals(metric));
}

Quote quoteLike(double value,
                const Schema::Metric &metric,
                const QString &source,
                const Quote &like)
{
    auto decimalsIn = [](const QString &text) {
        const qsizetype dot = text.indexOf(QLatin1Char('.'));
        return dot < 0 ? 0 : int(text.size() - dot - 1);
    };
    const QString own = format(value, metric);
    const int places = std::max(decimalsIn(own), decimalsIn(like.text));
    if (places == decimalsIn(own) || !std::isfinite(value))
        return {own, value, source};
    return {fixed(isShare(metric) ? value * 100 : value, places), value, source};
}

QString formatLowerBound(double value, const Schema::Metric &metric)
{
    const int places = isShare(metric) ? 1 : decimals(metric);
    const double scale = std::pow(10.0, places) * (isShare(metric) ? 100 : 1);
    // Down to the last digit shown (a hair of float noise above a digit still counts as it).
    return fixed(std::floor(value * scale + 1e-9) / std::pow(10.0, places), places);
}

QString unit(const Schema::Metric &metric)
{
    return isShare(metric) ? QStringLiteral("%") : metric.unit;
}

QString formatInput(double value)
{
    return QString::number(value, 'g', 6);
}

QString breakdownTitle(const QString &model)
{
    return model == QLatin1String("feed") ? QObject::tr("What made notifications go missing?")
                                          : QObject::tr("What made it late?");
}

Table breakdownTable(const QJsonObject &breakdown, const QString &model, int metric)
{
    const QString path = breakdown.value(QStringLiteral("metrics")).toArray().at(metric).toString();
    const Schema::Model *m = Schema::model(model);
    if (!m || !m->metric(path))
        return {};
    const Schema::Metric &measure = *m->metric(path);
    const QString u = unit(measure);
    const QString changeUnit = isShare(measure) ? QObject::tr("points") : u;
    Table t;
    t.headers = {QObject::tr("what-if: the suspect removed"),
                 QObject::tr("mean, 95 % interval (%1)").arg(u),
                 QObject::tr("change, paired 95 % interval (%1)").arg(changeUnit),
                 QObject::tr("told apart")};
    const QJsonArray rows = breakdown.value(QStringLiteral("rows")).toArray();
    for (qsizetype r = 0; r < rows.size(); ++r) {
        const QJsonObject row = rows.at(r).toObject();
        if (row.contains(QStringLiteral("error"))) {
            t.rows.append({whatIf(row),
                           QObject::tr("could not run: %1")
                               .arg(row.value(QStringLiteral("error")).toString()),
                           QString(),
                           QString()});
            continue;
        }
        const QJsonObject me
            = row.value(QStringLiteral("measures")).toArray().at(metric).toObject();
        auto f = [&measure](const QJsonValue &v) {
            return format(v.toDouble(), measure);
        };
        auto signedF = [&f](const QJsonValue &v) {
            const QString s = f(v);
            return v.toDouble() > 0 && s.toDouble() != 0 ? QLatin1Char('+') + s : s;
        };
        QStringList cells{whatIf(row),
                          (me.value(QStringLiteral("cut")).toBool()
                               ? QObject::tr("%1\n(%2 to %3, cut)")
                               : QObject::tr("%1\n(%2 to %3)"))
                              .arg(f(me.value(QStringLiteral("mean"))),
                                   f(me.value(QStringLiteral("low"))),
                                   f(me.value(QStringLiteral("high"))))};
        if (r == 0) {
            cells << QObject::tr("–") << QObject::tr("–");
        } else {
            const QJsonObject d = me.value(QStringLiteral("difference")).toObject();
            cells << (d.value(QStringLiteral("cut")).toBool() ? QObject::tr("%1\n(%2 to %3, cut)")
                                                              : QObject::tr("%1\n(%2 to %3)"))
                         .arg(signedF(d.value(QStringLiteral("mean"))),
                              signedF(d.value(QStringLiteral("low"))),
                              signedF(d.value(QStringLiteral("high"))))
                  << (me.value(QStringLiteral("real")).toBool() ? QObject::tr("yes")
                                                                : QObject::tr("no"));
        }
        t.rows.append(cells);
    }
    return t;
}

QList<Sentence> breakdownMethod(const QJsonObject &breakdown)
{
    const int replications = breakdown.value(QStringLiteral("replications")).toInt();
    Builder b(QStringLiteral("method"));
    if (replications < 2) {
        b << QObject::tr("Each row runs the same scenario with one suspect removed and the "
                         "same seed. With one run each there are no intervals, so no change is "
                         "told apart from chance.");
        return {b.done()};
    }
    b << QObject::tr("Each row runs the same scenario with one suspect removed and the same ")
      << count(replications, QStringLiteral("replications"))
      << QObject::tr(" seeds as the run it explains, so each of its runs is paired with an "
                     "original: each pair's own luck cancels in its difference. A change is "
                     "told apart from chance when its paired 95 % interval excludes zero, from "
                     "three pairs or more (the rows' own intervals carry every run's luck and "
                     "may still overlap). The what-ifs overlap: their changes do not add up to "
                     "the whole.");
    // Intervals Student's t drew past what their quantity can be, cut there.
    bool cut = false;
    for (const QJsonValue row : breakdown.value(QStringLiteral("rows")).toArray()) {
        for (const QJsonValue m : row.toObject().value(QStringLiteral("measures")).toArray()) {
            const QJsonObject o = m.toObject();
            cut = cut || o.value(QStringLiteral("cut")).toBool()
                  || o.value(QStringLiteral("difference"))
                         .toObject()
                         .value(QStringLiteral("cut"))
                         .toBool();
        }
    }
    b.fact(QStringLiteral("cut"), cut);
    if (cut)
        b << QObject::tr(" An interval marked \"cut\" is one Student's t drew past what its "
                         "quantity can be (below zero, below the network's own delay, past a "
                         "whole share): it stops there.");
    return {b.done()};
}

} // namespace Narration

} // namespace Startup
