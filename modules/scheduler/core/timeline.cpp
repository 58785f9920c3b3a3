// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "timeline.h"

#include "pythonlanes.h"
#include "pythonnarration.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace Scheduler {

Timeline Timeline::build(const RunRecord &run)
{
    Timeline timeline;
    timeline.model = run.options.model;
    timeline.workload = run.options.workload;
    timeline.names = run.laneNames;
    timeline.laneProcess = run.laneProcess;
    timeline.laneThread = run.laneThread;
    for (const RunProcess &p : run.processes)
        timeline.processNames.push_back(p.name);
    timeline.lanes = run.options.workers;
    timeline.cores = std::max(run.cores, 1);
    timeline.title = !run.program.isEmpty()
                         ? run.program
                         : QStringLiteral("%1, %2 worker%3")
                               .arg(modelName(run.options.model))
                               .arg(run.options.workers)
                               .arg(run.options.workers == 1 ? QString() : QStringLiteral("s"));
    timeline.start = run.startNs;
    timeline.end = run.startNs + std::int64_t(run.wallMs * 1e6);
    for (const WorkerEvent &e : run.events)
        timeline.end = std::max(timeline.end, e.t);

    // Each event closes at most one segment of its lane: the segments go straight to their
    // lane's place (a long run's million, made once, not per lane and then copied).
    std::vector<std::size_t> cursor(std::size_t(timeline.lanes) + 1, 0);
    for (const WorkerEvent &e : run.events) {
        if (e.worker >= 0 && e.worker < timeline.lanes)
            ++cursor[std::size_t(e.worker) + 1];
    }
    for (std::size_t w = 1; w < cursor.size(); ++w)
        cursor[w] += cursor[w - 1];
    const std::vector<std::size_t> firstOf = cursor;
    timeline.segments.resize(cursor.back());
    std::vector<const WorkerEvent *> open(std::size_t(timeline.lanes), nullptr);
    auto close = [&](const WorkerEvent &from, std::int64_t until) {
        if (from.state == WorkerState::Done || until <= from.t)
            return;
        timeline.segments[cursor[std::size_t(from.worker)]++]
            = {from.worker,
               from.t,
               until,
               from.state,
               from.other,
               from.cpu,
               (from.flags & EventFlag::HoldsLock) != 0};
    };
    std::vector<std::int64_t> lockSince(std::size_t(timeline.lanes), -1);
    for (const WorkerEvent &e : run.events) {
        if (e.worker < 0 || e.worker >= timeline.lanes)
            continue;
        const auto w = std::size_t(e.worker);
        if (const WorkerEvent *previous = open[w])
            close(*previous, e.t);
        open[w] = &e;
        if (e.flags & EventFlag::TaskStart)
            timeline.taskStarts.push_back({e.worker, e.t});
        const bool holds = e.flags & EventFlag::HoldsLock;
        if (holds && lockSince[w] < 0) {
            lockSince[w] = e.t;
        } else if (!holds && lockSince[w] >= 0) {
            timeline.lockSegments.push_back({e.worker, lockSince[w], e.t, WorkerState::Running});
            lockSince[w] = -1;
        }
    }
    for (std::size_t w = 0; w < lockSince.size(); ++w) {
        if (lockSince[w] >= 0)
            timeline.lockSegments.push_back(
                {int(w), lockSince[w], timeline.end, WorkerState::Running});
    }
    std::sort(timeline.lockSegments.begin(),
              timeline.lockSegments.end(),
              [](const Segment &a, const Segment &b) { return a.start < b.start; });
    for (const WorkerEvent *last : open) {
        if (last)
            close(*last, timeline.end);
    }
    // Closed up: the places of events that closed nothing (an end, an instant) go.
    std::size_t kept = 0;
    for (std::size_t w = 0; w + 1 < firstOf.size(); ++w) {
        for (std::size_t i = firstOf[w]; i < cursor[w]; ++i)
            timeline.segments[kept++] = timeline.segments[i];
    }
    timeline.segments.resize(kept);
    if (run.options.model == Model::Gil) {
        // A Python program's GIL is its process's (every process has its own), held by a thread
        // (a task or greenlet holds nothing: its thread does), running Python or C that keeps it
        // (pickling), or preempted or stalled by the kernel while it holds it.
        const bool python = timeline.isPython();
        for (const Segment &s : timeline.segments) {
            const bool holds = python ? holdsGil(s.state) && !timeline.isTask(s.lane)
                                      : s.state == WorkerState::Running;
            if (holds)
                timeline.gilSegments.push_back(s);
        }
        std::sort(timeline.gilSegments.begin(),
                  timeline.gilSegments.end(),
                  [](const Segment &a, const Segment &b) { return a.start < b.start; });
    }
    return timeline;
}

const Segment *Timeline::at(int lane, std::int64_t t) const
{
    // Segments are grouped by lane and sorted by time inside a lane.
    auto first = std::lower_bound(
        segments.begin(), segments.end(), lane, [](const Segment &s, int l) { return s.lane < l; });
    auto it
        = std::upper_bound(first, segments.end(), t, [lane](std::int64_t time, const Segment &s) {
              return s.lane > lane || time < s.start;
          });
    if (it == first)
        return nullptr;
    --it;
    return it->lane == lane && t >= it->start && t < it->end ? &*it : nullptr;
}

int Timeline::lockHolderAt(std::int64_t t) const
{
    auto it = std::upper_bound(lockSegments.begin(),
                               lockSegments.end(),
                               t,
                               [](std::int64_t time, const Segment &s) { return time < s.start; });
    while (it != lockSegments.begin()) {
        --it;
        if (t >= it->start && t < it->end)
            return it->lane;
        if (it->end <= t)
            break; // segments do not overlap: nothing earlier can cover T
    }
    return -1;
}

int Timeline::countIn(WorkerState state, std::int64_t t) const
{
    int count = 0;
    for (int lane = 0; lane < lanes; ++lane) {
        const Segment *s = at(lane, t);
        count += s && s->state == state;
    }
    return count;
}

int Timeline::processOf(int lane) const
{
    return lane >= 0 && std::size_t(lane) < laneProcess.size() ? laneProcess[std::size_t(lane)] : 0;
}

bool Timeline::isTask(int lane) const
{
    return lane >= 0 && std::size_t(lane) < laneThread.size() && laneThread[std::size_t(lane)] >= 0;
}

int Timeline::threadOf(int lane) const
{
    return isTask(lane) ? laneThread[std::size_t(lane)] : lane;
}

int Timeline::processCount() const
{
    int most = 0;
    for (const int p : laneProcess)
        most = std::max(most, p);
    return std::max(most + 1, int(processNames.size()));
}

QString Timeline::processName(int process) const
{
    if (process >= 0 && std::size_t(process) < processNames.size()
        && !processNames[std::size_t(process)].isEmpty())
        return processNames[std::size_t(process)];
    return process == 0 ? QStringLiteral("the program") : QStringLiteral("process %1").arg(process);
}

std::vector<int> Timeline::laneOrder() const
{
    std::vector<int> order;
    order.reserve(std::size_t(lanes));
    for (int process = 0; process < processCount(); ++process) {
        for (int lane = 0; lane < lanes; ++lane) {
            if (isTask(lane) || processOf(lane) != process)
                continue;
            order.push_back(lane);
            for (int task = 0; task < lanes; ++task) {
                if (isTask(task) && threadOf(task) == lane)
                    order.push_back(task);
            }
        }
    }
    // Anything the above missed (a task whose thread is not a lane) still gets a row.
    for (int lane = 0; lane < lanes; ++lane) {
        if (std::find(order.begin(), order.end(), lane) == order.end())
            order.push_back(lane);
    }
    return order;
}

QString Timeline::laneName(int lane) const
{
    if (lane >= 0 && std::size_t(lane) < names.size())
        return names[std::size_t(lane)];
    // A pipeline of three or more: the first worker produces, the last consumes, the rest
    // transform (one worker does every stage in turn).
    if (workload == Workload::Pipeline && lanes >= 3) {
        if (lane == 0)
            return QStringLiteral("producer");
        if (lane == lanes - 1)
            return QStringLiteral("consumer");
        return lanes == 3 ? QStringLiteral("transformer")
                          : QStringLiteral("transformer %1").arg(lane);
    }
    return QStringLiteral("worker %1").arg(lane + 1);
}

QString Timeline::waited(double ms)
{
    const QString written = QString::number(ms, 'f', 1);
    return written == QLatin1String("0.0") || written == QLatin1String("-0.0")
               ? QStringLiteral("has just begun to wait")
               : QStringLiteral("has waited %1 ms").arg(written);
}

QString Timeline::narrate(std::int64_t t) const
{
    if (isPython())
        return narratePython(*this, t);
    // Short names in sentences: "Thread-1 (count)" is "Thread-1" there, so a narration fits.
    auto laneName = [this](int lane) {
        return this->laneName(lane).section(QStringLiteral(" ("), 0, 0);
    };
    auto capital = [](QString name) {
        name[0] = name[0].toUpper();
        return name;
    };
    QStringList running;
    QStringList sentences;
    for (int lane = 0; lane < lanes; ++lane) {
        const Segment *s = at(lane, t);
        if (s && s->state == WorkerState::Running) {
            running.append(
                s->cpu >= 0 ? QStringLiteral("%1 (on core %2)").arg(laneName(lane)).arg(s->cpu + 1)
                            : laneName(lane));
        }
    }
    const int lockHolder = lockHolderAt(t);
    for (int lane = 0; lane < lanes; ++lane) {
        const Segment *s = at(lane, t);
        if (!s)
            continue;
        const double waitedMs = double(t - s->start) / 1e6;
        const QString who = capital(laneName(lane));
        switch (s->state) {
        case WorkerState::WaitingGil:
            sentences.append(QStringLiteral("%1 %2 for the GIL%3.")
                                 .arg(who, waited(waitedMs))
                                 .arg(running.isEmpty()
                                          ? QString()
                                          : QStringLiteral(" while %1 computes")
                                                .arg(running.join(QStringLiteral(" and ")))));
            break;
        case WorkerState::WaitingLock: {
            // Who holds it now: the holder may have changed since the wait began.
            const int now = lockHolder >= 0 ? lockHolder : s->other;
            // Not known who holds it (a Python program's lock, a join): "a lock", not "the".
            sentences.append(now < 0
                                 ? QStringLiteral("%1 %2 for a lock.").arg(who, waited(waitedMs))
                                 : QStringLiteral("%1 %2 for the lock that %3 holds.")
                                       .arg(who, waited(waitedMs), laneName(now)));
            break;
        }
        case WorkerState::BlockedIo:
            sentences.append(
                QStringLiteral("%1 is blocked in an I/O call (%2 ms so far)%3.")
                    .arg(who)
                    .arg(waitedMs, 0, 'f', 1)
                    .arg(model == Model::Gil ? QStringLiteral(", without the GIL") : QString()));
            break;
        case WorkerState::Spawning:
            sentences.append(QStringLiteral("%1's process is starting (%2 ms so far).")
                                 .arg(who)
                                 .arg(waitedMs, 0, 'f', 1));
            break;
        case WorkerState::Encoding:
        case WorkerState::Decoding:
            sentences.append(QStringLiteral("%1 is %2 a message.").arg(who, stateName(s->state)));
            break;
        case WorkerState::Ready:
            sentences.append(
                QStringLiteral("%1 is ready and waits for the event loop to run it.").arg(who));
            break;
        default:
            break;
        }
    }
    if (!running.isEmpty()) {
        sentences.prepend(
            QStringLiteral("%1 %2 computing%3.")
                .arg(running.join(QStringLiteral(" and ")))
                .arg(running.size() == 1 ? QStringLiteral("is") : QStringLiteral("are"))
                .arg(model == Model::Gil ? QStringLiteral(" (holding the GIL)") : QString()));
        sentences.first()[0] = sentences.first()[0].toUpper();
    }
    if (lockHolder >= 0) {
        const Segment *s = at(lockHolder, t);
        const QString who = capital(laneName(lockHolder));
        if (s && s->state == WorkerState::WaitingGil) {
            sentences.append(QStringLiteral("%1 holds the lock but waits for the GIL: whoever "
                                            "needs the lock now waits on both.")
                                 .arg(who));
        } else {
            sentences.append(QStringLiteral("%1 holds the lock.").arg(who));
        }
    }
    if (sentences.isEmpty()) {
        // Before any worker's first recorded state: not "idle or finished", not yet begun.
        std::int64_t first = std::numeric_limits<std::int64_t>::max();
        bool begun = false;
        for (const Segment &s : segments) {
            first = std::min(first, s.start);
            begun |= s.start <= t;
        }
        if (!begun && first != std::numeric_limits<std::int64_t>::max())
            return QStringLiteral("No worker has started yet: the first starts at %1 ms.")
                .arg(double(first - start) / 1e6, 0, 'f', 3);
        return QStringLiteral("Nobody is computing: every worker is idle or finished.");
    }
    return sentences.join(QLatin1Char(' '));
}

double TimeAxis::x(std::int64_t t) const
{
    const double span = double(std::max<std::int64_t>(viewEnd - viewStart, 1));
    return left + double(t - viewStart) / span * width;
}

std::int64_t TimeAxis::t(double x) const
{
    const double span = double(std::max<std::int64_t>(viewEnd - viewStart, 1));
    return viewStart + std::int64_t(std::llround((x - left) / std::max(width, 1e-9) * span));
}

void TimeAxis::zoom(double factor, double x)
{
    if (!(factor > 0))
        return;
    const std::int64_t anchor = t(x);
    const double fraction = (x - left) / std::max(width, 1e-9);
    const double span = double(viewEnd - viewStart) / factor;
    viewStart = anchor - std::int64_t(span * fraction);
    viewEnd = viewStart + std::max<std::int64_t>(std::int64_t(span), 1);
}

void TimeAxis::pan(double dx)
{
    const double span = double(viewEnd - viewStart);
    const auto shift = std::int64_t(dx / std::max(width, 1e-9) * span);
    viewStart += shift;
    viewEnd += shift;
}

void TimeAxis::clamp(std::int64_t start, std::int64_t end, std::int64_t minSpan)
{
    std::int64_t span
        = std::clamp(viewEnd - viewStart, std::min(minSpan, end - start), end - start);
    span = std::max<std::int64_t>(span, 1);
    viewStart = std::clamp(viewStart, start, std::max(start, end - span));
    viewEnd = viewStart + span;
}

std::vector<TimeAxis::Tick>
TimeAxis::ticks(const std::function<double(const QString &)> &advance) const
{
    const double spanMs = double(std::max<std::int64_t>(viewEnd - viewStart, 1)) / 1e6;
    auto labelFor = [](double ms, double step) {
        const bool seconds = step >= 1000;
        const double value = seconds ? ms / 1000 : ms;
        const double unitStep = seconds ? step / 1000 : step;
        const int decimals = std::max(0, int(std::ceil(-std::log10(unitStep) - 1e-9)));
        return QStringLiteral("%1 %2")
            .arg(value, 0, 'f', decimals)
            .arg(seconds ? QStringLiteral("s") : QStringLiteral("ms"));
    };
    // From the finest nice step up, the first whose labels (as wide as the view's last) fit.
    double step = 1e-6; // 1 ns
    for (double base = 1e-6; base < 1e12; base *= 10) {
        bool found = false;
        for (const double m : {1.0, 2.0, 5.0}) {
            step = base * m;
            const double labels = spanMs / step + 1;
            const double widest = std::max(advance(labelFor(double(viewEnd) / 1e6, step)),
                                           advance(labelFor(double(viewStart) / 1e6, step)));
            if (labels <= 1.5 || labels * widest <= width) {
                found = true;
                break;
            }
        }
        if (found)
            break;
    }
    std::vector<Tick> ticks;
    const double first = std::ceil(double(viewStart) / 1e6 / step - 1e-9);
    for (double k = first; k * step <= double(viewEnd) / 1e6 + 1e-9; k += 1) {
        const double ms = k * step;
        ticks.push_back({std::int64_t(std::llround(ms * 1e6)), labelFor(ms, step)});
    }
    return ticks;
}

ReplayFrame ReplayFrame::at(const Timeline &timeline, std::int64_t t)
{
    ReplayFrame frame;
    frame.cores.assign(std::size_t(std::max(timeline.cores, 1)), -1);
    frame.lockHolder = timeline.lockHolderAt(t);
    // Computing workers go on the core they were last seen on; when two were last seen on one
    // core, the later arrival is there and the other takes turns with it.
    std::vector<const Segment *> running;
    const bool python = timeline.isPython();
    if (python)
        frame.gilHolders.assign(std::size_t(timeline.processCount()), -1);
    for (int lane = 0; lane < timeline.lanes; ++lane) {
        const Segment *s = timeline.at(lane, t);
        if (!s) {
            frame.idle.push_back(lane);
            continue;
        }
        if (python && timeline.isTask(lane)) {
            // A task is its thread's turn: its thread is on the core, holds the GIL, waits.
            if (s->state == WorkerState::Idle || s->state == WorkerState::Done)
                frame.idle.push_back(lane);
            else
                frame.turns.push_back(lane);
            continue;
        }
        if (python && holdsGil(s->state)) {
            const auto process = std::size_t(timeline.processOf(lane));
            if (process < frame.gilHolders.size())
                frame.gilHolders[process] = lane;
            if (process == 0)
                frame.gilHolder = lane;
        }
        switch (s->state) {
        case WorkerState::Running:
            running.push_back(s);
            if (timeline.model == Model::Gil && !python)
                frame.gilHolder = lane;
            break;
        case WorkerState::Preempted:
            frame.preempted.push_back(lane);
            break;
        case WorkerState::Stalled:
            frame.stalled.push_back(lane);
            break;
        case WorkerState::CpuNoGil:
            frame.noGilCpu.push_back(lane);
            break;
        case WorkerState::WaitingCpu:
            frame.waitingCpu.push_back(lane);
            break;
        case WorkerState::WaitingGil:
            frame.waitingGil.push_back(lane);
            break;
        case WorkerState::WaitingLock:
            frame.waitingLock.emplace_back(lane, s->other);
            break;
        case WorkerState::BlockedIo:
            frame.blockedIo.push_back(lane);
            break;
        case WorkerState::Ready:
            frame.ready.push_back(lane);
            break;
        case WorkerState::Spawning:
        case WorkerState::Encoding:
        case WorkerState::Decoding:
            frame.messaging.push_back(lane);
            break;
        case WorkerState::Idle:
        case WorkerState::Done:
            frame.idle.push_back(lane);
            break;
        }
    }
    std::stable_sort(running.begin(), running.end(), [](const Segment *a, const Segment *b) {
        return a->start > b->start; // the latest arrival first
    });
    for (const Segment *s : running) {
        if (s->cpu < 0 || s->cpu >= int(frame.cores.size())) {
            frame.unplaced.push_back(s->lane);
        } else if (frame.cores[std::size_t(s->cpu)] < 0) {
            frame.cores[std::size_t(s->cpu)] = s->lane;
        } else {
            frame.sharing.emplace_back(s->lane, s->cpu);
        }
    }
    std::sort(frame.unplaced.begin(), frame.unplaced.end());
    std::sort(frame.sharing.begin(), frame.sharing.end());
    return frame;
}

std::vector<int> ReplayFrame::computing() const
{
    std::vector<int> lanes;
    for (const int lane : cores) {
        if (lane >= 0)
            lanes.push_back(lane);
    }
    for (const auto &[lane, core] : sharing)
        lanes.push_back(lane);
    lanes.insert(lanes.end(), unplaced.begin(), unplaced.end());
    std::sort(lanes.begin(), lanes.end());
    return lanes;
}

} // namespace Scheduler
