// Every model and workload for real, the JSON contract's shape, Stop, and the phenomena in their
// direction (never their exact timing): no speed-up for CPU-bound threads under the GIL, overlap
// for I/O, the convoy effect, a blocking call stalling an event loop.

#include "../support/processes.h"

#include <engine.h>
#include <measurecommand.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <thread>
#include <unistd.h>

Q_DECLARE_METATYPE(Model)
Q_DECLARE_METATYPE(Workload)

namespace {

MeasureOptions options(Model model, Workload workload, int workers, int tasks, double taskMs)
{
    MeasureOptions o;
    o.model = model;
    o.workload = workload;
    o.workers = workers;
    o.tasks = tasks;
    o.taskMs = taskMs;
    o.workerPath = QStringLiteral(CURTAIN_WORKER);
    return o;
}

} // namespace

class TestEngine : public QObject
{
    Q_OBJECT

private slots:
    void everyModelRunsEveryWorkloadItOffers_data()
    {
        QTest::addColumn<Model>("model");
        QTest::addColumn<Workload>("workload");
        QTest::addColumn<int>("workers");
        for (Model m : {Model::Threads, Model::Gil, Model::Processes, Model::Coroutines}) {
            for (Workload w : {Workload::Cpu,
                               Workload::Io,
                               Workload::Mixed,
                               Workload::SharedDict,
                               Workload::Pipeline}) {
                MeasureOptions probe = options(m, w, w == Workload::Pipeline ? 3 : 2, 4, 2);
                if (!probe.problem().isEmpty())
                    continue;
                QTest::newRow(qPrintable(modelId(m) + QLatin1Char('/') + workloadId(w)))
                    << m << w << probe.workers;
            }
        }
    }

    void everyModelRunsEveryWorkloadItOffers()
    {
        QFETCH(Model, model);
        QFETCH(Workload, workload);
        QFETCH(int, workers);
        const RunResult run = runMeasurement(options(model, workload, workers, 6, 2));
        QVERIFY2(run.error.isEmpty(), qPrintable(run.error));
        QCOMPARE(run.tasks, 6);
        QVERIFY(run.wallMs > 0);
        QVERIFY(run.throughput > 0);
        QVERIFY(run.taskLatency.p50 > 0);
        QVERIFY(!run.events.empty());
        QVERIFY(std::is_sorted(run.events.begin(),
                               run.events.end(),
                               [](const auto &a, const auto &b) { return a.t < b.t; }));
        for (const WorkerEvent &e : run.events)
            QVERIFY(e.worker >= 0 && e.worker < workers);

        const QJsonObject json = run.toJson();
        for (const char *key : {"model",
                                "workload",
                                "workers",
                                "tasks",
                                "wall_ms",
                                "cpu_ms",
                                "throughput_tasks_per_s",
                                "task_latency_ms",
                                "lock_wait_ms",
                                "gil_handoffs",
                                "context_switches",
                                "spawn_ms",
                                "encoded_bytes",
                                "encode_ms",
                                "trace_events"}) {
            QVERIFY2(json.contains(QLatin1String(key)), key);
        }
        QCOMPARE(json.contains(QStringLiteral("io_latency_ms")),
                 workload == Workload::Io || workload == Workload::Mixed);
        for (const char *key : {"p50", "p95", "max"})
            QVERIFY(json.value(QStringLiteral("task_latency_ms"))
                        .toObject()
                        .contains(QLatin1String(key)));

        const QJsonObject trace = QJsonDocument::fromJson(chromeTrace(run)).object();
        QVERIFY(trace.value(QStringLiteral("traceEvents")).toArray().size() > workers);
    }

    void processesMeasureSpawnAndEncoding()
    {
        const int before = childProcessCount();
        const RunResult run = runMeasurement(options(Model::Processes, Workload::Cpu, 2, 6, 2));
        QVERIFY2(run.error.isEmpty(), qPrintable(run.error));
        QVERIFY(run.spawnMeanMs > 0);
        QVERIFY(run.spawnMaxMs >= run.spawnMeanMs);
        QVERIFY(run.encodedBytes > 6 * 20);
        bool workerRan = false; // the children's own events made it back
        for (const WorkerEvent &e : run.events)
            workerRan |= e.state == WorkerState::Running;
        QVERIFY(workerRan);
        QCOMPARE(childProcessCount(), before); // no worker outlives its run
    }

    void sharedDictContendsForItsLock()
    {
        const RunResult run
            = runMeasurement(options(Model::Threads, Workload::SharedDict, 2, 8, 5));
        QVERIFY(run.lockWaitMs > 0);
        QCOMPARE(run.lockWaitPerWorkerMs.size(), std::size_t(2));
        const QJsonObject trace = QJsonDocument::fromJson(chromeTrace(run)).object();
        bool flow = false; // arrows from the holder to the waiter
        for (const QJsonValue &v : trace.value(QStringLiteral("traceEvents")).toArray())
            flow |= v.toObject().value(QStringLiteral("ph")).toString() == QLatin1String("f");
        QVERIFY(flow);
    }

    void cpuBoundThreadsGainNothingUnderTheGil()
    {
        const RunResult one = runMeasurement(options(Model::Gil, Workload::Cpu, 1, 8, 10));
        const RunResult two = runMeasurement(options(Model::Gil, Workload::Cpu, 2, 8, 10));
        QVERIFY(two.gilHandoffs > 0);
        const double speedup = one.wallMs / two.wallMs;
        QVERIFY2(speedup < 1.3, qPrintable(QString::number(speedup)));
        // Without the GIL the same two threads use more than one core's worth of CPU.
        const RunResult free = runMeasurement(options(Model::Threads, Workload::Cpu, 2, 8, 10));
        if (free.cores >= 2)
            QVERIFY2(free.cpuMs / free.wallMs > two.cpuMs / two.wallMs,
                     qPrintable(QStringLiteral("%1 vs %2")
                                    .arg(free.cpuMs / free.wallMs)
                                    .arg(two.cpuMs / two.wallMs)));
    }

    void ioOverlapsUnderTheGilAndInCoroutines_data()
    {
        QTest::addColumn<Model>("model");
        QTest::newRow("gil") << Model::Gil;
        QTest::newRow("coroutines") << Model::Coroutines;
        QTest::newRow("threads") << Model::Threads;
    }

    void ioOverlapsUnderTheGilAndInCoroutines()
    {
        QFETCH(Model, model);
        const RunResult four = runMeasurement(options(model, Workload::Io, 4, 8, 20));
        // Eight 20 ms waits on four workers: about two waits long, nowhere near eight.
        QVERIFY2(four.wallMs < 8 * 20 * 0.6, qPrintable(QString::number(four.wallMs)));
    }

    void aBlockingCallStallsTheEventLoop()
    {
        MeasureOptions blocking = options(Model::Coroutines, Workload::Io, 4, 8, 10);
        blocking.blockingIo = true;
        const RunResult stalled = runMeasurement(blocking);
        QVERIFY2(stalled.wallMs > 8 * 10 * 0.9, qPrintable(QString::number(stalled.wallMs)));
    }

    void convoyEffect()
    {
        // A 1 ms I/O operation beside a CPU-bound thread: about the switch interval under the
        // GIL (it must wait to get the GIL back), about 1 ms without it.
        MeasureOptions gil = options(Model::Gil, Workload::Mixed, 2, 10, 1);
        gil.switchIntervalMs = 5;
        const RunResult withGil = runMeasurement(gil);
        const RunResult without
            = runMeasurement(options(Model::Threads, Workload::Mixed, 2, 10, 1));
        QVERIFY2(withGil.ioLatency.p50 > 2.5, qPrintable(QString::number(withGil.ioLatency.p50)));
        QVERIFY2(
            withGil.ioLatency.p50 > 2 * without.ioLatency.p50,
            qPrintable(
                QStringLiteral("%1 vs %2").arg(withGil.ioLatency.p50).arg(without.ioLatency.p50)));
    }

    void stopEndsARunAtOnce_data()
    {
        QTest::addColumn<Model>("model");
        QTest::newRow("threads") << Model::Threads;
        QTest::newRow("gil") << Model::Gil;
        QTest::newRow("processes") << Model::Processes;
        QTest::newRow("coroutines") << Model::Coroutines;
    }

    void stopEndsARunAtOnce()
    {
        QFETCH(Model, model);
        const int before = childProcessCount();
        std::atomic<bool> stop{false};
        std::thread stopper([&stop] {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            stop = true;
        });
        const RunResult run = runMeasurement(options(model, Workload::Cpu, 2, 1000, 50), &stop);
        stopper.join();
        QVERIFY(run.stopped);
        QVERIFY2(run.wallMs < 100 + 250,
                 qPrintable(QString::number(run.wallMs))); // 200 ms promised, with room
        QCOMPARE(childProcessCount(), before);
    }

    void badOptionsAreNamed_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("named");
        QTest::newRow("model") << QStringList{QStringLiteral("--model"), QStringLiteral("fibers")}
                               << QStringLiteral("'fibers'");
        QTest::newRow("workload") << QStringList{QStringLiteral("--workload=sleep")}
                                  << QStringLiteral("'sleep'");
        QTest::newRow("workers") << QStringList{QStringLiteral("--workers"), QStringLiteral("100")}
                                 << QStringLiteral("--workers 100");
        QTest::newRow("not a number")
            << QStringList{QStringLiteral("--task-ms"), QStringLiteral("fast")}
            << QStringLiteral("'fast'");
        QTest::newRow("unknown") << QStringList{QStringLiteral("--cores=2")}
                                 << QStringLiteral("--cores");
        QTest::newRow("mixed alone") << QStringList{QStringLiteral("--workload"),
                                                    QStringLiteral("mixed"),
                                                    QStringLiteral("--workers"),
                                                    QStringLiteral("1")}
                                     << QStringLiteral("--workers 2");
    }

    void badOptionsAreNamed()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, named);
        MeasureOptions o;
        o.workerPath = QStringLiteral(CURTAIN_WORKER);
        bool baseline = false;
        QString trace;
        const QString problem = parseMeasureArguments(args, &o, &baseline, &trace);
        QVERIFY2(problem.contains(named), qPrintable(problem));
    }
};

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
