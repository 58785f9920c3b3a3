// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <kit/monotonicclock.h>
#include <protocol/protocol.h>

#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace Scheduler {

/** What a worker is doing: the lane states Scheduler Lab shares with curtain-runner. */
using WorkerState = Protocol::LaneState;

/** Marks on an event besides its state. */
namespace EventFlag {
constexpr std::uint8_t HoldsLock = 1; // the worker holds the shared lock from here on
constexpr std::uint8_t TaskStart = 2; // the worker starts a new task here
constexpr std::uint8_t Known = HoldsLock | TaskStart;
} // namespace EventFlag

/**
 * One state change of one worker, with a CLOCK_MONOTONIC timestamp in nanoseconds and the CPU
 * the worker was on when it changed (sched_getcpu(); -1 when unknown).
 */
struct WorkerEvent
{
    std::int64_t t = 0;
    std::int32_t worker = 0;
    WorkerState state = WorkerState::Idle;
    std::uint8_t flags = 0;  // EventFlag bits
    std::int16_t cpu = -1;   // the core it ran on
    std::int32_t other = -1; // WaitingLock/WaitingGil: the worker holding it, when known

    friend bool operator==(const WorkerEvent &, const WorkerEvent &) = default;
};
static_assert(sizeof(WorkerEvent) == 24, "keep an event small: it is copied per state change");

/** The state's name for people and for the trace ("waiting for the GIL"). */
QString stateName(WorkerState state);
/** The state's short id for JSON ("waiting_gil"). */
QString stateId(WorkerState state);
/** The state with id ID, if there is one. */
std::optional<WorkerState> stateFromId(const QString &id);
/** The CPU the calling thread runs on now, or -1. */
int currentCpu() noexcept;

/** CLOCK_MONOTONIC in nanoseconds: the same clock in every process on the machine. */
using Kit::Clock::monotonicNs;

} // namespace Scheduler
