// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include <scheduler/gil.h>
#include <scheduler/recorder.h>
#include <scheduler/work.h>

#include <QTest>

#include <thread>

using namespace Scheduler;

using namespace std::chrono_literals;

class TestGil : public QObject
{
    Q_OBJECT

private slots:
    void oneThreadNeverHandsOff()
    {
        Recorder recorder(1, true);
        Gil gil(5ms, recorder);
        for (int i = 0; i < 10; ++i) {
            gil.take(0);
            QCOMPARE(gil.holder(), 0);
            gil.checkpoint(0); // nobody asked: no switch
            gil.drop(0, WorkerState::Idle);
            QCOMPARE(gil.holder(), -1);
        }
        QCOMPARE(gil.handoffs(), 0);
        QCOMPARE(gil.waitNs(), 0);
    }

    void aWaiterAsksAfterTheIntervalAndGetsIt()
    {
        Recorder recorder(2, true);
        Gil gil(2ms, recorder);
        gil.take(0);
        std::atomic<bool> taken{false};
        std::thread waiter([&] {
            gil.take(1);
            taken = true;
            gil.drop(1, WorkerState::Done);
        });
        // The holder computes and checks in; the drop request only comes after the interval.
        QTRY_VERIFY_WITH_TIMEOUT(gil.dropRequested(), 2000);
        QVERIFY(!taken);
        gil.checkpoint(0); // forced switch: waits until the waiter has the GIL, then takes it back
        waiter.join();
        QVERIFY(taken);
        QCOMPARE(gil.holder(), 0);
        QVERIFY(gil.handoffs() >= 2); // 0 -> 1 -> 0
        gil.drop(0, WorkerState::Done);

        // The waiter's wait was recorded, naming the holder it waited for.
        bool sawWait = false;
        for (const WorkerEvent &e : recorder.merged())
            sawWait |= e.worker == 1 && e.state == WorkerState::WaitingGil && e.other == 0;
        QVERIFY(sawWait);
    }

    void twoComputingThreadsTakeTurns()
    {
        Recorder recorder(2, false);
        Gil gil(1ms, recorder);
        auto worker = [&](int w) {
            gil.take(w);
            for (int i = 0; i < 400; ++i) {
                Work::spin(Work::iterationsPerMs() / 20, 1); // ~50 us between check points
                gil.checkpoint(w);
            }
            gil.drop(w, WorkerState::Done);
        };
        std::thread a(worker, 0);
        std::thread b(worker, 1);
        a.join();
        b.join();
        QVERIFY2(gil.handoffs() >= 4, qPrintable(QString::number(gil.handoffs())));
        QVERIFY(gil.waitNs() > 0);
    }

    // The recording alone must show one holder at a time, however the threads interleave: every
    // "running" is recorded as the GIL is taken and every next state as it is dropped, under the
    // GIL's own lock.
    void theRecordingShowsOneHolderAtEveryInstant()
    {
        constexpr int workers = 4;
        Recorder recorder(workers, true);
        Gil gil(1ms, recorder);
        auto worker = [&](int w) {
            gil.take(w);
            for (int i = 0; i < 200; ++i) {
                Work::spin(Work::iterationsPerMs() / 50, 1);
                gil.checkpoint(w);
                if (i % 25 == 0) { // a short blocking call now and then
                    gil.drop(w, WorkerState::BlockedIo);
                    gil.take(w);
                }
            }
            gil.drop(w, WorkerState::Done);
        };
        std::vector<std::thread> threads;
        for (int w = 0; w < workers; ++w)
            threads.emplace_back(worker, w);
        for (auto &t : threads)
            t.join();
        int running = 0;
        int maxRunning = 0;
        std::vector<bool> isRunning(workers, false);
        for (const WorkerEvent &e : recorder.merged()) {
            const bool now = e.state == WorkerState::Running;
            running += int(now) - int(isRunning[std::size_t(e.worker)]);
            isRunning[std::size_t(e.worker)] = now;
            maxRunning = std::max(maxRunning, running);
        }
        QCOMPARE(maxRunning, 1);
        QVERIFY(gil.handoffs() > 0);
    }

    void waitingAfterAForcedDropCounts()
    {
        Recorder recorder(2, true);
        Gil gil(1ms, recorder);
        gil.take(0);
        std::thread waiter([&] {
            gil.take(1);            // asks for a drop after 1 ms
            Work::blockingWait(20); // keeps it for 20 ms, the first holder waiting all along
            gil.drop(1, WorkerState::Done);
        });
        QTRY_VERIFY_WITH_TIMEOUT(gil.dropRequested(), 2000);
        const std::int64_t before = gil.waitNs();
        gil.checkpoint(0); // forced: from here worker 0 waits until worker 1 lets go
        waiter.join();
        // At least the 20 ms worker 1 held it is worker 0's wait, not only the wait in take().
        QVERIFY2(gil.waitNs() - before >= 20000000,
                 qPrintable(QString::number(double(gil.waitNs() - before) / 1e6)));
        gil.drop(0, WorkerState::Done);
    }

    void recorderMergesInTimeOrder()
    {
        Recorder recorder(2, true);
        recorder.record(1, WorkerState::Running);
        recorder.record(0, WorkerState::BlockedIo);
        recorder.append(1, {{1, 99, WorkerState::Encoding, 0, -1, -1}});
        const auto merged = recorder.merged();
        QCOMPARE(merged.size(), std::size_t(3));
        QCOMPARE(merged.front().state, WorkerState::Encoding); // t = 1 comes first
        QCOMPARE(merged.front().worker, 1);                    // appended events take the lane
        QVERIFY(std::is_sorted(
            merged.begin(), merged.end(), [](const auto &a, const auto &b) { return a.t < b.t; }));
        Recorder off(1, false);
        off.record(0, WorkerState::Running);
        QCOMPARE(off.count(), std::size_t(0));
    }
};

QTEST_GUILESS_MAIN(TestGil)
#include "tst_gil.moc"
