// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "cpusampler.h"

#include <kit/monotonicclock.h>

#include <cstdlib>
#include <fcntl.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

namespace PyRunner::CpuSampler {

int openThread()
{
    // O_CLOEXEC: a program the learner starts with subprocess never sees it.
    return ::open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
}

void closeThread(int fd)
{
    if (fd >= 0)
        ::close(fd);
}

Sample sample(int fd, std::int64_t t)
{
    Sample s;
    s.t = t;
    s.core = ::sched_getcpu(); // glibc reads it from the rseq area: no system call
    // The CPU clock brings the kernel's count up to now; schedstat's first field lags by up to a
    // tick for a running thread, its run-queue time does not (it grows only while off a CPU).
    s.cpuNs = Kit::Clock::threadCpuNs();
    char text[96];
    const ssize_t n = fd >= 0 ? ::pread(fd, text, sizeof text - 1, 0) : -1;
    if (n > 0) {
        // "<ns on a CPU> <ns waiting on a run queue> <time slices>"
        text[n] = '\0';
        char *end = nullptr;
        static_cast<void>(std::strtoll(text, &end, 10)); // its time on a CPU: the clock says
        char *after = nullptr;
        const long long delay = std::strtoll(end, &after, 10);
        if (after != end)
            s.delayNs = delay;
        char *last = nullptr;
        const long long slices = std::strtoll(after, &last, 10);
        if (after != end && last != after)
            s.slices = slices;
    }
    // A thread off a CPU while it runs Python may be waiting for the kernel to handle a page
    // fault (another thread of the process holding the memory map's lock): it still holds
    // the GIL then. The fault counts tell that wait from a C call that let the GIL go.
    rusage usage{};
    if (::getrusage(RUSAGE_THREAD, &usage) == 0)
        s.faults = std::int64_t(usage.ru_minflt) + std::int64_t(usage.ru_majflt);
    return s;
}

std::int64_t userNs()
{
    rusage usage{};
    if (::getrusage(RUSAGE_THREAD, &usage) != 0)
        return -1;
    return std::int64_t(usage.ru_utime.tv_sec) * 1000000000
           + std::int64_t(usage.ru_utime.tv_usec) * 1000;
}

} // namespace PyRunner::CpuSampler
