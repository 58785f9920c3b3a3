// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "engine.h"

#include <kit/subcommand.h>

namespace Scheduler {

/** `curtain measure ...`: Scheduler Lab's engine, headless. */
Kit::Subcommand measureSubcommand();

/**
 * Parses the `curtain measure` arguments into OPTIONS, BASELINE and TRACEPATH; on failure
 * returns a one-line message that names the argument.
 */
QString parseMeasureArguments(const QStringList &args,
                              MeasureOptions *options,
                              bool *baseline,
                              QString *tracePath);

} // namespace Scheduler
