// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "events.h"

#include <ctime>
#include <iterator>
#include <sched.h>

namespace {

struct StateText
{
    const char *id;
    const char *name;
};

// Indexed by WorkerState: the JSON id and the words for people, side by side.
constexpr StateText States[] = {
    {"idle", "idle"},
    {"running", "running"},
    {"waiting_gil", "waiting for the GIL"},
    {"waiting_lock", "waiting for a lock"},
    {"blocked_io", "blocked on I/O"},
    {"spawning", "spawning"},
    {"encoding", "encoding"},
    {"decoding", "decoding"},
    {"ready", "ready, waiting for the event loop"},
    {"done", "done"},
};
static_assert(std::size(States) == std::size_t(WorkerState::Done) + 1);

} // namespace

QString stateName(WorkerState state)
{
    return QString::fromLatin1(States[std::size_t(state)].name);
}

QString stateId(WorkerState state)
{
    return QString::fromLatin1(States[std::size_t(state)].id);
}

std::optional<WorkerState> stateFromId(const QString &id)
{
    for (std::size_t i = 0; i < std::size(States); ++i) {
        if (id == QLatin1String(States[i].id))
            return WorkerState(i);
    }
    return std::nullopt;
}

int currentCpu() noexcept
{
    // glibc answers from the rseq area the kernel keeps up to date: no system call.
    return ::sched_getcpu();
}

std::int64_t monotonicNs() noexcept
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}
