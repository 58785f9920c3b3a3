// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The transcoding day for real: Curtain's own redis-server on a Unix socket in the run's folder,
// Celery 5 workers (prefork, SLOTS children each) started as standby machines, ffmpeg calibrated
// on this machine, and the operator (realstack/transcoding.py) playing the model's uploads and
// crashes on the run's clock. Celery's events come back line by line and are measured here.

#include "realprotocol.h"
#include "realrecording.h"
#include "realsession.h"
#include "transcoding.h"
#include "transcodingschema.h"

#include <kit/jsonio.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace Startup {

namespace Real {

namespace {

namespace P = Protocol;

/** The most Celery workers (machines) a real run starts: each is 1 + slots processes. */
constexpr int MaxWorkers = 24;

/** Whether the redis-server at SOCKET answers PING. */
bool redisAnswers(const QString &socketPath)
{
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const QByteArray path = QFile::encodeName(socketPath);
    std::strncpy(address.sun_path, path.constData(), sizeof address.sun_path - 1);
    bool ok = ::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0;
    if (ok) {
        const char ping[] = "PING\r\n";
        char answer[16] = {};
        ok = ::write(fd, ping, sizeof ping - 1) == ssize_t(sizeof ping - 1)
             && ::read(fd, answer, sizeof answer - 1) > 0 && std::strncmp(answer, "+PONG", 5) == 0;
    }
    ::close(fd);
    return ok;
}

/** The machines the real pool may need at once: the model's busiest moment, some room for the
 *  real queue to differ, and one to replace each crash. */
int workersFor(const TranscodingParams &p, const QJsonObject &model, int crashes)
{
    int peak = initialInstances(p);
    for (const QJsonValue v : model.value(QStringLiteral("over_time"))
                                  .toObject()
                                  .value(QStringLiteral("instances"))
                                  .toArray())
        peak = std::max(peak, v.toInt());
    const int pool = p.autoscale ? std::min(p.maxInstances, peak + 3) : initialInstances(p);
    return std::clamp(pool + crashes, 1, MaxWorkers);
}

} // namespace

QJsonObject runTranscoding(Session &session,
                           const QJsonObject &validated,
                           const QJsonObject &model,
                           QString *error)
{
    const Request &request = session.request();
    TranscodingParams p = *Scenario::parseTranscoding(validated, request.source, error);
    TranscodingDraws draws;
    simulateTranscoding(p, nullptr, &draws);
    const double scale = request.timeScale;
    const double spm = 60.0 / scale; // real seconds per simulated minute
    const double horizon = p.hours * 60 * spm;
    const int workers = workersFor(p, model, int(draws.crashes.size()));
    const int slotsAtOnce = workers * p.slotsPerInstance;
    session.setDeadline(request.timeoutSeconds > 0 ? request.timeoutSeconds
                                                   : 2 * horizon + 60 + 2.0 * workers);

    // Redis: a Unix socket in the run's folder, no port, nothing on disk.
    const QString socket = session.path(QStringLiteral("redis.sock"));
    ServiceSpec redis;
    redis.name = QStringLiteral("redis-server");
    redis.program = QStringLiteral("redis-server");
    if (!request.machine.searchPath.isEmpty())
        redis.program = request.machine.searchPath + QStringLiteral("/redis-server");
    redis.arguments = {QStringLiteral("--port"),
                       QStringLiteral("0"),
                       QStringLiteral("--unixsocket"),
                       socket,
                       QStringLiteral("--unixsocketperm"),
                       QStringLiteral("700"),
                       QStringLiteral("--bind"),
                       QStringLiteral("127.0.0.1"),
                       QStringLiteral("--save"),
                       QString(),
                       QStringLiteral("--appendonly"),
                       QStringLiteral("no"),
                       QStringLiteral("--dir"),
                       session.folder(),
                       QStringLiteral("--daemonize"),
                       QStringLiteral("no"),
                       QStringLiteral("--loglevel"),
                       QStringLiteral("warning")};
    redis.workingDirectory = session.folder();
    redis.logFile = session.logOf(redis.name);
    const pid_t redisPid = session.group().start(redis, error);
    if (redisPid < 0)
        return {};
    for (int i = 0; !redisAnswers(socket); ++i) {
        QString ended;
        if (!session.group().isRunning(redisPid, &ended) || i > 500) {
            *error = session.failure(ended.isEmpty() ? QStringLiteral("redis-server did not answer")
                                                     : ended,
                                     redis.name);
            return {};
        }
        if (session.stopped())
            return {{QStringLiteral("stopped"), true}};
        QThread::msleep(10);
    }
    session.progress(0.02);
    const QStringList broker{
        QStringLiteral("CURTAIN_BROKER=redis+socket://") + socket,
        QStringLiteral("CURTAIN_PREFETCH=%1").arg(p.prefetchMultiplier),
        QStringLiteral("CURTAIN_ACKS=")
            + (p.lateAcks ? QStringLiteral("late") : QStringLiteral("early")),
        QStringLiteral("CURTAIN_VISIBILITY_SECONDS=%1").arg(p.visibilityTimeoutMinutes * spm),
        QStringLiteral("CURTAIN_SLOTS=%1").arg(p.slotsPerInstance),
        QStringLiteral("CURTAIN_WORK_DIR=") + session.folder()};
    const QString script = request.realstackDir + QStringLiteral("/transcoding.py");

    // ffmpeg on this machine, before anything else loads it.
    TranscodingRecording recording;
    const pid_t calibrator = session.startPython(
        QStringLiteral("calibration"),
        {script, QStringLiteral("--calibrate"), QString::number(slotsAtOnce), session.folder()},
        broker,
        true,
        error);
    if (calibrator < 0)
        return {};
    const auto calibrated = session.readUntil(
        calibrator,
        [&recording](const QByteArray &line) {
            recording.read(line);
            return !recording.calibration.isEmpty() || !recording.error.isEmpty();
        },
        60000);
    if (calibrated == Session::Wait::Stopped)
        return {{QStringLiteral("stopped"), true}};
    if (recording.calibration.isEmpty()) {
        *error = recording.error.isEmpty()
                     ? session.failure(QStringLiteral("the ffmpeg calibration did not finish"),
                                       QStringLiteral("calibration"))
                     : recording.error;
        return {};
    }
    session.progress(0.05);

    // The machines, each a Celery worker on a queue of its own until it boots.
    QJsonArray workerList;
    const QStringList workerEnvironment
        = broker
          + QStringList{QStringLiteral("CURTAIN_CLIP_SIZE=")
                        + recording.calibration.value(QStringLiteral("size")).toString()};
    for (int k = 0; k < workers; ++k) {
        const QString name = QStringLiteral("w%1@curtain").arg(k);
        const pid_t pid = session.startPython(
            QStringLiteral("Celery worker %1").arg(k),
            {QStringLiteral("-m"),
             QStringLiteral("celery"),
             QStringLiteral("--workdir"), // also names the run in the process list
             session.folder(),
             QStringLiteral("-A"),
             QStringLiteral("curtain_celery"),
             QStringLiteral("worker"),
             QStringLiteral("-P"),
             QStringLiteral("prefork"),
             QStringLiteral("-c"),
             QString::number(p.slotsPerInstance),
             QStringLiteral("-O"),
             QStringLiteral("fair"),
             QStringLiteral("-n"),
             name,
             QStringLiteral("-Q"),
             QStringLiteral("curtain.standby.%1").arg(k),
             QStringLiteral("-E"),
             QStringLiteral("--without-mingle"),
             QStringLiteral("--without-gossip"),
             QStringLiteral("--without-heartbeat"),
             QStringLiteral("-l"),
             QStringLiteral("WARNING")},
            workerEnvironment,
            false,
            error);
        if (pid < 0)
            return {};
        workerList.append(
            QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("pid"), pid}});
    }

    // The day: the model's uploads and crashes on the run's clock.
    QJsonArray uploads, crashes;
    for (const TranscodingDraws::Upload &u : draws.uploads)
        uploads.append(QJsonArray{u.minute * spm, u.videoMinutes / p.speed * spm});
    for (const TranscodingDraws::Crash &c : draws.crashes)
        crashes.append(QJsonArray{c.minute * spm, c.machine});
    const QJsonObject plan{
        {QStringLiteral("workers"), workerList},
        {QStringLiteral("slots"), p.slotsPerInstance},
        {QStringLiteral("initial"), initialInstances(p)},
        {QStringLiteral("boot_seconds"), p.bootMinutes * spm},
        {QStringLiteral("autoscale"),
         QJsonObject{{QStringLiteral("enabled"), p.autoscale},
                     {QStringLiteral("target"), p.targetQueuePerInstance},
                     {QStringLiteral("min"), p.minInstances},
                     {QStringLiteral("max"), p.maxInstances},
                     {QStringLiteral("check_seconds"), p.scaleCheckMinutes * spm}}},
        {QStringLiteral("outsourcing"),
         QJsonObject{{QStringLiteral("enabled"), p.outsource},
                     {QStringLiteral("above_queue"), p.outsourceAboveQueue},
                     {QStringLiteral("latency_seconds"), p.serviceLatencyMinutes * spm},
                     {QStringLiteral("upload_seconds_per_video_minute"),
                      p.uploadMinutesPerVideoMinute * spm},
                     {QStringLiteral("seconds_per_video_minute"), spm / p.serviceSpeed}}},
        {QStringLiteral("horizon_seconds"), horizon},
        {QStringLiteral("sample_seconds"), p.sampleMinutes * spm},
        // A worker restores unacknowledged messages every 100 s of wall time: on a real day's
        // clock that is 100 s, on the run's it is 100 s divided by the time scale.
        {QStringLiteral("restore_seconds"), std::max(0.02, 100.0 / scale)},
        {QStringLiteral("start_timeout_seconds"), 60 + 2.0 * workers},
        {QStringLiteral("work_dir"), session.folder()},
        {QStringLiteral("calibration"), recording.calibration},
        {QStringLiteral("uploads"), uploads},
        {QStringLiteral("videos"),
         [&draws] {
             QJsonArray minutes;
             for (const TranscodingDraws::Upload &u : draws.uploads)
                 minutes.append(u.videoMinutes);
             return minutes;
         }()},
        {QStringLiteral("crashes"), crashes}};
    const QString planPath = session.path(QStringLiteral("plan.json"));
    if (!Kit::JsonIo::writeObjectFile(planPath, plan, error))
        return {};
    const pid_t operatorPid
        = session.startPython(QStringLiteral("operator"), {script, planPath}, broker, true, error);
    if (operatorPid < 0)
        return {};
    QString why;
    // The operator's lines as heard, beside the services' logs: what the measurement read.
    QFile heard(session.path(QStringLiteral("operator.jsonl")));
    heard.open(QIODevice::WriteOnly);
    const Session::Wait how = session.readUntil(
        operatorPid,
        [&recording, &session, &heard, horizon](const QByteArray &line) {
            heard.write(line + '\n');
            recording.read(line);
            if (recording.started)
                session.progress(0.1 + 0.9 * recording.last / horizon);
            return recording.end >= 0 || !recording.error.isEmpty();
        },
        qint64(1e12),
        [&session, redisPid] {
            QString ended;
            return session.group().isRunning(redisPid, &ended) ? QString() : ended;
        },
        &why);
    const QString leftOver = session.endAll();
    if (!recording.error.isEmpty()) {
        *error = recording.error;
        return {};
    }
    if (how == Session::Wait::Ended && recording.end < 0) {
        *error = session.failure(
            why.isEmpty() ? QStringLiteral("the operator of the real run ended early") : why,
            why.isEmpty() ? QStringLiteral("operator") : QStringLiteral("redis-server"));
        return {};
    }
    TranscodingSetup setup;
    setup.secondsPerMinute = spm;
    setup.warmupSeconds = p.warmupHours * 60 * spm;
    setup.horizonSeconds = horizon;
    setup.slotsPerMachine = p.slotsPerInstance;
    setup.speed = p.speed;
    setup.lateAcks = p.lateAcks;
    setup.pricePerHour = p.instancePricePerHour;
    setup.servicePricePerVideoMinute = p.servicePricePerVideoMinute;
    for (const TranscodingDraws::Upload &u : draws.uploads)
        setup.videoMinutes.push_back(u.videoMinutes);
    QJsonObject real = measureTranscoding(recording, setup, request.detail);
    real.insert(QStringLiteral("calibration"), recording.calibration);
    real.insert(QStringLiteral("workers_started"), workers);
    finishReal(real, recording.notes, leftOver, how);
    return real;
}

} // namespace Real

} // namespace Startup
