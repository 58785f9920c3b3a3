// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// A run's recording as Chrome Trace Event JSON, for Perfetto and chrome://tracing. A model's run
// is one process; a Python program's run has one process per process it had, by its real pid
// and named after the program and the process, each with its own GIL's track.

#include "engine.h"
#include "pythonlanes.h"
#include "timeline.h"

#include <QBuffer>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

namespace Scheduler {

namespace {

/** The GIL's track in each process: a tid no thread of it has. */
constexpr int GilTid = 1 << 30;

QJsonObject metadata(const QString &what, int pid, int tid, const QString &name, int sortIndex)
{
    QJsonObject o{{QStringLiteral("ph"), QStringLiteral("M")},
                  {QStringLiteral("name"), what},
                  {QStringLiteral("pid"), pid},
                  {QStringLiteral("args"), QJsonObject{{QStringLiteral("name"), name}}},
                  {QStringLiteral("sort_index"), sortIndex}};
    if (tid >= 0)
        o.insert(QStringLiteral("tid"), tid);
    return o;
}

QJsonObject sortIndex(const QString &what, int pid, int tid, int index)
{
    QJsonObject o{{QStringLiteral("ph"), QStringLiteral("M")},
                  {QStringLiteral("name"), what},
                  {QStringLiteral("pid"), pid},
                  {QStringLiteral("args"), QJsonObject{{QStringLiteral("sort_index"), index}}}};
    if (tid >= 0)
        o.insert(QStringLiteral("tid"), tid);
    return o;
}

/**
 * The trace's events written out as they come, in pieces of a few MiB: a complete event
 * (a slice) as text straight away, its names escaped once each; the rare others through
 * QJsonDocument.
 */
class TraceWriter
{
public:
    explicit TraceWriter(QIODevice *out)
        : m_out(out)
    {
        m_buffer.reserve(Piece + 4096);
        m_buffer += "{\"traceEvents\":[";
    }

    void append(const QJsonObject &event)
    {
        separate();
        m_buffer += QJsonDocument(event).toJson(QJsonDocument::Compact);
        flushIfFull();
    }

    /** A complete event NAME of CATEGORY on PID's TID from TS for DUR µs; CORE >= 0 adds
     *  its core (from 1, as the app draws it) and cpu (as the kernel numbers it). */
    void slice(const QString &name,
               const QString &category,
               int pid,
               int tid,
               double ts,
               double dur,
               int core = -1)
    {
        separate();
        m_buffer += "{\"ph\":\"X\",\"name\":";
        m_buffer += escaped(name);
        m_buffer += ",\"cat\":";
        m_buffer += escaped(category);
        m_buffer += ",\"pid\":";
        m_buffer += QByteArray::number(pid);
        m_buffer += ",\"tid\":";
        m_buffer += QByteArray::number(tid);
        m_buffer += ",\"ts\":";
        m_buffer += QByteArray::number(ts, 'g', QLocale::FloatingPointShortest);
        m_buffer += ",\"dur\":";
        m_buffer += QByteArray::number(dur, 'g', QLocale::FloatingPointShortest);
        if (core >= 0) {
            m_buffer += ",\"args\":{\"core\":";
            m_buffer += QByteArray::number(core + 1);
            m_buffer += ",\"cpu\":";
            m_buffer += QByteArray::number(core);
            m_buffer += '}';
        }
        m_buffer += '}';
        flushIfFull();
    }

    /** Ends the document; false if writing failed anywhere. */
    bool finish()
    {
        m_buffer += "],\"displayTimeUnit\":\"ms\"}";
        flush();
        return m_ok;
    }

private:
    static constexpr qsizetype Piece = 4 << 20;

    void separate()
    {
        if (!m_first)
            m_buffer += ',';
        m_first = false;
    }

    const QByteArray &escaped(const QString &text)
    {
        auto found = m_escaped.find(text);
        if (found == m_escaped.end()) {
            // ["text"] as JSON, without its brackets: the string exactly as JSON spells it.
            const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
            found = m_escaped.insert(text, array.mid(1, array.size() - 2));
        }
        return *found;
    }

    void flushIfFull()
    {
        if (m_buffer.size() >= Piece)
            flush();
    }

    void flush()
    {
        if (m_ok && m_out->write(m_buffer) != m_buffer.size())
            m_ok = false;
        m_buffer.clear();
    }

    QIODevice *m_out;
    QByteArray m_buffer;
    QHash<QString, QByteArray> m_escaped;
    bool m_first = true;
    bool m_ok = true;
};

} // namespace

QByteArray chromeTrace(const RunRecord &run)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    writeChromeTrace(run, &buffer);
    return bytes;
}

bool writeChromeTrace(const RunRecord &run, QIODevice *out)
{
    const Timeline timeline = Timeline::build(run);
    const bool python = timeline.isPython();
    // A Python program's threads by their names; the models' workers by number.
    auto laneName = [&timeline, python](int worker) {
        return python ? timeline.laneName(worker) : QStringLiteral("worker %1").arg(worker + 1);
    };
    // A Python program's processes by their pids (a made-up one where the run has none), a
    // model's run as process 1.
    auto pidOf = [&](int lane) {
        if (!python)
            return 1;
        const int process = timeline.processOf(lane);
        const int pid = std::size_t(process) < run.processes.size()
                            ? run.processes[std::size_t(process)].pid
                            : 0;
        return pid > 0 ? pid : process + 1;
    };
    TraceWriter trace(out);
    const int workers = run.options.workers;
    const bool gil = run.options.model == Model::Gil;
    const bool lock = run.options.workload == Workload::SharedDict
                      && run.options.model != Model::Processes
                      && run.options.model != Model::Coroutines && !python;
    // Tracks: workers are tids 1..N; the GIL owner and the lock holder get their own after them
    // (a Python process's GIL: GilTid in its pid).
    const int gilTid = python ? GilTid : workers + 1;
    const int lockTid = workers + 2;
    auto us = [&run](std::int64_t t) {
        return double(t - run.startNs) / 1e3;
    };
    if (python) {
        const QString program = timeline.processName(0);
        for (int p = 0; p < timeline.processCount(); ++p) {
            int firstLane = -1;
            for (int lane = 0; lane < workers && firstLane < 0; ++lane)
                firstLane = timeline.processOf(lane) == p ? lane : -1;
            const int pid = firstLane >= 0 ? pidOf(firstLane) : p + 1;
            const QString name = p == 0 ? QStringLiteral("%1 (pid %2)").arg(program).arg(pid)
                                        : QStringLiteral("%1: %2 (pid %3)")
                                              .arg(program, timeline.processName(p))
                                              .arg(pid);
            trace.append(metadata(QStringLiteral("process_name"), pid, -1, name, p));
            trace.append(sortIndex(QStringLiteral("process_sort_index"), pid, -1, p));
            trace.append(metadata(QStringLiteral("thread_name"),
                                  pid,
                                  gilTid,
                                  p == 0 && timeline.processCount() == 1
                                      ? QStringLiteral("GIL owner")
                                      : QStringLiteral("GIL of %1").arg(timeline.processName(p)),
                                  0));
            trace.append(sortIndex(QStringLiteral("thread_sort_index"), pid, gilTid, 0));
        }
    } else {
        trace.append(
            metadata(QStringLiteral("process_name"),
                     1,
                     -1,
                     QStringLiteral("Curtain: %1, %2")
                         .arg(modelName(run.options.model), workloadName(run.options.workload)),
                     0));
        if (gil)
            trace.append(
                metadata(QStringLiteral("thread_name"), 1, gilTid, QStringLiteral("GIL owner"), 0));
        if (lock)
            trace.append(metadata(QStringLiteral("thread_name"),
                                  1,
                                  lockTid,
                                  QStringLiteral("shared dict's lock holder"),
                                  1));
    }
    const std::vector<int> order = timeline.laneOrder();
    for (std::size_t row = 0; row < order.size(); ++row) {
        const int w = order[row];
        const QString name
            = timeline.isTask(w)
                  ? QStringLiteral("%1 (on %2)").arg(laneName(w), laneName(timeline.threadOf(w)))
                  : laneName(w);
        trace.append(metadata(QStringLiteral("thread_name"), pidOf(w), w + 1, name, int(row) + 2));
        trace.append(sortIndex(QStringLiteral("thread_sort_index"), pidOf(w), w + 1, int(row) + 2));
    }

    // Segments: each event lasts until the same worker's next event.
    std::vector<const WorkerEvent *> last(std::size_t(workers), nullptr);
    std::vector<double> lockSince(std::size_t(workers), -1);
    int flow = 0;
    auto emitSegment = [&](const WorkerEvent &from, std::int64_t until) {
        if (from.state == WorkerState::Done || until <= from.t)
            return;
        const double ts = us(from.t);
        const double dur = us(until) - ts;
        const int pid = pidOf(from.worker);
        // "core" as the app draws it (from 1), "cpu" as the kernel and the JSON number it.
        trace.slice(stateName(from.state),
                    stateId(from.state),
                    pid,
                    from.worker + 1,
                    ts,
                    dur,
                    from.cpu >= 0 ? from.cpu : -1);
        // The holder of its process's GIL: one at a time by construction, so the track nests.
        // A task holds nothing (its thread does); preempted, the thread still holds it.
        const bool holds = python ? holdsGil(from.state) && !timeline.isTask(from.worker)
                                  : from.state == WorkerState::Running;
        if (gil && holds) {
            const QString holder
                = from.state == WorkerState::Preempted
                      ? QStringLiteral("%1 (preempted)").arg(laneName(from.worker))
                  : from.state == WorkerState::Stalled
                      ? QStringLiteral("%1 (stalled in the kernel)").arg(laneName(from.worker))
                      : laneName(from.worker);
            trace.slice(holder, QStringLiteral("gil"), pid, gilTid, ts, dur);
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
                                  {QStringLiteral("pid"), pid},
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
                                     {QStringLiteral("pid"), pidOf(e.worker)},
                                     {QStringLiteral("tid"), e.worker + 1},
                                     {QStringLiteral("ts"), us(e.t)}});
        }
        const bool holds = e.flags & EventFlag::HoldsLock;
        if (lock && holds && lockSince[w] < 0) {
            lockSince[w] = us(e.t);
        } else if (lock && !holds && lockSince[w] >= 0) {
            trace.slice(laneName(e.worker),
                        QStringLiteral("lock"),
                        1,
                        lockTid,
                        lockSince[w],
                        us(e.t) - lockSince[w]);
            lockSince[w] = -1;
        }
    }
    // What is still open at the end of the run lasts until then (a model's workers are all done).
    for (const WorkerEvent *e : last) {
        if (python && e)
            emitSegment(*e, timeline.end);
    }
    return trace.finish();
}

} // namespace Scheduler
