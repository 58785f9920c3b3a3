// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Tasks are not threads: an asyncio task (its outermost coroutine, resumed by the event loop) or
// a greenlet (gevent's) gets a lane of its own under its thread's, and the recording says only
// when its turn on the thread starts and ends. What the thread does during the turn (runs, waits
// in a C call, is preempted) is the thread's lane's; the reader draws it on the task's too.

#include "recorderstate.h"

#include "pyobjects.h"

#include <frameobject.h>

#include <cstring>

namespace PyRunner::Recorder {

using namespace Protocol;

namespace {

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

/** KEY's lane on THREAD (a coroutine or a greenlet), made as NAME() the first time. */
template<typename Name>
std::int32_t taskLaneOf(PyObject *key, std::int32_t thread, const QString &suffix, Name &&name)
{
    const auto found = r.taskLanes.find(key);
    if (found != r.taskLanes.end())
        return found->second;
    const QString function = name();
    const int n = ++r.taskNames[function];
    const std::int32_t lane
        = newLane(n == 1 ? function : QStringLiteral("%1 #%2").arg(function).arg(n), true, thread);
    if (lane < 0)
        return -1;
    r.lanes[std::size_t(lane)].coroutine = key;
    r.lanes[std::size_t(lane)].state = State::Idle;
    r.taskLanes.emplace(key, lane);
    const QString threadName = laneName(thread);
    if (!threadName.endsWith(suffix))
        setLaneName(thread, threadName + suffix);
    return lane;
}

/** The lane of the task whose coroutine FRAME runs, made the first time (-1: too many lanes). */
std::int32_t taskLane(PyFrameObject *frame, std::int32_t thread)
{
    PyObject *coroutine = PyFrame_GetGenerator(frame);
    if (!coroutine)
        return -1;
    Py_DECREF(coroutine); // identity only: alive while its frame runs
    return taskLaneOf(coroutine, thread, QStringLiteral(" (event loop)"), [frame] {
        PyCodeObject *code = PyFrame_GetCode(frame);
        const QString function = toQString(code->co_qualname);
        Py_DECREF(code);
        return QStringLiteral("task %1()").arg(function);
    });
}

bool hasTypeNamed(PyObject *object, const char *name)
{
    for (PyTypeObject *type = Py_TYPE(object); type; type = type->tp_base) {
        const char *dot = std::strrchr(type->tp_name, '.');
        if (std::strcmp(dot ? dot + 1 : type->tp_name, name) == 0)
            return true;
    }
    return false;
}

/** What a greenlet is called on its lane: gevent's hub, the main one, or what it runs. */
QString greenletName(PyObject *greenlet)
{
    if (hasTypeNamed(greenlet, "Hub"))
        return QStringLiteral("gevent hub (event loop)");
    PyObject *parent = PyObject_GetAttrString(greenlet, "parent");
    const bool main = parent == Py_None;
    Py_XDECREF(parent);
    PyErr_Clear();
    if (main)
        return QStringLiteral("main greenlet");
    QString function = QStringLiteral("greenlet");
    for (const char *attribute : {"_run", "run"}) {
        PyObject *run = PyObject_GetAttrString(greenlet, attribute);
        PyObject *qualname = run ? PyObject_GetAttrString(run, "__qualname__") : nullptr;
        if (qualname && PyUnicode_Check(qualname))
            function = QStringLiteral("greenlet %1()").arg(toQString(qualname));
        Py_XDECREF(qualname);
        Py_XDECREF(run);
        PyErr_Clear();
        if (function != QLatin1String("greenlet"))
            break;
    }
    return function;
}

std::int32_t greenletLane(PyObject *greenlet, std::int32_t thread)
{
    return taskLaneOf(greenlet, thread, QStringLiteral(" (greenlets)"), [greenlet] {
        return greenletName(greenlet);
    });
}

bool isDead(PyObject *greenlet)
{
    PyObject *dead = PyObject_GetAttrString(greenlet, "dead");
    const bool yes = dead == Py_True;
    Py_XDECREF(dead);
    PyErr_Clear();
    return yes;
}

/** greenlet.settrace's callback: (event, (origin, target)) at each switch on this thread. */
PyObject *greenletSwitched(PyObject *, PyObject *args)
{
    PyObject *event = nullptr;
    PyObject *origin = nullptr;
    PyObject *target = nullptr;
    if (!PyArg_ParseTuple(args, "O(OO)", &event, &origin, &target)) {
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    const std::int32_t lane = tlsLane;
    if (!traced(lane))
        Py_RETURN_NONE;
    Lane &l = r.lanes[std::size_t(lane)];
    const std::int64_t t = nowNs();
    const bool held = r.holder == lane;
    takeGil(lane, t);
    // The hub's turn ends: whatever of it was neither on a CPU nor queued for one, it waited in
    // libev (gevent lets the GIL go there).
    const bool hubWaits = held && hasTypeNamed(origin, "Hub");
    if (held && (hubWaits || t - l.lastOwnNs >= GapNs || t - l.anchor.t >= SamplePeriodNs))
        lookAtCpu(lane, t, hubWaits);
    l.lastOwnNs = t;
    runningPython(lane, t);
    const bool finished = isDead(origin);
    if (l.task < 0)
        setTurn(lane, greenletLane(origin, lane), t);
    const std::int32_t to = greenletLane(target, lane);
    if (finished)
        r.taskLanes.erase(origin);
    setTurn(lane, to, t, finished ? State::Done : State::Idle);
    Py_RETURN_NONE;
}

PyMethodDef greenletSwitchedDef
    = {"curtain_greenlet_switch", greenletSwitched, METH_VARARGS, nullptr};

} // namespace

void setTurn(std::int32_t thread, std::int32_t task, std::int64_t t, State left)
{
    Lane &th = r.lanes[std::size_t(thread)];
    if (th.task == task)
        return;
    if (th.task >= 0)
        change(th.task, left, t);
    if (task >= 0)
        change(task, State::Running, t);
    th.task = task;
}

bool taskEvent(PyFrameObject *frame, int what, PyObject *arg, std::int32_t lane, std::int64_t t)
{
    if (what == PyTrace_CALL && isTaskTop(frame)) {
        // The event loop gives a task its turn: from here its lane has the thread.
        runningPython(lane, t);
        const std::int32_t task = taskLane(frame, lane);
        if (task >= 0) {
            tlsTasks.emplace_back(frame, task);
            setTurn(lane, task, t);
        }
        return true;
    }
    if (what == PyTrace_RETURN && !tlsTasks.empty() && tlsTasks.back().first == frame) {
        // The task awaits something (or is finished): the turn goes back to the loop.
        const std::int32_t task = tlsTasks.back().second;
        tlsTasks.pop_back();
        const bool finished = finalReturn(frame, arg);
        if (finished)
            r.taskLanes.erase(r.lanes[std::size_t(task)].coroutine);
        runningPython(lane, t);
        setTurn(lane,
                tlsTasks.empty() ? -1 : tlsTasks.back().second,
                t,
                finished ? State::Done : State::Idle);
        return true;
    }
    return false;
}

void followGreenlets()
{
    // greenlet was imported (an audit hook said so): once its module is whole, its switches on
    // this thread are followed.
    PyObject *module = PyDict_GetItemString(PyImport_GetModuleDict(), "greenlet");
    PyObject *settrace = module ? PyObject_GetAttrString(module, "settrace") : nullptr;
    PyObject *getcurrent = module ? PyObject_GetAttrString(module, "getcurrent") : nullptr;
    PyErr_Clear();
    if (settrace && getcurrent && tlsLane >= 0) {
        r.greenletPending = false;
        r.greenletFollowed = true;
        PyObject *callback = PyCFunction_New(&greenletSwitchedDef, nullptr);
        Py_XDECREF(PyObject_CallOneArg(settrace, callback));
        Py_XDECREF(callback);
        if (PyObject *current = PyObject_CallNoArgs(getcurrent)) {
            setTurn(tlsLane, greenletLane(current, tlsLane), nowNs());
            Py_DECREF(current);
        }
        PyErr_Clear();
    }
    Py_XDECREF(settrace);
    Py_XDECREF(getcurrent);
}

} // namespace PyRunner::Recorder
