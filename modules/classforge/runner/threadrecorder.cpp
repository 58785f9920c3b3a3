// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "threadrecorder.h"

#include <QJsonArray>

#include <algorithm>
#include <ctime>
#include <functional>
#include <sched.h>
#include <sys/resource.h>
#include <unordered_map>
#include <utility>
#include <vector>

namespace {

// The Scheduler Lab's state ids: its timeline draws what this records.
enum class State : std::uint8_t { Running, WaitingGil, BlockedIo, WaitingLock, Idle, Done };

const char *stateId(State state)
{
    switch (state) {
    case State::Running:
        return "running";
    case State::WaitingGil:
        return "waiting_gil";
    case State::BlockedIo:
        return "blocked_io";
    case State::WaitingLock:
        return "waiting_lock";
    case State::Idle:
        return "idle";
    case State::Done:
        return "done";
    }
    return "running";
}

/** How a C function treats the GIL. */
enum class Release : std::uint8_t {
    Always, // it always lets the GIL go around a system call (sleep, select, raw I/O)
    Maybe,  // it lets it go only when it has to wait (a contended lock) or we cannot tell
    Never,  // ours: the lock's `with` wrapper records its own call
};

struct CallInfo
{
    QString name; // "time.sleep", "_thread.lock.acquire"
    Release release = Release::Maybe;
    State released = State::BlockedIo; // the state drawn while it has let the GIL go
};

struct Change
{
    std::int64_t t;
    std::int32_t lane;
    State state;
    std::int16_t cpu;
    std::int32_t call;
};

struct Lane
{
    QString name;
    unsigned long ident = 0;
    State state = State::Running;
    bool done = false;
    bool inCall = false;       // inside a C call made from Python
    bool callReleased = false; // ... that has let the GIL go
    std::int32_t call = -1;
    std::int64_t callStart = 0;
    std::int64_t cpuStartNs = 0;
    std::int64_t userStartNs = 0;
    std::int64_t cpuNs = -1;       // the thread's own CPU time, once it has ended
    std::int64_t userNs = -1;      // ... of it in user mode (the rest is the kernel's)
    bool task = false;             // an asyncio task (its outermost coroutine), not a thread
    PyObject *coroutine = nullptr; // a task's coroutine: identity only
};

/** Lanes at most: a program that makes more tasks than this runs them on its thread's lane. */
constexpr std::size_t MaxLanes = 128;

struct Recorder
{
    // Set up once, before any fork.
    PyObject *hook = nullptr;
    PyObject *bootstrapInner = nullptr; // threading.Thread._bootstrap_inner.__code__
    std::unordered_map<PyTypeObject *, PyObject *> lockEnter; // the original __enter__s
    PyObject *sleep = nullptr;                                // the original time.sleep

    // One run.
    bool recording = false;
    bool capped = false;
    bool timedOut = false;
    ThreadRecorder::Limits limits;
    std::function<void()> raiseStop;
    std::vector<Lane> lanes;
    std::vector<Change> changes;
    std::vector<CallInfo> calls;
    std::unordered_map<const PyMethodDef *, std::int32_t> callIndex;
    std::unordered_map<PyObject *, std::int32_t> taskLanes; // coroutine -> its lane
    std::unordered_map<QString, int> taskNames;             // how many tasks ran each function
    int returnValue = 83;                                   // RETURN_VALUE (from the opcode module)
    std::int32_t holder = -1;     // the lane holding the GIL, or -1 (let go in a call, or nobody)
    std::int64_t lastEventNs = 0; // the latest event's time: the holder's, when there is one
    std::int64_t events = 0;
    std::int64_t startNs = 0;
    std::int64_t endNs = 0;
};

Recorder r;
thread_local std::int32_t tlsLane = -1;
// The asyncio tasks running on this thread, innermost last (a task's coroutine resumed by the
// event loop; one at a time, unless a program drives a coroutine by hand inside another).
thread_local std::vector<std::pair<PyFrameObject *, std::int32_t>> tlsTasks;

/** The lane this thread's events belong to: the task it runs, or the thread itself. */
std::int32_t currentLane()
{
    return tlsTasks.empty() ? tlsLane : tlsTasks.back().second;
}

std::int64_t nowNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

std::int64_t threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

std::int64_t threadUserNs()
{
    rusage usage{};
    if (::getrusage(RUSAGE_THREAD, &usage) != 0)
        return -1;
    return std::int64_t(usage.ru_utime.tv_sec) * 1000000000
           + std::int64_t(usage.ru_utime.tv_usec) * 1000;
}

void endLane(Lane &l)
{
    l.cpuNs = threadCpuNs() - l.cpuStartNs;
    const std::int64_t user = threadUserNs();
    l.userNs = user < 0 ? -1 : user - l.userStartNs;
    l.done = true;
    l.inCall = false;
}

void change(std::int32_t lane, State state, std::int64_t t, std::int32_t call = -1)
{
    if (r.capped)
        return;
    if (std::int64_t(r.changes.size()) >= r.limits.maxChanges) {
        // The trace ends here; the program runs on, untraced, to its end.
        r.capped = true;
        r.endNs = t;
        return;
    }
    Lane &l = r.lanes[std::size_t(lane)];
    l.state = state;
    const int cpu = state == State::Running ? ::sched_getcpu() : -1;
    r.changes.push_back({t, lane, state, std::int16_t(cpu), call});
}

bool startsWith(const QString &name, std::initializer_list<const char *> prefixes)
{
    return std::any_of(prefixes.begin(), prefixes.end(), [&](const char *p) {
        return name.startsWith(QLatin1String(p));
    });
}

CallInfo classify(const QString &name)
{
    // Functions that wrap a blocking system call in Py_BEGIN_ALLOW_THREADS every time.
    static const QStringList always{
        QStringLiteral("time.sleep"),
        QStringLiteral("select.select"),
        QStringLiteral("select.poll.poll"),
        QStringLiteral("select.epoll.poll"),
        QStringLiteral("posix.read"),
        QStringLiteral("posix.write"),
        QStringLiteral("posix.waitpid"),
        QStringLiteral("posix.wait"),
        QStringLiteral("posix.system"),
        QStringLiteral("_io.FileIO.read"),
        QStringLiteral("_io.FileIO.readall"),
        QStringLiteral("_io.FileIO.readinto"),
        QStringLiteral("_io.FileIO.write"),
    };
    if (always.contains(name) || name.startsWith(QLatin1String("_socket.socket.")))
        return {name, Release::Always, State::BlockedIo};
    // Locks and queues wait only when someone else has them: seen when another thread runs.
    if (startsWith(name, {"_thread.lock.", "_thread.RLock.", "_queue.SimpleQueue.get"}))
        return {name, Release::Maybe, State::WaitingLock};
    return {name, Release::Maybe, State::BlockedIo};
}

PyObject *lockEnter(PyObject *self, PyObject *);
PyObject *sleepWrapper(PyObject *, PyObject *seconds);

std::int32_t callOf(PyObject *function)
{
    if (!function || !PyCFunction_Check(function))
        return -1;
    auto *c = reinterpret_cast<PyCFunctionObject *>(function);
    const auto found = r.callIndex.find(c->m_ml);
    if (found != r.callIndex.end())
        return found->second;
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
    if (c->m_ml->ml_meth == lockEnter || c->m_ml->ml_meth == sleepWrapper)
        info.release = Release::Never; // the wrapper reports the call itself
    const auto index = std::int32_t(r.calls.size());
    r.calls.push_back(info);
    r.callIndex.emplace(c->m_ml, index);
    return index;
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
                change(r.holder, r.calls[std::size_t(h.call)].released, h.callStart, h.call);
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
    if (r.lanes.size() >= MaxLanes)
        return -1;
    PyCodeObject *code = PyFrame_GetCode(frame);
    const QString function = QString::fromUtf8(PyUnicode_AsUTF8(code->co_qualname));
    Py_DECREF(code);
    Lane lane;
    const int n = ++r.taskNames[function];
    lane.name = n == 1 ? QStringLiteral("task %1()").arg(function)
                       : QStringLiteral("task %1() #%2").arg(function).arg(n);
    lane.task = true;
    lane.coroutine = coroutine;
    lane.state = State::Idle;
    lane.ident = PyThread_get_thread_ident();
    r.lanes.push_back(lane);
    const auto index = std::int32_t(r.lanes.size() - 1);
    r.taskLanes.emplace(coroutine, index);
    Lane &thread = r.lanes[std::size_t(tlsLane)];
    if (!thread.name.endsWith(QLatin1String(" (event loop)")))
        thread.name += QStringLiteral(" (event loop)");
    return index;
}

/** On this thread, the GIL and the running go from lane FROM to lane TO (a task's turn). */
void handOver(std::int32_t from, std::int32_t to, State left, std::int64_t t)
{
    change(from, left, t);
    change(to, State::Running, t);
    r.holder = to;
}

int onEvent(PyFrameObject *frame, int what, PyObject *arg)
{
    if (!r.recording || r.capped || tlsLane < 0)
        return 0;
    const std::int32_t lane = currentLane();
    Lane &l = r.lanes[std::size_t(lane)];
    if (l.done)
        return 0;
    ++r.events;
    const std::int64_t t = nowNs();
    takeGil(lane, t);
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
        Py_XDECREF(code);
        if (threadEnds) {
            // The thread's run() is over: its CPU time, and the GIL goes to whoever is next.
            endLane(l);
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

std::int32_t addLane(const QString &name)
{
    Lane lane;
    lane.name = name;
    lane.ident = PyThread_get_thread_ident();
    lane.cpuStartNs = threadCpuNs();
    lane.userStartNs = std::max<std::int64_t>(threadUserNs(), 0);
    r.lanes.push_back(lane);
    return std::int32_t(r.lanes.size() - 1);
}

void install()
{
    PyEval_SetProfile(profileFunction, nullptr);
    PyEval_SetTrace(traceFunction, nullptr);
}

/** threading's profile hook: called once at a new thread's first event, it puts ours there. */
PyObject *threadStarted(PyObject *, PyObject *)
{
    if (!r.recording || r.capped || r.lanes.size() >= MaxLanes) {
        PyEval_SetProfile(nullptr, nullptr);
        Py_RETURN_NONE;
    }
    QString name = QStringLiteral("Thread-%1").arg(r.lanes.size());
    if (PyObject *threading = PyImport_ImportModule("threading")) {
        // Read before our functions are in: this Python call is not the program's.
        if (PyObject *current = PyObject_CallMethod(threading, "current_thread", nullptr)) {
            if (PyObject *value = PyObject_GetAttrString(current, "name")) {
                if (PyUnicode_Check(value))
                    name = QString::fromUtf8(PyUnicode_AsUTF8(value));
                Py_DECREF(value);
            }
            Py_DECREF(current);
        }
        Py_DECREF(threading);
    }
    PyErr_Clear();
    tlsLane = addLane(name);
    const std::int64_t t = nowNs();
    takeGil(tlsLane, t);
    change(tlsLane, State::Running, t);
    install();
    Py_RETURN_NONE;
}

PyMethodDef threadHookDef = {"curtain_thread_profile", threadStarted, METH_VARARGS, nullptr};

/** `with lock:` acquires without a call the profiler reports: this wrapper reports it. */
PyObject *lockEnter(PyObject *self, PyObject *)
{
    PyObject *original = r.lockEnter.count(Py_TYPE(self)) ? r.lockEnter[Py_TYPE(self)] : nullptr;
    if (!original) {
        PyErr_SetString(PyExc_RuntimeError, "lock.__enter__ is missing");
        return nullptr;
    }
    const std::int32_t lane = currentLane();
    const bool traced = r.recording && !r.capped && lane >= 0 && !r.lanes[std::size_t(lane)].done;
    if (traced) {
        Lane &l = r.lanes[std::size_t(lane)];
        const std::int64_t t = nowNs();
        ++r.events;
        takeGil(lane, t);
        runningPython(l, lane, t);
        const QString name
            = QString::fromUtf8(Py_TYPE(self)->tp_name) + QStringLiteral(".acquire (with)");
        auto found = std::find_if(
            r.calls.begin(), r.calls.end(), [&](const CallInfo &c) { return c.name == name; });
        if (found == r.calls.end()) {
            r.calls.push_back({name, Release::Maybe, State::WaitingLock});
            found = r.calls.end() - 1;
        }
        l.inCall = true;
        l.call = std::int32_t(found - r.calls.begin());
        l.callStart = t;
        l.callReleased = false;
    }
    PyObject *result = PyObject_CallOneArg(original, self);
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

PyMethodDef lockEnterDef = {"__enter__", lockEnter, METH_NOARGS, nullptr};

std::int32_t internCall(const QString &name, Release release, State released)
{
    for (std::size_t i = 0; i < r.calls.size(); ++i) {
        if (r.calls[i].name == name)
            return std::int32_t(i);
    }
    r.calls.push_back({name, release, released});
    return std::int32_t(r.calls.size() - 1);
}

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
        call = internCall(QStringLiteral("time.sleep"), Release::Always, State::BlockedIo);
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

bool patchLockEnter(PyObject *type)
{
    if (!type || !PyType_Check(type))
        return false;
    auto *t = reinterpret_cast<PyTypeObject *>(type);
    PyObject *original = PyDict_GetItemString(t->tp_dict, "__enter__");
    if (!original)
        return false;
    Py_INCREF(original);
    r.lockEnter[t] = original;
    PyObject *wrapper = PyDescr_NewMethod(t, &lockEnterDef);
    if (!wrapper)
        return false;
    // Straight into the type's dict: the lock types refuse setattr (they are immutable), and
    // this is a runner's private copy of the interpreter.
    PyDict_SetItemString(t->tp_dict, "__enter__", wrapper);
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
        patched = patchLockEnter(lockType) && patchLockEnter(rlockType);
        Py_XDECREF(lockType);
        Py_XDECREF(rlockType);
        Py_DECREF(threadModule);
    }
    Py_XDECREF(threading);
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
    PyErr_Clear();
    if (!r.hook || !r.bootstrapInner || !patched) {
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
    r.raiseStop = std::move(raiseStop);
    r.lanes.clear();
    r.lanes.reserve(MaxLanes); // references to lanes stay valid while lanes are added
    r.taskLanes.clear();
    r.taskNames.clear();
    tlsTasks.clear();
    r.changes.clear();
    r.changes.reserve(std::size_t(std::min<std::int64_t>(limits.maxChanges, 1 << 16)));
    r.capped = false;
    r.timedOut = false;
    r.events = 0;
    r.holder = -1;
    r.startNs = nowNs();
    r.lastEventNs = r.startNs;
    r.endNs = 0;
    tlsLane = addLane(QStringLiteral("MainThread"));
    r.recording = true;
    takeGil(tlsLane, r.startNs);
    change(tlsLane, State::Running, r.startNs);
    install();
}

void finish()
{
    if (!r.recording)
        return;
    const std::int64_t t = nowNs();
    PyEval_SetProfile(nullptr, nullptr);
    PyEval_SetTrace(nullptr, nullptr);
    if (tlsLane >= 0 && !r.capped) {
        endLane(r.lanes[std::size_t(tlsLane)]);
        change(tlsLane, State::Done, t);
    }
    if (!r.capped)
        r.endNs = t;
    r.recording = false;
}

bool timedOut()
{
    return r.timedOut;
}

QJsonObject result()
{
    // Per lane in time order already; across lanes by time (a released call is marked from its
    // start once someone else is seen running, after later changes were stored).
    std::stable_sort(r.changes.begin(), r.changes.end(), [](const Change &a, const Change &b) {
        return a.t < b.t;
    });
    QJsonArray lanes;
    for (const Lane &l : r.lanes) {
        lanes.append(QJsonObject{{QStringLiteral("name"), l.name},
                                 {QStringLiteral("ident"), double(l.ident)},
                                 {QStringLiteral("cpu_ns"), double(l.cpuNs)},
                                 {QStringLiteral("user_ns"), double(l.userNs)},
                                 {QStringLiteral("task"), l.task}});
    }
    QJsonArray changes;
    for (const Change &c : r.changes) {
        changes.append(QJsonArray{
            double(c.t - r.startNs), c.lane, QLatin1String(stateId(c.state)), c.call, c.cpu});
    }
    QJsonArray calls;
    for (const CallInfo &c : r.calls)
        calls.append(c.name);
    return {
        {QStringLiteral("lanes"), lanes},
        {QStringLiteral("changes"), changes},
        {QStringLiteral("calls"), calls},
        {QStringLiteral("events"), double(r.events)},
        {QStringLiteral("capped"), r.capped},
        {QStringLiteral("max_changes"), double(r.limits.maxChanges)},
        {QStringLiteral("start_ns"), double(r.startNs)},
        {QStringLiteral("duration_ns"), double(std::max<std::int64_t>(r.endNs - r.startNs, 0))}};
}

} // namespace ThreadRecorder
