// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "transcodingschema.h"

#include "schemabinder.h"

#include <QObject>

#include <algorithm>
#include <cmath>

namespace Startup {

namespace {

constexpr QLatin1String Id("transcoding");

// Each key spelled once: the field list, the engine's reading and the messages use these.
namespace Key {
constexpr QLatin1String hours("hours");
constexpr QLatin1String warmupHours("warmup_hours");
constexpr QLatin1String sampleMinutes("sample_minutes");
constexpr QLatin1String uploadsPerHour("arrivals.uploads_per_hour");
constexpr QLatin1String dailyCurve("arrivals.daily_curve");
constexpr QLatin1String burst("arrivals.burst");
constexpr QLatin1String burstStartHour("arrivals.burst.start_hour");
constexpr QLatin1String burstHours("arrivals.burst.hours");
constexpr QLatin1String burstMultiplier("arrivals.burst.multiplier");
constexpr QLatin1String medianVideoMinutes("videos.median_minutes");
constexpr QLatin1String videoSigma("videos.sigma");
constexpr QLatin1String prefetchMultiplier("broker.prefetch_multiplier");
constexpr QLatin1String acks("broker.acks");
constexpr QLatin1String visibilityTimeout("broker.visibility_timeout_minutes");
constexpr QLatin1String instances("pool.instances");
constexpr QLatin1String slotsPerInstance("pool.slots_per_instance");
constexpr QLatin1String speed("pool.speed");
constexpr QLatin1String crashes("pool.crashes_per_instance_hour");
constexpr QLatin1String bootMinutes("pool.boot_minutes");
constexpr QLatin1String pricePerHour("pool.price_per_hour");
constexpr QLatin1String unlimited("pool.unlimited");
constexpr QLatin1String autoscale("pool.autoscale");
constexpr QLatin1String targetQueue("pool.autoscale.target_queue_per_instance");
constexpr QLatin1String minInstances("pool.autoscale.min");
constexpr QLatin1String maxInstances("pool.autoscale.max");
constexpr QLatin1String checkMinutes("pool.autoscale.check_minutes");
constexpr QLatin1String outsourcing("outsourcing");
constexpr QLatin1String aboveQueue("outsourcing.above_queue");
constexpr QLatin1String servicePrice("outsourcing.price_per_video_minute");
constexpr QLatin1String serviceLatency("outsourcing.latency_minutes");
constexpr QLatin1String uploadMinutes("outsourcing.upload_minutes_per_video_minute");
constexpr QLatin1String serviceSpeed("outsourcing.speed");
} // namespace Key

void bindRun(Schema::Binder &b, TranscodingParams &p)
{
    b.number(Key::hours, p.hours, QObject::tr("Simulated time"))
        .unit(QObject::tr("h"))
        .about(QObject::tr("The run ends here: no event after it counts"))
        .range(0.01, 24 * 365)
        .decimals(1);
    b.number(Key::warmupHours, p.warmupHours, QObject::tr("Warm-up"))
        .unit(QObject::tr("h"))
        .about(QObject::tr("Simulated first; the videos that arrive in it are left out of the "
                           "turnaround and the share kept, and its samples out of the queue, "
                           "utilisation and hoarding averages (counts, instance-hours and cost "
                           "are of the whole day)"))
        .range(0, 24 * 365)
        .decimals(1);
    b.number(Key::sampleMinutes, p.sampleMinutes, QObject::tr("Sample every"))
        .unit(QObject::tr("min"))
        .about(QObject::tr("How often the queue and the machines are sampled for the charts and "
                           "the playback"))
        .range(0.1, 24 * 60)
        .decimals(1);
    b.seed(p.seed);
}

void bindArrivals(Schema::Binder &b, TranscodingParams &p)
{
    b.number(Key::uploadsPerHour, p.uploadsPerHour, QObject::tr("Uploads"))
        .unit(QObject::tr("/ h"))
        .about(QObject::tr("Mean Poisson upload rate, before the daily curve"))
        .range(1e-6, 1e6)
        .decimals(1);
    b.curve(Key::dailyCurve, p.dailyCurve, QObject::tr("Daily curve"))
        .about(QObject::tr("24 multipliers of the upload rate, one per hour of the day"))
        .range(0, 1000)
        .notInForm();
    b.section(Key::burst, QObject::tr("Launch-day burst"))
        .about(QObject::tr("A stretch of time with many more uploads"));
    // The engine's start of -1 means "no burst"; a burst in a file starts at 0 unless it says.
    b.number(Key::burstStartHour, p.burstStartHour, QObject::tr("Burst starts"))
        .unit(QObject::tr("h"))
        .range(0, 24 * 365)
        .byDefault(0)
        .decimals(1);
    b.number(Key::burstHours, p.burstHours, QObject::tr("Burst lasts"))
        .unit(QObject::tr("h"))
        .range(0, 24 * 365)
        .decimals(1);
    b.number(Key::burstMultiplier, p.burstMultiplier, QObject::tr("Burst multiplier"))
        .unit(QObject::tr("×"))
        .range(0, 1000)
        .decimals(1);
    b.number(Key::medianVideoMinutes, p.medianVideoMinutes, QObject::tr("Median video"))
        .unit(QObject::tr("min"))
        .about(QObject::tr("Lognormal video length: its median"))
        .range(0.01, 600)
        .decimals(1);
    b.number(Key::videoSigma, p.videoSigma, QObject::tr("Length spread"))
        .about(QObject::tr("Lognormal sigma: 0 makes every video the median length"))
        .range(0, 5)
        .decimals(2);
}

void bindBroker(Schema::Binder &b, TranscodingParams &p)
{
    b.whole(Key::prefetchMultiplier, p.prefetchMultiplier, QObject::tr("Prefetch multiplier"))
        .about(
            QObject::tr("Messages each worker slot reserves (Celery's worker_prefetch_multiplier)"))
        .range(1, 1000);
    b.choice(Key::acks,
             p.lateAcks,
             QObject::tr("Acknowledge"),
             {{QLatin1String("late"), QObject::tr("late (after the work)"), true},
              {QLatin1String("early"), QObject::tr("early (before the work)"), false}})
        .about(QObject::tr("late: after the work (safe); early: before it (lost on a crash)"));
    b.number(Key::visibilityTimeout, p.visibilityTimeoutMinutes, QObject::tr("Visibility timeout"))
        .unit(QObject::tr("min"))
        .about(QObject::tr("When an unacknowledged message is handed out again"))
        .range(0, 24 * 60 * 7);
}

void bindPool(Schema::Binder &b, TranscodingParams &p)
{
    b.whole(Key::instances, p.instances, QObject::tr("Instances"))
        .about(QObject::tr("Machines at the start (without autoscaling: all day)"))
        .range(1, 10000);
    b.whole(Key::slotsPerInstance, p.slotsPerInstance, QObject::tr("Slots per instance"))
        .about(QObject::tr("Worker processes per instance"))
        .range(1, 1000);
    b.number(Key::speed, p.speed, QObject::tr("Speed"))
        .unit(QObject::tr("× real time"))
        .about(QObject::tr("Video minutes transcoded per minute per slot"))
        .range(0.001, 1000)
        .decimals(2);
    b.number(Key::crashes, p.crashesPerInstanceHour, QObject::tr("Crashes"))
        .unit(QObject::tr("/ instance-h"))
        .about(QObject::tr("How often a machine dies"))
        .range(0, 100)
        .decimals(3);
    b.number(Key::bootMinutes, p.bootMinutes, QObject::tr("Boot time"))
        .unit(QObject::tr("min"))
        .about(QObject::tr("From asking for a machine to its first job"))
        .range(0, 24 * 60)
        .decimals(1);
    b.number(Key::pricePerHour, p.instancePricePerHour, QObject::tr("Price"))
        .unit(QObject::tr("$ / instance-h"))
        .range(0, 1e6)
        .decimals(2);
    b.boolean(Key::unlimited, p.unlimitedMachines, QObject::tr("Unlimited machines"))
        .about(QObject::tr("A what-if: whenever no machine takes a waiting video, a new one is "
                           "ready at once"))
        .notInForm();
    b.section(Key::autoscale, QObject::tr("Autoscaling"), &p.autoscale)
        .about(QObject::tr("Add or remove instances to keep the queue short"));
    b.number(Key::targetQueue, p.targetQueuePerInstance, QObject::tr("Target queue"))
        .unit(QObject::tr("/ instance"))
        .about(QObject::tr("Queued videos per machine before it adds one"))
        .range(0.1, 1e6)
        .decimals(1);
    b.whole(Key::minInstances, p.minInstances, QObject::tr("Min instances")).range(0, 10000);
    b.whole(Key::maxInstances, p.maxInstances, QObject::tr("Max instances")).range(1, 10000);
    b.number(Key::checkMinutes, p.scaleCheckMinutes, QObject::tr("Check every"))
        .unit(QObject::tr("min"))
        .range(0.01, 24 * 60)
        .decimals(1);
}

void bindOutsourcing(Schema::Binder &b, TranscodingParams &p)
{
    b.section(Key::outsourcing, QObject::tr("Outsourcing"), &p.outsource)
        .about(QObject::tr("Send the overflow to a paid service (zencoder)"));
    b.whole(Key::aboveQueue, p.outsourceAboveQueue, QObject::tr("Outsource above"))
        .unit(QObject::tr("queued"))
        .about(QObject::tr("Queue length from which new uploads go to the service"))
        .range(0, 1000000);
    b.number(Key::servicePrice, p.servicePricePerVideoMinute, QObject::tr("Service price"))
        .unit(QObject::tr("$ / video-min"))
        .range(0, 1e6)
        .decimals(3);
    b.number(Key::serviceLatency, p.serviceLatencyMinutes, QObject::tr("Service latency"))
        .unit(QObject::tr("min"))
        .about(QObject::tr("Its own queueing before it starts"))
        .range(0, 24 * 60)
        .decimals(1);
    b.number(Key::uploadMinutes, p.uploadMinutesPerVideoMinute, QObject::tr("Upload time"))
        .unit(QObject::tr("min / video-min"))
        .about(QObject::tr("Sending the file to the service"))
        .range(0, 100)
        .decimals(2);
    b.number(Key::serviceSpeed, p.serviceSpeed, QObject::tr("Service speed"))
        .unit(QObject::tr("× real time"))
        .range(0.001, 1000)
        .decimals(1);
}

/** Every field, in the form's order. */
void bindFields(Schema::Binder &b, TranscodingParams &p)
{
    bindRun(b, p);
    bindArrivals(b, p);
    bindBroker(b, p);
    bindPool(b, p);
    bindOutsourcing(b, p);
}

QString check(const TranscodingParams &p)
{
    if (p.warmupHours >= p.hours)
        return QStringLiteral("field '%1' must be less than '%2' (%3 is not less than %4): "
                              "shorten the warm-up or lengthen the run")
            .arg(Key::warmupHours, Key::hours)
            .arg(p.warmupHours)
            .arg(p.hours);
    if (p.autoscale && p.minInstances > p.maxInstances)
        return QStringLiteral("field '%1' is above '%2' (%3 > %4): make the minimum at most the "
                              "maximum")
            .arg(Key::minInstances, Key::maxInstances)
            .arg(p.minInstances)
            .arg(p.maxInstances);
    return {};
}

/** The budget's refusal for a scenario that implies too much work: the field to lower. */
QString budget(const TranscodingParams &p)
{
    const TranscodingWork w = transcodingWork(p);
    if (w.events <= Schema::MaxEvents && w.work <= 10 * Schema::MaxEvents
        && w.bytes <= Schema::MaxBytes)
        return {};
    const double arrivalShare = w.candidates + 3 * w.uploads;
    auto refuse = [&w](QLatin1String field, const QString &why) {
        return Schema::tooBig(w.events, w.bytes, field, why);
    };
    if (w.bytes > Schema::MaxBytes && w.samples * 24 * w.instances > 48 * w.uploads)
        return refuse(Key::sampleMinutes,
                      QObject::tr("every sample keeps all %1 machines: sample less often, or use "
                                  "fewer '%2'")
                          .arg(w.instances)
                          .arg(Key::instances));
    if (w.work > 10 * Schema::MaxEvents && w.events <= Schema::MaxEvents)
        return refuse(
            p.autoscale ? Key::maxInstances : Key::instances,
            QObject::tr("every event looks at every one of %1 machines").arg(w.instances));
    if (w.samples > arrivalShare)
        return refuse(Key::sampleMinutes, QObject::tr("%1 samples").arg(w.samples, 0, 'g', 3));
    if (w.checks > arrivalShare)
        return refuse(Key::checkMinutes, QObject::tr("%1 checks").arg(w.checks, 0, 'g', 3));
    const double curveMax
        = p.dailyCurve.empty()
              ? 1.0
              : std::max(1.0, *std::max_element(p.dailyCurve.begin(), p.dailyCurve.end()));
    if (curveMax > 100)
        return refuse(Key::dailyCurve,
                      QObject::tr("its largest entry, %1, multiplies the upload rate")
                          .arg(curveMax, 0, 'g', 3));
    if (p.burstMultiplier > 100) // 1 without a burst
        return refuse(
            Key::burstMultiplier,
            QObject::tr("it multiplies the upload rate by %1").arg(p.burstMultiplier, 0, 'g', 3));
    return refuse(Key::uploadsPerHour,
                  QObject::tr("about %1 uploads over %2 h").arg(w.uploads, 0, 'g', 3).arg(p.hours));
}

/** The uploads the engine's rate implies over the run: it changes only at whole hours (the
 *  daily curve) and at the burst's edges, so it is summed piece by piece. */
double expectedUploads(const TranscodingParams &p)
{
    const double end = p.hours * 60;
    const bool burst = p.burstStartHour >= 0;
    const double edges[] = {p.burstStartHour * 60, (p.burstStartHour + p.burstHours) * 60};
    double uploads = 0;
    for (double t = 0; t < end;) {
        double next = std::min(end, (std::floor(t / 60) + 1) * 60);
        for (const double edge : edges) {
            if (burst && edge > t && edge < next)
                next = edge;
        }
        uploads += uploadRateAt(p, (t + next) / 2) * (next - t);
        t = next;
    }
    return uploads;
}

} // namespace

TranscodingWork transcodingWork(const TranscodingParams &p)
{
    TranscodingWork w;
    w.uploads = expectedUploads(p);
    w.candidates = peakUploadRate(p) * 60 * p.hours;
    w.instances = p.autoscale ? std::max(initialInstances(p), p.maxInstances) : initialInstances(p);
    if (p.unlimitedMachines) {
        // As many machines as the videos in transcoding at the peak rate (Little's law), thrice.
        const double meanService
            = p.medianVideoMinutes * std::exp(p.videoSigma * p.videoSigma / 2) / p.speed;
        w.instances += 3 * peakUploadRate(p) * meanService / p.slotsPerInstance + 1;
    }
    w.samples = p.hours * 60 / p.sampleMinutes;
    w.checks = p.autoscale ? p.hours * 60 / p.scaleCheckMinutes : 0;
    w.crashes = p.crashesPerInstanceHour * w.instances * p.hours;
    // Each upload arrives, is dispatched and finishes; a crash ends a machine, boots another and
    // hands its work out again.
    w.events = w.candidates + 3 * w.uploads + w.samples + w.checks + 3 * w.crashes;
    w.work = w.events * std::max(1.0, w.instances / 8);
    w.bytes = 48 * w.uploads + w.samples * (24 * w.instances + 96) + 64 * w.crashes;
    return w;
}

Schema::Model Schema::transcodingModel()
{
    return modelOf(
        Id,
        QObject::tr("Transcoding queue"),
        &bindFields,
        {{QStringLiteral("sla_share"),
          QObject::tr("share of videos done within their own length"),
          QObject::tr("share"),
          Better::Higher,
          QObject::tr("had no video to judge (none finished, none overdue)"),
          QObject::tr("had no video that arrived after the warm-up to judge (none finished, none "
                      "overdue)")},
         {QStringLiteral("turnaround_minutes.p50"),
          QObject::tr("median turnaround"),
          QObject::tr("min"),
          Better::Lower,
          QObject::tr("finished no video"),
          QObject::tr("finished no video that arrived after the warm-up")},
         {QStringLiteral("turnaround_minutes.p95"),
          QObject::tr("p95 turnaround"),
          QObject::tr("min"),
          Better::Lower,
          QObject::tr("finished no video"),
          QObject::tr("finished no video that arrived after the warm-up")},
         {QStringLiteral("turnaround_minutes.p99"),
          QObject::tr("p99 turnaround"),
          QObject::tr("min"),
          Better::Lower,
          QObject::tr("finished no video"),
          QObject::tr("finished no video that arrived after the warm-up")},
         {QStringLiteral("utilization"), QObject::tr("utilisation"), QObject::tr("share")},
         // Neither better nor worse by itself: prefetch 1 moves the videos machines hoarded back
         // into the broker's queue, a longer queue with more promises kept.
         {QStringLiteral("mean_queue_length"),
          QObject::tr("mean queue length"),
          QObject::tr("videos")},
         {QStringLiteral("hoarded_jobs"),
          QObject::tr("jobs hoarded while a slot idles"),
          QObject::tr("videos"),
          Better::Lower},
         {QStringLiteral("cost_per_video_minute"),
          QObject::tr("cost per video minute"),
          QObject::tr("$"),
          Better::Lower,
          QObject::tr("finished no video")},
         {QStringLiteral("instance_hours"),
          QObject::tr("instance-hours billed"),
          QObject::tr("h"),
          Better::Lower},
         {QStringLiteral("lost_jobs"),
          QObject::tr("lost videos"),
          QObject::tr("videos"),
          Better::Lower},
         {QStringLiteral("redelivered"),
          QObject::tr("redelivered messages"),
          QObject::tr("messages"),
          Better::Lower},
         {QStringLiteral("work_done_twice_minutes"),
          QObject::tr("work done twice"),
          QObject::tr("video-min"),
          Better::Lower},
         {QStringLiteral("unfinished"),
          QObject::tr("videos unfinished at the end"),
          QObject::tr("videos"),
          Better::Lower}},
        &check,
        &budget);
}

std::optional<TranscodingParams>
Scenario::parseTranscoding(const QJsonObject &object, const QString &source, QString *error)
{
    return Schema::parse(object, Id, source, error, &bindFields);
}

} // namespace Startup
