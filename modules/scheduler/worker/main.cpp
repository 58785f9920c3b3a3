// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// curtain-worker: one of Scheduler Lab's worker processes. It reads tasks as binary frames on
// stdin, does the work for real, answers with result frames on stdout, and at the end sends its
// own recording (CLOCK_MONOTONIC is shared by every process, so its events line up with ours).
// Anything wrong with its input is said on stderr, and it exits with status 2.

#include <kit/fdio.h>
#include <scheduler/codec.h>
#include <scheduler/recorder.h>
#include <scheduler/work.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <sys/prctl.h>
#include <unistd.h>
#include <unordered_map>

namespace Scheduler {

using namespace Kit;

namespace {

// The parent never asks for more than this; anything larger is a bad frame, not work to do.
constexpr std::uint32_t MaxMicros = 10'000'000; // 10 s of blocking
constexpr double MaxComputeMs = 10'000;         // 10 s of computing

bool writeAll(const QByteArray &bytes)
{
    return FdIo::writeAll(STDOUT_FILENO, bytes);
}

int fail(const QString &problem)
{
    std::fprintf(stderr, "curtain-worker: %s\n", problem.toLocal8Bit().constData());
    return 2;
}

} // namespace

} // namespace Scheduler

using namespace Kit;
using namespace Scheduler;

int main()
{
    ::prctl(PR_SET_PDEATHSIG, SIGKILL); // never outlive the app
    if (::getppid() == 1)
        return 1;
    const std::uint64_t perMs = Work::iterationsPerMs();
    const auto maxIterations = std::uint64_t(MaxComputeMs * double(perMs));
    Recorder recorder(1, true, 4096);
    std::unordered_map<std::uint64_t, std::uint64_t> dict; // this process's own copy
    if (!writeAll(Codec::encode(Codec::Ready{monotonicNs()})))
        return 1;

    QByteArray buffer;
    char chunk[65536];
    for (;;) {
        const Codec::Decoded d = Codec::decode(buffer);
        if (d.status == Codec::Decoded::Status::Error)
            return fail(QStringLiteral("bad frame on stdin: %1").arg(d.error));
        if (d.status == Codec::Decoded::Status::NeedMore) {
            const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                return fail(QStringLiteral("cannot read stdin: %1")
                                .arg(QString::fromLocal8Bit(strerror(errno))));
            if (n == 0) {
                if (!buffer.isEmpty()) {
                    return fail(QStringLiteral("stdin ended inside a frame (%1 bytes of it "
                                               "arrived)")
                                    .arg(buffer.size()));
                }
                return 0; // the parent closed the pipe between frames
            }
            buffer.append(chunk, n);
            continue;
        }
        buffer.remove(0, d.consumed);
        if (std::holds_alternative<Codec::Quit>(d.message)) {
            recorder.record(0, WorkerState::Done);
            writeAll(Codec::encode(Codec::Events{recorder.merged()}));
            return 0;
        }
        const auto *task = std::get_if<Codec::Task>(&d.message);
        if (!task)
            return fail(QStringLiteral("expected a task or quit frame"));
        if (task->micros > MaxMicros || task->iterations > maxIterations) {
            return fail(
                QStringLiteral("task %1 is larger than 10 s of work: refused").arg(task->id));
        }
        recorder.record(0, WorkerState::Running); // the parent marked the task's start
        Codec::Result result;
        result.id = task->id;
        result.start = monotonicNs();
        switch (task->kind) {
        case Codec::TaskKind::Cpu: {
            // In chunks, noting moves between cores as the threads do.
            std::uint64_t left = task->iterations;
            std::uint64_t x = task->id + 1;
            const std::uint64_t step = std::max<std::uint64_t>(perMs / 20, 1);
            while (left > 0) {
                const std::uint64_t n = std::min(left, step);
                x = Work::spin(n, x);
                left -= n;
                recorder.noteCpu(0);
            }
            result.checksum = x;
            break;
        }
        case Codec::TaskKind::Io: {
            recorder.record(0, WorkerState::BlockedIo);
            const std::int64_t start = monotonicNs();
            Work::blockingWait(double(task->micros) / 1000.0);
            result.ioNs = monotonicNs() - start;
            recorder.record(0, WorkerState::Running);
            break;
        }
        case Codec::TaskKind::Dict: {
            const std::uint64_t updates = std::max<std::uint64_t>(1, task->micros / 50);
            for (std::uint64_t u = 0; u < updates; ++u) {
                const std::uint64_t x = Work::spin(task->iterations / updates, u + 1);
                dict[x % 4096] += 1;
                result.checksum += x;
            }
            break;
        }
        }
        result.end = monotonicNs();
        recorder.record(0, WorkerState::Encoding);
        const QByteArray frame = Codec::encode(result);
        recorder.record(0, WorkerState::Idle);
        if (!writeAll(frame))
            return 1;
    }
}
