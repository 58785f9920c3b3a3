// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <atomic>
#include <cstdint>
#include <optional>
#include <vector>

namespace Startup {

/**
 * The startup's transcoding pipeline: uploads arrive, wait in a broker queue with Celery's
 * semantics (prefetch, early or late acks, visibility timeout, redelivery), and are transcoded by
 * a pool of instances that boot, crash and autoscale; optionally overflow goes to an external
 * service. Times are in minutes.
 */
struct TranscodingParams
{
    // Arrivals: Poisson, shaped by a 24-hour curve, optionally with a launch-day burst.
    double uploadsPerHour = 30;
    std::vector<double> dailyCurve; // 24 multipliers; empty means flat
    double burstStartHour = -1;     // < 0: no burst
    double burstHours = 0;
    double burstMultiplier = 1;
    // Video length: lognormal with this median and spread (minutes).
    double medianVideoMinutes = 4;
    double videoSigma = 0.8;
    // Broker (Celery).
    int prefetchMultiplier = 4;
    bool lateAcks = true;
    double visibilityTimeoutMinutes = 60;
    // Pool.
    int instances = 2;
    int slotsPerInstance = 2;
    double speed = 1.5; // video minutes transcoded per minute per slot
    double crashesPerInstanceHour = 0.0;
    double bootMinutes = 3;
    bool autoscale = false;
    double targetQueuePerInstance = 4;
    int minInstances = 1;
    int maxInstances = 20;
    double scaleCheckMinutes = 1;
    double instancePricePerHour = 0.34;
    // A what-if, not a real pool: whenever the broker holds a message that no machine will take,
    // a new machine starts at once (Celery's prefetch still applies to every machine).
    bool unlimitedMachines = false;
    // Outsourcing (a zencoder-like service) for the queue above a threshold.
    bool outsource = false;
    int outsourceAboveQueue = 20;
    double servicePricePerVideoMinute = 0.05;
    double serviceLatencyMinutes = 1;
    double uploadMinutesPerVideoMinute = 0.2;
    double serviceSpeed = 4;
    // Run.
    double hours = 24;
    double warmupHours = 1;
    double sampleMinutes = 5;
    std::uint64_t seed = 1;

    bool operator==(const TranscodingParams &other) const = default;
};

/** The pool at one sample instant: what the animation draws. */
struct PoolFrame
{
    double minute = 0;
    int queue = 0;
    long long arrived = 0;
    long long completed = 0;
    int outsourced = 0; // at the outside service now
    struct Machine
    {
        enum class State { Booting, Running, Crashed };
        int id = 0;
        State state = State::Running;
        int busySlots = 0;
        int reserved = 0;
    };
    std::vector<Machine> machines; // up, plus those that crashed since the last frame
};

struct TranscodingResult
{
    long long arrived = 0;
    long long completed = 0;
    long long outsourced = 0;
    long long lostJobs = 0;
    long long unfinished = 0; // still queued, prefetched, in a slot or at the service at the end
    long long prefetchedAtEnd = 0; // of those, reserved by a machine and not started
    long long redelivered = 0;
    double workDoneTwiceMinutes = 0; // video minutes transcoded again after a crash
    // NaN (null in JSON) when the run did not measure it: no video judged, none finished.
    double slaShare = 0;     // turnaround <= video length; lost and overdue unfinished ones miss it
    long long slaJudged = 0; // the videos the share is of: finished, or lost or overdue at the end
    double endMinute = 0;    // when the run ended: the horizon, or earlier when stopped
    // The videos the turnaround quantiles are drawn from: those that arrived after the warm-up,
    // and of them the ones that finished (the others were lost or still on their way).
    long long measuredArrived = 0;
    long long turnaroundFinished = 0;
    double turnaroundP50 = 0;
    double turnaroundP95 = 0;
    double turnaroundP99 = 0;
    // The same quantiles with each unfinished video counted at its age when the run ended: its
    // turnaround is at least that, so the videos' real quantile is at least this.
    double turnaroundAtLeastP50 = 0;
    double turnaroundAtLeastP95 = 0;
    double turnaroundAtLeastP99 = 0;
    double utilization = 0; // busy slot time / running slot time
    double meanQueueLength = 0;
    double hoardedJobs
        = 0; // time-average of jobs reserved by a busy worker while a slot elsewhere idles
    double costPerVideoMinute = 0; // NaN when no video was finished
    double instanceHours = 0;
    long long crashes = 0;
    std::vector<double> sampleTimes; // minutes
    std::vector<double> queueLength;
    std::vector<double> instancesUp; // running + booting
    // Turnaround / video length per measured job; <= 1 meets the SLA.
    std::vector<double> turnaroundRatios;
    std::vector<PoolFrame> frames; // one per sample, for the animation
    std::uint64_t events = 0;
    double wallMs = 0;
    bool stopped = false;

    QJsonObject toJson() const;
};

/** What a run drew, in order: each upload and each machine's crash (machines numbered in the
 *  order they booted). The real run replays them. */
struct TranscodingDraws
{
    struct Upload
    {
        double minute = 0;
        double videoMinutes = 0;
    };
    struct Crash
    {
        double minute = 0;
        int machine = 0;
    };
    std::vector<Upload> uploads;
    std::vector<Crash> crashes;
};

/** Runs the day; STOP ends it early; DRAWS, when given, receives what the run drew. */
TranscodingResult simulateTranscoding(const TranscodingParams &params,
                                      const std::atomic<bool> *stop = nullptr,
                                      TranscodingDraws *draws = nullptr);

/** Uploads per minute at MINUTE: the mean rate shaped by the daily curve and the burst. */
double uploadRateAt(const TranscodingParams &params, double minute);
/** The highest upload rate of the run, per minute: arrivals are drawn at it, then thinned. */
double peakUploadRate(const TranscodingParams &params);
/** The machines the run starts with. */
int initialInstances(const TranscodingParams &params);

} // namespace Startup
