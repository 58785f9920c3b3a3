// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

// Where a thread runs and how its time went, from the kernel's per-thread scheduler statistics
// (/proc/thread-self/schedstat: time on a CPU, time runnable on a run queue). This is Linux; a
// port replaces this file (docs/porting.md lists it with the other platform seams).

#include <cstdint>

namespace PyRunner::CpuSampler {

/** One look at the calling thread: when, on which core, and its times so far. */
struct Sample
{
    std::int64_t t = -1;       // CLOCK_MONOTONIC ns
    std::int64_t cpuNs = -1;   // on a CPU (user + system) since the thread began
    std::int64_t delayNs = -1; // runnable but waiting for a CPU (-1: the kernel does not say)
    std::int64_t slices = -1;  // times it has been put on a CPU (-1: the kernel does not say)
    std::int64_t faults = -1;  // page faults it has taken, minor and major (-1: unknown)
    int core = -1;             // the CPU it is on now

    bool valid() const { return cpuNs >= 0; }
};

/** Opens the calling thread's statistics (close with closeThread); -1 where there are none. */
int openThread();
void closeThread(int fd);
/** The calling thread now, at time T, through FD from openThread (-1: its CPU clock only). */
Sample sample(int fd, std::int64_t t);
/** The calling thread's CPU time in user mode, in ns (-1: unknown). */
std::int64_t userNs();

} // namespace PyRunner::CpuSampler
