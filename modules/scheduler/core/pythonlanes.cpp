// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "pythonlanes.h"

#include <algorithm>
#include <functional>
#include <map>
#include <queue>

namespace Scheduler {

namespace {

/** A lane from T in STATE (in CALL, on CORE) until its next piece. */
struct Piece
{
    std::int64_t t = 0;
    WorkerState state = WorkerState::Idle;
    int call = -1;
    int core = -1;
};

using Pieces = std::vector<Piece>;

bool waits(WorkerState s)
{
    return s == WorkerState::WaitingGil || s == WorkerState::WaitingLock
           || s == WorkerState::BlockedIo;
}

bool computesWithoutGil(WorkerState s)
{
    return s == WorkerState::CpuNoGil;
}

std::int64_t endOf(const Pieces &lane, std::size_t i, std::int64_t endNs)
{
    return i + 1 < lane.size() ? lane[i + 1].t : std::max(endNs, lane[i].t);
}

/**
 * Takes AMOUNT ns off the ends of the stretches of LANE in [FIRST, LAST) that TAKE accepts, the
 * latest first, into CARVE (per stretch).
 */
template<typename Take>
void carveBackwards(const Pieces &lane,
                    std::size_t first,
                    std::size_t last,
                    std::int64_t amount,
                    std::int64_t endNs,
                    Take &&take,
                    std::vector<std::int64_t> &carve)
{
    for (std::size_t k = last; k > first && amount > 0; --k) {
        const std::size_t i = k - 1;
        if (!take(lane[i].state))
            continue;
        const std::int64_t room = endOf(lane, i, endNs) - lane[i].t - carve[i];
        const std::int64_t piece = std::min(room, amount);
        carve[i] += piece;
        amount -= piece;
    }
}

/**
 * A thread's pieces, split where its samples say it was not on a CPU while drawn running
 * (preempted) or on one while drawn waiting (on a CPU without the GIL). RAW: its changes, in
 * order. *CPUSEEN: CPU ms between its first and last sample.
 */
Pieces
accountThread(const std::vector<const RecordedChange *> &raw, std::int64_t endNs, double *cpuSeen)
{
    Pieces lane;
    lane.reserve(raw.size());
    for (const RecordedChange *c : raw)
        lane.push_back({c->t, c->state, c->call, c->core});
    std::vector<std::size_t> anchors;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i]->cpuNs >= 0)
            anchors.push_back(i);
    }
    *cpuSeen = anchors.size() >= 2
                   ? double(raw[anchors.back()]->cpuNs - raw[anchors.front()]->cpuNs) / 1e6
                   : -1;
    std::vector<std::int64_t> carve(lane.size(), 0);
    std::vector<std::int64_t> blocked(lane.size(), 0); // of carve: asleep or stalled, the rest
                                                       // preempted
    std::vector<WorkerState> blockedState(lane.size(), WorkerState::BlockedIo);
    std::vector<std::int64_t> queuedCarve(lane.size(), 0); // released, but on a run queue
    for (std::size_t w = 0; w + 1 < anchors.size(); ++w) {
        const RecordedChange &a = *raw[anchors[w]];
        const RecordedChange &b = *raw[anchors[w + 1]];
        const std::size_t first = anchors[w];
        const std::size_t last = anchors[w + 1];
        const std::int64_t cpu = std::max<std::int64_t>(b.cpuNs - a.cpuNs, 0);
        const std::int64_t queued = a.delayNs >= 0 && b.delayNs >= 0 ? b.delayNs - a.delayNs : -1;
        std::int64_t holding = 0;
        std::int64_t waiting = 0;
        std::int64_t drawnWithoutGil = 0; // on a CPU without the GIL, as the recorder saw it
        std::int64_t waitingGil = 0;
        for (std::size_t i = first; i < last; ++i) {
            const std::int64_t length = lane[i + 1].t - lane[i].t;
            if (holdsGil(lane[i].state))
                holding += length;
            else if (waits(lane[i].state))
                waiting += length;
            if (lane[i].state == WorkerState::WaitingGil)
                waitingGil += length;
            else if (lane[i].state == WorkerState::CpuNoGil)
                drawnWithoutGil += length;
        }
        // Running Python first takes the CPU the window used; what is left over of it was used
        // while the thread was drawn waiting.
        // Off a CPU and not waiting for one either, in a thread that outlived the program
        // and was last seen asleep in the kernel (the runner's last look): inside C code the
        // recorder cannot see (a read under a for loop), drawn blocked at the end, where its
        // events stopped. Elsewhere, between two events, the thread held the GIL while the
        // kernel made it wait (a page fault while another thread changed the memory map; the
        // runner draws a C call that let the GIL go itself): drawn stalled.
        const bool lastLook
            = w + 2 == anchors.size() && last + 1 == raw.size() && b.state != WorkerState::Done;
        const std::int64_t onCpu = std::min(cpu, holding);
        const std::int64_t offCpu = holding - onCpu;
        const std::int64_t preempted = queued >= 0 ? std::min(offCpu, queued) : offCpu;
        const std::int64_t asleep = lastLook ? offCpu - preempted : 0;
        const std::int64_t stalled = lastLook ? 0 : offCpu - preempted;
        const std::int64_t withoutGil
            = std::min(std::max<std::int64_t>(cpu - onCpu - drawnWithoutGil, 0), waiting);
        // Drawn computing without the GIL for longer than the CPU the window has left after
        // its Python: the rest of it the thread was runnable on a run queue (the kernel's count
        // of it, what preempted did not take), waiting for a core, not on one.
        const std::int64_t queuedLeft
            = queued >= 0 ? std::max<std::int64_t>(queued - preempted, 0) : 0;
        const std::int64_t noCore = std::min(
            std::max<std::int64_t>(drawnWithoutGil - std::max<std::int64_t>(cpu - onCpu, 0), 0),
            queuedLeft);
        // What is left of it the thread spent drawn waiting for the GIL (woken to take it, then
        // without a core: a wait all the same), or else drawn released (inside a C call that
        // let the GIL go, a read, not a sleep: asleep it is not runnable) while the kernel had
        // it runnable: there too it waited for a core, before the CPU it is drawn computing with.
        const std::int64_t releasedNoCore
            = std::max<std::int64_t>(queuedLeft - noCore - waitingGil, 0);
        if (asleep >= DrawnAsleepNs || stalled >= DrawnStalledNs) {
            carveBackwards(lane, first, last, asleep + stalled, endNs, holdsGil, carve);
            for (std::size_t i = first; i < last; ++i) {
                blocked[i] = carve[i];
                blockedState[i] = asleep > 0 ? WorkerState::BlockedIo : WorkerState::Stalled;
            }
        }
        if (preempted >= DrawnPieceNs)
            carveBackwards(lane, first, last, preempted, endNs, holdsGil, carve);
        if (withoutGil >= DrawnPieceNs)
            carveBackwards(lane, first, last, withoutGil, endNs, waits, carve);
        if (noCore >= DrawnPieceNs)
            carveBackwards(lane, first, last, noCore, endNs, computesWithoutGil, carve);
        if (releasedNoCore >= DrawnPieceNs) {
            std::int64_t amount = releasedNoCore;
            for (std::size_t k = last; k > first && amount > 0; --k) {
                const std::size_t i = k - 1;
                if (lane[i].state != WorkerState::BlockedIo)
                    continue;
                const std::int64_t room
                    = endOf(lane, i, endNs) - lane[i].t - carve[i] - queuedCarve[i];
                const std::int64_t piece = std::clamp<std::int64_t>(room, 0, amount);
                queuedCarve[i] += piece;
                amount -= piece;
            }
        }
    }
    Pieces drawn;
    drawn.reserve(lane.size() + lane.size() / 8); // a few pieces are split in two
    for (std::size_t i = 0; i < lane.size(); ++i) {
        const Piece &p = lane[i];
        if (carve[i] <= 0 && queuedCarve[i] <= 0) {
            drawn.push_back(p);
            continue;
        }
        const WorkerState carved = holdsGil(p.state)                  ? WorkerState::Preempted
                                   : p.state == WorkerState::CpuNoGil ? WorkerState::WaitingCpu
                                                                      : WorkerState::CpuNoGil;
        const std::int64_t end = endOf(lane, i, endNs);
        const std::int64_t from = end - carve[i];
        const std::int64_t queuedFrom = from - queuedCarve[i];
        if (queuedFrom > p.t)
            drawn.push_back(p);
        if (queuedCarve[i] > 0)
            drawn.push_back({queuedFrom, WorkerState::WaitingCpu, p.call, -1});
        if (carve[i] > blocked[i])
            drawn.push_back({from, carved, p.call, -1});
        if (blocked[i] > 0)
            drawn.push_back({end - blocked[i], blockedState[i], p.call, -1});
    }
    return drawn;
}

/** The thread's pieces during a task's turns, and idle (or done) between them. */
Pieces
taskPieces(const std::vector<const RecordedChange *> &raw, const Pieces &thread, std::int64_t endNs)
{
    Pieces drawn;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const RecordedChange &c = *raw[i];
        if (c.state != WorkerState::Running) {
            drawn.push_back({c.t, c.state, -1, -1});
            continue;
        }
        const std::int64_t end = i + 1 < raw.size() ? raw[i + 1]->t : endNs;
        // The thread's piece at the turn's start, then every one that starts within it.
        auto it = std::upper_bound(thread.begin(),
                                   thread.end(),
                                   c.t,
                                   [](std::int64_t t, const Piece &p) { return t < p.t; });
        if (it != thread.begin())
            drawn.push_back({c.t, (it - 1)->state, (it - 1)->call, -1});
        else
            drawn.push_back({c.t, WorkerState::Running, -1, -1});
        for (; it != thread.end() && it->t < end; ++it)
            drawn.push_back({it->t, it->state, it->call, -1});
    }
    return drawn;
}

/** Keeps each core to one thread at a time: a claim ends where a later one on its core starts. */
void resolveCores(std::vector<Pieces> &lanes, const std::vector<bool> &thread, std::int64_t endNs)
{
    struct Claim
    {
        std::int64_t start;
        std::int64_t end;
        std::size_t lane;
        std::size_t piece;
    };
    std::map<int, std::vector<Claim>> byCore;
    for (std::size_t l = 0; l < lanes.size(); ++l) {
        if (!thread[l])
            continue;
        for (std::size_t i = 0; i < lanes[l].size(); ++i) {
            const Piece &p = lanes[l][i];
            if (onCpu(p.state) && p.core >= 0)
                byCore[p.core].push_back({p.t, endOf(lanes[l], i, endNs), l, i});
        }
    }
    std::vector<std::map<std::size_t, std::int64_t>> cuts(lanes.size()); // piece -> known until
    for (auto &[core, claims] : byCore) {
        std::stable_sort(claims.begin(), claims.end(), [](const Claim &a, const Claim &b) {
            return a.start < b.start;
        });
        for (std::size_t i = 0; i + 1 < claims.size(); ++i) {
            // Seen there at the next claim's start: this one had left before, we do not know when.
            if (claims[i + 1].start < claims[i].end)
                cuts[claims[i].lane][claims[i].piece] = claims[i + 1].start;
        }
    }
    for (std::size_t l = 0; l < lanes.size(); ++l) {
        if (cuts[l].empty())
            continue;
        Pieces split;
        split.reserve(lanes[l].size() + cuts[l].size());
        for (std::size_t i = 0; i < lanes[l].size(); ++i) {
            const Piece &p = lanes[l][i];
            const auto cut = cuts[l].find(i);
            if (cut == cuts[l].end()) {
                split.push_back(p);
            } else if (cut->second <= p.t) {
                split.push_back({p.t, p.state, p.call, -1});
            } else {
                split.push_back(p);
                split.push_back({cut->second, p.state, p.call, -1});
            }
        }
        lanes[l] = std::move(split);
    }
}

/** Drops pieces that say nothing new (the same state, call and core as the one before). */
void merge(Pieces &lane)
{
    Pieces kept;
    kept.reserve(lane.size());
    for (const Piece &p : lane) {
        if (!kept.empty() && kept.back().t == p.t) {
            kept.back() = p; // the later record of one instant is what holds from it
            if (kept.size() >= 2) {
                const Piece &before = kept[kept.size() - 2];
                if (before.state == p.state && before.call == p.call && before.core == p.core)
                    kept.pop_back();
            }
            continue;
        }
        if (!kept.empty() && kept.back().state == p.state && kept.back().call == p.call
            && kept.back().core == p.core)
            continue;
        kept.push_back(p);
    }
    lane = std::move(kept);
}

/** The time LANE (its RAW changes) spent on a run queue from A to B, by the samples around
 *  them (-1: not sampled on both sides). A thread the program started counts from nothing when
 *  the OS made it, before its first wait: at most as much again comes from its start-up. */
std::int64_t
queuedBetween(const std::vector<const RecordedChange *> &raw, std::int64_t a, std::int64_t b)
{
    std::int64_t before
        = !raw.empty() && raw.front()->state == WorkerState::Spawning && raw.front()->t <= a ? 0
                                                                                             : -1;
    for (const RecordedChange *c : raw) {
        if (c->delayNs < 0)
            continue;
        if (c->t <= a)
            before = c->delayNs;
        else if (c->t >= b && before >= 0)
            return c->delayNs - before;
    }
    return -1;
}

/** How many threads of a process are drawn waiting for its GIL, from each time on. */
using Waiters = std::vector<std::pair<std::int64_t, int>>;

/** The most threads WAITERS has waiting at once in [FROM, TO). */
int mostWaiting(const Waiters &waiters, std::int64_t from, std::int64_t to)
{
    auto it = std::upper_bound(waiters.begin(),
                               waiters.end(),
                               from,
                               [](std::int64_t t, const auto &step) { return t < step.first; });
    int most = it == waiters.begin() ? 0 : std::prev(it)->second;
    for (; it != waiters.end() && it->first < to; ++it)
        most = std::max(most, it->second);
    return most;
}

/**
 * A thread drawn waiting for its process's GIL while the GIL lay free: the waiter the release
 * wakes takes it at once, and any other waiter within a switch interval (CPython's take_gil()
 * wakes once an interval to ask for it; a release signals one waiter only). One that left it
 * free longer (by the drawing, whose holders' ends are partly estimates: see below), and was
 * not on a run queue for a CPU meanwhile, nor was any other thread of the process, was not
 * waiting for the GIL but blocked in C code the recorder cannot see (a read under a for loop):
 * it is drawn blocked.
 */
void blockedWhileGilFree(std::vector<Pieces> &pieces,
                         const std::vector<bool> &thread,
                         const std::vector<RecordedLane> &lanes,
                         const std::vector<std::vector<const RecordedChange *>> &raw,
                         std::int64_t endNs)
{
    std::map<int, std::vector<std::pair<std::int64_t, std::int64_t>>> held; // per process
    std::map<int, Waiters> waiting;                                         // per process
    for (std::size_t l = 0; l < pieces.size(); ++l) {
        if (!thread[l])
            continue;
        for (std::size_t i = 0; i < pieces[l].size(); ++i) {
            if (holdsGil(pieces[l][i].state))
                held[lanes[l].process].emplace_back(pieces[l][i].t, endOf(pieces[l], i, endNs));
            else if (pieces[l][i].state == WorkerState::WaitingGil) {
                waiting[lanes[l].process].emplace_back(pieces[l][i].t, 1);
                waiting[lanes[l].process].emplace_back(endOf(pieces[l], i, endNs), -1);
            }
        }
    }
    for (auto &[process, spans] : held)
        std::sort(spans.begin(), spans.end());
    for (auto &[process, steps] : waiting) {
        std::sort(steps.begin(), steps.end()); // at one time, ends (-1) before starts
        int count = 0;
        Waiters merged;
        for (const auto &[t, delta] : steps) {
            count += delta;
            if (!merged.empty() && merged.back().first == t)
                merged.back().second = count;
            else
                merged.emplace_back(t, count);
        }
        steps = std::move(merged);
    }
    for (std::size_t l = 0; l < pieces.size(); ++l) {
        if (!thread[l])
            continue;
        const auto &spans = held[lanes[l].process];
        const Waiters &waiters = waiting[lanes[l].process];
        bool changed = false;
        for (std::size_t i = 0; i < pieces[l].size(); ++i) {
            Piece &p = pieces[l][i];
            if (p.state != WorkerState::WaitingGil)
                continue;
            const std::int64_t end = endOf(pieces[l], i, endNs);
            // The longest stretch of [p.t, end) no thread of the process held the GIL, longer
            // than a waiter there may leave it free: with others waiting (not woken), or where
            // the wait ends with this thread taking the GIL (the holder's letting go before it
            // is an estimate from its CPU and its time on a run queue, not time the kernel made
            // it wait: the gap may be the holder's), two of its wake-ups more.
            std::int64_t freeGap = 0;
            std::int64_t gapFrom = 0;
            std::size_t next = i + 1;
            while (next < pieces[l].size()
                   && (pieces[l][next].state == WorkerState::CpuNoGil
                       || pieces[l][next].state == WorkerState::WaitingCpu))
                ++next; // the kernel handing it the GIL, before it runs
            const bool takesIt = next < pieces[l].size() && holdsGil(pieces[l][next].state);
            const auto freeFor = [&](std::int64_t from, std::int64_t to) {
                const std::int64_t allowed
                    = mostWaiting(waiters, from, to) > 1 || (takesIt && to == end)
                          ? DrawnFreeGilNs + 2 * CPythonSwitchNs
                          : DrawnFreeGilNs;
                if (to - from >= allowed && to - from > freeGap) {
                    freeGap = to - from;
                    gapFrom = from;
                }
            };
            std::int64_t covered = p.t;
            // The process's holds follow one another (one holder at a time): their ends are in
            // order too, so the first that ends after P.T is found by halving, not by a walk
            // from the run's start for every wait.
            const auto first = std::partition_point(
                spans.begin(), spans.end(), [&](const auto &span) { return span.second <= p.t; });
            for (auto it = first; it != spans.end(); ++it) {
                const auto &[from, to] = *it;
                if (to <= covered)
                    continue;
                if (from >= end)
                    break;
                if (from > covered)
                    freeFor(covered, std::min(from, end));
                covered = std::max(covered, to);
            }
            if (end > covered)
                freeFor(covered, end);
            if (freeGap == 0)
                continue;
            // Another thread of the process on a run queue for half of it: woken to take the GIL
            // (or holding it, preempted before its first event), without a CPU: the GIL was not
            // lying free for this one to take.
            const auto queuedElsewhere = [&] {
                for (std::size_t o = 0; o < pieces.size(); ++o) {
                    if (o == l || !thread[o] || lanes[o].process != lanes[l].process)
                        continue;
                    const std::int64_t q = queuedBetween(raw[o], gapFrom, gapFrom + freeGap);
                    if (q >= 0 && q >= freeGap / 2)
                        return true;
                }
                return false;
            };
            if (queuedElsewhere())
                continue;
            const std::int64_t queued = queuedBetween(raw[l], p.t, end);
            if (queued >= 0 && queued >= freeGap / 2)
                continue; // woken, but the kernel had no CPU for it
            // Right after the OS made the thread: still starting (its C start-up, before
            // its first Python), not blocked in a call.
            p.state = i > 0 && pieces[l][i - 1].state == WorkerState::Spawning
                          ? WorkerState::Spawning
                          : WorkerState::BlockedIo;
            changed = true;
        }
        if (changed)
            merge(pieces[l]);
    }
}

} // namespace

bool onCpu(WorkerState s)
{
    return s == WorkerState::Running || s == WorkerState::CpuNoGil || s == WorkerState::Encoding
           || s == WorkerState::Decoding;
}

bool holdsGil(WorkerState s)
{
    return s == WorkerState::Running || s == WorkerState::Preempted || s == WorkerState::Stalled
           || s == WorkerState::Encoding || s == WorkerState::Decoding;
}

DrawnLanes drawLanes(const std::vector<RecordedChange> &changes,
                     const std::vector<RecordedLane> &lanes,
                     std::int64_t endNs)
{
    std::vector<std::vector<const RecordedChange *>> raw(lanes.size());
    for (const RecordedChange &c : changes) {
        if (c.lane >= 0 && std::size_t(c.lane) < lanes.size())
            raw[std::size_t(c.lane)].push_back(&c);
    }
    for (auto &lane : raw) {
        std::stable_sort(
            lane.begin(), lane.end(), [](const auto *a, const auto *b) { return a->t < b->t; });
    }
    DrawnLanes drawn;
    drawn.cpuSeenMs.assign(lanes.size(), -1);
    std::vector<Pieces> pieces(lanes.size());
    std::vector<bool> thread(lanes.size());
    for (std::size_t l = 0; l < lanes.size(); ++l) {
        thread[l] = !lanes[l].task;
        if (thread[l]) {
            pieces[l] = accountThread(raw[l], endNs, &drawn.cpuSeenMs[l]);
            merge(pieces[l]);
        }
    }
    blockedWhileGilFree(pieces, thread, lanes, raw, endNs);
    for (std::size_t l = 0; l < lanes.size(); ++l) {
        const int owner = lanes[l].thread;
        if (!thread[l] && owner >= 0 && std::size_t(owner) < lanes.size() && thread[owner]) {
            pieces[l] = taskPieces(raw[l], pieces[std::size_t(owner)], endNs);
            merge(pieces[l]);
        }
    }
    resolveCores(pieces, thread, endNs);
    // The lanes' pieces, each lane's in order, merged by time (at one time, by lane): a long
    // run's million pieces are not copied to be sorted.
    std::size_t total = 0;
    for (const Pieces &lane : pieces)
        total += lane.size();
    drawn.events.reserve(total);
    drawn.callOf.reserve(total);
    using Next = std::pair<std::int64_t, std::size_t>; // a lane's next piece: its time, the lane
    std::priority_queue<Next, std::vector<Next>, std::greater<>> next;
    std::vector<std::size_t> taken(pieces.size(), 0);
    for (std::size_t l = 0; l < pieces.size(); ++l) {
        if (!pieces[l].empty())
            next.emplace(pieces[l].front().t, l);
    }
    while (!next.empty()) {
        const std::size_t l = next.top().second;
        next.pop();
        const Piece &p = pieces[l][taken[l]++];
        WorkerEvent e;
        e.t = p.t;
        e.worker = std::int32_t(l);
        e.state = p.state;
        e.cpu = std::int16_t(onCpu(p.state) ? p.core : -1); // waiting or blocked: on no core
        e.other = -1;
        drawn.events.push_back(e);
        drawn.callOf.push_back(p.call);
        if (taken[l] < pieces[l].size())
            next.emplace(pieces[l][taken[l]].t, l);
    }
    return drawn;
}

} // namespace Scheduler
