// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QColor>
#include <QPalette>

namespace Kit {

/**
 * Colours for meaning (series, states, arrows, marks) derived from the palette in force, so that
 * every picture reads in every theme: each colour keeps its hue and is made light or dark enough
 * to stand out from what it is painted on (WCAG 2 contrast: 3:1 for graphics, 4.5:1 for text).
 */
namespace Ink {

inline constexpr double Graphics = 3.0;
inline constexpr double Text = 4.5;

/** WCAG 2 contrast ratio of A and B, 1 to 21. */
double contrast(const QColor &a, const QColor &b);
/** COLOUR, darkened or lightened (same hue) until it has MINIMUM contrast against BACKGROUND. */
QColor atLeast(const QColor &colour, const QColor &background, double minimum = Graphics);
/** Series colour INDEX (Okabe–Ito, told apart with common colour-vision deficiencies), made to
 *  stand out from BACKGROUND. */
QColor series(int index, const QColor &background);
/** The palette's text colour or its opposite, whichever reads better on FILL. */
QColor textOn(const QColor &fill, const QPalette &palette);
/** A soft fill of COLOUR over BACKGROUND (AMOUNT of the colour), for boxes and bands that carry
 *  their meaning in a border or label of full strength. */
QColor tint(const QColor &colour, const QColor &background, double amount = 0.25);
/** The colour of a failure (a call that raised), red and readable as text on BACKGROUND. */
QColor failure(const QColor &background);
/** Whether PALETTE paints light text on a dark background. */
bool isDark(const QPalette &palette);

} // namespace Ink

} // namespace Kit
