// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "callrules.h"

#include <QStringList>

#include <algorithm>
#include <initializer_list>

namespace PyRunner {

using namespace Protocol;

namespace {

bool startsWith(const QString &name, std::initializer_list<const char *> prefixes)
{
    return std::any_of(prefixes.begin(), prefixes.end(), [&](const char *p) {
        return name.startsWith(QLatin1String(p));
    });
}

} // namespace

CallInfo classify(const QString &name)
{
    using State = LaneState;
    // Functions that wrap a blocking system call in Py_BEGIN_ALLOW_THREADS every time.
    static const QStringList always{
        QStringLiteral("time.sleep"),
        QStringLiteral("select.select"),
        QStringLiteral("select.poll.poll"),
        QStringLiteral("select.epoll.poll"),
        QStringLiteral("posix.read"),
        QStringLiteral("posix.write"),
        QStringLiteral("posix.waitpid"),
        QStringLiteral("posix.wait"),
        QStringLiteral("posix.system"),
        QStringLiteral("_io.FileIO.read"),
        QStringLiteral("_io.FileIO.readall"),
        QStringLiteral("_io.FileIO.readinto"),
        QStringLiteral("_io.FileIO.write"),
    };
    // The process ends inside the call, with no Python after it to see it end.
    if (name == QLatin1String("posix._exit") || name == QLatin1String("posix.abort"))
        return {name, Release::Ends, State::Done};
    if (always.contains(name) || name.startsWith(QLatin1String("_socket.socket.")))
        return {name, Release::Always, State::BlockedIo};
    // Pickling and unpickling (multiprocessing's messages): C code that keeps the GIL.
    if (name.endsWith(QLatin1String("Pickler.dump")) || name == QLatin1String("_pickle.dumps")
        || name == QLatin1String("_pickle.dump"))
        return {name, Release::Holds, State::BlockedIo, State::Encoding};
    if (name.endsWith(QLatin1String("Unpickler.load")) || name == QLatin1String("_pickle.loads")
        || name == QLatin1String("_pickle.load"))
        return {name, Release::Holds, State::BlockedIo, State::Decoding};
    // Locks and queues wait only when someone else has them: seen when another thread runs.
    if (startsWith(name,
                   {"_thread.lock.",
                    "_thread.RLock.",
                    "_queue.SimpleQueue.get",
                    "_multiprocessing.SemLock.acquire"}))
        return {name, Release::Maybe, State::WaitingLock};
    return {name, Release::Maybe, State::BlockedIo};
}

} // namespace PyRunner
