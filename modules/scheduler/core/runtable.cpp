// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "runtable.h"

#include "csv.h"

#include <QObject>

namespace Scheduler {

namespace RunTable {

const std::vector<RunColumn> &columns()
{
    static const std::vector<RunColumn> columns{
        {QObject::tr("model"), QStringLiteral("model")},
        {QObject::tr("workers"), QStringLiteral("workers")},
        {QObject::tr("wall ms"), QStringLiteral("wall_ms")},
        {QObject::tr("tasks/s"), QStringLiteral("tasks_per_s")},
        {QObject::tr("CPU ms"), QStringLiteral("cpu_ms")},
        {QObject::tr("GIL wait ms"), QStringLiteral("gil_wait_ms")},
        {QObject::tr("GIL hand-offs"), QStringLiteral("gil_handoffs")},
        {QObject::tr("lock wait ms"), QStringLiteral("lock_wait_ms")},
        {QObject::tr("task p50 ms"), QStringLiteral("task_p50_ms")},
        {QObject::tr("I/O p50 ms"), QStringLiteral("io_p50_ms")},
        {QObject::tr("spawn ms"), QStringLiteral("spawn_ms")},
        {QObject::tr("bytes sent"), QStringLiteral("encoded_bytes")},
        {QObject::tr("workload"), QStringLiteral("workload")},
        {QObject::tr("tasks"), QStringLiteral("tasks")},
        {QObject::tr("task size ms"), QStringLiteral("task_ms")},
        {QObject::tr("switch interval ms"), QStringLiteral("switch_interval_ms")},
        {QObject::tr("blocking I/O"), QStringLiteral("blocking_io")},
        {QObject::tr("other programs (cores)"), QStringLiteral("other_load_cores")},
        {QObject::tr("stopped"), QStringLiteral("stopped")},
    };
    return columns;
}

QStringList cells(const RunRecord &r, bool forPeople)
{
    const QString none = forPeople ? QStringLiteral("–") : QString();
    const bool gil = r.options.model == Model::Gil;
    // A Python program's run: its threads, what was measured of them; the C++ models' settings
    // do not apply.
    const bool python = !r.program.isEmpty();
    const QString model = forPeople ? modelName(r.options.model) : modelId(r.options.model);
    return {python ? r.program : model,
            QString::number(r.options.workers),
            QString::number(r.wallMs, 'f', 1),
            python ? none : QString::number(r.throughput, 'f', 1),
            QString::number(r.cpuMs, 'f', 1),
            gil ? QString::number(r.gilWaitMs, 'f', 1) : none,
            gil ? QString::number(r.gilHandoffs) : none,
            python ? none : QString::number(r.lockWaitMs, 'f', 1),
            python ? none : QString::number(r.taskLatency.p50, 'f', 2),
            r.hasIo ? QString::number(r.ioLatency.p50, 'f', 2) : none,
            r.options.model == Model::Processes ? QString::number(r.spawnMeanMs, 'f', 1) : none,
            r.options.model == Model::Processes ? QString::number(r.encodedBytes) : none,
            python
                ? (forPeople ? QObject::tr("your Python") : QStringLiteral("python"))
                : (forPeople ? workloadName(r.options.workload) : workloadId(r.options.workload)),
            python ? none : QString::number(r.tasks),
            python ? none : QString::number(r.options.effectiveTaskMs()),
            gil && !python ? QString::number(r.options.switchIntervalMs) : none,
            r.options.model == Model::Coroutines
                ? (r.options.blockingIo ? QObject::tr("yes") : QObject::tr("no"))
                : none,
            QString::number(r.otherLoadCores, 'f', 2),
            r.stopped ? QObject::tr("yes") : QObject::tr("no")};
}

QByteArray csv(const std::vector<RunRecord> &runs)
{
    QStringList ids;
    for (const RunColumn &c : columns())
        ids.append(c.id);
    QString text = Csv::record(ids);
    for (const RunRecord &r : runs)
        text += Csv::record(cells(r, false));
    return text.toUtf8();
}

} // namespace RunTable

} // namespace Scheduler
