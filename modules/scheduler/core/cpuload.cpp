// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "cpuload.h"

#include "events.h"

#include <QDir>
#include <QFile>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>

namespace Scheduler {

namespace CpuLoad {

namespace {

QByteArray slurp(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/** utime + stime (+ cutime + cstime with CHILDREN) of /proc/PID/stat, in ticks. */
unsigned long long processTicks(const QString &pid, bool children)
{
    const QByteArray stat = slurp(QStringLiteral("/proc/%1/stat").arg(pid));
    // The command name is in parentheses and may hold spaces: count fields after the last ')'.
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return 0;
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    // Fields after the name start at 3 (state): utime is 14, stime 15, cutime 16, cstime 17.
    auto field = [&fields](int n) {
        const int index = n - 3;
        return index < fields.size() ? fields.at(index).toULongLong() : 0ULL;
    };
    unsigned long long ticks = field(14) + field(15);
    if (children)
        ticks += field(16) + field(17);
    return ticks;
}

} // namespace

Reading read()
{
    Reading r;
    r.ns = monotonicNs();
    for (const QByteArray &line : slurp(QStringLiteral("/proc/stat")).split('\n')) {
        // "cpu0 user nice system idle iowait irq softirq steal ..."; skip the "cpu " total.
        if (!line.startsWith("cpu") || line.size() < 4 || line.at(3) == ' ')
            continue;
        const QList<QByteArray> fields = line.simplified().split(' ');
        CoreTicks t;
        for (int i = 1; i < fields.size() && i <= 8; ++i) { // guest time is already in user
            const unsigned long long value = fields.at(i).toULongLong();
            t.total += value;
            if (i != 4 && i != 5) // idle and iowait are not busy
                t.busy += value;
        }
        r.cores.push_back(t);
    }
    // Ours: this process with its reaped children, plus the children still running.
    unsigned long long ticks = processTicks(QStringLiteral("self"), true);
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QByteArray children
            = slurp(QStringLiteral("/proc/self/task/%1/children").arg(tid)).trimmed();
        for (const QByteArray &pid : children.split(' ')) {
            if (!pid.isEmpty())
                ticks += processTicks(QString::fromLatin1(pid), false);
        }
    }
    r.ownCpuMs = double(ticks) * 1000.0 / double(::sysconf(_SC_CLK_TCK));
    return r;
}

std::vector<double> busyPerCore(const Reading &before, const Reading &after)
{
    std::vector<double> busy(after.cores.size(), 0.0);
    if (before.cores.size() != after.cores.size())
        return busy;
    for (std::size_t i = 0; i < after.cores.size(); ++i) {
        const double total = double(after.cores[i].total - before.cores[i].total);
        busy[i] = total > 0 ? double(after.cores[i].busy - before.cores[i].busy) / total : 0.0;
    }
    return busy;
}

double otherCores(const Reading &before, const Reading &after)
{
    if (before.cores.size() != after.cores.size() || after.ns <= before.ns)
        return 0;
    const double msPerTick = 1000.0 / double(::sysconf(_SC_CLK_TCK));
    double busyMs = 0;
    for (std::size_t i = 0; i < after.cores.size(); ++i)
        busyMs += double(after.cores[i].busy - before.cores[i].busy) * msPerTick;
    const double ownMs = after.ownCpuMs - before.ownCpuMs;
    const double wallMs = double(after.ns - before.ns) / 1e6;
    return std::clamp((busyMs - ownMs) / wallMs, 0.0, double(after.cores.size()));
}

} // namespace CpuLoad

std::vector<double> CpuSampler::sample()
{
    CpuLoad::Reading now = CpuLoad::read();
    std::vector<double> busy = CpuLoad::busyPerCore(m_previous, now);
    m_others = CpuLoad::otherCores(m_previous, now);
    m_previous = std::move(now);
    return busy;
}

} // namespace Scheduler
