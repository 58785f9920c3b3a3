// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The real curtain-runner with the real CPython: golden traces for every lesson, output equal to
// python3's, and every limit and fault the runner must survive.

#include "../support/processes.h"

#include "../support/tracedrun.h"

#include <pyrunner/runnerclient.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool Sanitized = true;
#else
constexpr bool Sanitized = false;
#endif

namespace {

/** The golden form of a step: kind, class, line and the details that say what CPython did. */
QString goldenLine(const RunStep &step)
{
    static const QHash<QString, QStringList> keys{
        {QStringLiteral("class_statement"), {QStringLiteral("name")}},
        {QStringLiteral("resolve_bases"), {QStringLiteral("resolved")}},
        {QStringLiteral("determine_metaclass"), {QStringLiteral("metaclass")}},
        {QStringLiteral("prepare_namespace"),
         {QStringLiteral("function"), QStringLiteral("namespace_type")}},
        {QStringLiteral("namespace_set"), {QStringLiteral("name"), QStringLiteral("implicit")}},
        {QStringLiteral("call_metaclass"),
         {QStringLiteral("metaclass"), QStringLiteral("explicit")}},
        {QStringLiteral("set_name"), {QStringLiteral("name"), QStringLiteral("descriptor")}},
        {QStringLiteral("class_created"), {QStringLiteral("mro"), QStringLiteral("metaclass")}},
        {QStringLiteral("bind_name"), {QStringLiteral("name")}},
        {QStringLiteral("error"), {QStringLiteral("type")}},
    };
    QStringList parts{step.kind, step.className, QString::number(step.line)};
    for (const QString &key : keys.value(step.kind, {QStringLiteral("function")})) {
        const QJsonValue value = step.detail.value(key);
        QString text;
        if (value.isArray()) {
            QStringList items;
            for (const QJsonValue &item : value.toArray())
                items.append(item.toString());
            text = items.join(QLatin1Char(','));
        } else if (value.isBool()) {
            text = value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        } else {
            text = value.toString();
        }
        parts.append(key + QLatin1Char('=') + text);
    }
    return parts.join(QLatin1Char(' '));
}

QStringList lessonFiles()
{
    return QDir(QStringLiteral(CURTAIN_LESSONS_DIR))
        .entryList({QStringLiteral("*.py")}, QDir::Files);
}

} // namespace

class TestRunnerClient : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<PyRunner::RunnerClient> m_client;
    QTemporaryDir m_dir;

    TracedRun traceSource(const QByteArray &source, int timeoutMs = 3000, int maxSteps = 20000)
    {
        PyRunner::RunRequest request;
        request.source = source;
        request.filename = m_dir.filePath(QStringLiteral("program.py"));
        request.timeoutMs = timeoutMs;
        request.classes.maxSteps = maxSteps;
        request.maxOutputChars = 4096;
        return TracedRun(m_client->runAndWait(request));
    }

    TracedRun traceLesson(const QString &name)
    {
        const QString path = QStringLiteral(CURTAIN_LESSONS_DIR "/") + name;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return TracedRun(PyRunner::RunResult::failure(QStringLiteral("TestSetup"), path));
        PyRunner::RunRequest request;
        request.source = file.readAll();
        request.filename = path;
        // A golden trace is about the steps, not the time: a library's imports under a
        // sanitizer on a busy machine take far longer than the app's 3 s.
        request.timeoutMs = 120000;
        return TracedRun(m_client->runAndWait(request));
    }

private slots:
    void initTestCase()
    {
        m_client = std::make_unique<PyRunner::RunnerClient>(QStringLiteral(CURTAIN_RUNNER));
    }
    void cleanupTestCase() { m_client.reset(); }

    void goldenTraces_data()
    {
        QTest::addColumn<QString>("lesson");
        for (const QString &lesson : lessonFiles())
            QTest::newRow(qPrintable(lesson)) << lesson;
    }

    void goldenTraces()
    {
        QFETCH(QString, lesson);
        const TracedRun trace = traceLesson(lesson);
        QStringList lines;
        for (const RunStep &step : trace.steps)
            lines.append(goldenLine(step));
        const QString goldenPath = QStringLiteral(CURTAIN_TEST_DATA_DIR "/classforge/golden/")
                                   + QFileInfo(lesson).completeBaseName() + QStringLiteral(".txt");
        if (qEnvironmentVariableIsSet("CURTAIN_UPDATE_GOLDEN")) {
            QFile out(goldenPath);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write(lines.join(QLatin1Char('\n')).toUtf8() + '\n');
        }
        QFile golden(goldenPath);
        QVERIFY2(golden.open(QIODevice::ReadOnly),
                 qPrintable(goldenPath + QStringLiteral(" missing")));
        const QStringList expected
            = QString::fromUtf8(golden.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (int i = 0; i < std::min(lines.size(), expected.size()); ++i)
            QCOMPARE(lines.at(i), expected.at(i));
        QCOMPARE(lines.size(), expected.size());
    }

    void outputEqualsPlainPython_data() { goldenTraces_data(); }

    void outputEqualsPlainPython()
    {
        QFETCH(QString, lesson);
        const QString path = QStringLiteral(CURTAIN_LESSONS_DIR "/") + lesson;
        QProcess python;
        python.start(QStringLiteral(CURTAIN_SYSTEM_PYTHON), {path});
        QVERIFY(python.waitForFinished(30000));
        const TracedRun trace = traceLesson(lesson);
        QCOMPARE(trace.stdoutText, QString::fromUtf8(python.readAllStandardOutput()));
        // A program that failed under python3 fails the same way here.
        const QString pythonError = QString::fromUtf8(python.readAllStandardError());
        if (python.exitCode() != 0) {
            QVERIFY(trace.error);
            const QString last = pythonError.trimmed().section(QLatin1Char('\n'), -1);
            QCOMPARE(last,
                     trace.errorType() + QStringLiteral(": ")
                         + trace.error->value(QStringLiteral("message")).toString());
        } else {
            QVERIFY2(!trace.error, qPrintable(trace.errorType()));
        }
    }

    void limitsAndFaults_data()
    {
        QTest::addColumn<QByteArray>("source");
        QTest::addColumn<QString>("errorType");
        QTest::addColumn<int>("line");
        QTest::newRow("infinite loop")
            << QByteArray("x = 0\nwhile True:\n    x += 1\n") << QStringLiteral("Timeout") << -1;
        QTest::newRow("loop inside C")
            << QByteArray("x = sum(range(10**13))\n") << QStringLiteral("Timeout") << 0;
        QTest::newRow("deep recursion") << QByteArray("def f():\n    return f()\n\nf()\n")
                                        << QStringLiteral("RecursionError") << 2;
        QTest::newRow("ctypes segfault") << QByteArray("import ctypes\nctypes.string_at(0)\n")
                                         << QStringLiteral("RunnerCrashed") << 0;
        QTest::newRow("abort") << QByteArray("import os\nos.abort()\n")
                               << QStringLiteral("RunnerCrashed") << 0;
        QTest::newRow("syntax error")
            << QByteArray("class A:\n    x = = 1\n") << QStringLiteral("SyntaxError") << 2;
        QTest::newRow("not UTF-8") << QByteArray("# no coding line\ns = 'caf\xe9'\n")
                                   << QStringLiteral("SyntaxError") << 2;
        QTest::newRow("null byte")
            << QByteArray("x = 1\ny = 2\0\n", 13) << QStringLiteral("SyntaxError") << 2;
        QTest::newRow("error in a metaclass")
            << QByteArray("class M(type):\n    def __init__(cls, *a):\n        1 / 0\n\nclass "
                          "A(metaclass=M):\n    pass\n")
            << QStringLiteral("ZeroDivisionError") << 3;
        if (!Sanitized) {
            QTest::newRow("memory bomb")
                << QByteArray("x = []\nwhile True:\n    x.append(bytearray(10**7))\n")
                << QStringLiteral("MemoryError") << 3;
        }
    }

    void limitsAndFaults()
    {
        QFETCH(QByteArray, source);
        QFETCH(QString, errorType);
        QFETCH(int, line);
        // Runs that end by themselves get time to spare: filling 512 MiB takes seconds on a
        // loaded machine. The ones that must be stopped get one second.
        const bool stopped = errorType == QLatin1String("Timeout");
        const TracedRun trace = traceSource(source, stopped ? 1000 : 20000);
        QVERIFY(trace.error);
        QCOMPARE(trace.errorType(), errorType);
        if (line >= 0)
            QCOMPARE(trace.error->value(QStringLiteral("line")).toInt(), line);
        QCOMPARE(trace.steps.last().kind, QStringLiteral("error"));
        QVERIFY(!trace.steps.last().text("message").isEmpty());
        // And the next program runs as if nothing happened.
        const TracedRun next = traceSource("class Fine:\n    pass\nprint('fine')\n");
        QVERIFY2(!next.error, qPrintable(next.errorType()));
        QCOMPARE(next.stdoutText, QStringLiteral("fine\n"));
    }

    // Issue 21: a program stopped while it waited inside C (time.sleep) lost every step and
    // its output; what it did before the wait is kept, and the stop names the line it waits on.
    void aWaitInsideCKeepsWhatCameBefore_data()
    {
        QTest::addColumn<QByteArray>("wait");
        QTest::newRow("sleep") << QByteArray("import time\ntime.sleep(60)\n");
        QTest::newRow("lock") << QByteArray(
            "import threading\nl = threading.Lock()\nl.acquire()\nl.acquire()\n");
    }

    void aWaitInsideCKeepsWhatCameBefore()
    {
        QFETCH(QByteArray, wait);
        const QByteArray source = "class Early:\n    pass\n\ne = Early()\nprint('made early', "
                                  "flush=True)\n"
                                  + wait;
        const TracedRun trace = traceSource(source, 1000);
        QVERIFY(trace.error);
        QCOMPARE(trace.errorType(), QStringLiteral("Timeout"));
        QCOMPARE(trace.error->value(QStringLiteral("line")).toInt(),
                 int(source.trimmed().count('\n')) + 1);
        QCOMPARE(trace.stdoutText, QStringLiteral("made early\n"));
        QStringList kinds;
        for (const RunStep &step : trace.steps)
            kinds.append(step.kind);
        QVERIFY2(kinds.contains(QStringLiteral("class_created")),
                 qPrintable(kinds.join(QLatin1Char(' '))));
        QVERIFY2(kinds.contains(QStringLiteral("instance_call")),
                 qPrintable(kinds.join(QLatin1Char(' '))));
        QCOMPARE(kinds.last(), QStringLiteral("error"));
    }

    // The watchdog of a run is not in a process the program forks: a child that runs the rest
    // of the program to its end ends as under python3 (it once hung on the watchdog's copy).
    void aForkedChildRunsToItsEnd()
    {
        const TracedRun trace = traceSource("import os\nclass A:\n    pass\npid = os.fork()\n"
                                            "if pid == 0:\n    class B:\n        pass\nelse:\n"
                                            "    os.waitpid(pid, 0)\n    print('parent')\n",
                                            20000);
        QVERIFY2(!trace.error, qPrintable(trace.errorType()));
        QCOMPARE(trace.stdoutText, QStringLiteral("parent\n"));
    }

    void syntaxErrorsCarryTheirOffset()
    {
        const TracedRun trace = traceSource("class A:\n    x = = 1\n");
        QCOMPARE(trace.error->value(QStringLiteral("offset")).toInt(), 9);
    }

    void floodOfOutputIsTruncatedWithANote()
    {
        const TracedRun trace = traceSource(
            "for i in range(100000):\n    print('spam', i)\nprint('end')\n",
            20000); // 100000 traced lines: seconds under a sanitizer on a busy machine
        QVERIFY2(!trace.error, qPrintable(trace.errorType()));
        QVERIFY(trace.stdoutTruncated);
        QCOMPARE(trace.stdoutText.size(), 4096);
        QVERIFY(trace.stdoutText.startsWith(QStringLiteral("spam 0\n")));
    }

    void tooManyStepsEndsWithAClearStep()
    {
        const TracedRun trace
            = traceSource("for i in range(100):\n    class C:\n        pass\n", 3000, 50);
        QCOMPARE(trace.errorType(), QStringLiteral("StepLimit"));
        QCOMPARE(trace.steps.size(), 51); // 50 steps, then the one that says why it stopped
        QVERIFY(trace.steps.last().text("message").contains(QStringLiteral("50 steps")));
    }

    void everyRunGetsFreshState()
    {
        const TracedRun first
            = traceSource("import builtins, sys\nbuiltins.leak = 1\nsys.leak = 2\nx = 3\n");
        QVERIFY(!first.error);
        const TracedRun second
            = traceSource("import builtins, sys\nprint(hasattr(builtins, 'leak'), "
                          "hasattr(sys, 'leak'), 'x' in globals())\n");
        QCOMPARE(second.stdoutText, QStringLiteral("False False False\n"));
    }

    void zeroArgumentSuperAndMetaclassCallBehave()
    {
        const TracedRun trace = traceSource("class Meta(type):\n"
                                            "    def __call__(cls, *a):\n"
                                            "        print('Meta.__call__')\n"
                                            "        return super().__call__(*a)\n"
                                            "class Base(metaclass=Meta):\n"
                                            "    def __init__(self, v):\n"
                                            "        self.v = v\n"
                                            "class Child(Base):\n"
                                            "    def __init__(self, v):\n"
                                            "        super().__init__(v * 2)\n"
                                            "print(Child(21).v, type(Child).__name__)\n");
        QVERIFY2(!trace.error, qPrintable(trace.errorType()));
        QCOMPARE(trace.stdoutText, QStringLiteral("Meta.__call__\n42 Meta\n"));
        QStringList instanceSteps;
        for (const RunStep &step : trace.steps) {
            if (step.kind.startsWith(QLatin1String("instance_")))
                instanceSteps.append(step.kind + QLatin1Char(' ') + step.text("function"));
        }
        QCOMPARE(instanceSteps,
                 (QStringList{QStringLiteral("instance_call Meta.__call__"),
                              QStringLiteral("instance_new object.__new__"),
                              QStringLiteral("instance_init Child.__init__"),
                              QStringLiteral("instance_init Base.__init__")}));
    }

    void mroEntriesPrepareAndDecoratorsAreSeen()
    {
        const TracedRun trace
            = traceSource("class Base:\n"
                          "    pass\n"
                          "class Alias:\n"
                          "    def __mro_entries__(self, bases):\n"
                          "        return (Base,)\n"
                          "class Meta(type):\n"
                          "    @classmethod\n"
                          "    def __prepare__(mcs, name, bases, **kw):\n"
                          "        return {'prepared_by': mcs.__name__}\n"
                          "    def __new__(mcs, name, bases, ns, **kw):\n"
                          "        return super().__new__(mcs, name, bases, ns)\n"
                          "def tag(cls):\n"
                          "    cls.tagged = True\n"
                          "    return cls\n"
                          "@tag\n"
                          "class Child(Alias(), metaclass=Meta):\n"
                          "    x = 1\n"
                          "print(Child.__mro__[1].__name__, Child.prepared_by, Child.tagged, "
                          "Child.__orig_bases__[0].__class__.__name__)\n");
        QVERIFY2(!trace.error, qPrintable(trace.errorType()));
        QCOMPARE(trace.stdoutText, QStringLiteral("Base Meta True Alias\n"));
        QStringList kinds;
        for (const RunStep &step : trace.steps) {
            if (step.className == QLatin1String("Child")
                && step.kind != QLatin1String("namespace_set"))
                kinds.append(step.kind + QLatin1Char(' ')
                             + (step.detail.contains(QStringLiteral("function"))
                                    ? step.text("function")
                                    : step.text("metaclass")));
        }
        QCOMPARE(kinds,
                 (QStringList{QStringLiteral("class_statement "),
                              QStringLiteral("resolve_bases "),
                              QStringLiteral("determine_metaclass Meta"),
                              QStringLiteral("prepare_namespace Meta.__prepare__"),
                              QStringLiteral("namespace_prepared Meta.__prepare__"),
                              QStringLiteral("call_metaclass Meta"),
                              QStringLiteral("meta_new Meta.__new__"),
                              QStringLiteral("meta_new type.__new__"),
                              // Meta.__new__ returns the class after type.__new__ built it.
                              QStringLiteral("meta_new Meta.__new__"),
                              QStringLiteral("meta_init type.__init__"),
                              QStringLiteral("class_created Meta"),
                              QStringLiteral("decorator tag"),
                              QStringLiteral("bind_name ")}));
        // The namespace __prepare__ returned is the one the body filled.
        bool sawPrepared = false;
        for (const RunStep &step : trace.steps)
            sawPrepared |= step.className == QLatin1String("Child")
                           && step.text("name") == QLatin1String("x");
        QVERIFY(sawPrepared);
    }

    void missingRunnerAnswersAtOnce()
    {
        PyRunner::RunnerClient client(QStringLiteral("/nonexistent/curtain-runner"));
        PyRunner::RunRequest request;
        request.source = "pass\n";
        const TracedRun trace = TracedRun(client.runAndWait(request));
        QCOMPARE(trace.errorType(), QStringLiteral("RunnerMissing"));
        QVERIFY(trace.steps.last().text("message").contains(
            QStringLiteral("/nonexistent/curtain-runner")));
    }

    void stuckRunnerIsKilledAndRestarted()
    {
        // A stand-in that says it is ready and then never answers: only the watchdog can help.
        const QString fake = m_dir.filePath(QStringLiteral("stuck-runner"));
        QFile script(fake);
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write(
            "#!/bin/sh\necho '{\"ready\": true, \"python\": \"stuck\"}'\nexec sleep 600\n");
        script.close();
        script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        PyRunner::RunnerClient client(fake);
        PyRunner::RunRequest request;
        request.source = "pass\n";
        request.timeoutMs = 100;
        const TracedRun trace = TracedRun(client.runAndWait(request));
        QCOMPARE(trace.errorType(), QStringLiteral("Timeout"));
        QCOMPARE(client.restarts(), 1);
    }

    void noRunnerOutlivesItsClient()
    {
        const int before = childProcessCount();
        {
            PyRunner::RunnerClient client(QStringLiteral(CURTAIN_RUNNER));
            PyRunner::RunRequest request;
            request.source = "pass\n";
            QVERIFY(!TracedRun(client.runAndWait(request)).error);
            QCOMPARE(childProcessCount(), before + 1);
        }
        QCOMPARE(childProcessCount(), before);
    }

    void osExitKeepsWhatHappenedBeforeIt()
    {
        // os._exit ends the process at once, as under python3, but what ran before it (its
        // classes, its flushed output) happened: the answer keeps it, and says how it ended.
        const TracedRun run = traceSource("import os\n"
                                          "class A:\n"
                                          "    pass\n"
                                          "A()\n"
                                          "print('bye', flush=True)\n"
                                          "try:\n"
                                          "    os._exit(3)\n"
                                          "finally:\n"
                                          "    print('never')\n");
        QCOMPARE(run.errorType(), QString::fromLatin1(Protocol::ErrorType::ProcessExit));
        QCOMPARE(run.error->value(QStringLiteral("message")).toString(), QStringLiteral("3"));
        QCOMPARE(run.error->value(QStringLiteral("line")).toInt(), 7);
        QCOMPARE(run.stdoutText, QStringLiteral("bye\n"));
        bool made = false;
        for (const RunStep &step : run.steps)
            made |= step.kind == QLatin1String("instance_new")
                    && step.className == QLatin1String("A");
        QVERIFY(made);
        // And a clean os._exit(0) is no error at all.
        const TracedRun clean = traceSource("import os\nprint('ok', flush=True)\nos._exit(0)\n");
        QVERIFY(!clean.error);
        QCOMPARE(clean.stdoutText, QStringLiteral("ok\n"));
    }

    void theProgramSeesItsFolderAndItsPython()
    {
        // As under `python3 program.py`: imports look in the program's folder first, and
        // sys.executable is the python3 the runner embeds (multiprocessing's spawn starts it),
        // whatever else is on PATH.
        const TracedRun run = traceSource("import os, sys\n"
                                          "print(sys.path[0])\n"
                                          "print(os.path.realpath(sys.executable))\n");
        QVERIFY2(!run.error, qPrintable(run.stdoutText));
        const QStringList lines = run.stdoutText.split(QLatin1Char('\n'));
        QCOMPARE(lines.value(0), QFileInfo(m_dir.path()).canonicalFilePath());
        QCOMPARE(lines.value(1),
                 QFileInfo(QStringLiteral(CURTAIN_SYSTEM_PYTHON)).canonicalFilePath());
    }

    void nothingARunStartedOutlivesAKilledRunner_data()
    {
        QTest::addColumn<bool>("threads");
        QTest::newRow("classes") << false;
        QTest::newRow("threads") << true;
    }

    void nothingARunStartedOutlivesAKilledRunner()
    {
        // The app killed (kill -9): the kernel takes the runner and the run's process with it,
        // and the guardian takes what the program started, here processes that would otherwise
        // sleep on under init for ten minutes: one in the run's session, one started in a
        // session of its own, one forked that left the session itself, and a daemon made by a
        // double fork (its parent gone, it is the runner's to reap). (The program waits a
        // moment before it says so: the guardian looks every 100 ms.)
        QFETCH(bool, threads);
        const QString pidFile = m_dir.filePath(QStringLiteral("sleeper-%1.pid").arg(threads));
        PyRunner::RunRequest request;
        request.source = "import os, subprocess, time\n"
                         "pids = [subprocess.Popen(['sleep', '600']).pid]\n"
                         "pids.append(subprocess.Popen(['sleep', '601'],\n"
                         "                             start_new_session=True).pid)\n"
                         "child = os.fork()\n"
                         "if child == 0:\n"
                         "    os.setsid()\n"
                         "    time.sleep(602)\n"
                         "    os._exit(0)\n"
                         "pids.append(child)\n"
                         "r, w = os.pipe()\n"
                         "if os.fork() == 0:\n"
                         "    os.setsid()\n"
                         "    daemon = os.fork()\n"
                         "    if daemon == 0:\n"
                         "        time.sleep(603)\n"
                         "        os._exit(0)\n"
                         "    os.write(w, str(daemon).encode())\n"
                         "    os._exit(0)\n"
                         "pids.append(int(os.read(r, 32)))\n"
                         "time.sleep(1)\n"
                         "with open(os.environ['PID_FILE'] + '.part', 'w') as f:\n"
                         "    f.write(' '.join(map(str, pids)))\n"
                         "os.rename(os.environ['PID_FILE'] + '.part', os.environ['PID_FILE'])\n"
                         "time.sleep(600)\n";
        request.filename = m_dir.filePath(QStringLiteral("sleeper.py"));
        request.mode = threads ? Protocol::Mode::Threads : Protocol::Mode::Classes;
        request.timeoutMs = 600000;
        request.env = QJsonObject{{QStringLiteral("PID_FILE"), pidFile}};
        QProcess runner;
        runner.start(QStringLiteral(CURTAIN_RUNNER), {});
        QVERIFY(runner.waitForStarted());
        runner.write(QJsonDocument(request.toMessage(1)).toJson(QJsonDocument::Compact) + '\n');
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(pidFile), 120000);
        QFile file(pidFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> pids = file.readAll().split(' ');
        QCOMPARE(pids.size(), 4);
        for (const QByteArray &pid : pids)
            QVERIFY(processAlive(pid.toLongLong()));
        ::kill(pid_t(runner.processId()), SIGKILL);
        QVERIFY(runner.waitForFinished());
        for (const QByteArray &pid : pids)
            QTRY_VERIFY2_WITH_TIMEOUT(!processAlive(pid.toLongLong()), pid.constData(), 30000);
    }
};

QTEST_GUILESS_MAIN(TestRunnerClient)
#include "tst_runnerclient.moc"
