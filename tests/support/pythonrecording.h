// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

// What every recording of a Python run must hold, checked from the recording itself (never the
// clock): shared by the tests that run programs in curtain-runner.

#include <scheduler/engine.h>
#include <scheduler/pythontrace.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

#include <algorithm>

namespace PythonRecording {

/**
 * The Chrome trace of TRACE: each process its own pid (distinct, its real one), named after the
 * program (FILE) and the process; each process's GIL track holds one thread at a time, of its
 * own. Empty, or what is wrong.
 */
inline QString chromeTraceProblem(const Scheduler::PythonTrace &trace, const QString &file)
{
    const QJsonArray events = QJsonDocument::fromJson(Scheduler::chromeTrace(trace.run))
                                  .object()
                                  .value(QStringLiteral("traceEvents"))
                                  .toArray();
    QMap<int, QString> processNames;
    QMap<int, int> gilTid; // pid -> the GIL track's tid
    for (const QJsonValue &v : events) {
        const QJsonObject e = v.toObject();
        const QString name
            = e.value(QStringLiteral("args")).toObject().value(QStringLiteral("name")).toString();
        if (e.value(QStringLiteral("ph")) != QLatin1String("M"))
            continue;
        if (e.value(QStringLiteral("name")) == QLatin1String("process_name"))
            processNames.insert(e.value(QStringLiteral("pid")).toInt(), name);
        if (e.value(QStringLiteral("name")) == QLatin1String("thread_name")
            && name.startsWith(QStringLiteral("GIL")))
            gilTid.insert(e.value(QStringLiteral("pid")).toInt(),
                          e.value(QStringLiteral("tid")).toInt());
    }
    if (processNames.size() != int(trace.processes.size()))
        return QStringLiteral("%1 processes in the trace, %2 recorded")
            .arg(processNames.size())
            .arg(trace.processes.size());
    for (const Scheduler::PythonTrace::Process &p : trace.processes) {
        if (!processNames.contains(p.pid))
            return QStringLiteral("no process with pid %1 (%2)").arg(p.pid).arg(p.name);
        if (!processNames.value(p.pid).startsWith(file)
            || !processNames.value(p.pid).contains(p.name))
            return QStringLiteral("pid %1 is named '%2'").arg(p.pid).arg(processNames.value(p.pid));
        if (!gilTid.contains(p.pid))
            return QStringLiteral("pid %1 has no GIL track").arg(p.pid);
    }
    QMap<int, std::vector<std::pair<double, double>>> gil;
    for (const QJsonValue &v : events) {
        const QJsonObject e = v.toObject();
        if (e.value(QStringLiteral("cat")) != QLatin1String("gil"))
            continue;
        const int pid = e.value(QStringLiteral("pid")).toInt();
        if (e.value(QStringLiteral("tid")).toInt() != gilTid.value(pid, -1))
            return QStringLiteral("a GIL slice outside pid %1's GIL track").arg(pid);
        const double ts = e.value(QStringLiteral("ts")).toDouble();
        gil[pid].emplace_back(ts, ts + e.value(QStringLiteral("dur")).toDouble());
    }
    for (auto it = gil.begin(); it != gil.end(); ++it) {
        auto &slices = it.value();
        std::sort(slices.begin(), slices.end());
        for (std::size_t i = 1; i < slices.size(); ++i) {
            if (slices[i].first < slices[i - 1].second - 1e-3)
                return QStringLiteral("pid %1: two GIL holders at %2 us")
                    .arg(it.key())
                    .arg(slices[i].first);
        }
    }
    return {};
}

/**
 * Time accounted: each thread's time drawn on a CPU (running, pickling, on a CPU without the
 * GIL) is its CPU time from the kernel within 10 % (2 ms for a thread that hardly ran). Empty,
 * or which thread is off.
 */
inline QString accountingProblem(const Scheduler::PythonTrace &trace)
{
    const std::vector<Scheduler::PythonTrace::Totals> totals = trace.totals();
    for (const int lane : trace.threadLanes()) {
        const double cpu = trace.cpuMs[std::size_t(lane)];
        const double drawn = totals[std::size_t(lane)].onCpuMs();
        if (cpu < 0)
            return QStringLiteral("%1: no CPU time").arg(trace.lanes.at(lane));
        if (std::abs(drawn - cpu) > std::max(0.1 * cpu, 2.0))
            return QStringLiteral("%1: %2 ms of CPU, %3 ms drawn on a CPU")
                .arg(trace.lanes.at(lane))
                .arg(cpu)
                .arg(drawn);
    }
    return {};
}

} // namespace PythonRecording
