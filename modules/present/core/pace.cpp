// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "pace.h"

#include "deck.h"

#include <algorithm>

namespace Present {

namespace Pace {

Level level(qint64 durationMs, qint64 elapsedMs)
{
    const qint64 left = durationMs - elapsedMs;
    if (left < 0)
        return Level::Over;
    const qint64 minute = 60 * 1000;
    const qint64 hurry = std::clamp(durationMs / 5, minute, 5 * minute);
    return left <= hurry ? Level::Hurry : Level::Calm;
}

qint64 behind(const Deck &deck, int slide, qint64 elapsedMs, qint64 onSlideMs)
{
    const qint64 target
        = slide >= 0 && slide < deck.slides.size() ? deck.slides.at(slide).targetMs : 0;
    const qint64 expected = deck.targetBefore(slide) + std::min(onSlideMs, target);
    return elapsedMs - expected;
}

} // namespace Pace

} // namespace Present
