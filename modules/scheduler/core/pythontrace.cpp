// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "pythontrace.h"

#include "pythonlanes.h"
#include "timeline.h"

#include <protocol/protocol.h>

#include <QJsonArray>
#include <QThread>

#include <algorithm>
#include <map>

namespace Scheduler {

using Protocol::key;
namespace ThreadsKey = Protocol::ThreadsKey;

namespace {

QJsonValue orNull(double ms)
{
    return ms < 0 ? QJsonValue() : QJsonValue(ms);
}

QJsonObject totalsJson(const PythonTrace::Totals &t)
{
    return {{QStringLiteral("running_ms"), t.runningMs},
            {QStringLiteral("preempted_ms"), t.preemptedMs},
            {QStringLiteral("stalled_ms"), t.stalledMs},
            {QStringLiteral("cpu_without_gil_ms"), t.noGilCpuMs},
            {QStringLiteral("waiting_cpu_ms"), t.waitingCpuMs},
            {QStringLiteral("waiting_gil_ms"), t.waitingGilMs},
            {QStringLiteral("released_ms"), t.releasedMs},
            {QStringLiteral("pickling_ms"), t.picklingMs},
            {QStringLiteral("starting_ms"), t.startingMs},
            {QStringLiteral("drawn_on_cpu_ms"), t.onCpuMs()}};
}

} // namespace

namespace {
std::optional<PythonTrace>
readTrace(const QJsonObject &threads, const QByteArray *packedChanges, QString *error);
} // namespace

std::optional<PythonTrace> PythonTrace::fromRunner(const QJsonObject &threads, QString *error)
{
    return readTrace(threads, nullptr, error);
}

std::optional<PythonTrace> PythonTrace::fromRunner(const PyRunner::RunResult &result,
                                                   QString *error)
{
    if (result.threads.isEmpty())
        return std::nullopt;
    return readTrace(
        result.threads, result.threadChanges.isEmpty() ? nullptr : &result.threadChanges, error);
}

namespace {

/** The runner's THREADS; their changes in *PACKEDCHANGES (decoded) when it is given. */
std::optional<PythonTrace>
readTrace(const QJsonObject &threads, const QByteArray *packedChanges, QString *error)
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
    RunRecord &run = trace.run;
    std::vector<RecordedLane> recorded;
    for (const QJsonValue lane : lanes) {
        const QJsonObject l = lane.toObject();
        trace.lanes.append(l.value(key(ThreadsKey::Name)).toString());
        const double cpuNs = l.value(key(ThreadsKey::CpuNs)).toDouble(-1);
        trace.cpuMs.push_back(cpuNs < 0 ? -1 : cpuNs / 1e6);
        const double userNs = l.value(key(ThreadsKey::UserNs)).toDouble(-1);
        trace.userMs.push_back(userNs < 0 ? -1 : userNs / 1e6);
        RecordedLane r;
        r.task = l.value(key(ThreadsKey::Task)).toBool();
        r.thread = r.task ? l.value(key(ThreadsKey::Thread)).toInt(-1) : -1;
        r.process = l.value(key(ThreadsKey::Process)).toInt(0);
        if (r.task && (r.thread < 0 || r.thread >= lanes.size()))
            return fail(QStringLiteral("the runner's task %1 has no thread").arg(recorded.size()));
        recorded.push_back(r);
        run.laneProcess.push_back(r.process);
        run.laneThread.push_back(r.thread);
    }
    const QJsonValue processList = threads.value(key(ThreadsKey::Processes));
    for (const QJsonValue p : processList.toArray()) {
        const QJsonObject o = p.toObject();
        trace.processes.push_back({o.value(key(ThreadsKey::Name)).toString(),
                                   o.value(key(ThreadsKey::Pid)).toInt(),
                                   o.value(key(ThreadsKey::Parent)).toInt(-1),
                                   o.value(key(ThreadsKey::How)).toString(),
                                   o.value(key(ThreadsKey::ProcessStartNs)).toDouble() / 1e6});
    }
    // Every process a lane names has an entry (a recording from before processes were listed).
    const int mostProcesses = recorded.empty()
                                  ? 1
                                  : 1
                                        + std::max_element(recorded.begin(),
                                                           recorded.end(),
                                                           [](const auto &a, const auto &b) {
                                                               return a.process < b.process;
                                                           })
                                              ->process;
    while (int(trace.processes.size()) < mostProcesses)
        trace.processes.push_back(
            {QStringLiteral("process %1").arg(trace.processes.size()), 0, -1, QString(), 0});
    for (const PythonTrace::Process &p : trace.processes)
        run.processes.push_back({p.name, p.pid});
    for (const QJsonValue call : threads.value(key(ThreadsKey::Calls)).toArray())
        trace.calls.append(call.toString());
    trace.events = threads.value(key(ThreadsKey::Events)).toDouble();
    trace.capped = threads.value(key(ThreadsKey::Capped)).toBool();
    trace.maxChanges = threads.value(key(ThreadsKey::MaxChanges)).toDouble();
    for (const QJsonValue note : threads.value(key(ThreadsKey::Notes)).toArray())
        trace.notes.append(note.toString());

    run.options.model = Model::Gil;
    run.options.workers = int(lanes.size());
    run.options.record = true;
    run.laneNames = std::vector<QString>(trace.lanes.cbegin(), trace.lanes.cend());
    run.startNs = std::int64_t(threads.value(key(ThreadsKey::StartNs)).toDouble());
    run.wallMs = threads.value(key(ThreadsKey::DurationNs)).toDouble() / 1e6;
    run.cores = std::max(1, QThread::idealThreadCount());
    std::vector<RecordedChange> raw;
    const auto malformed = [&] {
        return fail(QStringLiteral("the runner's change %1 is malformed").arg(raw.size()));
    };
    if (packedChanges || threads.contains(key(ThreadsKey::ChangesPacked))) {
        const QByteArray packed
            = packedChanges
                  ? *packedChanges
                  : QByteArray::fromBase64(
                      threads.value(key(ThreadsKey::ChangesPacked)).toString().toLatin1());
        if (packed.size() % qsizetype(Protocol::PackedChange::Size) != 0)
            return fail(QStringLiteral("the runner's packed changes are cut short"));
        const std::size_t count = std::size_t(packed.size()) / Protocol::PackedChange::Size;
        raw.reserve(count);
        for (std::size_t i = 0; i < count; ++i) {
            const Protocol::PackedChange c = Protocol::PackedChange::read(
                packed.constData() + i * Protocol::PackedChange::Size);
            if (c.lane < 0 || c.lane >= run.options.workers || c.state >= Protocol::LaneStateCount)
                return malformed();
            raw.push_back({run.startNs + c.t,
                           c.lane,
                           WorkerState(c.state),
                           c.call,
                           c.core,
                           c.cpuNs,
                           c.delayNs});
        }
    } else {
        // As runners before the packed form answered (and saved answers still read).
        const QJsonArray changes = threads.value(key(ThreadsKey::Changes)).toArray();
        raw.reserve(std::size_t(changes.size()));
        for (const QJsonValue value : changes) {
            const QJsonArray c = value.toArray();
            const std::optional<WorkerState> state = stateFromId(c.at(2).toString());
            const int lane = c.at(1).toInt(-1);
            if (c.size() < 5 || !state || lane < 0 || lane >= run.options.workers)
                return malformed();
            raw.push_back({run.startNs + std::int64_t(c.at(0).toDouble()),
                           lane,
                           *state,
                           c.at(3).toInt(-1),
                           c.at(4).toInt(-1),
                           std::int64_t(c.at(5).toDouble(-1)),
                           std::int64_t(c.at(6).toDouble(-1))});
        }
    }
    const std::int64_t endNs = run.startNs + std::int64_t(run.wallMs * 1e6);
    DrawnLanes drawn = drawLanes(raw, recorded, endNs);
    run.events = std::move(drawn.events);
    trace.callOf = std::move(drawn.callOf);
    // A thread the run ended before it did (a pool's worker, terminated): its CPU up to its last
    // sample, which is where its drawing ends too.
    for (std::size_t lane = 0; lane < recorded.size(); ++lane) {
        if (!recorded[lane].task && trace.cpuMs[lane] < 0)
            trace.cpuMs[lane] = drawn.cpuSeenMs[lane];
    }

    // Hand-offs of each process's GIL between its threads (tasks and greenlets hand nothing:
    // their thread holds it).
    trace.handoffs.assign(trace.processes.size(), 0);
    std::vector<int> lastHolder(trace.processes.size(), -1);
    std::vector<WorkerState> state(recorded.size(), WorkerState::Idle);
    // The threads' waits for the GIL, as the timeline's segments will hold them (without
    // building one: a long run's million changes).
    std::vector<std::int64_t> since(recorded.size(), -1);
    std::int64_t waitedNs = 0;
    std::int64_t lastNs = endNs;
    for (const WorkerEvent &e : run.events) {
        const auto lane = std::size_t(e.worker);
        const bool held = holdsGil(state[lane]);
        if (since[lane] >= 0 && state[lane] == WorkerState::WaitingGil && !recorded[lane].task)
            waitedNs += std::max<std::int64_t>(e.t - since[lane], 0);
        since[lane] = e.t;
        lastNs = std::max(lastNs, e.t);
        state[lane] = e.state;
        if (recorded[lane].task || held || !holdsGil(e.state))
            continue;
        const auto process = std::size_t(recorded[lane].process);
        if (lastHolder[process] >= 0 && lastHolder[process] != e.worker)
            ++trace.handoffs[process];
        lastHolder[process] = e.worker;
    }
    for (const long h : trace.handoffs)
        run.gilHandoffs += h;
    double cpu = 0;
    for (std::size_t lane = 0; lane < recorded.size(); ++lane)
        cpu += recorded[lane].task ? 0 : std::max(trace.cpuMs[lane], 0.0);
    run.cpuMs = cpu;
    for (std::size_t lane = 0; lane < recorded.size(); ++lane) {
        if (since[lane] >= 0 && state[lane] == WorkerState::WaitingGil && !recorded[lane].task)
            waitedNs += std::max<std::int64_t>(lastNs - since[lane], 0);
    }
    run.gilWaitMs = double(waitedNs) / 1e6;
    return trace;
}

} // namespace

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
        case WorkerState::Preempted:
            t.preemptedMs += ms;
            break;
        case WorkerState::Stalled:
            t.stalledMs += ms;
            break;
        case WorkerState::CpuNoGil:
            t.noGilCpuMs += ms;
            break;
        case WorkerState::WaitingCpu:
            t.waitingCpuMs += ms;
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
        case WorkerState::Spawning:
            t.startingMs += ms;
            break;
        default:
            break;
        }
    }
    return totals;
}

QString PythonTrace::exclusivityViolation() const
{
    // Per process, each has its own GIL; per thread, one task or greenlet has its turn.
    std::vector<WorkerState> state(std::size_t(run.options.workers), WorkerState::Idle);
    std::map<int, int> holding; // process (threads), or -1 - thread (tasks) -> lanes now
    auto groupOf = [this](int lane) {
        return isTask(lane) ? -1 - threadOf(lane) : processOf(lane);
    };
    auto counts = [this](int lane, WorkerState s) {
        return isTask(lane) ? s != WorkerState::Idle && s != WorkerState::Done : holdsGil(s);
    };
    for (std::size_t i = 0; i < run.events.size(); ++i) {
        const WorkerEvent &e = run.events[i];
        WorkerState &s = state[std::size_t(e.worker)];
        const int group = groupOf(e.worker);
        int &count = holding[group];
        count += int(counts(e.worker, e.state)) - int(counts(e.worker, s));
        s = e.state;
        // A hand-over is one instant: the changes of one time stamp are taken together.
        if (i + 1 < run.events.size() && run.events[i + 1].t == e.t)
            continue;
        const auto over = std::find_if(
            holding.begin(), holding.end(), [](const auto &g) { return g.second > 1; });
        if (over != holding.end()) {
            const int crowded = over->first;
            QStringList who;
            for (std::size_t lane = 0; lane < state.size(); ++lane) {
                if (groupOf(int(lane)) == crowded && counts(int(lane), state[lane]))
                    who.append(lanes.value(int(lane)));
            }
            return QStringLiteral("%1 ms: %2")
                .arg(double(e.t - run.startNs) / 1e6, 0, 'f', 3)
                .arg(who.join(QStringLiteral(" and ")));
        }
    }
    return {};
}

QString PythonTrace::coreViolation() const
{
    const Timeline timeline = Timeline::build(run);
    std::map<int, std::vector<const Segment *>> byCore;
    for (const Segment &s : timeline.segments) {
        if (s.state == WorkerState::Running && s.cpu >= 0)
            byCore[s.cpu].push_back(&s);
    }
    for (auto &[core, segments] : byCore) {
        std::sort(segments.begin(), segments.end(), [](const Segment *a, const Segment *b) {
            return a->start < b->start;
        });
        for (std::size_t i = 1; i < segments.size(); ++i) {
            const Segment *a = segments[i - 1];
            const Segment *b = segments[i];
            if (b->start < a->end && a->lane != b->lane) {
                return QStringLiteral("%1 ms: core %2: %3 and %4")
                    .arg(double(b->start - run.startNs) / 1e6, 0, 'f', 3)
                    .arg(core + 1)
                    .arg(lanes.value(a->lane), lanes.value(b->lane));
            }
        }
    }
    return {};
}

int PythonTrace::processOf(int lane) const
{
    return std::size_t(lane) < run.laneProcess.size() ? run.laneProcess[std::size_t(lane)] : 0;
}

bool PythonTrace::isTask(int lane) const
{
    return std::size_t(lane) < run.laneThread.size() && run.laneThread[std::size_t(lane)] >= 0;
}

int PythonTrace::threadOf(int lane) const
{
    return isTask(lane) ? run.laneThread[std::size_t(lane)] : lane;
}

std::vector<int> PythonTrace::threadLanes() const
{
    std::vector<int> found;
    for (int lane = 0; lane < lanes.size(); ++lane) {
        if (!isTask(lane))
            found.push_back(lane);
    }
    return found;
}

std::vector<int> PythonTrace::taskLanes() const
{
    std::vector<int> found;
    for (int lane = 0; lane < lanes.size(); ++lane) {
        if (isTask(lane))
            found.push_back(lane);
    }
    return found;
}

QJsonObject PythonTrace::toJson(const QString &file) const
{
    const Timeline timeline = Timeline::build(run);
    const std::vector<Totals> all = totalsOf(timeline);
    // Threads and tasks are numbered apart: "thread" and "task" index these lists.
    std::vector<int> index(std::size_t(lanes.size()), -1);
    QJsonArray threadList;
    QJsonArray taskList;
    std::vector<int> threadsPerProcess(processes.size(), 0);
    for (const int lane : threadLanes()) {
        index[std::size_t(lane)] = int(threadList.size());
        const auto l = std::size_t(lane);
        QJsonObject o = totalsJson(all[l]);
        o.insert(QStringLiteral("name"), lanes.at(lane));
        o.insert(QStringLiteral("lane"), lane);
        o.insert(QStringLiteral("process"), processOf(lane));
        o.insert(QStringLiteral("cpu_ms"), orNull(cpuMs[l]));
        o.insert(QStringLiteral("user_cpu_ms"), orNull(userMs[l]));
        threadList.append(o);
        if (std::size_t(processOf(lane)) < threadsPerProcess.size())
            ++threadsPerProcess[std::size_t(processOf(lane))];
    }
    for (const int lane : taskLanes()) {
        index[std::size_t(lane)] = int(taskList.size());
        QJsonObject o = totalsJson(all[std::size_t(lane)]);
        o.insert(QStringLiteral("name"), lanes.at(lane));
        o.insert(QStringLiteral("lane"), lane);
        o.insert(QStringLiteral("thread"), index[std::size_t(threadOf(lane))]);
        o.insert(QStringLiteral("process"), processOf(lane));
        taskList.append(o);
    }
    QJsonArray processList;
    for (std::size_t p = 0; p < processes.size(); ++p) {
        processList.append(QJsonObject{
            {QStringLiteral("name"), processes[p].name},
            {QStringLiteral("pid"), processes[p].pid},
            {QStringLiteral("parent"), processes[p].parent},
            {QStringLiteral("how"), processes[p].how},
            {QStringLiteral("start_ms"), processes[p].startMs},
            {QStringLiteral("threads"), threadsPerProcess[p]},
            {QStringLiteral("gil_handoffs"), double(p < handoffs.size() ? handoffs[p] : 0)}});
    }
    auto where = [&](int lane) {
        QJsonObject o{{QStringLiteral("lane"), lane},
                      {QStringLiteral("thread"), index[std::size_t(threadOf(lane))]}};
        if (isTask(lane))
            o.insert(QStringLiteral("task"), index[std::size_t(lane)]);
        return o;
    };
    QJsonArray segments;
    for (const Segment &s : timeline.segments) {
        QJsonObject o = where(s.lane);
        o.insert(QStringLiteral("state"), stateId(s.state));
        o.insert(QStringLiteral("start_ms"), double(s.start - run.startNs) / 1e6);
        o.insert(QStringLiteral("end_ms"), double(s.end - run.startNs) / 1e6);
        o.insert(QStringLiteral("cpu"), s.cpu);
        segments.append(o);
    }
    // Which C function a released stretch was in: the event that began it says.
    QJsonArray releasedIn;
    for (std::size_t i = 0; i < run.events.size(); ++i) {
        const WorkerEvent &e = run.events[i];
        if ((e.state == WorkerState::BlockedIo || e.state == WorkerState::WaitingLock)
            && callOf[i] >= 0 && callOf[i] < calls.size()) {
            QJsonObject o = where(e.worker);
            o.insert(QStringLiteral("at_ms"), double(e.t - run.startNs) / 1e6);
            o.insert(QStringLiteral("call"), calls.at(callOf[i]));
            releasedIn.append(o);
        }
    }
    return {{QStringLiteral("file"), file},
            {QStringLiteral("wall_ms"), run.wallMs},
            {QStringLiteral("threads"), threadList},
            {QStringLiteral("tasks"), taskList},
            {QStringLiteral("processes"), processList},
            {QStringLiteral("gil_handoffs"), double(run.gilHandoffs)},
            {QStringLiteral("gil_wait_ms"), run.gilWaitMs},
            {QStringLiteral("notes"), QJsonArray::fromStringList(notes)},
            {QStringLiteral("events"), events},
            {QStringLiteral("capped"), capped},
            {QStringLiteral("segments"), segments},
            {QStringLiteral("released_in"), releasedIn}};
}

} // namespace Scheduler
