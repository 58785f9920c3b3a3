// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <kit/subcommand.h>

namespace ClassForge {

/** `curtain trace-class FILE.py [--timeout SECONDS]`: the Class Forge engine, headless. */
Kit::Subcommand traceClassSubcommand();

} // namespace ClassForge
