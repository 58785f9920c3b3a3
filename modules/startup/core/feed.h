// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QJsonObject>
#include <QString>

#include <atomic>
#include <cstdint>
#include <vector>

namespace Startup {

/**
 * The startup's real-time feed: users with a skewed follower graph post; each post is captured
 * (a database trigger sees every write; an application signal misses writes that take the
 * bulk-update or raw-SQL path) and delivered to the followers who are online by periodic
 * polling, long polling (held connections that reconnect after each answer) or push.
 */
struct FeedParams
{
    enum class Delivery { Polling, LongPolling, Push };
    enum class Capture { Trigger, Signal };

    int users = 2000;
    double medianFollowers = 30;
    double followerSigma = 1.2;
    double onlineShare = 0.3;
    double postsPerUserHour = 0.5;
    double minutes = 60;
    Delivery delivery = Delivery::LongPolling;
    double pollIntervalSeconds = 30;
    double reconnectSeconds = 0.5;
    double timeoutSeconds = 60;
    double networkMs = 50;
    Capture capture = Capture::Signal;
    double bulkShare = 0.1; // writes that bypass signals
    std::uint64_t seed = 1;

    bool operator==(const FeedParams &other) const = default;
};

struct FeedResult
{
    long long posts = 0;
    long long delivered = 0;
    long long missedEvents = 0; // follower notifications never sent
    double latencyP50 = 0;      // seconds
    double latencyP95 = 0;
    double requestsPerSecond = 0;
    double openConnections = 0;
    /** The latency at every percentile, 0 to 100 (empty when nothing was delivered): the share
     *  of deliveries within a time, drawn as a curve any delivery's can be read beside. */
    std::vector<double> latencyPercentiles;
    /** Each notification's latency, fastest first, where there are few (FewLatencies or less):
     *  percentiles interpolated between a handful of values would draw a spread that never
     *  happened, so the curve steps at each one instead. Empty otherwise. */
    std::vector<double> latencies;
    static constexpr int FewLatencies = 100;
    double wallMs = 0;
    bool stopped = false;

    QJsonObject toJson() const;
};

/**
 * What a feed run drew, for the real run to play the same hour (realfeed.cpp): the follower
 * graph, who is online, each polling client's phase, the posts before UNTILSECONDS and what the
 * model did with each of their notifications.
 */
struct FeedDraws
{
    double untilSeconds = 0; // record posts before this simulated time

    std::vector<std::vector<int>> followers; // each user's followers, as drawn (repeats kept)
    std::vector<char> online;
    std::vector<double> phase; // seconds: a polling client's first poll
    struct Post
    {
        double t = 0; // simulated seconds
        int author = 0;
        bool bulk = false;     // written by the bulk / raw path
        bool captured = false; // seen by the capture (a trigger sees every write)
    };
    std::vector<Post> posts;
    /** One per notification of a recorded post to an online follower, in the order made. */
    struct Notification
    {
        int post = 0; // index in posts
        int follower = 0;
        double latency = -1; // seconds; -1: missed (never sent)
    };
    std::vector<Notification> notifications;
};

/** Runs the feed; STOP, when it turns true, ends the run early (the result says "stopped").
 *  DRAWS, when given, receives what was drawn (its untilSeconds set by the caller). */
FeedResult simulateFeed(const FeedParams &params,
                        const std::atomic<bool> *stop = nullptr,
                        FeedDraws *draws = nullptr);

/** Posts per second, all users together: the rate the run draws posts at. */
double postsPerSecond(const FeedParams &params);
/** The median of the lognormal the run draws each user's follower count from (at least 1). */
double followerMedian(const FeedParams &params);

} // namespace Startup
