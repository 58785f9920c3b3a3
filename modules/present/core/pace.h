// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QtGlobal>

namespace Present {

struct Deck;

/**
 * A talk's pacing, as pdfpc's countdown and reveal.js's pacing timer give it: the time left of
 * the talk's duration, calm, then hurrying near the end, then over; and, where the deck gives its
 * slides targets, how far behind them (or ahead) the talk is.
 */
namespace Pace {

enum class Level { Calm, Hurry, Over };

/** How ELAPSEDMS of a DURATIONMS talk stands: Hurry in its last fifth (at most its last 5
 *  minutes, at least its last minute), Over past its end. */
Level level(qint64 durationMs, qint64 elapsedMs);
/** How far behind the targets of DECK the talk is (negative: ahead), on slide SLIDE after
 *  ELAPSEDMS of talk of which ONSLIDEMS on this slide: the targets of the slides before it, and of
 *  this one as much of it as has passed (a slide over its target is that much behind). */
qint64 behind(const Deck &deck, int slide, qint64 elapsedMs, qint64 onSlideMs);

} // namespace Pace

} // namespace Present
