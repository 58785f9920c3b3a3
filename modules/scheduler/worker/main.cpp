// curtain-worker: one of Scheduler Lab's worker processes. It reads tasks as binary frames on
// stdin, does the work for real, answers with result frames on stdout, and at the end sends its
// own recording (CLOCK_MONOTONIC is shared by every process, so its events line up with ours).

#include <codec.h>
#include <fdio.h>
#include <recorder.h>
#include <work.h>

#include <cerrno>
#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>
#include <unordered_map>

namespace {

bool writeAll(const QByteArray &bytes)
{
    return FdIo::writeAll(STDOUT_FILENO, bytes);
}

} // namespace

int main()
{
    ::prctl(PR_SET_PDEATHSIG, SIGKILL); // never outlive the app
    if (::getppid() == 1)
        return 1;
    Work::iterationsPerMs();
    Recorder recorder(1, true, 4096);
    std::unordered_map<std::uint64_t, std::uint64_t> dict; // this process's own copy
    if (!writeAll(Codec::encode(Codec::Ready{monotonicNs()})))
        return 1;

    QByteArray buffer;
    char chunk[65536];
    for (;;) {
        const Codec::Decoded d = Codec::decode(buffer);
        if (d.status == Codec::Decoded::Status::Error)
            return 2; // the parent sees the pipe close and says so
        if (d.status == Codec::Decoded::Status::NeedMore) {
            const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return 0;
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
            return 2;
        recorder.record(0, WorkerState::Running);
        Codec::Result result;
        result.id = task->id;
        result.start = monotonicNs();
        switch (task->kind) {
        case Codec::TaskKind::Cpu:
            result.checksum = Work::spin(task->iterations, task->id + 1);
            break;
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
