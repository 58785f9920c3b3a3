// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include <scheduler/presentstops.h>

#include <QTest>

using namespace Scheduler;

using Stops = std::vector<std::int64_t>;

namespace {

constexpr std::int64_t Ms = 1'000'000;

Segment held(int lane, std::int64_t from, std::int64_t to)
{
    return {lane, from * Ms, to * Ms, WorkerState::Running};
}

/**
 * Two threads of one process over 50 ms: worker 0 holds the GIL 0-10 ms and takes it back at
 * 12 ms (no hand-off: nobody else had it), worker 1 takes it at 20 ms, worker 0 at 30 ms; worker
 * 1 waits for a lock from 5 ms; tasks start at 2 and 25 ms.
 */
Timeline twoThreads()
{
    Timeline t;
    t.model = Model::Gil;
    t.lanes = 2;
    t.start = 0;
    t.end = 50 * Ms;
    t.gilSegments = {held(0, 0, 10), held(0, 12, 20), held(1, 20, 30), held(0, 30, 40)};
    t.segments = {held(0, 0, 10),
                  held(0, 12, 20),
                  held(0, 30, 40),
                  {1, 5 * Ms, 8 * Ms, WorkerState::WaitingLock},
                  held(1, 20, 30)};
    t.taskStarts = {{0, 2 * Ms}, {1, 25 * Ms}};
    return t;
}

Stops inMs(std::initializer_list<std::int64_t> ms)
{
    Stops stops;
    for (const std::int64_t m : ms)
        stops.push_back(m * Ms);
    return stops;
}

} // namespace

class TestPresentStops : public QObject
{
    Q_OBJECT

private slots:
    void stopsByRule_data()
    {
        QTest::addColumn<QString>("rule");
        QTest::addColumn<Stops>("stops");
        // Every rule ends at the run's end: the last press shows the whole run.
        QTest::newRow("hand-offs") << "handoff" << inMs({20, 30, 50});
        QTest::newRow("lock waits") << "lock" << inMs({5, 50});
        QTest::newRow("task starts") << "task" << inMs({2, 25, 50});
        QTest::newRow("events") << "events" << inMs({2, 5, 20, 25, 30, 50});
        QTest::newRow("every 10 ms") << "ms:10" << inMs({10, 20, 30, 40, 50});
        QTest::newRow("every 20 ms") << "ms:20" << inMs({20, 40, 50});
    }
    void stopsByRule()
    {
        QFETCH(QString, rule);
        QFETCH(Stops, stops);
        const std::optional<StepRule> parsed = StepRule::parse(rule);
        QVERIFY(parsed);
        bool fellBack = true;
        QCOMPARE(presentStops(twoThreads(), *parsed, &fellBack), stops);
        QVERIFY(!fellBack);
    }

    void eachProcessHasItsOwnGil()
    {
        // A parent and its forked child each hold their own GIL at once: nobody hands anything
        // over, so a hand-off rule falls back to even steps and says so.
        Timeline t;
        t.model = Model::Gil;
        t.lanes = 2;
        t.end = 40 * Ms;
        t.names = {QStringLiteral("MainThread"), QStringLiteral("MainThread")};
        t.laneProcess = {0, 1};
        t.laneThread = {-1, -1};
        t.processNames = {QStringLiteral("demo.py"), QStringLiteral("ForkPoolWorker-1")};
        t.gilSegments = {held(0, 0, 10), held(1, 5, 15), held(0, 20, 30), held(1, 25, 35)};
        QVERIFY(gilHandoffs(t).empty());
        bool fellBack = false;
        const Stops stops = presentStops(t, *StepRule::parse(QStringLiteral("handoff")), &fellBack);
        QVERIFY(fellBack);
        QCOMPARE(stops.size(), std::size_t(20)); // a twentieth of the run each
        QCOMPARE(stops.back(), t.end);
        // Two threads of the child do hand its GIL over.
        t.lanes = 3;
        t.names.emplace_back(QStringLiteral("Thread-1"));
        t.laneProcess.push_back(1);
        t.laneThread.push_back(-1);
        t.gilSegments.push_back(held(2, 16, 24));
        QCOMPARE(gilHandoffs(t), inMs({16, 25}));
    }

    void eventsAreAClickersWorth()
    {
        // A long run with a hand-off every millisecond: every rule keeps about two dozen, spread
        // over the run (a thousand presses is no demo).
        Timeline t;
        t.model = Model::Gil;
        t.lanes = 2;
        t.end = 1000 * Ms;
        for (int ms = 0; ms < 1000; ++ms)
            t.gilSegments.push_back(held(ms % 2, ms, ms + 1));
        const Stops events = presentStops(t, StepRule{});
        QVERIFY(events.size() <= std::size_t(StepRule::MaxStops + 1));
        QVERIFY(events.size() >= std::size_t(StepRule::MaxStops - 1));
        QVERIFY(std::is_sorted(events.begin(), events.end()));
        const Stops handoffs = presentStops(t, *StepRule::parse(QStringLiteral("handoff")));
        QVERIFY(handoffs.size() <= std::size_t(StepRule::MaxStops + 1));
        QCOMPARE(handoffs, events); // the same events: hand-offs only
    }

    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("good");
        QTest::newRow("events") << "events" << true;
        QTest::newRow("handoff") << "handoff" << true;
        QTest::newRow("lock") << "lock" << true;
        QTest::newRow("task") << "task" << true;
        QTest::newRow("ms") << "ms:2.5" << true;
        QTest::newRow("ms without a number") << "ms:" << false;
        QTest::newRow("ms of nothing") << "ms:0" << false;
        QTest::newRow("negative ms") << "ms:-3" << false;
        QTest::newRow("unknown") << "sometimes" << false;
        QTest::newRow("empty") << "" << false;
    }
    void parse()
    {
        QFETCH(QString, text);
        QFETCH(bool, good);
        QString error;
        QCOMPARE(StepRule::parse(text, &error).has_value(), good);
        QCOMPARE(error.isEmpty(), good);
        if (!good)
            QVERIFY2(error.contains(QStringLiteral("ms:")), qPrintable(error)); // says what works
    }

    void emptyRunHasNoStops() { QVERIFY(presentStops(Timeline{}, StepRule{}).empty()); }
};

QTEST_APPLESS_MAIN(TestPresentStops)
#include "tst_presentstops.moc"
