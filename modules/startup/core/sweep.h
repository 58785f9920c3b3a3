// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "simulation.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

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

/** Why SPEC cannot sweep SCENARIO (unknown field or metric, bad range), or empty. */
QString check(const QJsonObject &scenario, const Spec &spec);

/**
 * Varies the parameter over the points, running Simulation::run with the replications at each
 * (the same seeds at every point: common random numbers), and reports the metric. Progress and
 * partial points go to CONTROL; the result is {"points": [[x, mean, half_width], ...],
 * "parameter", "metric"} or {"error": "..."}.
 */
QJsonObject run(const QJsonObject &scenario, const Spec &spec, const Simulation::Control &control);

} // namespace Sweep

} // namespace Startup
