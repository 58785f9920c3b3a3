// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "events.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <optional>
#include <vector>

class QIODevice;

namespace Scheduler {

/** How work is scheduled: the four models Scheduler Lab compares. */
enum class Model { Threads, Gil, Processes, Coroutines };
/** What the work is. */
enum class Workload { Cpu, Io, Mixed, SharedDict, Pipeline };

QString modelId(Model model);
/** The model in words, for people ("threads under a GIL"). */
QString modelName(Model model);
std::optional<Model> modelFromId(const QString &id);
QString workloadId(Workload workload);
/** The workload in words, for people ("CPU-bound"). */
QString workloadName(Workload workload);
/** What the workload does, in a sentence or two, for people choosing one. */
QString workloadDescription(Workload workload);
std::optional<Workload> workloadFromId(const QString &id);

/** One run's settings (the `curtain measure` options). */
struct MeasureOptions
{
    static constexpr int MaxWorkers = 64;
    static constexpr int MaxTasks = 100000;
    static constexpr double MaxTaskMs = 10000;

    Model model = Model::Threads;
    Workload workload = Workload::Cpu;
    int workers = 2;
    int tasks = 0;     // 0: the workload's default
    double taskMs = 0; // 0: the workload's default
    double switchIntervalMs = 5.0;
    bool blockingIo = false;
    bool record = true;
    QString workerPath; // curtain-worker, for Model::Processes

    /** The task count this run uses. */
    int effectiveTasks() const;
    /** The task size this run uses, in ms. */
    double effectiveTaskMs() const;
    /** Why these options cannot run (empty when they can): names the option and what to do. */
    QString problem() const;
};

/** Median, 95th percentile and maximum, in ms. */
struct Percentiles
{
    double p50 = 0;
    double p95 = 0;
    double max = 0;

    static Percentiles of(std::vector<double> values);
};

/** A process of a Python program's run. */
struct RunProcess
{
    QString name; // the program's file for its own process; "ForkPoolWorker-1", "python3 w.py"
    int pid = 0;

    friend bool operator==(const RunProcess &, const RunProcess &) = default;
};

/** What one run measured, and its recording. */
struct RunRecord
{
    MeasureOptions options;
    QString error; // set when the run could not happen (a worker would not start, ...)
    bool stopped = false;
    int tasks = 0;
    int completed = 0; // tasks finished (fewer than tasks when stopped)
    int cores = 0;
    double wallMs = 0;
    double cpuMs = 0;
    double throughput = 0;
    Percentiles taskLatency;
    Percentiles ioLatency;
    bool hasIo = false;
    double lockWaitMs = 0;
    std::vector<double> lockWaitPerWorkerMs;
    long gilHandoffs = 0;
    double gilWaitMs = 0;
    long voluntarySwitches = 0;
    long involuntarySwitches = 0;
    double spawnMeanMs = 0;
    double spawnMaxMs = 0;
    long long encodedBytes = 0;
    double encodeMs = 0;
    double otherLoadCores = 0; // cores' worth of CPU other programs used during the run
    std::int64_t startNs = 0;
    std::vector<WorkerEvent> events;
    std::vector<QString> laneNames; // what each worker is called when not "worker N" (threads)
    QString program; // a Python program's run: what ran ("01_two_cpu_threads.py in CPython 3.11")
    std::vector<int> laneProcess; // a Python program's run: each lane's process (0: the program's)
    std::vector<int> laneThread;  // ... a task's or greenlet's thread lane (-1, or none: a thread)
    std::vector<RunProcess> processes; // ... its processes, numbered as laneProcess numbers them

    /** The `curtain measure` JSON object for this run. */
    QJsonObject toJson() const;
    /** Why this run's timings are not to be trusted (other programs were busy), or empty. */
    QString loadWarning() const;
};

/** Counters a view can poll while a run is going (about ten times a second). */
struct LiveCounters
{
    std::atomic<int> completed{0};        // tasks finished
    std::atomic<std::int64_t> waitNs{0};  // time spent waiting for locks and the GIL, summed
    std::atomic<std::int64_t> startNs{0}; // when the current run started (CLOCK_MONOTONIC)
    std::atomic<int> workers{0};          // the current run's workers

    /** Zeroes the counters for a run of WORKERS workers starting now. */
    void reset(int workers);
};

/**
 * Runs OPTIONS for real: OS threads, a modelled GIL over OS threads, curtain-worker processes,
 * or C++20 coroutines on one thread. STOP, when it turns true, ends the run early.
 */
RunRecord runMeasurement(const MeasureOptions &options,
                         const std::atomic<bool> *stop = nullptr,
                         LiveCounters *live = nullptr);

/** The recording as Chrome Trace Event JSON (opens in Perfetto): one track per worker, under
 *  the gil model the GIL owner's track, the lock holder's track, flow arrows from a lock's
 *  holder to its waiters, task starts as instant events. */
QByteArray chromeTrace(const RunRecord &run);
/** The same, written to OUT as it is made (a million events need no copy of the whole in
 *  memory); false when OUT failed. */
bool writeChromeTrace(const RunRecord &run, QIODevice *out);

} // namespace Scheduler
