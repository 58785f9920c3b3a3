// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "events.h"

#include <iterator>
#include <sched.h>

namespace Scheduler {

namespace {

// Indexed by WorkerState: the words for people (the ids are the protocol's).
constexpr const char *StateNames[] = {
    "idle",
    "running",
    "waiting for the GIL",
    "waiting for a lock",
    "blocked on I/O",
    "spawning",
    "encoding",
    "decoding",
    "ready, waiting for the event loop",
    "done",
    "preempted, holding the GIL",
    "on a CPU without the GIL",
    "waiting for a CPU, without the GIL",
    "stalled in the kernel, holding the GIL",
};
static_assert(std::size(StateNames) == std::size_t(Protocol::LaneStateCount));

} // namespace

QString stateName(WorkerState state)
{
    return QString::fromLatin1(StateNames[std::size_t(state)]);
}

QString stateId(WorkerState state)
{
    return QString::fromLatin1(Protocol::laneStateId(state));
}

std::optional<WorkerState> stateFromId(const QString &id)
{
    return Protocol::laneStateFromId(id);
}

int currentCpu() noexcept
{
    // glibc answers from the rseq area the kernel keeps up to date: no system call.
    return ::sched_getcpu();
}

} // namespace Scheduler
