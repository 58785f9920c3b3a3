// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "threadrecorder.h"

#include "callrules.h"
#include "pyobjects.h"

#include <kit/monotonicclock.h>
#include <pyrunner/protocol.h>

#include <QJsonArray>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <ctime>
#include <functional>
#include <map>
#include <new>
#include <sched.h>
#include <string>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>
#include <unordered_map>
#include <utility>
#include <vector>

namespace PyRunner {

using namespace Kit;

namespace {

// The states a lane can be in, with the ids the Scheduler Lab's timeline reads.
using State = LaneState;

struct Change
{
    std::int64_t t;
    std::int32_t lane;
    State state;
    std::uint8_t valid; // set last: a change another process is still writing is skipped
    std::int16_t cpu;
    std::int32_t call;
};

/** Lanes at most: a program that makes more tasks than this runs them on its thread's lane. */
constexpr std::size_t MaxLanes = 128;
/** C functions named at most (the rest are drawn without a name). */
constexpr std::size_t MaxCalls = 512;

/** What a lane is, in memory every process of the run shares (threads of forked children too). */
struct SharedLane
{
    char name[96];
    std::int64_t cpuNs;  // the thread's own CPU time, once it has ended (-1 before)
    std::int64_t userNs; // ... of it in user mode (the rest is the kernel's)
    std::uint64_t ident;
    std::int32_t process; // 0: the program's own process; 1, 2, ...: its forked children
    std::int32_t pid;
    std::uint8_t task; // an asyncio task (its outermost coroutine), not a thread
};

/**
 * The recording, in an anonymous shared mapping made before the program runs: a process the
 * program forks (multiprocessing) records into it too, on the same clock.
 */
struct Shared
{
    std::atomic<std::int64_t> changes;
    std::atomic<std::int64_t> events;
    std::atomic<std::int32_t> lanes;
    std::atomic<std::int32_t> calls;
    std::atomic<std::int32_t> processes;
    std::atomic<std::int64_t> cappedAtNs; // 0 while not capped
    SharedLane lane[MaxLanes];
    char call[MaxCalls][80];
    // maxChanges Change records follow the header (changeAt()).
};

/** A lane's recording state: private to the process whose thread it is. */
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
    PyObject *coroutine = nullptr; // a task's coroutine: identity only
};

struct Recorder
{
    // Set up once, before any fork.
    PyObject *hook = nullptr;
    PyObject *bootstrapInner = nullptr; // threading.Thread._bootstrap_inner.__code__
    // The original methods our wrappers call: (type, name) -> descriptor.
    std::map<std::pair<PyTypeObject *, std::string>, PyObject *> wrapped;
    PyObject *sleep = nullptr;            // the original time.sleep
    PyObject *processBootstrap = nullptr; // multiprocessing's BaseProcess._bootstrap.__code__
    PyObject *forkHook = nullptr;         // os.register_at_fork's after_in_child

    // One run.
    bool recording = false;
    bool capped = false;
    bool timedOut = false;
    ThreadRecorder::Limits limits;
    std::function<void()> raiseStop;
    Shared *shared = nullptr;
    std::size_t sharedBytes = 0;
    std::int32_t process = 0;    // this process's number in the run
    std::vector<Lane> lanes;     // by lane number: the lanes of this process's threads
    std::vector<CallInfo> calls; // by call number: the ones this process has met
    // Call numbers already known to this process: by a C function's PyMethodDef, or by what a
    // wrapper records (a lock's or a queue's type, time.sleep).
    std::unordered_map<const void *, std::int32_t> callIndex;
    std::unordered_map<PyObject *, std::int32_t> taskLanes; // coroutine -> its lane
    std::unordered_map<QString, int> taskNames;             // how many tasks ran each function
    int returnValue = 83;                                   // RETURN_VALUE (from the opcode module)
    std::int32_t holder = -1;     // the lane holding the GIL, or -1 (let go in a call, or nobody)
    std::int64_t lastEventNs = 0; // the latest event's time: the holder's, when there is one
    std::int64_t events = 0;      // this process's, not yet added to the shared count
    QStringList notes;            // what the recording could not follow
    std::int64_t startNs = 0;
    std::int64_t endNs = 0;
};

Recorder r;
thread_local std::int32_t tlsLane = -1;

/** Change number INDEX in the shared mapping, after its header. */
Change &changeAt(std::int64_t index)
{
    auto *first = reinterpret_cast<Change *>(reinterpret_cast<char *>(r.shared) + sizeof(Shared));
    return first[index];
}
// The asyncio tasks running on this thread, innermost last (a task's coroutine resumed by the
// event loop; one at a time, unless a program drives a coroutine by hand inside another).
thread_local std::vector<std::pair<PyFrameObject *, std::int32_t>> tlsTasks;

/** The lane this thread's events belong to: the task it runs, or the thread itself. */
std::int32_t currentLane()
{
    return tlsTasks.empty() ? tlsLane : tlsTasks.back().second;
}

using Clock::threadCpuNs;
std::int64_t nowNs()
{
    return Clock::monotonicNs();
}

std::int64_t threadUserNs()
{
    rusage usage{};
    if (::getrusage(RUSAGE_THREAD, &usage) != 0)
        return -1;
    return std::int64_t(usage.ru_utime.tv_sec) * 1000000000
           + std::int64_t(usage.ru_utime.tv_usec) * 1000;
}

void flushEvents()
{
    if (r.shared && r.events) {
        r.shared->events.fetch_add(r.events, std::memory_order_relaxed);
        r.events = 0;
    }
}

void endLane(std::int32_t lane)
{
    Lane &l = r.lanes[std::size_t(lane)];
    SharedLane &s = r.shared->lane[lane];
    s.cpuNs = threadCpuNs() - l.cpuStartNs;
    const std::int64_t user = threadUserNs();
    s.userNs = user < 0 ? -1 : user - l.userStartNs;
    l.done = true;
    l.inCall = false;
    flushEvents();
}

void setName(std::int32_t lane, const QString &name)
{
    const QByteArray utf8 = name.toUtf8().left(int(sizeof(SharedLane::name)) - 1);
    std::memcpy(r.shared->lane[lane].name, utf8.constData(), std::size_t(utf8.size()));
    r.shared->lane[lane].name[utf8.size()] = '\0';
}

QString nameOf(std::int32_t lane)
{
    return QString::fromUtf8(r.shared->lane[lane].name);
}

void change(std::int32_t lane, State state, std::int64_t t, std::int32_t call = -1)
{
    if (r.capped)
        return;
    const std::int64_t index = r.shared->changes.fetch_add(1, std::memory_order_relaxed);
    if (index >= r.limits.maxChanges) {
        // The trace ends here; the program runs on, untraced, to its end.
        r.capped = true;
        std::int64_t none = 0;
        r.shared->cappedAtNs.compare_exchange_strong(none, t);
        return;
    }
    r.lanes[std::size_t(lane)].state = state;
    const int cpu = state == State::Running ? ::sched_getcpu() : -1;
    Change &c = changeAt(index);
    c = {t, lane, state, 0, std::int16_t(cpu), call};
    __atomic_store_n(&c.valid, std::uint8_t(1), __ATOMIC_RELEASE);
}

PyObject *sleepWrapper(PyObject *, PyObject *seconds);
extern PyMethodDef lockEnterDef;
extern PyMethodDef queueGetDef;

/** INFO's number, the same in every process of the run (-1 past MaxCalls: no name drawn). */
std::int32_t internCall(const CallInfo &info)
{
    for (std::size_t i = 0; i < r.calls.size(); ++i) {
        if (r.calls[i].name == info.name)
            return std::int32_t(i);
    }
    const QByteArray utf8 = info.name.toUtf8().left(79);
    std::int32_t index = -1;
    // Another process may have named it first.
    const std::int32_t known = std::min<std::int32_t>(r.shared->calls.load(), MaxCalls);
    for (std::int32_t i = 0; i < known && index < 0; ++i) {
        if (utf8 == r.shared->call[i])
            index = i;
    }
    if (index < 0) {
        index = r.shared->calls.fetch_add(1);
        if (index >= std::int32_t(MaxCalls))
            return -1;
        std::memcpy(r.shared->call[index], utf8.constData(), std::size_t(utf8.size()));
        r.shared->call[index][utf8.size()] = '\0';
    }
    if (r.calls.size() <= std::size_t(index))
        r.calls.resize(std::size_t(index) + 1);
    r.calls[std::size_t(index)] = info;
    return index;
}

/** The call number for KEY, made from MAKE() (a CallInfo) the first time this process asks. */
template<typename Make>
std::int32_t cachedCall(const void *key, Make &&make)
{
    const auto found = r.callIndex.find(key);
    if (found != r.callIndex.end())
        return found->second;
    const std::int32_t index = internCall(make());
    r.callIndex.emplace(key, index);
    return index;
}

std::int32_t callOf(PyObject *function)
{
    if (!function || !PyCFunction_Check(function))
        return -1;
    auto *c = reinterpret_cast<PyCFunctionObject *>(function);
    return cachedCall(c->m_ml, [c] {
        QString owner;
        if (c->m_self && PyModule_Check(c->m_self)) {
            const char *module = PyModule_GetName(c->m_self);
            owner = module ? QString::fromUtf8(module) : QString();
            PyErr_Clear();
        } else if (c->m_self) {
            owner = QString::fromUtf8(Py_TYPE(c->m_self)->tp_name);
        }
        const QString name = owner.isEmpty()
                                 ? QString::fromUtf8(c->m_ml->ml_name)
                                 : owner + QLatin1Char('.') + QString::fromUtf8(c->m_ml->ml_name);
        CallInfo info = classify(name);
        if (c->m_ml == &lockEnterDef || c->m_ml == &queueGetDef || c->m_ml->ml_meth == sleepWrapper)
            info.release = Release::Never; // the wrapper reports the call itself
        return info;
    });
}

/** The GIL is with LANE from T: whoever had it was switched out, or had let it go in a call. */
void takeGil(std::int32_t lane, std::int64_t t)
{
    const std::int64_t holderSeen = std::exchange(r.lastEventNs, t);
    if (r.holder == lane)
        return;
    if (r.holder >= 0) {
        Lane &h = r.lanes[std::size_t(r.holder)];
        if (!h.done) {
            if (h.inCall && !h.callReleased) {
                // Someone else ran Python during its C call: the call let the GIL go. From its
                // start: it holds nothing we can see after that.
                h.callReleased = true;
                change(r.holder,
                       h.call >= 0 ? r.calls[std::size_t(h.call)].released : State::BlockedIo,
                       h.callStart,
                       h.call);
            } else if (!h.callReleased) {
                // Switched out: it ran Python up to its last event; from there to the new
                // holder's first event the GIL was changing hands (drawn as nobody's).
                change(r.holder, State::WaitingGil, holderSeen, lane);
            }
        }
    }
    r.holder = lane;
}

void runningPython(Lane &l, std::int32_t lane, std::int64_t t)
{
    if (l.inCall && !l.callReleased)
        l.inCall = false; // the C call called back into Python: Python runs here now
    if (l.state != State::Running && !(l.inCall && l.callReleased))
        change(lane, State::Running, t);
}

bool isCoroutine(PyCodeObject *code)
{
    return code && (code->co_flags & (CO_COROUTINE | CO_ITERABLE_COROUTINE)) != 0;
}

/**
 * FRAME, a coroutine being started or resumed, is a task's outermost one when what resumes it is
 * not another coroutine (the event loop's Handle._run, through the task's step in C).
 */
bool isTaskTop(PyFrameObject *frame)
{
    PyCodeObject *code = PyFrame_GetCode(frame);
    const bool coroutine = isCoroutine(code);
    Py_DECREF(code);
    if (!coroutine)
        return false;
    PyFrameObject *back = PyFrame_GetBack(frame);
    PyCodeObject *backCode = back ? PyFrame_GetCode(back) : nullptr;
    const bool top = !isCoroutine(backCode);
    Py_XDECREF(backCode);
    Py_XDECREF(back);
    return top;
}

/** Whether FRAME's return event ends its coroutine (a return or an exception, not an await). */
bool finalReturn(PyFrameObject *frame, PyObject *arg)
{
    if (!arg)
        return true; // leaving with an exception
    PyCodeObject *code = PyFrame_GetCode(frame);
    PyObject *bytes = PyCode_GetCode(code);
    const int lasti = PyFrame_GetLasti(frame);
    const bool returned
        = bytes && lasti >= 0 && lasti < PyBytes_GET_SIZE(bytes)
          && static_cast<unsigned char>(PyBytes_AS_STRING(bytes)[lasti]) == r.returnValue;
    Py_XDECREF(bytes);
    Py_DECREF(code);
    return returned;
}

std::int32_t addLane(const QString &name, bool task = false);

/** The lane of the task whose coroutine FRAME runs, made the first time (-1: too many lanes). */
std::int32_t taskLane(PyFrameObject *frame)
{
    PyObject *coroutine = PyFrame_GetGenerator(frame);
    if (!coroutine)
        return -1;
    Py_DECREF(coroutine); // identity only: alive while its frame runs
    const auto found = r.taskLanes.find(coroutine);
    if (found != r.taskLanes.end())
        return found->second;
    PyCodeObject *code = PyFrame_GetCode(frame);
    const QString function = toQString(code->co_qualname);
    Py_DECREF(code);
    const int n = ++r.taskNames[function];
    const std::int32_t index
        = addLane(n == 1 ? QStringLiteral("task %1()").arg(function)
                         : QStringLiteral("task %1() #%2").arg(function).arg(n),
                  true);
    if (index < 0)
        return -1;
    r.lanes[std::size_t(index)].coroutine = coroutine;
    r.lanes[std::size_t(index)].state = State::Idle;
    r.taskLanes.emplace(coroutine, index);
    const QString thread = nameOf(tlsLane);
    if (!thread.endsWith(QLatin1String(" (event loop)")))
        setName(tlsLane, thread + QStringLiteral(" (event loop)"));
    return index;
}

/** On this thread, the GIL and the running go from lane FROM to lane TO (a task's turn). */
void handOver(std::int32_t from, std::int32_t to, State left, std::int64_t t)
{
    change(from, left, t);
    change(to, State::Running, t);
    r.holder = to;
}

/** A forked child's lane takes its multiprocessing name ("Process-1", "ForkPoolWorker-2"). */
void nameProcess(PyFrameObject *frame)
{
    PyObject *locals = PyFrame_GetLocals(frame);
    PyObject *self
        = locals && PyDict_Check(locals) ? PyDict_GetItemString(locals, "self") : nullptr;
    PyObject *name = self ? PyObject_GetAttrString(self, "_name") : nullptr; // a plain attribute
    if (name && PyUnicode_Check(name))
        setName(tlsLane, QStringLiteral("%1 (pid %2)").arg(toQString(name)).arg(::getpid()));
    Py_XDECREF(name);
    Py_XDECREF(locals);
    PyErr_Clear();
}

int onEvent(PyFrameObject *frame, int what, PyObject *arg)
{
    if (!r.recording || r.capped || tlsLane < 0)
        return 0;
    const std::int32_t lane = currentLane();
    Lane &l = r.lanes[std::size_t(lane)];
    if (l.done)
        return 0;
    if ((++r.events & 4095) == 0)
        flushEvents();
    const std::int64_t t = nowNs();
    takeGil(lane, t);
    if (what == PyTrace_CALL && r.process > 0 && lane == tlsLane && r.processBootstrap) {
        PyCodeObject *code = PyFrame_GetCode(frame);
        const bool bootstrap = reinterpret_cast<PyObject *>(code) == r.processBootstrap;
        Py_DECREF(code);
        if (bootstrap)
            nameProcess(frame);
    }
    if (what == PyTrace_CALL && isTaskTop(frame)) {
        // The event loop gives a task its turn: from here its lane runs, the loop's waits.
        runningPython(l, lane, t);
        const std::int32_t task = taskLane(frame);
        if (task >= 0 && task != lane) {
            handOver(lane, task, State::Idle, t);
            tlsTasks.emplace_back(frame, task);
        }
        return 0;
    }
    if (what == PyTrace_RETURN && !tlsTasks.empty() && tlsTasks.back().first == frame) {
        // The task awaits something (or is finished): the turn goes back to the loop.
        const std::int32_t task = tlsTasks.back().second;
        tlsTasks.pop_back();
        const bool finished = finalReturn(frame, arg);
        if (finished)
            r.taskLanes.erase(r.lanes[std::size_t(task)].coroutine);
        r.lanes[std::size_t(task)].inCall = false;
        handOver(task, currentLane(), finished ? State::Done : State::Idle, t);
        return 0;
    }
    switch (what) {
    case PyTrace_C_CALL: {
        const std::int32_t call = callOf(arg);
        if (call < 0 || r.calls[std::size_t(call)].release == Release::Never)
            break;
        runningPython(l, lane, t);
        l.inCall = true;
        l.call = call;
        l.callStart = t;
        l.callReleased = r.calls[std::size_t(call)].release == Release::Always;
        if (r.calls[std::size_t(call)].release == Release::Holds)
            change(lane, r.calls[std::size_t(call)].holding, t, call);
        if (l.callReleased) {
            change(lane, r.calls[std::size_t(call)].released, t, call);
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
            change(lane, State::Running, t);
        break;
    }
    case PyTrace_RETURN: {
        PyCodeObject *code = frame ? PyFrame_GetCode(frame) : nullptr;
        const bool threadEnds = code && reinterpret_cast<PyObject *>(code) == r.bootstrapInner;
        Py_XDECREF(code); // compared by address below only
        const bool processEnds = r.process > 0 && code
                                 && reinterpret_cast<PyObject *>(code) == r.processBootstrap
                                 && lane == tlsLane;
        if (threadEnds || processEnds) {
            // The thread's run() (or a forked process's work) is over: its CPU time, and the
            // GIL goes to whoever is next.
            endLane(lane);
            change(lane, State::Done, t);
            if (r.holder == lane)
                r.holder = -1;
            break;
        }
        runningPython(l, lane, t);
        break;
    }
    default:
        runningPython(l, lane, t);
        break;
    }
    return 0;
}

int profileFunction(PyObject *, PyFrameObject *frame, int what, PyObject *arg)
{
    return onEvent(frame, what, arg);
}

int traceFunction(PyObject *, PyFrameObject *frame, int what, PyObject *arg)
{
    // Calls and returns come through the profile function; the trace function adds lines.
    if (what != PyTrace_LINE)
        return 0;
    if (r.recording && !r.timedOut && r.limits.deadlineNs > 0 && nowNs() > r.limits.deadlineNs
        && !PyErr_Occurred()) {
        r.timedOut = true;
        if (r.raiseStop) {
            r.raiseStop();
            return -1;
        }
    }
    return onEvent(frame, what, arg);
}

/** A new lane for the calling thread (or a task on it), in every process's numbering. */
std::int32_t addLane(const QString &name, bool task)
{
    const std::int32_t index = r.shared->lanes.fetch_add(1);
    if (index >= std::int32_t(MaxLanes))
        return -1;
    SharedLane &s = r.shared->lane[index];
    s.cpuNs = -1;
    s.userNs = -1;
    s.ident = PyThread_get_thread_ident();
    s.process = r.process;
    s.pid = ::getpid();
    s.task = task;
    setName(index, name);
    Lane lane;
    if (!task) {
        lane.cpuStartNs = threadCpuNs();
        lane.userStartNs = std::max<std::int64_t>(threadUserNs(), 0);
    }
    r.lanes[std::size_t(index)] = lane;
    return index;
}

void install()
{
    PyEval_SetProfile(profileFunction, nullptr);
    PyEval_SetTrace(traceFunction, nullptr);
}

/** threading's profile hook: called once at a new thread's first event, it puts ours there. */
PyObject *threadStarted(PyObject *, PyObject *)
{
    if (!r.recording || r.capped || r.shared->lanes.load() >= std::int32_t(MaxLanes)) {
        PyEval_SetProfile(nullptr, nullptr);
        Py_RETURN_NONE;
    }
    QString name = QStringLiteral("Thread");
    if (PyObject *threading = PyImport_ImportModule("threading")) {
        // Read before our functions are in: this Python call is not the program's.
        if (PyObject *current = PyObject_CallMethod(threading, "current_thread", nullptr)) {
            if (PyObject *value = PyObject_GetAttrString(current, "name")) {
                if (PyUnicode_Check(value))
                    name = toQString(value);
                Py_DECREF(value);
            }
            Py_DECREF(current);
        }
        Py_DECREF(threading);
    }
    PyErr_Clear();
    if (r.process > 0)
        name += QStringLiteral(" of process %1").arg(r.process);
    tlsLane = addLane(name);
    if (tlsLane < 0) {
        PyEval_SetProfile(nullptr, nullptr);
        Py_RETURN_NONE;
    }
    const std::int64_t t = nowNs();
    takeGil(tlsLane, t);
    change(tlsLane, State::Running, t);
    install();
    Py_RETURN_NONE;
}

PyMethodDef threadHookDef = {"curtain_thread_profile", threadStarted, METH_VARARGS, nullptr};

/**
 * os.register_at_fork's after_in_child: a process the program forks (multiprocessing) records
 * too, into the same shared memory, as a process of its own with its own GIL.
 */
PyObject *forked(PyObject *, PyObject *)
{
    if (!r.recording || r.capped || !r.shared)
        Py_RETURN_NONE;
    r.process = r.shared->processes.fetch_add(1) + 1;
    r.holder = -1; // its GIL: only the forking thread lives on, and it has it
    r.events = 0;
    tlsTasks.clear();
    r.taskLanes.clear();
    tlsLane = addLane(QStringLiteral("process %1 (pid %2)").arg(r.process).arg(::getpid()));
    if (tlsLane >= 0) {
        const std::int64_t t = nowNs();
        takeGil(tlsLane, t);
        change(tlsLane, State::Running, t);
    } else {
        r.recording = false;
    }
    Py_RETURN_NONE;
}

PyMethodDef forkedDef = {"curtain_forked", forked, METH_NOARGS, nullptr};

/**
 * A C call that may wait (and let the GIL go) made where the profiler does not report it: a
 * lock's `with` statement, a queue's get called from C (iter(queue.get, None)). CALL runs it; it
 * is recorded as a call named NAME that let the GIL go if another thread ran meanwhile.
 */
template<typename Name, typename Call>
PyObject *recordedCall(const void *key, Name &&name, Call &&call)
{
    const std::int32_t lane = currentLane();
    const bool traced = r.recording && !r.capped && lane >= 0 && !r.lanes[std::size_t(lane)].done;
    if (traced) {
        Lane &l = r.lanes[std::size_t(lane)];
        const std::int64_t t = nowNs();
        ++r.events;
        takeGil(lane, t);
        runningPython(l, lane, t);
        l.inCall = true;
        l.call = cachedCall(key, [&] {
            return CallInfo{name(), Release::Maybe, State::WaitingLock};
        });
        l.callStart = t;
        l.callReleased = false;
    }
    PyObject *result = call();
    if (traced && r.recording && !r.capped) {
        Lane &l = r.lanes[std::size_t(lane)];
        const std::int64_t t = nowNs();
        takeGil(lane, t);
        const bool back = l.inCall && l.callReleased;
        l.inCall = false;
        l.callReleased = false;
        if (back || l.state != State::Running)
            change(lane, State::Running, t);
    }
    return result;
}

PyObject *originalOf(PyObject *self, const char *method)
{
    for (PyTypeObject *type = Py_TYPE(self); type; type = type->tp_base) {
        const auto found = r.wrapped.find({type, method});
        if (found != r.wrapped.end())
            return found->second;
    }
    PyErr_Format(PyExc_RuntimeError, "%s is missing", method);
    return nullptr;
}

PyObject *lockEnter(PyObject *self, PyObject *)
{
    PyObject *original = originalOf(self, "__enter__");
    if (!original)
        return nullptr;
    return recordedCall(
        Py_TYPE(self),
        [self] {
            return QString::fromUtf8(Py_TYPE(self)->tp_name) + QStringLiteral(".acquire (with)");
        },
        [&] { return PyObject_CallOneArg(original, self); });
}

PyObject *queueGet(PyObject *self, PyObject *args, PyObject *kwargs)
{
    PyObject *original = originalOf(self, "get");
    if (!original)
        return nullptr;
    return recordedCall(
        Py_TYPE(self),
        [] { return QStringLiteral("_queue.SimpleQueue.get"); },
        [&]() -> PyObject * {
            // The descriptor takes the queue first, then the arguments.
            const Py_ssize_t n = PyTuple_GET_SIZE(args);
            PyObject *all = PyTuple_New(n + 1);
            Py_INCREF(self);
            PyTuple_SET_ITEM(all, 0, self);
            for (Py_ssize_t i = 0; i < n; ++i) {
                Py_INCREF(PyTuple_GET_ITEM(args, i));
                PyTuple_SET_ITEM(all, i + 1, PyTuple_GET_ITEM(args, i));
            }
            PyObject *result = PyObject_Call(original, all, kwargs);
            Py_DECREF(all);
            return result;
        });
}

// METH_VARARGS | METH_KEYWORDS functions travel as PyCFunction: the double cast says so.
PyMethodDef queueGetDef = {"get",
                           reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(queueGet)),
                           METH_VARARGS | METH_KEYWORDS,
                           "get(block=True, timeout=None)"};

PyMethodDef lockEnterDef = {"__enter__", lockEnter, METH_NOARGS, nullptr};

/**
 * time.sleep, seen whole: the thread lets the GIL go for the time it asked for, and whatever
 * passes after that before the call returns it spent waiting to get the GIL back (the convoy).
 */
PyObject *sleepWrapper(PyObject *, PyObject *seconds)
{
    const std::int32_t lane = currentLane();
    const bool traced = r.recording && !r.capped && lane >= 0 && !r.lanes[std::size_t(lane)].done;
    const double asked = PyNumber_Check(seconds) ? PyFloat_AsDouble(seconds) : -1;
    if (PyErr_Occurred())
        PyErr_Clear(); // time.sleep says what is wrong with its argument itself
    std::int64_t start = 0;
    std::int32_t call = -1;
    if (traced) {
        Lane &l = r.lanes[std::size_t(lane)];
        start = nowNs();
        ++r.events;
        takeGil(lane, start);
        runningPython(l, lane, start);
        call = cachedCall(r.sleep, [] {
            return CallInfo{QStringLiteral("time.sleep"), Release::Always, State::BlockedIo};
        });
        l.inCall = true;
        l.call = call;
        l.callStart = start;
        l.callReleased = true;
        change(lane, State::BlockedIo, start, call);
        r.holder = -1;
    }
    PyObject *result = PyObject_CallOneArg(r.sleep, seconds);
    if (traced && r.recording && !r.capped) {
        Lane &l = r.lanes[std::size_t(lane)];
        const std::int64_t t = nowNs();
        takeGil(lane, t);
        // Timer slack: a wake-up within 0.2 ms of the time asked for is the sleep's own.
        const std::int64_t woke = asked > 0 ? start + std::int64_t(asked * 1e9) : t;
        if (woke + 200000 < t)
            change(lane, State::WaitingGil, woke, -1);
        l.inCall = false;
        l.callReleased = false;
        change(lane, State::Running, t);
    }
    return result;
}

PyMethodDef sleepDef = {"sleep", sleepWrapper, METH_O, "sleep(seconds)"};

/** Puts DEF in TYPE's dict in place of its method DEF->ml_name, keeping the original. */
bool wrapMethod(PyObject *type, PyMethodDef *def)
{
    if (!type || !PyType_Check(type))
        return false;
    auto *t = reinterpret_cast<PyTypeObject *>(type);
    PyObject *original = PyDict_GetItemString(t->tp_dict, def->ml_name);
    if (!original)
        return false;
    Py_INCREF(original);
    r.wrapped[{t, def->ml_name}] = original;
    PyObject *wrapper = PyDescr_NewMethod(t, def);
    if (!wrapper)
        return false;
    // Straight into the type's dict: these types refuse setattr (they are immutable), and this
    // is a runner's private copy of the interpreter.
    PyDict_SetItemString(t->tp_dict, def->ml_name, wrapper);
    Py_DECREF(wrapper);
    PyType_Modified(t);
    return true;
}

} // namespace

namespace ThreadRecorder {

bool initialise(QString *error)
{
    r.hook = PyCFunction_New(&threadHookDef, nullptr);
    PyObject *threading = PyImport_ImportModule("threading");
    PyObject *thread = threading ? PyObject_GetAttrString(threading, "Thread") : nullptr;
    PyObject *inner = thread ? PyObject_GetAttrString(thread, "_bootstrap_inner") : nullptr;
    r.bootstrapInner = inner ? PyObject_GetAttrString(inner, "__code__") : nullptr;
    Py_XDECREF(inner);
    Py_XDECREF(thread);
    if (PyObject *opcode = PyImport_ImportModule("opcode")) {
        PyObject *opmap = PyObject_GetAttrString(opcode, "opmap");
        PyObject *value = opmap ? PyDict_GetItemString(opmap, "RETURN_VALUE") : nullptr;
        if (value && PyLong_Check(value))
            r.returnValue = int(PyLong_AsLong(value));
        Py_XDECREF(opmap);
        Py_DECREF(opcode);
    }
    PyObject *threadModule = PyImport_ImportModule("_thread");
    bool patched = false;
    if (threadModule) {
        PyObject *lockType = PyObject_GetAttrString(threadModule, "LockType");
        PyObject *rlockType = PyObject_GetAttrString(threadModule, "RLock");
        patched = wrapMethod(lockType, &lockEnterDef) && wrapMethod(rlockType, &lockEnterDef);
        Py_XDECREF(lockType);
        Py_XDECREF(rlockType);
        Py_DECREF(threadModule);
    }
    Py_XDECREF(threading);
    if (PyObject *queue = PyImport_ImportModule("_queue")) {
        PyObject *simpleQueue = PyObject_GetAttrString(queue, "SimpleQueue");
        patched = patched && wrapMethod(simpleQueue, &queueGetDef);
        Py_XDECREF(simpleQueue);
        Py_DECREF(queue);
    }
    if (PyObject *time = PyImport_ImportModule("time")) {
        r.sleep = PyObject_GetAttrString(time, "sleep");
        PyObject *wrapper = PyCFunction_NewEx(&sleepDef, nullptr, PyModule_GetNameObject(time));
        patched
            = patched && r.sleep && wrapper && PyObject_SetAttrString(time, "sleep", wrapper) == 0;
        Py_XDECREF(wrapper);
        Py_DECREF(time);
    } else {
        patched = false;
    }
    if (PyObject *process = PyImport_ImportModule("multiprocessing.process")) {
        PyObject *base = PyObject_GetAttrString(process, "BaseProcess");
        PyObject *bootstrap = base ? PyObject_GetAttrString(base, "_bootstrap") : nullptr;
        r.processBootstrap = bootstrap ? PyObject_GetAttrString(bootstrap, "__code__") : nullptr;
        Py_XDECREF(bootstrap);
        Py_XDECREF(base);
        Py_DECREF(process);
    }
    r.forkHook = PyCFunction_New(&forkedDef, nullptr);
    PyErr_Clear();
    if (!r.hook || !r.bootstrapInner || !patched || !r.forkHook) {
        if (error)
            *error
                = QStringLiteral("cannot prepare the thread recorder (threading, _thread, time)");
        return false;
    }
    return true;
}

PyObject *threadHook()
{
    return r.hook;
}

void start(const Limits &limits, std::function<void()> raiseStop)
{
    r.limits = limits;
    r.limits.maxChanges = std::max<std::int64_t>(limits.maxChanges, 1);
    r.raiseStop = std::move(raiseStop);
    r.sharedBytes = sizeof(Shared) + std::size_t(r.limits.maxChanges) * sizeof(Change);
    void *memory = ::mmap(nullptr,
                          r.sharedBytes,
                          PROT_READ | PROT_WRITE,
                          MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE,
                          -1,
                          0);
    if (memory == MAP_FAILED) {
        r.shared = nullptr;
        return; // nothing recorded; result() says so
    }
    r.shared = new (memory) Shared;
    r.process = 0;
    r.lanes.assign(MaxLanes, Lane{});
    r.calls.clear();
    r.callIndex.clear();
    r.taskLanes.clear();
    r.taskNames.clear();
    tlsTasks.clear();
    r.capped = false;
    r.timedOut = false;
    r.events = 0;
    r.notes.clear();
    r.holder = -1;
    r.startNs = nowNs();
    r.lastEventNs = r.startNs;
    r.endNs = 0;
    tlsLane = addLane(QStringLiteral("MainThread"));
    r.recording = true;
    takeGil(tlsLane, r.startNs);
    change(tlsLane, State::Running, r.startNs);
    // Forked children (multiprocessing's fork start method) record too.
    if (PyObject *os = PyImport_ImportModule("os")) {
        PyObject *registerAtFork = PyObject_GetAttrString(os, "register_at_fork");
        PyObject *args = PyTuple_New(0);
        PyObject *kwargs = Py_BuildValue("{s:O}", "after_in_child", r.forkHook);
        Py_XDECREF(registerAtFork ? PyObject_Call(registerAtFork, args, kwargs) : nullptr);
        Py_XDECREF(kwargs);
        Py_XDECREF(args);
        Py_XDECREF(registerAtFork);
        Py_DECREF(os);
    }
    PyErr_Clear();
    install();
}

void finish()
{
    if (!r.recording)
        return;
    const std::int64_t t = nowNs();
    PyEval_SetProfile(nullptr, nullptr);
    PyEval_SetTrace(nullptr, nullptr);
    // Processes started as fresh interpreters run no recorder: say so rather than show nothing.
    PyObject *modules = PyImport_GetModuleDict();
    if (PyObject *multiprocessing = PyDict_GetItemString(modules, "multiprocessing")) {
        PyObject *method = PyObject_CallMethod(multiprocessing, "get_start_method", "(O)", Py_True);
        if (method && PyUnicode_Check(method)
            && PyUnicode_CompareWithASCIIString(method, "fork") != 0) {
            r.notes.append(
                QStringLiteral("multiprocessing starts its processes with \"%1\": each is a fresh "
                               "interpreter that Curtain does not trace. Call "
                               "multiprocessing.set_start_method(\"fork\") to see them.")
                    .arg(toQString(method)));
        }
        Py_XDECREF(method);
        PyErr_Clear();
    }
    if (tlsLane >= 0 && !r.capped) {
        endLane(tlsLane);
        change(tlsLane, State::Done, t);
    }
    flushEvents();
    r.endNs = t;
    r.recording = false;
}

QJsonObject result()
{
    if (!r.shared)
        return {{key(ThreadsKey::Error), QStringLiteral("no memory for the recording")}};
    flushEvents();
    const std::int64_t stored = std::min(r.shared->changes.load(), r.limits.maxChanges);
    std::vector<Change> changes;
    changes.reserve(std::size_t(stored));
    for (std::int64_t i = 0; i < stored; ++i) {
        if (__atomic_load_n(&changeAt(i).valid, __ATOMIC_ACQUIRE))
            changes.push_back(changeAt(i));
    }
    // Per lane in time order already; across lanes (and processes) by time (a released call is
    // marked from its start once someone else is seen running, after later changes were stored).
    std::stable_sort(
        changes.begin(), changes.end(), [](const Change &a, const Change &b) { return a.t < b.t; });
    QJsonArray lanes;
    const std::int32_t laneCount = std::min<std::int32_t>(r.shared->lanes.load(), MaxLanes);
    for (std::int32_t i = 0; i < laneCount; ++i) {
        const SharedLane &l = r.shared->lane[i];
        lanes.append(QJsonObject{{key(ThreadsKey::Name), QString::fromUtf8(l.name)},
                                 {key(ThreadsKey::Ident), double(l.ident)},
                                 {key(ThreadsKey::CpuNs), double(l.cpuNs)},
                                 {key(ThreadsKey::UserNs), double(l.userNs)},
                                 {key(ThreadsKey::Task), l.task != 0},
                                 {key(ThreadsKey::Process), l.process},
                                 {key(ThreadsKey::Pid), l.pid}});
    }
    QJsonArray changeList;
    for (const Change &c : changes) {
        changeList.append(QJsonArray{
            double(c.t - r.startNs), c.lane, QLatin1String(laneStateId(c.state)), c.call, c.cpu});
    }
    QJsonArray calls;
    const std::int32_t callCount = std::min<std::int32_t>(r.shared->calls.load(), MaxCalls);
    for (std::int32_t i = 0; i < callCount; ++i)
        calls.append(QString::fromUtf8(r.shared->call[i]));
    const std::int64_t cappedAt = r.shared->cappedAtNs.load();
    const std::int64_t end = cappedAt ? cappedAt : r.endNs;
    return {{key(ThreadsKey::Lanes), lanes},
            {key(ThreadsKey::Changes), changeList},
            {key(ThreadsKey::Calls), calls},
            {key(ThreadsKey::Events), double(r.shared->events.load())},
            {key(ThreadsKey::Capped), cappedAt != 0},
            {key(ThreadsKey::MaxChanges), double(r.limits.maxChanges)},
            {key(ThreadsKey::Processes), r.shared->processes.load() + 1},
            {key(ThreadsKey::Notes), QJsonArray::fromStringList(r.notes)},
            {key(ThreadsKey::StartNs), double(r.startNs)},
            {key(ThreadsKey::DurationNs), double(std::max<std::int64_t>(end - r.startNs, 0))}};
}

} // namespace ThreadRecorder

} // namespace PyRunner
