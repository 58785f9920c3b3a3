// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The run's other processes. A process the program forks (os.fork, multiprocessing's fork start
// method, a fork server's children) keeps the recording mapped and records as a process of its
// own from os.register_at_fork's after_in_child. A fresh interpreter it starts (multiprocessing's
// spawn and forkserver, python3 started with subprocess) is curtain-runner itself in its child
// mode: the bootstrap's follow_children puts it in front of the command line, it joins the
// recording through the program's process's /proc, then runs as python3 with the same
// arguments. Every one of them stays in the run's session, ended with the run as before.

#include "recorderstate.h"

#include "pyobjects.h"

#include "bootstrap.h"

#include <QByteArray>
#include <QFile>

#include <kit/monotonicclock.h>

#include <algorithm>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>
#include <vector>

namespace PyRunner::Recorder {

using namespace Protocol;

namespace {

constexpr char ChildFlag[] = "--curtain-child";

// A fork's hooks run Python (threading's, random's) in the new process before ours makes its lanes:
// from the fork until then, and in the parent until the fork returns, nothing is recorded.
PyObject *forking(PyObject *, PyObject *)
{
    r.forking = true;
    Py_RETURN_NONE;
}

PyObject *forkDone(PyObject *, PyObject *)
{
    r.forking = false;
    Py_RETURN_NONE;
}

PyMethodDef forkingDef = {"curtain_forking", forking, METH_NOARGS, nullptr};
PyMethodDef forkDoneDef = {"curtain_fork_done", forkDone, METH_NOARGS, nullptr};

/**
 * SIGTERM in a process the program started (multiprocessing's terminate(): a pool's workers at
 * its end): its threads end here, the one the signal interrupts with its CPU time, and the
 * process dies of it as it would have. Only what is async-signal-safe: clock reads, stores.
 */
void terminated(int signal)
{
    const std::int64_t t = nowNs();
    const pid_t pid = ::getpid();
    if (r.shared && r.recording && !r.capped) {
        if (tlsLane >= 0 && !r.lanes[std::size_t(tlsLane)].done)
            r.shared->lane[tlsLane].cpuNs
                = Kit::Clock::threadCpuNs() - r.lanes[std::size_t(tlsLane)].cpuStartNs;
        const std::int32_t lanes = std::min<std::int32_t>(r.shared->lanes.load(), MaxLanes);
        for (std::int32_t lane = 0; lane < lanes; ++lane) {
            if (r.shared->lane[lane].pid == pid && !r.lanes[std::size_t(lane)].done)
                appendChange({t, -1, -1, lane, -1, -1, State::Done, 0});
        }
    }
    ::signal(signal, SIG_DFL);
    ::raise(signal);
}

/** This process (one the program started) ends its lanes if it is terminated. */
void catchTermination()
{
    struct sigaction now
    {
    };
    if (::sigaction(SIGTERM, nullptr, &now) == 0 && now.sa_handler == SIG_DFL)
        ::signal(SIGTERM, terminated); // the program's own handler, if it sets one, comes first
}

/** A forked process's first thread after the fork: a process of its own in the recording. */
PyObject *forked(PyObject *, PyObject *)
{
    r.forking = false;
    r.threadsStarting = 0; // the parent's; none of its threads is in this process
    if (!r.recording || r.capped || !r.shared)
        Py_RETURN_NONE;
    const std::int32_t parent = r.process;
    // Only the forking thread lives on: this process's own lanes start afresh.
    for (Lane &l : r.lanes) {
        CpuSampler::closeThread(l.statsFd);
        for (const int fd : {l.syscallFd, l.schedstatFd}) {
            if (fd >= 0)
                ::close(fd); // the parent's threads, by their files under /proc/<parent>
        }
    }
    r.lanes.assign(MaxLanes, Lane{});
    r.holder = -1;
    r.events = 0;
    tlsTasks.clear();
    r.taskLanes.clear();
    r.process = newProcess(QStringLiteral("forked process"), parent, ProcessStart::Fork);
    tlsLane = r.process >= 0 ? addThreadLane(QStringLiteral("forked process")) : -1;
    r.mainLane = tlsLane;
    if (tlsLane < 0) {
        r.recording = false;
        Py_RETURN_NONE;
    }
    const std::int64_t t = nowNs();
    takeGil(tlsLane, t);
    ownChange(tlsLane, State::Running, t);
    catchTermination();
    Py_RETURN_NONE;
}

PyMethodDef forkedDef = {"curtain_forked", forked, METH_NOARGS, nullptr};

/**
 * The command line that starts a process of this run in the child mode, ready for the python3
 * command line to follow: child_command(how, name) -> [runner, flag, recording, parent, how,
 * name, ns now, "--"], or None when nothing is recorded.
 */
PyObject *childCommand(PyObject *, PyObject *args)
{
    const char *how = nullptr;
    const char *name = nullptr;
    if (!PyArg_ParseTuple(args, "ss", &how, &name))
        return nullptr;
    if (!r.recording || r.capped || !r.shared || r.runnerPath.isEmpty())
        Py_RETURN_NONE;
    return Py_BuildValue("[ssssssss]",
                         QFile::encodeName(r.runnerPath).constData(),
                         ChildFlag,
                         QFile::encodeName(recordingPath()).constData(),
                         QByteArray::number(r.process).constData(),
                         how,
                         name,
                         QByteArray::number(qint64(nowNs())).constData(),
                         "--");
}

PyMethodDef childCommandDef = {"curtain_child_command", childCommand, METH_VARARGS, nullptr};

/** atexit's last function in a child interpreter: its main thread is done. */
PyObject *childFinished(PyObject *, PyObject *)
{
    ThreadRecorder::finish();
    Py_RETURN_NONE;
}

PyMethodDef childFinishedDef = {"curtain_child_finished", childFinished, METH_NOARGS, nullptr};

QString executablePath()
{
    char path[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
    return n > 0 ? QFile::decodeName(QByteArray(path, int(n))) : QString();
}

} // namespace

bool prepareChildren(PyObject *bootstrap)
{
    if (PyObject *process = PyImport_ImportModule("multiprocessing.process")) {
        PyObject *base = PyObject_GetAttrString(process, "BaseProcess");
        PyObject *bootstrapMethod = base ? PyObject_GetAttrString(base, "_bootstrap") : nullptr;
        r.processBootstrap
            = bootstrapMethod ? PyObject_GetAttrString(bootstrapMethod, "__code__") : nullptr;
        Py_XDECREF(bootstrapMethod);
        Py_XDECREF(base);
        Py_DECREF(process);
    }
    r.runnerPath = executablePath();
    // Once, here: both stay quiet while nothing is recorded (a Class Forge run, the warm parent).
    bool ok = false;
    if (PyObject *os = PyImport_ImportModule("os")) {
        PyObject *registerAtFork = PyObject_GetAttrString(os, "register_at_fork");
        PyObject *args = PyTuple_New(0);
        // Registered last: ours is the first "before" hook and the last "after_in_child" one.
        PyObject *before = PyCFunction_New(&forkingDef, nullptr);
        PyObject *child = PyCFunction_New(&forkedDef, nullptr);
        PyObject *parent = PyCFunction_New(&forkDoneDef, nullptr);
        PyObject *kwargs = Py_BuildValue(
            "{s:O,s:O,s:O}", "before", before, "after_in_child", child, "after_in_parent", parent);
        PyObject *done
            = registerAtFork && kwargs ? PyObject_Call(registerAtFork, args, kwargs) : nullptr;
        ok = done != nullptr;
        Py_XDECREF(done);
        Py_XDECREF(kwargs);
        Py_XDECREF(before);
        Py_XDECREF(child);
        Py_XDECREF(parent);
        Py_XDECREF(args);
        Py_XDECREF(registerAtFork);
        Py_DECREF(os);
    }
    PyObject *follow = bootstrap ? PyDict_GetItemString(bootstrap, "follow_children") : nullptr;
    PyObject *command = PyCFunction_New(&childCommandDef, nullptr);
    PyObject *followed = follow && command ? PyObject_CallOneArg(follow, command) : nullptr;
    ok = ok && followed && r.processBootstrap;
    Py_XDECREF(followed);
    Py_XDECREF(command);
    PyErr_Clear();
    return ok;
}

void nameProcess(PyFrameObject *frame)
{
    // multiprocessing's name for it ("ForkPoolWorker-2", "Process-1"), on the process and on
    // its main thread's lane.
    PyObject *locals = PyFrame_GetLocals(frame);
    PyObject *self
        = locals && PyDict_Check(locals) ? PyDict_GetItemString(locals, "self") : nullptr;
    PyObject *name = self ? PyObject_GetAttrString(self, "_name") : nullptr; // a plain attribute
    if (name && PyUnicode_Check(name) && r.mainLane >= 0) {
        setProcessName(r.process, toQString(name));
        setLaneName(r.mainLane, toQString(name));
    }
    Py_XDECREF(name);
    Py_XDECREF(locals);
    PyErr_Clear();
}

bool joinAsChild(const QString &path,
                 std::int32_t parent,
                 ProcessStart how,
                 const QString &name,
                 std::int64_t launchedNs)
{
    if (!joinRecording(path))
        return false;
    r.limits.deadlineNs = r.shared->deadlineNs;
    r.limits.maxChanges = r.shared->maxChanges;
    r.limits.switchIntervalMs = r.shared->switchIntervalS * 1000.0;
    r.raiseStop = nullptr; // a child is not stopped by an exception: the run ends it whole
    r.startNs = r.shared->startNs;
    r.lanes.assign(MaxLanes, Lane{});
    r.process = newProcess(name, parent, how);
    if (r.process < 0)
        return false;
    tlsLane = addThreadLane(name);
    r.mainLane = tlsLane;
    if (tlsLane < 0)
        return false;
    r.recording = true;
    const std::int64_t t = nowNs();
    // From the moment its parent started it: a fresh interpreter starting up (exec, imports).
    if (launchedNs > r.startNs && launchedNs < t) {
        change(tlsLane, State::Spawning, launchedNs);
        r.shared->process[r.process].startNs = launchedNs;
    }
    takeGil(tlsLane, t);
    ownChange(tlsLane, State::Running, t);
    catchTermination();
    if (r.limits.switchIntervalMs > 0) {
        PyObject *sys = PyImport_ImportModule("sys");
        Py_XDECREF(
            PyObject_CallMethod(sys, "setswitchinterval", "d", r.limits.switchIntervalMs / 1000.0));
        Py_XDECREF(sys);
    }
    if (PyObject *atexit = PyImport_ImportModule("atexit")) {
        PyObject *finished = PyCFunction_New(&childFinishedDef, nullptr);
        Py_XDECREF(PyObject_CallMethod(atexit, "register", "O", finished));
        Py_XDECREF(finished);
        Py_DECREF(atexit);
    }
    PyErr_Clear();
    install();
    return true;
}

} // namespace PyRunner::Recorder

namespace PyRunner::ThreadRecorder {

using namespace Protocol;

bool isChildCommand(int argc, char **argv)
{
    return argc > 1 && std::strcmp(argv[1], Recorder::ChildFlag) == 0;
}

int runChild(int argc, char **argv)
{
    // curtain-runner --curtain-child RECORDING PARENT HOW NAME LAUNCHED_NS -- python3 ARGS...
    if (argc < 9 || std::strcmp(argv[7], "--") != 0) {
        std::fprintf(stderr,
                     "curtain-runner: the child mode needs RECORDING PARENT HOW NAME "
                     "LAUNCHED_NS -- python3 [ARGS]\n");
        return 2;
    }
    const QString recording = QFile::decodeName(argv[2]);
    const int parent = std::atoi(argv[3]);
    const ProcessStart how
        = processStartFromId(QLatin1String(argv[4])).value_or(ProcessStart::Spawn);
    const QString name = QString::fromUtf8(argv[5]);
    const std::int64_t launched = std::atoll(argv[6]);
    std::vector<char *> python(argv + 8, argv + argc);

    PyConfig config;
    PyConfig_InitPythonConfig(&config);
    config.parse_argv = 1; // as python3 reads its own command line: -c, -m, a script, options
    PyConfig_SetBytesString(&config, &config.program_name, argv[0]);
    PyConfig_SetBytesArgv(&config, Py_ssize_t(python.size()), python.data());
    PyStatus status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status))
        Py_ExitStatusException(status);
    // The runner's helpers: sys.executable is python3 again, children are followed.
    PyObject *bootstrap = PyDict_New();
    PyDict_SetItemString(bootstrap, "__builtins__", PyEval_GetBuiltins());
    PyObject *loaded = PyRun_String(BootstrapSource, Py_file_input, bootstrap, bootstrap);
    Py_XDECREF(loaded);
    QString error;
    const bool ready = loaded && initialise(bootstrap, &error)
                       && Recorder::joinAsChild(recording, parent, how, name, launched);
    if (!ready)
        PyErr_Clear(); // it runs untraced, as python3 would
    return Py_RunMain();
}

} // namespace PyRunner::ThreadRecorder
