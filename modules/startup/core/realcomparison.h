// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "narration.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace Startup {

namespace Real {

/** How far a real run may be from the model on METRIC of MODEL and still agree with it (a
 *  share: 0.25 is 25 %), or 0 when no bound is promised. */
double tolerance(const QString &model, const QString &metric);

/**
 * The model beside the real run, metric by metric: {"metrics": [{"path", "label", "unit",
 * "model", "real", "difference" (real over model, less one; absent when the model's is 0),
 * "distance" (its size), "tolerance", "agrees"}], and for transcoding "hoarding" {"model", "real",
 * "in_both"}}. ANSWER is Real::run's, with "model" and "real".
 */
QJsonObject compare(const QJsonObject &answer);

/**
 * What the view says under the model-beside-real plot, read off ANSWER (with its "comparison"):
 * how the run was made (time scale, machines, calibration), each bounded metric and by how much
 * the real run differs from the model, hoarding in both, and what only the real stack showed.
 * Every number is quoted from the answer.
 */
QList<Narration::Sentence> sentences(const QJsonObject &answer);

/** The table beside it: each metric, its unit, the model's, the real run's, the difference. */
Narration::Table table(const QJsonObject &answer);

} // namespace Real

} // namespace Startup
