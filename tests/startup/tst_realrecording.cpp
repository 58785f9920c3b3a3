// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// A real transcoding day measured from lines as the operator (resources/realstack/transcoding.py)
// writes them, without the stack: hoarding is a busy worker's prefetch while another idles; a
// worker scaled in still finishes what reached it, a crashed one says nothing after its death;
// a machine booted twice is billed twice; and the comparison with the model says by how much they
// differ, quoting only numbers of the answer.

#include <startup/realcomparison.h>
#include <startup/realrecording.h>
#include <startup/sentencebuilder.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Startup;
using namespace Startup::Real;

namespace {

QByteArray line(const char *kind, double t, const QJsonObject &more = {})
{
    QJsonObject o = more;
    o.insert(QStringLiteral("kind"), QLatin1String(kind));
    o.insert(QStringLiteral("t"), t);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray task(const char *type, int job, int worker, double t)
{
    return line("event",
                t,
                {{QStringLiteral("type"), QLatin1String(type)},
                 {QStringLiteral("job"), job},
                 {QStringLiteral("worker"), worker}});
}

QByteArray instance(const char *type, int worker, double t)
{
    return line(
        "instance",
        t,
        {{QStringLiteral("type"), QLatin1String(type)}, {QStringLiteral("worker"), worker}});
}

/** One second a simulated minute; each job a video of 1.5 minutes, a minute's transcode. */
TranscodingSetup setup(int jobs)
{
    TranscodingSetup s;
    s.secondsPerMinute = 1;
    s.horizonSeconds = 100;
    s.slotsPerMachine = 1;
    s.speed = 1.5;
    s.videoMinutes.assign(std::size_t(jobs), 1.5);
    return s;
}

QJsonObject measure(const QList<QByteArray> &lines, const TranscodingSetup &s)
{
    TranscodingRecording r;
    for (const QByteArray &l : lines)
        if (!r.read(l))
            return {}; // a line of the protocol's refused: the test's comparisons fail
    r.read(line("end", s.horizonSeconds));
    return measureTranscoding(r, s, true);
}

} // namespace

class TestRealRecording : public QObject
{
    Q_OBJECT

private slots:
    void hoardingIsABusyWorkersPrefetchWhileAnotherIdles()
    {
        // Worker 0 runs job 0 and holds job 1 for 10 s while worker 1 has nothing to do.
        const QJsonObject o = measure({instance("boot", 0, 0),
                                       instance("up", 0, 0),
                                       instance("boot", 1, 0),
                                       instance("up", 1, 0),
                                       task("sent", 0, -1, 0),
                                       task("received", 0, 0, 0),
                                       task("started", 0, 0, 0),
                                       task("sent", 1, -1, 0),
                                       task("received", 1, 0, 0),
                                       task("succeeded", 0, 0, 10),
                                       task("started", 1, 0, 10),
                                       task("succeeded", 1, 0, 20)},
                                      setup(2));
        QCOMPARE(o.value(QStringLiteral("completed")).toInt(), 2);
        QCOMPARE(
            o.value(QStringLiteral("hoarding")).toObject().value(QStringLiteral("jobs")).toInt(),
            1);
        // Job 1 reached worker 0 with its slot taken while worker 1 had nothing.
        const QJsonObject deliveries = o.value(QStringLiteral("deliveries")).toObject();
        QCOMPARE(deliveries.value(QStringLiteral("total")).toInt(), 2);
        QCOMPARE(
            deliveries.value(QStringLiteral("to_a_full_worker_while_another_was_free")).toInt(), 1);
        // One job held for 10 of the 100 s.
        QVERIFY(qFuzzyCompare(o.value(QStringLiteral("hoarded_jobs")).toDouble(), 0.1));
        // Worker 0 busy 20 s, worker 1 none, of 2 x 100 slot-seconds.
        QVERIFY(qFuzzyCompare(o.value(QStringLiteral("utilization")).toDouble(), 0.1));
        const QJsonObject p = o.value(QStringLiteral("turnaround_minutes")).toObject();
        QVERIFY(p.value(QStringLiteral("p50")).toDouble() >= 10.0
                && p.value(QStringLiteral("p50")).toDouble() <= 20.0);
    }

    void aScaledInWorkerFinishesAndACrashedOneIsSilent()
    {
        const QJsonObject o = measure({instance("boot", 0, 0),
                                       instance("up", 0, 0),
                                       instance("boot", 1, 0),
                                       instance("up", 1, 0),
                                       task("sent", 0, -1, 1),
                                       task("received", 0, 0, 1),
                                       task("started", 0, 0, 1),
                                       instance("down", 0, 2), // raced: it still holds job 0
                                       task("succeeded", 0, 0, 3),
                                       task("sent", 1, -1, 4),
                                       task("received", 1, 1, 4),
                                       task("started", 1, 1, 4),
                                       instance("crash", 1, 5),
                                       task("succeeded", 1, 1, 6), // never heard for real
                                       instance("boot", 0, 50),    // worker 0, a new machine
                                       instance("up", 0, 50)},
                                      setup(2));
        QCOMPARE(o.value(QStringLiteral("completed")).toInt(), 1);
        QCOMPARE(o.value(QStringLiteral("unfinished")).toInt(), 1);
        QCOMPARE(o.value(QStringLiteral("crashes")).toInt(), 1);
        // Worker 0 up 0-2 and 50-100, worker 1 up 0-5: 57 s, in hours of simulated minutes.
        QVERIFY(qFuzzyCompare(o.value(QStringLiteral("instance_hours")).toDouble(), 57.0 / 60));
        const QJsonArray uploads = o.value(QStringLiteral("uploads")).toArray();
        QCOMPARE(uploads.size(), 2);
        QCOMPARE(uploads.at(1).toObject().value(QStringLiteral("done")).toDouble(), -1.0);
    }

    void aDayThatFinishedNothingHasNoTurnaround()
    {
        // One machine starts job 0 and never finishes it: no turnaround, no share kept, no cost
        // per video minute; never a 0 the comparison would quote.
        const QJsonObject o = measure({instance("boot", 0, 0),
                                       instance("up", 0, 0),
                                       task("sent", 0, -1, 1),
                                       task("received", 0, 0, 1),
                                       task("started", 0, 0, 1)},
                                      setup(1));
        QCOMPARE(o.value(QStringLiteral("completed")).toInt(), 0);
        QCOMPARE(o.value(QStringLiteral("unfinished")).toInt(), 1);
        const QJsonObject p = o.value(QStringLiteral("turnaround_minutes")).toObject();
        for (const QString &q :
             {QStringLiteral("p50"), QStringLiteral("p95"), QStringLiteral("p99")})
            QVERIFY2(p.value(q).isNull(), qPrintable(q));
        QVERIFY(o.value(QStringLiteral("cost_per_video_minute")).isNull());
        // Overdue (99 min old, a 1.5 min video), so it is judged: kept by none.
        QCOMPARE(o.value(QStringLiteral("sla_share")).toDouble(), 0.0);
    }

    void aRunWithNoTurnaroundIsNotCompared_data()
    {
        QTest::addColumn<bool>("modelFinished");
        QTest::addColumn<bool>("realFinished");
        QTest::addColumn<QString>("said");
        QTest::newRow("model finished none")
            << false << true << QStringLiteral("the model finished no video, real 12");
        QTest::newRow("real finished none")
            << true << false
            << QStringLiteral("model 10.0 min, while the real run finished no video");
        QTest::newRow("neither") << false << false
                                 << QStringLiteral(
                                        "the model and the real run both finished no video");
    }

    void aRunWithNoTurnaroundIsNotCompared()
    {
        QFETCH(bool, modelFinished);
        QFETCH(bool, realFinished);
        QFETCH(QString, said);
        const auto run = [](bool finished, double p50) {
            return QJsonObject{
                {QStringLiteral("model"), QStringLiteral("transcoding")},
                {QStringLiteral("arrived"), 3},
                {QStringLiteral("completed"), finished ? 3 : 0},
                {QStringLiteral("hoarded_jobs"), 0.0},
                {QStringLiteral("turnaround_minutes"),
                 QJsonObject{
                     {QStringLiteral("p50"), finished ? QJsonValue(p50) : QJsonValue()},
                     {QStringLiteral("p95"), finished ? QJsonValue(p50 * 2) : QJsonValue()},
                     {QStringLiteral("p99"), finished ? QJsonValue(p50 * 3) : QJsonValue()}}}};
        };
        QJsonObject real = run(realFinished, 12);
        real.insert(QStringLiteral("workers_started"), 1);
        QJsonObject answer{{QStringLiteral("model"), run(modelFinished, 10)},
                           {QStringLiteral("real"), real},
                           {QStringLiteral("time_scale"), 960.0},
                           {QStringLiteral("input"), QJsonObject{}}};
        const QJsonObject comparison = compare(answer);
        answer.insert(QStringLiteral("comparison"), comparison);
        int rows = 0;
        for (const QJsonValue v : comparison.value(QStringLiteral("metrics")).toArray()) {
            const QJsonObject row = v.toObject();
            if (!row.value(QStringLiteral("path"))
                     .toString()
                     .startsWith(QLatin1String("turnaround_minutes.")))
                continue;
            ++rows;
            QVERIFY(row.contains(QStringLiteral("unmeasured")));
            QVERIFY(!row.contains(QStringLiteral("difference")));
            QVERIFY(!row.contains(QStringLiteral("agrees")));
            QCOMPARE(row.value(QStringLiteral("model")).isNull(), !modelFinished);
            QCOMPARE(row.value(QStringLiteral("real")).isNull(), !realFinished);
        }
        QCOMPARE(rows, 3);
        QStringList text;
        for (const Narration::Sentence &s : sentences(answer)) {
            text.append(s.text);
            for (const Narration::Quote &q : s.quotes) {
                if (q.source.startsWith(QLatin1String("input.")))
                    continue;
                QVERIFY2(Narration::measuredAt(answer, q.source),
                         qPrintable(q.source + QStringLiteral(": ") + s.text));
            }
        }
        const QString all = text.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(said), qPrintable(all));
        QVERIFY2(!all.contains(QLatin1String("within the")), qPrintable(all));
        QVERIFY2(!all.contains(QLatin1String("further apart")), qPrintable(all));
        const Narration::Table t = table(answer);
        for (const QStringList &row : t.rows)
            if (row.first().contains(QLatin1String("turnaround")))
                QVERIFY2(!row.contains(QStringLiteral("0.0")),
                         qPrintable(row.join(QLatin1Char('|'))));
    }

    void theFeedIsMeasuredFromWhatTheRunHeard()
    {
        // Three posts (the second by bulk_create, which no signal told the server of), three
        // notifications received; the server's counts over the ten-second window only.
        const auto post = [](const char *kind, int number, double t, const char *more = nullptr) {
            QJsonObject o{{QStringLiteral("post"), number}};
            if (more)
                o.insert(QStringLiteral("path"), QLatin1String(more));
            return line(kind, t, o);
        };
        const auto got = [](int number, int user, double t) {
            return line(
                "delivered", t, {{QStringLiteral("post"), number}, {QStringLiteral("user"), user}});
        };
        FeedRecording r;
        for (const QByteArray &l :
             {line("start", 0),
              post("written", 0, 1, "create"),
              post("published", 0, 1.002),
              post("written", 1, 2, "bulk"),
              post("written", 2, 3, "create"),
              post("published", 2, 3.002),
              got(0, 5, 1.051),
              got(0, 6, 1.062),
              got(2, 5, 3.06),
              got(9, 5, 3.5), // of no post written: not counted
              QJsonDocument(
                  QJsonObject{
                      {QStringLiteral("kind"), QStringLiteral("server")},
                      {QStringLiteral("requests"),
                       QJsonArray{QJsonArray{0.5, 3}, QJsonArray{1.5, 2}, QJsonArray{12, 4}}},
                      {QStringLiteral("open"),
                       QJsonArray{QJsonArray{0.1, 2}, QJsonArray{0.2, 4}, QJsonArray{11, 100}}},
                      {QStringLiteral("sent"),
                       QJsonArray{QJsonArray{0, 5, 1.05},
                                  QJsonArray{0, 6, 1.06},
                                  QJsonArray{2, 5, 3.05}}}})
                  .toJson(QJsonDocument::Compact),
              line("end", 13)})
            QVERIFY2(r.read(l), l.constData());
        FeedSetup s;
        s.timeScale = 2;
        s.postSeconds = 10;
        s.expected = {2, 3, 2};
        const QJsonObject m = measureFeed(r, s);
        QCOMPARE(m.value(QStringLiteral("posts")).toDouble(), 3.0);
        QCOMPARE(m.value(QStringLiteral("delivered")).toDouble(), 3.0);
        QCOMPARE(m.value(QStringLiteral("missed_events")).toDouble(), 3.0); // the bulk post's
        QCOMPARE(m.value(QStringLiteral("undelivered")).toDouble(), 1.0);   // 2 + 2 owed, 3 came
        QCOMPARE(m.value(QStringLiteral("bulk_writes")).toDouble(), 1.0);
        // Latency from the write to the receipt, in simulated seconds (twice the real).
        const QJsonArray percentiles = m.value(QStringLiteral("latency_percentiles")).toArray();
        QCOMPARE(percentiles.size(), 101);
        QVERIFY(qFuzzyCompare(percentiles.first().toDouble(), 0.102));
        QVERIFY(qFuzzyCompare(percentiles.last().toDouble(), 0.124));
        QCOMPARE(m.value(QStringLiteral("latencies")).toArray().size(), 3);
        QVERIFY(qFuzzyCompare(m.value(QStringLiteral("requests_per_second")).toDouble(), 0.25));
        QVERIFY(qFuzzyCompare(m.value(QStringLiteral("open_connections")).toDouble(), 3.0));
        const QJsonObject stages = m.value(QStringLiteral("stages")).toObject();
        const auto p50 = [&stages](const char *stage) {
            return stages.value(QLatin1String(stage))
                .toObject()
                .value(QStringLiteral("p50"))
                .toDouble();
        };
        QVERIFY(qFuzzyCompare(p50("write_to_told_seconds"), 0.004));
        QVERIFY(qFuzzyCompare(p50("told_to_sent_seconds"), 0.096));
        QVERIFY(qFuzzyCompare(p50("sent_to_received_seconds"), 0.004));
        const QJsonObject widest = stages.value(QStringLiteral("widest_post")).toObject();
        QCOMPARE(widest.value(QStringLiteral("post")).toInt(), 0);
        QCOMPARE(widest.value(QStringLiteral("notifications")).toInt(), 2);
        QVERIFY(qFuzzyCompare(widest.value(QStringLiteral("first_to_last_sent_seconds")).toDouble(),
                              0.02));

        // Without the server's counts, no rate is made up.
        FeedRecording quiet = r;
        quiet.serverCounted = false;
        const QJsonObject q = measureFeed(quiet, s);
        QVERIFY(q.value(QStringLiteral("requests_per_second")).isNull());
        QVERIFY(q.value(QStringLiteral("open_connections")).isNull());
    }

    void unknownLinesAreRefused()
    {
        TranscodingRecording r;
        QVERIFY(!r.read("{\"kind\":\"event\",\"type\":\"revoked\",\"job\":1}"));
        QVERIFY(!r.read("not json"));
        QVERIFY(r.read(line("error", 0, {{QStringLiteral("message"), QStringLiteral("boom")}})));
        QCOMPARE(r.error, QStringLiteral("boom"));
    }

    void theComparisonQuotesOnlyTheAnswer()
    {
        QJsonObject model{{QStringLiteral("model"), QStringLiteral("transcoding")},
                          {QStringLiteral("arrived"), 100},
                          {QStringLiteral("completed"), 99},
                          {QStringLiteral("hoarded_jobs"), 1.5},
                          {QStringLiteral("utilization"), 0.6},
                          {QStringLiteral("turnaround_minutes"),
                           QJsonObject{{QStringLiteral("p50"), 10.0},
                                       {QStringLiteral("p95"), 30.0},
                                       {QStringLiteral("p99"), 40.0}}}};
        QJsonObject real = model;
        real.insert(QStringLiteral("turnaround_minutes"),
                    QJsonObject{{QStringLiteral("p50"), 12.0},
                                {QStringLiteral("p95"), 45.0},
                                {QStringLiteral("p99"), 50.0}});
        real.insert(QStringLiteral("hoarded_jobs"), 0.0);
        real.insert(QStringLiteral("workers_started"), 4);
        QJsonObject answer{{QStringLiteral("model"), model},
                           {QStringLiteral("real"), real},
                           {QStringLiteral("time_scale"), 960.0},
                           {QStringLiteral("input"), QJsonObject{}}};
        const QJsonObject comparison = compare(answer);
        answer.insert(QStringLiteral("comparison"), comparison);
        QVERIFY(comparison.value(QStringLiteral("hoarding"))
                    .toObject()
                    .value(QStringLiteral("model"))
                    .toBool());
        QVERIFY(!comparison.value(QStringLiteral("hoarding"))
                     .toObject()
                     .value(QStringLiteral("real"))
                     .toBool());
        int agreements = 0;
        for (const QJsonValue v : comparison.value(QStringLiteral("metrics")).toArray()) {
            const QJsonObject row = v.toObject();
            if (row.value(QStringLiteral("path")) == QLatin1String("turnaround_minutes.p50")) {
                QVERIFY(qFuzzyCompare(row.value(QStringLiteral("difference")).toDouble(), 0.2));
                QVERIFY(row.value(QStringLiteral("agrees")).toBool()); // within 25 %
                ++agreements;
            }
            if (row.value(QStringLiteral("path")) == QLatin1String("turnaround_minutes.p95")) {
                QVERIFY(qFuzzyCompare(row.value(QStringLiteral("difference")).toDouble(), 0.5));
                QVERIFY(!row.value(QStringLiteral("agrees")).toBool()); // beyond 35 %
                ++agreements;
            }
        }
        QCOMPARE(agreements, 2);
        const QList<Narration::Sentence> said = sentences(answer);
        QStringList text;
        for (const Narration::Sentence &s : said) {
            text.append(s.text);
            for (const Narration::Quote &q : s.quotes) {
                if (q.source.startsWith(QLatin1String("input.")))
                    continue;
                QVERIFY2(qFuzzyCompare(1 + Narration::numberAt(answer, q.source), 1 + q.value),
                         qPrintable(q.source + QStringLiteral(": ") + s.text));
            }
        }
        const QString all = text.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QLatin1String("further apart than the 35")), qPrintable(all));
        QVERIFY2(all.contains(QLatin1String("The model hoards and the real workers did not")),
                 qPrintable(all));
    }
};

QTEST_GUILESS_MAIN(TestRealRecording)
#include "tst_realrecording.moc"
