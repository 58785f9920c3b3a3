// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "realrun.h"

#include "feedschema.h"
#include "realcomparison.h"
#include "realsession.h"
#include "schema.h"
#include "transcodingschema.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QProcess>
#include <QStandardPaths>

#include <cmath>

namespace Startup {

namespace Real {

namespace {

/** How a package is seen to be there: a program it installs, or a Python module. */
struct Probe
{
    QString package;
    QString program; // on the search path
    QString module;  // importable by the run's python3
};

const QList<Probe> &probes()
{
    static const QList<Probe> list{
        {QStringLiteral("redis-server"), QStringLiteral("redis-server"), {}},
        {QStringLiteral("python3-celery"), {}, QStringLiteral("celery")},
        {QStringLiteral("python3-redis"), {}, QStringLiteral("redis")},
        {QStringLiteral("ffmpeg"), QStringLiteral("ffmpeg"), {}},
        {QStringLiteral("python3-tornado"), {}, QStringLiteral("tornado")},
        {QStringLiteral("python3-django"), {}, QStringLiteral("django")}};
    return list;
}

/** The scenario checked, with its defaults and REQUEST's seed; or empty and *ERROR. */
QJsonObject validated(const Request &request, QString *error)
{
    auto full = Schema::validate(request.scenario, request.source, error);
    if (!full)
        return {};
    if (request.seed)
        full->insert(QStringLiteral("seed"), double(*request.seed));
    return *full;
}

} // namespace

QStringList packagesFor(const QString &model)
{
    if (model == QLatin1String("transcoding")) {
        return {QStringLiteral("redis-server"),
                QStringLiteral("python3-celery"),
                QStringLiteral("python3-redis"),
                QStringLiteral("ffmpeg")};
    }
    if (model == QLatin1String("feed"))
        return {QStringLiteral("python3-tornado"), QStringLiteral("python3-django")};
    if (model == QLatin1String("orm"))
        return {QStringLiteral("python3-django")};
    return {};
}

QString pythonOf(const Machine &machine)
{
    if (!machine.python.isEmpty())
        return machine.python;
    // Debian's interpreter, where Debian's packages are, before any other on the PATH.
    if (QFileInfo(QStringLiteral("/usr/bin/python3")).isExecutable())
        return QStringLiteral("/usr/bin/python3");
    return QStandardPaths::findExecutable(QStringLiteral("python3"));
}

QStringList missingPackages(const QStringList &packages, const Machine &machine)
{
    QStringList missing, modules;
    for (const Probe &p : probes()) {
        if (!packages.contains(p.package))
            continue;
        if (!p.program.isEmpty()) {
            const QStringList where
                = machine.searchPath.isEmpty() ? QStringList{} : QStringList{machine.searchPath};
            if (QStandardPaths::findExecutable(p.program, where).isEmpty())
                missing.append(p.package);
        } else {
            modules.append(p.module);
        }
    }
    if (!modules.isEmpty()) {
        // find_spec looks without importing: quick, and nothing of the module runs.
        QProcess python;
        const QStringList arguments
            = QStringList{QStringLiteral("-c"),
                          QStringLiteral("import importlib.util, sys\n"
                                         "print(' '.join(m for m in sys.argv[1:] "
                                         "if importlib.util.find_spec(m) is None))")}
              + modules;
        python.start(pythonOf(machine), arguments);
        QStringList absent = modules;
        if (python.waitForFinished(20000) && python.exitStatus() == QProcess::NormalExit
            && python.exitCode() == 0) {
            absent = QString::fromLocal8Bit(python.readAllStandardOutput().trimmed())
                         .split(QLatin1Char(' '), Qt::SkipEmptyParts);
        }
        for (const Probe &p : probes()) {
            if (!p.module.isEmpty() && absent.contains(p.module) && packages.contains(p.package))
                missing.append(p.package);
        }
    }
    // In the order packagesFor() lists them.
    QStringList ordered;
    for (const QString &p : packages) {
        if (missing.contains(p))
            ordered.append(p);
    }
    return ordered;
}

QString missingMessage(const QStringList &missing)
{
    return QStringLiteral("running it for real needs the Debian package%1 %2: install %3 with "
                          "'sudo apt-get install %4' (the model runs without %3)")
        .arg(missing.size() == 1 ? QString() : QStringLiteral("s"),
             missing.join(QStringLiteral(", ")),
             missing.size() == 1 ? QStringLiteral("it") : QStringLiteral("them"),
             missing.join(QLatin1Char(' ')));
}

double defaultTimeScale(const QJsonObject &scenario)
{
    QString ignored;
    const auto full = Schema::validate(scenario, QString(), &ignored);
    if (!full || full->value(QStringLiteral("model")).toString() != QLatin1String("transcoding"))
        return 1;
    // The simulated day in about ninety seconds, rounded up to two significant figures.
    const double scale = full->value(QStringLiteral("hours")).toDouble() * 3600 / 90;
    if (scale <= 1)
        return 1;
    const double step = std::pow(10.0, std::floor(std::log10(scale)) - 1);
    return std::min(MaxTimeScale, std::ceil(scale / step) * step);
}

QString check(const Request &request)
{
    QString error;
    const QJsonObject scenario = validated(request, &error);
    if (scenario.isEmpty())
        return error;
    const QString model = scenario.value(QStringLiteral("model")).toString();
    if (packagesFor(model).isEmpty()) {
        return QStringLiteral("model %1 has no real stack to run: it is queueing theory's own "
                              "queue (--real runs transcoding, feed and orm scenarios)")
            .arg(model);
    }
    if (request.timeScale != 0
        && !(request.timeScale >= MinTimeScale && request.timeScale <= MaxTimeScale))
        return QStringLiteral("time scale %1 is out of range: give %2 to %3")
            .arg(request.timeScale)
            .arg(MinTimeScale)
            .arg(MaxTimeScale);
    if (model == QLatin1String("transcoding")) {
        const TranscodingParams p = *Scenario::parseTranscoding(scenario, request.source, &error);
        if (p.unlimitedMachines)
            return QStringLiteral("%1: pool.unlimited is a what-if, not a pool: a real run needs "
                                  "a number of machines (set pool.unlimited to false)")
                .arg(request.source);
        const double scale
            = request.timeScale != 0 ? request.timeScale : defaultTimeScale(scenario);
        const double minutes = p.hours * 60 / scale;
        if (minutes > 30)
            return QStringLiteral("the real run would take %1 min at time scale %2: give "
                                  "--time-scale %3 or more, or fewer hours")
                .arg(std::round(minutes))
                .arg(scale)
                .arg(std::ceil(p.hours * 2));
        if (p.slotsPerInstance > 16)
            return QStringLiteral("%1: pool.slots_per_instance %2 is more Celery processes per "
                                  "machine than a real run starts (16 at most)")
                .arg(request.source)
                .arg(p.slotsPerInstance);
    }
    if (model == QLatin1String("feed")) {
        const FeedParams p = *Scenario::parseFeed(scenario, request.source, &error);
        const double scale = request.timeScale != 0 ? request.timeScale : 1;
        if (p.delivery == FeedParams::Delivery::Polling
            && p.pollIntervalSeconds / scale > FeedWindowSeconds / 2)
            return QStringLiteral("%1: poll_interval_seconds %2 is more than half the %3 s a real "
                                  "run writes posts for: give --time-scale %4 or more, or a "
                                  "shorter interval")
                .arg(request.source)
                .arg(p.pollIntervalSeconds)
                .arg(FeedWindowSeconds)
                .arg(std::ceil(2 * p.pollIntervalSeconds / FeedWindowSeconds));
        if (feedDrainSeconds(p, scale) > FeedWindowSeconds) {
            // What the wait after the last post is made of, named as the scenario names it.
            const QString fields
                = p.delivery == FeedParams::Delivery::LongPolling
                      ? QStringLiteral("reconnect_seconds %1 and network_ms %2")
                            .arg(p.reconnectSeconds)
                            .arg(p.networkMs)
                  : p.delivery == FeedParams::Delivery::Polling
                      ? QStringLiteral("poll_interval_seconds %1 and network_ms %2")
                            .arg(p.pollIntervalSeconds)
                            .arg(p.networkMs)
                      : QStringLiteral("network_ms %1").arg(p.networkMs);
            // Its scaled part shrinks with the time scale; one second of it does not.
            const double scaled = (feedDrainSeconds(p, scale) - 1) * scale;
            return QStringLiteral("%1: %2 would keep the real run waiting %3 s after its last "
                                  "post for the users to hear of it: give shorter times, or "
                                  "--time-scale %4 or more")
                .arg(request.source, fields)
                .arg(std::ceil(feedDrainSeconds(p, scale)))
                .arg(std::ceil(scaled / (FeedWindowSeconds - 1)));
        }
        if (p.networkMs / 1000 / scale < 0.0005 && p.networkMs > 0)
            return QStringLiteral("%1: network_ms %2 at time scale %3 is shorter than the "
                                  "loopback itself takes (0.5 ms): give a smaller --time-scale")
                .arg(request.source)
                .arg(p.networkMs)
                .arg(scale);
    }
    if (model == QLatin1String("orm") && request.timeScale != 0)
        return QStringLiteral("--time-scale has no meaning for the ORM lab: its real run fetches "
                              "one page through Django, with no clock to scale");
    const QString script = model == QLatin1String("feed")  ? QStringLiteral("/feed.py")
                           : model == QLatin1String("orm") ? QStringLiteral("/orm.py")
                                                           : QStringLiteral("/curtain_celery.py");
    if (request.realstackDir.isEmpty() || !QFileInfo::exists(request.realstackDir + script))
        return QStringLiteral("Curtain's real-stack scripts are missing from '%1': reinstall "
                              "Curtain")
            .arg(request.realstackDir);
    if (const QStringList missing = missingPackages(packagesFor(model), request.machine);
        !missing.isEmpty())
        return missingMessage(missing);
    return {};
}

QJsonObject run(const Request &given, const Simulation::Control &control, QString *error)
{
    QString ignored;
    QString *why = error ? error : &ignored;
    if (const QString problem = check(given); !problem.isEmpty()) {
        *why = problem;
        return {};
    }
    QElapsedTimer clock;
    clock.start();
    Request request = given;
    const QJsonObject scenario = validated(request, why);
    const QString model = scenario.value(QStringLiteral("model")).toString();
    if (request.timeScale == 0)
        request.timeScale = defaultTimeScale(scenario); // 1 for the feed: its real time

    // The model first: exactly what `curtain simulate` prints for this scenario and seed.
    Simulation::Request simulation;
    simulation.scenario = request.scenario;
    simulation.source = request.source;
    simulation.seed = request.seed;
    simulation.detail = request.detail;
    simulation.dataFolder = request.dataFolder;
    Simulation::Control quiet;
    quiet.stop = control.stop;
    const QJsonObject modelResult = Simulation::run(simulation, quiet, why);
    if (modelResult.isEmpty())
        return {};

    Session session(request, control);
    if (!session.problem().isEmpty()) {
        *why = session.problem();
        return {};
    }
    const bool feed = model == QLatin1String("feed");
    QJsonObject samePosts;
    const QJsonObject real = feed ? runFeed(session, scenario, modelResult, &samePosts, why)
                             : model == QLatin1String("orm")
                                 ? runOrm(session, scenario, modelResult, why)
                                 : runTranscoding(session, scenario, modelResult, why);
    session.endAll();
    if (real.isEmpty())
        return {};
    QJsonObject answer{
        {QStringLiteral("model"), modelResult},
        {QStringLiteral("real"), real},
        {QStringLiteral("input"), scenario},
        {QStringLiteral("time_scale"), request.timeScale == 0 ? 1.0 : request.timeScale}};
    if (model == QLatin1String("orm"))
        answer.remove(QStringLiteral("time_scale")); // no clock: one page, fetched
    if (feed)
        answer.insert(QStringLiteral("model_same_posts"), samePosts);
    if (real.value(QStringLiteral("stopped")).toBool()
        && !real.contains(feed                            ? QStringLiteral("posts")
                          : model == QLatin1String("orm") ? QStringLiteral("strategies")
                                                          : QStringLiteral("arrived"))) {
        answer.insert(QStringLiteral("stopped"), true);
        answer.insert(QStringLiteral("wall_ms"), double(clock.nsecsElapsed()) / 1e6);
        return answer; // stopped before the real day began: the model alone
    }
    // Cut short or not, said before the sentences are made: they say it too.
    if (real.value(QStringLiteral("stopped")).toBool())
        answer.insert(QStringLiteral("stopped"), true);
    if (real.value(QStringLiteral("timed_out")).toBool())
        answer.insert(QStringLiteral("timed_out"), true);
    answer.insert(QStringLiteral("comparison"), compare(answer));
    QJsonObject comparison = answer.value(QStringLiteral("comparison")).toObject();
    comparison.insert(QStringLiteral("summary"), Narration::toJson(sentences(answer)));
    answer.insert(QStringLiteral("comparison"), comparison);
    answer.insert(QStringLiteral("wall_ms"), double(clock.nsecsElapsed()) / 1e6);
    return answer;
}

} // namespace Real

} // namespace Startup
