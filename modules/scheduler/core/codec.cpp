// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "codec.h"

#include <cstring>

namespace Scheduler {

namespace Codec {

namespace {

enum class Type : std::uint8_t { Task = 1, Result = 2, Ready = 3, Events = 4, Quit = 5 };

class Writer
{
public:
    template<typename T>
    void put(T value)
    {
        static_assert(std::is_trivially_copyable_v<T>);
        char bytes[sizeof(T)];
        std::memcpy(bytes, &value, sizeof(T)); // x86-64 and aarch64 Linux are little-endian
        m_bytes.append(bytes, sizeof(T));
    }
    QByteArray frame(Type type) const
    {
        QByteArray out;
        const auto length = std::uint32_t(m_bytes.size() + 1);
        out.append(reinterpret_cast<const char *>(&length), sizeof length);
        out.append(char(type));
        out.append(m_bytes);
        return out;
    }

private:
    QByteArray m_bytes;
};

class Reader
{
public:
    Reader(const char *data, qsizetype size)
        : m_data(data)
        , m_left(size)
    {}
    template<typename T>
    bool get(T &value)
    {
        if (m_left < qsizetype(sizeof(T)))
            return false;
        std::memcpy(&value, m_data, sizeof(T));
        m_data += sizeof(T);
        m_left -= sizeof(T);
        return true;
    }
    qsizetype left() const { return m_left; }

private:
    const char *m_data;
    qsizetype m_left;
};

Decoded failure(const QString &error)
{
    Decoded d;
    d.status = Decoded::Status::Error;
    d.error = error;
    return d;
}

} // namespace

QByteArray encode(const Message &message)
{
    Writer w;
    if (const auto *task = std::get_if<Task>(&message)) {
        w.put(task->id);
        w.put(std::uint8_t(task->kind));
        w.put(task->micros);
        w.put(task->iterations);
        return w.frame(Type::Task);
    }
    if (const auto *result = std::get_if<Result>(&message)) {
        w.put(result->id);
        w.put(result->checksum);
        w.put(result->start);
        w.put(result->end);
        w.put(result->ioNs);
        return w.frame(Type::Result);
    }
    if (const auto *ready = std::get_if<Ready>(&message)) {
        w.put(ready->t);
        return w.frame(Type::Ready);
    }
    if (const auto *events = std::get_if<Events>(&message)) {
        w.put(std::uint32_t(events->events.size()));
        for (const WorkerEvent &e : events->events) {
            w.put(e.t);
            w.put(std::uint8_t(e.state));
            w.put(e.flags);
            w.put(e.cpu);
            w.put(e.other);
        }
        return w.frame(Type::Events);
    }
    return w.frame(Type::Quit);
}

Decoded decode(const QByteArray &buffer)
{
    Decoded d;
    std::uint32_t length = 0;
    if (buffer.size() < qsizetype(sizeof length))
        return d; // NeedMore
    std::memcpy(&length, buffer.constData(), sizeof length);
    if (length == 0 || length > MaxFrame)
        return failure(
            QStringLiteral("frame length %1 is outside 1..%2").arg(length).arg(MaxFrame));
    if (buffer.size() < qsizetype(sizeof length) + qsizetype(length))
        return d; // NeedMore
    Reader r(buffer.constData() + sizeof length, length);
    std::uint8_t type = 0;
    r.get(type);
    const qsizetype payload = r.left();
    bool ok = true;
    switch (Type(type)) {
    case Type::Task: {
        Task t;
        std::uint8_t kind = 0;
        ok = r.get(t.id) && r.get(kind) && r.get(t.micros) && r.get(t.iterations) && r.left() == 0;
        if (ok && kind > std::uint8_t(TaskKind::Dict))
            return failure(QStringLiteral("task kind %1 is unknown").arg(kind));
        t.kind = TaskKind(kind);
        d.message = t;
        break;
    }
    case Type::Result: {
        Result res;
        ok = r.get(res.id) && r.get(res.checksum) && r.get(res.start) && r.get(res.end)
             && r.get(res.ioNs) && r.left() == 0;
        d.message = res;
        break;
    }
    case Type::Ready: {
        Ready ready;
        ok = r.get(ready.t) && r.left() == 0;
        d.message = ready;
        break;
    }
    case Type::Events: {
        std::uint32_t count = 0;
        ok = r.get(count);
        constexpr qsizetype eventSize = 8 + 1 + 1 + 2 + 4;
        if (ok && qsizetype(count) * eventSize != r.left())
            return failure(QStringLiteral("events frame says %1 events but carries %2 bytes")
                               .arg(count)
                               .arg(r.left()));
        Events events;
        events.events.reserve(count);
        for (std::uint32_t i = 0; ok && i < count; ++i) {
            WorkerEvent e;
            std::uint8_t state = 0;
            ok = r.get(e.t) && r.get(state) && r.get(e.flags) && r.get(e.cpu) && r.get(e.other);
            if (ok && state > std::uint8_t(WorkerState::Done))
                return failure(QStringLiteral("worker state %1 is unknown").arg(state));
            if (ok && (e.flags & ~EventFlag::Known) != 0)
                return failure(QStringLiteral("event flags %1 are unknown").arg(e.flags));
            e.state = WorkerState(state);
            events.events.push_back(e);
        }
        d.message = std::move(events);
        break;
    }
    case Type::Quit:
        ok = r.left() == 0;
        d.message = Quit{};
        break;
    default:
        return failure(QStringLiteral("frame type %1 is unknown").arg(type));
    }
    if (!ok)
        return failure(QStringLiteral("frame of type %1 has a %2-byte payload that does not fit it")
                           .arg(type)
                           .arg(payload));
    d.status = Decoded::Status::Ok;
    d.consumed = qsizetype(sizeof length) + qsizetype(length);
    return d;
}

} // namespace Codec

} // namespace Scheduler
