// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <kit/subcommand.h>

namespace Scheduler {

/**
 * `curtain trace-threads FILE.py [--timeout S] [--switch-interval-ms X] [--trace OUT.json]`:
 * a learner's own threaded Python program run in real CPython, its threads and the GIL recorded.
 */
Kit::Subcommand traceThreadsSubcommand();

} // namespace Scheduler
