// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <subcommand.h>

/** `curtain simulate SCENARIO.json [--seed S] [--replications R]`: Startup Sim, headless. */
Subcommand simulateSubcommand();
