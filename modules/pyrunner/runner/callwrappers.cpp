// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// What the profiler reports about C functions, and the few calls it cannot see whole, wrapped:
// a lock's `with` statement and a queue's get called from C (iter(queue.get, None)) wait without
// a C call event; time.sleep is seen whole (how long it asked for, and the convoy after); and a
// new thread is followed from the moment start() asks the OS for it, not from its first event.

#include "recorderstate.h"

#include "pyobjects.h"

#include <algorithm>

namespace PyRunner::Recorder {

using namespace Protocol;

namespace {

PyObject *sleepWrapper(PyObject *, PyObject *seconds);
PyObject *startThreadWrapper(PyObject *, PyObject *args);
extern PyMethodDef lockEnterDef;
extern PyMethodDef queueGetDef;

/**
 * A C call that may wait (and let the GIL go) made where the profiler does not report it. CALL
 * runs it; it is recorded as a call named NAME that let the GIL go if another thread ran
 * meanwhile, or if the kernel says it was blocked.
 */
template<typename Name, typename Call>
PyObject *recordedCall(const void *key, Name &&name, Call &&call)
{
    const std::int32_t lane = tlsLane;
    const bool followed = traced(lane);
    if (followed) {
        Lane &l = r.lanes[std::size_t(lane)];
        const std::int64_t t = nowNs();
        ++r.events;
        takeGil(lane, t);
        runningPython(lane, t);
        l.inCall = true;
        l.call = cachedCall(key, [&] {
            return CallInfo{name(), Release::Maybe, State::WaitingLock};
        });
        l.callStart = t;
        l.callReleased = false;
        l.lastOwnNs = t;
    }
    PyObject *result = call();
    if (followed && traced(lane)) {
        Lane &l = r.lanes[std::size_t(lane)];
        const std::int64_t t = nowNs();
        const bool held = r.holder == lane;
        takeGil(lane, t);
        // A long call nobody else ran during: did it wait in the kernel? (A short one costs a
        // clock read, as any event does.)
        if (held && (t - l.callStart >= GapNs || t - l.anchor.t >= SamplePeriodNs))
            lookAtCpu(lane, t);
        const bool back = l.inCall && l.callReleased;
        l.inCall = false;
        l.callReleased = false;
        if (back || l.state != State::Running)
            ownChange(lane, State::Running, t);
        l.lastOwnNs = t;
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
    const std::int32_t lane = tlsLane;
    const bool followed = traced(lane);
    const double asked = PyNumber_Check(seconds) ? PyFloat_AsDouble(seconds) : -1;
    if (PyErr_Occurred())
        PyErr_Clear(); // time.sleep says what is wrong with its argument itself
    std::int64_t start = 0;
    if (followed) {
        Lane &l = r.lanes[std::size_t(lane)];
        start = nowNs();
        ++r.events;
        takeGil(lane, start);
        runningPython(lane, start);
        const std::int32_t call = cachedCall(r.sleep, [] {
            return CallInfo{QStringLiteral("time.sleep"), Release::Always, State::BlockedIo};
        });
        l.inCall = true;
        l.call = call;
        l.callStart = start;
        l.callReleased = true;
        ownChange(lane, State::BlockedIo, start, call); // its CPU so far closes the running
        r.holder = -1;
    }
    PyObject *result = PyObject_CallOneArg(r.sleep, seconds);
    if (followed && traced(lane)) {
        Lane &l = r.lanes[std::size_t(lane)];
        const std::int64_t t = nowNs();
        // Late past the sleep's end is a wait for the GIL only if some thread ran Python after
        // the sleep was over; with the GIL lying free the lateness was a wait for a core.
        const std::int64_t othersSeen = r.lastEventNs;
        takeGil(lane, t);
        // Timer slack: a wake-up within 0.2 ms of the time asked for is the sleep's own. A
        // sleep(0) sleeps not at all: all of it past the slack is the wait for the GIL it let
        // go (the yield the idiom is for).
        const std::int64_t woke = asked >= 0 ? start + std::int64_t(asked * 1e9) : t;
        if (woke + 200000 < t && othersSeen > woke)
            change(lane, State::WaitingGil, woke, -1);
        l.inCall = false;
        l.callReleased = false;
        ownChange(lane, State::Running, t);
        l.lastOwnNs = t;
    }
    return result;
}

PyMethodDef sleepDef = {"sleep", sleepWrapper, METH_O, "sleep(seconds)"};

/** Where a new thread starts: its lane, from start(), then what it was asked to run. */
PyObject *threadEntry(PyObject *self, PyObject *)
{
    // self: (function, args, kwargs, ns when start() asked, [ns when the OS had made it])
    PyObject *function = PyTuple_GET_ITEM(self, 0);
    PyObject *args = PyTuple_GET_ITEM(self, 1);
    PyObject *kwargs = PyTuple_GET_ITEM(self, 2);
    const std::int64_t asked = PyLong_AsLongLong(PyTuple_GET_ITEM(self, 3));
    const std::int64_t made = PyLong_AsLongLong(PyList_GET_ITEM(PyTuple_GET_ITEM(self, 4), 0));
    std::int32_t lane = -1;
    r.threadsStarting = std::max(r.threadsStarting - 1, 0);
    if (r.recording && !r.capped && r.shared->lanes.load() < std::int32_t(MaxLanes)) {
        // threading's Thread._bootstrap: the thread's own name ("Thread-1 (count)").
        QString name = QStringLiteral("Thread");
        if (PyMethod_Check(function)) {
            if (PyObject *value = PyObject_GetAttrString(PyMethod_GET_SELF(function), "name")) {
                if (PyUnicode_Check(value))
                    name = toQString(value);
                Py_DECREF(value);
            }
            PyErr_Clear();
        }
        if (r.process > 0)
            name += QStringLiteral(" of %1").arg(processName(r.process));
        lane = addThreadLane(name);
    } else if (r.recording && !r.capped) {
        r.shared->lanes.fetch_add(1); // counted, untraced: the answer says how many were not
    }
    if (lane >= 0) {
        // From start() until now it was the OS making the thread, then a wait for the GIL the
        // starting thread held: the lane begins when the program asked for it.
        const std::int64_t t = nowNs();
        tlsLane = lane;
        change(lane, State::Spawning, asked);
        change(lane, State::WaitingGil, std::max(made, asked));
        takeGil(lane, t);
        ownChange(lane, State::Running, t);
        r.lanes[std::size_t(lane)].lastOwnNs = t;
        install();
    }
    PyObject *result = PyObject_Call(function, args, kwargs == Py_None ? nullptr : kwargs);
    if (lane >= 0 && traced(lane)) // started by _thread itself: no _bootstrap_inner ends it
        endLane(lane, nowNs());
    return result;
}

PyMethodDef threadEntryDef = {"curtain_thread", threadEntry, METH_NOARGS, nullptr};

PyObject *startThreadWrapper(PyObject *, PyObject *args)
{
    PyObject *function = nullptr;
    PyObject *arguments = nullptr;
    PyObject *kwargs = Py_None;
    // Anything but a good call goes to the original as it is: its errors are its own.
    if (!r.recording || !PyArg_ParseTuple(args, "OO|O", &function, &arguments, &kwargs)
        || !PyCallable_Check(function) || !PyTuple_Check(arguments)
        || (kwargs != Py_None && !PyDict_Check(kwargs))) {
        PyErr_Clear();
        return PyObject_Call(r.startThread, args, nullptr);
    }
    PyObject *made = Py_BuildValue("[L]", 0LL);
    PyObject *entryState = Py_BuildValue(
        "(OOOLO)", function, arguments, kwargs, static_cast<long long>(nowNs()), made);
    PyObject *entry = entryState ? PyCFunction_New(&threadEntryDef, entryState) : nullptr;
    PyObject *result = entry ? PyObject_CallFunction(r.startThread, "(O())", entry) : nullptr;
    if (result) {
        PyObject *now = PyLong_FromLongLong(nowNs());
        PyList_SetItem(made, 0, now); // steals NOW
        ++r.threadsStarting;
    }
    Py_XDECREF(entry);
    Py_XDECREF(entryState);
    Py_XDECREF(made);
    return result;
}

PyMethodDef startThreadDef = {"start_new_thread",
                              startThreadWrapper,
                              METH_VARARGS,
                              "start_new_thread(function, args, kwargs=None)"};

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

/** Replaces MODULE's function NAME with DEF's, keeping the original in *ORIGINAL. */
bool wrapFunction(const char *module, const char *name, PyMethodDef *def, PyObject **original)
{
    PyObject *m = PyImport_ImportModule(module);
    if (!m)
        return false;
    if (!*original)
        *original = PyObject_GetAttrString(m, name);
    PyObject *wrapper = PyCFunction_NewEx(def, nullptr, PyModule_GetNameObject(m));
    const bool ok = *original && wrapper && PyObject_SetAttrString(m, name, wrapper) == 0;
    Py_XDECREF(wrapper);
    Py_DECREF(m);
    return ok;
}

} // namespace

std::int32_t cachedCall(const void *key, const std::function<CallInfo()> &make)
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
        if (c->m_ml == &lockEnterDef || c->m_ml == &queueGetDef || c->m_ml->ml_meth == sleepWrapper
            || c->m_ml->ml_meth == startThreadWrapper)
            info.release = Release::Never; // the wrapper reports the call itself
        return info;
    });
}

bool wrapCalls()
{
    bool patched = false;
    if (PyObject *threadModule = PyImport_ImportModule("_thread")) {
        PyObject *lockType = PyObject_GetAttrString(threadModule, "LockType");
        PyObject *rlockType = PyObject_GetAttrString(threadModule, "RLock");
        patched = wrapMethod(lockType, &lockEnterDef) && wrapMethod(rlockType, &lockEnterDef);
        Py_XDECREF(lockType);
        Py_XDECREF(rlockType);
        Py_DECREF(threadModule);
    }
    if (PyObject *queue = PyImport_ImportModule("_queue")) {
        PyObject *simpleQueue = PyObject_GetAttrString(queue, "SimpleQueue");
        patched = patched && wrapMethod(simpleQueue, &queueGetDef);
        Py_XDECREF(simpleQueue);
        Py_DECREF(queue);
    } else {
        patched = false;
    }
    patched = patched && wrapFunction("time", "sleep", &sleepDef, &r.sleep);
    // threading keeps its own reference to _thread.start_new_thread: both are replaced.
    patched = patched
              && wrapFunction("_thread", "start_new_thread", &startThreadDef, &r.startThread)
              && wrapFunction("threading", "_start_new_thread", &startThreadDef, &r.startThread);
    PyErr_Clear();
    return patched;
}

} // namespace PyRunner::Recorder
