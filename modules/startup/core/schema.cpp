// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "schema.h"

#include <jsonio.h>

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace Schema {

namespace {

constexpr double MaxSeed = 9007199254740992.0; // 2^53: every whole number up to it is exact

Field number(QString key,
             QString label,
             QString unit,
             QString description,
             double min,
             double max,
             double value,
             int decimals,
             bool inForm = true)
{
    Field f;
    f.key = std::move(key);
    f.kind = Kind::Number;
    f.label = std::move(label);
    f.unit = std::move(unit);
    f.description = std::move(description);
    f.min = min;
    f.max = max;
    f.defaultValue = value;
    f.decimals = decimals;
    f.inForm = inForm;
    return f;
}

Field whole(QString key,
            QString label,
            QString unit,
            QString description,
            double min,
            double max,
            double value,
            bool inForm = true)
{
    Field f = number(std::move(key),
                     std::move(label),
                     std::move(unit),
                     std::move(description),
                     min,
                     max,
                     value,
                     0,
                     inForm);
    f.kind = Kind::Whole;
    return f;
}

Field choice(QString key,
             QString label,
             QString description,
             QStringList ids,
             QStringList words,
             const QString &value)
{
    Field f;
    f.key = std::move(key);
    f.kind = Kind::Choice;
    f.label = std::move(label);
    f.description = std::move(description);
    f.choices = std::move(ids);
    f.choiceLabels = std::move(words);
    f.defaultValue = value;
    return f;
}

Field section(QString key, QString label, QString description)
{
    Field f;
    f.key = std::move(key);
    f.kind = Kind::Section;
    f.label = std::move(label);
    f.description = std::move(description);
    return f;
}

Field seedField()
{
    return whole(QStringLiteral("seed"),
                 QObject::tr("Seed"),
                 QString(),
                 QObject::tr("The same seed gives the same numbers, bit for bit"),
                 0,
                 MaxSeed,
                 2011);
}

double num(const QJsonObject &o, const QString &key)
{
    return JsonIo::valueAt(o, key).toDouble();
}

bool has(const QJsonObject &o, const QString &key)
{
    return !JsonIo::valueAt(o, key).isUndefined();
}

QString tooBig(double events, double bytes, const QString &field, const QString &why)
{
    return QStringLiteral("the scenario implies about %1 events and %2 MiB (limits: %3 events, "
                          "%4 MiB): lower field '%5' (%6)")
        .arg(events, 0, 'g', 3)
        .arg(bytes / (1 << 20), 0, 'f', 0)
        .arg(MaxEvents, 0, 'g', 3)
        .arg(MaxBytes / (1 << 20), 0, 'f', 0)
        .arg(field, why);
}

// ---- M/M/c --------------------------------------------------------------------------------

Model mmcModel()
{
    Model m;
    m.id = QStringLiteral("mmc");
    m.title = QObject::tr("Validation: M/M/c queue");
    m.fields = {
        number(QStringLiteral("arrival_rate"),
               QObject::tr("Arrivals"),
               QObject::tr("per unit"),
               QObject::tr("Poisson arrival rate λ"),
               1e-6,
               1e6,
               0.9,
               3),
        number(QStringLiteral("service_rate"),
               QObject::tr("Service"),
               QObject::tr("per unit"),
               QObject::tr("Each server's exponential service rate μ"),
               1e-6,
               1e6,
               1.0,
               3),
        whole(QStringLiteral("servers"),
              QObject::tr("Servers"),
              QString(),
              QObject::tr("c identical servers, one FIFO queue"),
              1,
              100000,
              1),
        whole(QStringLiteral("jobs"),
              QObject::tr("Jobs"),
              QString(),
              QObject::tr("Jobs measured per replication"),
              1,
              1e9,
              100000),
        whole(QStringLiteral("warmup_jobs"),
              QObject::tr("Warm-up"),
              QObject::tr("jobs"),
              QObject::tr("Jobs simulated first and then forgotten"),
              0,
              1e9,
              10000),
        seedField(),
    };
    m.metrics = {
        {QStringLiteral("mean_wait"), QObject::tr("mean wait in queue"), QObject::tr("time units")},
        {QStringLiteral("mean_response"),
         QObject::tr("mean time in system"),
         QObject::tr("time units")},
        {QStringLiteral("mean_queue_length"),
         QObject::tr("mean queue length"),
         QObject::tr("jobs")},
        {QStringLiteral("utilization"), QObject::tr("utilisation"), QObject::tr("share")},
        {QStringLiteral("prob_wait"), QObject::tr("probability of waiting"), QObject::tr("share")}};
    m.check = [](const QJsonObject &o) -> QString {
        const double lambda = num(o, QStringLiteral("arrival_rate"));
        const double mu = num(o, QStringLiteral("service_rate"));
        const double c = num(o, QStringLiteral("servers"));
        if (lambda >= c * mu) {
            return QStringLiteral(
                       "field 'arrival_rate' %1 is at least servers × service_rate = %2: "
                       "the queue would grow without end; add servers or lower the rate")
                .arg(lambda)
                .arg(c * mu);
        }
        // Past this the waits are so long that the run would never settle in its jobs.
        if (lambda / (c * mu) > 0.9999) {
            return QStringLiteral("field 'arrival_rate' puts the load at %1 of the servers' "
                                  "capacity: too close to 1 to simulate faithfully; keep it "
                                  "below 0.9999")
                .arg(lambda / (c * mu), 0, 'g', 6);
        }
        return {};
    };
    m.budget = [](const QJsonObject &o) -> QString {
        const double jobs = num(o, QStringLiteral("jobs"));
        const double warmup = num(o, QStringLiteral("warmup_jobs"));
        const double events = 2 * (jobs + warmup);
        const double bytes = 8 * jobs;
        if (events > MaxEvents || bytes > MaxBytes) {
            return jobs >= warmup ? tooBig(
                       events, bytes, QStringLiteral("jobs"), QObject::tr("two events per job"))
                                  : tooBig(events,
                                           bytes,
                                           QStringLiteral("warmup_jobs"),
                                           QObject::tr("two events per job"));
        }
        return {};
    };
    return m;
}

// ---- transcoding ----------------------------------------------------------------------------

Model transcodingModel()
{
    Model m;
    m.id = QStringLiteral("transcoding");
    m.title = QObject::tr("Transcoding queue");
    Field curve;
    curve.key = QStringLiteral("arrivals.daily_curve");
    curve.kind = Kind::Curve;
    curve.label = QObject::tr("Daily curve");
    curve.description = QObject::tr("24 multipliers of the upload rate, one per hour of the day");
    curve.min = 0;
    curve.max = 1000;
    curve.inForm = false;
    m.fields = {
        number(QStringLiteral("hours"),
               QObject::tr("Simulated time"),
               QObject::tr("h"),
               QObject::tr("The run ends here: no event after it counts"),
               0.01,
               24 * 365,
               24,
               1),
        number(QStringLiteral("warmup_hours"),
               QObject::tr("Warm-up"),
               QObject::tr("h"),
               QObject::tr("Simulated first and left out of every average"),
               0,
               24 * 365,
               1,
               1),
        number(QStringLiteral("sample_minutes"),
               QObject::tr("Sample every"),
               QObject::tr("min"),
               QObject::tr("How often the queue and the machines are sampled for the charts and "
                           "the playback"),
               0.1,
               24 * 60,
               5,
               1),
        seedField(),
        number(QStringLiteral("arrivals.uploads_per_hour"),
               QObject::tr("Uploads"),
               QObject::tr("/ h"),
               QObject::tr("Mean Poisson upload rate, before the daily curve"),
               1e-6,
               1e6,
               30,
               1),
        curve,
        section(QStringLiteral("arrivals.burst"),
                QObject::tr("Launch-day burst"),
                QObject::tr("A stretch of time with many more uploads")),
        number(QStringLiteral("arrivals.burst.start_hour"),
               QObject::tr("Burst starts"),
               QObject::tr("h"),
               QString(),
               0,
               24 * 365,
               0,
               1),
        number(QStringLiteral("arrivals.burst.hours"),
               QObject::tr("Burst lasts"),
               QObject::tr("h"),
               QString(),
               0,
               24 * 365,
               0,
               1),
        number(QStringLiteral("arrivals.burst.multiplier"),
               QObject::tr("Burst multiplier"),
               QObject::tr("×"),
               QString(),
               0,
               1000,
               1,
               1),
        number(QStringLiteral("videos.median_minutes"),
               QObject::tr("Median video"),
               QObject::tr("min"),
               QObject::tr("Lognormal video length: its median"),
               0.01,
               600,
               4,
               1),
        number(QStringLiteral("videos.sigma"),
               QObject::tr("Length spread"),
               QString(),
               QObject::tr("Lognormal sigma: 0 makes every video the median length"),
               0,
               5,
               0.8,
               2),
        whole(
            QStringLiteral("broker.prefetch_multiplier"),
            QObject::tr("Prefetch multiplier"),
            QString(),
            QObject::tr("Messages each worker slot reserves (Celery's worker_prefetch_multiplier)"),
            1,
            1000,
            4),
        choice(QStringLiteral("broker.acks"),
               QObject::tr("Acknowledge"),
               QObject::tr("late: after the work (safe); early: before it (lost on a crash)"),
               {QStringLiteral("late"), QStringLiteral("early")},
               {QObject::tr("late (after the work)"), QObject::tr("early (before the work)")},
               QStringLiteral("late")),
        number(QStringLiteral("broker.visibility_timeout_minutes"),
               QObject::tr("Visibility timeout"),
               QObject::tr("min"),
               QObject::tr("When an unacknowledged message is handed out again"),
               0,
               24 * 60 * 7,
               60,
               0),
        whole(QStringLiteral("pool.instances"),
              QObject::tr("Instances"),
              QString(),
              QObject::tr("Machines at the start (without autoscaling: all day)"),
              1,
              10000,
              2),
        whole(QStringLiteral("pool.slots_per_instance"),
              QObject::tr("Slots per instance"),
              QString(),
              QObject::tr("Worker processes per instance"),
              1,
              1000,
              2),
        number(QStringLiteral("pool.speed"),
               QObject::tr("Speed"),
               QObject::tr("× real time"),
               QObject::tr("Video minutes transcoded per minute per slot"),
               0.001,
               1000,
               1.5,
               2),
        number(QStringLiteral("pool.crashes_per_instance_hour"),
               QObject::tr("Crashes"),
               QObject::tr("/ instance-h"),
               QObject::tr("How often a machine dies"),
               0,
               100,
               0,
               3),
        number(QStringLiteral("pool.boot_minutes"),
               QObject::tr("Boot time"),
               QObject::tr("min"),
               QObject::tr("From asking for a machine to its first job"),
               0,
               24 * 60,
               3,
               1),
        number(QStringLiteral("pool.price_per_hour"),
               QObject::tr("Price"),
               QObject::tr("$ / instance-h"),
               QString(),
               0,
               1e6,
               0.34,
               2),
        section(QStringLiteral("pool.autoscale"),
                QObject::tr("Autoscaling"),
                QObject::tr("Add or remove instances to keep the queue short")),
        number(QStringLiteral("pool.autoscale.target_queue_per_instance"),
               QObject::tr("Target queue"),
               QObject::tr("/ instance"),
               QObject::tr("Queued videos per machine before it adds one"),
               0.1,
               1e6,
               4,
               1),
        whole(QStringLiteral("pool.autoscale.min"),
              QObject::tr("Min instances"),
              QString(),
              QString(),
              0,
              10000,
              1),
        whole(QStringLiteral("pool.autoscale.max"),
              QObject::tr("Max instances"),
              QString(),
              QString(),
              1,
              10000,
              20),
        number(QStringLiteral("pool.autoscale.check_minutes"),
               QObject::tr("Check every"),
               QObject::tr("min"),
               QString(),
               0.01,
               24 * 60,
               1,
               1),
        section(QStringLiteral("outsourcing"),
                QObject::tr("Outsourcing"),
                QObject::tr("Send the overflow to a paid service (zencoder)")),
        whole(QStringLiteral("outsourcing.above_queue"),
              QObject::tr("Outsource above"),
              QObject::tr("queued"),
              QObject::tr("Queue length from which new uploads go to the service"),
              0,
              1000000,
              20),
        number(QStringLiteral("outsourcing.price_per_video_minute"),
               QObject::tr("Service price"),
               QObject::tr("$ / video-min"),
               QString(),
               0,
               1e6,
               0.05,
               3),
        number(QStringLiteral("outsourcing.latency_minutes"),
               QObject::tr("Service latency"),
               QObject::tr("min"),
               QObject::tr("Its own queueing before it starts"),
               0,
               24 * 60,
               1,
               1),
        number(QStringLiteral("outsourcing.upload_minutes_per_video_minute"),
               QObject::tr("Upload time"),
               QObject::tr("min / video-min"),
               QObject::tr("Sending the file to the service"),
               0,
               100,
               0.2,
               2),
        number(QStringLiteral("outsourcing.speed"),
               QObject::tr("Service speed"),
               QObject::tr("× real time"),
               QString(),
               0.001,
               1000,
               4,
               1),
    };
    m.metrics = {
        {QStringLiteral("sla_share"),
         QObject::tr("videos done within their own length"),
         QObject::tr("share")},
        {QStringLiteral("turnaround_minutes.p50"),
         QObject::tr("median turnaround"),
         QObject::tr("min")},
        {QStringLiteral("turnaround_minutes.p95"),
         QObject::tr("p95 turnaround"),
         QObject::tr("min")},
        {QStringLiteral("turnaround_minutes.p99"),
         QObject::tr("p99 turnaround"),
         QObject::tr("min")},
        {QStringLiteral("utilization"), QObject::tr("utilisation"), QObject::tr("share")},
        {QStringLiteral("mean_queue_length"),
         QObject::tr("mean queue length"),
         QObject::tr("videos")},
        {QStringLiteral("hoarded_jobs"),
         QObject::tr("jobs hoarded while a slot idles"),
         QObject::tr("videos")},
        {QStringLiteral("cost_per_video_minute"),
         QObject::tr("cost per video minute"),
         QObject::tr("$")},
        {QStringLiteral("instance_hours"), QObject::tr("instance-hours billed"), QObject::tr("h")},
        {QStringLiteral("lost_jobs"), QObject::tr("lost videos"), QObject::tr("videos")},
        {QStringLiteral("redelivered"),
         QObject::tr("redelivered messages"),
         QObject::tr("messages")},
        {QStringLiteral("work_done_twice_minutes"),
         QObject::tr("work done twice"),
         QObject::tr("video-min")},
        {QStringLiteral("unfinished"),
         QObject::tr("videos unfinished at the end"),
         QObject::tr("videos")},
    };
    m.check = [](const QJsonObject &o) -> QString {
        if (num(o, QStringLiteral("warmup_hours")) >= num(o, QStringLiteral("hours")))
            return QStringLiteral("field 'warmup_hours' must be less than 'hours'");
        if (has(o, QStringLiteral("pool.autoscale"))
            && num(o, QStringLiteral("pool.autoscale.min"))
                   > num(o, QStringLiteral("pool.autoscale.max")))
            return QStringLiteral("field 'pool.autoscale.min' is above 'pool.autoscale.max'");
        return {};
    };
    m.budget = [](const QJsonObject &o) -> QString {
        const double hours = num(o, QStringLiteral("hours"));
        const double perHour = num(o, QStringLiteral("arrivals.uploads_per_hour"));
        const QJsonArray curveValues
            = JsonIo::valueAt(o, QStringLiteral("arrivals.daily_curve")).toArray();
        const bool burst = has(o, QStringLiteral("arrivals.burst"));
        const double burstStart = num(o, QStringLiteral("arrivals.burst.start_hour"));
        const double burstHours = num(o, QStringLiteral("arrivals.burst.hours"));
        const double burstMultiplier
            = burst ? num(o, QStringLiteral("arrivals.burst.multiplier")) : 1;
        double curveMax = 1;
        for (const QJsonValue &v : curveValues)
            curveMax = std::max(curveMax, v.toDouble());
        // Expected uploads, hour by hour, and the thinning candidates at the peak rate.
        double arrivals = 0;
        for (double h = 0; h < hours; h += 1) {
            const double span = std::min(1.0, hours - h);
            double rate = perHour * span;
            if (curveValues.size() == 24)
                rate *= curveValues.at(int(std::fmod(h, 24))).toDouble();
            if (burst && h + span > burstStart && h < burstStart + burstHours)
                rate *= std::max(1.0, burstMultiplier);
            arrivals += rate;
            if (arrivals > 1e15)
                break;
        }
        const double candidates = perHour * curveMax * std::max(1.0, burstMultiplier) * hours;
        const bool autoscale = has(o, QStringLiteral("pool.autoscale"));
        const double instances = autoscale ? std::max(num(o, QStringLiteral("pool.instances")),
                                                      num(o, QStringLiteral("pool.autoscale.max")))
                                           : num(o, QStringLiteral("pool.instances"));
        const double samples = hours * 60 / num(o, QStringLiteral("sample_minutes"));
        const double checks
            = autoscale ? hours * 60 / num(o, QStringLiteral("pool.autoscale.check_minutes")) : 0;
        const double crashes
            = num(o, QStringLiteral("pool.crashes_per_instance_hour")) * instances * hours;
        const double events = candidates + 3 * arrivals + samples + checks + 3 * crashes;
        // Every event looks at every machine; every sample keeps every machine.
        const double work = events * std::max(1.0, instances / 8);
        const double bytes = 48 * arrivals + samples * (24 * instances + 96) + 64 * crashes;
        if (events <= MaxEvents && work <= 10 * MaxEvents && bytes <= MaxBytes)
            return {};
        const double arrivalShare = candidates + 3 * arrivals;
        if (bytes > MaxBytes && samples * 24 * instances > 48 * arrivals)
            return tooBig(events,
                          bytes,
                          QStringLiteral("sample_minutes"),
                          QObject::tr("every sample keeps all %1 machines: sample less often, or "
                                      "use fewer 'pool.instances'")
                              .arg(instances));
        if (work > 10 * MaxEvents && events <= MaxEvents)
            return tooBig(
                events,
                bytes,
                autoscale ? QStringLiteral("pool.autoscale.max") : QStringLiteral("pool.instances"),
                QObject::tr("every event looks at every one of %1 machines").arg(instances));
        if (samples > arrivalShare)
            return tooBig(events,
                          bytes,
                          QStringLiteral("sample_minutes"),
                          QObject::tr("%1 samples").arg(samples, 0, 'g', 3));
        if (checks > arrivalShare)
            return tooBig(events,
                          bytes,
                          QStringLiteral("pool.autoscale.check_minutes"),
                          QObject::tr("%1 checks").arg(checks, 0, 'g', 3));
        if (curveMax > 100)
            return tooBig(events,
                          bytes,
                          QStringLiteral("arrivals.daily_curve"),
                          QObject::tr("its largest entry, %1, multiplies the upload rate")
                              .arg(curveMax, 0, 'g', 3));
        if (burst && burstMultiplier > 100)
            return tooBig(
                events,
                bytes,
                QStringLiteral("arrivals.burst.multiplier"),
                QObject::tr("it multiplies the upload rate by %1").arg(burstMultiplier, 0, 'g', 3));
        return tooBig(
            events,
            bytes,
            QStringLiteral("arrivals.uploads_per_hour"),
            QObject::tr("about %1 uploads over %2 h").arg(arrivals, 0, 'g', 3).arg(hours));
    };
    return m;
}

// ---- feed -----------------------------------------------------------------------------------

Model feedModel()
{
    Model m;
    m.id = QStringLiteral("feed");
    m.title = QObject::tr("Real-time feed");
    m.fields = {
        whole(
            QStringLiteral("users"), QObject::tr("Users"), QString(), QString(), 2, 1000000, 2000),
        number(QStringLiteral("median_followers"),
               QObject::tr("Median followers"),
               QString(),
               QObject::tr("Lognormal: a few users have many"),
               0,
               1e6,
               30,
               0),
        number(QStringLiteral("follower_sigma"),
               QObject::tr("Follower spread"),
               QString(),
               QObject::tr("Lognormal sigma of the follower counts"),
               0,
               5,
               1.2,
               2),
        number(QStringLiteral("online_share"),
               QObject::tr("Online"),
               QObject::tr("share"),
               QObject::tr("Followers connected at any moment"),
               0,
               1,
               0.3,
               2),
        number(QStringLiteral("posts_per_user_hour"),
               QObject::tr("Posts"),
               QObject::tr("/ user-h"),
               QString(),
               1e-6,
               1e4,
               0.5,
               3),
        number(QStringLiteral("minutes"),
               QObject::tr("Simulated time"),
               QObject::tr("min"),
               QString(),
               0.01,
               24 * 60 * 7,
               60,
               0),
        choice(QStringLiteral("delivery"),
               QObject::tr("Delivery"),
               QObject::tr("How followers learn of a post"),
               {QStringLiteral("polling"), QStringLiteral("long_polling"), QStringLiteral("push")},
               {QObject::tr("polling"), QObject::tr("long polling (Tornado)"), QObject::tr("push")},
               QStringLiteral("long_polling")),
        number(QStringLiteral("poll_interval_seconds"),
               QObject::tr("Poll interval"),
               QObject::tr("s"),
               QObject::tr("Periodic polling only"),
               0.01,
               86400,
               30,
               1),
        number(QStringLiteral("reconnect_seconds"),
               QObject::tr("Reconnect"),
               QObject::tr("s"),
               QObject::tr("Long polling: the client's pause before it asks again"),
               0,
               3600,
               0.5,
               2),
        number(QStringLiteral("timeout_seconds"),
               QObject::tr("Long-poll timeout"),
               QObject::tr("s"),
               QObject::tr("An idle held connection is answered empty after this"),
               0.1,
               86400,
               60,
               1),
        number(QStringLiteral("network_ms"),
               QObject::tr("Network"),
               QObject::tr("ms"),
               QString(),
               0,
               60000,
               50,
               0),
        choice(QStringLiteral("capture"),
               QObject::tr("Change capture"),
               QObject::tr("A trigger sees every write; a signal misses bulk updates and raw SQL"),
               {QStringLiteral("signal"), QStringLiteral("trigger")},
               {QObject::tr("Django signal"), QObject::tr("MySQL trigger")},
               QStringLiteral("signal")),
        number(QStringLiteral("bulk_share"),
               QObject::tr("Bulk / raw writes"),
               QObject::tr("share"),
               QObject::tr("Writes that skip Django signals"),
               0,
               1,
               0.1,
               2),
        seedField(),
    };
    m.metrics = {{QStringLiteral("latency_seconds.p50"),
                  QObject::tr("median delivery latency"),
                  QObject::tr("s")},
                 {QStringLiteral("latency_seconds.p95"),
                  QObject::tr("p95 delivery latency"),
                  QObject::tr("s")},
                 {QStringLiteral("requests_per_second"),
                  QObject::tr("requests per second"),
                  QObject::tr("/ s")},
                 {QStringLiteral("open_connections"), QObject::tr("open connections"), QString()},
                 {QStringLiteral("missed_events"), QObject::tr("missed notifications"), QString()},
                 {QStringLiteral("delivered"), QObject::tr("delivered notifications"), QString()}};
    m.budget = [](const QJsonObject &o) -> QString {
        const double users = num(o, QStringLiteral("users"));
        const double sigma = num(o, QStringLiteral("follower_sigma"));
        const double followers = std::min(users - 1,
                                          std::max(1.0, num(o, QStringLiteral("median_followers")))
                                              * std::exp(sigma * sigma / 2));
        const double edges = users * followers;
        const double posts = users * num(o, QStringLiteral("posts_per_user_hour"))
                             * num(o, QStringLiteral("minutes")) / 60;
        const double deliveries = posts * followers * num(o, QStringLiteral("online_share"));
        const double events = posts + edges + deliveries;
        const double bytes = 4 * edges + 8 * deliveries + 40 * users;
        if (events <= MaxEvents && bytes <= MaxBytes)
            return {};
        if (edges >= deliveries)
            return tooBig(events,
                          bytes,
                          QStringLiteral("median_followers"),
                          QObject::tr("%1 users with about %2 followers each")
                              .arg(users)
                              .arg(followers, 0, 'g', 3));
        return tooBig(events,
                      bytes,
                      QStringLiteral("posts_per_user_hour"),
                      QObject::tr("about %1 notifications over %2 min")
                          .arg(deliveries, 0, 'g', 3)
                          .arg(num(o, QStringLiteral("minutes"))));
    };
    return m;
}

// ---- slow ORM -------------------------------------------------------------------------------

Model ormModel()
{
    Model m;
    m.id = QStringLiteral("orm");
    m.title = QObject::tr("Slow ORM page");
    m.replicable = false;
    Field database;
    database.key = QStringLiteral("database");
    database.kind = Kind::Text;
    database.label = QObject::tr("Database");
    database.description = QObject::tr("A file path; empty: Curtain's data folder");
    database.inForm = false;
    Field index;
    index.key = QStringLiteral("comment_index");
    index.kind = Kind::Boolean;
    index.label = QObject::tr("Index on comments(video_id)");
    index.description = QObject::tr("The index that lets SQLite find a video's comments without "
                                    "reading them all");
    index.defaultValue = true;
    m.fields = {
        database,
        whole(
            QStringLiteral("users"), QObject::tr("Users"), QString(), QString(), 1, 1000000, 5000),
        whole(QStringLiteral("videos"),
              QObject::tr("Videos"),
              QString(),
              QString(),
              1,
              1000000,
              30000),
        whole(QStringLiteral("comments"),
              QObject::tr("Comments"),
              QString(),
              QString(),
              0,
              5000000,
              300000),
        whole(QStringLiteral("page_size"),
              QObject::tr("Page size"),
              QObject::tr("videos"),
              QObject::tr("The latest videos the page shows"),
              1,
              10000,
              50),
        index,
        seedField(),
    };
    return m;
}

/** The child names allowed right under PREFIX ("" for the top level). */
QStringList childrenOf(const Model &m, const QString &prefix)
{
    QStringList names;
    if (prefix.isEmpty())
        names.append(QStringLiteral("model"));
    const QString start = prefix.isEmpty() ? QString() : prefix + QLatin1Char('.');
    for (const Field &f : m.fields) {
        if (!f.key.startsWith(start))
            continue;
        const QString name = f.key.mid(start.size()).section(QLatin1Char('.'), 0, 0);
        if (!names.contains(name))
            names.append(name);
    }
    return names;
}

bool isContainer(const Model &m, const QString &path)
{
    const QString start = path + QLatin1Char('.');
    return std::any_of(
        m.fields.begin(), m.fields.end(), [&](const Field &f) { return f.key.startsWith(start); });
}

QString checkValue(const Field &f, const QJsonValue &v)
{
    const QString range = QStringLiteral("%1 to %2").arg(f.min).arg(f.max);
    switch (f.kind) {
    case Kind::Number:
        if (!v.isDouble() || !std::isfinite(v.toDouble()) || v.toDouble() < f.min
            || v.toDouble() > f.max)
            return QStringLiteral("field '%1' must be a number from %2 (got %3)")
                .arg(f.key, range, JsonIo::excerpt(v));
        return {};
    case Kind::Whole:
        if (!v.isDouble() || v.toDouble() < f.min || v.toDouble() > f.max
            || v.toDouble() != std::floor(v.toDouble()))
            return QStringLiteral("field '%1' must be a whole number from %2 (got %3)")
                .arg(f.key, range, JsonIo::excerpt(v));
        return {};
    case Kind::Choice:
        if (!v.isString() || !f.choices.contains(v.toString())) {
            QStringList quoted;
            for (const QString &c : f.choices)
                quoted.append(QLatin1Char('"') + c + QLatin1Char('"'));
            return QStringLiteral("field '%1' must be one of %2 (got %3)")
                .arg(f.key, quoted.join(QStringLiteral(", ")), JsonIo::excerpt(v));
        }
        return {};
    case Kind::Boolean:
        if (!v.isBool())
            return QStringLiteral("field '%1' must be true or false (got %2)")
                .arg(f.key, JsonIo::excerpt(v));
        return {};
    case Kind::Curve: {
        const QJsonArray values = v.toArray();
        if (!v.isArray() || values.size() != 24)
            return QStringLiteral("field '%1' must list 24 numbers, one per hour (got %2)")
                .arg(f.key, JsonIo::excerpt(v));
        for (int i = 0; i < 24; ++i) {
            const QJsonValue x = values.at(i);
            if (!x.isDouble() || !std::isfinite(x.toDouble()) || x.toDouble() < f.min
                || x.toDouble() > f.max)
                return QStringLiteral("field '%1' entry %2 must be a number from %3 (got %4)")
                    .arg(f.key)
                    .arg(i)
                    .arg(range, JsonIo::excerpt(x));
        }
        return {};
    }
    case Kind::Text:
        if (!v.isString() || v.toString().size() > 4096)
            return QStringLiteral("field '%1' must be a file path (got %2)")
                .arg(f.key, JsonIo::excerpt(v));
        return {};
    case Kind::Section:
        if (!v.isObject())
            return QStringLiteral("field '%1' must be an object (got %2)")
                .arg(f.key, JsonIo::excerpt(v));
        return {};
    }
    return {};
}

QString walk(const Model &m, const QJsonObject &object, const QString &prefix)
{
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QString path = prefix.isEmpty() ? it.key() : prefix + QLatin1Char('.') + it.key();
        if (path == QLatin1String("model"))
            continue;
        const Field *f = m.field(path);
        if (f && f->kind != Kind::Section) {
            if (QString problem = checkValue(*f, it.value()); !problem.isEmpty())
                return problem;
            continue;
        }
        if (f || isContainer(m, path)) {
            if (!it.value().isObject())
                return QStringLiteral("field '%1' must be an object (got %2)")
                    .arg(path, JsonIo::excerpt(it.value()));
            if (QString problem = walk(m, it.value().toObject(), path); !problem.isEmpty())
                return problem;
            continue;
        }
        return QStringLiteral("unknown field '%1' for model %2 (known here: %3)")
            .arg(path.left(80), m.id, childrenOf(m, prefix).join(QStringLiteral(", ")));
    }
    return {};
}

/** Whether every section KEY lies in is present in OBJECT. */
bool sectionsPresent(const Model &m, const QJsonObject &object, const QString &key)
{
    for (const Field &f : m.fields) {
        if (f.kind == Kind::Section && key.startsWith(f.key + QLatin1Char('.'))
            && !has(object, f.key))
            return false;
    }
    return true;
}

} // namespace

const Field *Model::field(const QString &key) const
{
    for (const Field &f : fields) {
        if (f.key == key)
            return &f;
    }
    return nullptr;
}

const Metric *Model::metric(const QString &path) const
{
    for (const Metric &m : metrics) {
        if (m.path == path)
            return &m;
    }
    return nullptr;
}

const std::vector<Model> &models()
{
    static const std::vector<Model> all{mmcModel(), transcodingModel(), feedModel(), ormModel()};
    return all;
}

const Model *model(const QString &id)
{
    for (const Model &m : models()) {
        if (m.id == id)
            return &m;
    }
    return nullptr;
}

QStringList modelIds()
{
    QStringList ids;
    for (const Model &m : models())
        ids.append(m.id);
    return ids;
}

std::optional<QJsonObject>
validate(const QJsonObject &object, const QString &source, QString *error)
{
    auto fail = [&](const QString &problem) -> std::optional<QJsonObject> {
        if (error)
            *error = QStringLiteral("%1: %2").arg(source, problem);
        return std::nullopt;
    };
    const QJsonValue id = object.value(QStringLiteral("model"));
    const Model *m = id.isString() ? model(id.toString()) : nullptr;
    if (!m) {
        return fail(QStringLiteral("field 'model' must be one of %1 (got %2)")
                        .arg(modelIds().join(QStringLiteral(", ")), JsonIo::excerpt(id)));
    }
    if (QString problem = walk(*m, object, QString()); !problem.isEmpty())
        return fail(problem);
    QJsonObject full = object;
    for (const Field &f : m->fields) {
        if (f.kind == Kind::Section || f.defaultValue.isUndefined() || has(full, f.key))
            continue;
        if (sectionsPresent(*m, full, f.key))
            JsonIo::setPath(full, f.key, f.defaultValue);
    }
    if (m->check) {
        if (QString problem = m->check(full); !problem.isEmpty())
            return fail(problem);
    }
    if (m->budget) {
        if (QString problem = m->budget(full); !problem.isEmpty())
            return fail(problem);
    }
    return full;
}

} // namespace Schema

namespace Schema {

namespace {

/** OBJECT with VALUE at the dotted PATH (objects made along it). */
QJsonObject withValue(QJsonObject object, const QStringList &path, const QJsonValue &value)
{
    if (path.size() == 1) {
        object.insert(path.first(), value);
        return object;
    }
    const QJsonObject inner = object.value(path.first()).toObject();
    object.insert(path.first(), withValue(inner, path.mid(1), value));
    return object;
}

} // namespace

bool applyOverrides(QJsonObject &object, const QString &overrides, QString *error)
{
    const Model *m = model(object.value(QStringLiteral("model")).toString());
    if (!m) {
        if (error)
            *error = QStringLiteral("the scenario names no model to set fields of");
        return false;
    }
    QJsonObject result = object;
    for (const QString &part : overrides.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const int equals = part.indexOf(QLatin1Char('='));
        const QString key = part.left(equals).trimmed();
        const QString text = part.mid(equals + 1).trimmed();
        if (equals < 0 || key.isEmpty()) {
            if (error)
                *error = QStringLiteral("\"%1\" is not field=value").arg(part.trimmed());
            return false;
        }
        const Field *field = m->field(key);
        if (!field || field->kind == Kind::Section || field->kind == Kind::Curve) {
            QStringList known;
            for (const Field &f : m->fields) {
                if (f.kind != Kind::Section && f.kind != Kind::Curve)
                    known.append(f.key);
            }
            if (error)
                *error = QStringLiteral("%1 has no field \"%2\" to set (it has %3)")
                             .arg(m->id, key, known.join(QStringLiteral(", ")));
            return false;
        }
        QJsonValue value;
        bool ok = true;
        switch (field->kind) {
        case Kind::Number:
        case Kind::Whole:
            value = text.toDouble(&ok);
            break;
        case Kind::Boolean:
            ok = text == QLatin1String("true") || text == QLatin1String("false");
            value = text == QLatin1String("true");
            break;
        case Kind::Choice:
        case Kind::Text:
            value = text;
            break;
        case Kind::Section:
        case Kind::Curve:
            break;
        }
        if (!ok) {
            if (error)
                *error = QStringLiteral("%1 = \"%2\" is not %3")
                             .arg(key,
                                  text.left(40),
                                  field->kind == Kind::Boolean ? QStringLiteral("true or false")
                                                               : QStringLiteral("a number"));
            return false;
        }
        result = withValue(result, key.split(QLatin1Char('.')), value);
    }
    object = result;
    return true;
}

} // namespace Schema
