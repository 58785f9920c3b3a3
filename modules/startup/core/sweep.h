// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "simulation.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace Startup {

/** A parameter sweep over any scenario: the same model, one field varied, R replications each. */
namespace Sweep {

/** The metrics (dotted paths into the result) a model offers for sweeping. */
QStringList metrics(const QString &model);
/** The numeric fields (dotted keys) a model's sweep can vary. */
QStringList parameters(const QString &model);

/** What a sweep does. */
struct Spec
{
    QString parameter; // a dotted key of the scenario
    double from = 0;
    double to = 0;
    int points = 2;
    QString metric; // a dotted path into the result
    int replications = 3;
};

/** The most points a sweep may have. */
constexpr int MaxPoints = 100;

/** The sweep that shows MODEL's lesson (the view's and `simulate --sweep`'s defaults); an empty
 *  parameter when the model has nothing to sweep. */
Spec defaults(const QString &model);

/** Reads "FIELD=FROM:TO:POINTS" into SPEC (leaving its metric and replications); on failure
 *  false and *ERROR says what is wrong with TEXT. */
bool parse(const QString &text, Spec *spec, QString *error);

/** The x of each point: FROM to TO in equal steps, rounded for a whole-number field. */
QList<double> xs(const QJsonObject &scenario, const Spec &spec);

/** SCENARIO made fit to sweep SPEC, and what was changed: ids the narration puts in words
 *  ("autoscale-off": a fixed pool while the machines are swept; "polling": the poll interval
 *  swept under polling). */
struct Prepared
{
    QJsonObject scenario;
    QStringList changes;
};
Prepared prepare(const QJsonObject &scenario, const Spec &spec);

/** Why SPEC cannot sweep SCENARIO (the scenario itself, an unknown field or metric, a bad
 *  range or count, a point the schema refuses), in one line; empty when it can. */
QString check(const QJsonObject &scenario, const Spec &spec);

/**
 * The one entry for sweeps (the view and `curtain simulate --sweep`): prepares SCENARIO, varies
 * the parameter over the points and runs Simulation::run with the replications at each (the
 * same seeds at every point: common random numbers). At the first and the last point it also
 * runs the counterfactuals (Counterfactual::breakdown) that the sentences about causes quote.
 * The result: {"model", "seed", "parameter", "metric", "replications", "spec", "changes",
 * "points": [{"x", "mean", "low", "high", "half_width", and for the transcoding queue
 * "queue_empty_share", "queue_at_end", "queue_grew_all_day"}], "breakdowns": [{"point", "x",
 * ...breakdown}], "summary": [sentences, as Narration::toJson writes them]}, "stopped" when
 * CONTROL stopped it; {"error": "..."} when SPEC cannot run. CONTROL hears progress and the
 * points so far.
 */
QJsonObject run(const QJsonObject &scenario, const Spec &spec, const Simulation::Control &control);

} // namespace Sweep

} // namespace Startup
