// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "pythonnarration.h"

#include "pythonlanes.h"
#include "pythontrace.h"
#include "timeline.h"

#include <kit/packages.h>

#include <QStringList>

namespace Scheduler {

namespace {

QString plural(int n, const QString &one, const QString &many)
{
    return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
}

QString capital(QString text)
{
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

QString listed(const QStringList &names)
{
    if (names.size() <= 1)
        return names.value(0);
    return names.mid(0, names.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" and ")
           + names.last();
}

} // namespace

QString narratePython(const Timeline &timeline, std::int64_t t)
{
    // Short names in sentences: "Thread-1 (count)" is "Thread-1" there, so a narration fits.
    auto name = [&timeline](int lane) {
        return timeline.laneName(lane).section(QStringLiteral(" ("), 0, 0);
    };
    const int processes = timeline.processCount();
    const bool several = processes > 1;
    auto gilOf = [&](int process) {
        return several ? QStringLiteral("%1's GIL").arg(timeline.processName(process))
                       : QStringLiteral("the GIL");
    };
    // Whose turn it is on each thread (an asyncio task, a greenlet).
    auto turnOn = [&](int thread) {
        for (int lane = 0; lane < timeline.lanes; ++lane) {
            if (!timeline.isTask(lane) || timeline.threadOf(lane) != thread)
                continue;
            const Segment *s = timeline.at(lane, t);
            if (s && s->state != WorkerState::Idle && s->state != WorkerState::Done)
                return lane;
        }
        return -1;
    };
    std::vector<QStringList> computing(static_cast<std::size_t>(processes));
    for (const int lane : timeline.laneOrder()) {
        const Segment *s = timeline.at(lane, t);
        if (s && s->state == WorkerState::Running && !timeline.isTask(lane)) {
            computing[std::size_t(timeline.processOf(lane))].append(
                s->cpu >= 0 ? QStringLiteral("%1 (on core %2)").arg(name(lane)).arg(s->cpu + 1)
                            : name(lane));
        }
    }
    QStringList sentences;
    for (int p = 0; p < processes; ++p) {
        const QStringList &who = computing[std::size_t(p)];
        if (!who.isEmpty())
            sentences.append(
                QStringLiteral("%1 %2 computing (holding %3).")
                    .arg(capital(listed(who)),
                         who.size() == 1 ? QStringLiteral("is") : QStringLiteral("are"),
                         gilOf(p)));
    }
    for (const int lane : timeline.laneOrder()) {
        const Segment *s = timeline.at(lane, t);
        if (!s)
            continue;
        const double sinceMs = double(t - s->start) / 1e6;
        const QString so = QString::number(sinceMs, 'f', 1);
        const QString who = capital(name(lane));
        const int process = timeline.processOf(lane);
        if (timeline.isTask(lane)) {
            // The thread's own sentence says what it does; a task says whose turn it is.
            const int thread = timeline.threadOf(lane);
            if (s->state == WorkerState::Running)
                sentences.append(QStringLiteral("%1 has its turn on %2.").arg(who, name(thread)));
            else if (s->state == WorkerState::BlockedIo
                     && !name(lane).startsWith(QLatin1String("gevent hub")))
                sentences.append(QStringLiteral("%1 has its turn and blocks %2 in a call: no other "
                                                "task can run until it returns.")
                                     .arg(who, name(thread)));
            continue;
        }
        const int turn = turnOn(lane);
        switch (s->state) {
        case WorkerState::Preempted:
            sentences.append(QStringLiteral("%1 holds %2 but has no core: the kernel runs "
                                            "something else (%3 ms so far).")
                                 .arg(who, gilOf(process), so));
            break;
        case WorkerState::Stalled:
            sentences.append(QStringLiteral("%1 holds %2 but is off its core, and not waiting for "
                                            "one: the kernel makes it wait (%3 ms so far), and no "
                                            "other thread of the process can run Python.")
                                 .arg(who, gilOf(process), so));
            break;
        case WorkerState::CpuNoGil:
            sentences.append(QStringLiteral("%1 is on a CPU without the GIL: C code or the kernel "
                                            "at work, here handing the GIL or a lock over.")
                                 .arg(who));
            break;
        case WorkerState::WaitingCpu:
            sentences.append(QStringLiteral("%1 let the GIL go in C code and could compute, but "
                                            "has no core: the kernel runs something else (%2 ms "
                                            "so far).")
                                 .arg(who, so));
            break;
        case WorkerState::WaitingGil: {
            const QStringList &holders = computing[std::size_t(process)];
            sentences.append(
                QStringLiteral("%1 %2 for %3%4.")
                    .arg(who, Timeline::waited(sinceMs), gilOf(process))
                    .arg(holders.isEmpty()
                             ? QString()
                             : QStringLiteral(" while %1 computes").arg(listed(holders))));
            break;
        }
        case WorkerState::WaitingLock:
            sentences.append(
                QStringLiteral("%1 %2 for a lock.").arg(who, Timeline::waited(sinceMs)));
            break;
        case WorkerState::BlockedIo:
            if (turn >= 0 && name(turn).startsWith(QLatin1String("gevent hub")))
                sentences.append(
                    QStringLiteral("The gevent hub (the event loop) waits in libev for "
                                   "the next event (%1 ms so far), without the GIL.")
                        .arg(so));
            else
                sentences.append(QStringLiteral("%1 is blocked in a call (%2 ms so far), without "
                                                "the GIL.")
                                     .arg(who, so));
            break;
        case WorkerState::Spawning:
            sentences.append(
                timeline.processOf(lane) > 0
                        && timeline.laneName(lane) == timeline.processName(process)
                    ? QStringLiteral("%1's interpreter is starting (%2 ms so far).").arg(who, so)
                    : QStringLiteral("%1 is being made by the OS (%2 ms so far).").arg(who, so));
            break;
        case WorkerState::Encoding:
        case WorkerState::Decoding:
            sentences.append(QStringLiteral("%1 is %2 a message.").arg(who, stateName(s->state)));
            break;
        default:
            break;
        }
    }
    if (sentences.isEmpty())
        return QStringLiteral("Nobody is computing: every thread is waiting, idle or finished.");
    return sentences.join(QLatin1Char(' '));
}

QString runSummary(const PythonTrace &trace)
{
    const int threads = int(trace.threadLanes().size());
    const int tasks = int(trace.taskLanes().size());
    const int processes = int(trace.processes.size());
    QString text
        = QStringLiteral("%1 in %2")
              .arg(plural(threads, QStringLiteral("thread"), QStringLiteral("threads")),
                   plural(processes, QStringLiteral("process"), QStringLiteral("processes")));
    if (tasks > 0)
        text += QStringLiteral(", %1 taking turns on them")
                    .arg(plural(tasks, QStringLiteral("task"), QStringLiteral("tasks")));
    text += QStringLiteral("; %1 between threads")
                .arg(plural(int(trace.run.gilHandoffs),
                            QStringLiteral("GIL hand-off"),
                            QStringLiteral("GIL hand-offs")));
    if (processes > 1)
        text += QStringLiteral(" (each process has its own GIL)");
    return text + QLatin1Char('.');
}

QString missingLibraryAdvice(const QString &errorType, const QString &message)
{
    if (errorType != QLatin1String("ModuleNotFoundError"))
        return {};
    const QString package = Kit::debianPackageFor(message);
    if (package.isEmpty())
        return {};
    return QStringLiteral("This program needs %1: install Debian's %2 (sudo apt install %2), then "
                          "run it again.")
        .arg(message.section(QLatin1Char('\''), 1, 1), package);
}

} // namespace Scheduler
