// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "density.h"

#include <algorithm>

namespace Scheduler {

Density Density::build(std::span<const Segment> segments,
                       std::int64_t start,
                       std::int64_t end,
                       const std::function<int(const Segment &)> &slotOf)
{
    Density d;
    if (segments.size() < MinSegments || end <= start)
        return d;
    d.m_origin = start;
    // About four stretches to a bucket at the finest level, on average.
    d.m_width = std::max<std::int64_t>(1000, (end - start) * 4 / std::int64_t(segments.size()));
    const std::size_t count = std::size_t((end - start) / d.m_width + 1);
    std::vector<Bucket> finest(count, Bucket{});
    for (const Segment &s : segments) {
        const int slot = slotOf(s);
        if (slot < 0 || slot >= Slots)
            continue;
        std::int64_t a = std::max(s.start, start);
        const std::int64_t b = std::min(s.end, end);
        // Split exactly at the buckets' edges: a long stretch fills every bucket it spans.
        for (std::size_t j = std::size_t((a - start) / d.m_width); a < b && j < count; ++j) {
            const std::int64_t edge = start + std::int64_t(j + 1) * d.m_width;
            const std::int64_t piece = std::min(b, edge) - a;
            finest[j][std::size_t(slot)] += float(piece);
            a += piece;
        }
    }
    d.m_levels.push_back(std::move(finest));
    while (d.m_levels.back().size() > 1) {
        const std::vector<Bucket> &fine = d.m_levels.back();
        std::vector<Bucket> coarse((fine.size() + 3) / 4, Bucket{});
        for (std::size_t j = 0; j < fine.size(); ++j) {
            for (int k = 0; k < Slots; ++k)
                coarse[j / 4][std::size_t(k)] += fine[j][std::size_t(k)];
        }
        d.m_levels.push_back(std::move(coarse));
    }
    return d;
}

int Density::levelFor(double nsPerPixel) const
{
    int found = -1;
    for (int k = 0; k < levels(); ++k) {
        if (double(bucketWidth(k)) * 2 <= nsPerPixel)
            found = k;
    }
    return found;
}

} // namespace Scheduler
