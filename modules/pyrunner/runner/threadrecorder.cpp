// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "threadrecorder.h"

#include "recorderstate.h"

#include <kit/monotonicclock.h>

#include <algorithm>
#include <cstring>
#include <utility>

namespace PyRunner::ThreadRecorder {

using namespace Protocol;

using namespace Recorder;

namespace {

/** sys.addaudithook's C hook: an import of greenlet means its switches are to be followed. */
int audit(const char *event, PyObject *args, void *)
{
    if (!r.recording || r.greenletFollowed || std::strcmp(event, "import") != 0 || !args
        || !PyTuple_Check(args) || PyTuple_GET_SIZE(args) < 1)
        return 0;
    PyObject *module = PyTuple_GET_ITEM(args, 0);
    if (PyUnicode_Check(module) && PyUnicode_CompareWithASCIIString(module, "greenlet") == 0)
        r.greenletPending = true;
    return 0;
}

} // namespace

bool initialise(PyObject *bootstrap, QString *error)
{
    PyObject *threading = PyImport_ImportModule("threading");
    PyObject *thread = threading ? PyObject_GetAttrString(threading, "Thread") : nullptr;
    PyObject *inner = thread ? PyObject_GetAttrString(thread, "_bootstrap_inner") : nullptr;
    r.bootstrapInner = inner ? PyObject_GetAttrString(inner, "__code__") : nullptr;
    Py_XDECREF(inner);
    Py_XDECREF(thread);
    Py_XDECREF(threading);
    if (PyObject *opcode = PyImport_ImportModule("opcode")) {
        PyObject *opmap = PyObject_GetAttrString(opcode, "opmap");
        PyObject *value = opmap ? PyDict_GetItemString(opmap, "RETURN_VALUE") : nullptr;
        if (value && PyLong_Check(value))
            r.returnValue = int(PyLong_AsLong(value));
        Py_XDECREF(opmap);
        Py_DECREF(opcode);
    }
    const bool wrapped = wrapCalls();
    const bool children = prepareChildren(bootstrap);
    PyErr_Clear();
    if (!r.bootstrapInner || !wrapped || !children || PySys_AddAuditHook(audit, nullptr) != 0) {
        if (error)
            *error = QStringLiteral(
                "cannot prepare the thread recorder (threading, _thread, time, multiprocessing)");
        return false;
    }
    return true;
}

void start(const QString &program, const Limits &limits, std::function<void()> raiseStop)
{
    r.limits = limits;
    r.limits.maxChanges = std::max<std::int64_t>(limits.maxChanges, 1);
    r.raiseStop = std::move(raiseStop);
    r.startNs = nowNs();
    if (!createRecording(r.limits, r.startNs))
        return; // nothing recorded; result() says so
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
    r.lastEventNs = r.startNs;
    r.endNs = 0;
    r.greenletPending = false;
    r.greenletFollowed = false;
    newProcess(program, -1, ProcessStart::Program);
    tlsLane = addThreadLane(QStringLiteral("MainThread"));
    r.mainLane = tlsLane;
    r.recording = true;
    takeGil(tlsLane, r.startNs);
    ownChange(tlsLane, State::Running, r.startNs);
    install();
}

void finish()
{
    if (!r.recording)
        return;
    const std::int64_t t = nowNs();
    PyEval_SetProfile(nullptr, nullptr);
    PyEval_SetTrace(nullptr, nullptr);
    if (tlsLane >= 0 && traced(tlsLane))
        endLane(tlsLane, t);
    if (r.shared)
        r.shared->events.fetch_add(std::exchange(r.events, 0), std::memory_order_relaxed);
    r.endNs = t;
    r.recording = false;
}

namespace {
QByteArray changesPacked;
} // namespace

QJsonObject result()
{
    changesPacked.clear();
    if (!r.shared)
        return {{key(ThreadsKey::Error), QStringLiteral("no memory for the recording")}};
    return readRecording(r.notes, r.endNs, &changesPacked);
}

QByteArray takeChangesPacked()
{
    return std::exchange(changesPacked, QByteArray());
}

} // namespace PyRunner::ThreadRecorder
