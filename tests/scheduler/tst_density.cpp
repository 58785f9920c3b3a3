// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// A crowded row's density: every level holds exactly the time each slot took, split at the
// buckets' edges, and a view is given the level with two or more buckets to a pixel.
#include <scheduler/density.h>

#include <QTest>

#include <numeric>
#include <random>

using namespace Scheduler;

namespace {

/** N stretches one after another, lengths 1 to 50 µs, states in turn (slots 0, 1, 2). */
std::vector<Segment> crowd(std::size_t n, std::int64_t start)
{
    std::mt19937 random(3);
    std::vector<Segment> segments;
    std::int64_t t = start;
    for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t length = 1000 + std::int64_t(random() % 49000);
        segments.push_back({0, t, t + length, WorkerState(i % 3 + 1)});
        t += length;
    }
    return segments;
}

double slotTotal(const std::vector<Density::Bucket> &level, int slot)
{
    double total = 0;
    for (const Density::Bucket &b : level)
        total += b[std::size_t(slot)];
    return total;
}

} // namespace

class TestDensity : public QObject
{
    Q_OBJECT

private slots:
    void everyLevelHoldsEachSlotsTime()
    {
        const std::vector<Segment> segments = crowd(20000, 5000000);
        const std::int64_t end = segments.back().end;
        const Density d = Density::build(
            segments, 5000000, end, [](const Segment &s) { return int(s.state) - 1; });
        QVERIFY(!d.empty());
        QCOMPARE(d.origin(), std::int64_t(5000000));
        std::array<double, 3> expected{};
        for (const Segment &s : segments)
            expected[std::size_t(s.state) - 1] += double(s.end - s.start);
        for (int k = 0; k < d.levels(); ++k) {
            for (int slot = 0; slot < 3; ++slot) {
                const double got = slotTotal(d.level(k), slot);
                // float buckets: exact to a part in a million over the whole run
                QVERIFY2(std::abs(got - expected[std::size_t(slot)]) < 1e-5 * expected[0],
                         qPrintable(QStringLiteral("level %1 slot %2: %3 of %4")
                                        .arg(k)
                                        .arg(slot)
                                        .arg(got)
                                        .arg(expected[std::size_t(slot)])));
            }
            // No bucket holds more time than it is wide.
            for (const Density::Bucket &b : d.level(k))
                QVERIFY(std::accumulate(b.begin(), b.end(), 0.0)
                        <= double(d.bucketWidth(k)) * (1 + 1e-5));
        }
        QCOMPARE(d.level(d.levels() - 1).size(), std::size_t(1));
    }

    void aStretchIsSplitAtTheEdges()
    {
        // One stretch across many buckets among the crowd: each bucket it spans holds exactly
        // its share.
        std::vector<Segment> segments = crowd(Density::MinSegments, 0);
        const std::int64_t from = segments.back().end;
        segments.push_back({0, from, from + 10000000, WorkerState::BlockedIo});
        const Density d = Density::build(segments, 0, from + 10000000, [](const Segment &s) {
            return s.state == WorkerState::BlockedIo ? 5 : -1;
        });
        QVERIFY(!d.empty());
        const auto &finest = d.level(0);
        const std::int64_t w = d.bucketWidth(0);
        for (std::size_t j = 0; j < finest.size(); ++j) {
            const std::int64_t a = std::max<std::int64_t>(std::int64_t(j) * w, from);
            const std::int64_t b = std::min<std::int64_t>(std::int64_t(j + 1) * w, from + 10000000);
            QCOMPARE(double(finest[j][5]), double(std::max<std::int64_t>(b - a, 0)));
        }
    }

    void fewStretchesBuildNothing()
    {
        const std::vector<Segment> segments = crowd(100, 0);
        QVERIFY(Density::build(segments, 0, segments.back().end, [](const Segment &) {
                    return 0;
                }).empty());
    }

    void theLevelHasTwoBucketsToAPixel_data()
    {
        QTest::addColumn<double>("perPixel"); // in finest buckets
        QTest::addColumn<int>("level");
        QTest::newRow("finer than the finest") << 1.5 << -1;
        QTest::newRow("two finest to a pixel") << 2.0 << 0;
        QTest::newRow("just under the next") << 7.9 << 0;
        QTest::newRow("eight finest: level 1") << 8.0 << 1;
        QTest::newRow("thirty-two: level 2") << 32.0 << 2;
    }

    void theLevelHasTwoBucketsToAPixel()
    {
        QFETCH(double, perPixel);
        QFETCH(int, level);
        const std::vector<Segment> segments = crowd(50000, 0);
        const Density d
            = Density::build(segments, 0, segments.back().end, [](const Segment &) { return 0; });
        QCOMPARE(d.levelFor(perPixel * double(d.bucketWidth(0))), level);
    }
};

QTEST_GUILESS_MAIN(TestDensity)
#include "tst_density.moc"
