// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include <startup/mmc.h>
#include <startup/mmcschema.h>
#include <startup/ormschema.h>
#include <startup/simkernel.h>

#include <QJsonDocument>
#include <QTest>

using namespace Startup;

class TestMmc : public QObject
{
    Q_OBJECT

private slots:
    void agreesWithErlangCWithinItsConfidenceInterval_data()
    {
        QTest::addColumn<double>("lambda");
        QTest::addColumn<double>("mu");
        QTest::addColumn<int>("servers");
        QTest::newRow("M/M/1 at 50 %") << 0.5 << 1.0 << 1;
        QTest::newRow("M/M/1 at 80 %") << 0.8 << 1.0 << 1;
        QTest::newRow("M/M/2 at 75 %") << 1.5 << 1.0 << 2;
        QTest::newRow("M/M/5 at 90 %") << 4.5 << 1.0 << 5;
        QTest::newRow("M/M/20, slow service") << 3.0 << 0.2 << 20;
    }

    void agreesWithErlangCWithinItsConfidenceInterval()
    {
        QFETCH(double, lambda);
        QFETCH(double, mu);
        QFETCH(int, servers);
        MmcParams p;
        p.arrivalRate = lambda;
        p.serviceRate = mu;
        p.servers = servers;
        p.jobs = 100000;
        p.warmupJobs = 10000;
        const MmcTheory theory = MmcTheory::of(p);
        std::vector<double> waits, lengths, utilisations, probabilities;
        for (int r = 0; r < 10; ++r) {
            p.seed = 1000 + std::uint64_t(r);
            const MmcResult run = simulateMmc(p);
            QCOMPARE(run.jobs, p.jobs);
            waits.push_back(run.meanWait);
            lengths.push_back(run.meanQueueLength);
            utilisations.push_back(run.utilization);
            probabilities.push_back(run.probWait);
        }
        auto check = [](const char *name, const std::vector<double> &v, double expected) {
            double mean = 0;
            for (const double x : v)
                mean += x;
            mean /= double(v.size());
            // Within the 95 % interval, widened a little so 5 cases do not fail one time in 20.
            const double tolerance = 1.5 * Sim::halfWidth95(v) + 1e-9;
            QVERIFY2(std::abs(mean - expected) <= tolerance,
                     qPrintable(QStringLiteral("%1: simulated %2, theory %3, half-width %4")
                                    .arg(QLatin1String(name))
                                    .arg(mean)
                                    .arg(expected)
                                    .arg(tolerance / 1.5)));
        };
        check("mean wait", waits, theory.meanWait);
        check("mean queue length", lengths, theory.meanQueueLength);
        check("utilisation", utilisations, theory.utilization);
        check("probability of waiting", probabilities, theory.probWait);
    }

    void sameSeedSameResultBitForBit()
    {
        MmcParams p;
        p.jobs = 20000;
        const MmcResult a = simulateMmc(p);
        const MmcResult b = simulateMmc(p);
        QCOMPARE(a.meanWait, b.meanWait);
        QCOMPARE(a.meanQueueLength, b.meanQueueLength);
        QCOMPARE(a.events, b.events);
        p.seed = 2;
        QVERIFY(simulateMmc(p).meanWait != a.meanWait);
    }

    // Two events per job, warm-up included: what the budget weighs is what a run counts (give
    // or take the jobs still in the system when the last one leaves).
    void theCostModelCountsWhatTheEngineDoes()
    {
        MmcParams p;
        p.arrivalRate = 0.5;
        p.jobs = 20000;
        p.warmupJobs = 2000;
        const MmcWork work = mmcWork(p);
        QCOMPARE(work.events, 44000.0);
        const MmcResult r = simulateMmc(p);
        QVERIFY2(double(r.events) >= work.events && double(r.events) < work.events + 100,
                 qPrintable(QString::number(r.events)));
    }

    void stopEndsItAtOnce()
    {
        MmcParams p;
        p.jobs = 1000000000;
        std::atomic<bool> stop{true};
        const MmcResult run = simulateMmc(p, &stop);
        QVERIFY(run.stopped);
        // The flag is read every 4,096 completed jobs: a stop is obeyed within that, however
        // busy the machine is (not a wall-clock figure).
        QVERIFY2(run.events < 4 * 4096, qPrintable(QString::number(run.events)));
    }

    void scenarioErrorsNameTheField_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("named");
        QTest::newRow("unknown field")
            << QByteArray(R"({"model":"mmc","arival_rate":1,"service_rate":2})")
            << QStringLiteral("unknown field 'arival_rate'");
        QTest::newRow("negative rate")
            << QByteArray(R"({"model":"mmc","arrival_rate":-1,"service_rate":2})")
            << QStringLiteral("'arrival_rate' must be a number from 1e-06");
        QTest::newRow("rate that cannot be computed faithfully")
            << QByteArray(R"({"model":"mmc","arrival_rate":1e308,"service_rate":1e308})")
            << QStringLiteral("'arrival_rate' must be a number from 1e-06 to 1e+06 (got 1e+308)");
        QTest::newRow("default service, too many arrivals")
            << QByteArray(R"({"model":"mmc","arrival_rate":1})")
            << QStringLiteral("grow without end");
        QTest::newRow("model not a string")
            << QByteArray(R"({"model":5})")
            << QStringLiteral("'model' must be \"mmc\" here (got 5)");
        QTest::newRow("too many jobs") << QByteArray(R"({"model":"mmc","jobs":900000000})")
                                       << QStringLiteral("lower field 'jobs'");
        QTest::newRow("unstable") << QByteArray(
            R"({"model":"mmc","arrival_rate":3,"service_rate":1,"servers":2})")
                                  << QStringLiteral("grow without end");
        QTest::newRow("fractional servers")
            << QByteArray(R"({"model":"mmc","arrival_rate":1,"service_rate":2,"servers":1.5})")
            << QStringLiteral("'servers'");
        QTest::newRow("text for a number")
            << QByteArray(R"({"model":"mmc","arrival_rate":"fast","service_rate":2})")
            << QStringLiteral("'arrival_rate' must be a number");
    }

    void scenarioErrorsNameTheField()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, named);
        QString error;
        QVERIFY(!Scenario::parseMmc(
            QJsonDocument::fromJson(json).object(), QStringLiteral("s.json"), &error));
        QVERIFY2(error.startsWith(QStringLiteral("s.json: ")) && error.contains(named),
                 qPrintable(error));
        QVERIFY(!error.contains(QLatin1Char('\n')));
    }

    void ormScenarioChecksItsFields()
    {
        QString error;
        QVERIFY(
            !Scenario::parseOrm(QJsonDocument::fromJson(R"({"model":"orm","videos":-5})").object(),
                                QStringLiteral("o.json"),
                                &error));
        QVERIFY2(error.contains(QStringLiteral("'videos'")), qPrintable(error));
        QVERIFY(
            !Scenario::parseOrm(QJsonDocument::fromJson(R"({"model":"orm","pages":5})").object(),
                                QStringLiteral("o.json"),
                                &error));
        QVERIFY2(error.contains(QStringLiteral("unknown field 'pages'")), qPrintable(error));
        const auto spec = Scenario::parseOrm(
            QJsonDocument::fromJson(R"({"model":"orm","page_size":10,"database":"/tmp/x.sqlite"})")
                .object(),
            QStringLiteral("o.json"),
            &error);
        QVERIFY(spec);
        QCOMPARE(spec->pageSize, 10);
        QCOMPARE(spec->database, QStringLiteral("/tmp/x.sqlite"));
        QCOMPARE(spec->size.videos, 30000);
    }

    void scenarioDefaults()
    {
        QString error;
        const auto p = Scenario::parseMmc(
            QJsonDocument::fromJson(R"({"model":"mmc","arrival_rate":1,"service_rate":2})")
                .object(),
            QStringLiteral("s.json"),
            &error);
        QVERIFY2(p, qPrintable(error));
        QCOMPARE(p->servers, 1);
        QCOMPARE(p->jobs, 100000);
    }
};

QTEST_GUILESS_MAIN(TestMmc)
#include "tst_mmc.moc"
