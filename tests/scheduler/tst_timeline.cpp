// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include <scheduler/timeline.h>

#include <QTest>

using namespace Scheduler;

namespace {

RunRecord sampleRun()
{
    // Worker 0 runs 0-10 ms holding the GIL; worker 1 waits for it 2-10 ms, then runs 10-15 ms.
    RunRecord run;
    run.options.model = Model::Gil;
    run.options.workers = 2;
    run.startNs = 0;
    run.wallMs = 15;
    run.cores = 2;
    run.events = {{0, 0, WorkerState::Running, 0, 1, -1},
                  {2000000, 1, WorkerState::WaitingGil, 0, 0, 0},
                  {10000000, 0, WorkerState::Done, 0, 1, -1},
                  {10000000, 1, WorkerState::Running, 0, 0, -1},
                  {15000000, 1, WorkerState::Done, 0, 0, -1}};
    return run;
}

} // namespace

class TestTimeline : public QObject
{
    Q_OBJECT

private slots:
    void ticksSayDifferentThingsAndFit_data()
    {
        QTest::addColumn<qint64>("from");
        QTest::addColumn<qint64>("to");
        QTest::addColumn<QString>("unit");
        QTest::newRow("a 41 ms run") << qint64(0) << qint64(41000000) << QStringLiteral(" ms");
        QTest::newRow("30 s whole") << qint64(0) << qint64(30000000000) << QStringLiteral(" s");
        // Deep in a long run: 50 µs at 14.32 s, every label still its own.
        QTest::newRow("50 us at 14 s")
            << qint64(14320000000) << qint64(14320050000) << QStringLiteral(" ms");
        QTest::newRow("1 us at 1 ms")
            << qint64(1000000) << qint64(1001000) << QStringLiteral(" ms");
    }

    void ticksSayDifferentThingsAndFit()
    {
        QFETCH(qint64, from);
        QFETCH(qint64, to);
        QFETCH(QString, unit);
        TimeAxis axis;
        axis.viewStart = from;
        axis.viewEnd = to;
        axis.left = 100;
        axis.width = 1160;
        auto advance = [](const QString &label) {
            return 7.0 * label.size() + 12;
        };
        const std::vector<TimeAxis::Tick> ticks = axis.ticks(advance);
        QVERIFY(ticks.size() >= 2);
        double widest = 0;
        for (std::size_t i = 0; i < ticks.size(); ++i) {
            QVERIFY(ticks[i].t >= from && ticks[i].t <= to);
            QVERIFY2(ticks[i].label.endsWith(unit), qPrintable(ticks[i].label));
            widest = std::max(widest, advance(ticks[i].label));
            if (i > 0) {
                QVERIFY(ticks[i].t > ticks[i - 1].t);
                QVERIFY2(ticks[i].label != ticks[i - 1].label, qPrintable(ticks[i].label));
            }
        }
        QVERIFY(double(ticks.size()) * widest <= axis.width);
    }

    void segmentsAndTheGilLane()
    {
        const Timeline t = Timeline::build(sampleRun());
        QCOMPARE(t.lanes, 2);
        QCOMPARE(t.segments.size(), std::size_t(3));
        QCOMPARE(t.gilSegments.size(), std::size_t(2));
        QCOMPARE(t.gilSegments.front().lane, 0);
        QCOMPARE(t.gilSegments.back().lane, 1);
        QCOMPARE(t.at(1, 5000000)->state, WorkerState::WaitingGil);
        QCOMPARE(t.at(1, 12000000)->state, WorkerState::Running);
        QVERIFY(!t.at(0, 12000000)); // done
        QVERIFY(!t.at(1, 1000000));  // not started yet
        QCOMPARE(t.countIn(WorkerState::Running, 5000000), 1);
    }

    void narrationSaysWhoWaitsForWhom()
    {
        const Timeline t = Timeline::build(sampleRun());
        const QString text = t.narrate(6800000);
        QVERIFY2(text.contains(QStringLiteral(
                     "Worker 2 has waited 4.8 ms for the GIL while worker 1 (on core 2) computes")),
                 qPrintable(text));
        QVERIFY2(
            text.startsWith(QStringLiteral("Worker 1 (on core 2) is computing (holding the GIL)")),
            qPrintable(text));
    }

    void beforeAnyWorkerStartsTheNarrationSaysSo()
    {
        // A replay that waits at its start (a presenter's stage): before the first recorded
        // state nobody is "idle or finished"; nobody has begun. After the last, they are.
        RunRecord run = sampleRun();
        for (WorkerEvent &e : run.events)
            e.t += 1500; // the first worker starts 1.5 µs into the run
        run.startNs = 0;
        const Timeline t = Timeline::build(run);
        QCOMPARE(t.narrate(t.start),
                 QStringLiteral("No worker has started yet: the first starts at 0.002 ms."));
        QVERIFY(t.narrate(t.start + 2000).startsWith(QStringLiteral("Worker 1")));
        QCOMPARE(t.narrate(t.end),
                 QStringLiteral("Nobody is computing: every worker is idle or finished."));
    }

    void lanesAreNamedByWhatTheyDo_data()
    {
        QTest::addColumn<int>("workload");
        QTest::addColumn<int>("workers");
        QTest::addColumn<QStringList>("names");
        QTest::newRow("cpu") << int(Workload::Cpu) << 2
                             << QStringList{QStringLiteral("worker 1"), QStringLiteral("worker 2")};
        QTest::newRow("pipeline, one worker: every stage in turn")
            << int(Workload::Pipeline) << 1 << QStringList{QStringLiteral("worker 1")};
        QTest::newRow("pipeline of three") << int(Workload::Pipeline) << 3
                                           << QStringList{QStringLiteral("producer"),
                                                          QStringLiteral("transformer"),
                                                          QStringLiteral("consumer")};
        QTest::newRow("pipeline of four") << int(Workload::Pipeline) << 4
                                          << QStringList{QStringLiteral("producer"),
                                                         QStringLiteral("transformer 1"),
                                                         QStringLiteral("transformer 2"),
                                                         QStringLiteral("consumer")};
    }

    void lanesAreNamedByWhatTheyDo()
    {
        QFETCH(int, workload);
        QFETCH(int, workers);
        QFETCH(QStringList, names);
        RunRecord run = sampleRun();
        run.options.workload = Workload(workload);
        run.options.workers = workers;
        const Timeline t = Timeline::build(run);
        QStringList got;
        for (int lane = 0; lane < t.lanes; ++lane)
            got.append(t.laneName(lane));
        QCOMPARE(got, names);
        // The narration speaks of them by the same names.
        QVERIFY2(
            t.narrate(6800000).startsWith(names.first().left(1).toUpper() + names.first().mid(1)),
            qPrintable(t.narrate(6800000)));
    }

    void replayFramePutsWorkersOnTheCoresTheyRanOn()
    {
        const Timeline t = Timeline::build(sampleRun());
        ReplayFrame frame = ReplayFrame::at(t, 5000000);
        QCOMPARE(frame.cores, (std::vector<int>{-1, 0})); // worker 1 was seen on core 2
        QCOMPARE(frame.gilHolder, 0);
        QCOMPARE(frame.waitingGil, std::vector<int>{1});
        frame = ReplayFrame::at(t, 12000000);
        QCOMPARE(frame.cores, (std::vector<int>{1, -1}));
        QCOMPARE(frame.gilHolder, 1); // the token has passed
        QCOMPARE(frame.idle, std::vector<int>{0});
    }

    void twoWorkersLastSeenOnOneCoreTakeTurns()
    {
        RunRecord run;
        run.options.model = Model::Threads;
        run.options.workers = 3;
        run.cores = 2;
        run.wallMs = 10;
        run.events = {{0, 0, WorkerState::Running, 0, 0, -1},
                      {1000000, 1, WorkerState::Running, 0, 0, -1},
                      {2000000, 2, WorkerState::Running, 0, -1, -1}};
        const ReplayFrame frame = ReplayFrame::at(Timeline::build(run), 3000000);
        QCOMPARE(frame.cores, (std::vector<int>{1, -1})); // the later arrival holds the core
        QCOMPARE(frame.sharing, (std::vector<std::pair<int, int>>{{0, 0}}));
        QCOMPARE(frame.unplaced, std::vector<int>{2}); // no core recorded: not drawn on one
        QCOMPARE(frame.computing(), (std::vector<int>{0, 1, 2}));
    }

    void lockHoldingAndTaskStartsComeFromTheFlags()
    {
        RunRecord run;
        run.options.model = Model::Gil;
        run.options.workload = Workload::SharedDict;
        run.options.workers = 2;
        run.cores = 1;
        run.wallMs = 10;
        using namespace EventFlag;
        run.events = {{0, 0, WorkerState::Running, TaskStart, 0, -1},
                      {1000000, 0, WorkerState::Running, HoldsLock, 0, -1},
                      {2000000, 0, WorkerState::WaitingGil, HoldsLock, 0, -1},
                      {2000000, 1, WorkerState::Running, TaskStart, 0, -1},
                      {3000000, 1, WorkerState::WaitingLock, 0, 0, 0},
                      {4000000, 0, WorkerState::Running, HoldsLock, 0, -1},
                      {5000000, 0, WorkerState::Running, 0, 0, -1}};
        const Timeline t = Timeline::build(run);
        QCOMPARE(t.taskStarts.size(), std::size_t(2));
        QCOMPARE(t.lockSegments.size(), std::size_t(1));
        QCOMPARE(t.lockSegments.front().start, 1000000);
        QCOMPARE(t.lockSegments.front().end, 5000000);
        QCOMPARE(t.lockHolderAt(3500000), 0);
        QCOMPARE(t.lockHolderAt(6000000), -1);
        QVERIFY(t.at(0, 2500000)->holdsLock);
        // The convoy in words: the holder waits for the GIL, the others for the lock.
        const QString text = t.narrate(3500000);
        QVERIFY2(text.contains(QStringLiteral("Worker 1 holds the lock but waits for the GIL")),
                 qPrintable(text));
        QVERIFY2(text.contains(
                     QStringLiteral("Worker 2 has waited 0.5 ms for the lock that worker 1 holds")),
                 qPrintable(text));
        // At the instant a wait begins it is not said to have lasted 0.0 ms.
        const QString begun = t.narrate(3000020);
        QVERIFY2(begun.contains(QStringLiteral(
                     "Worker 2 has just begun to wait for the lock that worker 1 holds")),
                 qPrintable(begun));
        QVERIFY2(!begun.contains(QStringLiteral("0.0 ms")), qPrintable(begun));
    }

    void aWaitIsSaidAsLongAsItWillBeWritten_data()
    {
        QTest::addColumn<double>("ms");
        QTest::addColumn<QString>("said");
        QTest::newRow("just begun") << 0.0 << QStringLiteral("has just begun to wait");
        QTest::newRow("rounds to nothing") << 0.049 << QStringLiteral("has just begun to wait");
        QTest::newRow("rounds to a tenth") << 0.05 << QStringLiteral("has waited 0.1 ms");
        QTest::newRow("longer") << 4.84 << QStringLiteral("has waited 4.8 ms");
    }
    void aWaitIsSaidAsLongAsItWillBeWritten()
    {
        QFETCH(double, ms);
        QFETCH(QString, said);
        QCOMPARE(Timeline::waited(ms), said);
    }

    void axisMapsTimeToPixelsAndBack_data()
    {
        QTest::addColumn<qint64>("t");
        QTest::addColumn<double>("x");
        QTest::newRow("start") << qint64(1000) << 100.0;
        QTest::newRow("middle") << qint64(6000) << 350.0;
        QTest::newRow("end") << qint64(11000) << 600.0;
    }

    void axisMapsTimeToPixelsAndBack()
    {
        QFETCH(qint64, t);
        QFETCH(double, x);
        const TimeAxis axis{1000, 11000, 100, 500};
        QCOMPARE(axis.x(t), x);
        QCOMPARE(axis.t(x), t);
    }

    void zoomKeepsThePointUnderTheCursor()
    {
        TimeAxis axis{0, 10000, 0, 1000};
        const std::int64_t before = axis.t(250);
        axis.zoom(2.0, 250);
        QCOMPARE(axis.viewEnd - axis.viewStart, 5000);
        QCOMPARE(axis.t(250), before);
        axis.pan(100); // a tenth of the width later
        QCOMPARE(axis.t(250), before + 500);
        axis.pan(-100000);
        axis.clamp(0, 10000, 100);
        QCOMPARE(axis.viewStart, 0);
        QCOMPARE(axis.viewEnd, 5000);
        axis.zoom(1e9, 0);
        axis.clamp(0, 10000, 100);
        QCOMPARE(axis.viewEnd - axis.viewStart, 100); // never narrower than the minimum
    }
};

QTEST_GUILESS_MAIN(TestTimeline)
#include "tst_timeline.moc"
