// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

namespace Shell {

/**
 * Turns SIGINT, SIGTERM and SIGHUP into an orderly close of every window (settings saved,
 * helpers stopped) and a normal exit, instead of death mid-write. Call once the QApplication
 * exists.
 */
void closeWindowsOnTerminationSignals();

} // namespace Shell
