// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "schema.h"
#include "transcoding.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace Startup {

/** The work a transcoding run implies: what its budget weighs, counted as the engine runs. */
struct TranscodingWork
{
    double uploads = 0;    // expected uploads: the engine's upload rate over the run
    double candidates = 0; // arrivals drawn at the peak rate, before thinning keeps the uploads
    double instances = 0;  // the most machines up at once
    double samples = 0;    // of the queue and the machines, for the charts
    double checks = 0;     // autoscaling's
    double crashes = 0;
    double events = 0;
    double work = 0; // every event looks at every machine
    double bytes = 0;
};

/** The work PARAMS implies. */
TranscodingWork transcodingWork(const TranscodingParams &params);

namespace Schema {
/** The `transcoding` model: its fields (read into TranscodingParams), metrics, the rules
 *  across fields and the budget. */
Model transcodingModel();
} // namespace Schema

namespace Scenario {
/** Reads a `transcoding` scenario (see resources/scenarios/transcoding.json); *error names the
 *  field by its path, e.g. "pool.slots_per_instance". */
std::optional<TranscodingParams>
parseTranscoding(const QJsonObject &object, const QString &source, QString *error);
} // namespace Scenario

} // namespace Startup
