// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "stats.h"

#include <algorithm>
#include <cmath>

namespace Kit {

namespace Stats {

double quantileOfSorted(const std::vector<double> &sorted, double q)
{
    if (sorted.empty())
        return 0.0;
    const double index = std::clamp(q, 0.0, 1.0) * double(sorted.size() - 1);
    const auto lower = std::size_t(std::floor(index));
    const auto upper = std::min(lower + 1, sorted.size() - 1);
    return sorted[lower] + (sorted[upper] - sorted[lower]) * (index - double(lower));
}

double quantile(std::vector<double> &values, double q)
{
    std::sort(values.begin(), values.end());
    return quantileOfSorted(values, q);
}

} // namespace Stats

} // namespace Kit
