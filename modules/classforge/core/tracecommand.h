// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <subcommand.h>

/** `curtain trace-class FILE.py [--timeout SECONDS]`: the Class Forge engine, headless. */
Subcommand traceClassSubcommand();
