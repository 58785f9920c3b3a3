#pragma once

#include <QString>

#include <cstdint>
#include <vector>

/** What a worker is doing. */
enum class WorkerState : std::uint8_t {
    Idle,        // nothing to do, or waiting for a message
    Running,     // computing (holding the GIL, under the gil model)
    WaitingGil,  // ready to run, waiting for the global interpreter lock
    WaitingLock, // waiting for a lock another worker holds
    BlockedIo,   // inside a blocking I/O call
    Spawning,    // a worker process starting up
    Encoding,    // turning a task or result into bytes
    Decoding,    // turning bytes back into a task or result
    Ready,       // a coroutine that could run, waiting for the event loop
    Done,        // finished
};

/** One state change of one worker, with a CLOCK_MONOTONIC timestamp in nanoseconds. */
struct WorkerEvent
{
    std::int64_t t = 0;
    std::int32_t worker = 0;
    WorkerState state = WorkerState::Idle;
    std::int32_t other = -1; // WaitingLock/WaitingGil: the worker holding it, when known
};

/** The state's name for people and for the trace ("waiting for the GIL"). */
QString stateName(WorkerState state);
/** The state's short id for JSON ("waiting_gil"). */
QString stateId(WorkerState state);

/** CLOCK_MONOTONIC in nanoseconds: the same clock in every process on the machine. */
std::int64_t monotonicNs() noexcept;
