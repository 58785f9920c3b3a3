// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QFont>
#include <QSize>

class QLabel;

namespace Kit {

/**
 * Words on a presenter's stage, which the room cannot scroll: LABEL's text is set at the largest
 * size, from the font it inherits down to FLOOR of that size, at which it fits ROOM (the width it
 * wraps in, the height it has), as a slide's text is scaled down to fit. Returns false when even
 * the floor does not fit (the words are then at the floor, and whoever holds the label lets it
 * ask for the height it needs).
 */
bool fitText(QLabel *label, QSize room, double floor = 0.7);
/** LABEL back at the font it inherits (off the stage). */
void unfitText(QLabel *label);
/** The height LABEL's text takes wrapped at WIDTH in FONT's size (rich or plain, as it shows). */
int textHeight(const QLabel *label, const QFont &font, int width);

} // namespace Kit
