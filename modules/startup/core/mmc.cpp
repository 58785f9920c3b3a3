#include "mmc.h"

#include "simkernel.h"

#include <chrono>
#include <deque>
#include <queue>
#include <vector>

namespace {

enum class Kind : std::uint8_t { Arrival, Departure };

struct Event
{
    double time;
    std::uint64_t sequence; // equal times run in the order they were scheduled
    Kind kind;
    bool operator>(const Event &other) const
    {
        return time != other.time ? time > other.time : sequence > other.sequence;
    }
};

} // namespace

MmcResult simulateMmc(const MmcParams &p,
                      const std::atomic<bool> *stop,
                      const std::function<void(double)> &progress)
{
    const auto started = std::chrono::steady_clock::now();
    Sim::Random random(p.seed);
    // A calendar of plain events: no allocation per event, which is what makes it fast.
    std::priority_queue<Event, std::vector<Event>, std::greater<>> calendar;
    std::uint64_t sequence = 0;
    std::deque<double> queue; // arrival times of the jobs waiting
    int busy = 0;
    double now = 0;

    Sim::Tally wait;
    Sim::Tally response;
    long long waited = 0;
    Sim::TimeAverage queueLength;
    Sim::TimeAverage busyServers;
    queueLength.reset(0, 0);
    busyServers.reset(0, 0);

    const long long total = p.warmupJobs + p.jobs;
    long long completed = 0;
    bool measuring = p.warmupJobs == 0;
    MmcResult result;

    calendar.push({random.exponential(p.arrivalRate), sequence++, Kind::Arrival});
    // Departures carry no server: servers are identical, so only the count matters; each
    // departing job's arrival time travels in a queue keyed by its departure event.
    std::priority_queue<std::pair<double, double>,
                        std::vector<std::pair<double, double>>,
                        std::greater<>>
        departures; // (departure time, arrival time)

    while (completed < total) {
        if (stop && (completed & 0xFFF) == 0 && stop->load(std::memory_order_relaxed)) {
            result.stopped = true;
            break;
        }
        const Event event = calendar.top();
        calendar.pop();
        now = event.time;
        ++result.events;
        if (event.kind == Kind::Arrival) {
            calendar.push({now + random.exponential(p.arrivalRate), sequence++, Kind::Arrival});
            if (busy < p.servers) {
                ++busy;
                busyServers.update(now, busy);
                const double done = now + random.exponential(p.serviceRate);
                departures.emplace(done, now);
                calendar.push({done, sequence++, Kind::Departure});
                if (measuring)
                    wait.add(0.0);
            } else {
                queue.push_back(now);
                queueLength.update(now, double(queue.size()));
            }
        } else {
            const double arrival = departures.top().second;
            departures.pop();
            ++completed;
            if (measuring)
                response.add(now - arrival);
            if (!queue.empty()) {
                const double next = queue.front();
                queue.pop_front();
                queueLength.update(now, double(queue.size()));
                const double done = now + random.exponential(p.serviceRate);
                departures.emplace(done, next);
                calendar.push({done, sequence++, Kind::Departure});
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
                queueLength.reset(now, double(queue.size()));
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
