// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "realservices.h"

#include <kit/processtable.h>

#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QStandardPaths>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace Startup {

namespace Real {

namespace {

/** Calls FN(pid, state, process group) for each process in /proc. */
template<class Fn>
void eachProcess(Fn fn)
{
    for (const Kit::ProcessTable::Entry &e : Kit::ProcessTable::all())
        fn(e.pid, e.state, e.group);
}

bool alive(char state)
{
    return state != 'Z' && state != 'X';
}

QString ending(int status)
{
    if (WIFSIGNALED(status)) {
        const int signal = WTERMSIG(status);
        return QStringLiteral("was killed by signal %1 (%2)")
            .arg(signal)
            .arg(QString::fromLocal8Bit(::strsignal(signal)));
    }
    return QStringLiteral("exited with status %1").arg(WEXITSTATUS(status));
}

} // namespace

ServiceGroup::~ServiceGroup()
{
    endAll();
}

pid_t ServiceGroup::start(const ServiceSpec &spec, QString *error)
{
    const QString program = spec.program.contains(QLatin1Char('/'))
                                ? spec.program
                                : QStandardPaths::findExecutable(spec.program);
    if (program.isEmpty() || !QFileInfo(program).isExecutable()) {
        *error = QStringLiteral("cannot start %1: no program %2").arg(spec.name, spec.program);
        return -1;
    }
    // Everything the child needs is made before fork(): after it, only async-signal-safe calls.
    std::vector<QByteArray> args{QFile::encodeName(program)};
    for (const QString &a : spec.arguments)
        args.push_back(a.toLocal8Bit());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &pair : spec.environment) {
        const qsizetype eq = pair.indexOf(QLatin1Char('='));
        environment.insert(pair.left(eq), pair.mid(eq + 1));
    }
    std::vector<QByteArray> env;
    for (const QString &pair : environment.toStringList())
        env.push_back(pair.toLocal8Bit());
    std::vector<char *> argv, envp;
    for (QByteArray &a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    for (QByteArray &e : env)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    const QByteArray directory = QFile::encodeName(spec.workingDirectory);
    const QByteArray logPath
        = QFile::encodeName(spec.logFile.isEmpty() ? QStringLiteral("/dev/null") : spec.logFile);
    const int log = ::open(logPath.constData(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    const int devNull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    int pipeFds[2] = {-1, -1};
    if (log < 0 || devNull < 0 || (spec.readOutput && ::pipe2(pipeFds, O_CLOEXEC) != 0)) {
        *error = QStringLiteral("cannot start %1: %2")
                     .arg(spec.name, QString::fromLocal8Bit(std::strerror(errno)));
        for (const int fd : {log, devNull, pipeFds[0], pipeFds[1]}) {
            if (fd >= 0)
                ::close(fd);
        }
        return -1;
    }
    const int out = spec.readOutput ? pipeFds[1] : log;
    const pid_t parent = ::getpid();
    const pid_t group = m_group;
    const rlim_t memory = rlim_t(spec.memoryBytes);
    const pid_t pid = ::fork();
    if (pid == 0) {
        // Killed by the kernel when Curtain (this thread of it) goes; gone already: go too.
        if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || ::getppid() != parent)
            ::_exit(126);
        if (::setpgid(0, group) != 0)
            ::_exit(126);
        ::dup2(devNull, STDIN_FILENO);
        ::dup2(out, STDOUT_FILENO);
        ::dup2(log, STDERR_FILENO);
        ::close_range(3, ~0U, 0); // nothing of Curtain's leaks into the service
        const rlimit limit{memory, memory};
        ::setrlimit(RLIMIT_AS, &limit);
        if (!directory.isEmpty() && ::chdir(directory.constData()) != 0)
            ::_exit(126);
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    const int forkErrno = errno;
    ::close(log);
    ::close(devNull);
    if (spec.readOutput)
        ::close(pipeFds[1]);
    if (pid < 0) {
        if (spec.readOutput)
            ::close(pipeFds[0]);
        *error = QStringLiteral("cannot start %1: %2")
                     .arg(spec.name, QString::fromLocal8Bit(std::strerror(forkErrno)));
        return -1;
    }
    // Also from here, so the group exists whichever of the two runs first.
    ::setpgid(pid, group == 0 ? pid : group);
    if (m_group == 0)
        m_group = pid;
    Child child;
    child.name = spec.name;
    child.out = spec.readOutput ? pipeFds[0] : -1;
    child.closed = !spec.readOutput;
    if (child.out >= 0)
        ::fcntl(child.out, F_SETFL, O_NONBLOCK);
    m_children.emplace(pid, child);
    return pid;
}

QList<QByteArray> ServiceGroup::readLines(pid_t pid, int timeoutMs, bool *ended)
{
    QList<QByteArray> lines;
    const auto it = m_children.find(pid);
    if (it == m_children.end()) {
        if (ended)
            *ended = true;
        return lines;
    }
    Child &c = it->second;
    auto takeLines = [&c, &lines] {
        for (qsizetype nl; (nl = c.buffer.indexOf('\n')) >= 0;) {
            lines.append(c.buffer.left(nl));
            c.buffer.remove(0, nl + 1);
        }
    };
    takeLines();
    if (lines.isEmpty() && !c.closed) {
        pollfd pfd{c.out, POLLIN, 0};
        ::poll(&pfd, 1, timeoutMs);
        char chunk[65536];
        for (;;) {
            const ssize_t n = ::read(c.out, chunk, sizeof chunk);
            if (n > 0) {
                c.buffer.append(chunk, n);
                continue;
            }
            if (n < 0 && errno == EINTR)
                continue;
            if (n == 0) {
                c.closed = true;
                ::close(c.out);
                c.out = -1;
            }
            break;
        }
        takeLines();
    }
    if (c.closed && !c.buffer.isEmpty() && lines.isEmpty()) {
        lines.append(c.buffer); // a last line without its newline
        c.buffer.clear();
    }
    if (ended)
        *ended = c.closed && c.buffer.isEmpty();
    return lines;
}

bool ServiceGroup::isRunning(pid_t pid, QString *howItEnded)
{
    const auto it = m_children.find(pid);
    if (it == m_children.end())
        return false;
    Child &c = it->second;
    if (!c.reaped) {
        int status = 0;
        pid_t done = 0;
        while ((done = ::waitpid(pid, &status, WNOHANG)) < 0 && errno == EINTR) {
        }
        if (done == pid) {
            c.reaped = true;
            c.status = status;
        }
    }
    if (c.reaped && howItEnded)
        *howItEnded = QStringLiteral("%1 %2").arg(c.name, ending(c.status));
    return !c.reaped;
}

std::vector<pid_t> ServiceGroup::members() const
{
    return m_group > 0 ? processesInGroup(m_group) : std::vector<pid_t>{};
}

bool ServiceGroup::endAll()
{
    bool done = m_group == 0;
    for (int round = 0; round < 500 && !done; ++round) {
        ::kill(-m_group, SIGKILL);
        const std::vector<pid_t> left = processesInGroup(m_group);
        for (const pid_t pid : left)
            ::kill(pid, SIGKILL);
        bool reaped = true;
        for (auto &[pid, child] : m_children) {
            if (child.reaped)
                continue;
            ::kill(pid, SIGKILL); // even one that left the group
            if (::waitpid(pid, &child.status, WNOHANG) == pid)
                child.reaped = true;
            else
                reaped = false;
        }
        done = left.empty() && reaped;
        if (!done)
            ::usleep(2000); // a killed process takes a moment to become a zombie
    }
    for (auto &[pid, child] : m_children) {
        if (child.out >= 0) {
            ::close(child.out);
            child.out = -1;
        }
        child.closed = true;
    }
    return done;
}

QString ServiceGroup::tailOf(const QString &logFile, int lines)
{
    QFile file(logFile);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    if (file.size() > 8192)
        file.seek(file.size() - 8192);
    const QList<QByteArray> all = file.readAll().trimmed().split('\n');
    QStringList last;
    for (qsizetype i = std::max<qsizetype>(0, all.size() - lines); i < all.size(); ++i)
        last.append(QString::fromLocal8Bit(all.at(i)).trimmed());
    return last.join(QStringLiteral(" / "));
}

std::vector<pid_t> ServiceGroup::processesInGroup(pid_t group)
{
    std::vector<pid_t> pids;
    eachProcess([&pids, group](pid_t pid, char state, pid_t pgrp) {
        if (pgrp == group && alive(state))
            pids.push_back(pid);
    });
    return pids;
}

std::vector<pid_t> ServiceGroup::processesWith(const QByteArray &needle)
{
    std::vector<pid_t> pids;
    eachProcess([&pids, &needle](pid_t pid, char state, pid_t) {
        if (!alive(state))
            return;
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (cmdline.open(QIODevice::ReadOnly) && cmdline.readAll().contains(needle))
            pids.push_back(pid);
    });
    return pids;
}

} // namespace Real

} // namespace Startup
