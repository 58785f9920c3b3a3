// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The feed on a real Tornado server, end to end on a small scenario for each delivery (polling,
// long polling, push) and capture (Django's post_save signal, an SQLite trigger): the invariants
// hold in what the run heard (a notification only of a post the server was told of, to a user
// who follows its author, never before the write and the network's time; with the signal, the
// bulk writes' followers never told; with the trigger, every post told); the model beside it is
// exactly `curtain simulate`'s and its figures over the same posts are the model's own; every
// quoted number is in the answer; nothing is left running after the run, after Stop or when the
// process that ran it is SIGKILLed; bad input is one line. Skipped, naming the package, where
// Tornado or Django is not installed.

#include <startup/feed.h>
#include <startup/feedschema.h>
#include <startup/narration.h>
#include <startup/realrun.h>
#include <startup/realservices.h>
#include <startup/realsession.h>
#include <startup/sentencebuilder.h>
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
#include <set>

using namespace Startup;

namespace {

const QString Realstack = QStringLiteral(CURTAIN_SOURCE_DIR "/resources/realstack");

/** Half a simulated minute of 300 users, a post a second, at four times its speed. */
QJsonObject smallScenario(const QString &delivery, const QString &capture)
{
    QJsonObject s = QJsonDocument::fromJson(R"({
        "model": "feed", "users": 300, "median_followers": 12, "follower_sigma": 0.8,
        "online_share": 0.5, "posts_per_user_hour": 12, "minutes": 0.5,
        "poll_interval_seconds": 6, "reconnect_seconds": 0.4, "timeout_seconds": 8,
        "network_ms": 100, "bulk_share": 0.25, "seed": 5
    })")
                        .object();
    s.insert(QStringLiteral("delivery"), delivery);
    s.insert(QStringLiteral("capture"), capture);
    return s;
}

Real::Request request(const QString &root, const QJsonObject &scenario)
{
    Real::Request r;
    r.scenario = scenario;
    r.source = QStringLiteral("small-feed.json");
    r.timeScale = 4;
    r.realstackDir = Realstack;
    r.temporaryRoot = root;
    r.timeoutSeconds = 90;
    return r;
}

std::vector<pid_t> leftIn(const QString &root)
{
    return Real::ServiceGroup::processesWith(QFile::encodeName(root));
}

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
    const QStringList absent = Real::missingPackages(Real::packagesFor(QStringLiteral("feed")));
    return absent.isEmpty() ? QString() : Real::missingMessage(absent);
}

/** The lines the run heard, kept in its folder (CURTAIN_REAL_KEEP) under ROOT. */
QList<QJsonObject> heard(const QString &root)
{
    QList<QJsonObject> lines;
    const QStringList folders
        = QDir(root).entryList({QStringLiteral("curtain-real-*")}, QDir::Dirs);
    if (folders.size() != 1)
        return lines;
    QFile file(root + QLatin1Char('/') + folders.first() + QStringLiteral("/feed.jsonl"));
    if (!file.open(QIODevice::ReadOnly))
        return lines;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (!line.isEmpty())
            lines.append(QJsonDocument::fromJson(line).object());
    }
    return lines;
}

/** The child this test kills: runs the small scenario for real in ROOT. */
int child(const QString &root)
{
    Real::Request r
        = request(root, smallScenario(QStringLiteral("long_polling"), QStringLiteral("signal")));
    r.timeScale = 1; // half a minute: long enough to be killed in the middle
    QString error;
    Real::run(r, {}, &error);
    return 0;
}

} // namespace

class TestRealFeed : public QObject
{
    Q_OBJECT

private slots:
    void badInputIsOneLine_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<double>("value");
        QTest::addColumn<double>("timeScale");
        QTest::addColumn<QString>("named");
        QTest::newRow("a poll interval longer than half the window")
            << QStringLiteral("poll_interval_seconds") << 120.0 << 1.0
            << QStringLiteral("poll_interval_seconds 120 is more than half the 60 s");
        QTest::newRow("a network faster than the loopback")
            << QStringLiteral("network_ms") << 1.0 << 100.0
            << QStringLiteral("network_ms 1 at time scale 100 is shorter than the loopback");
    }
    void badInputIsOneLine()
    {
        QFETCH(QString, key);
        QFETCH(double, value);
        QFETCH(double, timeScale);
        QFETCH(QString, named);
        QJsonObject scenario = smallScenario(QStringLiteral("polling"), QStringLiteral("signal"));
        scenario.insert(key, value);
        Real::Request r = request(QString(), scenario);
        r.timeScale = timeScale;
        const QString problem = Real::check(r);
        QVERIFY2(problem.contains(named), qPrintable(problem));
        QVERIFY(problem.contains(QLatin1String("small-feed.json")));
        QVERIFY(!problem.contains(QLatin1Char('\n')));
    }

    void aMissingPackageIsNamed()
    {
        // An interpreter without Tornado or Django: both named, with the command.
        QTemporaryDir empty;
        QFile fake(empty.filePath(QStringLiteral("python3")));
        QVERIFY(fake.open(QIODevice::WriteOnly));
        fake.write("#!/bin/sh\necho tornado django\n");
        fake.close();
        fake.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        Real::Request r = request(
            empty.path(), smallScenario(QStringLiteral("polling"), QStringLiteral("signal")));
        r.machine.python = fake.fileName();
        const QString problem = Real::check(r);
        QVERIFY2(
            problem.contains(QLatin1String("sudo apt-get install python3-tornado python3-django")),
            qPrintable(problem));
    }

    void theSmallScenarioHoldsItsInvariants_data()
    {
        QTest::addColumn<QString>("delivery");
        QTest::addColumn<QString>("capture");
        QTest::newRow("polling, signal") << QStringLiteral("polling") << QStringLiteral("signal");
        QTest::newRow("long polling, trigger")
            << QStringLiteral("long_polling") << QStringLiteral("trigger");
        QTest::newRow("push, signal") << QStringLiteral("push") << QStringLiteral("signal");
    }
    void theSmallScenarioHoldsItsInvariants()
    {
        if (const QString why = missing(); !why.isEmpty())
            QSKIP(qPrintable(why));
        QFETCH(QString, delivery);
        QFETCH(QString, capture);
        QTemporaryDir root;
        const QJsonObject scenario = smallScenario(delivery, capture);
        qputenv("CURTAIN_REAL_KEEP", "1");
        QString error;
        const QJsonObject answer = Real::run(request(root.path(), scenario), {}, &error);
        qunsetenv("CURTAIN_REAL_KEEP");
        QVERIFY2(!answer.isEmpty(), qPrintable(error));
        QVERIFY(leftIn(root.path()).empty());

        // The model beside it is exactly what `curtain simulate` gives.
        Simulation::Request s;
        s.scenario = scenario;
        s.source = QStringLiteral("small-feed.json");
        QJsonObject model = Simulation::run(s, {}, &error);
        QJsonObject given = answer.value(QStringLiteral("model")).toObject();
        model.remove(QStringLiteral("wall_ms"));
        given.remove(QStringLiteral("wall_ms"));
        QCOMPARE(given, model);

        // What the run heard: every notification of a told post, to one of its author's
        // followers, after the write and the network's time; each user's at most as often as
        // the author's follower list names them.
        const QList<QJsonObject> lines = heard(root.path());
        QVERIFY(!lines.isEmpty());
        FeedParams p = *Scenario::parseFeed(scenario, QString(), &error);
        FeedDraws draws;
        draws.untilSeconds = p.minutes * 60;
        simulateFeed(p, nullptr, &draws);
        std::map<int, double> written, told;
        std::map<int, bool> bulk;
        std::map<std::pair<int, int>, int> received;
        const double network = p.networkMs / 1000 / 4;
        for (const QJsonObject &o : lines) {
            const QString kind = o.value(QStringLiteral("kind")).toString();
            const int post = o.value(QStringLiteral("post")).toInt();
            const double t = o.value(QStringLiteral("t")).toDouble();
            if (kind == QLatin1String("written")) {
                written[post] = t;
                bulk[post] = o.value(QStringLiteral("path")).toString() == QLatin1String("bulk");
                QCOMPARE(bulk[post], draws.posts[std::size_t(post)].bulk);
            } else if (kind == QLatin1String("published")) {
                told[post] = t;
            }
        }
        QCOMPARE(written.size(), draws.posts.size());
        for (const auto &[post, isBulk] : bulk) {
            // The signal misses exactly the bulk writes; the trigger misses none.
            QCOMPARE(told.count(post) == 1, capture == QLatin1String("trigger") || !isBulk);
        }
        long long deliveries = 0;
        for (const QJsonObject &o : lines) {
            if (o.value(QStringLiteral("kind")).toString() != QLatin1String("delivered"))
                continue;
            ++deliveries;
            const int post = o.value(QStringLiteral("post")).toInt();
            const int user = o.value(QStringLiteral("user")).toInt();
            const double t = o.value(QStringLiteral("t")).toDouble();
            QVERIFY2(told.count(post), "a notification of a post nobody told the server of");
            QVERIFY(t >= written.at(post) + network);
            QVERIFY(draws.online[std::size_t(user)]);
            const std::vector<int> &followers
                = draws.followers[std::size_t(draws.posts[std::size_t(post)].author)];
            const auto named = std::count(followers.begin(), followers.end(), user);
            const int times = ++received[std::make_pair(post, user)];
            QVERIFY(times <= named);
        }
        const QJsonObject real = answer.value(QStringLiteral("real")).toObject();
        const QJsonObject same = answer.value(QStringLiteral("model_same_posts")).toObject();
        QCOMPARE(real.value(QStringLiteral("delivered")).toDouble(), double(deliveries));
        QCOMPARE(real.value(QStringLiteral("posts")).toDouble(), double(draws.posts.size()));
        QCOMPARE(same.value(QStringLiteral("posts")), real.value(QStringLiteral("posts")));
        // What the capture misses is the same posts in both: the same notifications missed.
        QCOMPARE(real.value(QStringLiteral("missed_events")),
                 same.value(QStringLiteral("missed_events")));
        if (capture == QLatin1String("trigger"))
            QCOMPARE(real.value(QStringLiteral("missed_events")).toDouble(), 0.0);
        QCOMPARE(real.value(QStringLiteral("delivered")).toDouble()
                     + real.value(QStringLiteral("undelivered")).toDouble(),
                 same.value(QStringLiteral("delivered")).toDouble());
        if (delivery == QLatin1String("push"))
            QCOMPARE(real.value(QStringLiteral("requests_per_second")).toDouble(), 0.0);
        else
            QVERIFY(real.value(QStringLiteral("requests_per_second")).toDouble() > 0);

        // The comparison quotes only values of the answer.
        const QJsonArray summary = answer.value(QStringLiteral("comparison"))
                                       .toObject()
                                       .value(QStringLiteral("summary"))
                                       .toArray();
        QVERIFY(summary.size() >= 3);
        for (const Narration::Sentence &sentence : Narration::fromJson(summary)) {
            for (const Narration::Quote &q : sentence.quotes) {
                if (q.source.startsWith(QLatin1String("input."))
                    || q.source == QLatin1String("time_scale"))
                    continue;
                const double value = Narration::numberAt(answer, q.source);
                QVERIFY2(qFuzzyCompare(1 + value, 1 + q.value),
                         qPrintable(q.source + QStringLiteral(" in: ") + sentence.text));
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
                sawServices = leftIn(root.path()).size() >= 3; // conductor, server, users
                stop = true;
            }
        };
        Real::Request r
            = request(root.path(), smallScenario(QStringLiteral("push"), QStringLiteral("signal")));
        r.timeScale = 1;
        QString error;
        const QJsonObject answer = Real::run(r, control, &error);
        QVERIFY2(!answer.isEmpty(), qPrintable(error));
        QVERIFY(sawServices);
        QVERIFY(answer.value(QStringLiteral("stopped")).toBool());
        QVERIFY(leftIn(root.path()).empty());
        QVERIFY(QDir(root.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).isEmpty());
    }

    void aTimeOutEndsEveryProcess()
    {
        if (const QString why = missing(); !why.isEmpty())
            QSKIP(qPrintable(why));
        QTemporaryDir root;
        Real::Request r = request(
            root.path(), smallScenario(QStringLiteral("long_polling"), QStringLiteral("signal")));
        r.timeScale = 1;      // half a minute of posts
        r.timeoutSeconds = 8; // ends long before
        QString error;
        const QJsonObject answer = Real::run(r, {}, &error);
        // Ended by the clock: a result marked so, or an error saying what did not finish.
        QVERIFY2(answer.value(QStringLiteral("timed_out")).toBool() || !error.isEmpty(),
                 qPrintable(error));
        QVERIFY(leftIn(root.path()).empty());
    }

    void killingTheParentEndsEveryProcess()
    {
        if (const QString why = missing(); !why.isEmpty())
            QSKIP(qPrintable(why));
        QTemporaryDir root;
        QProcess parent;
        parent.start(QCoreApplication::applicationFilePath(),
                     {QStringLiteral("--child"), root.path()});
        QVERIFY(parent.waitForStarted());
        QElapsedTimer clock;
        clock.start();
        std::vector<pid_t> services;
        while (clock.elapsed() < 60000) {
            services = leftIn(root.path());
            if (services.size() >= 3)
                break;
            QThread::msleep(200);
        }
        QVERIFY2(services.size() >= 3, "the feed's processes did not start");
        ::kill(pid_t(parent.processId()), SIGKILL);
        QVERIFY(parent.waitForFinished(10000));
        const std::vector<pid_t> left = waitGone(root.path(), 10);
        QVERIFY2(left.empty(), qPrintable(QStringLiteral("%1 processes left").arg(left.size())));
    }
};

int main(int argc, char **argv)
{
    if (argc == 3 && qstrcmp(argv[1], "--child") == 0) {
        QCoreApplication app(argc, argv);
        return child(QString::fromLocal8Bit(argv[2]));
    }
    QCoreApplication app(argc, argv);
    TestRealFeed test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_realfeed.moc"
