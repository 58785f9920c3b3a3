// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The processes a learner's program starts, traced by the real curtain-runner: children of every
// start method (fork, spawn, forkserver) and python3 programs started with subprocess record
// into the run's recording on the same clock, each a process of its own with its lanes and its
// GIL, the program's output is python3's; and every one of them ends with the run.
#include "../support/pythonrecording.h"
#include "../support/tracedrun.h"

#include <pyrunner/runnerclient.h>
#include <scheduler/pythontrace.h>
#include <scheduler/timeline.h>

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <csignal>

using namespace Scheduler;

namespace {

/** A pool of two workers started with METHOD, computing four counts. */
QByteArray poolProgram(const QString &method)
{
    // Each worker waits for the other at its start: on a busy machine one worker could
    // otherwise take every task before the second has started.
    return "import multiprocessing as mp\n"
           "def count(n):\n"
           "    total = 0\n"
           "    for i in range(n):\n"
           "        total += i * i\n"
           "    return total\n"
           "def meet(barrier):\n"
           "    barrier.wait()\n"
           "if __name__ == '__main__':\n"
           "    mp.set_start_method('"
           + method.toUtf8()
           + "')\n"
             "    barrier = mp.Barrier(2)\n"
             "    with mp.Pool(2, initializer=meet, initargs=(barrier,)) as pool:\n"
             "        print(pool.map(count, [100_000] * 4))\n";
}

QString python3Output(const QString &path, const QStringList &args = {})
{
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"), QStringList{path} + args);
    python.waitForFinished(60000);
    return QString::fromUtf8(python.readAllStandardOutput());
}

/** Whether process PID is gone (not even a zombie left unreaped). */
bool gone(int pid)
{
    return ::kill(pid, 0) != 0 && errno == ESRCH;
}

} // namespace

class TestPythonChildren : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<PyRunner::RunnerClient> m_runner;
    QTemporaryDir m_dir;

    /** Writes SOURCE to NAME in the test's folder (a spawned child imports it from there). */
    QString write(const QString &name, const QByteArray &source)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(source) != source.size())
            return {};
        return path;
    }

    std::optional<PythonTrace>
    run(const QString &path, TracedRun *raw, const QJsonObject &env = {}, int timeoutMs = 30000)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return std::nullopt;
        PyRunner::RunRequest request;
        request.source = file.readAll();
        request.filename = path;
        request.mode = Protocol::Mode::Threads;
        request.timeoutMs = timeoutMs;
        request.env = env;
        *raw = TracedRun(m_runner->runAndWait(request));
        QString error;
        std::optional<PythonTrace> trace = PythonTrace::fromRunner(raw->threadsResult(), &error);
        if (!trace)
            qWarning() << "no threads:" << error << raw->error.value_or(QJsonObject());
        return trace;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_runner = std::make_unique<PyRunner::RunnerClient>(QStringLiteral(CURTAIN_RUNNER));
    }

    void everyStartMethodIsTraced_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("how");    // how the pool's workers came to be
        QTest::addColumn<QString>("worker"); // their names
        QTest::newRow("fork") << "fork"
                              << "fork"
                              << "ForkPoolWorker";
        QTest::newRow("spawn") << "spawn"
                               << "spawn"
                               << "SpawnPoolWorker";
        // A fork server is spawned; it forks the workers.
        QTest::newRow("forkserver") << "forkserver"
                                    << "fork"
                                    << "ForkServerPoolWorker";
    }

    void everyStartMethodIsTraced()
    {
        QFETCH(QString, method);
        QFETCH(QString, how);
        QFETCH(QString, worker);
        const QString path = write(QStringLiteral("pool_%1.py").arg(method), poolProgram(method));
        TracedRun raw;
        const std::optional<PythonTrace> trace = run(path, &raw);
        QVERIFY(trace);
        QVERIFY2(
            !raw.error,
            qPrintable(
                raw.error.value_or(QJsonObject()).value(QStringLiteral("message")).toString()));
        QCOMPARE(raw.stdoutText, python3Output(path));
        QCOMPARE(trace->exclusivityViolation(), QString());
        QCOMPARE(trace->coreViolation(), QString());
        QCOMPARE(
            PythonRecording::chromeTraceProblem(*trace, QStringLiteral("pool_%1.py").arg(method)),
            QString());
        // The pool's two workers: processes of their own, started as the method starts them,
        // with their own pid, running Python (their own GIL's holder).
        const Timeline t = Timeline::build(trace->run);
        int workers = 0;
        for (int p = 1; p < int(trace->processes.size()); ++p) {
            const PythonTrace::Process &process = trace->processes[std::size_t(p)];
            if (!process.name.startsWith(worker))
                continue;
            ++workers;
            QCOMPARE(process.how, how);
            QVERIFY(process.pid > 0 && process.pid != trace->processes.front().pid);
            bool held = false;
            for (const Segment &g : t.gilSegments)
                held |= trace->processOf(g.lane) == p;
            QVERIFY2(held, qPrintable(process.name));
        }
        QCOMPARE(workers, 2);
        if (method == QLatin1String("forkserver")) {
            bool server = false;
            for (const PythonTrace::Process &p : trace->processes)
                server |= p.how == QLatin1String("forkserver");
            QVERIFY(server);
        }
        if (method == QLatin1String("spawn")) {
            // A fresh interpreter is drawn from the moment its parent started it.
            for (int lane = 0; lane < trace->lanes.size(); ++lane) {
                if (!trace->lanes.at(lane).startsWith(worker))
                    continue;
                const Segment *first = nullptr;
                for (const Segment &s : t.segments) {
                    if (s.lane == lane && (!first || s.start < first->start))
                        first = &s;
                }
                QVERIFY(first && first->state == WorkerState::Spawning);
            }
        }
    }

    void aPython3SubprocessIsTraced()
    {
        // python3 started with subprocess: a process of its own, named after what it runs, its
        // threads on lanes of their own; its output comes back through the pipe as it would.
        const QString worker = write(QStringLiteral("worker.py"),
                                     "import threading\n"
                                     "def spin():\n"
                                     "    total = 0\n"
                                     "    for i in range(200_000):\n"
                                     "        total += i\n"
                                     "t = threading.Thread(target=spin)\n"
                                     "t.start()\n"
                                     "t.join()\n"
                                     "print('worker done')\n");
        const QString path = write(QStringLiteral("starter.py"),
                                   "import subprocess, sys\n"
                                   "out = subprocess.run([sys.executable, '"
                                       + worker.toUtf8()
                                       + "'], capture_output=True, text=True)\n"
                                         "print(out.stdout.strip(), out.returncode)\n"
                                         "out = subprocess.run(['python3', '-c', 'print(6 * 7)'],"
                                         " capture_output=True, text=True)\n"
                                         "print(out.stdout.strip())\n");
        TracedRun raw;
        const std::optional<PythonTrace> trace = run(path, &raw);
        QVERIFY(trace);
        QCOMPARE(raw.stdoutText, python3Output(path));
        QCOMPARE(raw.stdoutText, QStringLiteral("worker done 0\n42\n"));
        QCOMPARE(trace->exclusivityViolation(), QString());
        QCOMPARE(PythonRecording::chromeTraceProblem(*trace, QStringLiteral("starter.py")),
                 QString());
        int child = -1;
        int command = -1;
        for (int p = 0; p < int(trace->processes.size()); ++p) {
            if (trace->processes[std::size_t(p)].name == QLatin1String("python3 worker.py"))
                child = p;
            if (trace->processes[std::size_t(p)].name == QLatin1String("python3 -c"))
                command = p;
        }
        QVERIFY(child > 0 && command > 0);
        QCOMPARE(trace->processes[std::size_t(child)].how, QStringLiteral("subprocess"));
        QCOMPARE(trace->processes[std::size_t(child)].parent, 0);
        const std::vector<PythonTrace::Totals> totals = trace->totals();
        int threads = 0;
        for (const int lane : trace->threadLanes()) {
            if (trace->processOf(lane) != child)
                continue;
            ++threads;
            if (trace->lanes.at(lane).startsWith(QStringLiteral("Thread-1")))
                QVERIFY(totals[std::size_t(lane)].runningMs > 0);
        }
        QCOMPARE(threads, 2); // its MainThread and its Thread-1
    }

    void everyChildEndsWithTheRun()
    {
        // A spawned child and a python3 subprocess that would sleep for ever: the run stops at
        // its time limit, and neither outlives it.
        const QString pids = m_dir.filePath(QStringLiteral("pids.txt"));
        const QString path = write(
            QStringLiteral("forever.py"),
            "import multiprocessing as mp, os, subprocess, sys, time\n"
            "if __name__ == '__main__':\n"
            "    mp.set_start_method('spawn')\n"
            "    child = mp.Process(target=time.sleep, args=(1000,))\n"
            "    child.start()\n"
            "    sub = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(1000)'])\n"
            "    with open('"
                + pids.toUtf8()
                + "', 'w') as f:\n"
                  "        f.write('%d %d\\n' % (child.pid, sub.pid))\n"
                  "    child.join()\n");
        TracedRun raw;
        run(path, &raw, {}, 2000);
        QVERIFY(raw.error);
        QFile file(pids);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> numbers = file.readAll().trimmed().split(' ');
        QCOMPARE(numbers.size(), 2);
        for (const QByteArray &number : numbers)
            QVERIFY2(gone(number.toInt()), number.constData());
    }
};

QTEST_GUILESS_MAIN(TestPythonChildren)
#include "tst_pythonchildren.moc"
