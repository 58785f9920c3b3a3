// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "engine.h"

#include "cpuload.h"
#include "gil.h"
#include "runstate.h"
#include "work.h"

#include <kit/stats.h>

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <thread>

#include <sys/resource.h>

namespace Scheduler {

using namespace Kit;

QString modelId(Model model)
{
    switch (model) {
    case Model::Threads:
        return QStringLiteral("threads");
    case Model::Gil:
        return QStringLiteral("gil");
    case Model::Processes:
        return QStringLiteral("processes");
    case Model::Coroutines:
        return QStringLiteral("coroutines");
    }
    return {};
}

QString modelName(Model model)
{
    switch (model) {
    case Model::Threads:
        return QStringLiteral("threads");
    case Model::Gil:
        return QStringLiteral("threads under a GIL");
    case Model::Processes:
        return QStringLiteral("processes");
    case Model::Coroutines:
        return QStringLiteral("coroutines");
    }
    return {};
}

std::optional<Model> modelFromId(const QString &id)
{
    for (Model m : {Model::Threads, Model::Gil, Model::Processes, Model::Coroutines}) {
        if (modelId(m) == id)
            return m;
    }
    return std::nullopt;
}

QString workloadId(Workload workload)
{
    switch (workload) {
    case Workload::Cpu:
        return QStringLiteral("cpu");
    case Workload::Io:
        return QStringLiteral("io");
    case Workload::Mixed:
        return QStringLiteral("mixed");
    case Workload::SharedDict:
        return QStringLiteral("shared-dict");
    case Workload::Pipeline:
        return QStringLiteral("pipeline");
    }
    return {};
}

QString workloadName(Workload workload)
{
    switch (workload) {
    case Workload::Cpu:
        return QStringLiteral("CPU-bound");
    case Workload::Io:
        return QStringLiteral("I/O-bound");
    case Workload::Mixed:
        return QStringLiteral("CPU beside I/O");
    case Workload::SharedDict:
        return QStringLiteral("shared dict under a lock");
    case Workload::Pipeline:
        return QStringLiteral("producer, transformers, consumer");
    }
    return {};
}

QString workloadDescription(Workload workload)
{
    switch (workload) {
    case Workload::Cpu:
        return QStringLiteral("Every task computes for its whole size: more cores can help, a GIL "
                              "cannot.");
    case Workload::Io:
        return QStringLiteral("Every task waits in a blocking call (like a network read) for its "
                              "size: waits overlap whatever the model.");
    case Workload::Mixed:
        return QStringLiteral("Half the workers compute non-stop; the other half do short I/O "
                              "tasks. Watch how long each I/O task takes to come back: the "
                              "convoy effect.");
    case Workload::SharedDict:
        return QStringLiteral("Every task updates one dict that all workers share, under one "
                              "lock: locks on the wrong thing, and the GIL on top.");
    case Workload::Pipeline:
        return QStringLiteral("A producer, transformers and a consumer pass items through "
                              "bounded queues, a third of the task size each (communicating "
                              "sequential processes).");
    }
    return {};
}

std::optional<Workload> workloadFromId(const QString &id)
{
    for (Workload w :
         {Workload::Cpu, Workload::Io, Workload::Mixed, Workload::SharedDict, Workload::Pipeline}) {
        if (workloadId(w) == id)
            return w;
    }
    return std::nullopt;
}

int MeasureOptions::effectiveTasks() const
{
    if (tasks > 0)
        return tasks;
    switch (workload) {
    case Workload::Mixed:
        return 20;
    case Workload::Pipeline:
        return 24;
    default:
        return 16;
    }
}

double MeasureOptions::effectiveTaskMs() const
{
    if (taskMs > 0)
        return taskMs;
    return workload == Workload::Mixed ? 1.0 : 10.0;
}

QString MeasureOptions::problem() const
{
    if (workers < 1 || workers > MaxWorkers) {
        return QStringLiteral("--workers %1 is out of range: use 1 to %2 (more workers than that "
                              "only measure the scheduler's bookkeeping)")
            .arg(workers)
            .arg(MaxWorkers);
    }
    if (tasks < 0 || tasks > MaxTasks)
        return QStringLiteral("--tasks %1 is out of range: use 1 to %2").arg(tasks).arg(MaxTasks);
    if (!(taskMs >= 0 && taskMs <= MaxTaskMs))
        return QStringLiteral("--task-ms %1 is out of range: use more than 0 and at most %2")
            .arg(taskMs)
            .arg(MaxTaskMs);
    if (!(switchIntervalMs > 0 && switchIntervalMs <= 1000)) {
        return QStringLiteral("--switch-interval-ms %1 is out of range: use more than 0 and at "
                              "most 1000")
            .arg(switchIntervalMs);
    }
    if (workload == Workload::Mixed && workers < 2)
        return QStringLiteral(
            "the mixed workload (CPU beside I/O) needs 2 workers or more: half compute, half do "
            "I/O");
    if (workload == Workload::Pipeline && workers == 2)
        return QStringLiteral(
            "the pipeline workload needs 1 worker (all stages in turn) or 3 or more "
            "(a producer, transformers, a consumer)");
    if (model == Model::Processes && workerPath.isEmpty())
        return QStringLiteral("curtain-worker was not found: build Curtain (cmake --build build)");
    return {};
}

Percentiles Percentiles::of(std::vector<double> values)
{
    Percentiles p;
    if (values.empty())
        return p;
    std::sort(values.begin(), values.end());
    p.p50 = Stats::quantileOfSorted(values, 0.5);
    p.p95 = Stats::quantileOfSorted(values, 0.95);
    p.max = values.back();
    return p;
}

namespace {

struct Usage
{
    double cpuMs = 0;
    long voluntary = 0;
    long involuntary = 0;

    static Usage now()
    {
        Usage u;
        for (const int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
            rusage r{};
            getrusage(who, &r);
            u.cpuMs += double(r.ru_utime.tv_sec + r.ru_stime.tv_sec) * 1e3
                       + double(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e3;
            u.voluntary += r.ru_nvcsw;
            u.involuntary += r.ru_nivcsw;
        }
        return u;
    }
};

} // namespace

RunRecord
runMeasurement(const MeasureOptions &options, const std::atomic<bool> *stop, LiveCounters *live)
{
    RunRecord result;
    result.options = options;
    result.cores = int(std::thread::hardware_concurrency());
    if (const QString problem = options.problem(); !problem.isEmpty()) {
        result.error = problem;
        return result;
    }
    Work::iterationsPerMs(); // calibrate before the clock starts

    Run run(options, stop, live);
    result.tasks = run.tasks;
    if (live)
        live->reset(options.workers);
    const CpuLoad::Reading loadBefore = CpuLoad::read();
    const Usage before = Usage::now();
    const std::int64_t start = monotonicNs();
    result.startNs = start;
    std::optional<Gil> gil;
    switch (options.model) {
    case Model::Threads:
        runThreads(run, nullptr);
        break;
    case Model::Gil:
        gil.emplace(std::chrono::nanoseconds(std::int64_t(options.switchIntervalMs * 1e6)),
                    run.recorder,
                    live ? &live->waitNs : nullptr);
        runThreads(run, &*gil);
        break;
    case Model::Coroutines:
        runCoroutines(run);
        break;
    case Model::Processes:
        runProcesses(run, result);
        break;
    }
    const std::int64_t end = monotonicNs();
    const Usage after = Usage::now();
    result.otherLoadCores = CpuLoad::otherCores(loadBefore, CpuLoad::read());

    result.error = run.error;
    result.stopped = stop && stop->load();
    result.wallMs = double(end - start) / 1e6;
    result.cpuMs = after.cpuMs - before.cpuMs;
    result.voluntarySwitches = after.voluntary - before.voluntary;
    result.involuntarySwitches = after.involuntary - before.involuntary;
    std::vector<double> latencies;
    int completed = 0;
    for (const TaskRecord &r : run.records) {
        if (r.end > 0) {
            latencies.push_back(double(r.end - r.start) / 1e6);
            ++completed;
        }
    }
    result.completed = completed;
    result.throughput = result.wallMs > 0 ? completed / (result.wallMs / 1e3) : 0;
    result.taskLatency = Percentiles::of(latencies);
    result.hasIo = options.workload == Workload::Io || options.workload == Workload::Mixed;
    result.ioLatency = Percentiles::of(run.ioLatencies);
    for (const std::int64_t ns : run.lockWaitNs) {
        result.lockWaitPerWorkerMs.push_back(double(ns) / 1e6);
        result.lockWaitMs += double(ns) / 1e6;
    }
    if (gil) {
        result.gilHandoffs = gil->handoffs();
        result.gilWaitMs = double(gil->waitNs()) / 1e6;
    }
    result.events = run.recorder.merged();
    return result;
}

QJsonObject RunRecord::toJson() const
{
    QJsonObject o{
        {QStringLiteral("model"), modelId(options.model)},
        {QStringLiteral("workload"), workloadId(options.workload)},
        {QStringLiteral("workers"), options.workers},
        {QStringLiteral("tasks"), tasks},
        {QStringLiteral("tasks_completed"), completed},
        {QStringLiteral("task_ms"), options.effectiveTaskMs()},
        {QStringLiteral("switch_interval_ms"), options.switchIntervalMs},
        {QStringLiteral("blocking_io"), options.blockingIo},
        {QStringLiteral("cores"), cores},
        {QStringLiteral("wall_ms"), wallMs},
        {QStringLiteral("cpu_ms"), cpuMs},
        {QStringLiteral("throughput_tasks_per_s"), throughput},
        {QStringLiteral("task_latency_ms"),
         QJsonObject{{QStringLiteral("p50"), taskLatency.p50},
                     {QStringLiteral("p95"), taskLatency.p95},
                     {QStringLiteral("max"), taskLatency.max}}},
        {QStringLiteral("lock_wait_ms"), lockWaitMs},
        {QStringLiteral("gil_handoffs"), double(gilHandoffs)},
        {QStringLiteral("gil_wait_ms"), gilWaitMs},
        {QStringLiteral("context_switches"),
         QJsonObject{{QStringLiteral("voluntary"), double(voluntarySwitches)},
                     {QStringLiteral("involuntary"), double(involuntarySwitches)}}},
        {QStringLiteral("spawn_ms"),
         QJsonObject{{QStringLiteral("mean"), spawnMeanMs}, {QStringLiteral("max"), spawnMaxMs}}},
        {QStringLiteral("encoded_bytes"), double(encodedBytes)},
        {QStringLiteral("encode_ms"), encodeMs},
        {QStringLiteral("trace_events"), double(events.size())},
        {QStringLiteral("other_load_cores"), otherLoadCores},
    };
    QJsonArray perWorker;
    for (const double ms : lockWaitPerWorkerMs)
        perWorker.append(ms);
    o.insert(QStringLiteral("lock_wait_ms_per_worker"), perWorker);
    if (hasIo) {
        o.insert(QStringLiteral("io_latency_ms"),
                 QJsonObject{{QStringLiteral("p50"), ioLatency.p50},
                             {QStringLiteral("p95"), ioLatency.p95}});
    }
    if (stopped)
        o.insert(QStringLiteral("stopped"), true);
    if (const QString warning = loadWarning(); !warning.isEmpty())
        o.insert(QStringLiteral("warning"), warning);
    return o;
}

QString RunRecord::loadWarning() const
{
    if (otherLoadCores <= CpuLoad::UnreliableAbove)
        return {};
    return QStringLiteral("other programs kept %1 of this machine's %2 cores busy during the "
                          "run: its timings are unreliable (close them and run again)")
        .arg(otherLoadCores, 0, 'f', 1)
        .arg(cores);
}

void LiveCounters::reset(int runWorkers)
{
    completed = 0;
    waitNs = 0;
    workers = runWorkers;
    startNs = monotonicNs();
}

} // namespace Scheduler
