// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

// The system's processes as /proc lists them: who is whose child, in which group and session.
// Used to end everything a run or a real stack started. This is Linux; a port replaces this file
// (docs/porting.md lists it with the other platform seams).

#include <sys/types.h>

#include <vector>

namespace Kit::ProcessTable {

/** One process, as /proc/PID/stat has it. */
struct Entry
{
    pid_t pid = 0;
    pid_t ppid = 0;
    pid_t group = 0;
    pid_t session = 0;
    unsigned long long start = 0; // since boot, in clock ticks: a reused pid is another process
    char state = 0;               // 'R', 'S', 'D', 'Z' (a zombie), ...

    bool alive() const { return state != 'Z' && state != 'X'; }
};

/** Every process now, but SKIP (0: none). Safe in a forked child of a single-threaded parent. */
std::vector<Entry> all(pid_t skip = 0);

} // namespace Kit::ProcessTable
