// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "scenario.h"

#include "schema.h"

#include <jsonio.h>

#include <QJsonArray>

namespace Scenario {

namespace {

/** Reads fields of a checked scenario (every default filled in). */
class Reader
{
public:
    explicit Reader(const QJsonObject &object)
        : m_object(object)
    {}
    double number(const char *key) const { return value(key).toDouble(); }
    int whole(const char *key) const { return int(value(key).toDouble()); }
    std::uint64_t seed() const { return std::uint64_t(value("seed").toDouble()); }
    QString text(const char *key) const { return value(key).toString(); }
    bool has(const char *key) const { return !value(key).isUndefined(); }
    QJsonValue value(const char *key) const
    {
        return JsonIo::valueAt(m_object, QLatin1String(key));
    }

private:
    const QJsonObject &m_object;
};

/** OBJECT checked as model MODEL (whatever its "model" says, it must say MODEL). */
std::optional<QJsonObject>
checked(const QJsonObject &object, const QString &model, const QString &source, QString *error)
{
    if (object.value(QStringLiteral("model")).toString() != model) {
        QJsonObject as = object;
        if (!object.contains(QStringLiteral("model")))
            as.insert(QStringLiteral("model"), model);
        else {
            if (error) {
                *error = QStringLiteral("%1: field 'model' must be \"%2\" here (got %3)")
                             .arg(source,
                                  model,
                                  JsonIo::excerpt(object.value(QStringLiteral("model"))));
            }
            return std::nullopt;
        }
        return Schema::validate(as, source, error);
    }
    return Schema::validate(object, source, error);
}

} // namespace

QStringList knownModels()
{
    return Schema::modelIds();
}

std::optional<MmcParams> parseMmc(const QJsonObject &object, const QString &source, QString *error)
{
    const auto o = checked(object, QStringLiteral("mmc"), source, error);
    if (!o)
        return std::nullopt;
    const Reader r(*o);
    MmcParams p;
    p.arrivalRate = r.number("arrival_rate");
    p.serviceRate = r.number("service_rate");
    p.servers = r.whole("servers");
    p.jobs = static_cast<long long>(r.number("jobs"));
    p.warmupJobs = static_cast<long long>(r.number("warmup_jobs"));
    p.seed = r.seed();
    return p;
}

std::optional<OrmSpec> parseOrm(const QJsonObject &object, const QString &source, QString *error)
{
    const auto o = checked(object, QStringLiteral("orm"), source, error);
    if (!o)
        return std::nullopt;
    const Reader r(*o);
    OrmSpec spec;
    spec.database = r.has("database") ? r.text("database") : QString();
    spec.size.users = r.whole("users");
    spec.size.videos = r.whole("videos");
    spec.size.comments = r.whole("comments");
    spec.size.seed = r.seed();
    spec.pageSize = r.whole("page_size");
    spec.commentIndex = r.value("comment_index").toBool();
    return spec;
}

std::optional<TranscodingParams>
parseTranscoding(const QJsonObject &object, const QString &source, QString *error)
{
    const auto o = checked(object, QStringLiteral("transcoding"), source, error);
    if (!o)
        return std::nullopt;
    const Reader r(*o);
    TranscodingParams p;
    p.hours = r.number("hours");
    p.warmupHours = r.number("warmup_hours");
    p.sampleMinutes = r.number("sample_minutes");
    p.seed = r.seed();
    p.uploadsPerHour = r.number("arrivals.uploads_per_hour");
    for (const QJsonValue &v : r.value("arrivals.daily_curve").toArray())
        p.dailyCurve.push_back(v.toDouble());
    if (r.has("arrivals.burst")) {
        p.burstStartHour = r.number("arrivals.burst.start_hour");
        p.burstHours = r.number("arrivals.burst.hours");
        p.burstMultiplier = r.number("arrivals.burst.multiplier");
    }
    p.medianVideoMinutes = r.number("videos.median_minutes");
    p.videoSigma = r.number("videos.sigma");
    p.prefetchMultiplier = r.whole("broker.prefetch_multiplier");
    p.lateAcks = r.text("broker.acks") == QLatin1String("late");
    p.visibilityTimeoutMinutes = r.number("broker.visibility_timeout_minutes");
    p.instances = r.whole("pool.instances");
    p.slotsPerInstance = r.whole("pool.slots_per_instance");
    p.speed = r.number("pool.speed");
    p.crashesPerInstanceHour = r.number("pool.crashes_per_instance_hour");
    p.bootMinutes = r.number("pool.boot_minutes");
    p.instancePricePerHour = r.number("pool.price_per_hour");
    p.autoscale = r.has("pool.autoscale");
    if (p.autoscale) {
        p.targetQueuePerInstance = r.number("pool.autoscale.target_queue_per_instance");
        p.minInstances = r.whole("pool.autoscale.min");
        p.maxInstances = r.whole("pool.autoscale.max");
        p.scaleCheckMinutes = r.number("pool.autoscale.check_minutes");
    }
    p.outsource = r.has("outsourcing");
    if (p.outsource) {
        p.outsourceAboveQueue = r.whole("outsourcing.above_queue");
        p.servicePricePerVideoMinute = r.number("outsourcing.price_per_video_minute");
        p.serviceLatencyMinutes = r.number("outsourcing.latency_minutes");
        p.uploadMinutesPerVideoMinute = r.number("outsourcing.upload_minutes_per_video_minute");
        p.serviceSpeed = r.number("outsourcing.speed");
    }
    return p;
}

std::optional<FeedParams>
parseFeed(const QJsonObject &object, const QString &source, QString *error)
{
    const auto o = checked(object, QStringLiteral("feed"), source, error);
    if (!o)
        return std::nullopt;
    const Reader r(*o);
    FeedParams p;
    p.users = r.whole("users");
    p.medianFollowers = r.number("median_followers");
    p.followerSigma = r.number("follower_sigma");
    p.onlineShare = r.number("online_share");
    p.postsPerUserHour = r.number("posts_per_user_hour");
    p.minutes = r.number("minutes");
    const QString delivery = r.text("delivery");
    p.delivery = delivery == QLatin1String("polling") ? FeedParams::Delivery::Polling
                 : delivery == QLatin1String("push")  ? FeedParams::Delivery::Push
                                                      : FeedParams::Delivery::LongPolling;
    p.pollIntervalSeconds = r.number("poll_interval_seconds");
    p.reconnectSeconds = r.number("reconnect_seconds");
    p.timeoutSeconds = r.number("timeout_seconds");
    p.networkMs = r.number("network_ms");
    p.capture = r.text("capture") == QLatin1String("trigger") ? FeedParams::Capture::Trigger
                                                              : FeedParams::Capture::Signal;
    p.bulkShare = r.number("bulk_share");
    p.seed = r.seed();
    return p;
}

} // namespace Scenario
