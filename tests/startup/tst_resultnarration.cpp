// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The Results pages say only what their runs show, as properties over many seeded random
// scenarios: every number a sentence quotes is the result's own or an input; "grew all day" and
// "empty" hold on the plotted day's samples; the fastest delivery and the theory's place hold on
// the intervals; every cause named has its what-if run, paired by its seeds; missed notifications
// read "N of M (x %)".

#include "narrationchecks.h"

#include <startup/counterfactual.h>
#include <startup/narration.h>
#include <startup/report.h>
#include <startup/rules.h>
#include <startup/schema.h>
#include <startup/simkernel.h>
#include <startup/sweep.h>

#include <kit/jsonio.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <cmath>

using namespace Kit;
using namespace NarrationChecks;
using namespace Startup;

class TestResultNarration : public QObject
{
    Q_OBJECT

    int spokenNone = 0;       // deliveries met that delivered nothing in any run
    int spokenUnfinished = 0; // transcoding results with no turnaround or no share kept
    int spokenCut = 0;        // results whose table marks an interval cut at what can be

private slots:
    void resultsPagesSayOnlyWhatTheirRunsShow_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("seed");
        for (int seed = 1; seed <= 30; ++seed)
            QTest::newRow(qPrintable(QStringLiteral("transcoding %1").arg(seed)))
                << QStringLiteral("transcoding") << seed;
        for (int seed = 1; seed <= 8; ++seed)
            QTest::newRow(qPrintable(QStringLiteral("feed %1").arg(seed)))
                << QStringLiteral("feed") << seed;
        for (int seed = 1; seed <= 6; ++seed)
            QTest::newRow(qPrintable(QStringLiteral("mmc %1").arg(seed)))
                << QStringLiteral("mmc") << seed;
        // A few slow uploads in an hour: some runs finish no video, so have no turnaround.
        for (int seed = 1; seed <= 8; ++seed)
            QTest::newRow(qPrintable(QStringLiteral("transcoding, little finished %1").arg(seed)))
                << QStringLiteral("transcoding few") << seed;
        // A handful of users for half an hour: some runs deliver nothing, so have no latency.
        for (int seed = 1; seed <= 8; ++seed)
            QTest::newRow(qPrintable(QStringLiteral("feed, few users %1").arg(seed)))
                << QStringLiteral("feed few") << seed;
    }

    void resultsPagesSayOnlyWhatTheirRunsShow()
    {
        QFETCH(QString, model);
        QFETCH(int, seed);
        Dice d(std::uint64_t(seed) * 104729 + std::uint64_t(model.size()));
        Simulation::Request request;
        request.scenario = model.startsWith(QLatin1String("transcoding")) ? transcodingScenario(d)
                           : model == QLatin1String("mmc")                ? mmcScenario(d)
                                                                          : feedScenario(d);
        if (model == QLatin1String("transcoding few")) {
            model = QStringLiteral("transcoding");
            request.scenario.insert(QStringLiteral("hours"), 1);
            JsonIo::setPath(
                request.scenario, QStringLiteral("arrivals.uploads_per_hour"), d.between(1, 4));
            JsonIo::setPath(request.scenario, QStringLiteral("pool.speed"), d.between(0.05, 0.3));
        }
        if (model == QLatin1String("feed few")) {
            model = QStringLiteral("feed");
            request.scenario.insert(QStringLiteral("users"), d.whole(2, 4));
            request.scenario.insert(QStringLiteral("minutes"), 30);
            request.scenario.insert(QStringLiteral("posts_per_user_hour"), 0.5);
        }
        request.source = QStringLiteral("test");
        request.replications = d.whole(1, 4);
        QString error;
        const QJsonObject report = Report::run(request, {}, &error);
        QVERIFY2(!report.isEmpty(), qPrintable(error));
        const QList<Narration::Sentence> sentences
            = Narration::fromJson(report.value(QStringLiteral("summary")).toArray());
        QVERIFY(!sentences.isEmpty());
        count(sentences);
        QSet<QString> allowed{QStringLiteral("95"), QStringLiteral("99")};
        addInputs(report.value(QStringLiteral("input")), &allowed);
        if (report.contains(QStringLiteral("breakdown"))) {
            const QJsonObject b = report.value(QStringLiteral("breakdown")).toObject();
            for (int m = 0; m < b.value(QStringLiteral("metrics")).toArray().size(); ++m)
                allowed += tokensOf(Narration::breakdownTable(b, model, m));
        }
        if (model == QLatin1String("feed"))
            allowed += tokensOf(Narration::feedTable(report));
        if (model == QLatin1String("mmc"))
            allowed += tokensOf(Narration::mmcTable(report));
        checkNumbers(report, sentences, allowed);
        const QJsonObject input = report.value(QStringLiteral("input")).toObject();
        checkCauses(report, sentences, [&input](const QJsonObject &) { return input; });

        bool saidCut = false;
        for (const Narration::Sentence &s : sentences) {
            if (s.rule == QLatin1String("queue")) {
                // Read off the day plotted: its own samples after the warm-up.
                const Rules::QueueFacts facts = Rules::queueFacts(
                    report, input.value(QStringLiteral("warmup_hours")).toDouble() * 60);
                if (s.facts.value(QStringLiteral("grew_all_day")).toBool())
                    QVERIFY(facts.grewAllDay);
                else if (s.facts.contains(QStringLiteral("grew_all_day")))
                    QVERIFY(facts.empty * 2 >= facts.samples);
                else // a backlog at the end, of a queue that did not grow all day
                    QVERIFY(!facts.grewAllDay
                            && report.value(QStringLiteral("queue"))
                                       .toObject()
                                       .value(QStringLiteral("at_end"))
                                       .toDouble()
                                   > 0);
            } else if (s.rule == QLatin1String("turnaround")
                       || s.rule == QLatin1String("promise")) {
                // No turnaround, no share kept, where no run had one: said, not quoted as 0.
                const QString path = s.rule == QLatin1String("turnaround")
                                         ? QStringLiteral("turnaround_minutes.p50")
                                         : QStringLiteral("sla_share");
                const bool measured = JsonIo::valueAt(report, path).isDouble();
                QCOMPARE(s.facts.value(QStringLiteral("measured")).toBool(), measured);
                if (!measured)
                    ++spokenUnfinished;
                // "At least" only where the unfinished videos at their ages raise the quantile,
                // and only when every run had a turnaround to compare with.
                for (const QString &q :
                     s.facts.value(QStringLiteral("raised")).toVariant().toStringList()) {
                    QVERIFY(report.value(QStringLiteral("unfinished")).toDouble() > 0);
                    QVERIFY(!report.contains(QStringLiteral("measured_runs")));
                    QVERIFY2(
                        JsonIo::valueAt(report, QStringLiteral("turnaround_at_least_minutes.") + q)
                                .toDouble()
                            > JsonIo::valueAt(report, QStringLiteral("turnaround_minutes.") + q)
                                  .toDouble(),
                        qPrintable(s.text));
                }
                // A share every video kept (or none), with every run alike, carries its exact
                // binomial bound over all the videos judged: no spread is not certainty.
                if (s.rule == QLatin1String("promise") && measured) {
                    const double share
                        = JsonIo::valueAt(report, QStringLiteral("promise.mean")).toDouble();
                    const bool alike
                        = JsonIo::valueAt(report, QStringLiteral("promise.low")).toDouble()
                          == JsonIo::valueAt(report, QStringLiteral("promise.high")).toDouble();
                    QVERIFY2(s.text.contains(QLatin1String("exact binomial"))
                                 == (alike && (share == 0 || share == 1)),
                             qPrintable(s.text
                                        + QString::fromUtf8(
                                            QJsonDocument(
                                                report.value(QStringLiteral("promise")).toObject())
                                                .toJson(QJsonDocument::Compact))
                                        + QString::number(
                                            report.value(QStringLiteral("replications")).toInt())));
                }
                // A minority is said where fewer than half the videos after the warm-up
                // finished.
                if (s.rule == QLatin1String("turnaround"))
                    QCOMPARE(
                        s.facts.value(QStringLiteral("minority")).toBool(),
                        measured
                            && !JsonIo::valueAt(
                                    report, QStringLiteral("measured_runs.turnaround_minutes.p50"))
                                    .isDouble()
                            && 2 * report.value(QStringLiteral("turnaround_finished")).toDouble()
                                   < report.value(QStringLiteral("measured_arrived")).toDouble());
            } else if (s.rule == QLatin1String("cut")) {
                saidCut = true;
            } else if (s.rule == QLatin1String("fastest")
                       && s.facts.contains(QStringLiteral("few_notifications"))) {
                // A p95 from fewer than twenty notifications in a run (on average, or in the
                // run with the fewest) is said to be about the slowest of them (issue 20).
                bool few = false;
                for (const QJsonValue m : report.value(QStringLiteral("methods")).toArray()) {
                    const QJsonObject o = m.toObject();
                    const double fewest = o.value(QStringLiteral("delivered_fewest")).toDouble(1e9);
                    few = few
                          || (JsonIo::valueAt(o, QStringLiteral("latency_seconds.p95")).isDouble()
                              && (o.value(QStringLiteral("delivered")).toDouble() < 20
                                  || fewest < 20));
                }
                QCOMPARE(s.facts.value(QStringLiteral("few_notifications")).toBool(), few);
            }
            if (s.rule == QLatin1String("fastest") && s.facts.contains(QStringLiteral("point"))) {
                // Compared: the methods with a latency from two or more runs (one run has no
                // interval); the facts name them among all methods.
                std::vector<Rules::Point> p;
                std::vector<int> at;
                const QString p95 = QStringLiteral("latency_seconds.p95");
                const QJsonArray methods = report.value(QStringLiteral("methods")).toArray();
                for (int i = 0; i < int(methods.size()); ++i) {
                    const QJsonObject o = methods.at(i).toObject();
                    if (!JsonIo::valueAt(o, p95).isDouble()
                        || JsonIo::valueAt(o, QStringLiteral("measured_runs.") + p95).toInt(2) < 2)
                        continue;
                    at.push_back(i);
                    p.push_back(Rules::interval(
                        0,
                        JsonIo::valueAt(o, p95).toDouble(),
                        o.value(QStringLiteral("ci95")).toObject().value(p95).toDouble(),
                        *Schema::model(model)->metric(p95),
                        input.value(QStringLiteral("network_ms")).toDouble() / 1000));
                }
                const int best = Rules::best(p, Schema::Better::Lower);
                QCOMPARE(s.facts.value(QStringLiteral("point")).toInt(), at[std::size_t(best)]);
                QCOMPARE(int(intsOf(s.facts.value(QStringLiteral("like"))).size()),
                         int(Rules::likeBest(p, best).size()));
            } else if (s.rule == QLatin1String("theory")) {
                // An empty start is blamed only where runs had no warm-up, or near full load
                // (issue 20: blamed after a 20000-job warm-up at half load).
                if (s.facts.value(QStringLiteral("start_bias")).toBool())
                    QVERIFY2(input.value(QStringLiteral("warmup_jobs")).toDouble() == 0
                                 || report.value(QStringLiteral("theory"))
                                            .toObject()
                                            .value(QStringLiteral("utilization"))
                                            .toDouble()
                                        >= 0.9,
                             qPrintable(s.text));
                const QStringList outside
                    = s.facts.value(QStringLiteral("outside")).toVariant().toStringList();
                const QStringList flat
                    = s.facts.value(QStringLiteral("flat")).toVariant().toStringList();
                for (const Schema::Metric &m : Schema::model(model)->metrics) {
                    const Rules::Point p = Rules::interval(
                        0,
                        JsonIo::valueAt(report, m.path).toDouble(),
                        report.value(QStringLiteral("ci95")).toObject().value(m.path).toDouble(),
                        m);
                    const double t = report.value(QStringLiteral("theory"))
                                         .toObject()
                                         .value(m.path)
                                         .toDouble();
                    // Outside as the numbers are (issue 20: a miss that three decimals hide was
                    // said to be inside); with no spread there is no interval to be outside.
                    const bool missed = t < p.low || t > p.high;
                    const bool spread
                        = report.value(QStringLiteral("ci95")).toObject().value(m.path).toDouble()
                          > 0;
                    QCOMPARE(outside.contains(m.path), missed && spread);
                    QCOMPARE(flat.contains(m.path), missed && !spread);
                    QVERIFY(!(outside.contains(m.path) && flat.contains(m.path)));
                }
            }
        }
        {
            // An interval cut where Student's t reached past what the quantity can be is marked
            // in the table, and said, exactly when there is one.
            const Narration::Table table
                = model == QLatin1String("feed")  ? Narration::feedTable(report)
                  : model == QLatin1String("mmc") ? Narration::mmcTable(report)
                                                  : Narration::Table{};
            bool marked = false;
            for (const QStringList &row : table.rows) {
                for (const QString &cell : row)
                    marked = marked || cell.contains(QLatin1String("cut)"));
            }
            QCOMPARE(saidCut, marked);
            if (marked)
                ++spokenCut;
        }
        if (model == QLatin1String("feed")) {
            // A delivery that delivered nothing in any run: no latency in its row or sentence.
            const QJsonArray methods = report.value(QStringLiteral("methods")).toArray();
            const Narration::Table table = Narration::feedTable(report);
            // The scenario's own delivery is the row set apart, and only it.
            const QString delivery = JsonIo::valueAt(report, QStringLiteral("input.delivery"))
                                         .toString(QStringLiteral("long_polling"));
            QVERIFY(table.chosen >= 0);
            QCOMPARE(
                methods.at(table.chosen).toObject().value(QStringLiteral("delivery")).toString(),
                delivery);
            for (int i = 0; i < int(methods.size()); ++i) {
                const QJsonObject o = methods.at(i).toObject();
                const bool none
                    = !JsonIo::valueAt(o, QStringLiteral("latency_seconds.p95")).isDouble();
                QCOMPARE(none, o.value(QStringLiteral("delivered")).toDouble() == 0);
                QCOMPARE(table.rows.at(i).at(2) == QLatin1String("none delivered"), none);
                if (none) {
                    ++spokenNone;
                    bool named = false;
                    for (const Narration::Sentence &s : sentences)
                        named = named
                                || (s.rule == QLatin1String("fastest")
                                    && (s.text.contains(QLatin1String("no notification in any run"))
                                        || s.text.startsWith(QLatin1String(
                                            "No notification was delivered in any run")))
                                    && s.text.contains(table.rows.at(i).first()));
                    QVERIFY2(named, qPrintable(table.rows.at(i).first()));
                }
            }
            // Missed notifications as "N of M (x %)", counted over every run.
            const int r = report.value(QStringLiteral("replications")).toInt();
            const QJsonObject first
                = report.value(QStringLiteral("methods")).toArray().first().toObject();
            const double missed = first.value(QStringLiteral("missed_events")).toDouble() * r;
            const double due = missed + first.value(QStringLiteral("delivered")).toDouble() * r;
            const QString cell = Narration::feedTable(report).rows.first().last();
            QCOMPARE(
                cell,
                QStringLiteral("%1 of %2 (%3 %)")
                    .arg(qRound64(missed))
                    .arg(qRound64(due))
                    .arg(
                        due > 0 ? 100 * qRound64(missed) / double(qRound64(due)) : 0.0, 0, 'f', 1));
        }
    }

    // The issue: transcoding, instances 1 to 8, prefetch 4. The summary quoted a plateau at a
    // value the plot did not show, said the queue grew all day where it was mostly empty, and
    // blamed the transcoding itself where prefetch hoarding held videos back.
    void aFieldLeftOutIsSaidWithItsDefault_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QStringList>("defaulted");
        QTest::newRow("instances left out")
            << QByteArray(R"({"model":"transcoding","hours":4,"pool":{"slots_per_instance":2,
                "speed":1,"crashes_per_instance_hour":0,"boot_minutes":3,"price_per_hour":0.3,
                "unlimited":false}})")
            << QStringList{QStringLiteral("pool.instances")};
        QTest::newRow("only the model") << QByteArray(R"({"model":"mmc"})")
                                        << QStringList{QStringLiteral("arrival_rate"),
                                                       QStringLiteral("service_rate"),
                                                       QStringLiteral("servers"),
                                                       QStringLiteral("jobs"),
                                                       QStringLiteral("warmup_jobs"),
                                                       QStringLiteral("seed")};
    }

    void aFieldLeftOutIsSaidWithItsDefault()
    {
        QFETCH(QByteArray, json);
        QFETCH(QStringList, defaulted);
        Simulation::Request request;
        request.scenario = QJsonDocument::fromJson(json).object();
        request.source = QStringLiteral("test");
        QString error;
        const QJsonObject report = Report::run(request, {}, &error);
        QVERIFY2(!report.isEmpty(), qPrintable(error));
        const QList<Narration::Sentence> sentences
            = Narration::fromJson(report.value(QStringLiteral("summary")).toArray());
        QCOMPARE(sentences.first().rule, QStringLiteral("defaults"));
        QStringList said
            = sentences.first().facts.value(QStringLiteral("fields")).toVariant().toStringList();
        // Every field the scenario left out and the run took a default for, and no other.
        for (const QString &key : defaulted)
            QVERIFY2(said.contains(key), qPrintable(key));
        for (const QString &key : said) {
            QVERIFY2(JsonIo::valueAt(request.scenario, key).isUndefined(), qPrintable(key));
            QCOMPARE(JsonIo::valueAt(report.value(QStringLiteral("input")).toObject(), key),
                     report.value(QStringLiteral("defaults")).toObject().value(key));
        }
        checkNumbers(report, {sentences.first()}, {});
        count(sentences);
    }

    // Last: every rule spoke somewhere above, so no property passed for want of a case.
    void theTheorysPlaceIsSaidForWhatTheRunsShow_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("outside");
        QTest::addColumn<QString>("flat");
        QTest::addColumn<bool>("startBias");
        // Near full load, from empty: every miss is below the theory, said as the start's.
        QTest::newRow("near full load")
            << QByteArray(R"({"model":"mmc","arrival_rate":0.9998,"service_rate":1,"servers":1,)"
                          R"("jobs":20000,"warmup_jobs":0,"replications":5,"seed":5})")
            << QStringLiteral("mean_wait") << QString() << true;
        // Half load, runs of 50 jobs from empty: the waits and queues all miss below, which is
        // the empty start, not "one interval in twenty" (issue 20).
        QTest::newRow("short runs at half load")
            << QByteArray(R"({"model":"mmc","arrival_rate":1.5,"service_rate":1,"servers":3,)"
                          R"("jobs":50,"warmup_jobs":0,"replications":30,"seed":2011})")
            << QStringLiteral("mean_wait") << QString() << true;
        // Fifty servers, ten jobs a run: nobody waits, yet the mean time in system falls short of
        // the theory by more than the theory's whole wait, which an empty start cannot do: it is
        // not offered as the cause (issue 20).
        QTest::newRow("short of the service time")
            << QByteArray(R"({"model":"mmc","arrival_rate":1.5,"service_rate":1,"servers":50,)"
                          R"("jobs":10,"warmup_jobs":0,"replications":300,"seed":2011})")
            << QStringLiteral("mean_response") << QString() << false;
        // Almost nothing arrives: no run sees a wait, so there is no interval at all.
        QTest::newRow("almost nothing waits")
            << QByteArray(R"({"model":"mmc","arrival_rate":0.000001,"service_rate":1,)"
                          R"("servers":1,"jobs":2000,"replications":3,"seed":1})")
            << QString() << QStringLiteral("mean_wait") << false;
    }

    void theTheorysPlaceIsSaidForWhatTheRunsShow()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, outside);
        QFETCH(QString, flat);
        QFETCH(bool, startBias);
        Simulation::Request request;
        request.scenario = QJsonDocument::fromJson(json).object();
        request.source = QStringLiteral("test");
        request.replications = request.scenario.value(QStringLiteral("replications")).toInt(1);
        request.scenario.remove(QStringLiteral("replications"));
        QString error;
        const QJsonObject report = Report::run(request, {}, &error);
        QVERIFY2(!report.isEmpty(), qPrintable(error));
        bool met = false;
        for (const Narration::Sentence &s :
             Narration::fromJson(report.value(QStringLiteral("summary")).toArray())) {
            if (s.rule != QLatin1String("theory"))
                continue;
            met = true;
            const QStringList o
                = s.facts.value(QStringLiteral("outside")).toVariant().toStringList();
            const QStringList f = s.facts.value(QStringLiteral("flat")).toVariant().toStringList();
            if (!outside.isEmpty())
                QVERIFY2(o.contains(outside), qPrintable(s.text));
            if (!flat.isEmpty())
                QVERIFY2(f.contains(flat), qPrintable(s.text));
            QCOMPARE(s.facts.value(QStringLiteral("start_bias")).toBool(), startBias);
            const QStringList far = s.facts.value(QStringLiteral("far")).toVariant().toStringList();
            QCOMPARE(s.text.contains(QLatin1String("by chance alone")),
                     !o.isEmpty() && !startBias && far.size() < o.size());
            // "Not chance alone" exactly for the quantities whose theory lies more than twice the
            // half-width from the runs' mean with ten runs or more, four times with fewer.
            const QJsonObject theory = report.value(QStringLiteral("theory")).toObject();
            const int runs = report.value(QStringLiteral("replications")).toInt();
            for (const QString &path : o) {
                const double half
                    = report.value(QStringLiteral("ci95")).toObject().value(path).toDouble();
                const double gap
                    = std::abs(theory.value(path).toDouble() - report.value(path).toDouble());
                QCOMPARE(far.contains(path), (runs >= 10 && gap > 2 * half) || gap > 4 * half);
            }
            // A time in system short of the theory by more than the theory's whole wait is not
            // put down to the empty start.
            for (const QString &path :
                 s.facts.value(QStringLiteral("beyond_start")).toVariant().toStringList()) {
                const double mean = report.value(path).toDouble();
                const double half
                    = report.value(QStringLiteral("ci95")).toObject().value(path).toDouble();
                QVERIFY(theory.value(path).toDouble() - (mean + half)
                        > theory.value(QStringLiteral("mean_wait")).toDouble());
                QVERIFY(!s.facts.value(QStringLiteral("start_bias")).toBool());
            }
            if (outside == QLatin1String("mean_response") && !startBias)
                QVERIFY2(s.facts.value(QStringLiteral("beyond_start"))
                             .toVariant()
                             .toStringList()
                             .contains(outside),
                         qPrintable(s.text));
            QSet<QString> allowed{QStringLiteral("95")};
            addInputs(report.value(QStringLiteral("input")), &allowed);
            allowed += tokensOf(Narration::mmcTable(report));
            checkNumbers(report, {s}, allowed);
            count({s});
        }
        QVERIFY(met);
    }

    void aDayWithoutTurnaroundsSaysWhichVideosItLacks_data()
    {
        QTest::addColumn<double>("uploads");
        QTest::addColumn<double>("warmup");
        QTest::addColumn<int>("pool");
        QTest::addColumn<QString>("turnaround");
        QTest::addColumn<QString>("promise");
        QTest::newRow("nothing arrives")
            << 1e-6 << 0.0 << 2 << QStringLiteral("No video arrived in any run")
            << QStringLiteral("No video arrived in any run");
        QTest::newRow("nothing arrives, warm-up")
            << 1e-6 << 1.0 << 2 << QStringLiteral("No video arrived in any run")
            << QStringLiteral("No video arrived in any run");
        QTest::newRow("overloaded, warm-up to the last minutes")
            << 400.0 << 23.95 << 2
            << QStringLiteral("videos of the whole day, warm-up included, were unfinished")
            << QString();
    }

    // Issue 20: with no arrivals it said "No video that arrived after the warm-up…", as if some
    // had; after a long warm-up it quoted the whole day's unfinished videos as if they were
    // those after it.
    void aDayWithoutTurnaroundsSaysWhichVideosItLacks()
    {
        QFETCH(double, uploads);
        QFETCH(double, warmup);
        QFETCH(int, pool);
        QFETCH(QString, turnaround);
        QFETCH(QString, promise);
        QString error;
        Simulation::Request request;
        request.scenario = *JsonIo::readObjectFile(
            QStringLiteral(CURTAIN_SOURCE_DIR "/resources/scenarios/transcoding.json"), &error);
        JsonIo::setPath(request.scenario, QStringLiteral("arrivals.uploads_per_hour"), uploads);
        JsonIo::setPath(request.scenario, QStringLiteral("pool.instances"), pool);
        JsonIo::removePath(request.scenario, QStringLiteral("pool.autoscale"));
        request.scenario.insert(QStringLiteral("warmup_hours"), warmup);
        request.source = QStringLiteral("test");
        request.replications = 3;
        const QJsonObject report = Report::run(request, {}, &error);
        QVERIFY2(!report.isEmpty(), qPrintable(error));
        const QList<Narration::Sentence> sentences
            = Narration::fromJson(report.value(QStringLiteral("summary")).toArray());
        QSet<QString> allowed{QStringLiteral("95"), QStringLiteral("99")};
        addInputs(report.value(QStringLiteral("input")), &allowed);
        checkNumbers(report, sentences, allowed);
        bool toldTurnaround = false;
        for (const Narration::Sentence &s : sentences) {
            if (s.rule == QLatin1String("turnaround")) {
                toldTurnaround = true;
                QVERIFY2(s.text.contains(turnaround), qPrintable(s.text));
                QVERIFY2(uploads > 1 || !s.text.contains(QStringLiteral("that arrived")),
                         qPrintable(s.text));
            }
            if (s.rule == QLatin1String("promise") && !promise.isEmpty())
                QVERIFY2(s.text.contains(promise), qPrintable(s.text));
        }
        QVERIFY(toldTurnaround);
    }

    void theOrmSaysItsIndexAndAdvisesTheFormApart_data()
    {
        QTest::addColumn<bool>("indexed");
        QTest::newRow("with the index") << true;
        QTest::newRow("without it") << false;
    }
    void theOrmSaysItsIndexAndAdvisesTheFormApart()
    {
        QFETCH(bool, indexed);
        const QList<Narration::Sentence> said
            = Narration::orm(QJsonObject{{QStringLiteral("comment_index"), indexed}});
        QCOMPARE(said.size(), 2);
        QCOMPARE(said.at(0).rule, QStringLiteral("index"));
        QVERIFY(!said.at(0).advice);
        QCOMPARE(said.at(0).text.startsWith(QStringLiteral("With the index")), indexed);
        QVERIFY2(!said.at(0).text.contains(QStringLiteral("form")), qPrintable(said.at(0).text));
        QVERIFY(said.at(1).advice);
        QVERIFY2(said.at(1).text.contains(QStringLiteral("in the form")),
                 qPrintable(said.at(1).text));
        // The flag survives the JSON the answer carries; the stage leaves the advice out.
        const QList<Narration::Sentence> back = Narration::fromJson(Narration::toJson(said));
        QCOMPARE(back.size(), 2);
        QVERIFY(!back.at(0).advice);
        QVERIFY(back.at(1).advice);
        const QList<Narration::Sentence> staged = Narration::withoutAdvice(back);
        QCOMPARE(staged.size(), 1);
        QCOMPARE(staged.at(0).text, said.at(0).text);
    }

    void everyRuleWasTried()
    {
        QVERIFY(spokenNone > 0);       // a delivery that delivered nothing was met
        QVERIFY(spokenUnfinished > 0); // a transcoding day that finished nothing was met
        QVERIFY(spokenCut > 0);        // an interval cut where Student's t passed what can be
        everyRuleSpoke({QStringLiteral("promise"),
                        QStringLiteral("turnaround"),
                        QStringLiteral("queue"),
                        QStringLiteral("curves"),
                        QStringLiteral("fastest"),
                        QStringLiteral("missed"),
                        QStringLiteral("theory"),
                        QStringLiteral("cause named"),
                        QStringLiteral("cause none")});
    }
};

QTEST_GUILESS_MAIN(TestResultNarration)
#include "tst_resultnarration.moc"
