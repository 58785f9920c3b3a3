// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "mmc.h"

#include "simkernel.h"

#include <chrono>
#include <queue>
#include <vector>

namespace Startup {

namespace {

enum class Kind : std::uint8_t { Arrival, Departure };

struct Event
{
    double time;
    std::uint64_t sequence; // equal times run in the order they were scheduled
    double arrival;         // a departure carries its job's arrival time
    Kind kind;
    bool operator>(const Event &other) const
    {
        return time != other.time ? time > other.time : sequence > other.sequence;
    }
};

} // namespace

long long totalJobs(const MmcParams &p)
{
    return p.warmupJobs + p.jobs;
}

MmcResult simulateMmc(const MmcParams &p,
                      const std::atomic<bool> *stop,
                      const std::function<void(double)> &progress)
{
    const auto started = std::chrono::steady_clock::now();
    Sim::Random random(p.seed);
    // A calendar of plain events: no allocation per event, which is what makes it fast.
    std::priority_queue<Event, std::vector<Event>, std::greater<>> calendar;
    std::uint64_t sequence = 0;
    // Arrival times of the jobs waiting: a ring buffer (FIFO) that grows when it must.
    std::vector<double> ring(1024);
    std::size_t head = 0;
    std::size_t size = 0;
    auto enqueue = [&](double t) {
        if (size == ring.size()) {
            std::vector<double> bigger(ring.size() * 2);
            for (std::size_t i = 0; i < size; ++i)
                bigger[i] = ring[(head + i) % ring.size()];
            ring.swap(bigger);
            head = 0;
        }
        ring[(head + size++) & (ring.size() - 1)] = t;
    };
    auto dequeue = [&] {
        const double t = ring[head];
        head = (head + 1) & (ring.size() - 1);
        --size;
        return t;
    };
    const double meanInterarrival = 1.0 / p.arrivalRate;
    const double meanService = 1.0 / p.serviceRate;
    int busy = 0;
    double now = 0;

    Sim::Tally wait;
    Sim::Tally response;
    long long waited = 0;
    Sim::TimeAverage queueLength;
    Sim::TimeAverage busyServers;
    queueLength.reset(0, 0);
    busyServers.reset(0, 0);

    const long long total = totalJobs(p);
    long long completed = 0;
    bool measuring = p.warmupJobs == 0;
    MmcResult result;

    // The one pending arrival waits outside the heap: the heap holds only departures (at most
    // one per server), and the order is the same as one calendar's: time, then sequence.
    double arrivalTime = random.exponentialMean(meanInterarrival);
    std::uint64_t arrivalSequence = sequence++;

    while (completed < total) {
        if (stop && (completed & 0xFFF) == 0 && stop->load(std::memory_order_relaxed)) {
            result.stopped = true;
            break;
        }
        const bool arrival
            = calendar.empty() || arrivalTime < calendar.top().time
              || (arrivalTime == calendar.top().time && arrivalSequence < calendar.top().sequence);
        ++result.events;
        if (arrival) {
            now = arrivalTime;
            arrivalTime = now + random.exponentialMean(meanInterarrival);
            arrivalSequence = sequence++;
            if (busy < p.servers) {
                ++busy;
                busyServers.update(now, busy);
                calendar.push(
                    {now + random.exponentialMean(meanService), sequence++, now, Kind::Departure});
                if (measuring)
                    wait.add(0.0);
            } else {
                enqueue(now);
                queueLength.update(now, double(size));
            }
        } else {
            const Event event = calendar.top();
            calendar.pop();
            now = event.time;
            const double arrived = event.arrival;
            ++completed;
            if (measuring)
                response.add(now - arrived);
            if (size > 0) {
                const double next = dequeue();
                queueLength.update(now, double(size));
                calendar.push(
                    {now + random.exponentialMean(meanService), sequence++, next, Kind::Departure});
                if (measuring) {
                    wait.add(now - next);
                    ++waited;
                }
            } else {
                --busy;
                busyServers.update(now, busy);
            }
            if (!measuring && completed == p.warmupJobs) {
                // Warm-up deletion: forget everything before the system reached its stride.
                measuring = true;
                queueLength.reset(now, double(size));
                busyServers.reset(now, busy);
            }
            if (progress && (completed & 0x3FFF) == 0)
                progress(double(completed) / double(total));
        }
    }
    result.jobs = response.count();
    result.meanWait = wait.mean();
    result.meanResponse = response.mean();
    result.meanQueueLength = queueLength.average(now);
    result.utilization = busyServers.average(now) / p.servers;
    result.probWait = wait.count() > 0 ? double(waited) / double(wait.count()) : 0.0;
    result.wallMs
        = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
              .count();
    return result;
}

QJsonObject MmcResult::toJson() const
{
    QJsonObject o{{QStringLiteral("mean_wait"), meanWait},
                  {QStringLiteral("mean_response"), meanResponse},
                  {QStringLiteral("mean_queue_length"), meanQueueLength},
                  {QStringLiteral("utilization"), utilization},
                  {QStringLiteral("prob_wait"), probWait},
                  {QStringLiteral("jobs"), double(jobs)},
                  {QStringLiteral("events"), double(events)},
                  {QStringLiteral("wall_ms"), wallMs}};
    if (stopped)
        o.insert(QStringLiteral("stopped"), true);
    return o;
}

MmcTheory MmcTheory::of(const MmcParams &p)
{
    MmcTheory t;
    t.utilization = p.arrivalRate / (p.servers * p.serviceRate);
    t.probWait = Sim::erlangC(p.arrivalRate, p.serviceRate, p.servers);
    t.meanWait = t.probWait / (p.servers * p.serviceRate - p.arrivalRate);
    t.meanResponse = t.meanWait + 1.0 / p.serviceRate;
    t.meanQueueLength = p.arrivalRate * t.meanWait; // Little's law
    return t;
}

QJsonObject MmcTheory::toJson() const
{
    return {{QStringLiteral("mean_wait"), meanWait},
            {QStringLiteral("mean_response"), meanResponse},
            {QStringLiteral("mean_queue_length"), meanQueueLength},
            {QStringLiteral("utilization"), utilization},
            {QStringLiteral("prob_wait"), probWait}};
}

} // namespace Startup
