// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// `curtain simulate --sweep` and `--explain`, run in process: every kind of bad sweep is one line
// naming the problem and exit 2; a sweep prints its points and exactly the sentences the view
// shows under the plot; the issue's sweep has a golden output; --explain adds the Results page's
// sentences and the what-if runs behind them.

#include <startup/narration.h>
#include <startup/simulatecommand.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Startup;

namespace {

const QString Scenarios = QStringLiteral(CURTAIN_SOURCE_DIR "/resources/scenarios/");

struct Result
{
    int exitCode = -1;
    QString out;
    QString err;
};

Result simulate(const QStringList &args)
{
    Result r;
    QTextStream out(&r.out);
    QTextStream err(&r.err);
    r.exitCode = simulateSubcommand().run(args, out, err);
    out.flush();
    err.flush();
    return r;
}

} // namespace

class TestSimulateCommand : public QObject
{
    Q_OBJECT

private slots:
    void aBadSweepIsOneLineAndExitTwo_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("named");
        const QString t = QStringLiteral("transcoding.json");
        auto sweep = [](const char *spec) {
            return QStringList{QStringLiteral("--sweep"), QLatin1String(spec)};
        };
        QTest::newRow("no '='") << t << sweep("pool.instances")
                                << QStringLiteral("is not FIELD=FROM:TO:POINTS");
        QTest::newRow("no field") << t << sweep("=1:8:8")
                                  << QStringLiteral("is not FIELD=FROM:TO:POINTS");
        QTest::newRow("two numbers") << t << sweep("pool.instances=1:8")
                                     << QStringLiteral("give FROM:TO:POINTS after the '='");
        QTest::newRow("FROM not a number")
            << t << sweep("pool.instances=one:8:8") << QStringLiteral("FROM 'one' is not a number");
        QTest::newRow("TO not a number")
            << t << sweep("pool.instances=1:inf:8") << QStringLiteral("TO 'inf' is not a number");
        QTest::newRow("POINTS not whole") << t << sweep("pool.instances=1:8:2.5")
                                          << QStringLiteral("POINTS '2.5' must be a whole number");
        QTest::newRow("one point") << t << sweep("pool.instances=1:8:1")
                                   << QStringLiteral("POINTS '1' must be a whole number from 2");
        QTest::newRow("too many points")
            << t << sweep("arrivals.uploads_per_hour=1:80:101") << QStringLiteral("from 2 to 100");
        QTest::newRow("unknown field") << t << sweep("pool.machines=1:8:8")
                                       << QStringLiteral("'pool.machines' is not a field of model "
                                                         "transcoding");
        QTest::newRow("a choice") << t << sweep("broker.acks=1:2:2")
                                  << QStringLiteral("'broker.acks' is a choice, not a number");
        QTest::newRow("the seed") << t << sweep("seed=1:5:5")
                                  << QStringLiteral("'seed' cannot be swept");
        QTest::newRow("out of range")
            << t << sweep("pool.instances=0:8:8") << QStringLiteral("0 is outside");
        QTest::newRow("going down")
            << t << sweep("pool.instances=8:1:8") << QStringLiteral("the sweep must go up");
        QTest::newRow("more points than whole numbers")
            << t << sweep("pool.instances=1:3:8") << QStringLiteral("takes whole numbers");
        QTest::newRow("half a machine")
            << t << sweep("pool.instances=1.5:4.5:4")
            << QStringLiteral("'pool.instances' takes whole numbers: 1.5 is not one");
        QTest::newRow("a seed twice") << t
                                      << QStringList{QStringLiteral("--seed"),
                                                     QStringLiteral("5"),
                                                     QStringLiteral("--seed"),
                                                     QStringLiteral("6")}
                                      << QStringLiteral("--seed is given 2 times: give it once");
        QTest::newRow("unknown measure")
            << t
            << sweep("pool.instances=1:8:8")
                   + QStringList{QStringLiteral("--measure"), QStringLiteral("waiting")}
            << QStringLiteral("--measure 'waiting' is not a metric of model transcoding");
        QTest::newRow("one replication")
            << t
            << sweep("pool.instances=1:8:8")
                   + QStringList{QStringLiteral("--replications"), QStringLiteral("1")}
            << QStringLiteral("a sweep needs 2 to 1000 replications");
        QTest::newRow("a measure without a sweep")
            << t << QStringList{QStringLiteral("--measure"), QStringLiteral("sla_share")}
            << QStringLiteral("--measure names what a sweep charts");
        QTest::newRow("explain and sweep")
            << t << sweep("pool.instances=1:8:8") + QStringList{QStringLiteral("--explain")}
            << QStringLiteral("--explain is for one run");
        QTest::newRow("nothing to sweep")
            << QStringLiteral("orm.json") << sweep("page_size=10:50:3")
            << QStringLiteral("model orm has nothing to sweep");
        QTest::newRow("a point the schema refuses")
            << QStringLiteral("mmc.json") << sweep("arrival_rate=0.5:2:4")
            << QStringLiteral("field 'arrival_rate' 1 is at least");
    }

    void aBadSweepIsOneLineAndExitTwo()
    {
        QFETCH(QString, scenario);
        QFETCH(QStringList, options);
        QFETCH(QString, named);
        const Result r = simulate(QStringList{Scenarios + scenario} + options);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(named), qPrintable(r.err));
        QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
        QVERIFY(r.out.isEmpty());
    }

    void aSweepPrintsItsPointsAndTheSentencesTheViewShows()
    {
        const Result r = simulate({Scenarios + QStringLiteral("transcoding.json"),
                                   QStringLiteral("--sweep"),
                                   QStringLiteral("pool.instances=1:4:4"),
                                   QStringLiteral("--measure"),
                                   QStringLiteral("sla_share"),
                                   QStringLiteral("--replications"),
                                   QStringLiteral("2")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonArray points = o.value(QStringLiteral("points")).toArray();
        QCOMPARE(points.size(), 4);
        for (const QJsonValue v : points) {
            const QJsonObject p = v.toObject();
            for (const char *key : {"x", "mean", "low", "high", "queue_empty_share"})
                QVERIFY2(p.contains(QLatin1String(key)), key);
            QVERIFY(p.value(QStringLiteral("low")).toDouble()
                    <= p.value(QStringLiteral("mean")).toDouble());
            QVERIFY(p.value(QStringLiteral("mean")).toDouble()
                    <= p.value(QStringLiteral("high")).toDouble());
        }
        QCOMPARE(o.value(QStringLiteral("metric")).toString(), QStringLiteral("sla_share"));
        QCOMPARE(o.value(QStringLiteral("replications")).toInt(), 2);
        // The summary is the narration of the points printed: what the view shows, exactly.
        const QJsonArray summary = o.value(QStringLiteral("summary")).toArray();
        QVERIFY(!summary.isEmpty());
        QCOMPARE(summary, Narration::toJson(Narration::sweep(o)));
        for (const QJsonValue s : summary) {
            QVERIFY(!s.toObject().value(QStringLiteral("text")).toString().isEmpty());
            for (const QJsonValue q : s.toObject().value(QStringLiteral("quotes")).toArray()) {
                for (const char *key : {"text", "value", "source"})
                    QVERIFY2(q.toObject().contains(QLatin1String(key)), key);
            }
        }
        QCOMPARE(o.value(QStringLiteral("breakdowns")).toArray().size(), 2);
    }

    // The issue's sweep: a change in its numbers or its words must be seen and explained
    // (CURTAIN_UPDATE_GOLDEN=1 rewrites it: review the diff).
    void theIssuesSweepHasAGoldenOutput()
    {
        const Result r = simulate({Scenarios + QStringLiteral("transcoding.json"),
                                   QStringLiteral("--sweep"),
                                   QStringLiteral("pool.instances=1:8:8")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject result = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QString golden = QStringLiteral(CURTAIN_TEST_DATA_DIR
                                              "/startup/golden/transcoding-sweep-instances.json");
        const QByteArray text = QJsonDocument(result).toJson(QJsonDocument::Indented);
        if (qEnvironmentVariableIsSet("CURTAIN_UPDATE_GOLDEN")) {
            QDir().mkpath(QFileInfo(golden).absolutePath());
            QFile out(golden);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(text);
        }
        QFile in(golden);
        QVERIFY2(in.open(QIODevice::ReadOnly), qPrintable(golden));
        QCOMPARE(QJsonDocument::fromJson(in.readAll()).object(), result);
    }

    void explainAddsTheSentencesAndTheRunsBehindThem()
    {
        const Result r = simulate({Scenarios + QStringLiteral("feed.json"),
                                   QStringLiteral("--explain"),
                                   QStringLiteral("--replications"),
                                   QStringLiteral("3")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o.value(QStringLiteral("methods")).toArray().size(), 3);
        QVERIFY(
            o.value(QStringLiteral("missed")).toObject().value(QStringLiteral("count")).toDouble()
            > 0);
        const QJsonArray rows = o.value(QStringLiteral("breakdown"))
                                    .toObject()
                                    .value(QStringLiteral("rows"))
                                    .toArray();
        QCOMPARE(rows.last().toObject().value(QStringLiteral("id")).toString(),
                 QStringLiteral("signals"));
        QCOMPARE(o.value(QStringLiteral("summary")).toArray(),
                 Narration::toJson(Narration::feed(o)));
        // Without --explain the output is the engine's alone, as before.
        const Result plain = simulate({Scenarios + QStringLiteral("feed.json")});
        QVERIFY(!QJsonDocument::fromJson(plain.out.toUtf8())
                     .object()
                     .contains(QStringLiteral("summary")));
    }
};

QTEST_GUILESS_MAIN(TestSimulateCommand)
#include "tst_simulatecommand.moc"
