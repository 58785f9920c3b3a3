// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The recording every process of a threads run writes to: a memfd made by the program's process
// before it runs, mapped by every process it forks (inherited) and by every child interpreter it
// starts (opened through /proc). Records are appended with one atomic counter; each is marked
// valid last, so a reader skips one still being written.

#include "recorderstate.h"

#include <QFile>
#include <QJsonArray>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <new>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace PyRunner::Recorder {

using namespace Protocol;

namespace {

constexpr std::uint64_t Magic = 0x43555254524543ULL; // "CURTREC"

Change &changeAt(std::int64_t index)
{
    auto *first = reinterpret_cast<Change *>(reinterpret_cast<char *>(r.shared) + sizeof(Shared));
    return first[index];
}

template<std::size_t N>
void copyName(char (&to)[N], const QString &name)
{
    const QByteArray utf8 = name.toUtf8().left(int(N) - 1);
    std::memcpy(to, utf8.constData(), std::size_t(utf8.size()));
    to[utf8.size()] = '\0';
}

void unmap()
{
    if (r.shared)
        ::munmap(r.shared, r.sharedBytes);
    if (r.sharedFd >= 0)
        ::close(r.sharedFd);
    r.shared = nullptr;
    r.sharedFd = -1;
    r.sharedPath.clear();
}

} // namespace

bool createRecording(const ThreadRecorder::Limits &limits, std::int64_t startNs)
{
    unmap();
    r.sharedBytes = sizeof(Shared) + std::size_t(limits.maxChanges) * sizeof(Change);
    r.sharedFd = ::memfd_create("curtain-recording", MFD_CLOEXEC);
    if (r.sharedFd < 0 || ::ftruncate(r.sharedFd, off_t(r.sharedBytes)) != 0) {
        unmap();
        return false;
    }
    void *memory = ::mmap(
        nullptr, r.sharedBytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE, r.sharedFd, 0);
    if (memory == MAP_FAILED) {
        unmap();
        return false;
    }
    r.shared = new (memory) Shared;
    r.shared->magic = Magic;
    r.shared->startNs = startNs;
    r.shared->maxChanges = limits.maxChanges;
    r.shared->deadlineNs = limits.deadlineNs;
    r.shared->switchIntervalS = limits.switchIntervalMs / 1000.0;
    r.sharedPath = recordingPath(); // forked processes open it in this one too
    return true;
}

bool joinRecording(const QString &path)
{
    unmap();
    r.sharedFd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CLOEXEC);
    struct stat info
    {
    };
    if (r.sharedFd < 0 || ::fstat(r.sharedFd, &info) != 0
        || std::size_t(info.st_size) < sizeof(Shared)) {
        unmap();
        return false;
    }
    r.sharedBytes = std::size_t(info.st_size);
    void *memory = ::mmap(
        nullptr, r.sharedBytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE, r.sharedFd, 0);
    if (memory == MAP_FAILED) {
        unmap();
        return false;
    }
    r.shared = static_cast<Shared *>(memory);
    if (r.shared->magic != Magic) {
        unmap();
        return false;
    }
    r.sharedPath = path;
    return true;
}

QString recordingPath()
{
    // The program's process made it; its children (and theirs) open it there while it runs.
    return r.sharedPath.isEmpty() ? QStringLiteral("/proc/%1/fd/%2").arg(::getpid()).arg(r.sharedFd)
                                  : r.sharedPath;
}

void appendChange(const Change &c)
{
    if (r.capped || !r.shared)
        return;
    const std::int64_t index = r.shared->changes.fetch_add(1, std::memory_order_relaxed);
    if (index >= r.shared->maxChanges) {
        // The trace ends here; the program runs on, untraced, to its end.
        r.capped = true;
        std::int64_t none = 0;
        r.shared->cappedAtNs.compare_exchange_strong(none, c.t);
        return;
    }
    Change &slot = changeAt(index);
    slot = c;
    slot.valid = 0;
    __atomic_store_n(&slot.valid, std::uint8_t(1), __ATOMIC_RELEASE);
}

std::int32_t newLane(const QString &name, bool task, std::int32_t thread)
{
    const std::int32_t index = r.shared->lanes.fetch_add(1);
    if (index >= std::int32_t(MaxLanes))
        return -1;
    SharedLane &s = r.shared->lane[index];
    s.cpuNs = -1;
    s.userNs = -1;
    s.ident = task ? 0 : PyThread_get_thread_ident();
    s.process = r.process;
    s.pid = ::getpid();
    s.tid = task ? 0 : ::gettid();
    s.thread = thread;
    s.task = task;
    copyName(s.name, name);
    r.lanes[std::size_t(index)] = Lane{};
    return index;
}

void setLaneName(std::int32_t lane, const QString &name)
{
    copyName(r.shared->lane[lane].name, name);
}

QString laneName(std::int32_t lane)
{
    return QString::fromUtf8(r.shared->lane[lane].name);
}

std::int32_t newProcess(const QString &name, std::int32_t parent, ProcessStart how)
{
    const std::int32_t index = r.shared->processes.fetch_add(1);
    if (index >= std::int32_t(MaxProcesses))
        return -1;
    SharedProcess &p = r.shared->process[index];
    p.startNs = nowNs();
    p.pid = ::getpid();
    p.parent = parent;
    p.how = std::uint8_t(how);
    copyName(p.name, name);
    return index;
}

void setProcessName(std::int32_t process, const QString &name)
{
    if (process >= 0 && process < std::int32_t(MaxProcesses))
        copyName(r.shared->process[process].name, name);
}

QString processName(std::int32_t process)
{
    return process >= 0 && process < std::int32_t(MaxProcesses)
               ? QString::fromUtf8(r.shared->process[process].name)
               : QString();
}

std::int32_t internCall(const CallInfo &info)
{
    for (std::size_t i = 0; i < r.calls.size(); ++i) {
        if (r.calls[i].name == info.name)
            return std::int32_t(i);
    }
    const QByteArray utf8 = info.name.toUtf8().left(79);
    std::int32_t index = -1;
    // Another process may have named it first.
    const std::int32_t known = std::min<std::int32_t>(r.shared->calls.load(), MaxCalls);
    for (std::int32_t i = 0; i < known && index < 0; ++i) {
        if (utf8 == r.shared->call[i])
            index = i;
    }
    if (index < 0) {
        index = r.shared->calls.fetch_add(1);
        if (index >= std::int32_t(MaxCalls))
            return -1;
        std::memcpy(r.shared->call[index], utf8.constData(), std::size_t(utf8.size()));
        r.shared->call[index][utf8.size()] = '\0';
    }
    if (r.calls.size() <= std::size_t(index))
        r.calls.resize(std::size_t(index) + 1);
    r.calls[std::size_t(index)] = info;
    return index;
}

namespace {

/** Whether thread TID of process PID sleeps in the kernel now, and its scheduler statistics. */
bool asleep(std::int32_t pid, std::int32_t tid, std::int64_t *cpuNs, std::int64_t *delayNs)
{
    char path[64];
    char text[512];
    auto read = [&](const char *what) {
        std::snprintf(path, sizeof path, "/proc/%d/task/%d/%s", pid, tid, what);
        const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return false;
        const ssize_t n = ::read(fd, text, sizeof text - 1);
        ::close(fd);
        if (n <= 0)
            return false;
        text[n] = '\0';
        return true;
    };
    if (!read("stat"))
        return false;
    const char *close = std::strrchr(text, ')');
    if (!close || (close[2] != 'S' && close[2] != 'D'))
        return false;
    // Asleep, its statistics are up to date (a running thread's lag by up to a tick).
    long long cpu = -1;
    long long delay = -1;
    if (!read("schedstat") || std::sscanf(text, "%lld %lld", &cpu, &delay) != 2)
        return false;
    *cpuNs = cpu;
    *delayNs = delay;
    return true;
}

} // namespace

/**
 * The changes at KEPT (by CHANGE) as "changes_packed" text: base64 of PackedChange records,
 * three at a time (96 bytes, 128 characters), with no copy of them in between.
 */
template<typename At>
QByteArray packChanges(const std::vector<std::int64_t> &kept, At &&change, std::int64_t startNs)
{
    constexpr std::size_t Group = 3;
    constexpr std::size_t GroupBytes = Group * PackedChange::Size;
    const std::size_t groups = (kept.size() + Group - 1) / Group;
    QByteArray text;
    text.reserve(qsizetype((kept.size() * PackedChange::Size + 2) / 3 * 4));
    char bytes[GroupBytes];
    for (std::size_t g = 0; g < groups; ++g) {
        const std::size_t first = g * Group;
        const std::size_t count = std::min(Group, kept.size() - first);
        for (std::size_t k = 0; k < count; ++k) {
            const Change &c = change(kept[first + k]);
            PackedChange{c.t - startNs,
                         c.cpuNs,
                         c.delayNs,
                         std::int16_t(c.lane),
                         std::int16_t(c.call),
                         c.core,
                         std::uint8_t(c.state)}
                .write(bytes + k * PackedChange::Size);
        }
        text.append(
            QByteArray::fromRawData(bytes, qsizetype(count * PackedChange::Size)).toBase64());
    }
    return text;
}

std::vector<Change>
lookAtLastThreads(const std::vector<std::int64_t> &kept, std::int32_t laneCount, std::int64_t endNs)
{
    std::vector<const Change *> last(std::size_t(std::max(laneCount, 0)), nullptr);
    for (const std::int64_t i : kept) {
        const Change &c = changeAt(i);
        if (c.lane >= 0 && c.lane < laneCount
            && (!last[std::size_t(c.lane)] || last[std::size_t(c.lane)]->t <= c.t))
            last[std::size_t(c.lane)] = &c;
    }
    std::vector<Change> looks;
    for (std::int32_t lane = 0; lane < laneCount; ++lane) {
        const Change *c = last[std::size_t(lane)];
        const SharedLane &l = r.shared->lane[lane];
        std::int64_t cpu = 0;
        std::int64_t delay = 0;
        if (c && c->state != State::Done && !l.task && l.pid > 0 && l.tid > 0
            && asleep(l.pid, l.tid, &cpu, &delay))
            looks.push_back({std::max(c->t, endNs), cpu, delay, lane, c->call, -1, c->state, 1});
    }
    return looks;
}

QJsonObject readRecording(const QStringList &notes, std::int64_t endNs, QByteArray *packedChanges)
{
    using Protocol::key;
    const std::int64_t startNs = r.shared->startNs;
    const std::int64_t stored = std::min(r.shared->changes.load(), r.shared->maxChanges);
    // The changes by index, not copied: a long run's million changes are the recording's memory
    // once, under the run's memory limit (the answer's text is made from them directly).
    std::vector<std::int64_t> kept;
    kept.reserve(std::size_t(stored));
    for (std::int64_t i = 0; i < stored; ++i) {
        if (__atomic_load_n(&changeAt(i).valid, __ATOMIC_ACQUIRE))
            kept.push_back(i);
    }
    // Per lane in time order already; across lanes (and processes) by time (a released call is
    // marked from its start once someone else is seen running, after later changes were stored).
    const std::int32_t laneCount = std::min<std::int32_t>(r.shared->lanes.load(), MaxLanes);
    QStringList allNotes = notes;
    if (r.shared->lanes.load() > std::int32_t(MaxLanes))
        allNotes.append(QStringLiteral("%1 threads, tasks or greenlets started after the %2th "
                                       "were not traced: the recording has lanes for %2.")
                            .arg(r.shared->lanes.load() - std::int32_t(MaxLanes))
                            .arg(MaxLanes));
    const std::vector<Change> looks = r.shared->cappedAtNs.load()
                                          ? std::vector<Change>{}
                                          : lookAtLastThreads(kept, laneCount, endNs);
    for (std::size_t i = 0; i < looks.size(); ++i)
        kept.push_back(stored + std::int64_t(i)); // past the recording: a look
    const auto change = [&](std::int64_t i) -> const Change & {
        return i < stored ? changeAt(i) : looks[std::size_t(i - stored)];
    };
    std::stable_sort(kept.begin(), kept.end(), [&](std::int64_t a, std::int64_t b) {
        return change(a).t < change(b).t;
    });
    *packedChanges = packChanges(kept, change, startNs);
    QJsonArray lanes;
    for (std::int32_t i = 0; i < laneCount; ++i) {
        const SharedLane &l = r.shared->lane[i];
        lanes.append(QJsonObject{{key(ThreadsKey::Name), QString::fromUtf8(l.name)},
                                 {key(ThreadsKey::Ident), double(l.ident)},
                                 {key(ThreadsKey::Tid), l.tid},
                                 {key(ThreadsKey::CpuNs), double(l.cpuNs)},
                                 {key(ThreadsKey::UserNs), double(l.userNs)},
                                 {key(ThreadsKey::Task), l.task != 0},
                                 {key(ThreadsKey::Thread), l.thread},
                                 {key(ThreadsKey::Process), l.process},
                                 {key(ThreadsKey::Pid), l.pid}});
    }
    QJsonArray processes;
    const std::int32_t processCount
        = std::min<std::int32_t>(r.shared->processes.load(), MaxProcesses);
    for (std::int32_t i = 0; i < processCount; ++i) {
        const SharedProcess &p = r.shared->process[i];
        processes.append(
            QJsonObject{{key(ThreadsKey::Name), QString::fromUtf8(p.name)},
                        {key(ThreadsKey::Pid), p.pid},
                        {key(ThreadsKey::Parent), p.parent},
                        {key(ThreadsKey::How), QLatin1String(processStartId(ProcessStart(p.how)))},
                        {key(ThreadsKey::ProcessStartNs), double(p.startNs - startNs)}});
    }
    QJsonArray calls;
    const std::int32_t callCount = std::min<std::int32_t>(r.shared->calls.load(), MaxCalls);
    for (std::int32_t i = 0; i < callCount; ++i)
        calls.append(QString::fromUtf8(r.shared->call[i]));
    const std::int64_t cappedAt = r.shared->cappedAtNs.load();
    const std::int64_t end = cappedAt ? cappedAt : endNs;
    return {{key(ThreadsKey::Lanes), lanes},
            {key(ThreadsKey::Calls), calls},
            {key(ThreadsKey::Events), double(r.shared->events.load())},
            {key(ThreadsKey::Capped), cappedAt != 0},
            {key(ThreadsKey::MaxChanges), double(r.shared->maxChanges)},
            {key(ThreadsKey::Processes), processes},
            {key(ThreadsKey::Notes), QJsonArray::fromStringList(allNotes)},
            {key(ThreadsKey::StartNs), double(startNs)},
            {key(ThreadsKey::DurationNs), double(std::max<std::int64_t>(end - startNs, 0))}};
}

} // namespace PyRunner::Recorder
