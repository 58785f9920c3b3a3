// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "simulation.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <map>
#include <vector>

namespace Startup {

/**
 * "What made it late", shown rather than guessed: the same scenario run again with one suspected
 * cause removed at a time (prefetch 1, unlimited machines, no burst, every video the median
 * length, no crashes; a trigger instead of signals), with the same seeds as the run it explains,
 * so each replication is paired with its original and the difference is read from the pairs.
 */
namespace Counterfactual {

/** A suspected cause and the scenario without it. */
struct Suspect
{
    QString id;           // "hoarding"
    QString cause;        // words: "prefetch hoarding"
    QString change;       // words: "prefetch 1" (any number in it is an input of the scenario)
    QJsonObject scenario; // the same scenario, same seed, with the suspect removed
};

/** The suspects SCENARIO (checked by Schema::validate) has: only those it has. */
QList<Suspect> suspects(const QJsonObject &scenario);

/** The metrics a breakdown of MEASURE reports: MEASURE, then the model's headline (the share
 *  of videos on time; missed notifications) when that is another. */
QStringList metricsFor(const QString &model, const QString &measure);

/** Each metric's value in each replication, in replication order. */
using Values = std::map<QString, std::vector<double>>;

/** CONTROL with a replication hook that appends METRICS of each replication to *VALUES. */
Simulation::Control
collecting(const Simulation::Control &control, const QStringList &metrics, Values *values);

/**
 * Runs each suspect of SCENARIO with REPLICATIONS replications (the seeds of the run that gave
 * ASRUN) and compares METRICS with ASRUN replication by replication. The result:
 * {"replications", "metrics", "rows": [{"id", "cause", "change", "measures": [{"metric",
 * "mean", "low", "high", and for a suspect "difference": {"mean", "low", "high"}, "real"}]}]},
 * the first row the run as it was; a suspect that cannot run has "error" instead of measures.
 * A difference is "real" only when its paired 95 % interval excludes 0 and the two rows'
 * intervals do not overlap. Empty when stopped.
 */
QJsonObject breakdown(const QJsonObject &scenario,
                      const QStringList &metrics,
                      int replications,
                      const Values &asRun,
                      const Simulation::Control &control);

} // namespace Counterfactual

} // namespace Startup
