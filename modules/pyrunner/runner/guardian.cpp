// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "guardian.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace PyRunner::Guardian {

namespace {

int pipeToGuardian = -1; // the runner's end
pid_t guardianPid = 0;

/** Kills everything in SESSION until nothing is left (a process may fork while we look). */
void endSession(pid_t session)
{
    for (int round = 0; round < 200; ++round) {
        ::kill(-session, SIGKILL);
        const std::vector<pid_t> left = processesOf(session, -1, false); // zombies: init reaps them
        if (left.empty())
            return;
        for (const pid_t pid : left)
            ::kill(pid, SIGKILL);
        ::usleep(5000);
    }
}

[[noreturn]] void guard(int fromRunner)
{
    // Only the pipe: the app's pipes must close when the runner dies, not when we do.
    for (int fd = 0; fd < 1024; ++fd) {
        if (fd != fromRunner && fd != STDERR_FILENO)
            ::close(fd);
    }
    // A Ctrl+C in the app's terminal reaches its whole process group, us included: we end
    // when the runner does, after its runs.
    std::signal(SIGINT, SIG_IGN);
    std::signal(SIGHUP, SIG_IGN);
    std::signal(SIGQUIT, SIG_IGN);
    ::prctl(PR_SET_NAME, "curtain-guard");
    std::vector<pid_t> running;
    for (;;) {
        std::int32_t message = 0;
        const ssize_t got = ::read(fromRunner, &message, sizeof message);
        if (got < 0 && errno == EINTR)
            continue;
        if (got != ssize_t(sizeof message))
            break; // the runner is gone
        if (message > 0)
            running.push_back(pid_t(message));
        else
            running.erase(std::remove(running.begin(), running.end(), pid_t(-message)),
                          running.end());
    }
    for (const pid_t session : running)
        endSession(session);
    _exit(0);
}

void tell(std::int32_t message)
{
    if (pipeToGuardian < 0)
        return;
    ssize_t wrote;
    do {
        wrote = ::write(pipeToGuardian, &message, sizeof message);
    } while (wrote < 0 && errno == EINTR);
}

} // namespace

void start()
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return;
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[1]);
        if (::getppid() != parent)
            _exit(0);
        guard(fds[0]);
    }
    ::close(fds[0]);
    if (pid < 0) {
        ::close(fds[1]);
        return;
    }
    pipeToGuardian = fds[1];
    guardianPid = pid;
}

void runStarted(pid_t session)
{
    tell(std::int32_t(session));
}

void runEnded(pid_t session)
{
    tell(-std::int32_t(session));
}

void release()
{
    if (pipeToGuardian >= 0)
        ::close(pipeToGuardian);
    pipeToGuardian = -1;
}

std::vector<pid_t> processesOf(pid_t group, pid_t parent, bool zombies)
{
    std::vector<pid_t> pids;
    DIR *proc = ::opendir("/proc");
    if (!proc)
        return pids;
    while (const dirent *entry = ::readdir(proc)) {
        if (entry->d_name[0] < '0' || entry->d_name[0] > '9'
            || (guardianPid > 0 && std::atoi(entry->d_name) == guardianPid))
            continue;
        char path[300];
        std::snprintf(path, sizeof path, "/proc/%s/stat", entry->d_name);
        const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        char stat[512];
        const ssize_t n = ::read(fd, stat, sizeof stat - 1);
        ::close(fd);
        if (n <= 0)
            continue;
        stat[n] = '\0';
        const char *close = std::strrchr(stat, ')');
        char state = 0;
        int ppid = 0, pgrp = 0, session = 0;
        if (close && std::sscanf(close + 1, " %c %d %d %d", &state, &ppid, &pgrp, &session) == 4
            && (zombies || state != 'Z') && (pgrp == group || session == group || ppid == parent))
            pids.push_back(pid_t(std::atoi(entry->d_name)));
    }
    ::closedir(proc);
    return pids;
}

} // namespace PyRunner::Guardian
