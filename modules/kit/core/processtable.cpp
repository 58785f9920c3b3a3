// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "processtable.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

namespace Kit::ProcessTable {

namespace {

/** Reads /proc/PID/stat into *OUT (false: gone, or not a process). */
bool read(const char *pid, Entry *out)
{
    char path[300];
    std::snprintf(path, sizeof path, "/proc/%s/stat", pid);
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    char stat[1024];
    const ssize_t n = ::read(fd, stat, sizeof stat - 1);
    ::close(fd);
    if (n <= 0)
        return false;
    stat[n] = '\0';
    // The name in parentheses may hold anything: the fields start after its last ')'.
    const char *close = std::strrchr(stat, ')');
    Entry e;
    e.pid = pid_t(std::atoi(pid));
    // state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime
    // cutime cstime priority nice num_threads itrealvalue starttime
    if (!close
        || std::sscanf(close + 1,
                       " %c %d %d %d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d "
                       "%llu",
                       &e.state,
                       &e.ppid,
                       &e.group,
                       &e.session,
                       &e.start)
               != 5)
        return false;
    *out = e;
    return true;
}

} // namespace

std::vector<Entry> all(pid_t skip)
{
    std::vector<Entry> entries;
    DIR *proc = ::opendir("/proc");
    if (!proc)
        return entries;
    while (const dirent *entry = ::readdir(proc)) {
        Entry e;
        if (entry->d_name[0] >= '0' && entry->d_name[0] <= '9' && read(entry->d_name, &e)
            && e.pid != skip)
            entries.push_back(e);
    }
    ::closedir(proc);
    return entries;
}

} // namespace Kit::ProcessTable
