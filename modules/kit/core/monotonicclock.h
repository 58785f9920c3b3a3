// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <cstdint>
#include <ctime>

namespace Kit {

// The one clock every recording is on: CLOCK_MONOTONIC is the same in every process of the
// machine, so a worker's or a Python child's events line up with the app's. (A port replaces
// this file.)
namespace Clock {

/** CLOCK_MONOTONIC in nanoseconds. */
inline std::int64_t monotonicNs() noexcept
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

/** The calling thread's CPU time (user + system) in nanoseconds. */
inline std::int64_t threadCpuNs() noexcept
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

} // namespace Clock

} // namespace Kit
