// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <kit/subcommand.h>

namespace Startup {

/** `curtain simulate SCENARIO.json [--seed S] [--replications R] [--explain]
 *  [--sweep FIELD=FROM:TO:POINTS [--measure NAME]] [--real [--time-scale X]]`: Startup Sim,
 *  headless. */
Kit::Subcommand simulateSubcommand();

} // namespace Startup
