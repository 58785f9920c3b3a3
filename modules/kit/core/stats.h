// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <vector>

namespace Kit {

/** Small statistics every engine shares. */
namespace Stats {

/** The Q-quantile (0..1) of SORTED values, interpolating linearly between neighbours; 0 when
 *  there are none. */
double quantileOfSorted(const std::vector<double> &sorted, double q);

/** The Q-quantile of VALUES (sorted in place). */
double quantile(std::vector<double> &values, double q);

} // namespace Stats

} // namespace Kit
