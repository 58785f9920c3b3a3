// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The threads and gil models: one OS thread per worker, with or without a GIL between them.

#include "gil.h"
#include "runstate.h"

#include <thread>

namespace Scheduler {

namespace {

/** The worker takes the GIL (or simply starts running) as a thread starts. */
void begin(Run &run, int w, Gil *gil)
{
    if (gil)
        gil->take(w);
    else
        run.recorder.record(w, WorkerState::Running);
}

/** The worker is done: it lets the GIL go as it ends. */
void end(Run &run, int w, Gil *gil)
{
    if (gil)
        gil->drop(w, WorkerState::Done);
    else
        run.recorder.record(w, WorkerState::Done);
}

void threadWorker(Run &run, int w, Gil *gil)
{
    begin(run, w, gil);
    const bool mixedComputer
        = run.options.workload == Workload::Mixed && w < run.options.workers / 2;
    if (mixedComputer) {
        // Half the workers compute back to back until the I/O half is done.
        while (!run.ioDone.load() && !run.stopped())
            compute(run, w, gil, 1.0);
    } else {
        for (int task = run.nextTask(); task < run.tasks && !run.stopped(); task = run.nextTask())
            runTask(run, w, gil, task);
    }
    end(run, w, gil);
}

void pipelineWorkers(Run &run, Gil *gil)
{
    const int workers = run.options.workers;
    const double stageMs = run.taskMs / 3;
    Channel toTransform(4, run.stop, &run.aborted);
    Channel toConsume(4, run.stop, &run.aborted);
    // Waiting on a channel: idle, and (under the GIL) without the GIL, as queue.get() does.
    auto waitFor = [&](int w, auto &&blockingCall) {
        if (gil)
            gil->drop(w, WorkerState::Idle);
        else
            run.recorder.record(w, WorkerState::Idle);
        auto value = blockingCall();
        begin(run, w, gil);
        return value;
    };
    std::vector<std::thread> threads;
    threads.emplace_back([&] { // producer
        begin(run, 0, gil);
        for (int item = 0; item < run.tasks && !run.stopped(); ++item) {
            run.started(0, item);
            compute(run, 0, gil, stageMs);
            if (!waitFor(0, [&] { return toTransform.push(item); }))
                break;
        }
        for (int i = 1; i < workers - 1; ++i)
            waitFor(0, [&] { return toTransform.push(-1); });
        end(run, 0, gil);
    });
    for (int w = 1; w < workers - 1; ++w) {
        threads.emplace_back([&, w] { // transformers
            begin(run, w, gil);
            for (;;) {
                const std::optional<int> item = waitFor(w, [&] { return toTransform.pop(); });
                if (!item || *item < 0)
                    break;
                run.recorder.markTaskStart(w);
                compute(run, w, gil, stageMs);
                if (!waitFor(w, [&] { return toConsume.push(*item); }))
                    break;
            }
            end(run, w, gil);
        });
    }
    threads.emplace_back([&] { // consumer
        const int w = workers - 1;
        begin(run, w, gil);
        for (int received = 0; received < run.tasks && !run.stopped(); ++received) {
            const std::optional<int> item = waitFor(w, [&] { return toConsume.pop(); });
            if (!item)
                break;
            run.recorder.markTaskStart(w);
            compute(run, w, gil, stageMs);
            run.finished(*item);
        }
        end(run, w, gil);
    });
    for (auto &thread : threads)
        thread.join();
}

} // namespace

void runThreads(Run &run, Gil *gil)
{
    if (run.options.workload == Workload::Pipeline && run.options.workers >= 3) {
        pipelineWorkers(run, gil);
        return;
    }
    std::vector<std::thread> threads;
    threads.reserve(std::size_t(run.options.workers));
    for (int w = 0; w < run.options.workers; ++w)
        threads.emplace_back(threadWorker, std::ref(run), w, gil);
    if (run.options.workload == Workload::Mixed) {
        // The I/O half finishes the tasks; then the computing half may stop.
        for (int w = run.options.workers / 2; w < run.options.workers; ++w)
            threads[std::size_t(w)].join();
        run.ioDone.store(true);
        for (int w = 0; w < run.options.workers / 2; ++w)
            threads[std::size_t(w)].join();
        return;
    }
    for (auto &thread : threads)
        thread.join();
}

} // namespace Scheduler
