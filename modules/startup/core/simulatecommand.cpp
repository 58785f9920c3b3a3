// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "simulatecommand.h"

#include "schema.h"
#include "simulation.h"

#include <kit/jsonio.h>
#include <kit/stopsignals.h>

#include <QCommandLineParser>
#include <QJsonDocument>

#include <cmath>

namespace Startup {

using namespace Kit;

namespace {

/** A scenario is a few kilobytes; anything past this is not one. */
constexpr qint64 MaxScenarioBytes = 1 << 20;

int runSimulate(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    const QCommandLineOption seed(
        QStringLiteral("seed"), QStringLiteral("Seed."), QStringLiteral("S"));
    const QCommandLineOption replications(QStringLiteral("replications"),
                                          QStringLiteral("Independent replications."),
                                          QStringLiteral("R"));
    parser.addOptions({seed, replications});
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
    if (parser.positionalArguments().size() != 1)
        return usage(QStringLiteral("give exactly one SCENARIO.json"));
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
    if (parser.isSet(replications)) {
        bool ok = false;
        const double value = parser.value(replications).toDouble(&ok);
        if (!ok || value < 1 || value > Simulation::MaxReplications || value != std::floor(value)) {
            return usage(QStringLiteral("invalid --replications '%1': give a whole number from 1 "
                                        "to %2")
                             .arg(parser.value(replications).left(40))
                             .arg(Simulation::MaxReplications));
        }
        request.replications = int(value);
    }
    QString error;
    const auto object = JsonIo::readObjectFile(file, &error, MaxScenarioBytes);
    if (!object)
        return usage(error);
    request.scenario = *object;
    if (const QString problem = Simulation::check(request); !problem.isEmpty())
        return usage(problem.startsWith(QStringLiteral("replications"))
                         ? QStringLiteral("--") + problem
                         : problem);

    const StopOnSignals stopOnSignals;
    Simulation::Control control;
    control.stop = &stopOnSignals.flag();
    const QJsonObject result = Simulation::run(request, control, &error);
    if (result.isEmpty()) {
        err << "curtain simulate: " << error << '\n';
        return 1;
    }
    out << QJsonDocument(result).toJson(QJsonDocument::Indented);
    if (stopOnSignals.stopped())
        return 128 + stopOnSignals.signal();
    return 0;
}

} // namespace

Subcommand simulateSubcommand()
{
    return {QStringLiteral("simulate"),
            QStringLiteral("simulate SCENARIO.json [--seed S] [--replications R]"),
            QStringLiteral("Run a Startup Sim scenario (mmc, transcoding, feed or orm) and print "
                           "its results"),
            &runSimulate};
}

} // namespace Startup
