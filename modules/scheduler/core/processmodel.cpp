// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The processes model: each worker is a curtain-worker process; tasks and results travel as
// binary frames through pipes, and the parent records spawning, encoding and decoding.

#include "codec.h"
#include "runstate.h"
#include "work.h"

#include <kit/fdio.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char **environ; // the C library's, at global scope

namespace Scheduler {

using namespace Kit;

namespace {

struct WorkerProcess
{
    pid_t pid = -1;
    int in = -1;  // we write tasks here
    int out = -1; // we read results here
    QByteArray buffer;
    double spawnMs = 0;
};

/** How worker W's process ended, in words ("was killed by signal 9 (Killed)"). */
QString howItEnded(WorkerProcess &p)
{
    int status = 0;
    pid_t done = 0;
    // Its pipe closed: it has ended or is about to; give it a moment to be reaped.
    for (int i = 0; i < 50 && (done = ::waitpid(p.pid, &status, WNOHANG)) == 0; ++i)
        ::usleep(2000);
    if (done != p.pid)
        return QStringLiteral("closed its pipe");
    p.pid = -1; // reaped
    if (WIFSIGNALED(status)) {
        const int signal = WTERMSIG(status);
        return QStringLiteral("was killed by signal %1 (%2)")
            .arg(signal)
            .arg(QString::fromLocal8Bit(::strsignal(signal)));
    }
    return QStringLiteral("exited with status %1").arg(WEXITSTATUS(status));
}

/** Reads until one whole frame has arrived (or the run stops, or the worker is gone). */
std::optional<Codec::Message> readMessage(WorkerProcess &p, int w, Run &run)
{
    for (;;) {
        const Codec::Decoded d = Codec::decode(p.buffer);
        if (d.status == Codec::Decoded::Status::Ok) {
            p.buffer.remove(0, d.consumed);
            return d.message;
        }
        if (d.status == Codec::Decoded::Status::Error) {
            run.abort(QStringLiteral("worker %1 (process %2) sent a bad frame: %3")
                          .arg(w + 1)
                          .arg(p.pid)
                          .arg(d.error));
            return std::nullopt;
        }
        pollfd pfd{p.out, POLLIN, 0};
        const int ready = ::poll(&pfd, 1, 20); // short: a stop or another worker's death
        if (run.stopped())
            return std::nullopt;
        if (ready <= 0)
            continue;
        char chunk[65536];
        const ssize_t n = ::read(p.out, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const pid_t pid = p.pid;
            run.abort(QStringLiteral("worker %1 (process %2) %3 in the middle of the run")
                          .arg(w + 1)
                          .arg(pid)
                          .arg(howItEnded(p)));
            return std::nullopt;
        }
        p.buffer.append(chunk, n);
    }
}

std::optional<WorkerProcess> spawnWorker(const QString &path, QString *error)
{
    int toChild[2];
    int fromChild[2];
    if (::pipe2(toChild, O_CLOEXEC) != 0) {
        *error = QStringLiteral("cannot create pipes: %1")
                     .arg(QString::fromLocal8Bit(strerror(errno)));
        return std::nullopt;
    }
    if (::pipe2(fromChild, O_CLOEXEC) != 0) {
        *error = QStringLiteral("cannot create pipes: %1")
                     .arg(QString::fromLocal8Bit(strerror(errno)));
        ::close(toChild[0]);
        ::close(toChild[1]);
        return std::nullopt;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, toChild[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, fromChild[1], STDOUT_FILENO);
    const QByteArray program = path.toLocal8Bit();
    char *argv[] = {const_cast<char *>(program.constData()), nullptr};
    WorkerProcess p;
    const int rc = posix_spawn(&p.pid, program.constData(), &actions, nullptr, argv, ::environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(toChild[0]);
    ::close(fromChild[1]);
    if (rc != 0) {
        ::close(toChild[1]);
        ::close(fromChild[0]);
        *error
            = QStringLiteral("cannot start %1: %2").arg(path, QString::fromLocal8Bit(strerror(rc)));
        return std::nullopt;
    }
    p.in = toChild[1];
    p.out = fromChild[0];
    return p;
}

void reap(WorkerProcess &p)
{
    if (p.in >= 0)
        ::close(p.in);
    if (p.out >= 0)
        ::close(p.out);
    p.in = p.out = -1;
    if (p.pid > 0) {
        ::kill(p.pid, SIGKILL); // no worker outlives its run
        while (::waitpid(p.pid, nullptr, 0) < 0 && errno == EINTR) {
        }
        p.pid = -1;
    }
}

} // namespace

void runProcesses(Run &run, RunRecord &result)
{
    ::signal(SIGPIPE, SIG_IGN);
    const int workers = run.options.workers;
    const Workload workload = run.options.workload;
    const bool pipeline = workload == Workload::Pipeline && workers >= 3;
    std::vector<WorkerProcess> processes(static_cast<std::size_t>(workers));
    std::atomic<long long> bytes{0};
    std::atomic<std::int64_t> codecNs{0};
    std::atomic<int> ioWorkersLeft{workers - workers / 2};
    Channel toTransform(4, run.stop, &run.aborted);
    Channel toConsume(4, run.stop, &run.aborted);

    // Sends one task to worker W's process and waits for its result, recording both ends.
    auto exchange = [&](int w,
                        Codec::TaskKind kind,
                        double ms,
                        std::uint32_t id) -> std::optional<Codec::Result> {
        WorkerProcess &p = processes[std::size_t(w)];
        run.recorder.record(w, WorkerState::Encoding);
        std::int64_t t = monotonicNs();
        const QByteArray frame
            = Codec::encode(Codec::Task{id,
                                        kind,
                                        std::uint32_t(ms * 1000),
                                        std::uint64_t(ms * double(Work::iterationsPerMs()))});
        codecNs += monotonicNs() - t;
        bytes += frame.size();
        run.recorder.record(w, WorkerState::Idle);
        if (!FdIo::writeAll(p.in, frame)) {
            if (!run.stopped()) {
                run.abort(QStringLiteral("worker %1 (process %2) stopped reading its tasks: %3")
                              .arg(w + 1)
                              .arg(p.pid)
                              .arg(howItEnded(p)));
            }
            return std::nullopt;
        }
        const auto answer = readMessage(p, w, run);
        if (!answer)
            return std::nullopt;
        t = monotonicNs();
        run.recorder.record(w, WorkerState::Decoding);
        const auto *done = std::get_if<Codec::Result>(&*answer);
        codecNs += monotonicNs() - t;
        run.recorder.record(w, WorkerState::Idle);
        if (!done || done->id != id) {
            run.abort(QStringLiteral("worker %1 answered a task it was not given").arg(w + 1));
            return std::nullopt;
        }
        bytes += Codec::encode(*answer).size();
        return *done;
    };

    auto dispatcher = [&](int w) {
        WorkerProcess &p = processes[std::size_t(w)];
        run.recorder.record(w, WorkerState::Spawning);
        const std::int64_t spawnStart = monotonicNs();
        QString problem;
        auto spawned = spawnWorker(run.options.workerPath, &problem);
        if (!spawned) {
            run.abort(problem);
            return;
        }
        p = *spawned;
        const auto ready = readMessage(p, w, run);
        if (!ready)
            return;
        if (!std::holds_alternative<Codec::Ready>(*ready)) {
            run.abort(QStringLiteral("worker %1 did not say it was ready").arg(w + 1));
            return;
        }
        p.spawnMs = double(monotonicNs() - spawnStart) / 1e6;
        run.recorder.record(w, WorkerState::Idle);

        if (pipeline) {
            // A transformer: items come from the producer and go on to the consumer.
            while (const std::optional<int> item = toTransform.pop()) {
                if (*item < 0)
                    break;
                run.recorder.markTaskStart(w);
                if (!exchange(w, Codec::TaskKind::Cpu, run.taskMs / 3, std::uint32_t(*item)))
                    break;
                if (!toConsume.push(*item))
                    break;
            }
        } else if (workload == Workload::Mixed && w < workers / 2) {
            // The computing half: 1 ms tasks back to back until the I/O half is done.
            for (std::uint32_t n = 0; !run.ioDone.load() && !run.stopped(); ++n) {
                if (!exchange(w, Codec::TaskKind::Cpu, 1.0, 0x80000000u | n))
                    break;
            }
        } else {
            const auto kind = workload == Workload::Io || workload == Workload::Mixed
                                  ? Codec::TaskKind::Io
                              : workload == Workload::SharedDict ? Codec::TaskKind::Dict
                                                                 : Codec::TaskKind::Cpu;
            for (int task = run.nextTask(); task < run.tasks && !run.stopped();
                 task = run.nextTask()) {
                run.started(w, task);
                const auto done = exchange(w, kind, run.taskMs, std::uint32_t(task));
                if (!done)
                    break;
                run.finished(task);
                if (kind == Codec::TaskKind::Io)
                    run.addIoLatency(done->ioNs);
            }
            if (workload == Workload::Mixed && ioWorkersLeft.fetch_sub(1) == 1)
                run.ioDone.store(true);
        }
        if (run.stopped()) {
            run.recorder.record(w, WorkerState::Done);
            return;
        }
        // Collect the worker's own recording, then let it go.
        if (FdIo::writeAll(p.in, Codec::encode(Codec::Quit{}))) {
            const auto events = readMessage(p, w, run);
            if (events && std::holds_alternative<Codec::Events>(*events))
                run.recorder.append(w, std::get<Codec::Events>(*events).events);
        }
        run.recorder.record(w, WorkerState::Done);
    };

    std::vector<std::thread> threads;
    if (pipeline) {
        // The parent produces and consumes; the worker processes transform in between.
        threads.emplace_back([&] {
            run.recorder.record(0, WorkerState::Running);
            for (int item = 0; item < run.tasks && !run.stopped(); ++item) {
                run.started(0, item);
                compute(run, 0, nullptr, run.taskMs / 3);
                run.recorder.record(0, WorkerState::Idle);
                if (!toTransform.push(item))
                    break;
                run.recorder.record(0, WorkerState::Running);
            }
            for (int i = 1; i < workers - 1; ++i)
                toTransform.push(-1);
            run.recorder.record(0, WorkerState::Done);
        });
        for (int w = 1; w < workers - 1; ++w)
            threads.emplace_back(dispatcher, w);
        threads.emplace_back([&] {
            const int w = workers - 1;
            for (int received = 0; received < run.tasks && !run.stopped(); ++received) {
                run.recorder.record(w, WorkerState::Idle);
                const std::optional<int> item = toConsume.pop();
                if (!item)
                    break;
                run.recorder.record(w, WorkerState::Running);
                run.recorder.markTaskStart(w);
                compute(run, w, nullptr, run.taskMs / 3);
                run.finished(*item);
            }
            run.recorder.record(w, WorkerState::Done);
        });
    } else {
        for (int w = 0; w < workers; ++w)
            threads.emplace_back(dispatcher, w);
    }
    for (auto &thread : threads)
        thread.join();
    double spawnSum = 0;
    int started = 0;
    for (WorkerProcess &p : processes) {
        if (p.spawnMs > 0) {
            spawnSum += p.spawnMs;
            ++started;
        }
        result.spawnMaxMs = std::max(result.spawnMaxMs, p.spawnMs);
        reap(p);
    }
    result.spawnMeanMs = started > 0 ? spawnSum / started : 0;
    result.encodedBytes = bytes.load();
    result.encodeMs = double(codecNs.load()) / 1e6;
}

} // namespace Scheduler
