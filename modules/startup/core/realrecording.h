// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

#include <utility>
#include <vector>

namespace Startup {

namespace Real {

/** What every real-stack script writes besides its own lines: notes, the run's clock starting,
 *  its end, an error; and the latest time heard of. */
struct ScriptLines
{
    QStringList notes;
    bool started = false; // the run's clock started
    double end = -1;      // when the run ended, or -1
    double last = 0;      // the latest time heard of
    QString error;

protected:
    /** Reads one of those lines (KIND, its object O, its time T); false when it is none. */
    bool readCommon(const QString &kind, const QJsonObject &o, double t);
};

/**
 * A real transcoding run as it happened, on the run's clock (seconds from its start): Celery's
 * own events for each upload (sent, task-received, task-started, task-succeeded), the
 * operator's machines (booted, up on the uploads queue, scaled down, crashed) and the broker's
 * queue length sampled. Read line by line from the operator (resources/realstack/transcoding.py).
 */
struct TranscodingRecording : ScriptLines
{
    struct Event
    {
        enum class Type { Sent, Received, Started, Succeeded, Failed, Outsourced };
        Type type = Type::Sent;
        int job = 0;
        int worker = -1;
        double t = 0;
        long long heard = 0; // in the order of the lines: ties at one t keep it
    };
    struct Change
    {
        enum class Type { Boot, Up, Down, Crash };
        Type type = Type::Boot;
        int worker = 0;
        double t = 0;
        long long heard = 0;
    };
    struct Sample
    {
        double t = 0;
        int queue = 0;
        long long heard = 0;
    };
    std::vector<Event> events;
    std::vector<Change> changes;
    std::vector<Sample> samples;
    QJsonObject calibration;
    long long lines = 0; // lines read

    /** Reads one line the operator wrote; false when it is none of the protocol's. */
    bool read(const QByteArray &line);
};

/** What measuring a real transcoding day needs of its scenario, on the run's clock. */
struct TranscodingSetup
{
    double secondsPerMinute = 1; // real seconds a simulated minute takes (60 / time scale)
    double warmupSeconds = 0;
    double horizonSeconds = 0;
    int slotsPerMachine = 1;
    double speed = 1; // video minutes a slot transcodes per minute
    bool lateAcks = true;
    double pricePerHour = 0;
    double servicePricePerVideoMinute = 0;
    std::vector<double> videoMinutes; // per upload, by job number
};

/**
 * The real day measured as the model measures its own (transcoding.h), in simulated minutes:
 * arrived, completed, turnaround_minutes {p50, p95, p99} of the uploads after the warm-up,
 * sla_share, utilization (busy slot time over the running machines' slot time), hoarded_jobs
 * (time-average of prefetched jobs held while a slot stood idle), mean_queue_length (the
 * broker's, sampled), lost_jobs, redelivered, work_done_twice_minutes, unfinished, crashes,
 * instance_hours, cost_per_video_minute, outsourced, end_minute, over_time; and what only a real
 * run shows: executed_twice (uploads transcoded more than once), hoarding {"jobs": uploads that
 * waited in a busy worker's prefetch while another worker had nothing to do, "example"},
 * deliveries {"total": task-received events, "to_a_full_worker_while_another_was_free"}.
 * DETAIL adds turnaround_ratios, frames (the pool at each sample, for the playback) and uploads
 * (each one's sent, done, video_minutes, outsourced and executions [worker, start, end], in
 * minutes: what the tests hold to the invariants).
 */
QJsonObject measureTranscoding(const TranscodingRecording &recording,
                               const TranscodingSetup &setup,
                               bool detail);

/**
 * A real feed run as it happened, on the run's clock (seconds from its start): each post written
 * through Django, each told to the Tornado server (by the post_save signal or the trigger's
 * relay), each notification a user's client received, and the server's own counts. Read line by
 * line from the feed's conductor (resources/realstack/feed.py).
 */
struct FeedRecording : ScriptLines
{
    struct Post
    {
        double written = -1;   // when the write began; -1: not written
        double published = -1; // when the server was told; -1: never
        bool bulk = false;
    };
    std::vector<Post> posts; // by the plan's post number
    struct Delivery
    {
        int post = 0;
        int user = 0;
        double t = 0;
    };
    std::vector<Delivery> deliveries;
    std::vector<Delivery> sent;                      // when the server wrote each notification out
    std::vector<std::pair<double, int>> requests;    // [time of a tenth of a second, requests]
    std::vector<std::pair<double, int>> connections; // [time, open connections] sampled
    int clientFailures = 0;
    QString firstClientFailure;
    bool serverCounted = false;

    /** Reads one line the conductor wrote; false when it is none of the protocol's. */
    bool read(const QByteArray &line);
};

/** What measuring a real feed run needs of its plan. */
struct FeedSetup
{
    double timeScale = 1;   // simulated seconds per real second
    double postSeconds = 0; // real seconds over which posts were written (the window)
    std::vector<int>
        expected; // per post: the notifications its online followers with a client are owed
};

/**
 * The real feed measured as the model measures its own (feed.h), in simulated seconds: posts,
 * delivered, missed_events (notifications of posts the server was never told of),
 * latency_seconds {p50, p95} (from the write to the client's receipt), latency_percentiles,
 * latencies (when few), requests_per_second (the clients' requests over the posts' window) and
 * open_connections (held long polls and WebSockets, sampled over it); and what only a real run
 * shows: undelivered (owed, told and never received by the end), bulk_writes, and stages (where
 * the time went, p50 and p95 of each: write_to_told_seconds, told_to_sent_seconds (the server's
 * answer written out, its network wait included), sent_to_received_seconds (the users' process
 * reading it), told_to_received_seconds; widest_post: the post with the most notifications and
 * its first_to_last_seconds). A recording without the server's counts has no requests_per_second
 * and open_connections (null).
 */
QJsonObject measureFeed(const FeedRecording &recording, const FeedSetup &setup);

} // namespace Real

} // namespace Startup
