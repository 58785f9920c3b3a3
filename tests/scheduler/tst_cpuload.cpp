// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// What other programs do to the machine: the arithmetic on two readings, and a real reading.

#include <scheduler/cpuload.h>
#include <scheduler/events.h>
#include <scheduler/work.h>

#include <QTest>

#include <unistd.h>

using namespace Scheduler;

class TestCpuLoad : public QObject
{
    Q_OBJECT

private slots:
    void othersAreTheMachineMinusUs()
    {
        const double msPerTick = 1000.0 / double(::sysconf(_SC_CLK_TCK));
        CpuLoad::Reading before;
        before.cores = {{0, 0}, {0, 0}};
        before.ns = 0;
        CpuLoad::Reading after;
        // 1 s: both cores fully busy; we used one core's worth.
        const auto ticks = (unsigned long long)(1000.0 / msPerTick);
        after.cores = {{ticks, ticks}, {ticks, ticks}};
        after.ownCpuMs = 1000;
        after.ns = 1000000000;
        QCOMPARE(CpuLoad::otherCores(before, after), 1.0);
        QCOMPARE(CpuLoad::busyPerCore(before, after), (std::vector<double>{1.0, 1.0}));
        after.ownCpuMs = 2000; // all of it ours
        QCOMPARE(CpuLoad::otherCores(before, after), 0.0);
        after.ownCpuMs = 3000; // more than the machine did (tick rounding): never negative
        QCOMPARE(CpuLoad::otherCores(before, after), 0.0);
    }

    void aRealReadingSeesOurOwnWork()
    {
        const CpuLoad::Reading before = CpuLoad::read();
        QVERIFY(!before.cores.empty());
        Work::spin(Work::iterationsPerMs() * 100, 1); // 100 ms of our own computing
        const CpuLoad::Reading after = CpuLoad::read();
        QVERIFY(after.ownCpuMs > before.ownCpuMs);
        QCOMPARE(CpuLoad::busyPerCore(before, after).size(), before.cores.size());
    }
};

QTEST_GUILESS_MAIN(TestCpuLoad)
#include "tst_cpuload.moc"
