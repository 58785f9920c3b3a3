// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

class QWidget;

namespace Kit {

/**
 * Keeps WIDGET at least LINES lines of its own font tall: now, and again whenever its font
 * changes (the app's zoom, or presenter mode lending the view to the room at the room's zoom).
 * A height worked out once from the font at construction goes stale at the next zoom: a
 * narration reserved two small lines grows and shrinks the pictures around it at a large one.
 * Calling it again on the same widget replaces the number of lines.
 */
void keepLinesTall(QWidget *widget, double lines);

/** The height LINES lines of WIDGET's font take now, in pixels (whole, rounded up). */
int linesTall(const QWidget *widget, double lines);

} // namespace Kit
