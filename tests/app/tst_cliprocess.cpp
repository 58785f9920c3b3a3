// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The `curtain` executable as a user runs it: exit codes, stdout, stderr, files written.

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

/** Whether process PID has a handler of its own for SIG (its /proc status's SigCgt mask). */
bool catchesSignal(pid_t pid, int sig)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return false;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("SigCgt:"))
            return (line.mid(7).trimmed().toULongLong(nullptr, 16) >> (sig - 1)) & 1U;
    }
    return false;
}

class TestCliProcess : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

    struct Result
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    Result run(const QStringList &arguments, bool withDisplay = false)
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        // A fresh user: nothing read from or written to the real settings.
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("HOME"), m_home.path());
        if (!withDisplay) {
            env.remove(QStringLiteral("QT_QPA_PLATFORM"));
            env.remove(QStringLiteral("DISPLAY"));
            env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        }
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(CURTAIN_EXECUTABLE), arguments);
        if (!process.waitForFinished(60000)) {
            process.kill();
            process.waitForFinished();
        }
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                process.readAllStandardOutput(),
                process.readAllStandardError()};
    }

private slots:
    void version()
    {
        const Result r = run({QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(QRegularExpression(QStringLiteral("^curtain \\d+\\.\\d+\\.\\d+\\n$"))
                     .match(QString::fromUtf8(r.out))
                     .hasMatch(),
                 r.out.constData());
    }

    void listModules()
    {
        const Result r = run({QStringLiteral("--list-modules")});
        QCOMPARE(r.exitCode, 0);
        const QStringList lines
            = QString::fromUtf8(r.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines,
                 (QStringList{QStringLiteral("classforge\tClass Forge"),
                              QStringLiteral("scheduler\tScheduler Lab"),
                              QStringLiteral("startup\tStartup Sim")}));
    }

    void help()
    {
        const Result r = run({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("--screenshot"));
        QVERIFY(r.out.contains("curtain info"));
    }

    void badInputExitsTwoNamingIt_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("named");
        QTest::newRow("option") << QStringList{QStringLiteral("--bogus")}
                                << QByteArray("'--bogus'");
        QTest::newRow("subcommand")
            << QStringList{QStringLiteral("teleport")} << QByteArray("'teleport'");
        QTest::newRow("module") << QStringList{QStringLiteral("--module"),
                                               QStringLiteral("nope"),
                                               QStringLiteral("--screenshot"),
                                               QStringLiteral("x.png")}
                                << QByteArray("'nope'");
        QTest::newRow("subcommand argument")
            << QStringList{QStringLiteral("info"), QStringLiteral("extra")}
            << QByteArray("'extra'");
    }

    void badInputExitsTwoNamingIt()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, named);
        const Result r = run(arguments);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(named), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(r.out.isEmpty());
    }

    void guiWithoutDisplayExplainsInsteadOfAborting()
    {
        const Result r = run({});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("no display"), r.err.constData());
    }

    void screenshot_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::newRow("home") << QStringList{};
        QTest::newRow("module, dark, zoomed") << QStringList{QStringLiteral("--module"),
                                                             QStringLiteral("scheduler"),
                                                             QStringLiteral("--theme"),
                                                             QStringLiteral("dark"),
                                                             QStringLiteral("--font-scale"),
                                                             QStringLiteral("1.5")};
    }

    void screenshot()
    {
        QFETCH(QStringList, extra);
        const QString path = m_home.filePath(QStringLiteral("shot.png"));
        QFile::remove(path);
        // No display at all: --screenshot must manage by itself.
        const Result r = run(QStringList{QStringLiteral("--screenshot"), path} + extra);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QImage image(path);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), QSize(1280, 800));
        // Something was drawn: a real window has many colours, not a blank fill.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7)
                colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));
        if (extra.contains(QStringLiteral("dark")))
            QVERIFY(QColor(image.pixel(640, 790)).lightness() < 100);
        // A screenshot leaves the user's settings alone.
        QVERIFY(!QFile::exists(m_home.filePath(QStringLiteral("config/Curtain/curtain.conf"))));
    }

    void screenshotToAnUnwritablePathFails()
    {
        const Result r
            = run({QStringLiteral("--screenshot"), QStringLiteral("/nonexistent/dir/x.png")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("/nonexistent/dir/x.png"), r.err.constData());
    }

    void terminationSavesSettingsAndExitsCleanly()
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("term")));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(CURTAIN_EXECUTABLE),
                      {QStringLiteral("--module"), QStringLiteral("startup")});
        QVERIFY(process.waitForStarted());
        // Wait until it has its SIGTERM handler, read off /proc: no guessing with sleeps.
        auto catchesSigterm = [&process] {
            QFile status(QStringLiteral("/proc/%1/status").arg(process.processId()));
            if (!status.open(QIODevice::ReadOnly))
                return false;
            for (const QByteArray &line : status.readAll().split('\n')) {
                if (line.startsWith("SigCgt:"))
                    return ((line.mid(7).trimmed().toULongLong(nullptr, 16) >> (SIGTERM - 1)) & 1)
                           != 0;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(catchesSigterm(), 20000);
        process.terminate(); // SIGTERM, as a session manager or `kill` sends
        QVERIFY(process.waitForFinished(20000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        QSettings saved(m_home.filePath(QStringLiteral("term/Curtain/curtain.conf")),
                        QSettings::IniFormat);
        QCOMPARE(saved.value(QStringLiteral("shell/lastModule")).toString(),
                 QStringLiteral("startup"));
    }

    void traceClassPrintsTheContract()
    {
        const QString lesson
            = QStringLiteral(CURTAIN_BUILD_BIN_DIR)
              + QStringLiteral("/../share/curtain/lessons/classforge/04_enforcer.py");
        const Result r = run({QStringLiteral("trace-class"), lesson});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject trace = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(trace.value(QStringLiteral("file")).toString(), lesson);
        QVERIFY(
            trace.value(QStringLiteral("python")).toString().startsWith(QStringLiteral("3.11")));
        QVERIFY(trace.value(QStringLiteral("error")).isNull());
        QCOMPARE(trace.value(QStringLiteral("stdout")).toString(),
                 QStringLiteral("['age', 'name']\nage is not valid\n"));
        const QJsonArray steps = trace.value(QStringLiteral("steps")).toArray();
        QVERIFY(steps.size() > 40);
        bool sawInheritedMetaclass = false;
        for (int i = 0; i < steps.size(); ++i) {
            const QJsonObject step = steps.at(i).toObject();
            QCOMPARE(step.value(QStringLiteral("index")).toInt(), i);
            QVERIFY(!step.value(QStringLiteral("narration")).toString().isEmpty());
            const QJsonObject detail = step.value(QStringLiteral("detail")).toObject();
            if (step.value(QStringLiteral("kind")).toString()
                    == QLatin1String("determine_metaclass")
                && step.value(QStringLiteral("class")).toString() == QLatin1String("Person")) {
                QCOMPARE(detail.value(QStringLiteral("metaclass")).toString(),
                         QStringLiteral("EnforcerMeta"));
                QCOMPARE(detail.value(QStringLiteral("reason")).toString(),
                         QStringLiteral("inherited from Enforcer"));
                sawInheritedMetaclass = true;
            }
        }
        QVERIFY(sawInheritedMetaclass);
    }

    void traceClassRefusesBadInputByName_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("named");
        QTest::newRow("an endless file") << QStringList{QStringLiteral("/dev/zero")}
                                         << QByteArray("/dev/zero: the file is larger than 8 MiB");
        QTest::newRow("timeout nan") << QStringList{
            QStringLiteral(CURTAIN_SOURCE_DIR "/resources/lessons/classforge/01_person.py"),
            QStringLiteral("--timeout"),
            QStringLiteral("nan")} << QByteArray("--timeout 'nan'");
        QTest::newRow("max-steps 0") << QStringList{
            QStringLiteral(CURTAIN_SOURCE_DIR "/resources/lessons/classforge/01_person.py"),
            QStringLiteral("--max-steps"),
            QStringLiteral("0")} << QByteArray("--max-steps '0'");
        QTest::newRow("memory 10") << QStringList{
            QStringLiteral(CURTAIN_SOURCE_DIR "/resources/lessons/classforge/01_person.py"),
            QStringLiteral("--memory"),
            QStringLiteral("10")} << QByteArray("--memory '10'");
    }

    void traceClassRefusesBadInputByName()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, named);
        const Result r = run(QStringList{QStringLiteral("trace-class")} + args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(named), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    void traceThreadsRefusesBadInputByName_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("named");
        const QString lesson = QStringLiteral(
            CURTAIN_SOURCE_DIR "/resources/lessons/threads/02_threads_that_sleep.py");
        QTest::newRow("no file") << QStringList{} << QByteArray("give exactly one FILE.py");
        QTest::newRow("an endless file") << QStringList{QStringLiteral("/dev/zero")}
                                         << QByteArray("/dev/zero: the file is larger");
        QTest::newRow("switch interval abc")
            << QStringList{lesson, QStringLiteral("--switch-interval-ms"), QStringLiteral("abc")}
            << QByteArray("--switch-interval-ms 'abc'");
        QTest::newRow("a trace nowhere")
            << QStringList{lesson, QStringLiteral("--trace"), QStringLiteral("/nonexistent/t.json")}
            << QByteArray("cannot write --trace /nonexistent/t.json");
    }

    void traceThreadsRefusesBadInputByName()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, named);
        const Result r = run(QStringList{QStringLiteral("trace-threads")} + args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(named), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    void traceThreadsPrintsTheThreadsAndWritesATrace()
    {
        const QString tracePath = m_home.filePath(QStringLiteral("threads.json"));
        const Result r = run({QStringLiteral("trace-threads"),
                              QStringLiteral(CURTAIN_SOURCE_DIR
                                             "/resources/lessons/threads/02_threads_that_sleep.py"),
                              QStringLiteral("--trace"),
                              tracePath});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject document = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(document.value(QStringLiteral("threads")).toArray().size(), 4);
        QVERIFY(document.value(QStringLiteral("stdout"))
                    .toString()
                    .contains(QStringLiteral("12 downloads took about 4 waits")));
        QVERIFY(!document.value(QStringLiteral("segments")).toArray().isEmpty());
        QFile trace(tracePath);
        QVERIFY(trace.open(QIODevice::ReadOnly));
        QVERIFY(QJsonDocument::fromJson(trace.readAll())
                    .object()
                    .value(QStringLiteral("traceEvents"))
                    .isArray());
    }

    void traceClassMaxStepsTracesALongProgramToItsEnd()
    {
        const QString path = m_home.filePath(QStringLiteral("many.py"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("for i in range(3000):\n    class C:\n        n = i\nprint('done')\n");
        file.close();
        // The app's cap (20,000 steps) ends it early ...
        // (a generous time limit: this is about the steps, not the time they take under the
        // sanitizers on a busy machine)
        const Result capped = run({QStringLiteral("trace-class"),
                                   path,
                                   QStringLiteral("--timeout"),
                                   QStringLiteral("300")});
        QCOMPARE(QJsonDocument::fromJson(capped.out)
                     .object()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("type"))
                     .toString(),
                 QStringLiteral("StepLimit"));
        // ... --max-steps lets it finish, listing at most 100,000 steps and counting the rest.
        const Result whole = run({QStringLiteral("trace-class"),
                                  path,
                                  QStringLiteral("--max-steps"),
                                  QStringLiteral("1000000"),
                                  // the whole run, not the time it takes (sanitizers, load)
                                  QStringLiteral("--timeout"),
                                  QStringLiteral("300")});
        const QJsonObject trace = QJsonDocument::fromJson(whole.out).object();
        QCOMPARE(trace.value(QStringLiteral("stdout")).toString(), QStringLiteral("done\n"));
        QVERIFY(trace.value(QStringLiteral("error")).isNull());
    }

    void measurePrintsTheContractAndWritesATrace()
    {
        const QString tracePath = m_home.filePath(QStringLiteral("trace.json"));
        const Result r = run({QStringLiteral("measure"),
                              QStringLiteral("--model"),
                              QStringLiteral("gil"),
                              QStringLiteral("--workload"),
                              QStringLiteral("io"),
                              QStringLiteral("--workers"),
                              QStringLiteral("2"),
                              QStringLiteral("--tasks"),
                              QStringLiteral("4"),
                              QStringLiteral("--task-ms"),
                              QStringLiteral("2"),
                              QStringLiteral("--baseline"),
                              QStringLiteral("--trace"),
                              tracePath});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject m = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(m.value(QStringLiteral("model")).toString(), QStringLiteral("gil"));
        QCOMPARE(m.value(QStringLiteral("tasks")).toInt(), 4);
        for (const char *key : {"wall_ms",
                                "cpu_ms",
                                "throughput_tasks_per_s",
                                "task_latency_ms",
                                "io_latency_ms",
                                "lock_wait_ms",
                                "gil_handoffs",
                                "context_switches",
                                "spawn_ms",
                                "encoded_bytes",
                                "encode_ms",
                                "trace_events",
                                "speedup"}) {
            QVERIFY2(m.contains(QLatin1String(key)), key);
        }
        QFile trace(tracePath);
        QVERIFY(trace.open(QIODevice::ReadOnly));
        const QJsonArray events = QJsonDocument::fromJson(trace.readAll())
                                      .object()
                                      .value(QStringLiteral("traceEvents"))
                                      .toArray();
        QVERIFY(events.size() > 4);
        bool gilTrack = false;
        for (const QJsonValue &e : events)
            gilTrack
                |= e.toObject().value(QStringLiteral("cat")).toString() == QLatin1String("gil");
        QVERIFY(gilTrack);
    }

    void measureChecksTheTracePathBeforeTheRun()
    {
        const Result r = run({QStringLiteral("measure"),
                              QStringLiteral("--workload"),
                              QStringLiteral("cpu"),
                              QStringLiteral("--tasks"),
                              QStringLiteral("100000"),
                              QStringLiteral("--task-ms"),
                              QStringLiteral("10000"),
                              QStringLiteral("--trace"),
                              QStringLiteral("/nonexistent-dir/trace.json")});
        // Exit 2 naming the file, and no run: the run asked for would take days.
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("/nonexistent-dir/trace.json"), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    void measureStopsOnSigintWithAPartialResult()
    {
        QProcess process;
        process.start(QStringLiteral(CURTAIN_EXECUTABLE),
                      {QStringLiteral("measure"),
                       QStringLiteral("--workload"),
                       QStringLiteral("cpu"),
                       QStringLiteral("--workers"),
                       QStringLiteral("2"),
                       QStringLiteral("--tasks"),
                       QStringLiteral("100000"),
                       QStringLiteral("--task-ms"),
                       QStringLiteral("50")});
        QVERIFY(process.waitForStarted());
        // Interrupted once it catches SIGINT (its handler is in place, the run under way): read
        // off the kernel's record of its signal handlers, not guessed from the clock.
        const pid_t pid = pid_t(process.processId());
        QTRY_VERIFY_WITH_TIMEOUT(catchesSignal(pid, SIGINT), 20000);
        ::kill(pid, SIGINT);
        QVERIFY(process.waitForFinished(20000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 128 + SIGINT);
        const QJsonObject m = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
        QCOMPARE(m.value(QStringLiteral("stopped")).toBool(), true);
        QVERIFY(m.value(QStringLiteral("tasks_completed")).toInt() < 100000);
    }

    void simulateChecksTheScenario_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QByteArray>("named");
        QTest::newRow("not JSON") << QByteArray("{\"model\": ") << QByteArray("s.json:1:");
        QTest::newRow("unknown model")
            << QByteArray(R"({"model":"bank"})") << QByteArray("'model'");
        QTest::newRow("unstable") << QByteArray(
            R"({"model":"mmc","arrival_rate":2,"service_rate":1})")
                                  << QByteArray("'arrival_rate'");
        QTest::newRow("unknown field")
            << QByteArray(R"({"model":"mmc","arrival_rate":1,"service_rate":2,"speed":3})")
            << QByteArray("'speed'");
        QTest::newRow("duplicate key") << QByteArray(R"({"model":"mmc","servers":2,"servers":3})")
                                       << QByteArray("s.json:1:28: key \"servers\" appears twice");
        QTest::newRow("a 5 MB string")
            << (QByteArray(R"({"model":"feed","delivery":")") + QByteArray(5 << 20, 'x') + "\"}")
            << QByteArray("larger than 1 MiB");
        QTest::newRow("a huge but valid string")
            << (QByteArray(R"({"model":"feed","delivery":")") + QByteArray(500000, 'x') + "\"}")
            << QByteArray("'delivery' must be one of");
    }

    void simulateChecksTheScenario()
    {
        QFETCH(QByteArray, json);
        QFETCH(QByteArray, named);
        const QString path = m_home.filePath(QStringLiteral("s.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(json);
        file.close();
        const Result r = run({QStringLiteral("simulate"), path});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(named), r.err.left(300).constData());
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(r.err.size() < 400); // a bad value is never echoed whole
    }

    void simulateRefusesBadOptionsByName_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("named");
        QTest::newRow("seed abc") << QStringList{QStringLiteral("--seed"), QStringLiteral("abc")}
                                  << QByteArray("--seed 'abc'");
        QTest::newRow("replications 0")
            << QStringList{QStringLiteral("--replications"), QStringLiteral("0")}
            << QByteArray("--replications '0'");
        QTest::newRow("an endless file") << QStringList{QStringLiteral("/dev/zero")}
                                         << QByteArray("/dev/zero: the file is larger than 1 MiB");
    }

    void simulateRefusesBadOptionsByName()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, named);
        QStringList all{QStringLiteral("simulate")};
        if (!args.contains(QStringLiteral("/dev/zero")))
            all.append(QStringLiteral(CURTAIN_SOURCE_DIR "/resources/scenarios/feed.json"));
        const Result r = run(all + args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(named), r.err.constData());
    }

    // Golden outputs: the same seed gives the same numbers, bit for bit; a change in them must
    // be seen and explained (CURTAIN_UPDATE_GOLDEN=1 rewrites them: review the diff).
    void simulateGoldenOutputs_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QStringList>("options");
        QTest::newRow("mmc") << QStringLiteral("mmc")
                             << QStringList{QStringLiteral("--replications"), QStringLiteral("3")};
        QTest::newRow("transcoding") << QStringLiteral("transcoding") << QStringList();
        QTest::newRow("transcoding, 4 replications")
            << QStringLiteral("transcoding")
            << QStringList{QStringLiteral("--replications"), QStringLiteral("4")};
        QTest::newRow("feed") << QStringLiteral("feed")
                              << QStringList{QStringLiteral("--replications"), QStringLiteral("2")};
    }

    void simulateGoldenOutputs()
    {
        QFETCH(QString, scenario);
        QFETCH(QStringList, options);
        const Result r = run(
            QStringList{
                QStringLiteral("simulate"),
                QStringLiteral(CURTAIN_SOURCE_DIR "/resources/scenarios/%1.json").arg(scenario)}
            + options);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QJsonObject result = QJsonDocument::fromJson(r.out).object();
        for (const char *timing : {"wall_ms", "jobs_per_second"}) // the machine's, not the model's
            result.remove(QLatin1String(timing));
        const QString golden
            = QStringLiteral(CURTAIN_TEST_DATA_DIR "/startup/golden/%1%2.json")
                  .arg(scenario,
                       options.isEmpty()
                           ? QString()
                           : QLatin1Char('-')
                                 + options.join(QLatin1Char('-')).remove(QStringLiteral("--")));
        const QByteArray text = QJsonDocument(result).toJson(QJsonDocument::Indented);
        if (qEnvironmentVariableIsSet("CURTAIN_UPDATE_GOLDEN")) {
            QDir().mkpath(QFileInfo(golden).absolutePath());
            QFile out(golden);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(text);
        }
        QFile in(golden);
        QVERIFY2(in.open(QIODevice::ReadOnly), qPrintable(golden));
        QCOMPARE(QJsonDocument::fromJson(in.readAll()).object(), result);
    }

    void twoFirstOrmRunsAtOnceBothSucceed()
    {
        // Two processes, one empty data folder: both generate, one rename wins, neither fails.
        QTemporaryDir data;
        const QString scenario = m_home.filePath(QStringLiteral("orm-small.json"));
        QFile file(scenario);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(R"({"model":"orm","users":300,"videos":3000,"comments":60000})");
        file.close();
        QList<QProcess *> processes;
        for (int i = 0; i < 2; ++i) {
            auto *p = new QProcess(this);
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("XDG_DATA_HOME"), data.path());
            env.insert(QStringLiteral("HOME"), m_home.path());
            p->setProcessEnvironment(env);
            p->start(QStringLiteral(CURTAIN_EXECUTABLE), {QStringLiteral("simulate"), scenario});
            processes.append(p);
        }
        for (QProcess *p : processes) {
            QVERIFY(p->waitForFinished(60000));
            QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
            const QJsonObject o = QJsonDocument::fromJson(p->readAllStandardOutput()).object();
            QVERIFY(o.value(QStringLiteral("same_page")).toBool());
            QCOMPARE(o.value(QStringLiteral("strategies")).toArray().size(), 3);
            delete p;
        }
        // No half-made file is left behind.
        QDirIterator it(data.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext())
            QVERIFY2(!it.next().endsWith(QStringLiteral(".part")), qPrintable(it.filePath()));
    }

    void simulatePrintsTheContract()
    {
        const QString scenario = QStringLiteral(CURTAIN_SOURCE_DIR "/resources/scenarios/mmc.json");
        const Result r = run({QStringLiteral("simulate"),
                              scenario,
                              QStringLiteral("--replications"),
                              QStringLiteral("3"),
                              QStringLiteral("--seed"),
                              QStringLiteral("7")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        for (const char *key : {"mean_wait",
                                "mean_response",
                                "mean_queue_length",
                                "utilization",
                                "prob_wait",
                                "jobs",
                                "events",
                                "wall_ms",
                                "ci95",
                                "theory"}) {
            QVERIFY2(o.contains(QLatin1String(key)), key);
        }
        QCOMPARE(o.value(QStringLiteral("seed")).toString(), QStringLiteral("7"));
        QVERIFY(
            o.value(QStringLiteral("ci95")).toObject().value(QStringLiteral("mean_wait")).toDouble()
            > 0);
        // The same seed gives the same numbers, run after run.
        const Result again = run({QStringLiteral("simulate"),
                                  scenario,
                                  QStringLiteral("--replications"),
                                  QStringLiteral("3"),
                                  QStringLiteral("--seed"),
                                  QStringLiteral("7")});
        QCOMPARE(QJsonDocument::fromJson(again.out).object().value(QStringLiteral("mean_wait")),
                 o.value(QStringLiteral("mean_wait")));
    }

    void simulateRunsTheTranscodingExample()
    {
        const Result r
            = run({QStringLiteral("simulate"),
                   QStringLiteral(CURTAIN_SOURCE_DIR "/resources/scenarios/transcoding.json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        for (const char *key : {"sla_share",
                                "turnaround_minutes",
                                "over_time",
                                "utilization",
                                "lost_jobs",
                                "work_done_twice_minutes",
                                "cost_per_video_minute"}) {
            QVERIFY2(o.contains(QLatin1String(key)), key);
        }
        QVERIFY(o.value(QStringLiteral("completed")).toDouble() > 100);
    }

    void infoFindsDataInTheBuildTree()
    {
        const Result r = run({QStringLiteral("info")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject info = QJsonDocument::fromJson(r.out).object();
        QVERIFY(info.value(QStringLiteral("data_dir_exists")).toBool());
        QVERIFY(info.value(QStringLiteral("lessons"))
                    .toArray()
                    .contains(QStringLiteral("classforge/04_enforcer.py")));
        QCOMPARE(info.value(QStringLiteral("modules")).toArray().size(), 3);
        QVERIFY(info.value(QStringLiteral("libexec_dir"))
                    .toString()
                    .endsWith(QStringLiteral("/libexec/curtain")));
    }

    void deckCheckPassesEveryBuiltInDeck_data()
    {
        QTest::addColumn<QString>("deck");
        for (const char *deck : {"async-python", "metaclasses", "startup"})
            QTest::newRow(deck) << QString::fromLatin1(deck);
    }

    void deckCheckPassesEveryBuiltInDeck()
    {
        QFETCH(QString, deck);
        const Result r = run({QStringLiteral("deck"), QStringLiteral("check"), deck});
        QVERIFY2(r.exitCode == 0, r.out.constData());
        QVERIFY(r.out.contains(": sound"));
    }

    void deckCheckNamesEveryProblemWithItsLine()
    {
        QTemporaryDir dir;
        QFile deck(dir.filePath(QStringLiteral("bad.md")));
        QVERIFY(deck.open(QIODevice::WriteOnly));
        deck.write(
            "# Bad\n\n![gone](gone.png)\n---\n# Demo\n```demo scheduler\nworkers: 99\nflavour: "
            "mint\n```\n---\n# Other\n```demo chess\n```\n---\n# Sim\n```demo startup\n"
            "set: pool.instances=many\n```\n");
        deck.close();
        const Result r = run({QStringLiteral("deck"), QStringLiteral("check"), deck.fileName()});
        QCOMPARE(r.exitCode, 2);
        const QString out = QString::fromUtf8(r.out);
        for (const char *expected : {"bad.md:3: picture \"gone.png\" not found",
                                     "bad.md:7: workers:",
                                     "bad.md:8: unknown key \"flavour\"",
                                     "bad.md:12: unknown demo module \"chess\"",
                                     "bad.md:17: pool.instances = \"many\" is not a number",
                                     "5 problems"})
            QVERIFY2(out.contains(QString::fromUtf8(expected)), qPrintable(out));
        const Result missing = run({QStringLiteral("deck"),
                                    QStringLiteral("check"),
                                    dir.filePath(QStringLiteral("none.md"))});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains("none.md"));
    }

    void deckExportPrintsEveryStop()
    {
        QTemporaryDir dir;
        QFile deck(dir.filePath(QStringLiteral("small.md")));
        QVERIFY(deck.open(QIODevice::WriteOnly));
        deck.write("# One\n\nNotes:\nHello.\n---\n# Two\n\n+ a\n+ b\n---\n# Three\n");
        deck.close();
        const QString pdf = dir.filePath(QStringLiteral("small.pdf"));
        const Result r = run({QStringLiteral("deck"),
                              QStringLiteral("export"),
                              deck.fileName(),
                              pdf,
                              QStringLiteral("--notes")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QFile file(pdf);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.startsWith("%PDF"));
        // 1 + (1 + 2 items) + 1 stops.
        static const QRegularExpression page(QStringLiteral("/Type\\s*/Page[^s]"));
        QCOMPARE(int(QString::fromLatin1(bytes).count(page)), 5);
        QVERIFY(r.out.contains("5 pages"));
        // Refused by name where it cannot be written.
        const Result bad = run({QStringLiteral("deck"),
                                QStringLiteral("export"),
                                deck.fileName(),
                                QStringLiteral("/nonexistent/x.pdf")});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY(bad.err.contains("/nonexistent"));
    }

    void presentScreenshotsBothWindows()
    {
        QTemporaryDir dir;
        const QString audience = dir.filePath(QStringLiteral("audience.png"));
        const QString console = dir.filePath(QStringLiteral("console.png"));
        Result r = run({QStringLiteral("present"),
                        QStringLiteral("metaclasses"),
                        QStringLiteral("--slide"),
                        QStringLiteral("2"),
                        QStringLiteral("--screenshot"),
                        audience});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(QImage(audience).size(), QSize(1280, 720));
        r = run({QStringLiteral("present"),
                 QStringLiteral("metaclasses"),
                 QStringLiteral("--slide"),
                 QStringLiteral("2"),
                 QStringLiteral("--screenshot"),
                 console,
                 QStringLiteral("--console")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(QImage(console).size(), QSize(1280, 800));
        // The room's screen as the presenter will have it.
        r = run({QStringLiteral("present"),
                 QStringLiteral("metaclasses"),
                 QStringLiteral("--slide"),
                 QStringLiteral("2"),
                 QStringLiteral("--screenshot"),
                 audience,
                 QStringLiteral("--size"),
                 QStringLiteral("1280x800")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(QImage(audience).size(), QSize(1280, 800));
        r = run({QStringLiteral("present"),
                 QStringLiteral("metaclasses"),
                 QStringLiteral("--screenshot"),
                 audience,
                 QStringLiteral("--size"),
                 QStringLiteral("big")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("--size takes the room's screen as WIDTHxHEIGHT"));
        r = run({QStringLiteral("present"),
                 QStringLiteral("metaclasses"),
                 QStringLiteral("--slide"),
                 QStringLiteral("99"),
                 QStringLiteral("--screenshot"),
                 audience});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("19 slides"));
        r = run({QStringLiteral("present"), QStringLiteral("metaclasses")});
        QCOMPARE(r.exitCode, 1); // no display, no screenshot
        QVERIFY(r.err.contains("no display"));
    }
};

QTEST_GUILESS_MAIN(TestCliProcess)
#include "tst_cliprocess.moc"
