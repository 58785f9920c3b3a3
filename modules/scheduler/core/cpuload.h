// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <cstdint>
#include <vector>

namespace Scheduler {

/**
 * What the machine's cores are doing, and how much of it is ours. Linux reads /proc/stat and
 * /proc/self; this file is the seam a port to another system replaces.
 */
namespace CpuLoad {

/** Busy and total time of each core since boot, in clock ticks. */
struct CoreTicks
{
    unsigned long long busy = 0;
    unsigned long long total = 0;
};

/** One reading of the whole machine and of this process (with its children). */
struct Reading
{
    std::vector<CoreTicks> cores;
    double ownCpuMs = 0; // this process and its children, running or reaped
    std::int64_t ns = 0; // CLOCK_MONOTONIC when read
};

Reading read();

/** Each core's busy fraction (0..1) between two readings. */
std::vector<double> busyPerCore(const Reading &before, const Reading &after);

/** How many cores' worth of CPU other programs used between two readings, on average. */
double otherCores(const Reading &before, const Reading &after);

/** Above this many cores' worth of other programs' CPU, timings are not to be trusted. */
constexpr double UnreliableAbove = 0.25;

} // namespace CpuLoad

/** Busy share of each CPU core between two calls: what the machine really did (every program). */
class CpuSampler final
{
public:
    /** Each core's busy fraction (0..1) since the previous call (the first call gives zeros). */
    std::vector<double> sample();
    /** Cores' worth of CPU other programs used since the previous call. */
    double others() const { return m_others; }

private:
    CpuLoad::Reading m_previous;
    double m_others = 0;
};

} // namespace Scheduler
