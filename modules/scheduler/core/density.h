// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "timeline.h"

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace Scheduler {

/**
 * One row's time per slot (a state, or a GIL holder's shade), summed over buckets of one width,
 * then four times as wide, and so on up to the whole run: what a view draws once a row's
 * stretches crowd many to a pixel (a million of them), in time that grows with the pixels.
 */
class Density
{
public:
    static constexpr int Slots = 16;
    using Bucket = std::array<float, Slots>; // ns per slot

    /**
     * Sums SEGMENTS (not overlapping one another, by start) that SLOTOF gives a slot (0 to
     * Slots - 1; -1: left out) between START and END into buckets about four stretches wide.
     * Empty (nothing to draw from) when they are too few to crowd a view.
     */
    static Density build(std::span<const Segment> segments,
                         std::int64_t start,
                         std::int64_t end,
                         const std::function<int(const Segment &)> &slotOf);

    bool empty() const { return m_levels.empty(); }
    /** The coarsest level whose buckets are at most half NSPERPIXEL wide (two or more to a
     *  pixel), or -1 when even the finest is wider. */
    int levelFor(double nsPerPixel) const;
    std::int64_t bucketWidth(int level) const { return m_width << (2 * level); }
    const std::vector<Bucket> &level(int level) const { return m_levels[std::size_t(level)]; }
    int levels() const { return int(m_levels.size()); }
    /** Where bucket 0 of every level starts (ns, the run's clock). */
    std::int64_t origin() const { return m_origin; }

    /** Fewer stretches than this in a row, and it is never built: drawn one by one, they are
     *  as quick. */
    static constexpr std::size_t MinSegments = 4096;

private:
    std::int64_t m_origin = 0;
    std::int64_t m_width = 0;
    std::vector<std::vector<Bucket>> m_levels;
};

} // namespace Scheduler
