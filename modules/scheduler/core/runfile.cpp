// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "runfile.h"

#include <kit/jsonio.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QtEndian>

#include <cmath>
#include <functional>

namespace Scheduler {

using namespace Kit;

namespace RunFile {

namespace {

const QString Format = QStringLiteral("curtain-scheduler-runs");
constexpr int Version = 1;

QJsonObject percentiles(const Percentiles &p)
{
    return {{QStringLiteral("p50"), p.p50},
            {QStringLiteral("p95"), p.p95},
            {QStringLiteral("max"), p.max}};
}

QJsonObject runToJson(const RunRecord &r, bool withEvents)
{
    QJsonObject o{
        {QStringLiteral("model"), modelId(r.options.model)},
        {QStringLiteral("workload"), workloadId(r.options.workload)},
        {QStringLiteral("workers"), r.options.workers},
        {QStringLiteral("tasks_option"), r.options.tasks},
        {QStringLiteral("task_ms_option"), r.options.taskMs},
        {QStringLiteral("switch_interval_ms"), r.options.switchIntervalMs},
        {QStringLiteral("blocking_io"), r.options.blockingIo},
        {QStringLiteral("error"), r.error},
        {QStringLiteral("stopped"), r.stopped},
        {QStringLiteral("tasks"), r.tasks},
        {QStringLiteral("tasks_completed"), r.completed},
        {QStringLiteral("cores"), r.cores},
        {QStringLiteral("wall_ms"), r.wallMs},
        {QStringLiteral("cpu_ms"), r.cpuMs},
        {QStringLiteral("throughput"), r.throughput},
        {QStringLiteral("task_latency_ms"), percentiles(r.taskLatency)},
        {QStringLiteral("io_latency_ms"), percentiles(r.ioLatency)},
        {QStringLiteral("has_io"), r.hasIo},
        {QStringLiteral("lock_wait_ms"), r.lockWaitMs},
        {QStringLiteral("gil_handoffs"), double(r.gilHandoffs)},
        {QStringLiteral("gil_wait_ms"), r.gilWaitMs},
        {QStringLiteral("voluntary_switches"), double(r.voluntarySwitches)},
        {QStringLiteral("involuntary_switches"), double(r.involuntarySwitches)},
        {QStringLiteral("spawn_mean_ms"), r.spawnMeanMs},
        {QStringLiteral("spawn_max_ms"), r.spawnMaxMs},
        {QStringLiteral("encoded_bytes"), double(r.encodedBytes)},
        {QStringLiteral("encode_ms"), r.encodeMs},
        {QStringLiteral("other_load_cores"), r.otherLoadCores},
        // As text: nanoseconds since boot can pass 2^53 on a machine that has been up long.
        {QStringLiteral("start_ns"), QString::number(r.startNs)},
    };
    QJsonArray perWorker;
    for (const double ms : r.lockWaitPerWorkerMs)
        perWorker.append(ms);
    o.insert(QStringLiteral("lock_wait_ms_per_worker"), perWorker);
    if (!r.program.isEmpty()) {
        // A Python program's run: what ran, its threads' names and processes.
        o.insert(QStringLiteral("program"), r.program);
        QJsonArray names;
        for (const QString &name : r.laneNames)
            names.append(name);
        o.insert(QStringLiteral("lane_names"), names);
        QJsonArray processes;
        for (const int process : r.laneProcess)
            processes.append(process);
        o.insert(QStringLiteral("lane_process"), processes);
        QJsonArray threads;
        for (const int thread : r.laneThread)
            threads.append(thread);
        o.insert(QStringLiteral("lane_thread"), threads);
        QJsonArray processList;
        for (const RunProcess &p : r.processes)
            processList.append(
                QJsonObject{{QStringLiteral("name"), p.name}, {QStringLiteral("pid"), p.pid}});
        o.insert(QStringLiteral("processes"), processList);
    }
    if (withEvents) {
        // Packed records (PackedEventBytes each, see runfile.h) in base64: a million events
        // read back in a fraction of a second, where as JSON arrays they took seconds.
        QByteArray packed(qsizetype(r.events.size()) * PackedEventBytes, Qt::Uninitialized);
        char *out = packed.data();
        for (const WorkerEvent &e : r.events) {
            qToLittleEndian<std::int64_t>(e.t - r.startNs, out);
            qToLittleEndian<std::int32_t>(e.worker, out + 8);
            out[12] = char(std::uint8_t(e.state));
            out[13] = char(e.flags);
            qToLittleEndian<std::int16_t>(e.cpu, out + 14);
            qToLittleEndian<std::int32_t>(e.other, out + 16);
            out += PackedEventBytes;
        }
        o.insert(QStringLiteral("events_packed"), QString::fromLatin1(packed.toBase64()));
    }
    return o;
}

/** Reads fields of one object, remembering the first problem with its path. */
class Fields
{
public:
    Fields(const QJsonObject &object, QString path, QString *error)
        : m_object(object)
        , m_path(std::move(path))
        , m_error(error)
    {}
    bool ok() const { return m_error->isEmpty(); }
    void fail(const QString &field, const QString &problem)
    {
        if (ok())
            *m_error = QStringLiteral("%1.%2: %3").arg(m_path, field, problem);
    }
    double number(const QString &key, double min, double max)
    {
        const QJsonValue v = m_object.value(key);
        if (!v.isDouble()) {
            fail(key,
                 v.isUndefined() ? QStringLiteral("is missing")
                                 : QStringLiteral("is not a number"));
            return 0;
        }
        const double d = v.toDouble();
        if (!std::isfinite(d) || d < min || d > max) {
            fail(key, QStringLiteral("%1 is outside %2..%3").arg(d).arg(min).arg(max));
            return 0;
        }
        return d;
    }
    int whole(const QString &key, int min, int max)
    {
        const double d = number(key, min, max);
        if (ok() && d != std::floor(d))
            fail(key, QStringLiteral("%1 is not a whole number").arg(d));
        return int(d);
    }
    bool boolean(const QString &key)
    {
        const QJsonValue v = m_object.value(key);
        if (!v.isBool())
            fail(key, QStringLiteral("is not true or false"));
        return v.toBool();
    }
    QString text(const QString &key)
    {
        const QJsonValue v = m_object.value(key);
        if (!v.isString())
            fail(key, QStringLiteral("is not a string"));
        return v.toString();
    }
    Percentiles percentiles(const QString &key)
    {
        Fields inner(m_object.value(key).toObject(), m_path + QLatin1Char('.') + key, m_error);
        if (!m_object.value(key).isObject())
            fail(key, QStringLiteral("is not an object"));
        Percentiles p;
        p.p50 = inner.number(QStringLiteral("p50"), 0, 1e12);
        p.p95 = inner.number(QStringLiteral("p95"), 0, 1e12);
        p.max = inner.number(QStringLiteral("max"), 0, 1e12);
        return p;
    }

private:
    QJsonObject m_object;
    QString m_path;
    QString *m_error;
};

std::optional<RunRecord> runFromJson(const QJsonObject &o, const QString &path, QString *error)
{
    Fields f(o, path, error);
    RunRecord r;
    const auto model = modelFromId(f.text(QStringLiteral("model")));
    if (f.ok() && !model)
        f.fail(
            QStringLiteral("model"),
            QStringLiteral("'%1' is not a model").arg(o.value(QStringLiteral("model")).toString()));
    const auto workload = workloadFromId(f.text(QStringLiteral("workload")));
    if (f.ok() && !workload)
        f.fail(QStringLiteral("workload"),
               QStringLiteral("'%1' is not a workload")
                   .arg(o.value(QStringLiteral("workload")).toString()));
    if (!f.ok())
        return std::nullopt;
    r.options.model = *model;
    r.options.workload = *workload;
    r.options.workers = f.whole(QStringLiteral("workers"), 1, MeasureOptions::MaxWorkers);
    r.options.tasks = f.whole(QStringLiteral("tasks_option"), 0, 100000);
    r.options.taskMs = f.number(QStringLiteral("task_ms_option"), 0, 10000);
    r.options.switchIntervalMs = f.number(QStringLiteral("switch_interval_ms"), 0, 1000);
    r.options.blockingIo = f.boolean(QStringLiteral("blocking_io"));
    r.error = f.text(QStringLiteral("error"));
    r.stopped = f.boolean(QStringLiteral("stopped"));
    r.tasks = f.whole(QStringLiteral("tasks"), 0, 100000);
    r.completed = f.whole(QStringLiteral("tasks_completed"), 0, r.tasks);
    r.cores = f.whole(QStringLiteral("cores"), 0, 65536);
    r.wallMs = f.number(QStringLiteral("wall_ms"), 0, 1e12);
    r.cpuMs = f.number(QStringLiteral("cpu_ms"), 0, 1e12);
    r.throughput = f.number(QStringLiteral("throughput"), 0, 1e12);
    r.taskLatency = f.percentiles(QStringLiteral("task_latency_ms"));
    r.ioLatency = f.percentiles(QStringLiteral("io_latency_ms"));
    r.hasIo = f.boolean(QStringLiteral("has_io"));
    r.lockWaitMs = f.number(QStringLiteral("lock_wait_ms"), 0, 1e12);
    r.gilHandoffs = long(f.number(QStringLiteral("gil_handoffs"), 0, 1e15));
    r.gilWaitMs = f.number(QStringLiteral("gil_wait_ms"), 0, 1e12);
    r.voluntarySwitches = long(f.number(QStringLiteral("voluntary_switches"), 0, 1e15));
    r.involuntarySwitches = long(f.number(QStringLiteral("involuntary_switches"), 0, 1e15));
    r.spawnMeanMs = f.number(QStringLiteral("spawn_mean_ms"), 0, 1e12);
    r.spawnMaxMs = f.number(QStringLiteral("spawn_max_ms"), 0, 1e12);
    r.encodedBytes = qint64(f.number(QStringLiteral("encoded_bytes"), 0, 1e15));
    r.encodeMs = f.number(QStringLiteral("encode_ms"), 0, 1e12);
    r.otherLoadCores = f.number(QStringLiteral("other_load_cores"), 0, 65536);
    bool startOk = false;
    r.startNs = f.text(QStringLiteral("start_ns")).toLongLong(&startOk);
    if (f.ok() && !startOk)
        f.fail(QStringLiteral("start_ns"), QStringLiteral("is not a whole number of ns"));
    const QJsonArray perWorker = o.value(QStringLiteral("lock_wait_ms_per_worker")).toArray();
    for (const QJsonValue v : perWorker)
        r.lockWaitPerWorkerMs.push_back(v.toDouble());
    if (o.contains(QStringLiteral("program"))) {
        r.program = f.text(QStringLiteral("program"));
        const QJsonArray names = o.value(QStringLiteral("lane_names")).toArray();
        const QJsonArray processes = o.value(QStringLiteral("lane_process")).toArray();
        if (f.ok() && (names.size() != r.options.workers || processes.size() != r.options.workers))
            f.fail(QStringLiteral("lane_names"),
                   QStringLiteral("must name each of the run's %1 threads, with its process")
                       .arg(r.options.workers));
        for (qsizetype i = 0; i < names.size() && i < processes.size(); ++i) {
            r.laneNames.push_back(names.at(i).toString());
            r.laneProcess.push_back(processes.at(i).toInt());
        }
        // Runs saved before tasks and processes were kept: every lane a thread, processes
        // unnamed.
        const QJsonArray threads = o.value(QStringLiteral("lane_thread")).toArray();
        for (qsizetype i = 0; i < threads.size() && i < names.size(); ++i)
            r.laneThread.push_back(threads.at(i).toInt(-1));
        for (const QJsonValue p : o.value(QStringLiteral("processes")).toArray())
            r.processes.push_back({p.toObject().value(QStringLiteral("name")).toString(),
                                   p.toObject().value(QStringLiteral("pid")).toInt()});
    }
    if (!f.ok())
        return std::nullopt;
    // Each event as read, checked: NAMED says which one when it is wrong.
    std::int64_t previous = 0;
    auto take = [&](std::int64_t dt,
                    std::int64_t worker,
                    std::optional<WorkerState> state,
                    const QString &stateText,
                    std::int64_t flags,
                    std::int64_t cpu,
                    std::int64_t other,
                    const std::function<QString()> &named) {
        auto bad = [&](const QString &what) {
            *error = QStringLiteral("%1: %2").arg(named(), what);
            return false;
        };
        if (dt < 0 || dt > std::int64_t(9e15))
            return bad(
                QStringLiteral("time %1 is not a whole number of ns from the start").arg(dt));
        WorkerEvent event;
        event.t = r.startNs + dt;
        if (event.t < previous)
            return bad(QStringLiteral("events must be in time order"));
        previous = event.t;
        if (worker < 0 || worker >= r.options.workers)
            return bad(QStringLiteral("worker %1 is not one of the run's %2")
                           .arg(worker)
                           .arg(r.options.workers));
        event.worker = std::int32_t(worker);
        if (!state)
            return bad(QStringLiteral("state '%1' is unknown").arg(stateText));
        event.state = *state;
        if (flags < 0 || (flags & ~EventFlag::Known) != 0)
            return bad(QStringLiteral("flags %1 are unknown").arg(flags));
        event.flags = std::uint8_t(flags);
        if (cpu < -1 || cpu > 32767)
            return bad(QStringLiteral("core %1 is out of range").arg(cpu));
        event.cpu = std::int16_t(cpu);
        if (other < -1 || other >= r.options.workers)
            return bad(QStringLiteral("other worker %1 is not one of the run's").arg(other));
        event.other = std::int32_t(other);
        r.events.push_back(event);
        return true;
    };
    if (o.contains(QStringLiteral("events_packed"))) {
        const QByteArray packed
            = QByteArray::fromBase64(o.value(QStringLiteral("events_packed")).toString().toLatin1(),
                                     QByteArray::AbortOnBase64DecodingErrors);
        if (packed.size() % PackedEventBytes != 0) {
            *error = QStringLiteral("%1.events_packed: not base64 of %2-byte events (%3 bytes)")
                         .arg(path)
                         .arg(PackedEventBytes)
                         .arg(packed.size());
            return std::nullopt;
        }
        const qsizetype count = packed.size() / PackedEventBytes;
        r.events.reserve(std::size_t(count));
        const char *in = packed.constData();
        for (qsizetype i = 0; i < count; ++i, in += PackedEventBytes) {
            const auto stateByte = std::uint8_t(in[12]);
            const std::optional<WorkerState> state = stateByte < Protocol::LaneStateCount
                                                         ? std::optional(WorkerState(stateByte))
                                                         : std::nullopt;
            if (!take(qFromLittleEndian<std::int64_t>(in),
                      qFromLittleEndian<std::int32_t>(in + 8),
                      state,
                      QString::number(stateByte),
                      std::uint8_t(in[13]),
                      qFromLittleEndian<std::int16_t>(in + 14),
                      qFromLittleEndian<std::int32_t>(in + 16),
                      [&] { return QStringLiteral("%1.events_packed[%2]").arg(path).arg(i); }))
                return std::nullopt;
        }
        return r;
    }
    // Files saved before the events were packed: [ns after start, worker, state, flags, core,
    // other] each.
    const QJsonArray events = o.value(QStringLiteral("events")).toArray();
    r.events.reserve(std::size_t(events.size()));
    for (qsizetype i = 0; i < events.size(); ++i) {
        const QJsonArray e = events.at(i).toArray();
        auto named = [&] {
            return QStringLiteral("%1.events[%2]").arg(path).arg(i);
        };
        if (e.size() != 6) {
            *error = QStringLiteral("%1: expected [ns, worker, state, flags, core, other]")
                         .arg(named());
            return std::nullopt;
        }
        const double dt = e.at(0).toDouble(-1);
        if (dt < 0 || dt > 9e15 || dt != std::floor(dt)) {
            *error = QStringLiteral("%1: time %2 is not a whole number of ns from the start")
                         .arg(named())
                         .arg(e.at(0).toDouble());
            return std::nullopt;
        }
        const QString stateText = e.at(2).toString();
        auto whole = [&](int k, std::int64_t otherwise) {
            const double v = e.at(k).toDouble(double(otherwise));
            return v == std::floor(v) && std::abs(v) < 9e15 ? std::int64_t(v) : otherwise;
        };
        if (!take(std::int64_t(dt),
                  whole(1, -1),
                  stateFromId(stateText),
                  stateText,
                  whole(3, -1),
                  whole(4, -2),
                  whole(5, -2),
                  named))
            return std::nullopt;
    }
    return r;
}

std::optional<std::vector<RunRecord>>
runsFromJson(const QJsonValue &value, const QString &path, QString *error)
{
    if (!value.isArray()) {
        *error = QStringLiteral("%1: expected a list of runs").arg(path);
        return std::nullopt;
    }
    std::vector<RunRecord> runs;
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString where = QStringLiteral("%1[%2]").arg(path).arg(i);
        if (!array.at(i).isObject()) {
            *error = QStringLiteral("%1: expected a run (an object)").arg(where);
            return std::nullopt;
        }
        auto run = runFromJson(array.at(i).toObject(), where, error);
        if (!run)
            return std::nullopt;
        runs.push_back(std::move(*run));
    }
    return runs;
}

} // namespace

QByteArray serialize(const SavedRuns &saved)
{
    QJsonArray runs;
    for (std::size_t i = 0; i < saved.runs.size(); ++i) {
        QJsonObject run = runToJson(saved.runs[i], true);
        run.insert(QStringLiteral("batch"), i < saved.batches.size() ? saved.batches[i] : int(i));
        runs.append(run);
    }
    QJsonArray compare;
    for (const RunRecord &r : saved.compare)
        compare.append(runToJson(r, false));
    const QJsonObject root{{QStringLiteral("format"), Format},
                           {QStringLiteral("version"), Version},
                           {QStringLiteral("runs"), runs},
                           {QStringLiteral("compare"), compare},
                           {QStringLiteral("compare_repetitions"), saved.compareRepetitions}};
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

std::optional<SavedRuns> parse(const QByteArray &bytes, const QString &source, QString *error)
{
    QString problem;
    const std::optional<QJsonObject> root = JsonIo::parseObject(bytes, source, &problem);
    auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (!root)
        return fail(problem);
    if (root->value(QStringLiteral("format")).toString() != Format)
        return fail(QStringLiteral("%1: not a Curtain saved run (\"format\" is not \"%2\")")
                        .arg(source, Format));
    if (root->value(QStringLiteral("version")).toInt() != Version)
        return fail(QStringLiteral("%1: version %2 is not one this Curtain reads (%3)")
                        .arg(source)
                        .arg(root->value(QStringLiteral("version")).toDouble())
                        .arg(Version));
    SavedRuns saved;
    auto runs = runsFromJson(
        root->value(QStringLiteral("runs")), source + QStringLiteral(": runs"), &problem);
    if (!runs)
        return fail(problem);
    saved.runs = std::move(*runs);
    const QJsonArray runArray = root->value(QStringLiteral("runs")).toArray();
    for (qsizetype i = 0; i < runArray.size(); ++i) {
        const double batch = runArray.at(i).toObject().value(QStringLiteral("batch")).toDouble(-1);
        if (batch < 0 || batch > 1e9 || batch != std::floor(batch))
            return fail(QStringLiteral("%1: runs[%2].batch must be a whole number, 0 or more")
                            .arg(source)
                            .arg(i));
        saved.batches.push_back(int(batch));
    }
    auto compare = runsFromJson(
        root->value(QStringLiteral("compare")), source + QStringLiteral(": compare"), &problem);
    if (!compare)
        return fail(problem);
    saved.compare = std::move(*compare);
    const double repetitions = root->value(QStringLiteral("compare_repetitions")).toDouble(-1);
    if (repetitions < 0 || repetitions > 100 || repetitions != std::floor(repetitions))
        return fail(QStringLiteral("%1: compare_repetitions must be a whole number from 0 to 100")
                        .arg(source));
    saved.compareRepetitions = int(repetitions);
    return saved;
}

bool save(const QString &path, const SavedRuns &saved, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(serialize(saved)) < 0 || !file.commit()) {
        if (error)
            *error = QStringLiteral("%1: cannot save: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

std::optional<SavedRuns> load(const QString &path, QString *error)
{
    const std::optional<QByteArray> bytes = JsonIo::readFile(path, error, MaxBytes);
    if (!bytes)
        return std::nullopt;
    return parse(*bytes, path, error);
}

} // namespace RunFile

} // namespace Scheduler
