// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

// What the thread recorder knows of CPython's C functions: which let the GIL go around a system
// call, which wait only when another thread has what they want, which keep it while working.
// Plain rules on a function's name (no Python here): tested in process.

#include <protocol/protocol.h>

#include <QString>

#include <cstdint>

namespace PyRunner {

/** How a C function treats the GIL. */
enum class Release : std::uint8_t {
    Always, // it always lets the GIL go around a system call (sleep, select, raw I/O)
    Maybe,  // it lets it go only when it has to wait (a contended lock) or we cannot tell
    Never,  // ours: the lock's `with` wrapper records its own call
    Holds,  // it keeps the GIL and is drawn as its own state (pickling)
    Ends,   // it ends the process there and then (os._exit, os.abort): its lanes end with it
};

/** A C function the program called, and how it is drawn. */
struct CallInfo
{
    QString name; // "time.sleep", "_thread.lock.acquire"
    Release release = Release::Maybe;
    Protocol::LaneState released
        = Protocol::LaneState::BlockedIo; // the state drawn while it has let the GIL go
    Protocol::LaneState holding
        = Protocol::LaneState::Running; // Holds: the state drawn while it runs
};

/** How the C function called NAME ("module.Type.method") treats the GIL. */
CallInfo classify(const QString &name);

} // namespace PyRunner
