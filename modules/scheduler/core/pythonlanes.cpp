// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "pythonlanes.h"

#include <algorithm>
#include <map>

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
    for (std::size_t w = 0; w + 1 < anchors.size(); ++w) {
        const RecordedChange &a = *raw[anchors[w]];
        const RecordedChange &b = *raw[anchors[w + 1]];
        const std::size_t first = anchors[w];
        const std::size_t last = anchors[w + 1];
        const std::int64_t cpu = std::max<std::int64_t>(b.cpuNs - a.cpuNs, 0);
        const std::int64_t queued = a.delayNs >= 0 && b.delayNs >= 0 ? b.delayNs - a.delayNs : -1;
        std::int64_t holding = 0;
        std::int64_t waiting = 0;
        for (std::size_t i = first; i < last; ++i) {
            const std::int64_t length = lane[i + 1].t - lane[i].t;
            if (holdsGil(lane[i].state))
                holding += length;
            else if (waits(lane[i].state))
                waiting += length;
        }
        // Running Python first takes the CPU the window used; what is left over of it was used
        // while the thread was drawn waiting.
        const std::int64_t onCpu = std::min(cpu, holding);
        const std::int64_t offCpu = holding - onCpu;
        const std::int64_t preempted = queued >= 0 ? std::min(offCpu, queued) : offCpu;
        const std::int64_t withoutGil = std::min(cpu - onCpu, waiting);
        if (preempted >= DrawnPieceNs)
            carveBackwards(lane, first, last, preempted, endNs, holdsGil, carve);
        if (withoutGil >= DrawnPieceNs)
            carveBackwards(lane, first, last, withoutGil, endNs, waits, carve);
    }
    Pieces drawn;
    drawn.reserve(lane.size() * 2);
    for (std::size_t i = 0; i < lane.size(); ++i) {
        const Piece &p = lane[i];
        if (carve[i] <= 0) {
            drawn.push_back(p);
            continue;
        }
        const WorkerState carved
            = holdsGil(p.state) ? WorkerState::Preempted : WorkerState::CpuNoGil;
        const std::int64_t from = endOf(lane, i, endNs) - carve[i];
        if (from > p.t)
            drawn.push_back(p);
        drawn.push_back({from, carved, p.call, -1});
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
            if (p.state == WorkerState::Running && p.core >= 0)
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

} // namespace

bool holdsGil(WorkerState s)
{
    return s == WorkerState::Running || s == WorkerState::Preempted || s == WorkerState::Encoding
           || s == WorkerState::Decoding;
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
    for (std::size_t l = 0; l < lanes.size(); ++l) {
        const int owner = lanes[l].thread;
        if (!thread[l] && owner >= 0 && std::size_t(owner) < lanes.size() && thread[owner]) {
            pieces[l] = taskPieces(raw[l], pieces[std::size_t(owner)], endNs);
            merge(pieces[l]);
        }
    }
    resolveCores(pieces, thread, endNs);
    std::vector<std::pair<WorkerEvent, int>> all;
    for (std::size_t l = 0; l < lanes.size(); ++l) {
        for (const Piece &p : pieces[l]) {
            WorkerEvent e;
            e.t = p.t;
            e.worker = std::int32_t(l);
            e.state = p.state;
            e.cpu = std::int16_t(p.core);
            e.other = -1;
            all.emplace_back(e, p.call);
        }
    }
    std::stable_sort(
        all.begin(), all.end(), [](const auto &a, const auto &b) { return a.first.t < b.first.t; });
    drawn.events.reserve(all.size());
    drawn.callOf.reserve(all.size());
    for (const auto &[e, call] : all) {
        drawn.events.push_back(e);
        drawn.callOf.push_back(call);
    }
    return drawn;
}

} // namespace Scheduler
