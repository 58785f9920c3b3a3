// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QString>

class QWidget;

namespace Shell {

/**
 * Saves WINDOW as a PNG at PATH once it has painted for the first time, then quits the event
 * loop with 0; on failure prints a one-line error and quits with 1. Call before app.exec().
 */
void saveScreenshotAfterFirstPaint(QWidget *window, const QString &path);

} // namespace Shell
