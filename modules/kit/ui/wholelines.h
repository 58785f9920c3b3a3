// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

class QTableView;
class QTextEdit;

namespace Kit {

/**
 * While EDIT is on a presenter's stage (isOnStage()), the room sees whole lines only: a line the
 * box's bottom edge would cut in half is covered (in the box's own background) until a scroll
 * brings it whole into sight, and the scroll bar is not shown (the console says "step n of N").
 * Off the stage the box is as it was. Follows scrolling, resizing and new text; called again
 * (as the view is staged or put back), it looks again.
 */
void showWholeLinesOnStage(QTextEdit *edit);

/** The height of EDIT's viewport that shows whole lines at its scroll position now: the bottom
 *  of the last line it shows whole (the viewport's height when none is cut). */
int wholeLinesHeight(const QTextEdit *edit);

/** showWholeLinesOnStage() for a table: a row the bottom edge would cut is covered. */
void showWholeRowsOnStage(QTableView *table);

/** The height of TABLE's viewport that shows whole rows at its scroll position now. */
int wholeRowsHeight(const QTableView *table);

} // namespace Kit
