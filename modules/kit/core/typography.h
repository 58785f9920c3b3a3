// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QString>

namespace Kit {

/**
 * TEXT with a no-break space between each number and the unit or word after it ("10.6 %",
 * "28.5 s", "41 ms", "3 runs", "0 videos"), so that a line never wraps a number away from what
 * it counts ("(10.6" / "%)"). Nothing else changes.
 */
QString bindUnits(QString text);

/**
 * TEXT with a place to break (a zero-width space) after each '.', ',' and '(' inside a word
 * longer than LONGER characters ("Innocent.__reduce__", "pool.instances"), so that a narrow
 * column wraps such a word instead of cutting it; nothing to see where it does not break.
 */
QString breakableWords(const QString &text, int longer = 30);

} // namespace Kit
