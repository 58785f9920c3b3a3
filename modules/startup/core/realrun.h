// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "simulation.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

namespace Startup {

/**
 * Startup Sim's scenarios on the real stack, beside the model: the transcoding queue on Curtain's
 * own Redis with Celery 5 workers transcoding with ffmpeg, the feed on a Tornado server with
 * Django writing the posts, and the ORM lab through the Django ORM. Each run's processes are
 * Curtain's children in a group of their own (realservices.h), in a temporary folder, and end
 * with the run.
 */
namespace Real {

/** Where the real stack's programs are found. */
struct Machine
{
    QString python;     // the interpreter with Debian's packages; empty: /usr/bin/python3
    QString searchPath; // where redis-server and ffmpeg are looked for; empty: PATH
};

struct Request
{
    QJsonObject scenario;
    QString source; // names the scenario in messages
    std::optional<std::uint64_t> seed;
    double timeScale = 0;      // simulated time over real time; 0: defaultTimeScale()
    bool detail = false;       // also what the view draws (frames, ratios, histograms, query logs)
    QString realstackDir;      // Curtain's Python for the real stack (share/curtain/realstack)
    QString dataFolder;        // where the ORM lab's databases live
    QString temporaryRoot;     // where the run's folder goes; empty: the system's temporary folder
    double timeoutSeconds = 0; // 0: twice the run's expected length, and a minute
    Machine machine;
};

/** The Debian packages MODEL's real run needs (none for a model without one). */
QStringList packagesFor(const QString &model);
/** Those of PACKAGES missing on MACHINE (a program not found, a Python module not importable). */
QStringList missingPackages(const QStringList &packages, const Machine &machine = {});
/** One line naming MISSING and the command that installs them. */
QString missingMessage(const QStringList &missing);
/** The interpreter a run uses. */
QString pythonOf(const Machine &machine);

/** A transcoding scenario's time scale by default: its simulated day in about ninety seconds. */
double defaultTimeScale(const QJsonObject &scenario);
/** The largest time scale a real run takes, and the smallest. */
constexpr double MaxTimeScale = 10000;
constexpr double MinTimeScale = 1;

/** Why REQUEST cannot run for real (the scenario, the time scale, a model without a real stack,
 *  missing packages), naming the field or the package; empty when it can. */
QString check(const Request &request);

/**
 * Runs REQUEST's scenario through the model and for real. The answer holds "model" (exactly
 * Simulation::run's result for the same scenario and seed), "real" (the same keys, measured,
 * plus what the real run found: its calibration, notes, and what only a real stack shows),
 * "comparison" (each metric beside the model's, the difference, and the sentences that say it),
 * "time_scale" and "wall_ms". STOP ends the real run early ("stopped"); a time-out ends it too
 * ("timed_out"). On failure: an empty object and *ERROR (a missing package named).
 */
QJsonObject run(const Request &request, const Simulation::Control &control, QString *error);

} // namespace Real

} // namespace Startup
