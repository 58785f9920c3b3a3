#include "events.h"

#include <ctime>

QString stateName(WorkerState state)
{
    switch (state) {
    case WorkerState::Idle:
        return QStringLiteral("idle");
    case WorkerState::Running:
        return QStringLiteral("running");
    case WorkerState::WaitingGil:
        return QStringLiteral("waiting for the GIL");
    case WorkerState::WaitingLock:
        return QStringLiteral("waiting for a lock");
    case WorkerState::BlockedIo:
        return QStringLiteral("blocked on I/O");
    case WorkerState::Spawning:
        return QStringLiteral("spawning");
    case WorkerState::Encoding:
        return QStringLiteral("encoding");
    case WorkerState::Decoding:
        return QStringLiteral("decoding");
    case WorkerState::Ready:
        return QStringLiteral("ready, waiting for the event loop");
    case WorkerState::Done:
        return QStringLiteral("done");
    }
    return QStringLiteral("unknown");
}

QString stateId(WorkerState state)
{
    switch (state) {
    case WorkerState::Idle:
        return QStringLiteral("idle");
    case WorkerState::Running:
        return QStringLiteral("running");
    case WorkerState::WaitingGil:
        return QStringLiteral("waiting_gil");
    case WorkerState::WaitingLock:
        return QStringLiteral("waiting_lock");
    case WorkerState::BlockedIo:
        return QStringLiteral("blocked_io");
    case WorkerState::Spawning:
        return QStringLiteral("spawning");
    case WorkerState::Encoding:
        return QStringLiteral("encoding");
    case WorkerState::Decoding:
        return QStringLiteral("decoding");
    case WorkerState::Ready:
        return QStringLiteral("ready");
    case WorkerState::Done:
        return QStringLiteral("done");
    }
    return QStringLiteral("unknown");
}

std::int64_t monotonicNs() noexcept
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}
