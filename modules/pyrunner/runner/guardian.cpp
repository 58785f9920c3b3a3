// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "guardian.h"

#include <kit/processtable.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <poll.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace PyRunner::Guardian {

namespace {

int pipeToGuardian = -1; // the runner's end
pid_t guardianPid = 0;
pid_t runnerPid = 0; // in the guardian: the runner it guards (not getppid(): init, once it died)

/** How often the guardian looks at a live run's processes. */
constexpr int LookMs = 100;

using Process = Kit::ProcessTable::Entry;

/** Every process on the system but the guardian. */
std::vector<Process> allProcesses()
{
    return Kit::ProcessTable::all(guardianPid > 0 ? guardianPid : ::getpid());
}

/** What the guardian knows of a run's processes: each by pid, with its start and its run. */
struct Seen
{
    unsigned long long start;
    pid_t run;
};
using Known = std::map<pid_t, Seen>;

/**
 * Adds to KNOWN every live process of the runs RUNNING in ALL: those in a run's session or
 * group, and, to any depth, the children of one already known, even when they left the session
 * (setsid, start_new_session) and so could not be found by it once their parent is gone. Forgets
 * the dead.
 */
void follow(const std::vector<pid_t> &running, const std::vector<Process> &all, Known &known)
{
    // The runner is the subreaper of what a run abandons: an orphan of a double fork (a daemon
    // that left the run's session) is the runner's child once its parent is gone.
    const pid_t runner = runnerPid;
    std::map<pid_t, unsigned long long> alive;
    for (const Process &p : all) {
        if (p.state != 'Z')
            alive[p.pid] = p.start;
    }
    for (auto it = known.begin(); it != known.end();) {
        const auto live = alive.find(it->first);
        it = live == alive.end() || live->second != it->second.start ? known.erase(it) : ++it;
    }
    for (bool added = true; added;) {
        added = false;
        for (const Process &p : all) {
            if (p.state == 'Z' || known.count(p.pid))
                continue;
            pid_t run = 0;
            for (const pid_t r : running) {
                if (p.session == r || p.group == r)
                    run = r;
            }
            const auto parent = known.find(p.ppid);
            if (!run && parent != known.end())
                run = parent->second.run;
            if (!run && runner > 0 && p.ppid == runner && p.pid != ::getpid() && !running.empty())
                run = running.front();
            if (run) {
                known[p.pid] = {p.start, run};
                added = true;
            }
        }
    }
}

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

/** The runner is gone: stops every process of the runs (so none forks any more), looks again
 *  for children made meanwhile, then kills them all, and what is left in the runs' sessions. */
void endRuns(const std::vector<pid_t> &running, Known &known)
{
    for (int round = 0; round < 50; ++round) {
        follow(running, allProcesses(), known);
        for (const auto &[pid, seen] : known)
            ::kill(pid, SIGSTOP);
        const std::size_t before = known.size();
        follow(running, allProcesses(), known);
        if (known.size() == before)
            break;
    }
    for (const auto &[pid, seen] : known)
        ::kill(pid, SIGKILL);
    for (const pid_t session : running)
        endSession(session);
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
    runnerPid = ::getppid();
    std::vector<pid_t> running;
    Known known;
    for (;;) {
        // While a run lives, a look at its processes every LookMs: a child that leaves the
        // run's session is known by its parent before that parent dies.
        pollfd ready{fromRunner, POLLIN, 0};
        const int polled = ::poll(&ready, 1, running.empty() ? -1 : LookMs);
        if (polled < 0 && errno == EINTR)
            continue;
        if (polled == 0) {
            follow(running, allProcesses(), known);
            continue;
        }
        std::int32_t message = 0;
        const ssize_t got = ::read(fromRunner, &message, sizeof message);
        if (got < 0 && errno == EINTR)
            continue;
        if (got != ssize_t(sizeof message))
            break; // the runner is gone
        if (message > 0) {
            running.push_back(pid_t(message));
            continue;
        }
        // The runner ended that run itself, with all it started.
        const pid_t ended = pid_t(-message);
        running.erase(std::remove(running.begin(), running.end(), ended), running.end());
        for (auto it = known.begin(); it != known.end();)
            it = it->second.run == ended ? known.erase(it) : ++it;
    }
    endRuns(running, known);
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
    for (const Process &p : Kit::ProcessTable::all(guardianPid)) {
        if ((zombies || p.state != 'Z')
            && (p.group == group || p.session == group || p.ppid == parent))
            pids.push_back(p.pid);
    }
    return pids;
}

} // namespace PyRunner::Guardian
