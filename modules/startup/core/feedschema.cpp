// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "feedschema.h"

#include "schemabinder.h"

#include <QObject>

#include <algorithm>
#include <cmath>

namespace Startup {

namespace {

constexpr QLatin1String Id("feed");

// Each key spelled once: the field list, the engine's reading and the messages use these.
namespace Key {
constexpr QLatin1String users("users");
constexpr QLatin1String medianFollowers("median_followers");
constexpr QLatin1String followerSigma("follower_sigma");
constexpr QLatin1String onlineShare("online_share");
constexpr QLatin1String postsPerUserHour("posts_per_user_hour");
constexpr QLatin1String minutes("minutes");
constexpr QLatin1String delivery("delivery");
constexpr QLatin1String pollInterval("poll_interval_seconds");
constexpr QLatin1String reconnect("reconnect_seconds");
constexpr QLatin1String timeout("timeout_seconds");
constexpr QLatin1String network("network_ms");
constexpr QLatin1String capture("capture");
constexpr QLatin1String bulkShare("bulk_share");
} // namespace Key

const std::vector<Schema::Option<FeedParams::Delivery>> &deliveries()
{
    static const std::vector<Schema::Option<FeedParams::Delivery>> options{
        {QLatin1String("polling"), QObject::tr("polling"), FeedParams::Delivery::Polling},
        {QLatin1String("long_polling"),
         QObject::tr("long polling (Tornado)"),
         FeedParams::Delivery::LongPolling},
        {QLatin1String("push"), QObject::tr("push"), FeedParams::Delivery::Push}};
    return options;
}

void bindGraph(Schema::Binder &b, FeedParams &p)
{
    b.whole(Key::users, p.users, QObject::tr("Users")).range(2, 1000000);
    b.number(Key::medianFollowers, p.medianFollowers, QObject::tr("Median followers"))
        .about(QObject::tr("Lognormal: a few users have many"))
        .range(1, 1e6);
    b.number(Key::followerSigma, p.followerSigma, QObject::tr("Follower spread"))
        .about(QObject::tr("Lognormal sigma of the follower counts"))
        .range(0, 5)
        .decimals(2);
    b.number(Key::onlineShare, p.onlineShare, QObject::tr("Online"))
        .unit(QObject::tr("share"))
        .about(QObject::tr("Followers connected at any moment"))
        .range(0, 1)
        .decimals(2);
    b.number(Key::postsPerUserHour, p.postsPerUserHour, QObject::tr("Posts"))
        .unit(QObject::tr("/ user-h"))
        .range(1e-6, 1e4)
        .decimals(3);
    b.number(Key::minutes, p.minutes, QObject::tr("Simulated time"))
        .unit(QObject::tr("min"))
        .range(0.01, 24 * 60 * 7);
}

void bindDelivery(Schema::Binder &b, FeedParams &p)
{
    b.choice(Key::delivery, p.delivery, QObject::tr("Delivery"), deliveries())
        .about(QObject::tr("How followers learn of a post"));
    b.number(Key::pollInterval, p.pollIntervalSeconds, QObject::tr("Poll interval"))
        .unit(QObject::tr("s"))
        .about(QObject::tr("Periodic polling only"))
        .range(0.01, 86400)
        .decimals(1);
    b.number(Key::reconnect, p.reconnectSeconds, QObject::tr("Reconnect"))
        .unit(QObject::tr("s"))
        .about(QObject::tr("Long polling: the client's pause before it asks again"))
        .range(0, 3600)
        .decimals(2);
    b.number(Key::timeout, p.timeoutSeconds, QObject::tr("Long-poll timeout"))
        .unit(QObject::tr("s"))
        .about(QObject::tr("An idle held connection is answered empty after this"))
        .range(0.1, 86400)
        .decimals(1);
    b.number(Key::network, p.networkMs, QObject::tr("Network"))
        .unit(QObject::tr("ms"))
        .range(0, 60000);
    b.choice(Key::capture,
             p.capture,
             QObject::tr("Change capture"),
             {{QLatin1String("signal"), QObject::tr("Django signal"), FeedParams::Capture::Signal},
              {QLatin1String("trigger"),
               QObject::tr("database trigger"),
               FeedParams::Capture::Trigger}})
        .about(QObject::tr("A trigger sees every write; a signal misses bulk updates and raw SQL"));
    b.number(Key::bulkShare, p.bulkShare, QObject::tr("Bulk / raw writes"))
        .unit(QObject::tr("share"))
        .about(QObject::tr("Writes that skip Django signals"))
        .range(0, 1)
        .decimals(2);
}

/** Every field, in the form's order. */
void bindFields(Schema::Binder &b, FeedParams &p)
{
    bindGraph(b, p);
    bindDelivery(b, p);
    b.seed(p.seed);
}

QString budget(const FeedParams &p)
{
    const FeedWork w = feedWork(p);
    if (w.events <= Schema::MaxEvents && w.bytes <= Schema::MaxBytes)
        return {};
    if (w.edges >= w.deliveries)
        return Schema::tooBig(w.events,
                              w.bytes,
                              Key::medianFollowers,
                              QObject::tr("%1 users with about %2 followers each")
                                  .arg(double(p.users)) // as a number: "1e+06"
                                  .arg(w.followers, 0, 'g', 3));
    return Schema::tooBig(w.events,
                          w.bytes,
                          Key::postsPerUserHour,
                          QObject::tr("about %1 notifications over %2 min")
                              .arg(w.deliveries, 0, 'g', 3)
                              .arg(p.minutes));
}

} // namespace

FeedWork feedWork(const FeedParams &p)
{
    FeedWork w;
    const double sigma = p.followerSigma;
    // The mean of the lognormal the engine draws each count from, capped as the engine caps it.
    w.followers = std::min(p.users - 1.0, followerMedian(p) * std::exp(sigma * sigma / 2));
    w.edges = p.users * w.followers;
    w.posts = postsPerSecond(p) * p.minutes * 60;
    w.deliveries = w.posts * w.followers * p.onlineShare;
    w.events = w.posts + w.edges + w.deliveries;
    w.bytes = 4 * w.edges + 8 * w.deliveries + 40.0 * p.users;
    return w;
}

QString deliveryId(FeedParams::Delivery delivery)
{
    for (const Schema::Option<FeedParams::Delivery> &o : deliveries()) {
        if (o.value == delivery)
            return o.id;
    }
    return {};
}

Schema::Model Schema::feedModel()
{
    return modelOf(Id,
                   QObject::tr("Real-time feed"),
                   &bindFields,
                   {{QStringLiteral("latency_seconds.p50"),
                     QObject::tr("median delivery latency"),
                     QObject::tr("s"),
                     Better::Lower,
                     QObject::tr("delivered no notification"),
                     QString(),
                     QStringLiteral("network_ms"),
                     0.001},
                    {QStringLiteral("latency_seconds.p95"),
                     QObject::tr("p95 delivery latency"),
                     QObject::tr("s"),
                     Better::Lower,
                     QObject::tr("delivered no notification"),
                     QString(),
                     QStringLiteral("network_ms"),
                     0.001},
                    {QStringLiteral("requests_per_second"),
                     QObject::tr("requests per second"),
                     QObject::tr("/ s"),
                     Better::Lower},
                    {QStringLiteral("open_connections"),
                     QObject::tr("open connections"),
                     QObject::tr("connections")},
                    {QStringLiteral("missed_events"),
                     QObject::tr("missed notifications"),
                     QObject::tr("notifications"),
                     Better::Lower},
                    {QStringLiteral("delivered"),
                     QObject::tr("delivered notifications"),
                     QObject::tr("notifications")}},
                   nullptr,
                   &budget);
}

std::optional<FeedParams>
Scenario::parseFeed(const QJsonObject &object, const QString &source, QString *error)
{
    return Schema::parse(object, Id, source, error, &bindFields);
}

} // namespace Startup
