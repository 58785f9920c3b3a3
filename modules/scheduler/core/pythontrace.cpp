// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "pythontrace.h"

#include "timeline.h"

#include <pyrunner/protocol.h>

#include <QJsonArray>
#include <QThread>

#include <algorithm>
#include <map>

namespace Scheduler {

using PyRunner::key;
namespace ThreadsKey = PyRunner::ThreadsKey;

std::optional<PythonTrace> PythonTrace::fromRunner(const QJsonObject &threads, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const QJsonArray lanes = threads.value(key(ThreadsKey::Lanes)).toArray();
    if (lanes.isEmpty())
        return fail(QStringLiteral("the runner recorded no threads"));
    PythonTrace trace;
    for (const QJsonValue lane : lanes) {
        const QJsonObject l = lane.toObject();
        trace.threads.append(l.value(key(ThreadsKey::Name)).toString());
        const double cpuNs = l.value(key(ThreadsKey::CpuNs)).toDouble(-1);
        trace.cpuMs.push_back(cpuNs < 0 ? -1 : cpuNs / 1e6);
        const double userNs = l.value(key(ThreadsKey::UserNs)).toDouble(-1);
        trace.userMs.push_back(userNs < 0 ? -1 : userNs / 1e6);
        trace.run.laneProcess.push_back(l.value(key(ThreadsKey::Process)).toInt(0));
    }
    for (const QJsonValue call : threads.value(key(ThreadsKey::Calls)).toArray())
        trace.calls.append(call.toString());
    trace.events = threads.value(key(ThreadsKey::Events)).toDouble();
    trace.capped = threads.value(key(ThreadsKey::Capped)).toBool();
    trace.maxChanges = threads.value(key(ThreadsKey::MaxChanges)).toDouble();
    trace.processes = threads.value(key(ThreadsKey::Processes)).toInt(1);
    for (const QJsonValue note : threads.value(key(ThreadsKey::Notes)).toArray())
        trace.notes.append(note.toString());

    RunRecord &run = trace.run;
    run.options.model = Model::Gil;
    run.options.workers = int(lanes.size());
    run.options.record = true;
    run.laneNames = std::vector<QString>(trace.threads.cbegin(), trace.threads.cend());
    run.startNs = std::int64_t(threads.value(key(ThreadsKey::StartNs)).toDouble());
    run.wallMs = threads.value(key(ThreadsKey::DurationNs)).toDouble() / 1e6;
    run.cores = std::max(1, QThread::idealThreadCount());
    const QJsonArray changes = threads.value(key(ThreadsKey::Changes)).toArray();
    run.events.reserve(std::size_t(changes.size()));
    int lastRunning = -1;
    for (const QJsonValue value : changes) {
        const QJsonArray c = value.toArray();
        const std::optional<WorkerState> state = stateFromId(c.at(2).toString());
        const int lane = c.at(1).toInt(-1);
        if (c.size() < 5 || !state || lane < 0 || lane >= run.options.workers)
            return fail(
                QStringLiteral("the runner's change %1 is malformed").arg(run.events.size()));
        WorkerEvent e;
        e.t = run.startNs + std::int64_t(c.at(0).toDouble());
        e.worker = lane;
        e.state = *state;
        e.cpu = std::int16_t(c.at(4).toInt(-1));
        e.other = -1;
        run.events.push_back(e);
        trace.callOf.push_back(c.at(3).toInt(-1));
        if (*state == WorkerState::Running) {
            // The hand-offs of the program's own GIL (a forked child has its own).
            if (trace.processOf(lane) == 0) {
                if (lastRunning >= 0 && lastRunning != lane)
                    ++run.gilHandoffs;
                lastRunning = lane;
            }
        }
    }
    double cpu = 0;
    for (double ms : trace.cpuMs)
        cpu += std::max(ms, 0.0);
    run.cpuMs = cpu;
    for (const Totals &t : trace.totals())
        run.gilWaitMs += t.waitingGilMs;
    return trace;
}

std::vector<PythonTrace::Totals> PythonTrace::totals() const
{
    return totalsOf(Timeline::build(run));
}

std::vector<PythonTrace::Totals> PythonTrace::totalsOf(const Timeline &timeline) const
{
    std::vector<Totals> totals(std::size_t(run.options.workers));
    for (const Segment &s : timeline.segments) {
        const double ms = double(s.end - s.start) / 1e6;
        Totals &t = totals[std::size_t(s.lane)];
        switch (s.state) {
        case WorkerState::Running:
            t.runningMs += ms;
            break;
        case WorkerState::WaitingGil:
            t.waitingGilMs += ms;
            break;
        case WorkerState::BlockedIo:
        case WorkerState::WaitingLock:
            t.releasedMs += ms;
            break;
        case WorkerState::Encoding:
        case WorkerState::Decoding:
            t.picklingMs += ms;
            break;
        default:
            break;
        }
    }
    return totals;
}

QString PythonTrace::exclusivityViolation() const
{
    // Per process: each has its own GIL. Pickling holds it as running Python does.
    auto holds = [](WorkerState s) {
        return s == WorkerState::Running || s == WorkerState::Encoding
               || s == WorkerState::Decoding;
    };
    std::vector<WorkerState> state(std::size_t(run.options.workers), WorkerState::Idle);
    std::map<int, int> holding; // process -> lanes holding its GIL now
    for (const WorkerEvent &e : run.events) {
        WorkerState &s = state[std::size_t(e.worker)];
        const int process = processOf(e.worker);
        int &count = holding[process];
        count += int(holds(e.state)) - int(holds(s));
        s = e.state;
        if (count > 1) {
            QStringList who;
            for (std::size_t lane = 0; lane < state.size(); ++lane) {
                if (holds(state[lane]) && processOf(int(lane)) == process)
                    who.append(threads.value(int(lane)));
            }
            return QStringLiteral("%1 ms: %2")
                .arg(double(e.t - run.startNs) / 1e6, 0, 'f', 3)
                .arg(who.join(QStringLiteral(" and ")));
        }
    }
    return {};
}

int PythonTrace::processOf(int lane) const
{
    return std::size_t(lane) < run.laneProcess.size() ? run.laneProcess[std::size_t(lane)] : 0;
}

QJsonObject PythonTrace::toJson(const QString &file) const
{
    const Timeline timeline = Timeline::build(run);
    const std::vector<Totals> all = totalsOf(timeline);
    QJsonArray threadList;
    for (int lane = 0; lane < threads.size(); ++lane) {
        const Totals &t = all[std::size_t(lane)];
        threadList.append(QJsonObject{
            {QStringLiteral("name"), threads.at(lane)},
            {QStringLiteral("running_ms"), t.runningMs},
            {QStringLiteral("waiting_gil_ms"), t.waitingGilMs},
            {QStringLiteral("released_ms"), t.releasedMs},
            {QStringLiteral("pickling_ms"), t.picklingMs},
            {QStringLiteral("process"), processOf(lane)},
            {QStringLiteral("cpu_ms"),
             cpuMs[std::size_t(lane)] < 0 ? QJsonValue() : QJsonValue(cpuMs[std::size_t(lane)])},
            {QStringLiteral("user_cpu_ms"),
             userMs[std::size_t(lane)] < 0 ? QJsonValue()
                                           : QJsonValue(userMs[std::size_t(lane)])}});
    }
    QJsonArray segments;
    for (const Segment &s : timeline.segments) {
        segments.append(
            QJsonObject{{QStringLiteral("thread"), s.lane},
                        {QStringLiteral("state"), stateId(s.state)},
                        {QStringLiteral("start_ms"), double(s.start - run.startNs) / 1e6},
                        {QStringLiteral("end_ms"), double(s.end - run.startNs) / 1e6},
                        {QStringLiteral("cpu"), s.cpu}});
    }
    // Which C function a released stretch was in: the event that began it says.
    QJsonArray releasedIn;
    for (std::size_t i = 0; i < run.events.size(); ++i) {
        const WorkerEvent &e = run.events[i];
        if ((e.state == WorkerState::BlockedIo || e.state == WorkerState::WaitingLock)
            && callOf[i] >= 0 && callOf[i] < calls.size())
            releasedIn.append(
                QJsonObject{{QStringLiteral("thread"), e.worker},
                            {QStringLiteral("at_ms"), double(e.t - run.startNs) / 1e6},
                            {QStringLiteral("call"), calls.at(callOf[i])}});
    }
    return {{QStringLiteral("file"), file},
            {QStringLiteral("wall_ms"), run.wallMs},
            {QStringLiteral("threads"), threadList},
            {QStringLiteral("gil_handoffs"), double(run.gilHandoffs)},
            {QStringLiteral("gil_wait_ms"), run.gilWaitMs},
            {QStringLiteral("processes"), processes},
            {QStringLiteral("notes"), QJsonArray::fromStringList(notes)},
            {QStringLiteral("events"), events},
            {QStringLiteral("capped"), capped},
            {QStringLiteral("segments"), segments},
            {QStringLiteral("released_in"), releasedIn}};
}

} // namespace Scheduler
