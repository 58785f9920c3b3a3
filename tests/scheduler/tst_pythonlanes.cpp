// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// How a Python run's lanes are drawn from the runner's changes and the kernel's samples, on
// recordings made by hand: time off a CPU while running is drawn preempted, CPU used while
// waiting is drawn on a CPU without the GIL, a task's lane is its thread's turns, and a core is
// never drawn under two threads at once.
#include <scheduler/pythonlanes.h>
#include <scheduler/timeline.h>

#include <QTest>

#include <map>

using namespace Scheduler;

Q_DECLARE_METATYPE(Scheduler::WorkerState)

namespace {

constexpr std::int64_t Ms = 1000000;

/** LANE's drawn states from DRAWN, in order: (t, state, core). */
std::vector<std::tuple<std::int64_t, WorkerState, int>> statesOf(const DrawnLanes &drawn, int lane)
{
    std::vector<std::tuple<std::int64_t, WorkerState, int>> found;
    for (const WorkerEvent &e : drawn.events) {
        if (e.worker == lane)
            found.emplace_back(e.t, e.state, e.cpu);
    }
    return found;
}

/** Milliseconds LANE spends in each state, drawn until END. */
std::map<WorkerState, double> timeIn(const DrawnLanes &drawn, int lane, std::int64_t end)
{
    std::map<WorkerState, double> ms;
    const auto states = statesOf(drawn, lane);
    for (std::size_t i = 0; i < states.size(); ++i) {
        const std::int64_t until = i + 1 < states.size() ? std::get<0>(states[i + 1]) : end;
        ms[std::get<1>(states[i])] += double(until - std::get<0>(states[i])) / Ms;
    }
    return ms;
}

} // namespace

class TestPythonLanes : public QObject
{
    Q_OBJECT

private slots:
    void timeOffACpuWhileRunningIsPreempted()
    {
        // 10 ms drawn running, 6 ms of it on a CPU and 4 ms on the run queue (the kernel's
        // count): 6 ms running, 4 ms preempted, holding the GIL; the CPU time seen is 6 ms.
        const std::vector<RecordedChange> changes{
            {0, 0, WorkerState::Running, -1, 1, 0, 0},
            {10 * Ms, 0, WorkerState::Done, -1, 1, 6 * Ms, 4 * Ms}};
        const DrawnLanes drawn = drawLanes(changes, {RecordedLane{}}, 10 * Ms);
        const auto ms = timeIn(drawn, 0, 10 * Ms);
        QCOMPARE(ms.at(WorkerState::Running), 6.0);
        QCOMPARE(ms.at(WorkerState::Preempted), 4.0);
        QCOMPARE(drawn.cpuSeenMs[0], 6.0);
        QVERIFY(holdsGil(WorkerState::Preempted));
        // Off a core while preempted: no core drawn for it.
        for (const auto &[t, state, core] : statesOf(drawn, 0)) {
            if (state == WorkerState::Preempted)
                QCOMPARE(core, -1);
        }
    }

    void timeTheKernelMadeItWaitIsStalled()
    {
        // Off a CPU but not on the run queue either, between two events (the recorder draws a
        // C call that let the GIL go itself): not preempted, stalled, the GIL still held, on no
        // core; drawn running is only what it spent on a CPU.
        const std::vector<RecordedChange> changes{
            {0, 0, WorkerState::Running, -1, 1, 0, 0},
            {10 * Ms, 0, WorkerState::Done, -1, 1, 9 * Ms, 0}};
        const DrawnLanes drawn = drawLanes(changes, {RecordedLane{}}, 10 * Ms);
        const auto ms = timeIn(drawn, 0, 10 * Ms);
        QCOMPARE(ms.count(WorkerState::Preempted), std::size_t(0));
        QCOMPARE(ms.at(WorkerState::Running), 9.0);
        QCOMPARE(ms.at(WorkerState::Stalled), 1.0);
        QVERIFY(holdsGil(WorkerState::Stalled));
        QVERIFY(!onCpu(WorkerState::Stalled));
        for (const auto &[t, state, core] : statesOf(drawn, 0)) {
            if (state == WorkerState::Stalled)
                QCOMPARE(core, -1);
        }
    }

    void aShortStallStaysAsDrawn()
    {
        // Less than DrawnStalledNs unexplained: the clock and the statistics disagree by that
        // much; nothing is drawn for it.
        const std::vector<RecordedChange> changes{
            {0, 0, WorkerState::Running, -1, 1, 0, 0},
            {10 * Ms, 0, WorkerState::Done, -1, 1, 10 * Ms - DrawnStalledNs / 2, 0}};
        const DrawnLanes drawn = drawLanes(changes, {RecordedLane{}}, 10 * Ms);
        const auto ms = timeIn(drawn, 0, 10 * Ms);
        QCOMPARE(ms.count(WorkerState::Stalled), std::size_t(0));
        QCOMPARE(ms.at(WorkerState::Running), 10.0);
    }

    void aThreadLastSeenAsleepIsDrawnBlockedAfterItsWork_data()
    {
        QTest::addColumn<WorkerState>("last");
        QTest::addColumn<WorkerState>("asleep");
        // The runner's last look at a thread alive at the end, asleep in the kernel: 2 ms of
        // CPU and 1 ms on the run queue in 10 ms drawn running, the rest asleep, at the end.
        QTest::newRow("last look, asleep") << WorkerState::Running << WorkerState::BlockedIo;
        // The same figures at a thread's own end: it held the GIL to its last event, so the
        // kernel made it wait holding it.
        QTest::newRow("thread's end") << WorkerState::Done << WorkerState::Stalled;
    }

    void aThreadLastSeenAsleepIsDrawnBlockedAfterItsWork()
    {
        QFETCH(WorkerState, last);
        QFETCH(WorkerState, asleep);
        const std::vector<RecordedChange> changes{{0, 0, WorkerState::Running, -1, 1, 0, 0},
                                                  {10 * Ms, 0, last, -1, -1, 2 * Ms, 1 * Ms}};
        const DrawnLanes drawn = drawLanes(changes, {RecordedLane{}}, 10 * Ms);
        const auto ms = timeIn(drawn, 0, 10 * Ms);
        QCOMPARE(ms.at(asleep), 7.0);
        QCOMPARE(ms.at(WorkerState::Running), 2.0);
        QCOMPARE(ms.at(WorkerState::Preempted), 1.0);
        // Working first, then asleep until the end (the look itself ends the lane); asleep, on
        // no core.
        const auto states = statesOf(drawn, 0);
        QVERIFY(states.size() >= 2);
        const auto &stretch = states[states.size() - 2];
        QCOMPARE(std::get<1>(stretch), asleep);
        QCOMPARE(std::get<0>(stretch), 3 * Ms);
        QCOMPARE(std::get<2>(stretch), -1);
        QCOMPARE(std::get<0>(states.back()), 10 * Ms);
    }

    void aWaiterThatLeavesTheGilFreeIsBlocked_data()
    {
        QTest::addColumn<WorkerState>("holder");
        QTest::addColumn<std::int64_t>("queuedNs");
        QTest::addColumn<WorkerState>("drawn");
        // The holder sleeps from 2 ms (the GIL lies free); the other, drawn waiting for the GIL
        // from 1 ms, never takes it: it was blocked elsewhere.
        QTest::newRow("GIL free, not queued")
            << WorkerState::BlockedIo << std::int64_t(0) << WorkerState::BlockedIo;
        // Woken when the GIL went free, but on a run queue for a CPU all along: still waiting.
        QTest::newRow("GIL free, queued for a CPU")
            << WorkerState::BlockedIo << std::int64_t(18 * Ms) << WorkerState::WaitingGil;
        // The holder computes all along: a real wait.
        QTest::newRow("GIL held") << WorkerState::Running << std::int64_t(0)
                                  << WorkerState::WaitingGil;
    }

    void aWaiterThatLeavesTheGilFreeIsBlocked()
    {
        QFETCH(WorkerState, holder);
        QFETCH(std::int64_t, queuedNs);
        QFETCH(WorkerState, drawn);
        const std::vector<RecordedChange> changes{
            {0, 0, WorkerState::Running, -1, -1, -1, -1},
            {0, 1, WorkerState::Running, -1, -1, -1, 0},
            {1 * Ms, 1, WorkerState::WaitingGil, -1, -1, -1, -1},
            {2 * Ms, 0, holder, -1, -1, -1, -1},
            {20 * Ms, 1, WorkerState::Done, -1, -1, -1, queuedNs},
            {20 * Ms, 0, WorkerState::Done, -1, -1, -1, -1}};
        const DrawnLanes lanes = drawLanes(changes, {RecordedLane{}, RecordedLane{}}, 20 * Ms);
        const auto ms = timeIn(lanes, 1, 20 * Ms);
        QCOMPARE(ms.at(drawn), 19.0);
        QCOMPARE(ms.at(WorkerState::Running), 1.0);
    }

    void aSecondWaiterMayLeaveTheGilFreeForAnInterval()
    {
        // Two threads wait for the GIL from 1 ms; the holder lets it go at 2 ms and the second
        // takes it at 5 ms. A release wakes one waiter; the other asks again within a switch
        // interval: three free milliseconds with two waiters are a wait, for both.
        const std::vector<RecordedChange> changes{
            {0, 0, WorkerState::Running, -1, -1, -1, -1},
            {0, 1, WorkerState::Running, -1, -1, -1, 0},
            {0, 2, WorkerState::Running, -1, -1, -1, 0},
            {1 * Ms, 1, WorkerState::WaitingGil, -1, -1, -1, -1},
            {1 * Ms, 2, WorkerState::WaitingGil, -1, -1, -1, -1},
            {2 * Ms, 0, WorkerState::BlockedIo, -1, -1, -1, -1},
            {5 * Ms, 2, WorkerState::Running, -1, -1, -1, -1},
            {20 * Ms, 1, WorkerState::Done, -1, -1, -1, 0},
            {20 * Ms, 2, WorkerState::Done, -1, -1, -1, 0},
            {20 * Ms, 0, WorkerState::Done, -1, -1, -1, -1}};
        const DrawnLanes lanes
            = drawLanes(changes, {RecordedLane{}, RecordedLane{}, RecordedLane{}}, 20 * Ms);
        QCOMPARE(timeIn(lanes, 1, 20 * Ms).at(WorkerState::WaitingGil), 19.0);
        QCOMPARE(timeIn(lanes, 2, 20 * Ms).at(WorkerState::WaitingGil), 4.0);
    }

    void aWaiterQueuedElsewhereLeavesNoFreeGil()
    {
        // Two threads wait for the GIL from 1 ms; the holder lets it go at 2 ms; the second
        // takes it at 30 ms, having been on a run queue for 25 ms of that (a loaded machine):
        // the GIL lay free because its taker had no CPU, not because the first was blocked.
        const std::vector<RecordedChange> changes{
            {0, 0, WorkerState::Running, -1, -1, -1, -1},
            {0, 1, WorkerState::Running, -1, -1, -1, 0},
            {0, 2, WorkerState::Running, -1, -1, -1, 0},
            {1 * Ms, 1, WorkerState::WaitingGil, -1, -1, -1, -1},
            {1 * Ms, 2, WorkerState::WaitingGil, -1, -1, -1, -1},
            {2 * Ms, 0, WorkerState::BlockedIo, -1, -1, -1, -1},
            {30 * Ms, 2, WorkerState::Running, -1, -1, -1, 25 * Ms},
            {40 * Ms, 1, WorkerState::Done, -1, -1, -1, 0},
            {40 * Ms, 2, WorkerState::Done, -1, -1, -1, 25 * Ms},
            {40 * Ms, 0, WorkerState::Done, -1, -1, -1, -1}};
        const DrawnLanes lanes
            = drawLanes(changes, {RecordedLane{}, RecordedLane{}, RecordedLane{}}, 40 * Ms);
        QCOMPARE(timeIn(lanes, 1, 40 * Ms).at(WorkerState::WaitingGil), 39.0);
    }

    void aGapBeforeItsOwnTakeoverMayBeTheHolders()
    {
        // The holder is drawn letting the GIL go at 10 ms (an estimate, from its CPU), the
        // only waiter takes it at 18 ms: eight free milliseconds up to its own takeover may be the
        // holder's time off its core; the waiter is drawn waiting, not blocked.
        const std::vector<RecordedChange> changes{
            {0, 0, WorkerState::Running, -1, -1, -1, -1},
            {0, 1, WorkerState::Running, -1, -1, -1, 0},
            {1 * Ms, 1, WorkerState::WaitingGil, -1, -1, -1, -1},
            {10 * Ms, 0, WorkerState::BlockedIo, -1, -1, -1, -1},
            {18 * Ms, 1, WorkerState::Running, -1, -1, -1, 0},
            {30 * Ms, 1, WorkerState::Done, -1, -1, -1, 0},
            {30 * Ms, 0, WorkerState::Done, -1, -1, -1, -1}};
        const DrawnLanes lanes = drawLanes(changes, {RecordedLane{}, RecordedLane{}}, 30 * Ms);
        QCOMPARE(timeIn(lanes, 1, 30 * Ms).at(WorkerState::WaitingGil), 17.0);
    }

    void aSleepIsNotDrawnWaitingForACpu()
    {
        // A 100 ms sleep from 1 ms, then 19 ms waiting for the GIL; the kernel counted 19 ms on
        // a run queue over the window: the woken thread's wait for a CPU, drawn waiting for
        // the GIL, not the sleep (asleep, a thread is not runnable).
        const std::vector<RecordedChange> changes{
            {0, 0, WorkerState::Running, -1, -1, 0, 0},
            {1 * Ms, 0, WorkerState::BlockedIo, 0, -1, -1, -1},
            {101 * Ms, 0, WorkerState::WaitingGil, -1, -1, -1, -1},
            {120 * Ms, 0, WorkerState::Running, -1, -1, 1 * Ms, 19 * Ms},
            {121 * Ms, 0, WorkerState::Done, -1, -1, 2 * Ms, 19 * Ms}};
        const DrawnLanes lanes = drawLanes(changes, {RecordedLane{}}, 121 * Ms);
        const auto ms = timeIn(lanes, 0, 121 * Ms);
        QCOMPARE(ms.at(WorkerState::BlockedIo), 100.0);
        QCOMPARE(ms.at(WorkerState::WaitingGil), 19.0);
        QVERIFY(!ms.contains(WorkerState::WaitingCpu));
    }

    void aNewThreadQueuedForACpuStillWaits()
    {
        // A thread start() made at 0, waiting for the GIL from 1 ms; the holder lets it go at
        // 2 ms, and the new thread's first event (its first sample) comes at 20 ms, having spent
        // 18 ms of its life on a run queue: woken, but with no CPU, it waited, from its start.
        const std::vector<RecordedChange> changes{
            {0, 0, WorkerState::Running, -1, -1, -1, -1},
            {0, 1, WorkerState::Spawning, -1, -1, -1, -1},
            {1 * Ms, 1, WorkerState::WaitingGil, -1, -1, -1, -1},
            {2 * Ms, 0, WorkerState::BlockedIo, -1, -1, -1, -1},
            {20 * Ms, 1, WorkerState::Running, -1, 0, 1000, 18 * Ms},
            {21 * Ms, 1, WorkerState::Done, -1, 0, 1 * Ms, 18 * Ms},
            {21 * Ms, 0, WorkerState::Done, -1, -1, -1, -1}};
        const DrawnLanes lanes = drawLanes(changes, {RecordedLane{}, RecordedLane{}}, 21 * Ms);
        const auto ms = timeIn(lanes, 1, 21 * Ms);
        QCOMPARE(ms.at(WorkerState::Spawning), 1.0);
        QCOMPARE(ms.at(WorkerState::WaitingGil), 19.0);
    }

    void cpuWhileWaitingIsDrawnWithoutTheGil()
    {
        // 2 ms running, then 8 ms waiting for the GIL another thread holds, and 3 ms of CPU
        // over both: 2 ms running, 1 ms on a CPU without the GIL at the end of the wait (taking
        // the GIL back).
        const std::vector<RecordedChange> changes{
            {0, 0, WorkerState::Running, -1, 0, 0, 0},
            {2 * Ms, 0, WorkerState::WaitingGil, -1, -1, -1, -1},
            {2 * Ms, 1, WorkerState::Running, -1, -1, -1, -1},
            {10 * Ms, 1, WorkerState::Done, -1, -1, -1, -1},
            {10 * Ms, 0, WorkerState::Running, -1, 0, 3 * Ms, 0},
            {11 * Ms, 0, WorkerState::Done, -1, 0, 4 * Ms, 0}};
        const DrawnLanes drawn = drawLanes(changes, {RecordedLane{}, RecordedLane{}}, 11 * Ms);
        const auto ms = timeIn(drawn, 0, 11 * Ms);
        QCOMPARE(ms.at(WorkerState::Running), 3.0);
        QCOMPARE(ms.at(WorkerState::WaitingGil), 7.0);
        QCOMPARE(ms.at(WorkerState::CpuNoGil), 1.0);
        const auto states = statesOf(drawn, 0);
        QCOMPARE(std::get<1>(states[2]), WorkerState::CpuNoGil);
        QCOMPARE(std::get<0>(states[2]), 9 * Ms);
    }

    void computingWithoutTheGilOffACpuWaitsForOne()
    {
        // 10 ms running, then 40 ms drawn computing without the GIL (the recorder's look), but
        // the kernel counts 10 + 20 ms on a CPU and 20 ms on the run queue: the last 20 ms of
        // it the thread waited for a core, without the GIL.
        const std::vector<RecordedChange> changes{
            {0, 0, WorkerState::Running, -1, 1, 0, 0},
            {10 * Ms, 0, WorkerState::CpuNoGil, -1, -1, -1, -1},
            {50 * Ms, 0, WorkerState::Done, -1, 1, 30 * Ms, 20 * Ms}};
        const DrawnLanes drawn = drawLanes(changes, {RecordedLane{}}, 50 * Ms);
        const auto ms = timeIn(drawn, 0, 50 * Ms);
        QCOMPARE(ms.at(WorkerState::Running), 10.0);
        QCOMPARE(ms.at(WorkerState::CpuNoGil), 20.0);
        QCOMPARE(ms.at(WorkerState::WaitingCpu), 20.0);
        QVERIFY(!onCpu(WorkerState::WaitingCpu));
        QVERIFY(!holdsGil(WorkerState::WaitingCpu));
        for (const auto &[t, state, core] : statesOf(drawn, 0)) {
            if (state == WorkerState::WaitingCpu)
                QCOMPARE(core, -1);
        }
    }

    void aTaskLaneIsItsThreadsTurns()
    {
        // The thread runs, blocks in a call 5..8 ms, runs; the task's turn is 4..9 ms: its lane
        // runs, blocks with the thread, runs, then is idle; on no core of its own.
        const std::vector<RecordedChange> changes{
            {0, 0, WorkerState::Running, -1, 1, 0, 0},
            {4 * Ms, 1, WorkerState::Running, -1, -1, -1, -1},
            {5 * Ms, 0, WorkerState::BlockedIo, 7, -1, -1, -1},
            {8 * Ms, 0, WorkerState::Running, -1, 1, 5 * Ms, 0},
            {9 * Ms, 1, WorkerState::Idle, -1, -1, -1, -1},
            {12 * Ms, 0, WorkerState::Done, -1, 1, 9 * Ms, 0}};
        RecordedLane task;
        task.task = true;
        task.thread = 0;
        const DrawnLanes drawn = drawLanes(changes, {RecordedLane{}, task}, 12 * Ms);
        const auto states = statesOf(drawn, 1);
        QCOMPARE(states.size(), std::size_t(4));
        QCOMPARE(states[0], std::make_tuple(4 * Ms, WorkerState::Running, -1));
        QCOMPARE(states[1], std::make_tuple(5 * Ms, WorkerState::BlockedIo, -1));
        QCOMPARE(states[2], std::make_tuple(8 * Ms, WorkerState::Running, -1));
        QCOMPARE(states[3], std::make_tuple(9 * Ms, WorkerState::Idle, -1));
        for (std::size_t i = 0; i < drawn.events.size(); ++i) {
            if (drawn.events[i].worker == 1 && drawn.events[i].state == WorkerState::BlockedIo)
                QCOMPARE(drawn.callOf[i], 7); // the thread's call, named on the task too
        }
    }

    void aCoreIsNeverDrawnUnderTwoThreads()
    {
        // A is seen on core 1 at 0 and runs to 10 ms; B (another process) is seen on core 1 at
        // 5 ms: A had left core 1 by then, when is not known. A keeps core 1 until 5, then is
        // drawn running on no known core; B has core 1.
        const std::vector<RecordedChange> changes{
            {0, 0, WorkerState::Running, -1, 0, 0, 0},
            {5 * Ms, 1, WorkerState::Running, -1, 0, 0, 0},
            {10 * Ms, 0, WorkerState::Done, -1, 1, 10 * Ms, 0},
            {10 * Ms, 1, WorkerState::Done, -1, 0, 5 * Ms, 0}};
        RecordedLane other;
        other.process = 1;
        const DrawnLanes drawn = drawLanes(changes, {RecordedLane{}, other}, 10 * Ms);
        const auto a = statesOf(drawn, 0);
        QCOMPARE(a[0], std::make_tuple(std::int64_t(0), WorkerState::Running, 0));
        QCOMPARE(a[1], std::make_tuple(5 * Ms, WorkerState::Running, -1));
        RunRecord run;
        run.options.model = Model::Gil;
        run.options.workers = 2;
        run.laneNames = {QStringLiteral("A"), QStringLiteral("B")};
        run.laneProcess = {0, 1};
        run.events = drawn.events;
        run.wallMs = 10;
        const Timeline t = Timeline::build(run);
        for (const Segment &x : t.segments) {
            for (const Segment &y : t.segments) {
                if (x.lane != y.lane && x.cpu >= 0 && x.cpu == y.cpu
                    && x.state == WorkerState::Running && y.state == WorkerState::Running)
                    QVERIFY(x.end <= y.start || y.end <= x.start);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestPythonLanes)
#include "tst_pythonlanes.moc"
