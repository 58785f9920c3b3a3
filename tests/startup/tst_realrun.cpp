// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The transcoding day on the real stack (Redis, Celery 5, ffmpeg), end to end on a small
// scenario: the invariants hold in the recording (every upload done once it counts, no turnaround
// shorter than its transcode, no worker running more than its slots); the model beside it is
// exactly `curtain simulate`'s; every quoted number is in the answer; nothing is left running
// after the run, after Stop, after a time-out, or when the process that ran it is SIGKILLed; bad
// input is one line. Skipped, naming the package, where the real stack is not installed.

#include <startup/narration.h>
#include <startup/realrun.h>
#include <startup/realservices.h>
#include <startup/realsession.h>
#include <startup/sentencebuilder.h>
#include <startup/simulatecommand.h>
#include <startup/simulation.h>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <csignal>
#include <map>

using namespace Startup;

namespace {

const QString Realstack = QStringLiteral(CURTAIN_SOURCE_DIR "/resources/realstack");

/** Two simulated hours on one machine of two slots: some forty uploads, hoarding, no crash. */
QJsonObject smallScenario()
{
    return QJsonDocument::fromJson(R"({
        "model": "transcoding", "hours": 2, "warmup_hours": 0, "seed": 7, "sample_minutes": 5,
        "arrivals": {"uploads_per_hour": 24},
        "videos": {"median_minutes": 4, "sigma": 0.8},
        "broker": {"prefetch_multiplier": 4, "acks": "late", "visibility_timeout_minutes": 60},
        "pool": {"instances": 2, "slots_per_instance": 2, "speed": 1.5,
                 "crashes_per_instance_hour": 0}
    })")
        .object();
}

Real::Request request(const QString &root)
{
    Real::Request r;
    r.scenario = smallScenario();
    r.source = QStringLiteral("small.json");
    r.timeScale = 600; // two hours in twelve seconds
    r.detail = true;
    r.realstackDir = Realstack;
    r.temporaryRoot = root;
    r.timeoutSeconds = 90;
    return r;
}

/** Processes whose command line names ROOT: the run's services all do (their folder). */
std::vector<pid_t> leftIn(const QString &root)
{
    return Real::ServiceGroup::processesWith(QFile::encodeName(root));
}

/** Waits up to SECONDS for every process naming ROOT to end; what is left. */
std::vector<pid_t> waitGone(const QString &root, int seconds)
{
    QElapsedTimer clock;
    clock.start();
    std::vector<pid_t> left = leftIn(root);
    while (!left.empty() && clock.elapsed() < seconds * 1000) {
        QThread::msleep(100);
        left = leftIn(root);
    }
    return left;
}

QString missing()
{
    const QStringList absent
        = Real::missingPackages(Real::packagesFor(QStringLiteral("transcoding")));
    return absent.isEmpty() ? QString() : Real::missingMessage(absent);
}

struct Cli
{
    int exitCode = -1;
    QString out, err;
};

Cli simulate(const QStringList &args)
{
    Cli r;
    QTextStream out(&r.out), err(&r.err);
    r.exitCode = simulateSubcommand().run(args, out, err);
    out.flush();
    err.flush();
    return r;
}

/** The child this test kills: runs the small scenario for real in ROOT, printing the run's
 *  folder's root first. */
int child(const QString &root)
{
    std::atomic<bool> stop{false};
    Simulation::Control control;
    control.stop = &stop;
    Real::Request r = request(root);
    r.timeScale = 60; // two minutes: long enough to be killed in the middle
    QString error;
    Real::run(r, control, &error);
    return 0;
}

} // namespace

class TestRealRun : public QObject
{
    Q_OBJECT

private slots:
    void badInputIsOneLine_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("named");
        const QString dir = QStringLiteral(CURTAIN_SOURCE_DIR "/resources/scenarios/");
        const QString t = dir + QStringLiteral("transcoding.json");
        QTest::newRow("time scale too small") << QStringList{t,
                                                             QStringLiteral("--real"),
                                                             QStringLiteral("--time-scale"),
                                                             QStringLiteral("0.5")}
                                              << QStringLiteral("give a number from 1 to 10000");
        QTest::newRow("time scale too large") << QStringList{t,
                                                             QStringLiteral("--real"),
                                                             QStringLiteral("--time-scale"),
                                                             QStringLiteral("20000")}
                                              << QStringLiteral("give a number from 1 to 10000");
        QTest::newRow("time scale not a number") << QStringList{t,
                                                                QStringLiteral("--real"),
                                                                QStringLiteral("--time-scale"),
                                                                QStringLiteral("fast")}
                                                 << QStringLiteral("invalid --time-scale 'fast'");
        QTest::newRow("time scale without --real")
            << QStringList{t, QStringLiteral("--time-scale"), QStringLiteral("100")}
            << QStringLiteral("give --real too");
        QTest::newRow("with a sweep") << QStringList{t,
                                                     QStringLiteral("--real"),
                                                     QStringLiteral("--sweep"),
                                                     QStringLiteral("pool.instances=1:4:4")}
                                      << QStringLiteral("--sweep does not go with --real");
        QTest::newRow("a model without a real stack")
            << QStringList{dir + QStringLiteral("mmc.json"), QStringLiteral("--real")}
            << QStringLiteral("model mmc has no real stack");
        QTest::newRow("the ORM with a time scale")
            << QStringList{dir + QStringLiteral("orm.json"),
                           QStringLiteral("--real"),
                           QStringLiteral("--time-scale"),
                           QStringLiteral("10")}
            << QStringLiteral("has no meaning for the ORM lab");
    }
    void badInputIsOneLine()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, named);
        const Cli r = simulate(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(named), qPrintable(r.err));
        QCOMPARE(r.err.trimmed().count(QLatin1Char('\n')), 0);
    }

    void aMissingPackageIsNamed()
    {
        // A search path without redis-server or ffmpeg: both named, with the command.
        QTemporaryDir empty;
        Real::Request r = request(empty.path());
        r.machine.searchPath = empty.path();
        const QString problem = Real::check(r);
        QVERIFY2(problem.contains(QLatin1String("redis-server"))
                     && problem.contains(QLatin1String("ffmpeg"))
                     && problem.contains(QLatin1String("sudo apt-get install redis-server ffmpeg")),
                 qPrintable(problem));
        QVERIFY(!problem.contains(QLatin1Char('\n')));
        QString error;
        QVERIFY(Real::run(r, {}, &error).isEmpty());
        QCOMPARE(error, problem);
    }

    void theSmallScenarioHoldsItsInvariants()
    {
        if (const QString why = missing(); !why.isEmpty())
            QSKIP(qPrintable(why));
        QTemporaryDir root;
        QString error;
        const QJsonObject answer = Real::run(request(root.path()), {}, &error);
        QVERIFY2(!answer.isEmpty(), qPrintable(error));
        QVERIFY(leftIn(root.path()).empty());
        QVERIFY(QDir(root.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).isEmpty());

        // The model beside it is exactly what `curtain simulate` gives.
        Simulation::Request s;
        s.scenario = smallScenario();
        s.source = QStringLiteral("small.json");
        s.detail = true;
        QJsonObject model = Simulation::run(s, {}, &error);
        QJsonObject given = answer.value(QStringLiteral("model")).toObject();
        model.remove(QStringLiteral("wall_ms"));
        given.remove(QStringLiteral("wall_ms"));
        QCOMPARE(given, model);

        const QJsonObject real = answer.value(QStringLiteral("real")).toObject();
        QCOMPARE(real.value(QStringLiteral("arrived")).toInt(),
                 model.value(QStringLiteral("arrived")).toInt());
        const int slotsEach = real.value(QStringLiteral("slots_per_instance")).toInt();
        QCOMPARE(slotsEach, 2);
        const double overhead = real.value(QStringLiteral("calibration"))
                                    .toObject()
                                    .value(QStringLiteral("overhead_seconds"))
                                    .toDouble()
                                / 60 * 600; // in simulated minutes
        // Every upload that arrived was sent and done; none sooner than its transcode.
        const QJsonArray uploads = real.value(QStringLiteral("uploads")).toArray();
        QCOMPARE(uploads.size(), real.value(QStringLiteral("arrived")).toInt());
        std::map<int, std::vector<std::pair<double, int>>> edges; // per worker: (t, +1/-1)
        int done = 0;
        for (const QJsonValue v : uploads) {
            const QJsonObject u = v.toObject();
            const double sent = u.value(QStringLiteral("sent")).toDouble();
            const double finished = u.value(QStringLiteral("done")).toDouble();
            QVERIFY(sent >= 0);
            if (finished < 0)
                continue;
            ++done;
            const double service = u.value(QStringLiteral("video_minutes")).toDouble() / 1.5;
            QVERIFY2(finished - sent >= service - overhead - 0.01,
                     qPrintable(QStringLiteral("turnaround %1 < service %2")
                                    .arg(finished - sent)
                                    .arg(service)));
            for (const QJsonValue x : u.value(QStringLiteral("executions")).toArray()) {
                const QJsonArray e = x.toArray();
                QVERIFY(e.at(1).toDouble() >= sent);
                if (e.at(2).toDouble() >= 0)
                    QVERIFY(e.at(2).toDouble() >= e.at(1).toDouble());
                edges[e.at(0).toInt()].push_back({e.at(1).toDouble(), +1});
                edges[e.at(0).toInt()].push_back(
                    {e.at(2).toDouble() >= 0 ? e.at(2).toDouble() : 1e9, -1});
            }
        }
        QCOMPARE(done, real.value(QStringLiteral("completed")).toInt());
        QCOMPARE(done + real.value(QStringLiteral("unfinished")).toInt(),
                 real.value(QStringLiteral("arrived")).toInt());
        QVERIFY(real.value(QStringLiteral("unfinished")).toInt() <= 4); // the last ones, at most
        // No worker ran more transcodes at once than its slots (ends before starts at a tie).
        for (auto &[worker, list] : edges) {
            std::sort(list.begin(), list.end());
            int running = 0;
            for (const auto &[t, step] : list) {
                running += step;
                QVERIFY2(running <= slotsEach,
                         qPrintable(
                             QStringLiteral("worker %1 ran %2 at once").arg(worker).arg(running)));
            }
        }
        // The comparison quotes only values of the answer.
        const QJsonArray summary = answer.value(QStringLiteral("comparison"))
                                       .toObject()
                                       .value(QStringLiteral("summary"))
                                       .toArray();
        QVERIFY(!summary.isEmpty());
        for (const Narration::Sentence &s : Narration::fromJson(summary)) {
            for (const Narration::Quote &q : s.quotes) {
                if (q.source.startsWith(QLatin1String("input.")))
                    continue;
                const double value = Narration::numberAt(answer, q.source);
                QVERIFY2(qFuzzyCompare(1 + value, 1 + q.value),
                         qPrintable(q.source + QStringLiteral(" in: ") + s.text));
            }
        }
    }

    void stopEndsEveryProcess()
    {
        if (const QString why = missing(); !why.isEmpty())
            QSKIP(qPrintable(why));
        QTemporaryDir root;
        std::atomic<bool> stop{false};
        Simulation::Control control;
        control.stop = &stop;
        bool sawServices = false;
        control.progress = [&](double fraction) {
            if (fraction > 0.2 && !stop) {
                sawServices = !leftIn(root.path()).empty();
                stop = true;
            }
        };
        Real::Request r = request(root.path());
        r.timeScale = 60;
        QString error;
        const QJsonObject answer = Real::run(r, control, &error);
        QVERIFY2(!answer.isEmpty(), qPrintable(error));
        QVERIFY(sawServices);
        QVERIFY(answer.value(QStringLiteral("stopped")).toBool());
        QVERIFY(leftIn(root.path()).empty());
    }

    void aTimeOutEndsEveryProcess()
    {
        if (const QString why = missing(); !why.isEmpty())
            QSKIP(qPrintable(why));
        QTemporaryDir root;
        Real::Request r = request(root.path());
        r.timeScale = 60;
        r.timeoutSeconds = 20; // the day takes 120 s
        QString error;
        const QJsonObject answer = Real::run(r, {}, &error);
        // Ended by the clock: a result marked so, or an error saying what did not finish.
        QVERIFY2(answer.value(QStringLiteral("timed_out")).toBool() || !error.isEmpty(),
                 qPrintable(error));
        QVERIFY(leftIn(root.path()).empty());
    }

    void killingTheParentEndsTheGroup()
    {
        if (const QString why = missing(); !why.isEmpty())
            QSKIP(qPrintable(why));
        QTemporaryDir root;
        QProcess parent;
        parent.start(QCoreApplication::applicationFilePath(),
                     {QStringLiteral("--child"), root.path()});
        QVERIFY(parent.waitForStarted());
        // Wait for its workers: Python processes running Celery in the run's folder.
        QElapsedTimer clock;
        clock.start();
        std::vector<pid_t> services;
        while (clock.elapsed() < 60000) {
            services = leftIn(root.path());
            if (services.size() >= 4)
                break;
            QThread::msleep(200);
        }
        QVERIFY2(services.size() >= 4, "the real run's services did not start");
        ::kill(pid_t(parent.processId()), SIGKILL);
        QVERIFY(parent.waitForFinished(10000));
        const std::vector<pid_t> left = waitGone(root.path(), 10);
        QVERIFY2(left.empty(), qPrintable(QStringLiteral("%1 processes left").arg(left.size())));
        // Killed, it could not remove its folder: the next real run does, and leaves a live
        // Curtain's alone.
        const QStringList pattern{QStringLiteral("curtain-real-*")};
        QCOMPARE(QDir(root.path()).entryList(pattern, QDir::Dirs).size(), 1);
        const QString live = QStringLiteral("curtain-real-%1-live").arg(::getpid());
        QVERIFY(QDir(root.path()).mkpath(live));
        QCOMPARE(Real::removeAbandonedFolders(root.path()), 1);
        QCOMPARE(QDir(root.path()).entryList(pattern, QDir::Dirs), QStringList{live});
    }
};

int main(int argc, char **argv)
{
    if (argc == 3 && qstrcmp(argv[1], "--child") == 0) {
        QCoreApplication app(argc, argv);
        return child(QString::fromLocal8Bit(argv[2]));
    }
    QCoreApplication app(argc, argv);
    TestRealRun test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_realrun.moc"
