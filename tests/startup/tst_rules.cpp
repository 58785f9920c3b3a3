// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The rules sentences are read off: intervals, plateaus, knees, the best point, and what a run's
// queue-length samples say, on points made by hand.

#include <startup/rules.h>
#include <startup/schema.h>

#include <QJsonArray>
#include <QTest>

using namespace Startup;

namespace {

using Points = std::vector<Rules::Point>;

/** Points at x = 1, 2, ... with the given (low, high) intervals; the mean in the middle. */
Points points(const std::vector<std::pair<double, double>> &intervals)
{
    Points list;
    for (std::size_t i = 0; i < intervals.size(); ++i) {
        const auto [low, high] = intervals[i];
        list.push_back({double(i + 1), (low + high) / 2, low, high});
    }
    return list;
}

QJsonObject day(const std::vector<double> &minutes, const std::vector<double> &queue)
{
    QJsonArray m, q;
    for (const double x : minutes)
        m.append(x);
    for (const double x : queue)
        q.append(x);
    return {{QStringLiteral("over_time"),
             QJsonObject{{QStringLiteral("minute"), m}, {QStringLiteral("queue_length"), q}}}};
}

} // namespace

Q_DECLARE_METATYPE(Points)

class TestRules : public QObject
{
    Q_OBJECT

private slots:
    void anIntervalStaysWhereItsMetricCanBe()
    {
        const Schema::Metric share{QStringLiteral("s"), QString(), QStringLiteral("share")};
        const Schema::Metric minutes{QStringLiteral("m"), QString(), QStringLiteral("min")};
        const Rules::Point p = Rules::interval(3, 0.95, 0.1, share);
        QCOMPARE(p.low, 0.85);
        QCOMPARE(p.high, 1.0);
        QVERIFY(p.cut);
        const Rules::Point q = Rules::interval(3, 2, 5, minutes);
        QCOMPARE(q.low, 0.0);
        QCOMPARE(q.high, 7.0);
        QVERIFY(q.cut);
        QVERIFY(!Rules::interval(3, 2, 1, minutes).cut);
        // A latency is never below the network's own delay: the interval stops there, and every
        // run at that delay (a spread of float noise) is no cut.
        const Schema::Metric *latency
            = Schema::model(QStringLiteral("feed"))->metric(QStringLiteral("latency_seconds.p95"));
        const QJsonObject input{{QStringLiteral("network_ms"), 50}};
        QCOMPARE(Rules::least(*latency, input), 0.05);
        QCOMPARE(Rules::least(minutes, input), 0.0);
        const Rules::Point r = Rules::interval(0, 0.233, 0.789, *latency, 0.05);
        QCOMPARE(r.low, 0.05);
        QVERIFY(r.cut);
        QVERIFY(!Rules::interval(0, 0.05000000000000001, 2.1e-17, *latency, 0.05).cut);
    }

    void allOrNoneHasItsExactBinomialBound_data()
    {
        QTest::addColumn<double>("share");
        QTest::addColumn<double>("videos");
        QTest::addColumn<double>("low");
        QTest::addColumn<double>("high");
        // Clopper-Pearson for x = n and x = 0: (0.025)^(1/n).
        QTest::newRow("2 of 2") << 1.0 << 2.0 << 0.158113883 << 1.0;
        QTest::newRow("86 of 86") << 1.0 << 86.0 << 0.958012985 << 1.0;
        QTest::newRow("0 of 10") << 0.0 << 10.0 << 0.0 << 1 - 0.6915028921812392;
    }
    void allOrNoneHasItsExactBinomialBound()
    {
        QFETCH(double, share);
        QFETCH(double, videos);
        QFETCH(double, low);
        QFETCH(double, high);
        const Rules::Point p = Rules::allOrNone(share, videos);
        QVERIFY(std::abs(p.low - low) < 1e-6);
        QVERIFY(std::abs(p.high - high) < 1e-6);
        QCOMPARE(p.mean, share);
    }

    void plateauAndKnee_data()
    {
        QTest::addColumn<Points>("points");
        QTest::addColumn<int>("plateau");
        QTest::addColumn<int>("knee");
        // The sweep: 36.6 at 5 instances stands apart from 6, 7 and 8, which overlap.
        QTest::newRow("the issue's") << points({{301.7, 387.8},
                                                {186.6, 226.2},
                                                {95.6, 137.8},
                                                {43.3, 78.6},
                                                {31.6, 41.7},
                                                {20.7, 26.4},
                                                {21.6, 24.4},
                                                {20.2, 24.3}})
                                     << 5 << 5;
        QTest::newRow("flat") << points({{1, 3}, {2, 4}, {2.5, 3.5}}) << 0 << -1;
        QTest::newRow("falling all the way")
            << points({{10, 11}, {8, 9}, {6, 7}, {4, 5}}) << -1 << -1;
        QTest::newRow("two overlapping are not a plateau")
            << points({{10, 11}, {8, 9}, {6, 7}, {6.5, 7.5}}) << -1 << -1;
        // Every pair overlaps, but the three share no value: no plateau of three.
        QTest::newRow("a chain is not a plateau")
            << points({{10, 11}, {1, 3}, {2.5, 5}, {4.5, 6}}) << -1 << -1;
        QTest::newRow("a plateau after a step apart")
            << points({{10, 11}, {5, 7}, {4, 6.5}, {4.5, 6}, {5, 6}}) << 1 << 1;
        // A learner's burst sweep: the intervals past 8 share a value only because the last is
        // wide; the means keep climbing (0.68 a step after, 1.09 into it): no bend to name.
        QTest::newRow("overlapping but still climbing: no knee")
            << points({{2.9, 3.58}, {3.96, 4.70}, {4.0, 5.82}, {3.07, 8.31}}) << 1 << -1;
        QTest::newRow("the step into it overlaps: no knee")
            << points({{10, 11}, {6.2, 10.5}, {4, 6.5}, {4.5, 6}, {5, 6}}) << 2 << -1;
    }

    void plateauAndKnee()
    {
        QFETCH(Points, points);
        QFETCH(int, plateau);
        QFETCH(int, knee);
        QCOMPARE(Rules::plateauStart(points), plateau);
        QCOMPARE(Rules::knee(points), knee);
        if (plateau >= 0) {
            QVERIFY(Rules::shareAValue(points, plateau, int(points.size()) - 1));
            if (plateau > 0)
                QVERIFY(!Rules::shareAValue(points, plateau - 1, int(points.size()) - 1));
        }
    }

    void theBestPointAndThoseLikeIt()
    {
        const Points p = points({{10, 12}, {5, 7}, {4, 6}, {6.5, 8}});
        QCOMPARE(Rules::best(p, Schema::Better::Lower), 2);
        QCOMPARE(Rules::best(p, Schema::Better::Higher), 0);
        QCOMPARE(Rules::best(p, Schema::Better::Neither), -1);
        QCOMPARE(Rules::likeBest(p, 2), (std::vector<int>{1, 2}));
        QCOMPARE(Rules::likeBest(p, 0), (std::vector<int>{0}));
    }

    void theQueueGrewAllDayOnlyWhenItsSamplesSaySo_data()
    {
        QTest::addColumn<QJsonObject>("result");
        QTest::addColumn<int>("samples");
        QTest::addColumn<int>("empty");
        QTest::addColumn<bool>("grew");
        // Samples before the warm-up (60 min) do not count.
        QTest::newRow("grew") << day({0, 30, 60, 90, 120, 150}, {0, 0, 3, 5, 4, 9}) << 4 << 0
                              << true;
        QTest::newRow("emptied once")
            << day({0, 60, 90, 120, 150}, {0, 3, 0, 4, 9}) << 4 << 1 << false;
        QTest::newRow("longer before the end")
            << day({0, 60, 90, 120, 150}, {0, 3, 12, 4, 9}) << 4 << 0 << false;
        QTest::newRow("never moved") << day({0, 60, 90, 120}, {2, 2, 2, 2}) << 3 << 0 << false;
        QTest::newRow("mostly empty")
            << day({0, 60, 90, 120, 150}, {0, 0, 0, 1, 0}) << 4 << 3 << false;
    }

    void theQueueGrewAllDayOnlyWhenItsSamplesSaySo()
    {
        QFETCH(QJsonObject, result);
        QFETCH(int, samples);
        QFETCH(int, empty);
        QFETCH(bool, grew);
        const Rules::QueueFacts facts = Rules::queueFacts(result, 60);
        QCOMPARE(facts.samples, samples);
        QCOMPARE(facts.empty, empty);
        QCOMPARE(facts.grewAllDay, grew);
    }
};

QTEST_GUILESS_MAIN(TestRules)
#include "tst_rules.moc"
