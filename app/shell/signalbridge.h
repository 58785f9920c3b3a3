#pragma once

/**
 * Turns SIGINT, SIGTERM and SIGHUP into an orderly close of every window (settings saved,
 * helpers stopped) and a normal exit, instead of death mid-write. Call once the QApplication
 * exists.
 */
void closeWindowsOnTerminationSignals();
