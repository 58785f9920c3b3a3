#include "scenario.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QStringList>

#include <cmath>

namespace Scenario {

QStringList knownModels()
{
    return {QStringLiteral("mmc"),
            QStringLiteral("transcoding"),
            QStringLiteral("feed"),
            QStringLiteral("orm")};
}

std::optional<MmcParams> parseMmc(const QJsonObject &object, const QString &source, QString *error)
{
    auto fail = [&](const QString &message) -> std::optional<MmcParams> {
        if (error)
            *error = QStringLiteral("%1: %2").arg(source, message);
        return std::nullopt;
    };
    static const QStringList fields{QStringLiteral("model"),
                                    QStringLiteral("arrival_rate"),
                                    QStringLiteral("service_rate"),
                                    QStringLiteral("servers"),
                                    QStringLiteral("jobs"),
                                    QStringLiteral("warmup_jobs"),
                                    QStringLiteral("seed")};
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!fields.contains(it.key())) {
            return fail(QStringLiteral("unknown field '%1' for model mmc (known: %2)")
                            .arg(it.key(), fields.join(QStringLiteral(", "))));
        }
    }
    auto number = [&](const char *name, double fallback, bool required, double *out) -> QString {
        const QJsonValue value = object.value(QLatin1String(name));
        if (value.isUndefined()) {
            if (required)
                return QStringLiteral("field '%1' is missing").arg(QLatin1String(name));
            *out = fallback;
            return {};
        }
        if (!value.isDouble() || !std::isfinite(value.toDouble()))
            return QStringLiteral("field '%1' must be a number").arg(QLatin1String(name));
        *out = value.toDouble();
        return {};
    };
    MmcParams p;
    double servers = 1, jobs = 100000, warmup = 10000, seed = 1;
    for (const auto &[name, target, fallback, required] :
         {std::tuple{"arrival_rate", &p.arrivalRate, 0.0, true},
          std::tuple{"service_rate", &p.serviceRate, 0.0, true},
          std::tuple{"servers", &servers, 1.0, false},
          std::tuple{"jobs", &jobs, 100000.0, false},
          std::tuple{"warmup_jobs", &warmup, 10000.0, false},
          std::tuple{"seed", &seed, 1.0, false}}) {
        if (const QString problem = number(name, fallback, required, target); !problem.isEmpty())
            return fail(problem);
    }
    if (p.arrivalRate <= 0)
        return fail(
            QStringLiteral("field 'arrival_rate' must be positive (got %1)").arg(p.arrivalRate));
    if (p.serviceRate <= 0)
        return fail(
            QStringLiteral("field 'service_rate' must be positive (got %1)").arg(p.serviceRate));
    if (servers < 1 || servers > 100000 || servers != std::floor(servers))
        return fail(
            QStringLiteral("field 'servers' must be a whole number from 1 to 100000 (got %1)")
                .arg(servers));
    if (jobs < 1 || jobs > 1e9 || jobs != std::floor(jobs))
        return fail(
            QStringLiteral("field 'jobs' must be a whole number from 1 to 1e9 (got %1)").arg(jobs));
    if (warmup < 0 || warmup > 1e9 || warmup != std::floor(warmup))
        return fail(QStringLiteral("field 'warmup_jobs' must be a whole number, 0 or more (got %1)")
                        .arg(warmup));
    if (seed < 0 || seed != std::floor(seed) || seed > 9007199254740992.0)
        return fail(
            QStringLiteral("field 'seed' must be a whole number, 0 or more (got %1)").arg(seed));
    p.servers = int(servers);
    p.jobs = static_cast<long long>(jobs);
    p.warmupJobs = static_cast<long long>(warmup);
    p.seed = static_cast<std::uint64_t>(seed);
    if (p.arrivalRate >= p.servers * p.serviceRate) {
        return fail(
            QStringLiteral("field 'arrival_rate' %1 is at least servers × service_rate = %2: "
                           "the queue would grow without end; add servers or lower the rate")
                .arg(p.arrivalRate)
                .arg(p.servers * p.serviceRate));
    }
    return p;
}

std::optional<OrmSpec> parseOrm(const QJsonObject &object, const QString &source, QString *error)
{
    auto fail = [&](const QString &message) -> std::optional<OrmSpec> {
        if (error)
            *error = QStringLiteral("%1: %2").arg(source, message);
        return std::nullopt;
    };
    static const QStringList fields{QStringLiteral("model"),
                                    QStringLiteral("database"),
                                    QStringLiteral("users"),
                                    QStringLiteral("videos"),
                                    QStringLiteral("comments"),
                                    QStringLiteral("seed"),
                                    QStringLiteral("page_size")};
    OrmSpec spec;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!fields.contains(it.key())) {
            return fail(QStringLiteral("unknown field '%1' for model orm (known: %2)")
                            .arg(it.key(), fields.join(QStringLiteral(", "))));
        }
    }
    if (object.contains(QStringLiteral("database"))) {
        if (!object.value(QStringLiteral("database")).isString())
            return fail(QStringLiteral("field 'database' must be a file path"));
        spec.database = object.value(QStringLiteral("database")).toString();
    }
    const std::tuple<const char *, int *, int, int> counts[]
        = {{"users", &spec.size.users, 1, 1000000},
           {"videos", &spec.size.videos, 1, 10000000},
           {"comments", &spec.size.comments, 0, 100000000},
           {"page_size", &spec.pageSize, 1, 10000}};
    for (const auto &[name, target, low, high] : counts) {
        const QJsonValue value = object.value(QLatin1String(name));
        if (value.isUndefined())
            continue;
        const double n = value.toDouble(-1);
        if (!value.isDouble() || n < low || n > high || n != std::floor(n)) {
            return fail(QStringLiteral("field '%1' must be a whole number from %2 to %3")
                            .arg(QLatin1String(name))
                            .arg(low)
                            .arg(high));
        }
        *target = int(n);
    }
    if (object.contains(QStringLiteral("seed"))) {
        const double seed = object.value(QStringLiteral("seed")).toDouble(-1);
        if (seed < 0 || seed != std::floor(seed))
            return fail(QStringLiteral("field 'seed' must be a whole number, 0 or more"));
        spec.size.seed = std::uint64_t(seed);
    }
    return spec;
}

namespace {

/** Reads fields of one JSON object, remembering where it is for messages. */
class Fields
{
public:
    Fields(const QJsonObject &object, QString path, QStringList known, QString *problem)
        : m_object(object)
        , m_path(std::move(path))
        , m_problem(problem)
    {
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            if (!known.contains(it.key()) && problem->isEmpty()) {
                *problem = QStringLiteral("unknown field '%1' (known: %2)")
                               .arg(name(it.key()), known.join(QStringLiteral(", ")));
            }
        }
    }
    QString name(const QString &key) const
    {
        return m_path.isEmpty() ? key : m_path + QLatin1Char('.') + key;
    }
    void number(const char *key, double *out, double low, double high)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined() || !m_problem->isEmpty())
            return;
        const double n = value.toDouble(std::nan(""));
        if (!value.isDouble() || !(n >= low && n <= high)) {
            *m_problem = QStringLiteral("field '%1' must be a number from %2 to %3")
                             .arg(name(QLatin1String(key)))
                             .arg(low)
                             .arg(high);
            return;
        }
        *out = n;
    }
    void whole(const char *key, int *out, int low, int high)
    {
        double n = *out;
        number(key, &n, low, high);
        if (m_problem->isEmpty() && n != std::floor(n))
            *m_problem
                = QStringLiteral("field '%1' must be a whole number").arg(name(QLatin1String(key)));
        *out = int(n);
    }
    std::optional<QJsonObject> object(const char *key)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined() || !m_problem->isEmpty())
            return std::nullopt;
        if (!value.isObject()) {
            *m_problem
                = QStringLiteral("field '%1' must be an object").arg(name(QLatin1String(key)));
            return std::nullopt;
        }
        return value.toObject();
    }
    const QJsonObject &json() const { return m_object; }

private:
    QJsonObject m_object;
    QString m_path;
    QString *m_problem;
};

} // namespace

std::optional<TranscodingParams>
parseTranscoding(const QJsonObject &object, const QString &source, QString *error)
{
    TranscodingParams p;
    QString problem;
    Fields top(object,
               QString(),
               {QStringLiteral("model"),
                QStringLiteral("hours"),
                QStringLiteral("warmup_hours"),
                QStringLiteral("seed"),
                QStringLiteral("sample_minutes"),
                QStringLiteral("arrivals"),
                QStringLiteral("videos"),
                QStringLiteral("broker"),
                QStringLiteral("pool"),
                QStringLiteral("outsourcing")},
               &problem);
    top.number("hours", &p.hours, 0.01, 24 * 365);
    top.number("warmup_hours", &p.warmupHours, 0, 24 * 365);
    top.number("sample_minutes", &p.sampleMinutes, 0.1, 24 * 60);
    double seed = double(p.seed);
    top.number("seed", &seed, 0, 9007199254740992.0);
    p.seed = std::uint64_t(seed);
    if (auto arrivals = top.object("arrivals")) {
        Fields a(*arrivals,
                 QStringLiteral("arrivals"),
                 {QStringLiteral("uploads_per_hour"),
                  QStringLiteral("daily_curve"),
                  QStringLiteral("burst")},
                 &problem);
        a.number("uploads_per_hour", &p.uploadsPerHour, 1e-6, 1e6);
        const QJsonValue curve = arrivals->value(QStringLiteral("daily_curve"));
        if (!curve.isUndefined() && problem.isEmpty()) {
            const QJsonArray values = curve.toArray();
            if (!curve.isArray() || values.size() != 24) {
                problem = QStringLiteral(
                    "field 'arrivals.daily_curve' must list 24 multipliers, one per hour");
            } else {
                for (const QJsonValue &v : values) {
                    if (!v.isDouble() || v.toDouble() < 0) {
                        problem = QStringLiteral(
                            "field 'arrivals.daily_curve' must hold numbers of 0 or more");
                        break;
                    }
                    p.dailyCurve.push_back(v.toDouble());
                }
            }
        }
        if (auto burst = a.object("burst")) {
            Fields b(*burst,
                     QStringLiteral("arrivals.burst"),
                     {QStringLiteral("start_hour"),
                      QStringLiteral("hours"),
                      QStringLiteral("multiplier")},
                     &problem);
            p.burstStartHour = 0;
            b.number("start_hour", &p.burstStartHour, 0, 24 * 365);
            b.number("hours", &p.burstHours, 0, 24 * 365);
            b.number("multiplier", &p.burstMultiplier, 0, 1000);
        }
    }
    if (auto videos = top.object("videos")) {
        Fields v(*videos,
                 QStringLiteral("videos"),
                 {QStringLiteral("median_minutes"), QStringLiteral("sigma")},
                 &problem);
        v.number("median_minutes", &p.medianVideoMinutes, 0.01, 600);
        v.number("sigma", &p.videoSigma, 0, 5);
    }
    if (auto broker = top.object("broker")) {
        Fields b(*broker,
                 QStringLiteral("broker"),
                 {QStringLiteral("prefetch_multiplier"),
                  QStringLiteral("acks"),
                  QStringLiteral("visibility_timeout_minutes")},
                 &problem);
        b.whole("prefetch_multiplier", &p.prefetchMultiplier, 1, 1000);
        b.number("visibility_timeout_minutes", &p.visibilityTimeoutMinutes, 0, 24 * 60 * 7);
        const QJsonValue acks = broker->value(QStringLiteral("acks"));
        if (!acks.isUndefined() && problem.isEmpty()) {
            if (acks.toString() == QLatin1String("late"))
                p.lateAcks = true;
            else if (acks.toString() == QLatin1String("early"))
                p.lateAcks = false;
            else
                problem = QStringLiteral("field 'broker.acks' must be \"early\" or \"late\"");
        }
    }
    if (auto pool = top.object("pool")) {
        Fields f(*pool,
                 QStringLiteral("pool"),
                 {QStringLiteral("instances"),
                  QStringLiteral("slots_per_instance"),
                  QStringLiteral("speed"),
                  QStringLiteral("crashes_per_instance_hour"),
                  QStringLiteral("boot_minutes"),
                  QStringLiteral("price_per_hour"),
                  QStringLiteral("autoscale")},
                 &problem);
        f.whole("instances", &p.instances, 1, 10000);
        f.whole("slots_per_instance", &p.slotsPerInstance, 1, 1000);
        f.number("speed", &p.speed, 0.001, 1000);
        f.number("crashes_per_instance_hour", &p.crashesPerInstanceHour, 0, 100);
        f.number("boot_minutes", &p.bootMinutes, 0, 24 * 60);
        f.number("price_per_hour", &p.instancePricePerHour, 0, 1e6);
        if (auto scale = f.object("autoscale")) {
            Fields a(*scale,
                     QStringLiteral("pool.autoscale"),
                     {QStringLiteral("target_queue_per_instance"),
                      QStringLiteral("min"),
                      QStringLiteral("max"),
                      QStringLiteral("check_minutes")},
                     &problem);
            p.autoscale = true;
            a.number("target_queue_per_instance", &p.targetQueuePerInstance, 0.1, 1e6);
            a.whole("min", &p.minInstances, 0, 10000);
            a.whole("max", &p.maxInstances, 1, 10000);
            a.number("check_minutes", &p.scaleCheckMinutes, 0.01, 24 * 60);
            if (problem.isEmpty() && p.minInstances > p.maxInstances)
                problem
                    = QStringLiteral("field 'pool.autoscale.min' is above 'pool.autoscale.max'");
        }
    }
    if (auto outsourcing = top.object("outsourcing")) {
        Fields o(*outsourcing,
                 QStringLiteral("outsourcing"),
                 {QStringLiteral("above_queue"),
                  QStringLiteral("price_per_video_minute"),
                  QStringLiteral("latency_minutes"),
                  QStringLiteral("upload_minutes_per_video_minute"),
                  QStringLiteral("speed")},
                 &problem);
        p.outsource = true;
        o.whole("above_queue", &p.outsourceAboveQueue, 0, 1000000);
        o.number("price_per_video_minute", &p.servicePricePerVideoMinute, 0, 1e6);
        o.number("latency_minutes", &p.serviceLatencyMinutes, 0, 24 * 60);
        o.number("upload_minutes_per_video_minute", &p.uploadMinutesPerVideoMinute, 0, 100);
        o.number("speed", &p.serviceSpeed, 0.001, 1000);
    }
    if (problem.isEmpty() && p.warmupHours >= p.hours)
        problem = QStringLiteral("field 'warmup_hours' must be less than 'hours'");
    if (!problem.isEmpty()) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(source, problem);
        return std::nullopt;
    }
    return p;
}

std::optional<FeedParams>
parseFeed(const QJsonObject &object, const QString &source, QString *error)
{
    FeedParams p;
    QString problem;
    Fields f(object,
             QString(),
             {QStringLiteral("model"),
              QStringLiteral("users"),
              QStringLiteral("median_followers"),
              QStringLiteral("follower_sigma"),
              QStringLiteral("online_share"),
              QStringLiteral("posts_per_user_hour"),
              QStringLiteral("minutes"),
              QStringLiteral("delivery"),
              QStringLiteral("poll_interval_seconds"),
              QStringLiteral("reconnect_seconds"),
              QStringLiteral("timeout_seconds"),
              QStringLiteral("network_ms"),
              QStringLiteral("capture"),
              QStringLiteral("bulk_share"),
              QStringLiteral("seed")},
             &problem);
    f.whole("users", &p.users, 2, 1000000);
    f.number("median_followers", &p.medianFollowers, 0, 1e6);
    f.number("follower_sigma", &p.followerSigma, 0, 5);
    f.number("online_share", &p.onlineShare, 0, 1);
    f.number("posts_per_user_hour", &p.postsPerUserHour, 1e-6, 1e4);
    f.number("minutes", &p.minutes, 0.01, 24 * 60 * 7);
    f.number("poll_interval_seconds", &p.pollIntervalSeconds, 0.01, 86400);
    f.number("reconnect_seconds", &p.reconnectSeconds, 0, 3600);
    f.number("timeout_seconds", &p.timeoutSeconds, 0.1, 86400);
    f.number("network_ms", &p.networkMs, 0, 60000);
    f.number("bulk_share", &p.bulkShare, 0, 1);
    double seed = double(p.seed);
    f.number("seed", &seed, 0, 9007199254740992.0);
    p.seed = std::uint64_t(seed);
    const QString delivery
        = object.value(QStringLiteral("delivery")).toString(QStringLiteral("long_polling"));
    if (problem.isEmpty()) {
        if (delivery == QLatin1String("polling"))
            p.delivery = FeedParams::Delivery::Polling;
        else if (delivery == QLatin1String("long_polling"))
            p.delivery = FeedParams::Delivery::LongPolling;
        else if (delivery == QLatin1String("push"))
            p.delivery = FeedParams::Delivery::Push;
        else
            problem = QStringLiteral(
                "field 'delivery' must be \"polling\", \"long_polling\" or \"push\"");
    }
    const QString capture
        = object.value(QStringLiteral("capture")).toString(QStringLiteral("signal"));
    if (problem.isEmpty()) {
        if (capture == QLatin1String("trigger"))
            p.capture = FeedParams::Capture::Trigger;
        else if (capture == QLatin1String("signal"))
            p.capture = FeedParams::Capture::Signal;
        else
            problem = QStringLiteral("field 'capture' must be \"trigger\" or \"signal\"");
    }
    if (!problem.isEmpty()) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(source, problem);
        return std::nullopt;
    }
    return p;
}

} // namespace Scenario
