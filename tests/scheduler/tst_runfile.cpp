// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Saved runs: a run saved and opened again is the same run, event for event; a bad file is
// refused with the field that is wrong.

#include <scheduler/engine.h>
#include <scheduler/runfile.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Scheduler;

namespace {

void compareRuns(const RunRecord &a, const RunRecord &b)
{
    QCOMPARE(a.options.model, b.options.model);
    QCOMPARE(a.options.workload, b.options.workload);
    QCOMPARE(a.options.workers, b.options.workers);
    QCOMPARE(a.options.tasks, b.options.tasks);
    QCOMPARE(a.options.taskMs, b.options.taskMs);
    QCOMPARE(a.options.switchIntervalMs, b.options.switchIntervalMs);
    QCOMPARE(a.options.blockingIo, b.options.blockingIo);
    QCOMPARE(a.tasks, b.tasks);
    QCOMPARE(a.completed, b.completed);
    QCOMPARE(a.cores, b.cores);
    QCOMPARE(a.wallMs, b.wallMs);
    QCOMPARE(a.cpuMs, b.cpuMs);
    QCOMPARE(a.throughput, b.throughput);
    QCOMPARE(a.taskLatency.p50, b.taskLatency.p50);
    QCOMPARE(a.taskLatency.p95, b.taskLatency.p95);
    QCOMPARE(a.ioLatency.max, b.ioLatency.max);
    QCOMPARE(a.lockWaitMs, b.lockWaitMs);
    QCOMPARE(a.lockWaitPerWorkerMs, b.lockWaitPerWorkerMs);
    QCOMPARE(a.gilHandoffs, b.gilHandoffs);
    QCOMPARE(a.gilWaitMs, b.gilWaitMs);
    QCOMPARE(a.otherLoadCores, b.otherLoadCores);
    QCOMPARE(a.startNs, b.startNs);
    QCOMPARE(a.stopped, b.stopped);
    QVERIFY(a.events == b.events);
    QCOMPARE(a.program, b.program);
    QCOMPARE(a.laneNames, b.laneNames);
    QCOMPARE(a.laneProcess, b.laneProcess);
    QCOMPARE(a.laneThread, b.laneThread);
    QVERIFY(a.processes == b.processes);
    QCOMPARE(chromeTrace(a), chromeTrace(b)); // and so it draws the same
}

} // namespace

class TestRunFile : public QObject
{
    Q_OBJECT

private slots:
    void aSavedRunOpensIdentical()
    {
        MeasureOptions o;
        o.model = Model::Gil;
        o.workload = Workload::SharedDict;
        o.workers = 3;
        o.tasks = 6;
        o.taskMs = 2;
        o.switchIntervalMs = 1;
        SavedRuns saved;
        saved.runs.push_back(runMeasurement(o));
        o.model = Model::Coroutines;
        o.workload = Workload::Io;
        o.blockingIo = true;
        saved.runs.push_back(runMeasurement(o));
        // A Python program's run, its threads by name (made by hand: the runner is not needed).
        RunRecord python = saved.runs.front();
        python.program = QStringLiteral("lesson.py in CPython 3.11.2");
        python.laneNames = {QStringLiteral("MainThread"),
                            QStringLiteral("Thread-1 (work)"),
                            QStringLiteral("ForkPoolWorker-1 (pid 9)")};
        python.laneProcess = {0, 0, 1};
        python.laneThread = {-1, -1, -1};
        python.processes
            = {{QStringLiteral("lesson.py"), 8}, {QStringLiteral("ForkPoolWorker-1"), 9}};
        saved.runs.push_back(python);
        saved.batches = {4, 4, 5};
        saved.compare.push_back(saved.runs.front());
        saved.compare.back().events.clear();
        saved.compareRepetitions = 1;
        QVERIFY(!saved.runs.front().events.empty());

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("runs.json"));
        QString error;
        QVERIFY2(RunFile::save(path, saved, &error), qPrintable(error));
        const std::optional<SavedRuns> loaded = RunFile::load(path, &error);
        QVERIFY2(loaded, qPrintable(error));
        QCOMPARE(loaded->runs.size(), std::size_t(3));
        for (std::size_t i = 0; i < saved.runs.size(); ++i)
            compareRuns(saved.runs[i], loaded->runs[i]);
        QCOMPARE(loaded->batches, saved.batches);
        QCOMPARE(loaded->compare.size(), std::size_t(1));
        compareRuns(saved.compare.front(), loaded->compare.front());
        QCOMPARE(loaded->compareRepetitions, 1);
        // Saving what was opened gives the same bytes.
        QCOMPARE(RunFile::serialize(*loaded), RunFile::serialize(saved));
    }

    void badFilesNameTheFieldThatIsWrong_data()
    {
        QTest::addColumn<QString>("edit");
        QTest::addColumn<QString>("named");
        QTest::newRow("format") << QStringLiteral("format=other") << QStringLiteral("format");
        QTest::newRow("model") << QStringLiteral("model=fibers") << QStringLiteral("runs[0].model");
        QTest::newRow("workers") << QStringLiteral("workers=1000")
                                 << QStringLiteral("runs[0].workers");
        QTest::newRow("state") << QStringLiteral("state=flying")
                               << QStringLiteral("runs[0].events[0]: state 'flying'");
        QTest::newRow("event worker")
            << QStringLiteral("eventworker=9") << QStringLiteral("runs[0].events[0]: worker 9");
        QTest::newRow("wall") << QStringLiteral("wall=-1") << QStringLiteral("runs[0].wall_ms");
        // The packed events as saved: a state byte no state has, a record cut short.
        QTest::newRow("packed state") << QStringLiteral("packedstate=200")
                                      << QStringLiteral("runs[0].events_packed[0]: state '200'");
        QTest::newRow("packed worker") << QStringLiteral("packedworker=9")
                                       << QStringLiteral("runs[0].events_packed[0]: worker 9");
        QTest::newRow("packed length")
            << QStringLiteral("packedcut=3")
            << QStringLiteral("runs[0].events_packed: not base64 of 20-byte events");
    }

    void badFilesNameTheFieldThatIsWrong()
    {
        QFETCH(QString, edit);
        QFETCH(QString, named);
        RunRecord run;
        run.options.workers = 2;
        run.tasks = 1;
        run.wallMs = 1;
        run.events = {{0, 0, WorkerState::Running, 0, 0, -1}};
        SavedRuns saved;
        saved.runs = {run};
        QJsonObject root = QJsonDocument::fromJson(RunFile::serialize(saved)).object();
        QJsonArray runs = root.value(QStringLiteral("runs")).toArray();
        QJsonObject first = runs.at(0).toObject();
        // The packed events as saved, and the same as arrays (as files were saved before).
        QByteArray packed = QByteArray::fromBase64(
            first.value(QStringLiteral("events_packed")).toString().toLatin1());
        QCOMPARE(packed.size(), RunFile::PackedEventBytes);
        QJsonArray events{QJsonArray{0, 0, QStringLiteral("running"), 0, 0, -1}};
        QJsonArray event = events.at(0).toArray();
        const QString key = edit.section(QLatin1Char('='), 0, 0);
        const QString value = edit.section(QLatin1Char('='), 1);
        if (key == QLatin1String("format"))
            root.insert(QStringLiteral("format"), value);
        else if (key == QLatin1String("model"))
            first.insert(QStringLiteral("model"), value);
        else if (key == QLatin1String("workers"))
            first.insert(QStringLiteral("workers"), value.toInt());
        else if (key == QLatin1String("wall"))
            first.insert(QStringLiteral("wall_ms"), value.toDouble());
        else if (key == QLatin1String("state"))
            event[2] = value;
        else if (key == QLatin1String("eventworker"))
            event[1] = value.toInt();
        else if (key == QLatin1String("packedstate"))
            packed[12] = char(value.toInt());
        else if (key == QLatin1String("packedworker"))
            packed[8] = char(value.toInt());
        else if (key == QLatin1String("packedcut"))
            packed.chop(value.toInt());
        if (key.startsWith(QLatin1String("packed"))) {
            first.insert(QStringLiteral("events_packed"), QString::fromLatin1(packed.toBase64()));
        } else if (key == QLatin1String("state") || key == QLatin1String("eventworker")) {
            events[0] = event;
            first.remove(QStringLiteral("events_packed"));
            first.insert(QStringLiteral("events"), events);
        }
        runs[0] = first;
        root.insert(QStringLiteral("runs"), runs);
        QString error;
        const auto loaded
            = RunFile::parse(QJsonDocument(root).toJson(), QStringLiteral("saved.json"), &error);
        QVERIFY(!loaded);
        QVERIFY2(error.startsWith(QStringLiteral("saved.json")), qPrintable(error));
        QVERIFY2(error.contains(named), qPrintable(error));
    }

    void filesSavedWithEventsAsArraysStillOpen()
    {
        RunRecord run;
        run.options.workers = 3;
        run.tasks = 1;
        run.wallMs = 1;
        run.startNs = 5000;
        run.events = {{5000, 0, WorkerState::Running, EventFlag::TaskStart, 1, -1},
                      {6000, 2, WorkerState::WaitingLock, 0, -1, 0},
                      {9000, 1, WorkerState::BlockedIo, EventFlag::HoldsLock, 0, -1}};
        SavedRuns saved;
        saved.runs = {run};
        QJsonObject root = QJsonDocument::fromJson(RunFile::serialize(saved)).object();
        QJsonArray runs = root.value(QStringLiteral("runs")).toArray();
        QJsonObject first = runs.at(0).toObject();
        first.remove(QStringLiteral("events_packed"));
        QJsonArray events;
        for (const WorkerEvent &e : run.events)
            events.append(QJsonArray{
                double(e.t - run.startNs), e.worker, stateId(e.state), e.flags, e.cpu, e.other});
        first.insert(QStringLiteral("events"), events);
        runs[0] = first;
        root.insert(QStringLiteral("runs"), runs);
        QString error;
        const auto loaded
            = RunFile::parse(QJsonDocument(root).toJson(), QStringLiteral("old.json"), &error);
        QVERIFY2(loaded, qPrintable(error));
        QVERIFY(loaded->runs.front().events == run.events);
    }

    void aFileThatIsTooLargeIsRefusedByName()
    {
        QString error;
        // /dev/zero never ends: the reader stops at the limit and says so.
        QVERIFY(!RunFile::load(QStringLiteral("/dev/zero"), &error));
        QVERIFY2(error.contains(QStringLiteral("/dev/zero"))
                     && error.contains(QStringLiteral("MiB")),
                 qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestRunFile)
#include "tst_runfile.moc"
