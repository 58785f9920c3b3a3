// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Startup Sim's one entry: one seed scheme, replications with intervals for every stochastic
// model, overrides, stop, and the ORM's database kept honest (keyed by size, checked, rebuilt).

#include <startup/simulation.h>

#include <kit/jsonio.h>
#include <startup/ormlab.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <map>

using namespace Kit;
using namespace Startup;

namespace {

QJsonObject scenario(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

Simulation::Request request(const QJsonObject &scenario)
{
    Simulation::Request r;
    r.scenario = scenario;
    r.source = QStringLiteral("s.json");
    return r;
}

QJsonObject run(const Simulation::Request &request, QString *error = nullptr)
{
    QString ignored;
    return Simulation::run(request, {}, error ? error : &ignored);
}

QJsonObject withoutTimings(QJsonObject o)
{
    o.remove(QStringLiteral("wall_ms"));
    o.remove(QStringLiteral("jobs_per_second"));
    return o;
}

} // namespace

class TestSimulation : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void replicationsGiveMeansWithIntervals_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("metric");
        QTest::newRow("mmc") << QByteArray(R"({"model":"mmc","jobs":5000,"warmup_jobs":500})")
                             << QStringLiteral("mean_wait");
        QTest::newRow("transcoding") << QByteArray(R"({"model":"transcoding","hours":6})")
                                     << QStringLiteral("turnaround_minutes.p95");
        QTest::newRow("feed") << QByteArray(R"({"model":"feed","users":500,"minutes":10})")
                              << QStringLiteral("requests_per_second");
    }

    void replicationsGiveMeansWithIntervals()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, metric);
        Simulation::Request one = request(scenario(json));
        Simulation::Request five = one;
        five.replications = 5;
        const QJsonObject a = run(one);
        const QJsonObject b = run(five);
        QCOMPARE(a.value(QStringLiteral("replications")).toInt(), 1);
        QVERIFY(!a.contains(QStringLiteral("ci95")));
        QCOMPARE(b.value(QStringLiteral("replications")).toInt(), 5);
        QVERIFY(b.value(QStringLiteral("ci95")).toObject().value(metric).toDouble() > 0);
        QCOMPARE(a.value(QStringLiteral("seed")).toString(), QStringLiteral("2011")); // one default
        // Replication 0 of five is the single run: the mean differs from it, the scheme does not.
        QVERIFY(JsonIo::valueAt(a, metric).toDouble() != JsonIo::valueAt(b, metric).toDouble());
        QCOMPARE(withoutTimings(run(five)), withoutTimings(b)); // bit for bit
        QCOMPARE(Simulation::replicationSeed(2011, 0), std::uint64_t(2011));
    }

    void aRunThatDeliveredNothingHasNoLatency()
    {
        // Three users posting for an hour: some replications deliver nothing. Their latency is
        // null, not 0 s, and the means and intervals are of the runs that delivered.
        Simulation::Request r = request(
            scenario(R"({"model":"feed","users":3,"minutes":60,"online_share":0.3,"seed":2011})"));
        r.replications = 10;
        std::vector<double> delivered;
        std::vector<QJsonValue> p95s;
        Simulation::Control control;
        control.replication = [&](int, const QJsonObject &one) {
            delivered.push_back(one.value(QStringLiteral("delivered")).toDouble());
            p95s.push_back(JsonIo::valueAt(one, QStringLiteral("latency_seconds.p95")));
        };
        QString error;
        const QJsonObject result = Simulation::run(r, control, &error);
        QVERIFY2(!result.isEmpty(), qPrintable(error));
        QCOMPARE(delivered.size(), std::size_t(10));
        std::vector<double> measured;
        for (std::size_t k = 0; k < delivered.size(); ++k) {
            QCOMPARE(p95s[k].isDouble(), delivered[k] > 0); // null exactly when nothing came
            if (p95s[k].isDouble())
                measured.push_back(p95s[k].toDouble());
        }
        // The seed gives both kinds of run, or this test tests nothing.
        QVERIFY(!measured.empty());
        QVERIFY(measured.size() < delivered.size());
        double sum = 0;
        for (const double v : measured)
            sum += v;
        QCOMPARE(JsonIo::valueAt(result, QStringLiteral("latency_seconds.p95")).toDouble(),
                 sum / double(measured.size()));
        QCOMPARE(
            JsonIo::valueAt(result, QStringLiteral("measured_runs.latency_seconds.p95")).toInt(),
            int(measured.size()));
        // Every run measured the counts: they are not listed.
        QVERIFY(!result.value(QStringLiteral("measured_runs"))
                     .toObject()
                     .contains(QStringLiteral("missed_events")));
    }

    void theCountsAreTheRunsMeansToo()
    {
        // Videos arrived and completed beside the unfinished ones: all means of the same runs,
        // not the first run's counts beside the others' means.
        Simulation::Request r = request(scenario(R"({"model":"transcoding","hours":6})"));
        r.replications = 4;
        std::map<QString, double> sums;
        Simulation::Control control;
        control.replication = [&](int, const QJsonObject &one) {
            for (const char *key : {"arrived", "completed", "unfinished", "crashes"})
                sums[QLatin1String(key)] += one.value(QLatin1String(key)).toDouble();
        };
        QString error;
        const QJsonObject result = Simulation::run(r, control, &error);
        QVERIFY2(!result.isEmpty(), qPrintable(error));
        for (const auto &[key, sum] : sums)
            QVERIFY2(std::abs(result.value(key).toDouble() - sum / 4) < 1e-9, qPrintable(key));
    }

    void aMetricNoRunMeasuredIsNull()
    {
        // One user with no followers online: nothing is ever delivered.
        Simulation::Request r = request(scenario(
            R"({"model":"feed","users":2,"minutes":1,"posts_per_user_hour":0.01,"seed":5})"));
        r.replications = 3;
        std::vector<double> delivered;
        Simulation::Control control;
        control.replication = [&](int, const QJsonObject &one) {
            delivered.push_back(one.value(QStringLiteral("delivered")).toDouble());
        };
        QString error;
        const QJsonObject result = Simulation::run(r, control, &error);
        QVERIFY2(!result.isEmpty(), qPrintable(error));
        QCOMPARE(std::count(delivered.begin(), delivered.end(), 0.0), 3);
        QVERIFY(JsonIo::valueAt(result, QStringLiteral("latency_seconds.p50")).isNull());
        QVERIFY(result.value(QStringLiteral("ci95"))
                    .toObject()
                    .value(QStringLiteral("latency_seconds.p50"))
                    .isNull());
        QCOMPARE(
            JsonIo::valueAt(result, QStringLiteral("measured_runs.latency_seconds.p50")).toInt(-1),
            0);
    }

    void aSeedOverridesTheScenarios()
    {
        Simulation::Request r
            = request(scenario(R"({"model":"feed","users":300,"minutes":5,"seed":1})"));
        const QJsonObject fromFile = run(r);
        r.seed = 99;
        const QJsonObject overridden = run(r);
        QCOMPARE(overridden.value(QStringLiteral("seed")).toString(), QStringLiteral("99"));
        QVERIFY(withoutTimings(fromFile) != withoutTimings(overridden));
    }

    void requestsAreCheckedByName_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("replications");
        QTest::addColumn<QString>("named");
        QTest::newRow("orm replications")
            << QByteArray(R"({"model":"orm"})") << 3
            << QStringLiteral("replications do not apply to model orm");
        QTest::newRow("too many") << QByteArray(R"({"model":"mmc"})") << 5000
                                  << QStringLiteral("replications 5000");
        QTest::newRow("bad field") << QByteArray(R"({"model":"mmc","servers":0})") << 1
                                   << QStringLiteral("s.json: field 'servers'");
    }

    void requestsAreCheckedByName()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, replications);
        QFETCH(QString, named);
        Simulation::Request r = request(scenario(json));
        r.replications = replications;
        QString error;
        QVERIFY(run(r, &error).isEmpty());
        QVERIFY2(error.contains(named), qPrintable(error));
    }

    void aStopEndsTheRunAndSaysSo()
    {
        Simulation::Request r = request(scenario(R"({"model":"mmc","jobs":50000000})"));
        r.replications = 3;
        const std::atomic<bool> stop{true};
        Simulation::Control control;
        control.stop = &stop;
        QString error;
        const QJsonObject result = Simulation::run(r, control, &error);
        QVERIFY(result.value(QStringLiteral("stopped")).toBool());
        QCOMPARE(result.value(QStringLiteral("replications")).toInt(), 1);
    }

    void theOrmDatabaseIsKeyedBySize()
    {
        Simulation::Request r
            = request(scenario(R"({"model":"orm","users":50,"videos":300,"comments":1000})"));
        r.dataFolder = m_dir.path();
        QString error;
        const QJsonObject small = run(r, &error);
        QVERIFY2(!small.isEmpty(), qPrintable(error));
        r.scenario.insert(QStringLiteral("comments"), 2000);
        const QJsonObject bigger = run(r, &error);
        QVERIFY(small.value(QStringLiteral("database")).toString()
                != bigger.value(QStringLiteral("database")).toString());
        // The counts the page shows come from the database of that size.
        const QJsonArray strategies = bigger.value(QStringLiteral("strategies")).toArray();
        QCOMPARE(strategies.size(), 3);
        QVERIFY(bigger.value(QStringLiteral("same_page")).toBool());
        for (const QJsonValue &s : strategies)
            QVERIFY(!s.toObject().value(QStringLiteral("plan")).toArray().isEmpty());
    }

    void aDamagedDatabaseIsMadeAgain_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::newRow("truncated") << QStringLiteral("truncate");
        QTest::newRow("garbage inside") << QStringLiteral("garbage");
        QTest::newRow("rows missing") << QStringLiteral("rows");
    }

    void aDamagedDatabaseIsMadeAgain()
    {
        QFETCH(QString, damage);
        QTemporaryDir dir;
        Simulation::Request r
            = request(scenario(R"({"model":"orm","users":40,"videos":200,"comments":800})"));
        r.dataFolder = dir.path();
        QString error;
        const QJsonObject first = run(r, &error);
        QVERIFY2(!first.isEmpty(), qPrintable(error));
        const QString path = first.value(QStringLiteral("database")).toString();
        QFile file(path);
        if (damage == QLatin1String("rows")) {
            {
                QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"),
                                                            QStringLiteral("damage"));
                db.setDatabaseName(path);
                QVERIFY(db.open());
                QVERIFY(
                    QSqlQuery(db).exec(QStringLiteral("DELETE FROM comments WHERE id % 2 = 0")));
                db.close();
            }
            QSqlDatabase::removeDatabase(QStringLiteral("damage"));
        } else if (damage == QLatin1String("truncate")) {
            QVERIFY(file.resize(file.size() / 3));
        } else {
            QVERIFY(file.open(QIODevice::ReadWrite));
            file.seek(0);
            file.write(QByteArray(4096, 'x'));
            file.close();
        }
        const QJsonObject again = run(r, &error);
        QVERIFY2(!again.isEmpty(), qPrintable(error));
        QVERIFY2(again.value(QStringLiteral("note")).toString().contains(QStringLiteral("again")),
                 qPrintable(again.value(QStringLiteral("note")).toString()));
        QCOMPARE(again.value(QStringLiteral("strategies"))
                     .toArray()
                     .at(2)
                     .toObject()
                     .value(QStringLiteral("rows"))
                     .toInt(),
                 50);
    }

    void aFileThatIsNotOursIsNamedAndLeftAlone()
    {
        const QString path = m_dir.filePath(QStringLiteral("notes.sqlite"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("my notes, not a database");
        file.close();
        QJsonObject s = scenario(R"({"model":"orm","users":10,"videos":50,"comments":100})");
        s.insert(QStringLiteral("database"), path);
        QString error;
        QVERIFY(run(request(s), &error).isEmpty());
        QVERIFY2(error.contains(path), qPrintable(error));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("my notes, not a database")); // untouched
    }

    void aFolderThatCannotBeWrittenIsNamed()
    {
        // A file where the folder should be: no one, root included, can make a folder there.
        const QString blocker = m_dir.filePath(QStringLiteral("blocker"));
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        Simulation::Request r
            = request(scenario(R"({"model":"orm","users":10,"videos":50,"comments":100})"));
        r.dataFolder = blocker + QStringLiteral("/data");
        QString error;
        QVERIFY(run(r, &error).isEmpty());
        QVERIFY2(error.contains(blocker) && error.contains(QStringLiteral("write")),
                 qPrintable(error));
        QVERIFY(!error.contains(QStringLiteral(".part")));
    }

    void theIndexChangesThePlan()
    {
        QTemporaryDir dir;
        Simulation::Request r
            = request(scenario(R"({"model":"orm","users":40,"videos":200,"comments":800})"));
        r.dataFolder = dir.path();
        auto nPlusOnePlan = [&] {
            return run(r)
                .value(QStringLiteral("strategies"))
                .toArray()
                .at(0)
                .toObject()
                .value(QStringLiteral("plan"))
                .toVariant()
                .toStringList()
                .join(QLatin1Char('\n'));
        };
        QVERIFY(nPlusOnePlan().contains(QStringLiteral("SEARCH comments USING")));
        r.scenario.insert(QStringLiteral("comment_index"), false);
        QVERIFY(nPlusOnePlan().contains(QStringLiteral("SCAN comments")));
    }
};

QTEST_GUILESS_MAIN(TestSimulation)
#include "tst_simulation.moc"
