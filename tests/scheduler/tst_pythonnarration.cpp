// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// What a learner reads about a Python run, on runs made by hand: each process computing with its
// own GIL (a child never "holds the GIL" of the program), the replay's tokens per process, a
// task's turn and a task that blocks its loop, a thread preempted while it holds the GIL, the run
// in one line, and which package a lesson's missing library is in.
#include <kit/packages.h>
#include <scheduler/pythonnarration.h>
#include <scheduler/pythontrace.h>
#include <scheduler/timeline.h>

#include <QTest>

using namespace Scheduler;

namespace {

constexpr std::int64_t Ms = 1000000;

/** A program (MainThread, blocked) and two forked workers computing on cores 1 and 2. */
RunRecord pool()
{
    RunRecord run;
    run.options.model = Model::Gil;
    run.options.workers = 3;
    run.wallMs = 10;
    run.cores = 2;
    run.program = QStringLiteral("pool.py in CPython 3.11.2");
    run.laneNames = {QStringLiteral("MainThread"),
                     QStringLiteral("ForkPoolWorker-1"),
                     QStringLiteral("ForkPoolWorker-2")};
    run.laneProcess = {0, 1, 2};
    run.laneThread = {-1, -1, -1};
    run.processes = {{QStringLiteral("pool.py"), 10},
                     {QStringLiteral("ForkPoolWorker-1"), 11},
                     {QStringLiteral("ForkPoolWorker-2"), 12}};
    run.events = {{0, 0, WorkerState::BlockedIo, 0, -1, -1},
                  {1 * Ms, 1, WorkerState::Running, 0, 0, -1},
                  {1 * Ms, 2, WorkerState::Running, 0, 1, -1},
                  {9 * Ms, 1, WorkerState::Done, 0, -1, -1},
                  {9 * Ms, 2, WorkerState::Done, 0, -1, -1}};
    return run;
}

} // namespace

class TestPythonNarration : public QObject
{
    Q_OBJECT

private slots:
    void eachProcessComputesWithItsOwnGil()
    {
        const Timeline t = Timeline::build(pool());
        const QString text = t.narrate(5 * Ms);
        QVERIFY2(text.contains(QStringLiteral(
                     "ForkPoolWorker-1 (on core 1) is computing (holding ForkPoolWorker-1's GIL)")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("holding ForkPoolWorker-2's GIL")), qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("pool.py's GIL)")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("MainThread is blocked")), qPrintable(text));
        // Each process's GIL row holds its own thread; the program's GIL is nobody's.
        for (const Segment &g : t.gilSegments)
            QCOMPARE(t.processOf(g.lane), g.lane);
        const ReplayFrame frame = ReplayFrame::at(t, 5 * Ms);
        QCOMPARE(frame.gilHolders, (std::vector<int>{-1, 1, 2}));
        QCOMPARE(frame.gilHolder, -1);
        QCOMPARE(frame.cores, (std::vector<int>{1, 2}));
    }

    void theLanesAreDrawnProcessByProcess()
    {
        RunRecord run = pool();
        // A task of the program's MainThread, made after the workers: drawn under its thread.
        run.options.workers = 4;
        run.laneNames.push_back(QStringLiteral("task main()"));
        run.laneProcess.push_back(0);
        run.laneThread.push_back(0);
        const Timeline t = Timeline::build(run);
        QCOMPARE(t.laneOrder(), (std::vector<int>{0, 3, 1, 2}));
        QCOMPARE(t.processCount(), 3);
        QCOMPARE(t.processName(1), QStringLiteral("ForkPoolWorker-1"));
    }

    void aTaskHasItsThreadsTurn()
    {
        RunRecord run;
        run.options.model = Model::Gil;
        run.options.workers = 3;
        run.wallMs = 10;
        run.laneNames = {QStringLiteral("MainThread (event loop)"),
                         QStringLiteral("task polite()"),
                         QStringLiteral("task rude()")};
        run.laneProcess = {0, 0, 0};
        run.laneThread = {-1, 0, 0};
        run.events = {{0, 0, WorkerState::Running, 0, 0, -1},
                      {0, 1, WorkerState::Running, 0, -1, -1},
                      {2 * Ms, 1, WorkerState::Idle, 0, -1, -1},
                      {2 * Ms, 2, WorkerState::Running, 0, -1, -1},
                      {3 * Ms, 0, WorkerState::BlockedIo, 0, -1, -1},
                      {3 * Ms, 2, WorkerState::BlockedIo, 0, -1, -1}};
        const Timeline t = Timeline::build(run);
        QVERIFY2(
            t.narrate(Ms).contains(QStringLiteral("Task polite() has its turn on MainThread.")),
            qPrintable(t.narrate(Ms)));
        const QString blocked = t.narrate(5 * Ms);
        QVERIFY2(blocked.contains(QStringLiteral("Task rude() has its turn and blocks MainThread")),
                 qPrintable(blocked));
        // The thread holds the GIL while a task runs; the task holds nothing of its own.
        for (const Segment &g : t.gilSegments)
            QCOMPARE(g.lane, 0);
        QCOMPARE(ReplayFrame::at(t, Ms).turns, std::vector<int>{1});
    }

    void aPreemptedThreadStillHoldsTheGil()
    {
        RunRecord run;
        run.options.model = Model::Gil;
        run.options.workers = 2;
        run.wallMs = 10;
        run.laneNames = {QStringLiteral("Thread-1"), QStringLiteral("Thread-2")};
        run.laneProcess = {0, 0};
        run.laneThread = {-1, -1};
        run.events = {{0, 0, WorkerState::Running, 0, 0, -1},
                      {0, 1, WorkerState::WaitingGil, 0, -1, -1},
                      {4 * Ms, 0, WorkerState::Preempted, 0, -1, -1}};
        const Timeline t = Timeline::build(run);
        const QString text = t.narrate(6 * Ms);
        QVERIFY2(text.contains(QStringLiteral("Thread-1 holds the GIL but has no core")),
                 qPrintable(text));
        QCOMPARE(t.gilSegments.size(), std::size_t(2)); // running, then preempted: held all along
        QCOMPARE(ReplayFrame::at(t, 6 * Ms).preempted, std::vector<int>{0});
    }

    void aMissingLibraryNamesItsPackage()
    {
        QCOMPARE(Kit::debianPackageFor(QStringLiteral("No module named 'gevent'")),
                 QStringLiteral("python3-gevent"));
        QCOMPARE(Kit::debianPackageFor(QStringLiteral("No module named 'numpy'")), QString());
        const QString advice = missingLibraryAdvice(QStringLiteral("ModuleNotFoundError"),
                                                    QStringLiteral("No module named 'gevent'"));
        QVERIFY2(advice.contains(QStringLiteral("sudo apt install python3-gevent")),
                 qPrintable(advice));
        QCOMPARE(missingLibraryAdvice(QStringLiteral("ValueError"),
                                      QStringLiteral("No module named 'gevent'")),
                 QString());
    }

    void theRunInOneLine()
    {
        PythonTrace trace;
        trace.run = pool();
        trace.lanes = {QStringLiteral("MainThread"),
                       QStringLiteral("ForkPoolWorker-1"),
                       QStringLiteral("ForkPoolWorker-2")};
        trace.processes.resize(3);
        trace.run.gilHandoffs = 0;
        QCOMPARE(runSummary(trace),
                 QStringLiteral("3 threads in 3 processes; 0 GIL hand-offs between threads (each "
                                "process has its own GIL)."));
    }
};

QTEST_GUILESS_MAIN(TestPythonNarration)
#include "tst_pythonnarration.moc"
