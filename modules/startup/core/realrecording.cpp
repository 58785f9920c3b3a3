// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "realrecording.h"

#include "feed.h"
#include "poolanimation.h"
#include "realprotocol.h"
#include "simkernel.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <limits>
#include <map>
#include <set>

namespace Startup {

namespace Real {

namespace P = Protocol;

bool ScriptLines::readCommon(const QString &kind, const QJsonObject &o, double t)
{
    if (kind == P::note) {
        notes.append(o.value(P::text).toString());
        return true;
    }
    if (kind == P::start) {
        started = true;
        return true;
    }
    if (kind == P::end) {
        end = t;
        return true;
    }
    if (kind == P::error) {
        error = o.value(P::message).toString();
        return true;
    }
    return kind == P::ready || kind == P::progress;
}

bool TranscodingRecording::read(const QByteArray &line)
{
    const QJsonObject o = QJsonDocument::fromJson(line).object();
    const QString kind = o.value(P::kind).toString();
    const double t = o.value(P::t).toDouble();
    const long long heard = ++lines;
    if (o.contains(P::t))
        last = std::max(last, t);
    if (kind == P::event) {
        using Type = Event::Type;
        static const std::map<QString, Type> types{{P::sent, Type::Sent},
                                                   {P::received, Type::Received},
                                                   {P::started, Type::Started},
                                                   {P::succeeded, Type::Succeeded},
                                                   {P::failed, Type::Failed},
                                                   {P::outsourced, Type::Outsourced}};
        const auto type = types.find(o.value(P::type).toString());
        if (type == types.end())
            return false;
        events.push_back(
            {type->second, o.value(P::job).toInt(), o.value(P::worker).toInt(-1), t, heard});
        return true;
    }
    if (kind == P::instance) {
        using Type = Change::Type;
        static const std::map<QString, Type> types{{P::boot, Type::Boot},
                                                   {P::up, Type::Up},
                                                   {P::down, Type::Down},
                                                   {P::crash, Type::Crash}};
        const auto type = types.find(o.value(P::type).toString());
        if (type == types.end())
            return false;
        changes.push_back({type->second, o.value(P::worker).toInt(), t, heard});
        return true;
    }
    if (kind == P::queue) {
        samples.push_back({t, o.value(P::length).toInt(), heard});
        return true;
    }
    if (kind == P::calibrated) {
        calibration = o;
        calibration.remove(P::kind);
        return true;
    }
    return readCommon(kind, o, t);
}

namespace {

// Down: scaled in (it finishes what it may still hold, and may boot again as a new machine);
// Crashed: killed, for good.
enum class Machine { Standby, Booting, Running, Down, Crashed };

/** One transcode of an upload: where, from when to when, and how it ended. */
struct Execution
{
    int worker = 0;
    double start = 0;
    double end = -1;
    enum class Ended { Open, Succeeded, Failed, Crashed } ended = Ended::Open;
};

struct Upload
{
    double sent = -1;
    double done = -1; // the first success
    int receptions = 0;
    bool outsourced = false;
    bool hoarded = false;
    std::vector<Execution> executions;
};

struct Worker
{
    Machine state = Machine::Standby;
    double bootedAt = -1; // this boot's, while it is up
    double upSeconds = 0; // of its boots that ended
    bool crashedSinceFrame = false;
    std::set<int> reserved; // received, not started
    std::set<int> busy;     // started, not finished
};

/** A moment of the day in time order: an event, a machine's change, or a sample. */
struct Moment
{
    double t = 0;
    long long order = 0; // ties keep the order the run heard them in
    const TranscodingRecording::Event *event = nullptr;
    const TranscodingRecording::Change *change = nullptr;
    const TranscodingRecording::Sample *sample = nullptr;
};

class Day
{
public:
    Day(const TranscodingRecording &r, const TranscodingSetup &s, bool detail)
        : m_r(r)
        , m_s(s)
        , m_detail(detail)
        , m_turnaround(true)
    {}

    QJsonObject measure();

private:
    Worker &worker(int w)
    {
        if (w >= int(m_workers.size()))
            m_workers.resize(std::size_t(w) + 1);
        return m_workers[std::size_t(w)];
    }
    Upload &upload(int job)
    {
        if (job >= int(m_uploads.size()))
            m_uploads.resize(std::size_t(job) + 1);
        return m_uploads[std::size_t(job)];
    }
    void apply(const TranscodingRecording::Event &e);
    void apply(const TranscodingRecording::Change &c);
    void sample(const TranscodingRecording::Sample &s);
    void finishExecution(Upload &u, int worker, double t, Execution::Ended how);
    /** Brings the time averages to T with the state now. */
    void track(double t);
    void noteHoarding(double t);
    /** Whether W has a task or a prefetched one for each of its slots. */
    bool holdsAll(const Worker &w) const
    {
        return int(w.busy.size() + w.reserved.size()) >= m_s.slotsPerMachine;
    }
    /** Whether a running worker other than BUT has a free slot and nothing prefetched. */
    bool anyFree(int but) const
    {
        for (int k = 0; k < int(m_workers.size()); ++k) {
            const Worker &w = m_workers[std::size_t(k)];
            if (k != but && w.state == Machine::Running && w.reserved.empty()
                && int(w.busy.size()) < m_s.slotsPerMachine)
                return true;
        }
        return false;
    }
    double minutes(double seconds) const { return seconds / m_s.secondsPerMinute; }

    const TranscodingRecording &m_r;
    const TranscodingSetup &m_s;
    bool m_detail;
    std::vector<Worker> m_workers;
    std::vector<Upload> m_uploads;
    Sim::Tally m_turnaround;
    Sim::TimeAverage m_busy, m_running, m_hoarded, m_queue;
    bool m_measuring = false;
    long long m_deliveries = 0, m_deliveriesToFull = 0;
    int m_lastQueue = 0;
    QJsonObject m_example;
    QJsonArray m_sampleMinutes, m_queueLengths, m_instances;
    std::vector<PoolFrame> m_frames;
};

void Day::finishExecution(Upload &u, int w, double t, Execution::Ended how)
{
    for (Execution &x : u.executions) {
        if (x.worker == w && x.ended == Execution::Ended::Open) {
            x.end = t;
            x.ended = how;
            return;
        }
    }
}

void Day::apply(const TranscodingRecording::Event &e)
{
    using Type = TranscodingRecording::Event::Type;
    Upload &u = upload(e.job);
    Worker *w = e.worker >= 0 ? &worker(e.worker) : nullptr;
    // A worker that crashed is gone: what it said before its death counts, nothing after. One
    // scaled in still finishes what reached it meanwhile.
    const bool alive = w && w->state != Machine::Crashed;
    switch (e.type) {
    case Type::Sent:
        u.sent = e.t;
        break;
    case Type::Outsourced:
        u.outsourced = true;
        break;
    case Type::Received:
        ++u.receptions;
        if (alive) {
            ++m_deliveries;
            m_deliveriesToFull += holdsAll(*w) && anyFree(e.worker);
            w->reserved.insert(e.job);
        }
        break;
    case Type::Started:
        if (!alive)
            break;
        w->reserved.erase(e.job);
        w->busy.insert(e.job);
        u.executions.push_back({e.worker, e.t});
        break;
    case Type::Succeeded:
    case Type::Failed: {
        const bool success = e.type == Type::Succeeded;
        if (alive) {
            w->busy.erase(e.job);
            w->reserved.erase(e.job);
            finishExecution(
                u, e.worker, e.t, success ? Execution::Ended::Succeeded : Execution::Ended::Failed);
        }
        if (success && u.done < 0 && (alive || e.worker == -2)) {
            u.done = e.t;
            if (u.sent >= m_s.warmupSeconds)
                m_turnaround.add(minutes(u.done - u.sent));
        }
        break;
    }
    }
}

void Day::apply(const TranscodingRecording::Change &c)
{
    using Type = TranscodingRecording::Change::Type;
    Worker &w = worker(c.worker);
    switch (c.type) {
    case Type::Boot:
        if (w.state == Machine::Crashed)
            break;
        w.state = Machine::Booting;
        w.bootedAt = c.t;
        break;
    case Type::Up:
        if (w.state == Machine::Booting)
            w.state = Machine::Running;
        break;
    case Type::Down:
    case Type::Crash:
        if (w.state == Machine::Booting || w.state == Machine::Running) {
            w.upSeconds += c.t - w.bootedAt;
            w.bootedAt = -1;
        }
        if (w.state == Machine::Crashed)
            break;
        w.state = c.type == Type::Crash ? Machine::Crashed : Machine::Down;
        if (c.type == Type::Crash) {
            w.crashedSinceFrame = true;
            for (const int job : w.busy)
                finishExecution(upload(job), c.worker, c.t, Execution::Ended::Crashed);
            w.busy.clear();
            w.reserved.clear();
        }
        break;
    }
}

void Day::noteHoarding(double t)
{
    // A busy worker holding prefetched uploads while another worker has nothing at all to do.
    int idleWorker = -1;
    for (int k = 0; k < int(m_workers.size()); ++k) {
        const Worker &w = m_workers[std::size_t(k)];
        if (w.state == Machine::Running && int(w.busy.size()) < m_s.slotsPerMachine
            && w.reserved.empty())
            idleWorker = k;
    }
    if (idleWorker < 0)
        return;
    for (int k = 0; k < int(m_workers.size()); ++k) {
        const Worker &w = m_workers[std::size_t(k)];
        if (w.state != Machine::Running || int(w.busy.size()) < m_s.slotsPerMachine)
            continue;
        for (const int job : w.reserved) {
            Upload &u = upload(job);
            if (u.hoarded)
                continue;
            u.hoarded = true;
            if (m_example.isEmpty()) {
                m_example = {{QStringLiteral("job"), job},
                             {QStringLiteral("worker"), k},
                             {QStringLiteral("idle_worker"), idleWorker},
                             {QStringLiteral("minute"), minutes(t)}};
            }
        }
    }
}

void Day::track(double t)
{
    int busy = 0, running = 0, idle = 0, reserved = 0;
    for (const Worker &w : m_workers) {
        if (w.state != Machine::Running)
            continue;
        running += m_s.slotsPerMachine;
        busy += int(w.busy.size());
        idle += std::max(0, m_s.slotsPerMachine - int(w.busy.size()));
        reserved += int(w.reserved.size());
    }
    const double hoarded = idle > 0 ? double(reserved) : 0.0; // as the model counts it
    if (!m_measuring && t >= m_s.warmupSeconds) {
        m_measuring = true;
        m_busy.reset(m_s.warmupSeconds, busy);
        m_running.reset(m_s.warmupSeconds, running);
        m_hoarded.reset(m_s.warmupSeconds, hoarded);
        m_queue.reset(m_s.warmupSeconds, m_lastQueue);
    }
    if (m_measuring) {
        m_busy.update(t, busy);
        m_running.update(t, running);
        m_hoarded.update(t, hoarded);
    }
}

void Day::sample(const TranscodingRecording::Sample &s)
{
    if (m_measuring)
        m_queue.update(s.t, s.queue);
    m_lastQueue = s.queue;
    int up = 0;
    PoolFrame frame;
    frame.minute = minutes(s.t);
    frame.queue = s.queue;
    for (int k = 0; k < int(m_workers.size()); ++k) {
        Worker &w = m_workers[std::size_t(k)];
        const bool isUp = w.state == Machine::Booting || w.state == Machine::Running;
        up += isUp;
        if (!isUp && !w.crashedSinceFrame)
            continue;
        PoolFrame::Machine m;
        m.id = k;
        m.state = !isUp                         ? PoolFrame::Machine::State::Crashed
                  : w.state == Machine::Booting ? PoolFrame::Machine::State::Booting
                                                : PoolFrame::Machine::State::Running;
        m.busySlots = isUp ? int(w.busy.size()) : 0;
        m.reserved = isUp ? int(w.reserved.size()) : 0;
        w.crashedSinceFrame = false;
        frame.machines.push_back(m);
    }
    for (const Upload &u : m_uploads) {
        if (u.sent >= 0 && u.sent <= s.t)
            ++frame.arrived;
        if (u.done >= 0 && u.done <= s.t)
            ++frame.completed;
    }
    m_sampleMinutes.append(frame.minute);
    m_queueLengths.append(s.queue);
    m_instances.append(up);
    if (m_detail)
        m_frames.push_back(std::move(frame));
}

QJsonObject Day::measure()
{
    std::vector<Moment> moments;
    for (const auto &e : m_r.events)
        moments.push_back({e.t, e.heard, &e, nullptr, nullptr});
    for (const auto &c : m_r.changes)
        moments.push_back({c.t, c.heard, nullptr, &c, nullptr});
    for (const auto &s : m_r.samples)
        moments.push_back({s.t, s.heard, nullptr, nullptr, &s});
    std::sort(moments.begin(), moments.end(), [](const Moment &a, const Moment &b) {
        return a.t != b.t ? a.t < b.t : a.order < b.order;
    });
    const double end = m_r.end >= 0 ? std::min(m_r.end, m_s.horizonSeconds)
                                    : std::min(m_r.last, m_s.horizonSeconds);
    m_busy.reset(0, 0);
    m_running.reset(0, 0);
    m_hoarded.reset(0, 0);
    m_queue.reset(0, 0);
    for (const Moment &m : moments) {
        if (m.t > end)
            break;
        track(m.t);
        if (m.event)
            apply(*m.event);
        else if (m.change)
            apply(*m.change);
        else
            sample(*m.sample);
        track(m.t);
        noteHoarding(m.t);
    }
    track(end);

    long long arrived = 0, completed = 0, outsourced = 0, lost = 0, unfinished = 0;
    long long redelivered = 0, twice = 0, hoardedJobs = 0, withinSla = 0, overdue = 0;
    double workTwice = 0, minutesDone = 0, outsourcedCost = 0;
    QJsonArray ratios, uploads;
    for (int job = 0; job < int(m_uploads.size()); ++job) {
        const Upload &u = m_uploads[std::size_t(job)];
        if (u.sent < 0 || u.sent > end)
            continue;
        const double video
            = job < int(m_s.videoMinutes.size()) ? m_s.videoMinutes[std::size_t(job)] : 0.0;
        ++arrived;
        redelivered += std::max(0, u.receptions - 1);
        hoardedJobs += u.hoarded;
        if (u.outsourced) {
            ++outsourced;
            outsourcedCost += video * m_s.servicePricePerVideoMinute;
        }
        int starts = 0;
        bool seenSuccess = false;
        for (const Execution &x : u.executions) {
            ++starts;
            const double until = x.end >= 0 ? x.end : end;
            const bool firstSuccess
                = x.ended == Execution::Ended::Succeeded && !seenSuccess && x.end == u.done;
            seenSuccess = seenSuccess || firstSuccess;
            // Work thrown away and done again: a transcode a crash cut short (its message comes
            // back with late acks), one that failed, and one besides the transcode that counted.
            bool wasted = false;
            switch (x.ended) {
            case Execution::Ended::Crashed:
                wasted = m_s.lateAcks;
                break;
            case Execution::Ended::Failed:
                wasted = true;
                break;
            case Execution::Ended::Succeeded:
                wasted = !firstSuccess;
                break;
            case Execution::Ended::Open:
                wasted = u.done >= 0 && u.done < x.start;
                break;
            }
            if (wasted)
                workTwice += minutes(until - x.start) * m_s.speed;
        }
        twice += starts > 1;
        if (m_detail) {
            QJsonArray runs;
            for (const Execution &x : u.executions)
                runs.append(
                    QJsonArray{x.worker, minutes(x.start), x.end >= 0 ? minutes(x.end) : -1.0});
            uploads.append(
                QJsonObject{{QStringLiteral("sent"), minutes(u.sent)},
                            {QStringLiteral("done"), u.done >= 0 ? minutes(u.done) : -1.0},
                            {QStringLiteral("video_minutes"), video},
                            {QStringLiteral("outsourced"), u.outsourced},
                            {QStringLiteral("executions"), runs}});
        }
        const bool measured = u.sent >= m_s.warmupSeconds;
        if (u.done >= 0) {
            ++completed;
            minutesDone += video;
            const double turnaround = minutes(u.done - u.sent);
            if (measured) {
                withinSla += turnaround <= video;
                if (video > 0)
                    ratios.append(turnaround / video);
            }
            continue;
        }
        const bool isLost = !m_s.lateAcks && !u.executions.empty()
                            && u.executions.back().ended == Execution::Ended::Crashed;
        lost += isLost;
        unfinished += !isLost;
        if (measured && (isLost || minutes(end - u.sent) > video))
            ++overdue;
    }
    long long crashes = 0;
    double instanceSeconds = 0;
    for (const auto &c : m_r.changes)
        crashes += c.type == TranscodingRecording::Change::Type::Crash && c.t <= end;
    for (const Worker &w : m_workers)
        instanceSeconds += w.upSeconds + (w.bootedAt >= 0 ? end - w.bootedAt : 0.0);
    const double instanceHours = minutes(instanceSeconds) / 60.0;
    const double cost = instanceHours * m_s.pricePerHour + outsourcedCost;
    const double runningSlots = m_running.average(end);
    const long long judged = m_turnaround.count() + overdue;
    // As in the model: a day that finished no video has no turnaround, share kept or cost per
    // video minute (null), never a 0 the comparison would quote.
    const double none = std::numeric_limits<double>::quiet_NaN();
    const auto turnaround = [&](double q) {
        return Sim::measuredOrNull(m_turnaround.count() > 0 ? m_turnaround.percentile(q) : none);
    };
    QJsonObject o{{QStringLiteral("arrived"), double(arrived)},
                  {QStringLiteral("completed"), double(completed)},
                  {QStringLiteral("outsourced"), double(outsourced)},
                  {QStringLiteral("lost_jobs"), double(lost)},
                  {QStringLiteral("redelivered"), double(redelivered)},
                  {QStringLiteral("work_done_twice_minutes"), workTwice},
                  {QStringLiteral("crashes"), double(crashes)},
                  {QStringLiteral("sla_share"),
                   Sim::measuredOrNull(judged > 0 ? double(withinSla) / double(judged) : none)},
                  {QStringLiteral("sla_judged"), double(judged)},
                  {QStringLiteral("turnaround_minutes"),
                   QJsonObject{{QStringLiteral("p50"), turnaround(0.50)},
                               {QStringLiteral("p95"), turnaround(0.95)},
                               {QStringLiteral("p99"), turnaround(0.99)}}},
                  {QStringLiteral("unfinished"), double(unfinished)},
                  {QStringLiteral("end_minute"), minutes(end)},
                  {QStringLiteral("utilization"),
                   runningSlots > 0 ? m_busy.average(end) / runningSlots : 0.0},
                  {QStringLiteral("mean_queue_length"), m_queue.average(end)},
                  {QStringLiteral("hoarded_jobs"), m_hoarded.average(end)},
                  {QStringLiteral("instance_hours"), instanceHours},
                  {QStringLiteral("cost_per_video_minute"),
                   Sim::measuredOrNull(minutesDone > 0 ? cost / minutesDone : none)},
                  {QStringLiteral("over_time"),
                   QJsonObject{{QStringLiteral("minute"), m_sampleMinutes},
                               {QStringLiteral("queue_length"), m_queueLengths},
                               {QStringLiteral("instances"), m_instances}}},
                  {QStringLiteral("executed_twice"), double(twice)},
                  {QStringLiteral("deliveries"),
                   QJsonObject{{QStringLiteral("total"), double(m_deliveries)},
                               {QStringLiteral("to_a_full_worker_while_another_was_free"),
                                double(m_deliveriesToFull)}}},
                  {QStringLiteral("hoarding"),
                   QJsonObject{{QStringLiteral("jobs"), double(hoardedJobs)},
                               {QStringLiteral("example"), m_example}}}};
    if (m_detail) {
        o.insert(QStringLiteral("turnaround_ratios"), ratios);
        o.insert(QStringLiteral("frames"), framesToJson(m_frames));
        o.insert(QStringLiteral("slots_per_instance"), m_s.slotsPerMachine);
        o.insert(QStringLiteral("uploads"), uploads);
    }
    return o;
}

} // namespace

QJsonObject measureTranscoding(const TranscodingRecording &recording,
                               const TranscodingSetup &setup,
                               bool detail)
{
    Day day(recording, setup, detail);
    return day.measure();
}

bool FeedRecording::read(const QByteArray &line)
{
    const QJsonObject o = QJsonDocument::fromJson(line).object();
    const QString kind = o.value(P::kind).toString();
    const double t = o.value(P::t).toDouble();
    if (o.contains(P::t))
        last = std::max(last, t);
    const auto postAt = [this](const QJsonValue &number) -> Post * {
        const int i = number.toInt(-1);
        if (i < 0 || i > 10000000)
            return nullptr;
        if (std::size_t(i) >= posts.size())
            posts.resize(std::size_t(i) + 1);
        return &posts[std::size_t(i)];
    };
    if (kind == P::written) {
        Post *post = postAt(o.value(P::post));
        if (!post)
            return false;
        post->written = t;
        post->bulk = o.value(P::path).toString() == P::bulk;
        return true;
    }
    if (kind == P::published) {
        Post *post = postAt(o.value(P::post));
        if (!post)
            return false;
        if (post->published < 0) // told twice (a relay's retry): the first counts
            post->published = t;
        return true;
    }
    if (kind == P::delivered) {
        deliveries.push_back({o.value(P::post).toInt(-1), o.value(P::user).toInt(-1), t});
        return true;
    }
    if (kind == P::server) {
        const auto pairs = [](const QJsonValue &list) {
            std::vector<std::pair<double, int>> out;
            for (const QJsonValue v : list.toArray())
                out.emplace_back(v.toArray().at(0).toDouble(), v.toArray().at(1).toInt());
            return out;
        };
        requests = pairs(o.value(P::requests));
        for (const QJsonValue v : o.value(P::sentList).toArray()) {
            const QJsonArray each = v.toArray();
            sent.push_back({each.at(0).toInt(-1), each.at(1).toInt(-1), each.at(2).toDouble()});
        }
        connections = pairs(o.value(P::open));
        serverCounted = true;
        return true;
    }
    if (kind == P::done) {
        clientFailures = o.value(P::failures).toInt();
        firstClientFailure = o.value(P::firstFailure).toString();
        return true;
    }
    return readCommon(kind, o, t);
}

QJsonObject measureFeed(const FeedRecording &recording, const FeedSetup &setup)
{
    const double scale = setup.timeScale;
    long long posts = 0, bulk = 0, missed = 0, owedAndTold = 0;
    for (std::size_t i = 0; i < recording.posts.size(); ++i) {
        const FeedRecording::Post &post = recording.posts[i];
        if (post.written < 0)
            continue;
        ++posts;
        bulk += post.bulk;
        const int owed = i < setup.expected.size() ? setup.expected[i] : 0;
        if (post.published < 0)
            missed += owed; // nobody told the server: no follower could hear of it
        else
            owedAndTold += owed;
    }
    Sim::Tally latency(true);
    long long delivered = 0;
    for (const FeedRecording::Delivery &d : recording.deliveries) {
        if (d.post < 0 || std::size_t(d.post) >= recording.posts.size()
            || recording.posts[std::size_t(d.post)].written < 0)
            continue;
        ++delivered;
        latency.add((d.t - recording.posts[std::size_t(d.post)].written) * scale);
    }
    QJsonObject json{
        {QStringLiteral("posts"), double(posts)},
        {QStringLiteral("delivered"), double(delivered)},
        {QStringLiteral("missed_events"), double(missed)},
        {QStringLiteral("undelivered"), double(std::max(0LL, owedAndTold - delivered))},
        {QStringLiteral("bulk_writes"), double(bulk)},
        {QStringLiteral("latency_seconds"),
         QJsonObject{{QStringLiteral("p50"),
                      delivered > 0 ? QJsonValue(latency.percentile(0.5)) : QJsonValue()},
                     {QStringLiteral("p95"),
                      delivered > 0 ? QJsonValue(latency.percentile(0.95)) : QJsonValue()}}}};
    // Where the time went: the write until the server was told, then until the user had it;
    // and the post with the most notifications, from its first receipt to its last.
    Sim::Tally toTold(true), toReceived(true);
    for (const FeedRecording::Post &post : recording.posts) {
        if (post.written >= 0 && post.published >= 0)
            toTold.add((post.published - post.written) * scale);
    }
    std::map<int, std::pair<double, double>> spread; // post: first, last receipt
    std::map<int, int> fanOut;
    for (const FeedRecording::Delivery &d : recording.deliveries) {
        if (d.post < 0 || std::size_t(d.post) >= recording.posts.size())
            continue;
        const FeedRecording::Post &post = recording.posts[std::size_t(d.post)];
        if (post.written < 0 || post.published < 0)
            continue;
        toReceived.add((d.t - post.published) * scale);
        auto [it, fresh] = spread.try_emplace(d.post, d.t, d.t);
        it->second.first = std::min(it->second.first, d.t);
        it->second.second = std::max(it->second.second, d.t);
        ++fanOut[d.post];
    }
    // The server's side: each notification written out, matched in order to its receipt.
    Sim::Tally toSent(true), sentToReceived(true);
    std::map<std::pair<int, int>, std::vector<double>> received;
    for (const FeedRecording::Delivery &d : recording.deliveries)
        received[{d.post, d.user}].push_back(d.t);
    for (auto &[key, times] : received)
        std::sort(times.begin(), times.end());
    std::map<std::pair<int, int>, std::vector<double>> sentAt;
    for (const FeedRecording::Delivery &s : recording.sent) {
        if (s.post < 0 || std::size_t(s.post) >= recording.posts.size()
            || recording.posts[std::size_t(s.post)].published < 0)
            continue;
        toSent.add((s.t - recording.posts[std::size_t(s.post)].published) * scale);
        sentAt[{s.post, s.user}].push_back(s.t);
    }
    for (auto &[key, times] : sentAt) {
        std::sort(times.begin(), times.end());
        const auto found = received.find(key);
        if (found == received.end())
            continue;
        for (std::size_t k = 0; k < std::min(times.size(), found->second.size()); ++k)
            sentToReceived.add((found->second[k] - times[k]) * scale);
    }
    const auto percentilesOf = [](const Sim::Tally &tally) {
        return tally.count() > 0
                   ? QJsonValue(QJsonObject{{QStringLiteral("p50"), tally.percentile(0.5)},
                                            {QStringLiteral("p95"), tally.percentile(0.95)}})
                   : QJsonValue();
    };
    QJsonObject stages{{QStringLiteral("write_to_told_seconds"), percentilesOf(toTold)},
                       {QStringLiteral("told_to_sent_seconds"), percentilesOf(toSent)},
                       {QStringLiteral("sent_to_received_seconds"), percentilesOf(sentToReceived)},
                       {QStringLiteral("told_to_received_seconds"), percentilesOf(toReceived)}};
    if (!fanOut.empty()) {
        const auto widest
            = std::max_element(fanOut.begin(), fanOut.end(), [](const auto &a, const auto &b) {
                  return a.second < b.second;
              });
        const auto &[first, last] = spread.at(widest->first);
        QJsonObject post{{QStringLiteral("post"), widest->first},
                         {QStringLiteral("notifications"), widest->second},
                         {QStringLiteral("first_to_last_seconds"), (last - first) * scale}};
        // The server's side of it: its first answer of the post written out to its last.
        double firstSent = 1e300, lastSent = -1e300;
        for (const auto &[key, times] : sentAt) {
            if (key.first == widest->first) {
                firstSent = std::min(firstSent, times.front());
                lastSent = std::max(lastSent, times.back());
            }
        }
        if (lastSent >= firstSent)
            post.insert(QStringLiteral("first_to_last_sent_seconds"),
                        (lastSent - firstSent) * scale);
        stages.insert(QStringLiteral("widest_post"), post);
    }
    json.insert(QStringLiteral("stages"), stages);
    QJsonArray percentiles;
    if (delivered > 0) {
        for (int q = 0; q <= 100; ++q)
            percentiles.append(latency.percentile(q / 100.0));
        if (delivered <= FeedResult::FewLatencies) {
            std::vector<double> each = latency.values();
            std::sort(each.begin(), each.end());
            QJsonArray list;
            for (const double x : each)
                list.append(x);
            json.insert(QStringLiteral("latencies"), list);
        }
    }
    json.insert(QStringLiteral("latency_percentiles"), percentiles);
    // The server's counts over the posts' window, per simulated second.
    if (recording.serverCounted && setup.postSeconds > 0) {
        long long requests = 0;
        for (const auto &[t, count] : recording.requests) {
            if (t >= 0 && t < setup.postSeconds)
                requests += count;
        }
        double open = 0;
        int samples = 0;
        for (const auto &[t, count] : recording.connections) {
            if (t >= 0 && t < setup.postSeconds) {
                open += count;
                ++samples;
            }
        }
        json.insert(QStringLiteral("requests_per_second"),
                    double(requests) / (setup.postSeconds * scale));
        json.insert(QStringLiteral("open_connections"),
                    samples > 0 ? QJsonValue(open / samples) : QJsonValue());
    } else {
        json.insert(QStringLiteral("requests_per_second"), QJsonValue());
        json.insert(QStringLiteral("open_connections"), QJsonValue());
    }
    return json;
}

} // namespace Real

} // namespace Startup
