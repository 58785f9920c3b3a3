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
#include <set>

namespace Startup {

namespace Real {

namespace {

QString failure(const QString &what, Session &session, const QString &service)
{
    const QString tail = ServiceGroup::tailOf(session.logOf(service));
    return tail.isEmpty() ? what : QStringLiteral("%1: %2").arg(what, tail);
}

/** Real seconds the users still have to hear of the last post, after it is written. */
double drainSeconds(const FeedParams &p, double scale)
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

} // namespace

double feedPostSeconds(const FeedParams &p, double scale)
{
    return std::min(p.minutes * 60 / scale, FeedWindowSeconds);
}

QJsonObject runFeed(Session &session,
                    const QJsonObject &validated,
                    const QJsonObject &model,
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
    const double endSeconds = postSeconds + drainSeconds(p, scale);
    session.setDeadline(request.timeoutSeconds > 0 ? request.timeoutSeconds : 2 * endSeconds + 60);

    // The model over the same posts and the same users, measured the way the real run is.
    {
        FeedRecording same;
        same.posts.resize(draws.posts.size());
        for (std::size_t i = 0; i < draws.posts.size(); ++i) {
            same.posts[i].written = draws.posts[i].t / scale;
            same.posts[i].bulk = draws.posts[i].bulk;
            same.posts[i].published = draws.posts[i].captured ? same.posts[i].written : -1;
        }
        for (const FeedDraws::Notification &n : draws.notifications) {
            if (n.latency >= 0 && clients.count(n.follower))
                same.deliveries.push_back(
                    {n.post, n.follower, (draws.posts[std::size_t(n.post)].t + n.latency) / scale});
        }
        *modelSamePosts = measureFeed(same, setup);
        // Its rates are the whole hour's (the model's formulas), for the users that have a client.
        const double share = online.empty() ? 0 : double(clientCount) / double(online.size());
        modelSamePosts->insert(QStringLiteral("requests_per_second"),
                               model.value(QStringLiteral("requests_per_second")).toDouble()
                                   * share);
        modelSamePosts->insert(QStringLiteral("open_connections"),
                               model.value(QStringLiteral("open_connections")).toDouble() * share);
    }

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
        *error = failure(why.isEmpty() ? QStringLiteral("the feed's conductor ended early") : why,
                         session,
                         QStringLiteral("feed"));
        return {};
    }
    QJsonObject real = measureFeed(recording, setup);
    real.insert(QStringLiteral("clients"), double(clientCount));
    real.insert(QStringLiteral("online"), double(online.size()));
    real.insert(QStringLiteral("post_minutes"), postSeconds * scale / 60);
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
    notes.removeDuplicates();
    if (!leftOver.isEmpty())
        notes.append(leftOver);
    real.insert(QStringLiteral("notes"), QJsonArray::fromStringList(notes));
    if (how == Session::Wait::Stopped)
        real.insert(QStringLiteral("stopped"), true);
    if (how == Session::Wait::TimedOut)
        real.insert(QStringLiteral("timed_out"), true);
    return real;
}

} // namespace Real

} // namespace Startup
