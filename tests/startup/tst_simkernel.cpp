// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include <startup/simkernel.h>

#include <QTest>

using namespace Startup;

class TestSimKernel : public QObject
{
    Q_OBJECT

private slots:
    void equalTimesRunInScheduleOrder()
    {
        Sim::Calendar calendar;
        QString order;
        calendar.schedule(2.0, [&] { order += QLatin1Char('c'); });
        calendar.schedule(1.0, [&] { order += QLatin1Char('a'); });
        calendar.schedule(1.0, [&] {
            order += QLatin1Char('b');
            calendar.schedule(1.0, [&] { order += QLatin1Char('x'); }); // same time, later
        });
        calendar.schedule(1.0, [&] { order += QLatin1Char('d'); });
        while (calendar.step()) {
        }
        QCOMPARE(order, QStringLiteral("abdxc"));
        QCOMPARE(calendar.now(), 2.0);
        QCOMPARE(calendar.executed(), std::uint64_t(5));
    }

    void sameSeedSameNumbersBitForBit()
    {
        Sim::Random a(2011);
        Sim::Random b(2011);
        Sim::Random c(2012);
        bool differs = false;
        for (int i = 0; i < 1000; ++i) {
            const double x = a.exponential(0.5);
            QCOMPARE(x, b.exponential(0.5));
            differs |= x != c.exponential(0.5);
        }
        QVERIFY(differs);
        // A fixed point: the stream is part of the contract (results must not drift).
        QCOMPARE(Sim::Random(1).next(), Sim::Random(1).next());
    }

    void distributionsHaveTheirMeans_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<double>("mean");
        QTest::addColumn<double>("variance");
        QTest::newRow("uniform 2..4") << 0 << 3.0 << 4.0 / 12.0;
        QTest::newRow("exponential rate 2") << 1 << 0.5 << 0.25;
        QTest::newRow("normal") << 2 << 0.0 << 1.0;
        QTest::newRow("lognormal 0, 0.5")
            << 3 << std::exp(0.125) << (std::exp(0.25) - 1) * std::exp(0.25);
        QTest::newRow("empirical 1,2,3 / 1,1,2") << 4 << 2.25 << 0.6875;
    }

    void distributionsHaveTheirMeans()
    {
        QFETCH(int, kind);
        QFETCH(double, mean);
        QFETCH(double, variance);
        Sim::Random random(7);
        Sim::Tally tally;
        for (int i = 0; i < 400000; ++i) {
            switch (kind) {
            case 0:
                tally.add(random.uniform(2, 4));
                break;
            case 1:
                tally.add(random.exponential(2));
                break;
            case 2:
                tally.add(random.normal());
                break;
            case 3:
                tally.add(random.lognormal(0, 0.5));
                break;
            default:
                tally.add(random.empirical({1, 2, 3}, {1, 1, 2}));
            }
        }
        QVERIFY2(std::abs(tally.mean() - mean) < 0.01, qPrintable(QString::number(tally.mean())));
        QVERIFY2(std::abs(tally.variance() - variance) < 0.02 * std::max(1.0, variance),
                 qPrintable(QString::number(tally.variance())));
    }

    void tallyMatchesKnownValues()
    {
        Sim::Tally tally(true);
        for (const double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0})
            tally.add(x);
        QCOMPARE(tally.count(), 8);
        QCOMPARE(tally.mean(), 5.0);
        QCOMPARE(tally.variance(), 32.0 / 7.0);
        QCOMPARE(tally.percentile(0.5), 4.5);
        QCOMPARE(tally.percentile(0.0), 2.0);
        QCOMPARE(tally.percentile(1.0), 9.0);
    }

    void timeAverageWeighsByDuration()
    {
        Sim::TimeAverage average;
        average.reset(0, 0);
        average.update(1, 2); // 0 during [0,1)
        average.update(3, 1); // 2 during [1,3)
        QCOMPARE(average.average(4), (0 * 1 + 2 * 2 + 1 * 1) / 4.0);
        average.reset(4, 1); // warm-up deletion forgets the past
        QCOMPARE(average.average(6), 1.0);
    }

    void confidenceIntervalAndErlangC()
    {
        QCOMPARE(Sim::halfWidth95({1.0}), 0.0);
        // n = 4, sd = 1.2910, t(3) = 3.182: half-width 2.054
        QVERIFY(std::abs(Sim::halfWidth95({1, 2, 3, 4}) - 3.182 * 1.2909944 / 2) < 1e-4);
        // M/M/1: Erlang C is the utilisation; a known M/M/2 value: a = 1.5, C = 0.642857
        QVERIFY(std::abs(Sim::erlangC(0.8, 1.0, 1) - 0.8) < 1e-12);
        QVERIFY(std::abs(Sim::erlangC(1.5, 1.0, 2) - 0.6428571) < 1e-6);
        QCOMPARE(Sim::erlangC(3.0, 1.0, 2), 1.0); // unstable: everyone waits
    }
};

QTEST_GUILESS_MAIN(TestSimKernel)
#include "tst_simkernel.moc"
