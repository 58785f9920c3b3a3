// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// A run's recording as Chrome Trace Event JSON, for Perfetto and chrome://tracing.

#include "engine.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Scheduler {

namespace {

QJsonObject threadName(int tid, const QString &name, int sortIndex)
{
    return {{QStringLiteral("ph"), QStringLiteral("M")},
            {QStringLiteral("name"), QStringLiteral("thread_name")},
            {QStringLiteral("pid"), 1},
            {QStringLiteral("tid"), tid},
            {QStringLiteral("args"), QJsonObject{{QStringLiteral("name"), name}}},
            {QStringLiteral("sort_index"), sortIndex}};
}

QJsonObject slice(const QString &name, const QString &category, int tid, double ts, double dur)
{
    return {{QStringLiteral("ph"), QStringLiteral("X")},
            {QStringLiteral("name"), name},
            {QStringLiteral("cat"), category},
            {QStringLiteral("pid"), 1},
            {QStringLiteral("tid"), tid},
            {QStringLiteral("ts"), ts},
            {QStringLiteral("dur"), dur}};
}

} // namespace

QByteArray chromeTrace(const RunRecord &run)
{
    // A Python program's threads by their names; the C++ models' workers by number.
    auto laneName = [&run](int worker) {
        return worker >= 0 && std::size_t(worker) < run.laneNames.size()
                   ? run.laneNames[std::size_t(worker)]
                   : QStringLiteral("worker %1").arg(worker + 1);
    };
    QJsonArray trace;
    const int workers = run.options.workers;
    const bool gil = run.options.model == Model::Gil;
    const bool lock = run.options.workload == Workload::SharedDict
                      && run.options.model != Model::Processes
                      && run.options.model != Model::Coroutines;
    // Tracks: workers are tids 1..N; the GIL owner and the lock holder get their own after them.
    const int gilTid = workers + 1;
    const int lockTid = workers + 2;
    auto us = [&run](std::int64_t t) {
        return double(t - run.startNs) / 1e3;
    };
    trace.append(QJsonObject{{QStringLiteral("ph"), QStringLiteral("M")},
                             {QStringLiteral("name"), QStringLiteral("process_name")},
                             {QStringLiteral("pid"), 1},
                             {QStringLiteral("args"),
                              QJsonObject{{QStringLiteral("name"),
                                           QStringLiteral("Curtain: %1, %2")
                                               .arg(modelName(run.options.model),
                                                    workloadName(run.options.workload))}}}});
    if (gil)
        trace.append(threadName(gilTid, QStringLiteral("GIL owner"), 0));
    if (lock)
        trace.append(threadName(lockTid, QStringLiteral("shared dict's lock holder"), 1));
    for (int w = 0; w < workers; ++w)
        trace.append(threadName(w + 1, laneName(w), w + 2));

    // Segments: each event lasts until the same worker's next event.
    std::vector<const WorkerEvent *> last(std::size_t(workers), nullptr);
    std::vector<double> lockSince(std::size_t(workers), -1);
    int flow = 0;
    auto emitSegment = [&](const WorkerEvent &from, std::int64_t until) {
        if (from.state == WorkerState::Done || until <= from.t)
            return;
        const double ts = us(from.t);
        const double dur = us(until) - ts;
        QJsonObject s = slice(stateName(from.state), stateId(from.state), from.worker + 1, ts, dur);
        if (from.cpu >= 0)
            s.insert(QStringLiteral("args"), QJsonObject{{QStringLiteral("core"), from.cpu + 1}});
        trace.append(s);
        // Recorded under the GIL's own lock: these slices never overlap, so the track nests.
        if (gil && from.state == WorkerState::Running) {
            trace.append(slice(laneName(from.worker), QStringLiteral("gil"), gilTid, ts, dur));
        }
        if (from.state == WorkerState::WaitingLock && from.other >= 0) {
            // An arrow from the holder to the waiter: who is in whose way.
            ++flow;
            for (const auto &[phase, tid] : {std::pair{QStringLiteral("s"), from.other + 1},
                                             std::pair{QStringLiteral("f"), from.worker + 1}}) {
                QJsonObject arrow{{QStringLiteral("ph"), phase},
                                  {QStringLiteral("name"), QStringLiteral("holds the lock")},
                                  {QStringLiteral("cat"), QStringLiteral("lock")},
                                  {QStringLiteral("id"), flow},
                                  {QStringLiteral("pid"), 1},
                                  {QStringLiteral("tid"), tid},
                                  {QStringLiteral("ts"), ts}};
                if (phase == QLatin1String("f"))
                    arrow.insert(QStringLiteral("bp"), QStringLiteral("e"));
                trace.append(arrow);
            }
        }
    };
    for (const WorkerEvent &e : run.events) {
        if (e.worker < 0 || e.worker >= workers)
            continue;
        const auto w = std::size_t(e.worker);
        if (const WorkerEvent *previous = last[w])
            emitSegment(*previous, e.t);
        last[w] = &e;
        if (e.flags & EventFlag::TaskStart) {
            trace.append(QJsonObject{{QStringLiteral("ph"), QStringLiteral("i")},
                                     {QStringLiteral("name"), QStringLiteral("task starts")},
                                     {QStringLiteral("cat"), QStringLiteral("task")},
                                     {QStringLiteral("s"), QStringLiteral("t")},
                                     {QStringLiteral("pid"), 1},
                                     {QStringLiteral("tid"), e.worker + 1},
                                     {QStringLiteral("ts"), us(e.t)}});
        }
        const bool holds = e.flags & EventFlag::HoldsLock;
        if (lock && holds && lockSince[w] < 0) {
            lockSince[w] = us(e.t);
        } else if (lock && !holds && lockSince[w] >= 0) {
            trace.append(slice(laneName(e.worker),
                               QStringLiteral("lock"),
                               lockTid,
                               lockSince[w],
                               us(e.t) - lockSince[w]));
            lockSince[w] = -1;
        }
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("traceEvents"), trace},
                                     {QStringLiteral("displayTimeUnit"), QStringLiteral("ms")}})
        .toJson(QJsonDocument::Compact);
}

} // namespace Scheduler
