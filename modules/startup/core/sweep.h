#pragma once

#include "jobrunner.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

/** One point of a sweep: the parameter's value, the metric's mean and 95 % half-width. */
struct SweepPoint
{
    double x = 0;
    double mean = 0;
    double halfWidth = 0;
};

/** A parameter sweep over any scenario: the same model, one field varied, R replications each. */
namespace Sweep {

/** The metrics (dotted paths into the result) a model offers for sweeping. */
QStringList metrics(const QString &model);

/** Runs one scenario (any model) and returns its result JSON; *error on a bad scenario. */
QJsonObject runOnce(const QJsonObject &scenario, const std::atomic<bool> &stop, QString *error);

/**
 * Varies PARAMETER (a dotted key) from FROM to TO in STEPS points, R replications each (seeds
 * differ per replication), and reports METRIC (a dotted path). Progress and partial points go to
 * CONTEXT; the result is {"points": [[x, mean, half_width], ...]} or {"error": "..."}.
 */
QJsonObject run(const QJsonObject &scenario,
                const QString &parameter,
                double from,
                double to,
                int steps,
                const QString &metric,
                int replications,
                const JobRunner::Context &context);

} // namespace Sweep
