// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "simulation.h"

#include <QJsonObject>
#include <QString>

namespace Startup {

/**
 * What a scenario's Results page shows, computed in one place for the view and for
 * `curtain simulate --explain`: the run (for the feed, one per way of delivering), the facts
 * its sentences read (the promise's interval, the plotted day's queue, missed notifications as
 * counts), the what-if runs behind any sentence about causes, and the sentences.
 */
namespace Report {

/**
 * Runs REQUEST as its page needs it. The result is Simulation::run's, plus "input" (the checked
 * scenario with its defaults), "summary" (Narration's sentences as JSON) and by model:
 * transcoding "promise" {"mean", "low", "high"}, "queue" (the plotted day's samples:
 * {"samples", "empty", "empty_share", "at_end", "grew_all_day"}) and "breakdown"; feed
 * {"model", "replications", "seed", "methods": [a result per delivery], "missed": {"count",
 * "due", "share"}, "breakdown"}. The breakdown is left out when a stop cut the run short. On a
 * bad request: an empty object and *ERROR.
 */
QJsonObject
run(const Simulation::Request &request, const Simulation::Control &control, QString *error);

} // namespace Report

} // namespace Startup
