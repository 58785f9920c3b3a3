// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The feed for real: the model's own seeded hour (its follower graph, who is online, each polling
// client's phase, the posts and which took the bulk path) played on a real Tornado server on the
// loopback, with the online users as real client connections in one asyncio process and each
// post written through the real Django ORM to SQLite, told to the server by Django's post_save
// signal or by an SQLite trigger (realstack/feed.py). Measured here from what the conductor heard.

#include "feed.h"
#include "feedschema.h"
#include "realrecording.h"
#include "realsession.h"

#include <kit/jsonio.h>

#include <QFile>
#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>
#include <vector>

namespace Startup {

namespace Real {

namespace {

/**
 * The model's requests per simulated second and mean open connections over its first WINDOW
 * simulated seconds, for the users in CLIENTS, worked out from its draws the way the model works
 * them out over its whole run (feed.cpp): a poll at each phase and interval; for long polling a
 * request after each answer and each time-out nothing answered, and no open connection from an
 * answer to the request after it; for push every user connected.
 */
std::pair<double, double>
modelRatesOver(const FeedParams &p, const FeedDraws &d, const std::set<int> &clients, double window)
{
    const double network = p.networkMs / 1000.0;
    const double users = double(clients.size());
    if (window <= 0)
        return {0, 0};
    switch (p.delivery) {
    case FeedParams::Delivery::Polling: {
        double polls = 0;
        for (const int u : clients) {
            const double phase = d.phase[std::size_t(u)];
            if (phase < window)
                polls += std::floor((window - phase) / p.pollIntervalSeconds) + 1;
        }
        return {polls / window, 0};
    }
    case FeedParams::Delivery::Push:
        return {0, users};
    case FeedParams::Delivery::LongPolling:
        break;
    }
    std::map<int, std::vector<double>> answers; // user: when each answer left
    for (const FeedDraws::Notification &n : d.notifications) {
        if (n.latency >= 0 && clients.count(n.follower))
            answers[n.follower].push_back(d.posts[std::size_t(n.post)].t + n.latency - network);
    }
    double requests = 0, away = 0;
    const double cycle = p.timeoutSeconds + network;
    for (const int u : clients) {
        std::vector<double> &at = answers[u];
        std::sort(at.begin(), at.end());
        at.erase(std::unique(at.begin(),
                             at.end(),
                             [](double a, double b) { return std::abs(a - b) < 1e-12; }),
                 at.end());
        double next = p.timeoutSeconds * d.phase[std::size_t(u)] / p.pollIntervalSeconds;
        const auto timeOutsBefore = [&](double t) {
            for (; next < t; next += cycle) {
                requests += 1;
                away += std::min(network, window - next);
            }
        };
        for (const double a : at) {
            if (a >= window)
                break;
            timeOutsBefore(a);
            requests += 1; // the request after the answer
            const double back = a + network + p.reconnectSeconds;
            away += std::min(back, window) - a;
            next = back + p.timeoutSeconds;
        }
        timeOutsBefore(window);
    }
    return {requests / window, users - away / window};
}

} // namespace

double feedDrainSeconds(const FeedParams &p, double scale)
{
    double pending = 0;
    switch (p.delivery) {
    case FeedParams::Delivery::Polling:
        pending = p.pollIntervalSeconds;
        break;
    case FeedParams::Delivery::LongPolling:
        // A user who has just been answered is back after the reconnect pause; a few answers
        // in a row can queue one behind another.
        pending = 4 * p.reconnectSeconds;
        break;
    case FeedParams::Delivery::Push:
        break;
    }
    return (pending + 2 * p.networkMs / 1000.0) / scale + 1.0;
}

double feedPostSeconds(const FeedParams &p, double scale)
{
    return std::min(p.minutes * 60 / scale, FeedWindowSeconds);
}

QJsonObject runFeed(Session &session,
                    const QJsonObject &validated,
                    const QJsonObject & /*model: its figures are worked out here from its draws*/,
                    QJsonObject *modelSamePosts,
                    QString *error)
{
    const Request &request = session.request();
    const FeedParams p = *Scenario::parseFeed(validated, request.source, error);
    const double scale = request.timeScale;
    const double postSeconds = feedPostSeconds(p, scale);
    FeedDraws draws;
    draws.untilSeconds = postSeconds * scale;
    simulateFeed(p, nullptr, &draws);

    // The users: every online one a real client, up to what one process holds.
    std::vector<int> online;
    for (int u = 0; u < p.users; ++u) {
        if (draws.online[std::size_t(u)])
            online.push_back(u);
    }
    const std::size_t clientCount = std::min<std::size_t>(online.size(), MaxFeedClients);
    const std::set<int> clients(online.begin(), online.begin() + std::ptrdiff_t(clientCount));
    QJsonArray clientList;
    for (const int u : clients)
        clientList.append(
            QJsonObject{{QStringLiteral("user"), u},
                        {QStringLiteral("phase"), draws.phase[std::size_t(u)] / scale}});
    QJsonObject followers;
    QJsonArray posts;
    FeedSetup setup;
    setup.timeScale = scale;
    setup.postSeconds = postSeconds;
    for (const FeedDraws::Post &post : draws.posts) {
        posts.append(QJsonArray{post.t / scale, post.author, post.bulk});
        const std::vector<int> &list = draws.followers[std::size_t(post.author)];
        int owed = 0;
        QJsonArray ids;
        for (const int f : list) {
            ids.append(f);
            owed += clients.count(f) ? 1 : 0;
        }
        followers.insert(QString::number(post.author), ids);
        setup.expected.push_back(owed);
    }
    const double endSeconds = postSeconds + feedDrainSeconds(p, scale);
    const std::size_t plannedPosts = draws.posts.size();
    session.setDeadline(request.timeoutSeconds > 0 ? request.timeoutSeconds : 2 * endSeconds + 60);

    const QJsonObject plan{{QStringLiteral("delivery"), deliveryId(p.delivery)},
                           {QStringLiteral("capture"),
                            p.capture == FeedParams::Capture::Trigger ? QStringLiteral("trigger")
                                                                      : QStringLiteral("signal")},
                           {QStringLiteral("network_seconds"), p.networkMs / 1000.0 / scale},
                           {QStringLiteral("poll_interval_seconds"), p.pollIntervalSeconds / scale},
                           {QStringLiteral("reconnect_seconds"), p.reconnectSeconds / scale},
                           {QStringLiteral("timeout_seconds"), p.timeoutSeconds / scale},
                           {QStringLiteral("clients"), clientList},
                           {QStringLiteral("followers"), followers},
                           {QStringLiteral("posts"), posts},
                           {QStringLiteral("end_seconds"), endSeconds},
                           {QStringLiteral("work_dir"), session.folder()}};
    const QString planPath = session.path(QStringLiteral("plan.json"));
    if (!Kit::JsonIo::writeObjectFile(planPath, plan, error))
        return {};
    const QString script = request.realstackDir + QStringLiteral("/feed.py");
    const pid_t conductor
        = session.startPython(QStringLiteral("feed"), {script, planPath}, {}, true, error);
    if (conductor < 0)
        return {};
    session.progress(0.02);
    FeedRecording recording;
    QFile heard(session.path(QStringLiteral("feed.jsonl")));
    heard.open(QIODevice::WriteOnly);
    QString why;
    const Session::Wait how = session.readUntil(
        conductor,
        [&recording, &session, &heard, endSeconds](const QByteArray &line) {
            heard.write(line + '\n');
            recording.read(line);
            if (recording.started)
                session.progress(0.05 + 0.95 * std::min(1.0, recording.last / endSeconds));
            return recording.end >= 0 || !recording.error.isEmpty();
        },
        qint64(1e12),
        {},
        &why);
    const QString leftOver = session.endAll();
    if (!recording.error.isEmpty()) {
        *error = recording.error;
        return {};
    }
    if (how == Session::Wait::Ended && recording.end < 0) {
        *error = session.failure(why.isEmpty() ? QStringLiteral("the feed's conductor ended early")
                                               : why,
                                 QStringLiteral("feed"));
        return {};
    }
    // A run cut short (Stop, its time-out) wrote the first posts only: both runs are held to
    // those, over the time it played.
    std::size_t written = 0;
    while (written < recording.posts.size() && recording.posts[written].written >= 0)
        ++written;
    if (written < draws.posts.size()) {
        setup.postSeconds = std::min(postSeconds, std::max(recording.last, 0.0));
        draws.posts.resize(written);
        std::erase_if(draws.notifications, [written](const FeedDraws::Notification &n) {
            return std::size_t(n.post) >= written;
        });
        setup.expected.resize(written);
    }
    // The model over the same posts and the same users, measured the way the real run is.
    {
        FeedRecording same;
        same.posts.resize(draws.posts.size());
        for (std::size_t i = 0; i < draws.posts.size(); ++i) {
            same.posts[i].written = draws.posts[i].t / scale;
            same.posts[i].bulk = draws.posts[i].bulk;
            same.posts[i].published = draws.posts[i].captured ? same.posts[i].written : -1;
        }
        // A run cut short heard nothing after its end: neither does the model beside it.
        const double heardUntil = written < plannedPosts ? std::max(recording.last, 0.0) : 1e300;
        for (const FeedDraws::Notification &n : draws.notifications) {
            const double at = (draws.posts[std::size_t(n.post)].t + n.latency) / scale;
            if (n.latency >= 0 && clients.count(n.follower) && at <= heardUntil)
                same.deliveries.push_back({n.post, n.follower, at});
        }
        *modelSamePosts = measureFeed(same, setup);
        const auto [requests, open] = modelRatesOver(p, draws, clients, setup.postSeconds * scale);
        modelSamePosts->insert(QStringLiteral("requests_per_second"), requests);
        modelSamePosts->insert(QStringLiteral("open_connections"), open);
        modelSamePosts->remove(QStringLiteral("stages"));
        modelSamePosts->remove(QStringLiteral("undelivered"));
    }
    QJsonObject real = measureFeed(recording, setup);
    real.insert(QStringLiteral("clients"), double(clientCount));
    real.insert(QStringLiteral("online"), double(online.size()));
    real.insert(QStringLiteral("post_minutes"), setup.postSeconds * scale / 60);
    real.insert(QStringLiteral("posts_planned"), double(plannedPosts));
    real.insert(QStringLiteral("scenario_minutes"), p.minutes);
    QStringList notes = recording.notes;
    if (clientCount < online.size())
        notes.append(QStringLiteral("%1 of the %2 online users were real clients (one process "
                                    "holds %3); the others' notifications are left out of both "
                                    "runs' figures")
                         .arg(clientCount)
                         .arg(online.size())
                         .arg(MaxFeedClients));
    if (recording.clientFailures > 0)
        notes.append(QStringLiteral("%1 of the users' connections failed (the first: %2)")
                         .arg(recording.clientFailures)
                         .arg(recording.firstClientFailure));
    finishReal(real, notes, leftOver, how);
    return real;
}

} // namespace Real

} // namespace Startup
