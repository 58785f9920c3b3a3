#include "engine.h"

#include "codec.h"
#include "eventloop.h"
#include "gil.h"
#include "recorder.h"
#include "work.h"

#include <fdio.h>

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

QString modelId(Model model)
{
    switch (model) {
    case Model::Threads:
        return QStringLiteral("threads");
    case Model::Gil:
        return QStringLiteral("gil");
    case Model::Processes:
        return QStringLiteral("processes");
    case Model::Coroutines:
        return QStringLiteral("coroutines");
    }
    return {};
}

std::optional<Model> modelFromId(const QString &id)
{
    for (Model m : {Model::Threads, Model::Gil, Model::Processes, Model::Coroutines}) {
        if (modelId(m) == id)
            return m;
    }
    return std::nullopt;
}

QString workloadId(Workload workload)
{
    switch (workload) {
    case Workload::Cpu:
        return QStringLiteral("cpu");
    case Workload::Io:
        return QStringLiteral("io");
    case Workload::Mixed:
        return QStringLiteral("mixed");
    case Workload::SharedDict:
        return QStringLiteral("shared-dict");
    case Workload::Pipeline:
        return QStringLiteral("pipeline");
    }
    return {};
}

std::optional<Workload> workloadFromId(const QString &id)
{
    for (Workload w :
         {Workload::Cpu, Workload::Io, Workload::Mixed, Workload::SharedDict, Workload::Pipeline}) {
        if (workloadId(w) == id)
            return w;
    }
    return std::nullopt;
}

int MeasureOptions::effectiveTasks() const
{
    if (tasks > 0)
        return tasks;
    switch (workload) {
    case Workload::Mixed:
        return 20;
    case Workload::Pipeline:
        return 24;
    default:
        return 16;
    }
}

double MeasureOptions::effectiveTaskMs() const
{
    if (taskMs > 0)
        return taskMs;
    return workload == Workload::Mixed ? 1.0 : 10.0;
}

QString MeasureOptions::problem() const
{
    if (workers < 1 || workers > MaxWorkers) {
        return QStringLiteral("--workers %1 is out of range: use 1 to %2 (more workers than that "
                              "only measure the scheduler's bookkeeping)")
            .arg(workers)
            .arg(MaxWorkers);
    }
    if (tasks < 0 || tasks > 100000)
        return QStringLiteral("--tasks %1 is out of range: use 1 to 100000").arg(tasks);
    if (taskMs < 0 || taskMs > 10000)
        return QStringLiteral("--task-ms %1 is out of range: use more than 0 and at most 10000")
            .arg(taskMs);
    if (switchIntervalMs <= 0 || switchIntervalMs > 1000) {
        return QStringLiteral("--switch-interval-ms %1 is out of range: use more than 0 and at "
                              "most 1000")
            .arg(switchIntervalMs);
    }
    if (workload == Workload::Mixed && workers < 2)
        return QStringLiteral(
            "--workload mixed needs --workers 2 or more: half compute, half do I/O");
    if (workload == Workload::Pipeline && workers == 2)
        return QStringLiteral(
            "--workload pipeline needs 1 worker (all stages in turn) or 3 or more "
            "(producer, transformers, consumer)");
    if (model == Model::Processes && workerPath.isEmpty())
        return QStringLiteral("curtain-worker was not found: build Curtain (cmake --build build)");
    return {};
}

Percentiles Percentiles::of(std::vector<double> values)
{
    Percentiles p;
    if (values.empty())
        return p;
    std::sort(values.begin(), values.end());
    auto at = [&values](double q) {
        const double index = q * double(values.size() - 1);
        const auto lower = std::size_t(std::floor(index));
        const auto upper = std::min(lower + 1, values.size() - 1);
        return values[lower] + (values[upper] - values[lower]) * (index - double(lower));
    };
    p.p50 = at(0.5);
    p.p95 = at(0.95);
    p.max = values.back();
    return p;
}

namespace {

struct Usage
{
    double cpuMs = 0;
    long voluntary = 0;
    long involuntary = 0;

    static Usage now()
    {
        Usage u;
        for (const int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
            rusage r{};
            getrusage(who, &r);
            u.cpuMs += double(r.ru_utime.tv_sec + r.ru_stime.tv_sec) * 1e3
                       + double(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e3;
            u.voluntary += r.ru_nvcsw;
            u.involuntary += r.ru_nivcsw;
        }
        return u;
    }
};

struct TaskRecord
{
    std::int64_t start = 0;
    std::int64_t end = 0;
};

/** A bounded channel between pipeline stages; a stopped run ends every wait on it. */
class Channel
{
public:
    Channel(std::size_t capacity, const std::atomic<bool> *stop)
        : m_capacity(capacity)
        , m_stop(stop)
    {}
    bool push(int value)
    {
        std::unique_lock lock(m_mutex);
        while (m_items.size() >= m_capacity) {
            if (stopped())
                return false;
            m_notFull.wait_for(lock, std::chrono::milliseconds(20));
        }
        m_items.push_back(value);
        m_notEmpty.notify_one();
        return true;
    }
    std::optional<int> pop()
    {
        std::unique_lock lock(m_mutex);
        while (m_items.empty()) {
            if (stopped())
                return std::nullopt;
            m_notEmpty.wait_for(lock, std::chrono::milliseconds(20));
        }
        const int value = m_items.front();
        m_items.pop_front();
        m_notFull.notify_one();
        return value;
    }

private:
    bool stopped() const { return m_stop && m_stop->load(std::memory_order_relaxed); }

    std::mutex m_mutex;
    std::condition_variable m_notEmpty;
    std::condition_variable m_notFull;
    std::deque<int> m_items;
    std::size_t m_capacity;
    const std::atomic<bool> *m_stop;
};

/** State shared by the workers of one run. */
struct Run
{
    Run(const MeasureOptions &o, const std::atomic<bool> *stopFlag, LiveCounters *liveCounters)
        : options(o)
        , tasks(o.effectiveTasks())
        , taskMs(o.effectiveTaskMs())
        , recorder(o.workers, o.record, 8192)
        , records(std::size_t(tasks))
        , lockWaitNs(std::size_t(o.workers), 0)
        , stop(stopFlag)
        , live(liveCounters)
    {}

    bool stopped() const { return stop && stop->load(std::memory_order_relaxed); }
    int nextTask() { return next.fetch_add(1, std::memory_order_relaxed); }
    void finished(int task)
    {
        records[std::size_t(task)].end = monotonicNs();
        if (live)
            live->completed.fetch_add(1, std::memory_order_relaxed);
    }
    void addIoLatency(std::int64_t ns)
    {
        std::lock_guard lock(ioMutex);
        ioLatencies.push_back(double(ns) / 1e6);
    }

    const MeasureOptions &options;
    const int tasks;
    const double taskMs;
    Recorder recorder;
    std::vector<TaskRecord> records;
    std::vector<std::int64_t> lockWaitNs;
    std::atomic<int> next{0};
    std::atomic<bool> ioDone{false};
    const std::atomic<bool> *stop;
    LiveCounters *live;
    std::mutex ioMutex;
    std::vector<double> ioLatencies;

    // shared-dict: one hash table for every worker, one lock around it.
    std::mutex dictMutex;
    std::atomic<int> dictHolder{-1};
    std::unordered_map<std::uint64_t, std::uint64_t> dict;
    std::atomic<std::uint64_t> sink{0};
};

// Work under a check-point every ~50 us: the "eval breaker" where a GIL holder can be asked to
// let go. Without a GIL the check-point costs nothing.
void compute(Run &run, int w, Gil *gil, double ms)
{
    const std::uint64_t perMs = Work::iterationsPerMs();
    std::uint64_t left = std::uint64_t(ms * double(perMs));
    const std::uint64_t chunk = std::max<std::uint64_t>(perMs / 20, 1);
    std::uint64_t x = std::uint64_t(w + 1);
    while (left > 0 && !run.stopped()) {
        const std::uint64_t n = std::min(left, chunk);
        x = Work::spin(n, x);
        left -= n;
        if (gil)
            gil->checkpoint(w);
    }
    run.sink.fetch_add(x, std::memory_order_relaxed);
}

void blockingIo(Run &run, int w, Gil *gil, double ms)
{
    const std::int64_t start = monotonicNs();
    if (gil)
        gil->drop(w); // a blocking call releases the GIL around itself
    run.recorder.record(w, WorkerState::BlockedIo);
    Work::blockingWait(ms);
    if (gil)
        gil->take(w); // ... and must get it back before it can go on
    else
        run.recorder.record(w, WorkerState::Running);
    run.addIoLatency(monotonicNs() - start);
}

void dictUpdates(Run &run, int w, Gil *gil, double ms)
{
    // Each update holds the lock for a while: a hash table everyone needs.
    const int updates = std::max(1, int(ms * 20));
    const double insideMs = ms / updates * 0.6;
    const double outsideMs = ms / updates * 0.4;
    for (int u = 0; u < updates && !run.stopped(); ++u) {
        if (!run.dictMutex.try_lock()) {
            const std::int64_t start = monotonicNs();
            if (gil)
                gil->drop(w); // blocking on a lock releases the GIL
            run.recorder.record(w, WorkerState::WaitingLock, run.dictHolder.load());
            run.dictMutex.lock();
            const std::int64_t waited = monotonicNs() - start;
            run.lockWaitNs[std::size_t(w)] += waited;
            if (run.live)
                run.live->waitNs.fetch_add(waited, std::memory_order_relaxed);
            if (gil)
                gil->take(w);
            else
                run.recorder.record(w, WorkerState::Running);
        }
        run.dictHolder.store(w);
        const std::uint64_t x = Work::spin(
            std::uint64_t(insideMs * double(Work::iterationsPerMs())), std::uint64_t(u + 1));
        run.dict[x % 4096] += 1;
        run.dictHolder.store(-1);
        run.dictMutex.unlock();
        compute(run, w, gil, outsideMs);
    }
}

void runTask(Run &run, int w, Gil *gil, int task)
{
    run.records[std::size_t(task)].start = monotonicNs();
    switch (run.options.workload) {
    case Workload::Cpu:
        compute(run, w, gil, run.taskMs);
        break;
    case Workload::Io:
    case Workload::Mixed:
        blockingIo(run, w, gil, run.taskMs);
        break;
    case Workload::SharedDict:
        dictUpdates(run, w, gil, run.taskMs);
        break;
    case Workload::Pipeline:
        compute(run, w, gil, run.taskMs); // all stages in turn (one worker)
        break;
    }
    run.finished(task);
}

void threadWorker(Run &run, int w, Gil *gil)
{
    if (gil)
        gil->take(w);
    else
        run.recorder.record(w, WorkerState::Running);
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
    if (gil)
        gil->drop(w);
    run.recorder.record(w, WorkerState::Done);
}

void pipelineWorkers(Run &run, Gil *gil)
{
    const int workers = run.options.workers;
    const double stageMs = run.taskMs / 3;
    Channel toTransform(4, run.stop);
    Channel toConsume(4, run.stop);
    // Waiting on a channel: idle, and (under the GIL) without the GIL, as queue.get() does.
    auto waitFor = [&](int w, auto &&blockingCall) {
        if (gil)
            gil->drop(w);
        run.recorder.record(w, WorkerState::Idle);
        auto value = blockingCall();
        if (gil)
            gil->take(w);
        else
            run.recorder.record(w, WorkerState::Running);
        return value;
    };
    std::vector<std::thread> threads;
    threads.emplace_back([&] { // producer
        if (gil)
            gil->take(0);
        else
            run.recorder.record(0, WorkerState::Running);
        for (int item = 0; item < run.tasks && !run.stopped(); ++item) {
            run.records[std::size_t(item)].start = monotonicNs();
            compute(run, 0, gil, stageMs);
            if (!waitFor(0, [&] { return toTransform.push(item); }))
                break;
        }
        for (int i = 1; i < workers - 1; ++i)
            waitFor(0, [&] { return toTransform.push(-1); });
        if (gil)
            gil->drop(0);
        run.recorder.record(0, WorkerState::Done);
    });
    for (int w = 1; w < workers - 1; ++w) {
        threads.emplace_back([&, w] { // transformers
            if (gil)
                gil->take(w);
            for (;;) {
                const std::optional<int> item = waitFor(w, [&] { return toTransform.pop(); });
                if (!item || *item < 0)
                    break;
                compute(run, w, gil, stageMs);
                if (!waitFor(w, [&] { return toConsume.push(*item); }))
                    break;
            }
            if (gil)
                gil->drop(w);
            run.recorder.record(w, WorkerState::Done);
        });
    }
    threads.emplace_back([&] { // consumer
        const int w = workers - 1;
        if (gil)
            gil->take(w);
        for (int received = 0; received < run.tasks && !run.stopped(); ++received) {
            const std::optional<int> item = waitFor(w, [&] { return toConsume.pop(); });
            if (!item)
                break;
            compute(run, w, gil, stageMs);
            run.finished(*item);
        }
        if (gil)
            gil->drop(w);
        run.recorder.record(w, WorkerState::Done);
    });
    for (auto &thread : threads)
        thread.join();
}

void runThreads(Run &run, Gil *gil)
{
    if (run.options.workload == Workload::Pipeline && run.options.workers >= 3) {
        pipelineWorkers(run, gil);
        return;
    }
    std::vector<std::thread> threads;
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
        run.records[std::size_t(task)].start = monotonicNs();
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
                    std::uint64_t(u + 1));
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
                run.records[std::size_t(item)].start = monotonicNs();
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
        compute(run, w, nullptr, stageMs);
        run.finished(item);
    }
}

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

// ---- processes ---------------------------------------------------------------------------

struct WorkerProcess
{
    pid_t pid = -1;
    int in = -1;  // we write tasks here
    int out = -1; // we read results here
    QByteArray buffer;
    double spawnMs = 0;
};

/** Reads until one whole frame has arrived (or STOP, or the worker is gone). */
std::optional<Codec::Message> readMessage(WorkerProcess &p, const Run &run, QString *error)
{
    for (;;) {
        const Codec::Decoded d = Codec::decode(p.buffer);
        if (d.status == Codec::Decoded::Status::Ok) {
            p.buffer.remove(0, d.consumed);
            return d.message;
        }
        if (d.status == Codec::Decoded::Status::Error) {
            *error = QStringLiteral("a worker sent a bad frame: %1").arg(d.error);
            return std::nullopt;
        }
        pollfd pfd{p.out, POLLIN, 0};
        const int ready = ::poll(&pfd, 1, 100);
        if (run.stopped()) {
            *error = QStringLiteral("stopped");
            return std::nullopt;
        }
        if (ready <= 0)
            continue;
        char chunk[65536];
        const ssize_t n = ::read(p.out, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            *error = QStringLiteral("a worker process exited unexpectedly");
            return std::nullopt;
        }
        p.buffer.append(chunk, n);
    }
}

std::optional<WorkerProcess> spawnWorker(const QString &path, QString *error)
{
    int toChild[2];
    int fromChild[2];
    if (::pipe2(toChild, O_CLOEXEC) != 0 || ::pipe2(fromChild, O_CLOEXEC) != 0) {
        *error = QStringLiteral("cannot create pipes: %1")
                     .arg(QString::fromLocal8Bit(strerror(errno)));
        return std::nullopt;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, toChild[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, fromChild[1], STDOUT_FILENO);
    const QByteArray program = path.toLocal8Bit();
    char *argv[] = {const_cast<char *>(program.constData()), nullptr};
    WorkerProcess p;
    const int rc = posix_spawn(&p.pid, program.constData(), &actions, nullptr, argv, environ);
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

void reap(WorkerProcess &p, bool kill)
{
    if (p.in >= 0)
        ::close(p.in);
    if (p.out >= 0)
        ::close(p.out);
    p.in = p.out = -1;
    if (p.pid > 0) {
        if (kill)
            ::kill(p.pid, SIGKILL);
        while (::waitpid(p.pid, nullptr, 0) < 0 && errno == EINTR) {
        }
        p.pid = -1;
    }
}

QString runProcesses(Run &run, RunResult &result)
{
    ::signal(SIGPIPE, SIG_IGN);
    const int workers = run.options.workers;
    const Workload workload = run.options.workload;
    const bool pipeline = workload == Workload::Pipeline && workers >= 3;
    std::vector<WorkerProcess> processes(static_cast<std::size_t>(workers));
    std::atomic<long long> bytes{0};
    std::atomic<std::int64_t> codecNs{0};
    std::atomic<int> ioWorkersLeft{workers - workers / 2};
    Channel toTransform(4, run.stop);
    Channel toConsume(4, run.stop);
    std::mutex errorMutex;
    QString error;
    auto fail = [&](const QString &message) {
        std::lock_guard lock(errorMutex);
        if (error.isEmpty())
            error = message;
    };

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
            fail(QStringLiteral("a worker process stopped reading its tasks"));
            return std::nullopt;
        }
        QString problem;
        const auto answer = readMessage(p, run, &problem);
        if (!answer) {
            if (!run.stopped())
                fail(problem);
            return std::nullopt;
        }
        t = monotonicNs();
        run.recorder.record(w, WorkerState::Decoding);
        const auto *done = std::get_if<Codec::Result>(&*answer);
        codecNs += monotonicNs() - t;
        run.recorder.record(w, WorkerState::Idle);
        if (!done || done->id != id) {
            fail(QStringLiteral("a worker answered a task it was not given"));
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
            fail(problem);
            return;
        }
        p = *spawned;
        const auto ready = readMessage(p, run, &problem);
        if (!ready || !std::holds_alternative<Codec::Ready>(*ready)) {
            fail(problem.isEmpty() ? QStringLiteral("a worker did not say it was ready") : problem);
            return;
        }
        p.spawnMs = double(monotonicNs() - spawnStart) / 1e6;
        run.recorder.record(w, WorkerState::Idle);

        if (pipeline) {
            // A transformer: items come from the producer and go on to the consumer.
            while (const std::optional<int> item = toTransform.pop()) {
                if (*item < 0
                    || !exchange(w, Codec::TaskKind::Cpu, run.taskMs / 3, std::uint32_t(*item)))
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
                run.records[std::size_t(task)].start = monotonicNs();
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
        // Collect the worker's own recording, then let it go.
        FdIo::writeAll(p.in, Codec::encode(Codec::Quit{}));
        const auto events = readMessage(p, run, &problem);
        if (events && std::holds_alternative<Codec::Events>(*events))
            run.recorder.append(w, std::get<Codec::Events>(*events).events);
        run.recorder.record(w, WorkerState::Done);
    };

    std::vector<std::thread> threads;
    if (pipeline) {
        // The parent produces and consumes; the worker processes transform in between.
        threads.emplace_back([&] {
            run.recorder.record(0, WorkerState::Running);
            for (int item = 0; item < run.tasks && !run.stopped(); ++item) {
                run.records[std::size_t(item)].start = monotonicNs();
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
        reap(p, true); // no worker outlives its run
    }
    result.spawnMeanMs = started > 0 ? spawnSum / started : 0;
    result.encodedBytes = bytes.load();
    result.encodeMs = double(codecNs.load()) / 1e6;
    return error;
}

} // namespace

RunResult
runMeasurement(const MeasureOptions &options, const std::atomic<bool> *stop, LiveCounters *live)
{
    RunResult result;
    result.options = options;
    result.cores = int(std::thread::hardware_concurrency());
    if (const QString problem = options.problem(); !problem.isEmpty()) {
        result.error = problem;
        return result;
    }
    Work::iterationsPerMs(); // calibrate before the clock starts

    Run run(options, stop, live);
    result.tasks = run.tasks;
    const Usage before = Usage::now();
    const std::int64_t start = monotonicNs();
    result.startNs = start;
    std::optional<Gil> gil;
    switch (options.model) {
    case Model::Threads:
        runThreads(run, nullptr);
        break;
    case Model::Gil:
        gil.emplace(std::chrono::nanoseconds(std::int64_t(options.switchIntervalMs * 1e6)),
                    run.recorder,
                    live ? &live->waitNs : nullptr);
        runThreads(run, &*gil);
        break;
    case Model::Coroutines:
        runCoroutines(run);
        break;
    case Model::Processes:
        result.error = runProcesses(run, result);
        break;
    }
    const std::int64_t end = monotonicNs();
    const Usage after = Usage::now();

    result.stopped = run.stopped();
    result.wallMs = double(end - start) / 1e6;
    result.cpuMs = after.cpuMs - before.cpuMs;
    result.voluntarySwitches = after.voluntary - before.voluntary;
    result.involuntarySwitches = after.involuntary - before.involuntary;
    std::vector<double> latencies;
    int completed = 0;
    for (const TaskRecord &r : run.records) {
        if (r.end > 0) {
            latencies.push_back(double(r.end - r.start) / 1e6);
            ++completed;
        }
    }
    result.throughput = result.wallMs > 0 ? completed / (result.wallMs / 1e3) : 0;
    result.taskLatency = Percentiles::of(latencies);
    result.hasIo = options.workload == Workload::Io || options.workload == Workload::Mixed;
    result.ioLatency = Percentiles::of(run.ioLatencies);
    for (const std::int64_t ns : run.lockWaitNs) {
        result.lockWaitPerWorkerMs.push_back(double(ns) / 1e6);
        result.lockWaitMs += double(ns) / 1e6;
    }
    if (gil) {
        result.gilHandoffs = gil->handoffs();
        result.gilWaitMs = double(gil->waitNs()) / 1e6;
    }
    result.events = run.recorder.merged();
    return result;
}

QJsonObject RunResult::toJson() const
{
    QJsonObject o{
        {QStringLiteral("model"), modelId(options.model)},
        {QStringLiteral("workload"), workloadId(options.workload)},
        {QStringLiteral("workers"), options.workers},
        {QStringLiteral("tasks"), tasks},
        {QStringLiteral("task_ms"), options.effectiveTaskMs()},
        {QStringLiteral("switch_interval_ms"), options.switchIntervalMs},
        {QStringLiteral("blocking_io"), options.blockingIo},
        {QStringLiteral("cores"), cores},
        {QStringLiteral("wall_ms"), wallMs},
        {QStringLiteral("cpu_ms"), cpuMs},
        {QStringLiteral("throughput_tasks_per_s"), throughput},
        {QStringLiteral("task_latency_ms"),
         QJsonObject{{QStringLiteral("p50"), taskLatency.p50},
                     {QStringLiteral("p95"), taskLatency.p95},
                     {QStringLiteral("max"), taskLatency.max}}},
        {QStringLiteral("lock_wait_ms"), lockWaitMs},
        {QStringLiteral("gil_handoffs"), double(gilHandoffs)},
        {QStringLiteral("gil_wait_ms"), gilWaitMs},
        {QStringLiteral("context_switches"),
         QJsonObject{{QStringLiteral("voluntary"), double(voluntarySwitches)},
                     {QStringLiteral("involuntary"), double(involuntarySwitches)}}},
        {QStringLiteral("spawn_ms"),
         QJsonObject{{QStringLiteral("mean"), spawnMeanMs}, {QStringLiteral("max"), spawnMaxMs}}},
        {QStringLiteral("encoded_bytes"), double(encodedBytes)},
        {QStringLiteral("encode_ms"), encodeMs},
        {QStringLiteral("trace_events"), double(events.size())},
    };
    QJsonArray perWorker;
    for (const double ms : lockWaitPerWorkerMs)
        perWorker.append(ms);
    o.insert(QStringLiteral("lock_wait_ms_per_worker"), perWorker);
    if (hasIo) {
        o.insert(QStringLiteral("io_latency_ms"),
                 QJsonObject{{QStringLiteral("p50"), ioLatency.p50},
                             {QStringLiteral("p95"), ioLatency.p95}});
    }
    if (stopped)
        o.insert(QStringLiteral("stopped"), true);
    return o;
}

QByteArray chromeTrace(const RunResult &run)
{
    QJsonArray trace;
    const int workers = run.options.workers;
    auto us = [&run](std::int64_t t) {
        return double(t - run.startNs) / 1e3;
    };
    trace.append(QJsonObject{
        {QStringLiteral("ph"), QStringLiteral("M")},
        {QStringLiteral("name"), QStringLiteral("process_name")},
        {QStringLiteral("pid"), 1},
        {QStringLiteral("args"),
         QJsonObject{{QStringLiteral("name"),
                      QStringLiteral("Curtain %1 / %2")
                          .arg(modelId(run.options.model), workloadId(run.options.workload))}}}});
    for (int w = 0; w <= workers; ++w) {
        trace.append(QJsonObject{{QStringLiteral("ph"), QStringLiteral("M")},
                                 {QStringLiteral("name"), QStringLiteral("thread_name")},
                                 {QStringLiteral("pid"), 1},
                                 {QStringLiteral("tid"), w},
                                 {QStringLiteral("args"),
                                  QJsonObject{{QStringLiteral("name"),
                                               w == 0 ? QStringLiteral("GIL owner")
                                                      : QStringLiteral("worker %1").arg(w)}}}});
    }
    // Segments: each event lasts until the same worker's next event.
    std::vector<const WorkerEvent *> last(std::size_t(workers), nullptr);
    int flow = 0;
    auto emitSegment = [&](const WorkerEvent &from, std::int64_t until) {
        if (from.state == WorkerState::Done || until <= from.t)
            return;
        trace.append(QJsonObject{{QStringLiteral("ph"), QStringLiteral("X")},
                                 {QStringLiteral("name"), stateName(from.state)},
                                 {QStringLiteral("cat"), stateId(from.state)},
                                 {QStringLiteral("pid"), 1},
                                 {QStringLiteral("tid"), from.worker + 1},
                                 {QStringLiteral("ts"), us(from.t)},
                                 {QStringLiteral("dur"), us(until) - us(from.t)}});
        if (run.options.model == Model::Gil && from.state == WorkerState::Running) {
            trace.append(QJsonObject{
                {QStringLiteral("ph"), QStringLiteral("X")},
                {QStringLiteral("name"), QStringLiteral("worker %1").arg(from.worker + 1)},
                {QStringLiteral("cat"), QStringLiteral("gil")},
                {QStringLiteral("pid"), 1},
                {QStringLiteral("tid"), 0},
                {QStringLiteral("ts"), us(from.t)},
                {QStringLiteral("dur"), us(until) - us(from.t)}});
        }
        if (from.state == WorkerState::WaitingLock && from.other >= 0) {
            // An arrow from the holder to the waiter: who is in whose way.
            ++flow;
            trace.append(QJsonObject{{QStringLiteral("ph"), QStringLiteral("s")},
                                     {QStringLiteral("name"), QStringLiteral("holds the lock")},
                                     {QStringLiteral("cat"), QStringLiteral("lock")},
                                     {QStringLiteral("id"), flow},
                                     {QStringLiteral("pid"), 1},
                                     {QStringLiteral("tid"), from.other + 1},
                                     {QStringLiteral("ts"), us(from.t)}});
            trace.append(QJsonObject{{QStringLiteral("ph"), QStringLiteral("f")},
                                     {QStringLiteral("bp"), QStringLiteral("e")},
                                     {QStringLiteral("name"), QStringLiteral("holds the lock")},
                                     {QStringLiteral("cat"), QStringLiteral("lock")},
                                     {QStringLiteral("id"), flow},
                                     {QStringLiteral("pid"), 1},
                                     {QStringLiteral("tid"), from.worker + 1},
                                     {QStringLiteral("ts"), us(from.t)}});
        }
    };
    for (const WorkerEvent &e : run.events) {
        if (e.worker < 0 || e.worker >= workers)
            continue;
        if (const WorkerEvent *previous = last[std::size_t(e.worker)])
            emitSegment(*previous, e.t);
        last[std::size_t(e.worker)] = &e;
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("traceEvents"), trace},
                                     {QStringLiteral("displayTimeUnit"), QStringLiteral("ms")}})
        .toJson(QJsonDocument::Compact);
}
