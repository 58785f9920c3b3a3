// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "work.h"

#include "events.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace Scheduler {

namespace Work {

std::uint64_t spin(std::uint64_t iterations, std::uint64_t seed) noexcept
{
    std::uint64_t x = seed | 1;
    for (std::uint64_t i = 0; i < iterations; ++i) {
        // xorshift64*: cheap, branch-free, and impossible to fold away.
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        x *= 0x2545F4914F6CDD1DULL;
    }
    return x;
}

std::uint64_t iterationsPerMs()
{
    static const std::uint64_t perMs = [] {
        std::uint64_t best = 0;
        for (int attempt = 0; attempt < 3; ++attempt) {
            const std::uint64_t iterations = 2000000;
            const std::int64_t start = monotonicNs();
            volatile std::uint64_t sink = spin(iterations, 42);
            (void)sink;
            const double ms = double(monotonicNs() - start) / 1e6;
            best = std::max(best, std::uint64_t(double(iterations) / std::max(ms, 0.001)));
        }
        return best;
    }();
    return perMs;
}

void blockingWait(double ms)
{
    struct Pipe
    {
        int fds[2] = {-1, -1};
        Pipe()
        {
            if (::pipe2(fds, O_CLOEXEC) != 0)
                fds[0] = fds[1] = -1;
        }
        ~Pipe()
        {
            ::close(fds[0]);
            ::close(fds[1]);
        }
    };
    thread_local Pipe pipe;
    const std::int64_t deadline = monotonicNs() + std::int64_t(ms * 1e6);
    for (;;) {
        const std::int64_t left = deadline - monotonicNs();
        if (left <= 0)
            return;
        pollfd pfd{pipe.fds[0], POLLIN, 0};
        const timespec timeout{time_t(left / 1000000000), long(left % 1000000000)};
        const int ready = ::ppoll(&pfd, 1, &timeout, nullptr);
        if (ready == 0)
            return;
        if (ready < 0 && errno != EINTR)
            return;
    }
}

} // namespace Work

} // namespace Scheduler
