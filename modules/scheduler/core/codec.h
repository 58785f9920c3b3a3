// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "events.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

namespace Scheduler {

/**
 * The messages between Scheduler Lab and its worker processes: length-prefixed binary frames,
 * [u32 length][u8 type][payload], little-endian. Unlike a pickle, a frame can only ever describe
 * data: decoding checks every length and never runs anything.
 */
namespace Codec {

enum class TaskKind : std::uint8_t { Cpu = 0, Io = 1, Dict = 2 };

struct Task
{
    std::uint32_t id = 0;
    TaskKind kind = TaskKind::Cpu;
    std::uint32_t micros = 0;     // Io: how long to block
    std::uint64_t iterations = 0; // Cpu/Dict: how much to compute
};
struct Result
{
    std::uint32_t id = 0;
    std::uint64_t checksum = 0;
    std::int64_t start = 0; // CLOCK_MONOTONIC ns
    std::int64_t end = 0;
    std::int64_t ioNs = 0; // time inside the blocking call, for I/O latency
};
struct Ready
{
    std::int64_t t = 0;
};
struct Events
{
    std::vector<WorkerEvent> events;
};
struct Quit
{
};

using Message = std::variant<Task, Result, Ready, Events, Quit>;

/** The largest frame either side accepts. */
constexpr std::uint32_t MaxFrame = 16u << 20;

/** MESSAGE as one frame. */
QByteArray encode(const Message &message);

/** What decode() found at the front of a buffer. */
struct Decoded
{
    enum class Status { Ok, NeedMore, Error } status = Status::NeedMore;
    Message message;
    qsizetype consumed = 0; // bytes to drop from the buffer when Ok
    QString error;          // when Error: what is wrong with the frame
};

/** Decodes the first frame of BUFFER, checking every length against what is there. */
Decoded decode(const QByteArray &buffer);

} // namespace Codec

} // namespace Scheduler
