// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "simulatecommand.h"

#include "ormlab.h"
#include "realrun.h"
#include "report.h"
#include "schema.h"
#include "simulation.h"
#include "sweep.h"

#include <kit/jsonio.h>
#include <kit/paths.h>
#include <kit/stopsignals.h>

#include <QCommandLineParser>
#include <QJsonDocument>

#include <cmath>

namespace Startup {

using namespace Kit;

namespace {

/** Prints RESULT; the exit code tells a stop by a signal from a finished run. */
int finish(const QJsonObject &result, const StopOnSignals &stopOnSignals, QTextStream &out)
{
    JsonIo::print(out, result);
    return stopOnSignals.stopped() ? 128 + stopOnSignals.signal() : 0;
}

int runSimulate(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    const QCommandLineOption seed(
        QStringLiteral("seed"), QStringLiteral("Seed."), QStringLiteral("S"));
    const QCommandLineOption replications(QStringLiteral("replications"),
                                          QStringLiteral("Independent replications."),
                                          QStringLiteral("R"));
    const QCommandLineOption sweep(QStringLiteral("sweep"),
                                   QStringLiteral("Vary one field."),
                                   QStringLiteral("FIELD=FROM:TO:POINTS"));
    const QCommandLineOption measure(QStringLiteral("measure"),
                                     QStringLiteral("The metric a sweep charts."),
                                     QStringLiteral("NAME"));
    const QCommandLineOption explain(QStringLiteral("explain"),
                                     QStringLiteral("Add the Results page's sentences and the "
                                                    "runs behind them."));
    const QCommandLineOption real(QStringLiteral("real"),
                                  QStringLiteral("Run the scenario on the real stack too, beside "
                                                 "the model."));
    const QCommandLineOption timeScale(QStringLiteral("time-scale"),
                                       QStringLiteral("Simulated time over real time of a real "
                                                      "run (1 to 10000; by default transcoding's "
                                                      "day in about ninety seconds, the feed in "
                                                      "real time)."),
                                       QStringLiteral("X"));
    parser.addOptions({seed, replications, sweep, measure, explain, real, timeScale});
    auto usage = [&err](const QString &message) {
        err << "curtain simulate: " << message << '\n';
        return Subcommand::UsageError;
    };
    if (!parser.parse(QStringList{QStringLiteral("curtain simulate")} + args)) {
        const QStringList unknown = parser.unknownOptionNames();
        return usage(unknown.isEmpty()
                         ? parser.errorText()
                         : QStringLiteral("unknown option '--%1'").arg(unknown.first()));
    }
    for (const QCommandLineOption *option : {&seed, &replications, &sweep, &measure, &timeScale}) {
        if (parser.values(*option).size() > 1) // the last would win silently
            return usage(QStringLiteral("--%1 is given %2 times: give it once")
                             .arg(option->names().last())
                             .arg(parser.values(*option).size()));
    }
    if (parser.positionalArguments().size() != 1)
        return usage(QStringLiteral("give exactly one SCENARIO.json"));
    if (parser.isSet(measure) && !parser.isSet(sweep))
        return usage(QStringLiteral("--measure names what a sweep charts: give --sweep too"));
    if (parser.isSet(explain) && parser.isSet(sweep))
        return usage(QStringLiteral("--explain is for one run: a sweep's output has its summary "
                                    "already"));
    if (parser.isSet(timeScale) && !parser.isSet(real))
        return usage(QStringLiteral("--time-scale is for a real run: give --real too"));
    if (parser.isSet(real)) {
        for (const auto &[option, name] : {std::pair{&sweep, "--sweep"},
                                           std::pair{&replications, "--replications"},
                                           std::pair{&explain, "--explain"}}) {
            if (parser.isSet(*option))
                return usage(QStringLiteral("%1 does not go with --real: a real run is one run, "
                                            "with its own comparison")
                                 .arg(QLatin1String(name)));
        }
    }
    const QString file = parser.positionalArguments().first();

    Simulation::Request request;
    request.source = file;
    if (parser.isSet(seed)) {
        bool ok = false;
        const double value = parser.value(seed).toDouble(&ok);
        if (!ok || value < 0 || value > Schema::MaxSeed || value != std::floor(value)) {
            return usage(QStringLiteral("invalid --seed '%1': give a whole number from 0 to 2^53")
                             .arg(parser.value(seed).left(40)));
        }
        request.seed = std::uint64_t(value);
    }
    std::optional<int> asked;
    if (parser.isSet(replications)) {
        bool ok = false;
        const double value = parser.value(replications).toDouble(&ok);
        if (!ok || value < 1 || value > Simulation::MaxReplications || value != std::floor(value)) {
            return usage(QStringLiteral("invalid --replications '%1': give a whole number from 1 "
                                        "to %2")
                             .arg(parser.value(replications).left(40))
                             .arg(Simulation::MaxReplications));
        }
        asked = int(value);
    }
    QString error;
    const auto object = JsonIo::readObjectFile(file, &error, Schema::MaxScenarioBytes);
    if (!object)
        return usage(error);
    request.scenario = *object;
    // The scenario is checked as it is first, so that its problems name the file.
    if (const QString problem = Simulation::check(request); !problem.isEmpty())
        return usage(problem);
    if (request.seed)
        request.scenario.insert(QStringLiteral("seed"), double(*request.seed));

    const StopOnSignals stopOnSignals;
    Simulation::Control control;
    control.stop = &stopOnSignals.flag();
    if (parser.isSet(real)) {
        Real::Request r;
        r.scenario = request.scenario;
        r.source = file;
        r.seed = request.seed;
        if (parser.isSet(timeScale)) {
            bool ok = false;
            r.timeScale = parser.value(timeScale).toDouble(&ok);
            if (!ok || !(r.timeScale >= Real::MinTimeScale && r.timeScale <= Real::MaxTimeScale))
                return usage(QStringLiteral("invalid --time-scale '%1': give a number from %2 to "
                                            "%3")
                                 .arg(parser.value(timeScale).left(40))
                                 .arg(Real::MinTimeScale)
                                 .arg(Real::MaxTimeScale));
        }
        r.realstackDir = Paths::dataDir() + QStringLiteral("/realstack");
        r.dataFolder = OrmLab::dataFolder();
        if (const QString problem = Real::check(r); !problem.isEmpty())
            return usage(problem);
        const QJsonObject result = Real::run(r, control, &error);
        if (result.isEmpty()) {
            err << "curtain simulate: " << error << '\n';
            return 1;
        }
        return finish(result, stopOnSignals, out);
    }
    if (parser.isSet(sweep)) {
        Sweep::Spec spec
            = Sweep::defaults(request.scenario.value(QStringLiteral("model")).toString());
        if (!Sweep::parse(parser.value(sweep), &spec, &error))
            return usage(error);
        if (parser.isSet(measure))
            spec.metric = parser.value(measure);
        if (asked)
            spec.replications = *asked;
        if (const QString problem
            = Sweep::check(Sweep::prepare(request.scenario, spec).scenario, spec);
            !problem.isEmpty())
            return usage(problem);
        const QJsonObject result = Sweep::run(request.scenario, spec, control);
        if (result.contains(QStringLiteral("error"))) {
            err << "curtain simulate: " << result.value(QStringLiteral("error")).toString() << '\n';
            return 1;
        }
        return finish(result, stopOnSignals, out);
    }
    request.replications = asked.value_or(1);
    if (const QString problem = Simulation::check(request); !problem.isEmpty())
        return usage(problem.startsWith(QStringLiteral("replications"))
                         ? QStringLiteral("--") + problem
                         : problem);
    const QJsonObject result = parser.isSet(explain) ? Report::run(request, control, &error)
                                                     : Simulation::run(request, control, &error);
    if (result.isEmpty()) {
        err << "curtain simulate: " << error << '\n';
        return 1;
    }
    return finish(result, stopOnSignals, out);
}

} // namespace

Subcommand simulateSubcommand()
{
    return {QStringLiteral("simulate"),
            QStringLiteral("simulate SCENARIO.json [--seed S] [--replications R] [--explain] "
                           "[--sweep FIELD=FROM:TO:POINTS [--measure NAME]] "
                           "[--real [--time-scale X]]"),
            QStringLiteral(
                "Run a Startup Sim scenario (mmc, transcoding, feed or orm) and print "
                "its results; --explain adds the Results page's sentences and the "
                "what-if runs behind them; --sweep varies one field and prints each "
                "point with its 95 % interval and the sentences under the plot; --real runs "
                "the scenario on the real stack too (transcoding: Redis, Celery 5 and ffmpeg; "
                "feed: Tornado, real clients and Django; orm: the Django ORM) and prints the "
                "model beside the real run"),
            &runSimulate};
}

} // namespace Startup
