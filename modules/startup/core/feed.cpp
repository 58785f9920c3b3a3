// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "feed.h"

#include "simkernel.h"

#include <QJsonArray>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <utility>
#include <vector>

namespace Startup {

double postsPerSecond(const FeedParams &p)
{
    return p.users * p.postsPerUserHour / 3600.0;
}

double followerMedian(const FeedParams &p)
{
    return std::max(1.0, p.medianFollowers);
}

FeedResult simulateFeed(const FeedParams &p, const std::atomic<bool> *stop, FeedDraws *draws)
{
    const auto started = std::chrono::steady_clock::now();
    Sim::Random random(p.seed);
    FeedResult result;
    const double seconds = p.minutes * 60;
    const double network = p.networkMs / 1000.0;

    // The follower graph: a few users have many followers, most have a handful; each follower
    // once, and never the author.
    std::vector<std::vector<int>> followers(std::size_t(p.users));
    std::vector<char> taken(std::size_t(p.users), 0);
    std::vector<int> everyone;
    for (int author = 0; author < p.users; ++author) {
        auto &list = followers[std::size_t(author)];
        const int count = std::min(
            p.users - 1, int(random.lognormal(std::log(followerMedian(p)), p.followerSigma)));
        list.reserve(std::size_t(count));
        if (2 * count <= p.users) {
            // Few of all: drawn until that many different ones came.
            taken[std::size_t(author)] = 1;
            while (int(list.size()) < count) {
                const int f = int(random.next() % std::uint64_t(p.users));
                if (!std::exchange(taken[std::size_t(f)], 1))
                    list.push_back(f);
            }
            taken[std::size_t(author)] = 0;
            for (const int f : list)
                taken[std::size_t(f)] = 0;
        } else {
            // Most of all: the first COUNT of the others, shuffled.
            everyone.clear();
            for (int u = 0; u < p.users; ++u) {
                if (u != author)
                    everyone.push_back(u);
            }
            for (int i = 0; i < count; ++i) {
                const std::size_t j
                    = std::size_t(i)
                      + std::size_t(random.next()
                                    % std::uint64_t(everyone.size() - std::size_t(i)));
                std::swap(everyone[std::size_t(i)], everyone[j]);
                list.push_back(everyone[std::size_t(i)]);
            }
        }
    }
    std::vector<bool> online(std::size_t(p.users));
    int onlineCount = 0;
    for (auto &&isOnline : online) { // a std::vector<bool>'s proxy reference
        isOnline = random.uniform() < p.onlineShare;
        onlineCount += isOnline;
    }
    // Polling clients each have their own phase; long-polling clients their next ready time.
    std::vector<double> phase(std::size_t(p.users));
    for (double &x : phase)
        x = random.uniform(0, p.pollIntervalSeconds);
    std::vector<double> connectedAt(std::size_t(p.users), 0.0);
    std::vector<double> answeredAt(std::size_t(p.users), -1.0);
    // A held request that nothing answers ends at the time-out, and the client asks again at
    // once. The run starts with every connection open, as if for a share of the time-out
    // already (its age drawn with the polling phase): the time-outs spread over the run as in
    // a feed that has been up for a while.
    std::vector<double> timesOutAt(std::size_t(p.users));
    for (std::size_t u = 0; u < timesOutAt.size(); ++u)
        timesOutAt[u] = p.timeoutSeconds * phase[u] / p.pollIntervalSeconds;
    long long timeouts = 0;
    double reconnecting = 0; // user-seconds without an open connection: an answer on its way,
                             // then the pause before the request after it
    // An empty answer crosses the network too; the client asks again as it arrives.
    const double timeoutCycle = p.timeoutSeconds + network;
    const auto timeOutsBefore = [&](int user, double t) {
        double &next = timesOutAt[std::size_t(user)];
        if (next < t) {
            const double n = std::floor((t - next) / timeoutCycle) + 1;
            timeouts += (long long)n;
            reconnecting += n * network;
            next += n * timeoutCycle;
        }
    };
    if (draws) {
        draws->followers = followers;
        draws->online.assign(online.begin(), online.end());
        draws->phase = phase;
    }

    Sim::Tally latency(true);
    long long reconnects = 0;
    Sim::Calendar calendar;
    const double postRate = postsPerSecond(p);
    std::function<void()> post = [&] {
        const double t = calendar.now();
        ++result.posts;
        const int author = int(random.next() % std::uint64_t(p.users));
        // Drawn either way, so trigger and signal runs see the same posts (common random numbers).
        const bool bulkWrite = random.uniform() < p.bulkShare;
        const bool captured = p.capture == FeedParams::Capture::Trigger || !bulkWrite;
        const bool recorded = draws && t < draws->untilSeconds;
        if (recorded)
            draws->posts.push_back({t, author, bulkWrite, captured});
        const int postIndex = recorded ? int(draws->posts.size()) - 1 : -1;
        for (const int f : followers[std::size_t(author)]) {
            if (!online[std::size_t(f)])
                continue;
            if (!captured) {
                ++result.missedEvents; // the signal never fired: nobody is told
                if (recorded)
                    draws->notifications.push_back({postIndex, f, -1});
                continue;
            }
            double at = t;
            switch (p.delivery) {
            case FeedParams::Delivery::Polling: {
                // The next poll after t: the client sees it then.
                const double interval = p.pollIntervalSeconds;
                at = t
                     + std::fmod(phase[std::size_t(f)] - std::fmod(t, interval) + interval,
                                 interval);
                break;
            }
            case FeedParams::Delivery::LongPolling:
                // Answered at once if the connection is up; otherwise when it is back, in one
                // answer with everything that came while it was down (a server answers a held
                // request with all that is pending). Each answer ends the request: the client
                // reconnects, which is another request.
                if (t <= answeredAt[std::size_t(f)]) {
                    at = answeredAt[std::size_t(f)];
                } else {
                    at = std::max(t, connectedAt[std::size_t(f)]);
                    timeOutsBefore(f, at);
                    answeredAt[std::size_t(f)] = at;
                    connectedAt[std::size_t(f)] = at + network + p.reconnectSeconds;
                    timesOutAt[std::size_t(f)] = connectedAt[std::size_t(f)] + p.timeoutSeconds;
                    ++reconnects;
                    // Answered, the user has no open connection until it is back.
                    if (at < seconds)
                        reconnecting += std::min(connectedAt[std::size_t(f)], seconds) - at;
                }
                break;
            case FeedParams::Delivery::Push:
                break;
            }
            latency.add(at - t + network);
            if (recorded)
                draws->notifications.push_back({postIndex, f, at - t + network});
            ++result.delivered;
        }
        const double next = t + random.exponential(postRate);
        if (next < seconds)
            calendar.schedule(next, post);
    };
    // The first post, like every later one, only if it falls inside the run.
    if (const double first = random.exponential(postRate); first < seconds)
        calendar.schedule(first, post);
    while (calendar.step()) {
        if (stop && (result.posts & 0xFF) == 0 && stop->load(std::memory_order_relaxed)) {
            result.stopped = true;
            break;
        }
    }

    if (latency.count() > 0) {
        for (int q = 0; q <= 100; ++q)
            result.latencyPercentiles.push_back(latency.percentile(q / 100.0));
        if (latency.count() <= FeedResult::FewLatencies) {
            result.latencies = latency.values();
            std::sort(result.latencies.begin(), result.latencies.end());
        }
    }
    result.latencyP50 = latency.percentile(0.5);
    result.latencyP95 = latency.percentile(0.95);
    switch (p.delivery) {
    case FeedParams::Delivery::Polling:
        result.requestsPerSecond = onlineCount / p.pollIntervalSeconds;
        result.openConnections = 0;
        break;
    case FeedParams::Delivery::LongPolling:
        // Every answer and every time-out is followed by a request: those within the run.
        for (int u = 0; u < p.users; ++u) {
            if (online[std::size_t(u)])
                timeOutsBefore(u, seconds);
        }
        result.requestsPerSecond = double(timeouts + reconnects) / seconds;
        result.openConnections = onlineCount - reconnecting / seconds;
        break;
    case FeedParams::Delivery::Push:
        result.requestsPerSecond = 0;
        result.openConnections = onlineCount;
        break;
    }
    result.wallMs
        = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
              .count();
    return result;
}

QJsonObject FeedResult::toJson() const
{
    QJsonObject json{
        {QStringLiteral("posts"), double(posts)},
        {QStringLiteral("delivered"), double(delivered)},
        {QStringLiteral("missed_events"), double(missedEvents)},
        // A run that delivered nothing has no latency: null, not 0 s.
        {QStringLiteral("latency_seconds"),
         QJsonObject{
             {QStringLiteral("p50"), delivered > 0 ? QJsonValue(latencyP50) : QJsonValue()},
             {QStringLiteral("p95"), delivered > 0 ? QJsonValue(latencyP95) : QJsonValue()}}},
        {QStringLiteral("requests_per_second"), requestsPerSecond},
        {QStringLiteral("open_connections"), openConnections},
        // The latency at percentiles 0, 1, ..., 100 (the fastest, ..., the slowest).
        {QStringLiteral("latency_percentiles"),
         [this] {
             QJsonArray seconds;
             for (const double x : latencyPercentiles)
                 seconds.append(x);
             return seconds;
         }()},
        {QStringLiteral("wall_ms"), wallMs}};
    if (!latencies.empty()) {
        QJsonArray each;
        for (const double x : latencies)
            each.append(x);
        json.insert(QStringLiteral("latencies"), each);
    }
    return json;
}

} // namespace Startup
