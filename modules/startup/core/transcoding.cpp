// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "transcoding.h"

#include "simkernel.h"

#include <QJsonArray>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>

namespace Startup {

namespace {

double dayRateAt(const TranscodingParams &p, double minute)
{
    double rate = p.uploadsPerHour / 60.0;
    if (p.dailyCurve.size() == 24)
        rate *= p.dailyCurve[std::size_t(int(minute / 60.0) % 24)];
    return rate;
}

double dayPeak(const TranscodingParams &p)
{
    double peak = 1.0;
    for (const double m : p.dailyCurve)
        peak = std::max(peak, m);
    return p.uploadsPerHour / 60.0 * peak;
}

bool inBurst(const TranscodingParams &p, double minute)
{
    const double hour = minute / 60.0;
    return p.burstStartHour >= 0 && hour >= p.burstStartHour
           && hour < p.burstStartHour + p.burstHours;
}

/** The burst's extra uploads' stream: apart from the machines' (numbered from 1). */
constexpr std::uint64_t BurstStream = std::uint64_t(1) << 40;

struct Job
{
    double arrival = 0;
    double minutes = 0;
    bool measured = false;
    bool done = false;
    bool lost = false;
    bool outsourced = false;
};

struct Instance
{
    enum class State { Booting, Running, Dead };
    State state = State::Booting;
    int epoch = 0; // bumps on a crash: events for the old life are ignored
    bool crashedSinceFrame = false;
    double billedFrom = 0;
    std::deque<int> reserved; // prefetched, not started (unacked)
    struct Slot
    {
        int job = -1;
        double started = 0;
    };
    std::vector<Slot> workerSlots; // not "slots": that is a Qt keyword
};

class Model
{
public:
    Model(const TranscodingParams &p, const std::atomic<bool> *stop, TranscodingDraws *draws)
        : m_p(p)
        , m_random(p.seed)
        , m_burstRandom(Sim::substreamSeed(p.seed, BurstStream))
        , m_stop(stop)
        , m_draws(draws)
        , m_turnaround(true)
    {}

    TranscodingResult run();

private:
    /** The day's next upload (its own stream), and the burst's next extra one (another). */
    void scheduleArrival();
    void scheduleBurstArrival();
    double drawLength(Sim::Random &random) const;
    void arrive(double minutes);
    int bootInstance(bool immediately);
    void crash(int id, int epoch);
    void dispatch();
    /** One round of the broker handing ready messages to the running machines. */
    void offerQueue();
    void finish(int id, int epoch, int slot);
    void complete(Job &job);
    void redeliverLater(int job);
    void autoscale();
    void sample();
    /** Updates the time averages with the state now; RESET starts them afresh from now. */
    void track(bool reset = false);
    int upCount() const;
    void measure(const Job &job);
    bool measuring() const { return m_calendar.now() >= m_p.warmupHours * 60; }

    const TranscodingParams &m_p;
    Sim::Random m_random;      // the day's uploads and their lengths
    Sim::Random m_burstRandom; // the burst's extra uploads and theirs
    const std::atomic<bool> *m_stop;
    TranscodingDraws *m_draws;
    Sim::Calendar m_calendar;
    std::vector<Job> m_jobs;
    std::deque<int> m_queue; // the broker's ready messages
    std::vector<Instance> m_instances;
    TranscodingResult m_result;
    Sim::Tally m_turnaround;
    long long m_withinSla = 0;
    Sim::TimeAverage m_queueAverage;
    Sim::TimeAverage m_busySlots;
    Sim::TimeAverage m_runningSlots;
    Sim::TimeAverage m_hoarded;
    double m_instanceMinutes = 0;
    double m_outsourcedCost = 0;
    double m_videoMinutesDone = 0;
    int m_outsourcedInFlight = 0;
};

/*
 * Arrivals are two Poisson processes added together, each with its own random stream, so that a
 * what-if without the burst keeps every other upload as it was (common random numbers): the
 * day's own uploads (the daily curve; a lull thins them), and, during a burst that multiplies the
 * rate by M > 1, the extra (M - 1) x the day's rate. Each is drawn by thinning (candidates at its
 * peak rate, each kept with rate(t) / peak), and every candidate draws its video's length, kept
 * or not, so the lengths line up too.
 */

void Model::scheduleArrival()
{
    const double peak = dayPeak(m_p);
    double t = m_calendar.now();
    for (;;) {
        t += m_random.exponential(peak);
        if (t >= m_p.hours * 60)
            return;
        const double keep = m_random.uniform() * peak;
        const double minutes = drawLength(m_random);
        const double lull = inBurst(m_p, t) ? std::min(1.0, m_p.burstMultiplier) : 1.0;
        if (keep <= dayRateAt(m_p, t) * lull) {
            m_calendar.schedule(t, [this, minutes] {
                arrive(minutes);
                scheduleArrival();
            });
            return;
        }
    }
}

void Model::scheduleBurstArrival()
{
    if (m_p.burstMultiplier <= 1 || m_p.burstStartHour < 0)
        return;
    const double from = m_p.burstStartHour * 60;
    const double to = std::min(m_p.hours, m_p.burstStartHour + m_p.burstHours) * 60;
    const double peak = dayPeak(m_p) * (m_p.burstMultiplier - 1);
    double t = std::max(m_calendar.now(), from);
    for (;;) {
        t += m_burstRandom.exponential(peak);
        if (t >= to)
            return;
        const double keep = m_burstRandom.uniform() * peak;
        const double minutes = drawLength(m_burstRandom);
        if (keep <= dayRateAt(m_p, t) * (m_p.burstMultiplier - 1)) {
            m_calendar.schedule(t, [this, minutes] {
                arrive(minutes);
                scheduleBurstArrival();
            });
            return;
        }
    }
}

double Model::drawLength(Sim::Random &random) const
{
    return std::max(0.05, random.lognormal(std::log(m_p.medianVideoMinutes), m_p.videoSigma));
}

void Model::arrive(double minutes)
{
    Job job;
    job.arrival = m_calendar.now();
    job.minutes = minutes;
    job.measured = measuring();
    m_jobs.push_back(job);
    if (m_draws)
        m_draws->uploads.push_back({job.arrival, job.minutes});
    ++m_result.arrived;
    const int id = int(m_jobs.size() - 1);
    if (m_p.outsource && int(m_queue.size()) >= m_p.outsourceAboveQueue) {
        // Overflow to the service: upload, its queueing latency, its own transcoding speed.
        ++m_result.outsourced;
        m_outsourcedCost += job.minutes * m_p.servicePricePerVideoMinute;
        const double done = m_calendar.now() + job.minutes * m_p.uploadMinutesPerVideoMinute
                            + m_p.serviceLatencyMinutes + job.minutes / m_p.serviceSpeed;
        m_jobs[std::size_t(id)].outsourced = true;
        ++m_outsourcedInFlight;
        m_calendar.schedule(done, [this, id] {
            Job &j = m_jobs[std::size_t(id)];
            --m_outsourcedInFlight;
            complete(j);
        });
    } else {
        m_queue.push_back(id);
    }
    dispatch();
}

int Model::bootInstance(bool immediately)
{
    Instance instance;
    instance.workerSlots.resize(std::size_t(m_p.slotsPerInstance));
    instance.billedFrom = m_calendar.now();
    instance.state = immediately ? Instance::State::Running : Instance::State::Booting;
    m_instances.push_back(instance);
    const int id = int(m_instances.size() - 1);
    if (!immediately) {
        m_calendar.schedule(m_calendar.now() + m_p.bootMinutes, [this, id] {
            Instance &i = m_instances[std::size_t(id)];
            if (i.state != Instance::State::Booting)
                return;
            i.state = Instance::State::Running;
            dispatch();
        });
    }
    if (m_p.crashesPerInstanceHour > 0) {
        // Each machine's life is drawn from its own stream (by the order it booted), not from
        // the uploads' one: a what-if that changes dispatch (prefetch 1, more machines) sees the
        // same uploads, and the same machine lives as long, as the run it is compared with.
        Sim::Random life(Sim::substreamSeed(m_p.seed, std::uint64_t(id) + 1));
        const double when = m_calendar.now() + life.exponential(m_p.crashesPerInstanceHour / 60.0);
        m_calendar.schedule(when, [this, id, epoch = instance.epoch] { crash(id, epoch); });
    }
    return id;
}

void Model::redeliverLater(int job)
{
    // The broker hands an unacknowledged message out again once its visibility timeout expires.
    ++m_result.redelivered;
    m_calendar.schedule(m_calendar.now() + m_p.visibilityTimeoutMinutes, [this, job] {
        m_queue.push_front(job);
        dispatch();
    });
}

void Model::crash(int id, int epoch)
{
    Instance &instance = m_instances[std::size_t(id)];
    if (instance.state == Instance::State::Dead || instance.epoch != epoch)
        return;
    ++m_result.crashes;
    if (m_draws)
        m_draws->crashes.push_back({m_calendar.now(), id});
    instance.crashedSinceFrame = true;
    for (Instance::Slot &slot : instance.workerSlots) {
        if (slot.job < 0)
            continue;
        if (m_p.lateAcks) {
            // Not acknowledged yet: it comes back, and the work so far is done twice.
            m_result.workDoneTwiceMinutes += (m_calendar.now() - slot.started) * m_p.speed;
            redeliverLater(slot.job);
        } else {
            ++m_result.lostJobs; // acknowledged before it ran: the broker forgot it
            m_jobs[std::size_t(slot.job)].lost = true;
        }
        slot.job = -1;
    }
    for (const int job : instance.reserved)
        redeliverLater(job); // prefetched messages are never acknowledged before they start
    instance.reserved.clear();
    m_instanceMinutes += m_calendar.now() - instance.billedFrom;
    instance.state = Instance::State::Dead;
    ++instance.epoch;
    if (!m_p.autoscale)
        bootInstance(false); // the operator replaces it
    track();
}

void Model::dispatch()
{
    // Each running instance prefetches up to slots x multiplier messages (Celery's hoarding),
    // then starts what it holds on its free slots. Unlimited machines: what no machine takes
    // starts a new one, ready at once, and the round goes again.
    for (;;) {
        offerQueue();
        if (!m_p.unlimitedMachines || m_queue.empty())
            break;
        bootInstance(true);
    }
    track();
}

void Model::offerQueue()
{
    for (int id = 0; id < int(m_instances.size()); ++id) {
        Instance &instance = m_instances[std::size_t(id)];
        if (instance.state != Instance::State::Running)
            continue;
        int busy = 0;
        for (const auto &slot : instance.workerSlots)
            busy += slot.job >= 0;
        const int capacity = m_p.slotsPerInstance * m_p.prefetchMultiplier;
        while (!m_queue.empty() && busy + int(instance.reserved.size()) < capacity) {
            instance.reserved.push_back(m_queue.front());
            m_queue.pop_front();
        }
        for (std::size_t s = 0; s < instance.workerSlots.size() && !instance.reserved.empty();
             ++s) {
            if (instance.workerSlots[s].job >= 0)
                continue;
            const int job = instance.reserved.front();
            instance.reserved.pop_front();
            instance.workerSlots[s] = {job, m_calendar.now()};
            const double duration = m_jobs[std::size_t(job)].minutes / m_p.speed;
            m_calendar.schedule(
                m_calendar.now() + duration,
                [this, id, epoch = instance.epoch, s = int(s)] { finish(id, epoch, s); });
        }
    }
}

void Model::finish(int id, int epoch, int slot)
{
    Instance &instance = m_instances[std::size_t(id)];
    if (instance.epoch != epoch || instance.state == Instance::State::Dead)
        return; // it crashed meanwhile
    const int job = instance.workerSlots[std::size_t(slot)].job;
    instance.workerSlots[std::size_t(slot)].job = -1;
    complete(m_jobs[std::size_t(job)]);
    dispatch();
}

void Model::complete(Job &job)
{
    job.done = true;
    ++m_result.completed;
    m_videoMinutesDone += job.minutes;
    if (job.measured)
        measure(job);
}

void Model::measure(const Job &job)
{
    const double turnaround = m_calendar.now() - job.arrival;
    m_turnaround.add(turnaround);
    m_withinSla += turnaround <= job.minutes;
    m_result.turnaroundRatios.push_back(turnaround / job.minutes); // <= 1 meets the SLA
}

int Model::upCount() const
{
    int up = 0;
    for (const Instance &i : m_instances)
        up += i.state != Instance::State::Dead;
    return up;
}

void Model::autoscale()
{
    const int up = upCount();
    const int wanted = std::clamp(
        int(std::ceil(double(m_queue.size()) / std::max(0.1, m_p.targetQueuePerInstance))),
        m_p.minInstances,
        m_p.maxInstances);
    for (int i = up; i < wanted; ++i)
        bootInstance(false);
    // Scale in: stop instances with nothing running and nothing reserved, newest first.
    int surplus = up - wanted;
    for (std::size_t id = m_instances.size(); id-- > 0 && surplus > 0;) {
        Instance &instance = m_instances[id];
        if (instance.state == Instance::State::Dead)
            continue;
        const bool idle = instance.reserved.empty()
                          && std::all_of(instance.workerSlots.begin(),
                                         instance.workerSlots.end(),
                                         [](const auto &s) { return s.job < 0; });
        if (idle) {
            m_instanceMinutes += m_calendar.now() - instance.billedFrom;
            instance.state = Instance::State::Dead;
            ++instance.epoch;
            --surplus;
        }
    }
    track();
    if (m_calendar.now() + m_p.scaleCheckMinutes < m_p.hours * 60)
        m_calendar.schedule(m_calendar.now() + m_p.scaleCheckMinutes, [this] { autoscale(); });
}

void Model::track(bool reset)
{
    const double now = m_calendar.now();
    int busy = 0;
    int running = 0;
    int idleSlots = 0;
    int reserved = 0;
    for (const Instance &i : m_instances) {
        if (i.state != Instance::State::Running)
            continue;
        running += int(i.workerSlots.size());
        for (const auto &s : i.workerSlots) {
            busy += s.job >= 0;
            idleSlots += s.job < 0;
        }
        reserved += int(i.reserved.size());
    }
    // Jobs held in a busy worker's buffer while another slot has nothing to do: hoarding.
    const double hoarded = idleSlots > 0 ? double(reserved) : 0.0;
    if (reset) {
        m_queueAverage.reset(now, double(m_queue.size()));
        m_busySlots.reset(now, busy);
        m_runningSlots.reset(now, running);
        m_hoarded.reset(now, hoarded);
        return;
    }
    m_queueAverage.update(now, double(m_queue.size()));
    m_busySlots.update(now, busy);
    m_runningSlots.update(now, running);
    m_hoarded.update(now, hoarded);
}

void Model::sample()
{
    PoolFrame frame;
    frame.minute = m_calendar.now();
    frame.queue = int(m_queue.size());
    frame.arrived = m_result.arrived;
    frame.completed = m_result.completed;
    frame.outsourced = m_outsourcedInFlight;
    for (std::size_t id = 0; id < m_instances.size(); ++id) {
        Instance &i = m_instances[id];
        PoolFrame::Machine machine;
        machine.id = int(id);
        if (i.state == Instance::State::Dead) {
            if (!i.crashedSinceFrame)
                continue;
            machine.state = PoolFrame::Machine::State::Crashed;
        } else {
            machine.state = i.state == Instance::State::Booting
                                ? PoolFrame::Machine::State::Booting
                                : PoolFrame::Machine::State::Running;
            for (const auto &s : i.workerSlots)
                machine.busySlots += s.job >= 0;
            machine.reserved = int(i.reserved.size());
        }
        i.crashedSinceFrame = false;
        frame.machines.push_back(machine);
    }
    m_result.frames.push_back(std::move(frame));
    m_result.sampleTimes.push_back(m_calendar.now());
    m_result.queueLength.push_back(double(m_queue.size()));
    m_result.instancesUp.push_back(double(upCount()));
    if (m_calendar.now() + m_p.sampleMinutes <= m_p.hours * 60)
        m_calendar.schedule(m_calendar.now() + m_p.sampleMinutes, [this] { sample(); });
}

TranscodingResult Model::run()
{
    const auto started = std::chrono::steady_clock::now();
    const double end = m_p.hours * 60;
    const double warmup = m_p.warmupHours * 60;
    m_queueAverage.reset(0, 0);
    m_busySlots.reset(0, 0);
    m_runningSlots.reset(0, 0);
    m_hoarded.reset(0, 0);
    for (int i = 0; i < initialInstances(m_p); ++i)
        bootInstance(true);
    scheduleArrival();
    scheduleBurstArrival();
    m_calendar.schedule(0, [this] { sample(); });
    if (m_p.autoscale)
        m_calendar.schedule(m_p.scaleCheckMinutes, [this] { autoscale(); });
    // Every time average covers [warm-up, horizon] exactly: start them afresh at the warm-up.
    if (warmup > 0)
        m_calendar.schedule(warmup, [this] { track(true); });
    // The horizon ends the run: nothing due after it happens, whatever is still scheduled (a
    // crash timer, a boot, a transcoding in progress).
    while (m_calendar.stepUntil(end)) {
        ++m_result.events;
        if (m_stop && (m_result.events & 0xFF) == 0 && m_stop->load(std::memory_order_relaxed)) {
            m_result.stopped = true;
            break;
        }
    }
    const double now = m_result.stopped ? m_calendar.now() : end;
    track(); // the averages' last piece runs to the end
    for (const Instance &i : m_instances) {
        if (i.state != Instance::State::Dead)
            m_instanceMinutes += now - i.billedFrom;
    }
    // Videos still on their way at the end: those already later than their own length have
    // broken the promise; the others cannot be judged yet and are left out of the share.
    long long overdue = 0;
    Sim::Tally atLeast(true); // the finished ones' turnarounds, the unfinished ones' ages
    for (const double t : m_turnaround.values())
        atLeast.add(t);
    for (const Job &job : m_jobs)
        m_result.measuredArrived += job.measured;
    m_result.turnaroundFinished = m_turnaround.count();
    for (const Job &job : m_jobs) {
        if (job.done)
            continue;
        if (!job.lost)
            ++m_result.unfinished;
        if (job.measured && !job.lost)
            atLeast.add(now - job.arrival);
        if (job.measured && (job.lost || now - job.arrival > job.minutes))
            ++overdue;
    }
    for (const Instance &i : m_instances) {
        if (i.state != Instance::State::Dead)
            m_result.prefetchedAtEnd += qsizetype(i.reserved.size());
    }
    const double none = std::nan("");
    m_result.instanceHours = m_instanceMinutes / 60.0;
    // Only a finished video has a turnaround: a run that finished none has no quantile.
    const bool finished = m_turnaround.count() > 0;
    m_result.turnaroundP50 = finished ? m_turnaround.percentile(0.50) : none;
    m_result.turnaroundP95 = finished ? m_turnaround.percentile(0.95) : none;
    m_result.turnaroundP99 = finished ? m_turnaround.percentile(0.99) : none;
    m_result.turnaroundAtLeastP50 = atLeast.count() > 0 ? atLeast.percentile(0.50) : none;
    m_result.turnaroundAtLeastP95 = atLeast.count() > 0 ? atLeast.percentile(0.95) : none;
    m_result.turnaroundAtLeastP99 = atLeast.count() > 0 ? atLeast.percentile(0.99) : none;
    const long long judged = m_turnaround.count() + overdue;
    m_result.slaShare = judged > 0 ? double(m_withinSla) / double(judged) : none;
    m_result.slaJudged = judged;
    const double runningSlots = m_runningSlots.average(now);
    m_result.utilization = runningSlots > 0 ? m_busySlots.average(now) / runningSlots : 0.0;
    m_result.meanQueueLength = m_queueAverage.average(now);
    m_result.hoardedJobs = m_hoarded.average(now);
    m_result.endMinute = now;
    const double cost = m_result.instanceHours * m_p.instancePricePerHour + m_outsourcedCost;
    m_result.costPerVideoMinute = m_videoMinutesDone > 0 ? cost / m_videoMinutesDone : none;
    m_result.wallMs
        = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
              .count();
    return m_result;
}

} // namespace

double uploadRateAt(const TranscodingParams &p, double minute)
{
    return dayRateAt(p, minute) * (inBurst(p, minute) ? p.burstMultiplier : 1.0);
}

double peakUploadRate(const TranscodingParams &p)
{
    return dayPeak(p) * std::max(1.0, p.burstMultiplier);
}

int initialInstances(const TranscodingParams &p)
{
    return std::max(p.instances, p.autoscale ? p.minInstances : 1);
}

TranscodingResult simulateTranscoding(const TranscodingParams &params,
                                      const std::atomic<bool> *stop,
                                      TranscodingDraws *draws)
{
    Model model(params, stop, draws);
    TranscodingResult result = model.run();
    return result;
}

QJsonObject TranscodingResult::toJson() const
{
    auto series = [](const std::vector<double> &values) {
        QJsonArray array;
        for (const double v : values)
            array.append(v);
        return array;
    };
    QJsonObject o{
        {QStringLiteral("arrived"), double(arrived)},
        {QStringLiteral("completed"), double(completed)},
        {QStringLiteral("outsourced"), double(outsourced)},
        {QStringLiteral("lost_jobs"), double(lostJobs)},
        {QStringLiteral("redelivered"), double(redelivered)},
        {QStringLiteral("work_done_twice_minutes"), workDoneTwiceMinutes},
        {QStringLiteral("crashes"), double(crashes)},
        {QStringLiteral("sla_share"), Sim::measuredOrNull(slaShare)},
        {QStringLiteral("sla_judged"), double(slaJudged)},
        {QStringLiteral("turnaround_minutes"),
         QJsonObject{{QStringLiteral("p50"), Sim::measuredOrNull(turnaroundP50)},
                     {QStringLiteral("p95"), Sim::measuredOrNull(turnaroundP95)},
                     {QStringLiteral("p99"), Sim::measuredOrNull(turnaroundP99)}}},
        {QStringLiteral("turnaround_at_least_minutes"),
         QJsonObject{{QStringLiteral("p50"), Sim::measuredOrNull(turnaroundAtLeastP50)},
                     {QStringLiteral("p95"), Sim::measuredOrNull(turnaroundAtLeastP95)},
                     {QStringLiteral("p99"), Sim::measuredOrNull(turnaroundAtLeastP99)}}},
        {QStringLiteral("unfinished"), double(unfinished)},
        {QStringLiteral("measured_arrived"), double(measuredArrived)},
        {QStringLiteral("turnaround_finished"), double(turnaroundFinished)},
        {QStringLiteral("prefetched_at_end"), double(prefetchedAtEnd)},
        {QStringLiteral("end_minute"), endMinute},
        {QStringLiteral("utilization"), utilization},
        {QStringLiteral("mean_queue_length"), meanQueueLength},
        {QStringLiteral("hoarded_jobs"), hoardedJobs},
        {QStringLiteral("instance_hours"), instanceHours},
        {QStringLiteral("cost_per_video_minute"), Sim::measuredOrNull(costPerVideoMinute)},
        {QStringLiteral("over_time"),
         QJsonObject{{QStringLiteral("minute"), series(sampleTimes)},
                     {QStringLiteral("queue_length"), series(queueLength)},
                     {QStringLiteral("instances"), series(instancesUp)}}},
        {QStringLiteral("events"), double(events)},
        {QStringLiteral("wall_ms"), wallMs}};
    if (stopped)
        o.insert(QStringLiteral("stopped"), true);
    return o;
}

} // namespace Startup
