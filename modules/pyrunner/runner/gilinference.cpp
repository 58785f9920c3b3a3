// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Who holds the GIL and what each thread does, from the profile and trace functions. Every
// callback runs with the GIL held, so the thread of the latest event holds the GIL, unless it is
// inside a C call that let it go: a call that always does (time.sleep, select, socket and file
// I/O), one during which another thread was seen running Python, or one during which the kernel
// says the thread was blocked (neither on a CPU nor waiting for one). The holder changes only at
// events, so at most one thread of a process holds its GIL at any instant, by construction.
// A running thread's CPU is looked at (CpuSampler) at its changes, after a pause between its
// events and once a period: the samples let the reader draw when it was really on a CPU, and
// on which.

#include "recorderstate.h"

#include <kit/monotonicclock.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <fcntl.h>
#include <frameobject.h>
#include <link.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <utility>

namespace PyRunner::Recorder {

using namespace Protocol;

Recorder r;
thread_local std::int32_t tlsLane = -1;
thread_local std::vector<std::pair<PyFrameObject *, std::int32_t>> tlsTasks;

std::int64_t nowNs()
{
    return Kit::Clock::monotonicNs();
}

bool traced(std::int32_t lane)
{
    return r.recording && !r.capped && !r.forking && lane >= 0 && !r.lanes[std::size_t(lane)].done;
}

namespace {

bool holding(State s)
{
    return s == State::Running || s == State::Encoding || s == State::Decoding;
}

void flushEvents()
{
    if (r.shared && r.events) {
        r.shared->events.fetch_add(r.events, std::memory_order_relaxed);
        r.events = 0;
    }
}

/** Writes LANE's STATE from T with SAMPLE (invalid: none), keeping the lane's changes in order. */
void write(std::int32_t lane,
           State state,
           std::int64_t t,
           std::int32_t call,
           const CpuSampler::Sample &sample)
{
    if (r.capped)
        return;
    Lane &l = r.lanes[std::size_t(lane)];
    t = std::max(t, l.lastChangeNs);
    l.state = state;
    l.lastChangeNs = t;
    appendChange({t,
                  sample.valid() ? sample.cpuNs : -1,
                  sample.valid() ? sample.delayNs : -1,
                  lane,
                  call,
                  std::int16_t(sample.valid() ? sample.core : -1),
                  state,
                  0});
}

/** The thread's last sample, written when no change carries it yet (it opens a window). */
void writeAnchor(std::int32_t lane)
{
    Lane &l = r.lanes[std::size_t(lane)];
    if (l.anchorWritten || !l.anchor.valid() || l.anchor.t < l.lastChangeNs)
        return;
    write(lane, l.state, l.anchor.t, l.callReleased ? l.call : -1, l.anchor);
    l.anchorWritten = true;
}

/** Reads FILE of thread TID of this process through *FD (opened on first use; -2: none). */
ssize_t readTask(int *fd, std::int32_t tid, const char *file, char *text, std::size_t size)
{
    if (*fd == -1) {
        char path[64];
        std::snprintf(path, sizeof path, "/proc/self/task/%d/%s", int(tid), file);
        *fd = ::open(path, O_RDONLY | O_CLOEXEC);
        if (*fd < 0)
            *fd = -2;
    }
    if (*fd < 0)
        return -1;
    const ssize_t n = ::pread(*fd, text, size - 1, 0);
    if (n > 0)
        text[n] = '\0';
    return n;
}

/** Thread TID of this process as the kernel counts it now (at T): its CPU time, its time on a
 *  run queue and its time slices (cpuNs -1: unknown). It runs on no core we know of. */
CpuSampler::Sample taskSample(Lane &l, std::int32_t tid, std::int64_t t)
{
    CpuSampler::Sample s;
    char text[96];
    if (readTask(&l.schedstatFd, tid, "schedstat", text, sizeof text) <= 0)
        return s;
    char *end = nullptr;
    const std::int64_t cpu = std::strtoll(text, &end, 10);
    char *after = nullptr;
    const std::int64_t queued = std::strtoll(end, &after, 10);
    char *last = nullptr;
    const std::int64_t slices = std::strtoll(after, &last, 10);
    s.t = t;
    s.cpuNs = end != text ? cpu : -1;
    s.delayNs = after != end ? queued : -1;
    s.slices = after != end && last != after ? slices : -1;
    return s;
}

std::int64_t taskCpuNs(Lane &l, std::int32_t tid)
{
    return taskSample(l, tid, 0).cpuNs;
}

/** The run's switch interval (sys.setswitchinterval), in ns: 0.1 ms at the least. */
std::int64_t switchIntervalNs()
{
    return std::max<std::int64_t>(std::int64_t(_PyEval_GetSwitchInterval()) * 1000, 100000);
}

/**
 * The CPU a thread sampled at A and at NOW used after FROM (A.t <= FROM) holding the GIL, at
 * least: on a CPU at most all the time from A to FROM, and each time it was woken since, waiting
 * for the GIL, it may have used WakeCpuNs without it. It is woken once a switch interval at most
 * (take_gil()'s timed wait) and when the GIL is let go; its other time slices (a busy machine
 * preempting it while it computed) cost nothing of the kind. -1 when the samples cannot tell.
 */
std::int64_t
heldAfter(const CpuSampler::Sample &a, std::int64_t from, const CpuSampler::Sample &now)
{
    if (!a.valid() || !now.valid() || a.t > from)
        return -1;
    const std::int64_t interval = switchIntervalNs();
    const std::int64_t slices = a.slices >= 0 && now.slices >= a.slices ? now.slices - a.slices : 0;
    const std::int64_t wakes = std::min(slices, (now.t - from) / interval + 2);
    return now.cpuNs - a.cpuNs - (from - a.t) - wakes * WakeCpuNs;
}

/**
 * When HOLDER, whose last event was at SEEN, let go of the GIL another thread took at T. Without
 * the GIL a thread runs no Python, and C code that holds it makes no events (list(range(10**6)),
 * a big bytearray, a long sum): the CPU the holder used after SEEN (the kernel's count, read now;
 * it is asleep waiting for the GIL back) it used holding the GIL, and the time the kernel kept
 * it on a run queue meanwhile too. SEEN when that cannot be told. *NOW: the kernel's count read
 * (invalid when none was).
 */
std::int64_t
letGoAt(std::int32_t holder, std::int64_t seen, std::int64_t t, CpuSampler::Sample *now)
{
    Lane &h = r.lanes[std::size_t(holder)];
    const CpuSampler::Sample &a = h.anchor;
    const std::int32_t tid = r.shared->lane[holder].tid;
    if (t - seen < GapNs || !a.valid() || a.t > seen || tid <= 0)
        return seen;
    *now = taskSample(h, tid, t);
    const std::int64_t after = heldAfter(a, seen, *now);
    if (after < OffCpuNs)
        return seen;
    const std::int64_t waited = now->delayNs >= 0 && a.delayNs >= 0 ? now->delayNs - a.delayNs : 0;
    return std::min(t, seen + after + std::max<std::int64_t>(waited, 0));
}

/** Whether the thread was off a CPU for a while between sample A and sample S. */
bool offCpu(const CpuSampler::Sample &a, const CpuSampler::Sample &s)
{
    return (s.t - a.t) - (s.cpuNs - a.cpuNs) >= OffCpuNs;
}

} // namespace

void change(std::int32_t lane, State state, std::int64_t t, std::int32_t call)
{
    write(lane, state, t, call, CpuSampler::Sample{});
}

namespace {

/**
 * LANE was drawn waiting for the GIL from its last change up to sample S: whether it was. CPython's
 * take_gil() waits on a condition one switch interval at a time and wakes to ask the holder to
 * let go, so a waiter sleeps at most an interval per time it is put on a CPU. A thread that slept
 * much longer than its wake-ups allow was asleep somewhere else: in C code that let the GIL go
 * where the recorder cannot see (a read under a for loop while another thread computes). That
 * much of the stretch is drawn blocked; the rest stays waiting for the GIL, at its end.
 */
void lookIntoWaiting(std::int32_t lane, const CpuSampler::Sample &s)
{
    const Lane &l = r.lanes[std::size_t(lane)];
    const CpuSampler::Sample &a = l.anchor;
    if (l.task >= 0 || !a.valid() || a.slices < 0 || s.slices < a.slices || a.delayNs < 0
        || s.delayNs < a.delayNs)
        return;
    const std::int64_t from = l.lastChangeNs;
    const std::int64_t stretch = s.t - from;
    // Asleep (neither on a CPU nor runnable) since the last look; at most all of the time before
    // FROM was, so this much at least was inside the stretch. Its wake-ups before FROM count too:
    // the rule only errs towards waiting.
    const std::int64_t asleep = (s.t - a.t) - (s.cpuNs - a.cpuNs) - (s.delayNs - a.delayNs)
                                - std::max<std::int64_t>(from - a.t, 0);
    const std::int64_t interval = switchIntervalNs();
    const std::int64_t allowed = (s.slices - a.slices + 1) * interval;
    if (asleep < AsleepLookNs || asleep < 4 * interval || asleep < 2 * allowed)
        return;
    const std::int64_t blocked = std::min(stretch, asleep - allowed);
    change(lane, State::BlockedIo, from, -1);
    if (from + blocked < s.t)
        change(lane, State::WaitingGil, from + blocked, -1);
}

} // namespace

void ownChange(std::int32_t lane, State state, std::int64_t t, std::int32_t call)
{
    Lane &l = r.lanes[std::size_t(lane)];
    l.kernelSeen = 0; // a new stretch: what the holder saw of the last one is over
    // Samples cost system calls: a thread changing often (a lock passed to and fro) is looked
    // at once in a while, and the reader draws what it did between two looks together.
    if (state != State::Done && l.anchor.valid() && t - l.anchor.t < MinSampleGapNs) {
        write(lane, state, t, call, CpuSampler::Sample{});
        return;
    }
    const CpuSampler::Sample s = CpuSampler::sample(l.statsFd, t);
    if (l.anchor.valid() && offCpu(l.anchor, s))
        writeAnchor(lane); // the window the time off a CPU is in starts there
    if (l.state == State::WaitingGil && state != State::WaitingGil)
        lookIntoWaiting(lane, s);
    write(lane, state, t, call, s);
    l.anchor = s;
    l.anchorWritten = true;
}

State releasedState(std::int32_t call)
{
    return call >= 0 && std::size_t(call) < r.calls.size() ? r.calls[std::size_t(call)].released
                                                           : State::BlockedIo;
}

bool gilWanted(std::int32_t lane)
{
    if (r.threadsStarting > 0)
        return true;
    for (std::size_t i = 0; i < r.lanes.size(); ++i) {
        const Lane &other = r.lanes[i];
        if (std::int32_t(i) != lane && !other.done && !other.coroutine
            && other.state == State::WaitingGil)
            return true;
    }
    return false;
}

bool keepsGil(std::int32_t call)
{
    if (call < 0 || std::size_t(call) >= r.calls.size())
        return false;
    const Release release = r.calls[std::size_t(call)].release;
    return release == Release::Never || release == Release::Holds;
}

namespace {

/**
 * A thread other than EXCLUDE, drawn waiting for the GIL, that held it from FROM (or its wait's
 * start, if later) to T without an event: CPython hands the GIL over just after an event, and
 * the thread that takes it may run C code that makes no events (the rest of a
 * list(range(10**6))) and let it go before anyone sees. The waiter whose CPU grew by LEAST or
 * more meanwhile (its take_gil() wake-ups cost WakeCpuNs at most) held it, for SPAN ns (-1: as
 * long as its CPU and its time on a run queue say). Draws that and returns when it let go; -1 when
 * no waiter did.
 */
std::int64_t silentHold(
    std::int32_t exclude, std::int64_t from, std::int64_t t, std::int64_t least, std::int64_t span)
{
    const pid_t pid = ::getpid();
    const std::int32_t lanes = std::min<std::int32_t>(r.shared->lanes.load(), MaxLanes);
    std::int32_t taker = -1;
    std::int64_t most = least;
    CpuSampler::Sample seen;
    for (std::int32_t lane = 0; lane < lanes; ++lane) {
        Lane &w = r.lanes[std::size_t(lane)];
        const SharedLane &shared = r.shared->lane[lane];
        if (lane == exclude || w.done || w.task >= 0 || w.coroutine || w.state != State::WaitingGil
            || shared.pid != pid || shared.tid <= 0)
            continue;
        const CpuSampler::Sample now = taskSample(w, shared.tid, t);
        const std::int64_t used = heldAfter(w.anchor, w.lastChangeNs, now);
        if (used >= most) {
            most = used;
            taker = lane;
            seen = now;
        }
    }
    if (taker < 0)
        return -1;
    Lane &w = r.lanes[std::size_t(taker)];
    const std::int64_t took = std::max(from, w.lastChangeNs);
    // Holding the GIL on a busy machine it also waited on a run queue for a core (preempted):
    // that too was its hold.
    const std::int64_t queued = seen.delayNs >= 0 && w.anchor.delayNs >= 0
                                    ? std::max<std::int64_t>(seen.delayNs - w.anchor.delayNs, 0)
                                    : 0;
    const std::int64_t gave = std::min(t, took + (span >= 0 ? span : most + queued));
    change(taker, State::Running, took);
    seen.t = gave;
    write(taker, State::WaitingGil, gave, -1, seen);
    w.anchor = seen;
    w.anchorWritten = true;
    w.kernelSeen = 0;
    return gave;
}

/**
 * HOLDER, drawn holding the GIL since its last event at FROM, was blocked in the kernel for
 * BLOCKED ns up to its event at T, while other threads waited for the GIL: a waiter whose CPU
 * grew meanwhile (by half that, or a millisecond) held it then (silentHold). Draws that (the holder
 * waiting for the GIL meanwhile) and returns when the holder took it back; -1 when no waiter did.
 */
std::int64_t
handedOver(std::int32_t holder, std::int64_t from, std::int64_t t, std::int64_t blocked)
{
    // Half the wait in CPU, or a millisecond: a waiter held back by a busy machine computes
    // for less than the time it holds the GIL.
    const std::int64_t least = std::max(OffCpuNs, std::min(blocked / 2, SamplePeriodNs));
    const std::int64_t gave = silentHold(holder, from, t, least, blocked);
    if (gave >= 0)
        change(holder, State::WaitingGil, from);
    return gave;
}

} // namespace

namespace {

/**
 * When LANE, drawn waiting for the GIL, took it: its first event after is at T, but C code it ran
 * before that makes none (the rest of a list(range(10**6)) it was switched out after). The CPU
 * it used since it was drawn waiting it used holding the GIL, just before T; not before SEEN, the
 * last event of the thread that held the GIL then. T for any other lane, or when that cannot be
 * told. Writes its change from waiting to running when it is earlier.
 */
std::int64_t tookGil(std::int32_t lane, std::int64_t t, std::int64_t seen)
{
    Lane &l = r.lanes[std::size_t(lane)];
    const CpuSampler::Sample &a = l.anchor;
    const std::int64_t from = l.lastChangeNs;
    if (l.done || l.state != State::WaitingGil || l.task >= 0 || t - std::max(from, seen) < GapNs
        || !a.valid() || a.t > from)
        return t;
    const CpuSampler::Sample s = CpuSampler::sample(l.statsFd, t);
    const std::int64_t after = heldAfter(a, from, s);
    if (after < OffCpuNs)
        return t;
    const std::int64_t took = std::max({from, seen, t - after});
    l.kernelSeen = 0;
    lookIntoWaiting(lane, s);
    write(lane, State::Running, took, -1, CpuSampler::Sample{});
    write(lane, State::Running, t, -1, s);
    l.anchor = s;
    l.anchorWritten = true;
    return took;
}

} // namespace

void takeGil(std::int32_t lane, std::int64_t t)
{
    const std::int64_t holderSeen = std::exchange(r.lastEventNs, t);
    if (r.holder == lane)
        return;
    Lane *h = r.holder >= 0 && !r.lanes[std::size_t(r.holder)].done
                  ? &r.lanes[std::size_t(r.holder)]
                  : nullptr;
    // A holder switched out held the GIL after its last event for as long as its CPU time says.
    const bool switchedOut = h && !h->inCall && !h->callReleased;
    CpuSampler::Sample now;
    const std::int64_t estimate = switchedOut ? letGoAt(r.holder, holderSeen, t, &now) : holderSeen;
    // From then (or from the last event, when the GIL lay free: a call let it go, a thread
    // ended) a waiter may have taken it and run C code that makes no events before this thread
    // took it.
    std::int64_t seen = estimate;
    if ((switchedOut || r.holder < 0) && t - estimate >= GapNs) {
        if (const std::int64_t gave = silentHold(lane, estimate, t, GapNs, -1); gave >= 0)
            seen = gave;
    }
    const std::int64_t took = tookGil(lane, t, seen);
    if (h && h->inCall && !h->callReleased) {
        // Someone else ran Python during its C call: the call let the GIL go. From its start:
        // it holds nothing we can see after that.
        h->callReleased = true;
        change(r.holder, releasedState(h->call), h->callStart, h->call);
    } else if (switchedOut) {
        // Until the new holder took it at the latest; from there to the new holder's first
        // event the GIL was changing hands (drawn as nobody's).
        const std::int64_t letGo = std::min(estimate, std::max(took, holderSeen));
        if (now.valid() && letGo == estimate && letGo > holderSeen) {
            // Waiting from there on, it uses no CPU: the count read now is its count then, a
            // sample for the reader's window and the next look at its CPU.
            now.t = letGo;
            write(r.holder, State::WaitingGil, letGo, -1, now);
            h->anchor = now;
            h->anchorWritten = true;
        } else {
            change(r.holder, State::WaitingGil, letGo);
        }
    }
    r.holder = lane;
}

void runningPython(std::int32_t lane, std::int64_t t)
{
    Lane &l = r.lanes[std::size_t(lane)];
    if (l.inCall && !l.callReleased)
        l.inCall = false; // the C call called back into Python: Python runs here now
    if (l.state != State::Running && !(l.inCall && l.callReleased))
        ownChange(lane, State::Running, t);
}

void lookAtCpu(std::int32_t lane, std::int64_t t, bool hubWaits)
{
    Lane &l = r.lanes[std::size_t(lane)];
    if (l.done || r.capped)
        return;
    const CpuSampler::Sample s = CpuSampler::sample(l.statsFd, t);
    const CpuSampler::Sample a = l.anchor;
    if (!a.valid()) {
        l.anchor = s;
        l.anchorWritten = false;
        return;
    }
    const std::int64_t off = (s.t - a.t) - (s.cpuNs - a.cpuNs);
    const std::int64_t queued = s.delayNs >= 0 && a.delayNs >= 0 ? s.delayNs - a.delayNs : off;
    const std::int64_t blocked = off - queued;
    // Blocked in the kernel while drawn holding the GIL, and nobody else ran: a C call let it go
    // and waited (a lock or a queue nobody else wanted, gevent's hub in libev). The wait ended
    // at this event, the first since.
    // Unless, out of Python or a call that can only keep the GIL, it took page faults meanwhile
    // or another thread wanted the GIL all along and never got it (let go, it would have been
    // taken at once, and that thread's first event would have drawn this one released): then
    // the kernel made it wait with the GIL held (the memory map's lock, taken by a thread being
    // made); the samples on both sides let the reader draw that wait.
    // (Asked only of such a wait: this look comes once a period for a running thread.)
    const bool blockedHolding
        = holding(l.state) && (blocked >= BlockedNs || (hubWaits && blocked >= OffCpuNs));
    const bool wanted = blockedHolding && !hubWaits && !l.inCall && gilWanted(lane);
    if (wanted) {
        const std::int64_t back = handedOver(lane, l.lastOwnNs, t, blocked);
        if (back >= 0) {
            writeAnchor(lane);
            change(lane, State::Running, back);
            write(lane, State::Running, t, -1, s);
            l.anchor = s;
            l.anchorWritten = true;
            return;
        }
    }
    const bool keptGil = blockedHolding && !hubWaits && (!l.inCall || keepsGil(l.call))
                         && ((s.faults >= 0 && a.faults >= 0 && s.faults > a.faults) || wanted);
    const bool waited = blockedHolding && !keptGil;
    if (!waited && s.core == a.core && off < OffCpuNs) {
        l.anchor = s; // nothing to draw: a look only
        l.anchorWritten = false;
        return;
    }
    writeAnchor(lane); // the window this happened in opens at the last look
    if (waited) {
        static const char hubKey = 0;
        const std::int32_t call
            = hubWaits
                  ? cachedCall(&hubKey,
                               [] {
                                   return CallInfo{QStringLiteral("libev (gevent's hub waits)"),
                                                   Release::Always,
                                                   State::BlockedIo};
                               })
                  : (l.inCall ? l.call : -1);
        change(lane, releasedState(call), std::max(t - blocked, l.lastChangeNs), call);
        l.inCall = false;
        l.callReleased = false;
        write(lane, State::Running, t, -1, s);
    } else {
        // Moved to another core, or off a CPU for a while (preempted): the reader needs the
        // samples on both sides to draw it.
        write(lane, l.state, t, l.inCall && l.callReleased ? l.call : -1, s);
    }
    l.anchor = s;
    l.anchorWritten = true;
}

namespace {

/** Where CPython 3.11 keeps its runtime state, the GIL among it (_PyRuntime.ceval.gil: its
 *  mutex and condition variables, the futexes take_gil waits on); the locks of the threading
 *  module are allocated elsewhere. [0, 0) when the symbol cannot be found. */
std::pair<std::uintptr_t, std::uintptr_t> runtimeRange()
{
    static const std::pair<std::uintptr_t, std::uintptr_t> range = [] {
        void *symbol = ::dlsym(RTLD_DEFAULT, "_PyRuntime");
        Dl_info info{};
        void *found = nullptr; // the symbol's entry in the library's table
        if (!symbol || !::dladdr1(symbol, &info, &found, RTLD_DL_SYMENT) || !found)
            return std::pair<std::uintptr_t, std::uintptr_t>{0, 0};
        const auto *entry = static_cast<const ElfW(Sym) *>(found);
        if (entry->st_size == 0)
            return std::pair<std::uintptr_t, std::uintptr_t>{0, 0};
        const auto start = reinterpret_cast<std::uintptr_t>(symbol);
        return std::pair{start, start + std::uintptr_t(entry->st_size)};
    }();
    return range;
}

/** What the kernel says thread TID of this process is doing: 'R' runnable (on a CPU, or
 *  waiting for one), 'G' waiting on a futex of the GIL's (take_gil), 'F' waiting on another
 *  futex (a lock, an event, a queue; any futex when the GIL's place is unknown), 'O' in another
 *  system call (a read, a select, a sleep), 0 when it cannot say. */
char kernelState(Lane &l, std::int32_t tid)
{
    char text[64];
    const ssize_t n = readTask(&l.syscallFd, tid, "syscall", text, sizeof text);
    if (n <= 0)
        return 0;
    if (std::strncmp(text, "running", 7) == 0)
        return 'R';
    char *end = nullptr;
    const long number = std::strtol(text, &end, 10);
    if (end == text || number < 0)
        return 0; // blocked outside a system call (a page fault): nothing to say
    if (number != SYS_futex)
        return 'O';
    // "202 0xADDRESS ...": the futex's address is the call's first argument.
    const auto [low, high] = runtimeRange();
    const std::uintptr_t address = std::strtoull(end, nullptr, 16);
    return low < high && address >= low && address < high ? 'G' : 'F';
}

} // namespace

void lookAtOthers(std::int32_t holder, std::int64_t t)
{
    const pid_t pid = ::getpid();
    const std::int32_t lanes = std::min<std::int32_t>(r.shared->lanes.load(), MaxLanes);
    for (std::int32_t lane = 0; lane < lanes; ++lane) {
        Lane &o = r.lanes[std::size_t(lane)];
        const SharedLane &shared = r.shared->lane[lane];
        if (lane == holder || o.done || shared.task || shared.pid != pid || shared.tid <= 0)
            continue;
        const bool released = o.state == State::BlockedIo || o.state == State::CpuNoGil;
        const bool lockWait = o.state == State::WaitingLock;
        if (!released && !lockWait && o.state != State::WaitingGil)
            continue;
        const std::int32_t call = o.inCall ? o.call : -1;
        // time.sleep knows how long it was asked to sleep: its wrapper draws the wait for the
        // GIL after it exactly.
        if (call >= 0 && std::size_t(call) < r.calls.size()
            && r.calls[std::size_t(call)].name == QLatin1String("time.sleep"))
            continue;
        const char now = kernelState(o, shared.tid);
        if (!now)
            continue;
        const char before = o.kernelSeen;
        const std::int64_t since = before == now ? o.kernelSince : t;
        const std::int64_t cpuBefore = o.kernelCpuNs;
        const std::int64_t lookBefore = o.kernelLookNs;
        o.kernelCpuNs = now == 'R' ? taskCpuNs(o, shared.tid) : -1;
        o.kernelLookNs = t;
        o.kernelSeen = now;
        o.kernelSince = since;
        if (lockWait) {
            // A lock, an event, a queue or a future waits on a futex of its own; once it is
            // acquired the thread waits for the GIL, on the GIL's futex: from this look on, the
            // wait is the GIL's (the lock's was over by the look before at the latest).
            if (now == 'G')
                change(lane, State::WaitingGil, t, call);
            continue;
        }
        if (o.state == State::WaitingGil) {
            // Drawn waiting since its last event, but asleep in a system call that is not the
            // GIL's at two looks in a row: C code the recorder cannot see (a read under a for
            // loop) let the GIL go. Blocked from the first of the two.
            if (now == 'O' && before == 'O')
                change(lane, State::BlockedIo, since, call);
            continue;
        }
        if ((now == 'F' || now == 'G') && (before == 'O' || before == 'R')) {
            // Its call's work is done (the read returned, the hash is computed): now it waits
            // for the GIL to come back, as take_gil does, on a futex.
            change(lane, State::WaitingGil, t, call);
        } else if (now == 'R' && before == 'R' && o.state == State::BlockedIo && cpuBefore >= 0
                   && o.kernelCpuNs - cpuBefore >= (t - lookBefore) / 2) {
            // Computing without the GIL (a hash, a compression): runnable at two looks in a
            // row and on a CPU most of the time between (not woken and waiting for one): since
            // the first of the two.
            change(lane, State::CpuNoGil, since, call);
        } else if (now == 'O' && o.state == State::CpuNoGil) {
            change(lane, State::BlockedIo, t, call);
        }
    }
}

std::int32_t addThreadLane(const QString &name)
{
    const std::int32_t lane = newLane(name, false, -1);
    if (lane < 0)
        return -1;
    Lane &l = r.lanes[std::size_t(lane)];
    l.cpuStartNs = Kit::Clock::threadCpuNs();
    l.userStartNs = std::max<std::int64_t>(CpuSampler::userNs(), 0);
    l.statsFd = CpuSampler::openThread();
    l.anchorWritten = true;
    return lane;
}

void endLane(std::int32_t lane, std::int64_t t)
{
    Lane &l = r.lanes[std::size_t(lane)];
    SharedLane &s = r.shared->lane[lane];
    s.cpuNs = Kit::Clock::threadCpuNs() - l.cpuStartNs;
    const std::int64_t user = CpuSampler::userNs();
    s.userNs = user < 0 ? -1 : user - l.userStartNs;
    if (l.task >= 0)
        setTurn(lane, -1, t, State::Done);
    ownChange(lane, State::Done, t);
    CpuSampler::closeThread(std::exchange(l.statsFd, -1));
    for (int *fd : {&l.syscallFd, &l.schedstatFd}) {
        if (*fd >= 0)
            ::close(*fd);
        *fd = -1;
    }
    l.done = true;
    l.inCall = false;
    if (r.holder == lane)
        r.holder = -1;
    flushEvents();
}

void endProcess(std::int32_t lane, std::int64_t t)
{
    const pid_t pid = ::getpid();
    const std::int32_t lanes = std::min<std::int32_t>(r.shared->lanes.load(), MaxLanes);
    for (std::int32_t other = 0; other < lanes; ++other) {
        Lane &o = r.lanes[std::size_t(other)];
        if (other == lane || r.shared->lane[other].pid != pid || o.done)
            continue;
        // Another thread of the process, stopped wherever it was: its CPU time is its own
        // thread's to read, and unknown here.
        if (o.task >= 0)
            setTurn(other, -1, t, State::Done);
        appendChange({t, -1, -1, other, -1, -1, State::Done, 0});
        o.done = true;
        if (r.holder == other)
            r.holder = -1;
    }
    endLane(lane, t);
}

namespace {

/** An event at T (CLOCK_MONOTONIC, read once per event: on a virtual machine's clock a read
 *  costs as much as the rest of the event). */
int onEvent(PyFrameObject *frame, int what, PyObject *arg, std::int64_t t)
{
    if (!r.recording || r.capped || r.forking || tlsLane < 0)
        return 0;
    const std::int32_t lane = tlsLane;
    Lane &l = r.lanes[std::size_t(lane)];
    if (l.done)
        return 0;
    if ((++r.events & 4095) == 0)
        flushEvents();
    if (r.greenletPending && t >= r.greenletLookNs) {
        r.greenletLookNs = t + 200000; // an import that failed costs a look now and then
        followGreenlets();
    }
    const bool held = r.holder == lane;
    takeGil(lane, t);
    if (held && (t - l.lastOwnNs >= GapNs || t - l.anchor.t >= SamplePeriodNs))
        lookAtCpu(lane, t);
    // The holder looks at the threads that let the GIL go, now and then: what the kernel says
    // each is doing tells waiting for the GIL from waiting for I/O or computing.
    if (held && t - r.othersLookNs >= SamplePeriodNs) {
        r.othersLookNs = t;
        lookAtOthers(lane, t);
    }
    l.lastOwnNs = t;
    if (what == PyTrace_CALL && r.process > 0 && r.processBootstrap) {
        PyCodeObject *code = PyFrame_GetCode(frame);
        const bool bootstrap = reinterpret_cast<PyObject *>(code) == r.processBootstrap;
        Py_DECREF(code);
        if (bootstrap)
            nameProcess(frame);
    }
    if (taskEvent(frame, what, arg, lane, t))
        return 0;
    switch (what) {
    case PyTrace_C_CALL: {
        const std::int32_t call = callOf(arg);
        if (call < 0 || r.calls[std::size_t(call)].release == Release::Never)
            break;
        runningPython(lane, t);
        if (r.calls[std::size_t(call)].release == Release::Ends) {
            endProcess(lane, t);
            break;
        }
        l.inCall = true;
        l.call = call;
        l.callStart = t;
        l.callReleased = r.calls[std::size_t(call)].release == Release::Always;
        if (r.calls[std::size_t(call)].release == Release::Holds)
            ownChange(lane, r.calls[std::size_t(call)].holding, t, call);
        if (l.callReleased) {
            ownChange(lane, r.calls[std::size_t(call)].released, t, call);
            r.holder = -1;
        }
        break;
    }
    case PyTrace_C_RETURN:
    case PyTrace_C_EXCEPTION: {
        const std::int32_t call = callOf(arg);
        if (call >= 0 && r.calls[std::size_t(call)].release == Release::Never)
            break;
        const bool back = l.inCall && l.callReleased;
        l.inCall = false;
        l.callReleased = false;
        if (back || l.state != State::Running)
            ownChange(lane, State::Running, t);
        break;
    }
    case PyTrace_RETURN: {
        PyCodeObject *code = frame ? PyFrame_GetCode(frame) : nullptr;
        const bool threadEnds = code && reinterpret_cast<PyObject *>(code) == r.bootstrapInner;
        Py_XDECREF(code); // compared by address below only
        const bool processEnds
            = r.process > 0 && code && reinterpret_cast<PyObject *>(code) == r.processBootstrap;
        if (threadEnds || processEnds) {
            // The thread's run() (or a child process's work) is over: its CPU time, and the
            // GIL goes to whoever is next.
            endLane(lane, t);
            break;
        }
        runningPython(lane, t);
        break;
    }
    default:
        runningPython(lane, t);
        break;
    }
    return 0;
}

/**
 * The last line event this thread's recorder looked at: its frame and instruction. A line
 * reached going forward in the same frame, with no other event between, cannot be where the GIL
 * changed hands: CPython 3.11 lets the GIL go only where it checks its eval breaker (a function's
 * start, a jump back, after a call), and calls and returns are events of their own. Such lines
 * are skipped, so a loop costs one event an iteration instead of one a line; the picture is the
 * same (a hand-off is still seen at the first event after it).
 */
thread_local PyFrameObject *tlsLineFrame = nullptr;
thread_local int tlsLineInstruction = -1;

int profileFunction(PyObject *, PyFrameObject *frame, int what, PyObject *arg)
{
    tlsLineFrame = nullptr; // a call, a return, a C call: the next line is looked at
    if (!r.recording || r.capped || tlsLane < 0)
        return 0; // no clock read for nothing
    return onEvent(frame, what, arg, nowNs());
}

int traceFunction(PyObject *, PyFrameObject *frame, int what, PyObject *arg)
{
    // Calls and returns come through the profile function; the trace function adds lines.
    if (what != PyTrace_LINE)
        return 0;
    const int instruction = PyFrame_GetLasti(frame);
    if (frame == tlsLineFrame && instruction > tlsLineInstruction) {
        tlsLineInstruction = instruction;
        return 0; // forward in the same frame: the GIL stayed where it was
    }
    tlsLineFrame = frame;
    tlsLineInstruction = instruction;
    const std::int64_t t = nowNs();
    if (r.recording && !r.timedOut && r.limits.deadlineNs > 0 && t > r.limits.deadlineNs
        && !PyErr_Occurred()) {
        r.timedOut = true;
        if (r.raiseStop) {
            r.raiseStop();
            return -1;
        }
    }
    return onEvent(frame, what, arg, t);
}

} // namespace

void install()
{
    PyEval_SetProfile(profileFunction, nullptr);
    PyEval_SetTrace(traceFunction, nullptr);
}

} // namespace PyRunner::Recorder
