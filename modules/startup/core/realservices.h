// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <map>
#include <sys/types.h>
#include <vector>

namespace Startup {

namespace Real {

/** One process of a real run: Redis, a Celery worker, the operator, Tornado, the clients. */
struct ServiceSpec
{
    QString name;    // in messages: "redis-server", "Celery worker 3"
    QString program; // a path, or a name looked up on PATH
    QStringList arguments;
    QStringList environment; // KEY=VALUE, over the app's own
    QString workingDirectory;
    bool readOutput = false; // stdout through a pipe the run reads line by line
    QString logFile;         // everything else it writes (stderr, and stdout when not read)
    qint64 memoryBytes = qint64(4) << 30; // its address space (RLIMIT_AS)
};

/**
 * The processes of one real run, supervised as the platform allows (on Linux: one process group
 * of their own, each child killed by the kernel if Curtain dies, PR_SET_PDEATHSIG, and a limit
 * on its memory). Whatever they start themselves (ffmpeg, a prefork child) stays in the group,
 * and endAll() ends the group whole: at the end of the run, at Stop, at a time-out, and when
 * this object goes. This is the platform seam of the real runs: a port replaces this file.
 */
class ServiceGroup final
{
public:
    ServiceGroup() = default;
    ~ServiceGroup();
    ServiceGroup(const ServiceGroup &) = delete;
    ServiceGroup &operator=(const ServiceGroup &) = delete;

    /** Starts SPEC in the group; its pid, or -1 and *error naming the service. */
    pid_t start(const ServiceSpec &spec, QString *error);
    /** The whole lines PID wrote on stdout since the last call, waiting up to TIMEOUTMS for the
     *  first one; *ENDED turns true once its stdout is closed and every line has been read. */
    QList<QByteArray> readLines(pid_t pid, int timeoutMs, bool *ended = nullptr);
    /** Whether PID (one of ours) still runs; once it ended, how, in words. */
    bool isRunning(pid_t pid, QString *howItEnded = nullptr);
    /** The process group, or 0 before the first start. */
    pid_t group() const { return m_group; }
    /** The processes of the group alive now (zombies left out), ours and those they started. */
    std::vector<pid_t> members() const;
    /** Kills every process of the group and reaps ours; true when none is left. */
    bool endAll();
    /** The last lines of SPEC's log file, for an error message. */
    static QString tailOf(const QString &logFile, int lines = 6);

    /** Alive processes in process group GROUP (from /proc). */
    static std::vector<pid_t> processesInGroup(pid_t group);
    /** Alive processes whose command line holds NEEDLE (from /proc). */
    static std::vector<pid_t> processesWith(const QByteArray &needle);

private:
    struct Child
    {
        QString name;
        int out = -1;
        QByteArray buffer;
        bool closed = false;
        bool reaped = false;
        int status = 0;
    };
    std::map<pid_t, Child> m_children;
    pid_t m_group = 0;
};

} // namespace Real

} // namespace Startup
