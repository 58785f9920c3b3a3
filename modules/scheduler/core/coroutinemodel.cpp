// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The coroutines model: C++20 coroutines on one thread, run by an event loop, as asyncio does.

#include "eventloop.h"
#include "runstate.h"
#include "work.h"

#include <algorithm>

namespace Scheduler {

namespace {

EventLoop::Task coroutineWorker(Run &run, EventLoop &loop, int w)
{
    const bool mixedComputer
        = run.options.workload == Workload::Mixed && w < run.options.workers / 2;
    if (mixedComputer) {
        while (!run.ioDone.load() && !run.stopped()) {
            compute(run, w, nullptr, 1.0);
            auto yield = loop.sleep(0); // named first: g++ 12 and temporaries in co_await
            co_await yield;
        }
        co_return;
    }
    for (int task = run.nextTask(); task < run.tasks && !run.stopped(); task = run.nextTask()) {
        run.started(w, task);
        if (run.options.workload == Workload::Io || run.options.workload == Workload::Mixed) {
            const std::int64_t start = monotonicNs();
            if (run.options.blockingIo) {
                // An unpatched library: the call blocks the thread, and so the whole loop.
                run.recorder.record(w, WorkerState::BlockedIo);
                Work::blockingWait(run.taskMs);
                run.recorder.record(w, WorkerState::Running);
            } else {
                auto io = loop.sleep(run.taskMs);
                co_await io;
            }
            run.addIoLatency(monotonicNs() - start);
        } else if (run.options.workload == Workload::SharedDict) {
            // One thread: the table needs no lock.
            const int updates = std::max(1, int(run.taskMs * 20));
            for (int u = 0; u < updates; ++u) {
                const std::uint64_t x = Work::spin(
                    std::uint64_t(run.taskMs / updates * double(Work::iterationsPerMs())),
                    std::uint64_t(u) + 1);
                run.dict[x % 4096] += 1;
            }
        } else {
            compute(run, w, nullptr, run.taskMs);
        }
        run.finished(task);
    }
    // The last I/O coroutine out tells the computing ones to stop.
    if (run.options.workload == Workload::Mixed)
        run.ioDone.store(true);
}

struct AsyncChannel
{
    std::deque<int> items;
    std::size_t capacity = 4;
    std::deque<std::coroutine_handle<EventLoop::Task::promise_type>> poppers;
    std::deque<std::coroutine_handle<EventLoop::Task::promise_type>> pushers;
};

// The pipeline on one thread: coroutines pass items through channels and park while waiting.
EventLoop::Task pipelineCoroutine(
    Run &run, EventLoop &loop, int w, AsyncChannel &toTransform, AsyncChannel &toConsume)
{
    const int workers = run.options.workers;
    const double stageMs = run.taskMs / 3;
    if (w == 0) { // the producer; after the items, one end marker per transformer
        for (int item = 0; item < run.tasks + workers - 2 && !run.stopped(); ++item) {
            const bool real = item < run.tasks;
            if (real) {
                run.started(w, item);
                compute(run, w, nullptr, stageMs);
            }
            while (toTransform.items.size() >= toTransform.capacity) {
                auto park = loop.park(toTransform.pushers); // named first: g++ 12
                co_await park;
            }
            toTransform.items.push_back(real ? item : -1);
            loop.wakeOne(toTransform.poppers);
        }
        co_return;
    }
    if (w < workers - 1) { // a transformer
        for (;;) {
            while (toTransform.items.empty()) {
                auto park = loop.park(toTransform.poppers);
                co_await park;
            }
            const int item = toTransform.items.front();
            toTransform.items.pop_front();
            loop.wakeOne(toTransform.pushers);
            if (item < 0)
                co_return;
            run.recorder.markTaskStart(w);
            compute(run, w, nullptr, stageMs);
            while (toConsume.items.size() >= toConsume.capacity) {
                auto park = loop.park(toConsume.pushers);
                co_await park;
            }
            toConsume.items.push_back(item);
            loop.wakeOne(toConsume.poppers);
        }
    }
    for (int received = 0; received < run.tasks && !run.stopped(); ++received) { // the consumer
        while (toConsume.items.empty()) {
            auto park = loop.park(toConsume.poppers);
            co_await park;
        }
        const int item = toConsume.items.front();
        toConsume.items.pop_front();
        loop.wakeOne(toConsume.pushers);
        run.recorder.markTaskStart(w);
        compute(run, w, nullptr, stageMs);
        run.finished(item);
    }
}

} // namespace

void runCoroutines(Run &run)
{
    EventLoop loop(run.recorder);
    AsyncChannel toTransform;
    AsyncChannel toConsume;
    const bool pipeline = run.options.workload == Workload::Pipeline && run.options.workers >= 3;
    for (int w = 0; w < run.options.workers; ++w) {
        if (pipeline)
            loop.spawn(pipelineCoroutine(run, loop, w, toTransform, toConsume), w);
        else
            loop.spawn(coroutineWorker(run, loop, w), w);
    }
    loop.run(run.stop);
}

} // namespace Scheduler
