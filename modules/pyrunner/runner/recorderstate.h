// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

// The thread recorder's parts, as they call each other: the recording every process of a run
// shares (recording.cpp), who holds the GIL and what each thread does, inferred from profile and
// trace events (gilinference.cpp), asyncio tasks and greenlets on their thread (tasklanes.cpp),
// C calls the profiler cannot see whole (callwrappers.cpp), and the run's other processes,
// forked, spawned or started with subprocess (childprocesses.cpp). Private to curtain-runner.

#include <Python.h> // first: Qt's keywords would break it (this target sets QT_NO_KEYWORDS)

#include "callrules.h"
#include "cpusampler.h"
#include "threadrecorder.h"

#include <protocol/protocol.h>

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace PyRunner::Recorder {

using State = Protocol::LaneState;

/** Lanes at most: a program that makes more threads or tasks than this is traced in part. */
constexpr std::size_t MaxLanes = 256;
/** C functions named at most (the rest are drawn without a name). */
constexpr std::size_t MaxCalls = 512;
/** Processes at most over a run (the run has at most 32 at once). */
constexpr std::size_t MaxProcesses = 128;
/** A running thread's CPU and core are looked at this often (at its events). */
constexpr std::int64_t SamplePeriodNs = 1000000;
/** A pause this long between a running thread's own events is looked into at once. */
constexpr std::int64_t GapNs = 100000;
/** Off its CPU this long, neither running nor runnable, while drawn running: it was blocked. */
constexpr std::int64_t BlockedNs = 100000;
/** A thread's own changes closer than this to its last sample are written without one. */
constexpr std::int64_t MinSampleGapNs = 250000;
/** Less than this off a CPU is not worth a change of its own. */
constexpr std::int64_t OffCpuNs = 30000;
/** The CPU a thread waiting for the GIL may use each time it is woken (take_gil() asks the holder
 *  to let go once a switch interval): at most this much of a waiter's CPU is not holding it. */
constexpr std::int64_t WakeCpuNs = 200000;
/** A stretch drawn waiting for the GIL is looked into for sleep only from this long. */
constexpr std::int64_t AsleepLookNs = 20000000;

// ---------------------------------------------------------------------------------------------
// The shared recording (recording.cpp): a memfd every process of the run maps, on one clock.

/** One state change of one lane; with a CPU sample when the lane's own thread wrote it. */
struct Change
{
    std::int64_t t;
    std::int64_t cpuNs;   // the thread's CPU time at t (-1: not sampled)
    std::int64_t delayNs; // its run-queue time at t (-1: not sampled)
    std::int32_t lane;
    std::int32_t call;
    std::int16_t core; // the CPU it was on at t (-1: unknown)
    State state;
    std::uint8_t valid; // set last: a change another process is still writing is skipped
};

/** What a lane is, in memory every process of the run shares. */
struct SharedLane
{
    char name[96];
    std::int64_t cpuNs;  // the thread's own CPU time, once it has ended (-1 before)
    std::int64_t userNs; // ... of it in user mode (the rest is the kernel's)
    std::uint64_t ident;
    std::int32_t process; // 0: the program's own process; 1, 2, ...: the processes it started
    std::int32_t pid;
    std::int32_t tid;
    std::int32_t thread; // a task's or greenlet's thread lane; -1 for a thread
    std::uint8_t task;
};

/** A process of the run. */
struct SharedProcess
{
    char name[96];
    std::int64_t startNs;
    std::int32_t pid;
    std::int32_t parent; // the process that started it (-1: the program's own)
    std::uint8_t how;    // ProcessStart
};

struct Shared
{
    std::uint64_t magic;
    std::int64_t startNs;
    std::int64_t maxChanges;
    std::int64_t deadlineNs;
    double switchIntervalS; // the run's sys.setswitchinterval (0: CPython's own)
    std::atomic<std::int64_t> changes;
    std::atomic<std::int64_t> events;
    std::atomic<std::int32_t> lanes;
    std::atomic<std::int32_t> calls;
    std::atomic<std::int32_t> processes;
    std::atomic<std::int64_t> cappedAtNs; // 0 while not capped
    SharedLane lane[MaxLanes];
    SharedProcess process[MaxProcesses];
    char call[MaxCalls][80];
    // maxChanges Change records follow the header.
};

/** Makes the run's recording (in the program's process, before it runs); false: no memory. */
bool createRecording(const ThreadRecorder::Limits &limits, std::int64_t startNs);
/** Maps the recording at PATH (a child interpreter of the run); false when it cannot. */
bool joinRecording(const QString &path);
/** Where a child interpreter finds the recording ("/proc/<pid>/fd/<n>"). */
QString recordingPath();
/**
 * The threads still alive at the run's end (ENDNS) whose last change (of the changes at KEPT) is
 * not their end: each asleep in the kernel gets one last look of its CPU time (a change returned),
 * so that a thread blocked where the recorder cannot see (a read under a for loop) is not drawn
 * running to the end.
 */
std::vector<Change> lookAtLastThreads(const std::vector<std::int64_t> &kept,
                                      std::int32_t laneCount,
                                      std::int64_t endNs);
/** Adds C to the recording (or ends the trace at its cap). */
void appendChange(const Change &c);
/** A new lane of this process for the calling thread (-1: too many lanes). */
std::int32_t newLane(const QString &name, bool task, std::int32_t thread);
void setLaneName(std::int32_t lane, const QString &name);
QString laneName(std::int32_t lane);
/** A new process of the run: this one (-1: too many). */
std::int32_t newProcess(const QString &name, std::int32_t parent, Protocol::ProcessStart how);
void setProcessName(std::int32_t process, const QString &name);
QString processName(std::int32_t process);
/** INFO's number, the same in every process of the run (-1 past MaxCalls: no name drawn). */
std::int32_t internCall(const CallInfo &info);
/** What every process recorded, as ThreadRecorder::result() describes it; its changes are put
 *  in *PACKEDCHANGES as "changes_packed" text. */
QJsonObject readRecording(const QStringList &notes, std::int64_t endNs, QByteArray *packedChanges);

// ---------------------------------------------------------------------------------------------
// One process's recorder state: private to the process whose threads it follows.

/** A lane's recording state, in the process whose thread (or task) it is. */
struct Lane
{
    State state = State::Running;
    bool done = false;
    bool inCall = false;       // inside a C call made from Python
    bool callReleased = false; // ... that has let the GIL go
    std::int32_t call = -1;
    std::int64_t callStart = 0;
    std::int64_t cpuStartNs = 0;
    std::int64_t userStartNs = 0;
    std::int64_t lastChangeNs = 0;
    // A thread's lane.
    std::int32_t task = -1;     // the task or greenlet whose turn it is on this thread (-1: none)
    std::int64_t lastOwnNs = 0; // the thread's latest event
    int statsFd = -1;           // CpuSampler::openThread()
    CpuSampler::Sample anchor;  // the latest sample taken
    bool anchorWritten = true;  // ... and whether a change carries it
    // What the holder last saw the kernel say of this thread since its own latest change
    // (lookAtOthers): 0 nothing yet, 'R' on a CPU, 'F' in a futex wait, 'O' another call.
    char kernelSeen = 0;
    std::int64_t kernelSince = 0;  // when it was first seen so
    std::int64_t kernelCpuNs = -1; // its CPU time at the holder's latest look (-1: unknown)
    std::int64_t kernelLookNs = 0; // when that look was
    int syscallFd = -1;            // /proc/self/task/<tid>/syscall (-2: not to be had)
    int schedstatFd = -1;          // /proc/self/task/<tid>/schedstat (-2: not to be had)
    // A task's or greenlet's lane: what it is (identity only).
    PyObject *coroutine = nullptr;
};

struct Recorder
{
    // Set up once, before any fork.
    PyObject *bootstrapInner = nullptr; // threading.Thread._bootstrap_inner.__code__
    std::map<std::pair<PyTypeObject *, std::string>, PyObject *> wrapped; // the originals
    PyObject *sleep = nullptr;                                            // the original time.sleep
    PyObject *startThread = nullptr;      // the original _thread.start_new_thread
    PyObject *processBootstrap = nullptr; // multiprocessing's BaseProcess._bootstrap.__code__
    QString runnerPath;                   // this executable: child interpreters run it too
    int returnValue = 83;                 // RETURN_VALUE (from the opcode module)

    // One run.
    bool recording = false;
    bool forking = false; // between os.fork's before and after hooks: events are not ours
    // Threads start() made that have not run their first Python yet: each waits for the GIL.
    std::int32_t threadsStarting = 0;
    bool capped = false;
    bool timedOut = false;
    ThreadRecorder::Limits limits;
    std::function<void()> raiseStop;
    Shared *shared = nullptr;
    std::size_t sharedBytes = 0;
    int sharedFd = -1;
    QString sharedPath;          // where child interpreters open it
    std::int32_t process = 0;    // this process's number in the run
    std::int32_t mainLane = -1;  // its main thread's lane
    std::vector<Lane> lanes;     // by lane number: this process's lanes
    std::vector<CallInfo> calls; // by call number: the ones this process has met
    std::unordered_map<const void *, std::int32_t> callIndex;
    std::unordered_map<PyObject *, std::int32_t> taskLanes; // coroutine or greenlet -> lane
    std::unordered_map<QString, int> taskNames;             // how many tasks ran each function
    bool greenletPending = false; // greenlet was imported: its switches are to be followed
    bool greenletFollowed = false;
    std::int64_t greenletLookNs = 0; // the next look at whether greenlet's import is done
    std::int32_t holder = -1;      // the lane holding the GIL, or -1 (let go in a call, or nobody)
    std::int64_t lastEventNs = 0;  // the latest event's time: the holder's, when there is one
    std::int64_t othersLookNs = 0; // when the holder last looked at the other threads
    std::int64_t events = 0;       // this process's, not yet added to the shared count
    QStringList notes;             // what the recording could not follow
    std::int64_t startNs = 0;
    std::int64_t endNs = 0;
};

extern Recorder r;
extern thread_local std::int32_t tlsLane;
/** The asyncio tasks running on this thread, innermost last (frame, lane). */
extern thread_local std::vector<std::pair<PyFrameObject *, std::int32_t>> tlsTasks;

std::int64_t nowNs();
/** Whether LANE's events are followed now. */
bool traced(std::int32_t lane);

// ---------------------------------------------------------------------------------------------
// gilinference.cpp

/** LANE is in STATE from T: written by another thread, or without a CPU sample. */
void change(std::int32_t lane, State state, std::int64_t t, std::int32_t call = -1);
/** The calling thread's own lane LANE is in STATE from T (now), with a CPU sample. */
void ownChange(std::int32_t lane, State state, std::int64_t t, std::int32_t call = -1);
/** The GIL is with LANE (a thread's) from T: whoever had it was switched out, or let it go. */
void takeGil(std::int32_t lane, std::int64_t t);
/** LANE runs Python at T (it called back from C, or came back from a wait). */
void runningPython(std::int32_t lane, std::int64_t t);
/**
 * An event of the running thread LANE at T that holds the GIL since its last one: a long pause
 * or a sampling period since the last look means a look at its CPU (preempted? blocked in C?
 * moved to another core?). HUBWAITS: the pause was gevent's hub waiting in libev.
 */
void lookAtCpu(std::int32_t lane, std::int64_t t, bool hubWaits = false);
/** The holder LANE at T looks at what the kernel says of the threads of its process that let
 *  the GIL go or wait for it, and draws what it sees (recorded as changes of theirs). */
void lookAtOthers(std::int32_t holder, std::int64_t t);
/** The calling thread's lane LANE is over: its CPU time, and the GIL goes. */
void endLane(std::int32_t lane, std::int64_t t);
/** The process of LANE's thread ends now, in a C call (os._exit): every lane of it ends. */
void endProcess(std::int32_t lane, std::int64_t t);
/** A new lane for the calling thread, with its CPU clock started (-1: too many lanes). */
std::int32_t addThreadLane(const QString &name);
/** Puts the profile and trace functions in the calling thread. */
void install();
/** What LANE's state drawn while it has let the GIL go in CALL is. */
State releasedState(std::int32_t call);
/** Whether a thread of this process other than LANE wants the GIL now: one drawn waiting for
 *  it, or one start() made that has not run Python yet. */
bool gilWanted(std::int32_t lane);
/** Whether CALL (a call number) only ever keeps the GIL while it runs. */
bool keepsGil(std::int32_t call);

// ---------------------------------------------------------------------------------------------
// tasklanes.cpp

/** An asyncio task starts or ends its turn at this event (handled: true). */
bool taskEvent(PyFrameObject *frame, int what, PyObject *arg, std::int32_t lane, std::int64_t t);
/** If greenlet was imported since the last look, its switches are followed from now on. */
void followGreenlets();
/** A thread's task lane TASK, now on thread lane THREAD, has its turn from T (-1: none). */
void setTurn(std::int32_t thread, std::int32_t task, std::int64_t t, State left = State::Idle);

// ---------------------------------------------------------------------------------------------
// callwrappers.cpp

/** Wraps what the profiler cannot see whole: a lock's `with`, SimpleQueue.get, time.sleep,
 *  _thread.start_new_thread. False when one is missing. */
bool wrapCalls();
/** The call number of FUNCTION (a C function the profiler reports), or -1. */
std::int32_t callOf(PyObject *function);
/** The call number for KEY, made from MAKE() the first time this process asks. */
std::int32_t cachedCall(const void *key, const std::function<CallInfo()> &make);

// ---------------------------------------------------------------------------------------------
// childprocesses.cpp

/** Once, in the warm parent: what following the run's other processes needs (BOOTSTRAP: the
 *  runner's helpers, with follow_children). */
bool prepareChildren(PyObject *bootstrap);
/** A process the program started at LAUNCHEDNS, in a child interpreter: it records into the
 *  run's recording from then. */
bool joinAsChild(const QString &path,
                 std::int32_t parent,
                 Protocol::ProcessStart how,
                 const QString &name,
                 std::int64_t launchedNs);
/** FRAME is multiprocessing's BaseProcess._bootstrap in this process's main thread: its name. */
void nameProcess(PyFrameObject *frame);

} // namespace PyRunner::Recorder
