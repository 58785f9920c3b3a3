// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// A learner's own threaded Python, traced by the real curtain-runner in the real CPython: what
// each lesson must show (alternation, release in sleep, the convoy, lock waits, the event loop's
// select and a blocking call), the GIL held by one thread at a time at every instant, CPU time
// never drawn as waiting, output equal to python3's, the caps; and the reading of the runner's
// answer.
#include "../support/tracedrun.h"
#include <scheduler/pythontrace.h>

#include <pyrunner/runnerclient.h>
#include <scheduler/timeline.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Scheduler;

namespace {

QByteArray lesson(const QString &name)
{
    QFile file(QStringLiteral(CURTAIN_THREAD_LESSONS) + QLatin1Char('/') + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString python3Output(const QString &name)
{
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral(CURTAIN_THREAD_LESSONS) + QLatin1Char('/') + name});
    python.waitForFinished(60000);
    return QString::fromUtf8(python.readAllStandardOutput());
}

std::vector<Segment> segmentsOf(const Timeline &t, int lane, WorkerState state)
{
    std::vector<Segment> found;
    for (const Segment &s : t.segments) {
        if (s.lane == lane && s.state == state)
            found.push_back(s);
    }
    return found;
}

int laneNamed(const PythonTrace &trace, const QString &prefix)
{
    for (int lane = 0; lane < trace.threads.size(); ++lane) {
        if (trace.threads.at(lane).startsWith(prefix))
            return lane;
    }
    return -1;
}

} // namespace

class TestPythonTrace : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<PyRunner::RunnerClient> m_runner;

    std::optional<PythonTrace> run(const QByteArray &source,
                                   TracedRun *raw = nullptr,
                                   int maxChanges = 500000,
                                   int timeoutMs = 20000,
                                   const QString &file = {})
    {
        PyRunner::RunRequest request;
        request.source = source;
        request.filename = file.isEmpty() ? QStringLiteral("program.py") : file;
        if (!file.isEmpty()) {
            QFile out(file);
            if (!out.open(QIODevice::WriteOnly) || out.write(source) != source.size())
                return std::nullopt;
        }
        request.mode = PyRunner::Mode::Threads;
        request.timeoutMs = timeoutMs;
        request.threads.maxChanges = maxChanges;
        const TracedRun trace = TracedRun(m_runner->runAndWait(request));
        if (raw)
            *raw = trace;
        QString error;
        std::optional<PythonTrace> threads = PythonTrace::fromRunner(trace.threads, &error);
        if (!threads)
            qWarning() << "no threads:" << error << trace.error.value_or(QJsonObject());
        return threads;
    }

private slots:
    void initTestCase()
    {
        m_runner = std::make_unique<PyRunner::RunnerClient>(QStringLiteral(CURTAIN_RUNNER));
    }

    void everyLessonRunsAsUnderPython3_data()
    {
        QTest::addColumn<QString>("name");
        const QStringList lessons
            = QDir(QStringLiteral(CURTAIN_THREAD_LESSONS))
                  .entryList({QStringLiteral("*.py")}, QDir::Files, QDir::Name);
        QVERIFY(lessons.size() >= 5);
        for (const QString &name : lessons)
            QTest::newRow(qPrintable(name)) << name;
    }

    void everyLessonRunsAsUnderPython3()
    {
        // The program's output is python3's, no error, and at no instant two threads hold the
        // GIL.
        QFETCH(QString, name);
        TracedRun raw;
        const std::optional<PythonTrace> trace = run(lesson(name), &raw);
        QVERIFY(trace);
        QVERIFY2(
            !raw.error,
            qPrintable(
                raw.error.value_or(QJsonObject()).value(QStringLiteral("message")).toString()));
        QCOMPARE(raw.stdoutText, python3Output(name));
        QCOMPARE(trace->exclusivityViolation(), QString());
        QVERIFY(!trace->capped);
        QVERIFY(trace->threads.first().startsWith(QStringLiteral("MainThread")));
        // A thread drawn waiting for the GIL was not computing: its CPU time fits in the time
        // drawn as running (with room for what the kernel spends handing the GIL over).
        const std::vector<PythonTrace::Totals> totals = trace->totals();
        for (int lane = 0; lane < trace->threads.size(); ++lane) {
            const double cpu = trace->cpuMs[std::size_t(lane)];
            // Threads that mostly wait (a lock convoy, short sleeps) spend their few
            // milliseconds of CPU in the kernel, handing the GIL and locks over: not Python.
            if (cpu < 20 || name.startsWith(QLatin1String("04")))
                continue;
            QVERIFY2(cpu <= totals[std::size_t(lane)].runningMs * 1.1 + 2.0,
                     qPrintable(QStringLiteral("%1: %2 ms of CPU, %3 ms drawn running")
                                    .arg(trace->threads.at(lane))
                                    .arg(cpu)
                                    .arg(totals[std::size_t(lane)].runningMs)));
        }
    }

    void twoCpuThreadsTakeTurnsOneIntervalAtATime()
    {
        // Each waits for the GIL while the other runs, again and again, and how long a turn
        // lasts is the switch interval's doing: twenty times the interval, far longer turns. (The
        // turns' length in milliseconds is the benchmark's to report: a busy machine stretches
        // it.)
        std::vector<double> medians;
        for (const double intervalMs : {1.0, 20.0}) {
            PyRunner::RunRequest request;
            request.source = lesson(QStringLiteral("01_two_threads_computing.py"));
            request.filename = QStringLiteral("program.py");
            request.mode = PyRunner::Mode::Threads;
            request.timeoutMs = 20000;
            request.threads.switchIntervalMs = intervalMs;
            const TracedRun raw = TracedRun(m_runner->runAndWait(request));
            QString error;
            const std::optional<PythonTrace> trace = PythonTrace::fromRunner(raw.threads, &error);
            QVERIFY2(trace, qPrintable(error));
            const Timeline t = Timeline::build(trace->run);
            const int a = laneNamed(*trace, QStringLiteral("Thread-1"));
            const int b = laneNamed(*trace, QStringLiteral("Thread-2"));
            QVERIFY(a > 0 && b > 0);
            QVERIFY(segmentsOf(t, a, WorkerState::WaitingGil).size() >= 2);
            QVERIFY(segmentsOf(t, b, WorkerState::WaitingGil).size() >= 2);
            const std::int64_t bothFrom
                = std::max(segmentsOf(t, a, WorkerState::Running).front().start,
                           segmentsOf(t, b, WorkerState::Running).front().start);
            const std::int64_t bothTo = std::min(segmentsOf(t, a, WorkerState::Running).back().end,
                                                 segmentsOf(t, b, WorkerState::Running).back().end);
            std::vector<double> slices;
            for (int lane : {a, b}) {
                for (const Segment &s : segmentsOf(t, lane, WorkerState::Running)) {
                    if (s.start > bothFrom && s.end < bothTo)
                        slices.push_back(double(s.end - s.start) / 1e6);
                }
            }
            QVERIFY(slices.size() >= 2);
            std::sort(slices.begin(), slices.end());
            medians.push_back(slices[slices.size() / 2]);
        }
        QVERIFY2(medians[1] > 3 * medians[0],
                 qPrintable(QStringLiteral("turns of %1 ms at 1 ms, %2 ms at 20 ms")
                                .arg(medians[0])
                                .arg(medians[1])));
    }

    void sleepingThreadsAreReleasedAndOverlap()
    {
        const std::optional<PythonTrace> trace
            = run(lesson(QStringLiteral("02_threads_that_sleep.py")));
        QVERIFY(trace);
        const Timeline t = Timeline::build(trace->run);
        std::int64_t latestStart = 0;
        std::int64_t earliestEnd = std::numeric_limits<std::int64_t>::max();
        for (int lane = 1; lane < trace->threads.size(); ++lane) {
            const std::vector<Segment> sleeps = segmentsOf(t, lane, WorkerState::BlockedIo);
            QCOMPARE(sleeps.size(), std::size_t(4)); // twelve downloads, three threads
            latestStart = std::max(latestStart, sleeps.front().start);
            earliestEnd = std::min(earliestEnd, sleeps.front().end);
            // Never drawn as waiting for the GIL while it sleeps.
            for (const Segment &w : segmentsOf(t, lane, WorkerState::WaitingGil)) {
                for (const Segment &s : sleeps)
                    QVERIFY(w.end <= s.start || w.start >= s.end);
            }
        }
        QVERIFY2(latestStart < earliestEnd, "the threads' first sleeps do not overlap");
        bool named = false;
        for (const QString &call : trace->calls)
            named |= call == QLatin1String("time.sleep");
        QVERIFY(named);
    }

    void anIoThreadWaitsBehindTheComputingOne()
    {
        // The convoy: after a short sleep the I/O thread waits for the GIL the computer holds.
        const std::optional<PythonTrace> trace = run(lesson(QStringLiteral("03_convoy.py")));
        QVERIFY(trace);
        const Timeline t = Timeline::build(trace->run);
        const int poll = laneNamed(*trace, QStringLiteral("Thread-2"));
        QVERIFY(poll > 0);
        int afterSleep = 0;
        const std::vector<Segment> sleeps = segmentsOf(t, poll, WorkerState::BlockedIo);
        for (const Segment &w : segmentsOf(t, poll, WorkerState::WaitingGil)) {
            afterSleep += std::any_of(
                sleeps.begin(), sleeps.end(), [&](const Segment &s) { return s.end == w.start; });
        }
        QVERIFY2(afterSleep >= 5, qPrintable(QString::number(afterSleep)));
    }

    void threadsWaitForTheSharedLock()
    {
        const std::optional<PythonTrace> trace
            = run(lesson(QStringLiteral("04_shared_dict_lock.py")));
        QVERIFY(trace);
        const Timeline t = Timeline::build(trace->run);
        int waiting = 0;
        for (int lane = 1; lane < trace->threads.size(); ++lane)
            waiting += !segmentsOf(t, lane, WorkerState::WaitingLock).empty();
        QVERIFY(waiting >= 2);
    }

    void aBlockingCallStallsTheEventLoop()
    {
        // One lane per asyncio task: the polite ones take turns while the loop waits in its
        // selector; the rude one's time.sleep holds up the loop and every other task.
        TracedRun raw;
        const std::optional<PythonTrace> trace
            = run(lesson(QStringLiteral("05_asyncio_blocking_sleep.py")), &raw);
        QVERIFY(trace);
        QCOMPARE(trace->exclusivityViolation(), QString());
        QCOMPARE(trace->threads.first(), QStringLiteral("MainThread (event loop)"));
        const int a = laneNamed(*trace, QStringLiteral("task polite()"));
        const int b = laneNamed(*trace, QStringLiteral("task polite() #2"));
        const int rude = laneNamed(*trace, QStringLiteral("task rude()"));
        QVERIFY(a > 0 && b > 0 && rude > 0);
        const Timeline t = Timeline::build(trace->run);
        // Turns: a and b each resumed three times or more, one after the other.
        QVERIFY(segmentsOf(t, a, WorkerState::Running).size() >= 3);
        QVERIFY(segmentsOf(t, b, WorkerState::Running).size() >= 3);
        QStringList calls;
        for (const QJsonValue &v :
             trace->toJson(QStringLiteral("x")).value(QStringLiteral("released_in")).toArray())
            calls.append(v.toObject().value(QStringLiteral("call")).toString());
        QVERIFY2(calls.contains(QStringLiteral("select.epoll.poll")), qPrintable(calls.join(u',')));
        // The rude task's blocking sleep: 50 ms in which no other task and not the loop ran.
        const std::vector<Segment> sleeps = segmentsOf(t, rude, WorkerState::BlockedIo);
        QCOMPARE(sleeps.size(), std::size_t(1));
        const Segment &sleep = sleeps.front();
        QVERIFY(sleep.end - sleep.start >= 45000000);
        for (int lane = 0; lane < trace->threads.size(); ++lane) {
            if (lane == rude)
                continue;
            for (const Segment &s : segmentsOf(t, lane, WorkerState::Running))
                QVERIFY2(s.end <= sleep.start || s.start >= sleep.end,
                         qPrintable(trace->threads.at(lane)));
            for (const Segment &s : segmentsOf(t, lane, WorkerState::BlockedIo))
                QVERIFY(s.end <= sleep.start || s.start >= sleep.end); // the loop did not select
        }
    }

    void forkedProcessesAreTracedWithTheirPickles()
    {
        // multiprocessing (fork): the pool's worker processes have lanes of their own, each
        // process its own GIL, so two workers run Python at the same time; the tasks and
        // results between them are pickled and unpickled.
        const std::optional<PythonTrace> trace
            = run(lesson(QStringLiteral("06_multiprocessing_pickles.py")));
        QVERIFY(trace);
        QCOMPARE(trace->exclusivityViolation(), QString());
        QVERIFY(trace->processes >= 3);
        std::vector<int> workers;
        for (int lane = 0; lane < trace->threads.size(); ++lane) {
            if (trace->threads.at(lane).startsWith(QStringLiteral("ForkPoolWorker"))) {
                QVERIFY(trace->processOf(lane) > 0);
                workers.push_back(lane);
            }
        }
        QCOMPARE(workers.size(), std::size_t(2));
        const Timeline t = Timeline::build(trace->run);
        bool together = false;
        for (const Segment &a : segmentsOf(t, workers[0], WorkerState::Running)) {
            for (const Segment &b : segmentsOf(t, workers[1], WorkerState::Running))
                together |= a.start < b.end && b.start < a.end;
        }
        QVERIFY2(together, "the two worker processes never ran at the same time");
        // The GIL lane is the program's own process's: no worker process in it.
        for (const Segment &g : t.gilSegments)
            QCOMPARE(trace->processOf(g.lane), 0);
        int encoding = 0;
        int decoding = 0;
        for (const Segment &s : t.segments) {
            encoding += s.state == WorkerState::Encoding;
            decoding += s.state == WorkerState::Decoding;
        }
        QVERIFY(encoding >= 4); // four tasks sent, at least
        QVERIFY(decoding >= 4);
    }

    void spawnedProcessesAreNamedAsUntraced()
    {
        // A fresh interpreter runs no recorder: the run says so, and still runs as python3.
        // (A spawned child imports the program from its file, as under python3: it must exist.)
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("spawning.py"));
        TracedRun raw;
        const std::optional<PythonTrace> trace
            = run(QByteArrayLiteral("import multiprocessing as mp\n"
                                    "def double(x):\n"
                                    "    return 2 * x\n"
                                    "if __name__ == '__main__':\n"
                                    "    mp.set_start_method('spawn')\n"
                                    "    with mp.Pool(2) as pool:\n"
                                    "        print(pool.map(double, [1, 2]))\n"),
                  &raw,
                  500000,
                  20000,
                  path);
        QVERIFY(trace);
        QCOMPARE(raw.stdoutText, QStringLiteral("[2, 4]\n"));
        QCOMPARE(trace->notes.size(), 1);
        QVERIFY(trace->notes.first().contains(QStringLiteral("\"spawn\"")));
        QCOMPARE(trace->processes, 1);
    }

    void theCapEndsTheTraceNotTheProgram()
    {
        TracedRun raw;
        const std::optional<PythonTrace> trace
            = run(lesson(QStringLiteral("04_shared_dict_lock.py")), &raw, 50);
        QVERIFY(trace);
        QVERIFY(trace->capped);
        QVERIFY(trace->run.events.size() <= 50);
        QCOMPARE(raw.stdoutText, python3Output(QStringLiteral("04_shared_dict_lock.py")));
        QCOMPARE(trace->exclusivityViolation(), QString());
    }

    void aRunawayThreadIsStoppedAtTheTimeLimit()
    {
        TracedRun raw;
        const std::optional<PythonTrace> trace
            = run(QByteArrayLiteral("import threading\n"
                                    "def spin():\n"
                                    "    while True:\n"
                                    "        pass\n"
                                    "threading.Thread(target=spin).start()\n"),
                  &raw,
                  500000,
                  1000);
        QVERIFY(raw.error);
        QCOMPARE(raw.error->value(QStringLiteral("type")).toString(), QStringLiteral("Timeout"));
    }

    void theRunnersAnswerIsReadWithCare_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("problem");
        QTest::newRow("no threads") << QByteArray("{}") << QStringLiteral("no threads");
        QTest::newRow("unknown state")
            << QByteArray(R"({"lanes":[{"name":"MainThread"}],"changes":[[0,0,"dancing",-1,0]]})")
            << QStringLiteral("change 0");
        QTest::newRow("lane out of range")
            << QByteArray(R"({"lanes":[{"name":"MainThread"}],"changes":[[0,3,"running",-1,0]]})")
            << QStringLiteral("change 0");
    }

    void theRunnersAnswerIsReadWithCare()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, problem);
        QString error;
        QVERIFY(!PythonTrace::fromRunner(QJsonDocument::fromJson(json).object(), &error));
        QVERIFY2(error.contains(problem), qPrintable(error));
    }

    void exclusivityIsChecked()
    {
        // The check itself can fail: two threads made to run at once are caught.
        const QByteArray json = R"({"lanes":[{"name":"MainThread"},{"name":"T"}],
            "start_ns":0,"duration_ns":10,
            "changes":[[0,0,"running",-1,0],[5,1,"running",-1,1],[8,0,"done",-1,-1]]})";
        QString error;
        const std::optional<PythonTrace> trace
            = PythonTrace::fromRunner(QJsonDocument::fromJson(json).object(), &error);
        QVERIFY(trace);
        QVERIFY(trace->exclusivityViolation().contains(QStringLiteral("MainThread and T")));
    }
};

QTEST_GUILESS_MAIN(TestPythonTrace)
#include "tst_pythontrace.moc"
