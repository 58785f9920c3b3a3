// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "session.h"

#include "classprotocol.h"
#include "classtracestate.h"
#include "learnercode.h"
#include "pyobjects.h"
#include "steps.h"
#include "threadrecorder.h"

#include "bootstrap.h"

#include <protocol/protocol.h>
#include <pyrunner/runresult.h>

#include <QFileInfo>
#include <QJsonDocument>

#include <frameobject.h>

#include <pthread.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace PyRunner {

using namespace Protocol;

namespace {

/**
 * Runs CODE in GLOBALS, then ends as python3 ends a program: waits for the threads that are not
 * daemons and runs the atexit functions. The program's own error stays the one reported.
 */
PyObject *evalToTheEnd(PyObject *code, PyObject *globals)
{
    PyObject *result = PyEval_EvalCode(code, globals, globals);
    PyObject *pendingType = nullptr, *pendingValue = nullptr, *pendingTraceback = nullptr;
    PyErr_Fetch(&pendingType, &pendingValue, &pendingTraceback);
    PyObject *ended = PyObject_CallNoArgs(PyDict_GetItemString(g.bootstrap, "end_of_run"));
    if (!ended && !result && !pendingType)
        PyErr_Fetch(&pendingType, &pendingValue, &pendingTraceback);
    Py_XDECREF(ended);
    PyErr_Clear();
    PyErr_Restore(pendingType, pendingValue, pendingTraceback);
    return result;
}

/** The error a stop asked for ({type, message, line, traceback}). */
QJsonObject stopError()
{
    return {{key(Key::Type), g.stopType},
            {key(Key::Message), g.stopMessage},
            {key(Key::Line), g.stopLine},
            {key(Key::Traceback), QString()}};
}

QJsonObject errorDetail(PyObject *type, PyObject *value, PyObject *traceback)
{
    if (g.stopRequested)
        return stopError();
    Suspend suspend;
    // The traceback is formatted once, as python3 prints it (a learner's __str__ runs once, as
    // it would there); the message is read back from its last line.
    PyObject *format = PyDict_GetItemString(g.bootstrap, "format_exception");
    PyObject *formatted = value ? PyObject_CallOneArg(format, value) : nullptr;
    const QString tracebackText = formatted ? toQString(formatted) : QString();
    Py_XDECREF(formatted);
    PyErr_Clear();
    const QString typeName = qualName(reinterpret_cast<PyTypeObject *>(type));
    QString message;
    // The last "Type: message" line, and the lines after it: a message may hold newlines
    // (CPython's MRO conflict does).
    const QStringList lines = tracebackText.trimmed().split(QLatin1Char('\n'));
    for (qsizetype i = lines.size() - 1; i >= 0; --i) {
        const QString &line = lines.at(i);
        const qsizetype colon = line.indexOf(QStringLiteral(": "));
        const QString head = colon >= 0 ? line.left(colon) : QString();
        if (line.startsWith(QLatin1Char(' ')) || head.isEmpty() || head.contains(QLatin1Char(' '))
            || !(head == typeName || head.endsWith(QLatin1Char('.') + typeName)))
            continue;
        message = (QStringList{line.mid(colon + 2)} + lines.mid(i + 1)).join(QLatin1Char('\n'));
        break;
    }
    if (message.isEmpty() && !lines.isEmpty()) {
        const QString &last = lines.last();
        const qsizetype colon = last.indexOf(QStringLiteral(": "));
        if (colon >= 0 && !last.left(colon).contains(QLatin1Char(' ')))
            message = last.mid(colon + 2);
    }
    if (PyErr_GivenExceptionMatches(type, PyExc_MemoryError)) {
        message = QStringLiteral("the program needed more memory than a run may use (%1 MiB): "
                                 "it was stopped")
                      .arg(g.limits.memoryMb);
    }
    if (PyErr_GivenExceptionMatches(type, PyExc_RuntimeError)
        && message == QLatin1String("can't start new thread")) {
        // The run's limits, not Python's, decide how many threads fit: say so.
        message += QStringLiteral(" (a run may have up to %1 threads and processes at once and "
                                  "use %2 MiB of memory; python3 without those limits may start "
                                  "more)")
                       .arg(Session::MaxRunTasks)
                       .arg(g.limits.memoryMb);
    }
    QJsonObject detail{{key(Key::Type), typeName}, {key(Key::Message), message}};
    int line = 0;
    if (PyErr_GivenExceptionMatches(type, PyExc_SyntaxError) && value) {
        PyObject *lineno = PyObject_GetAttrString(value, "lineno");
        PyObject *offset = PyObject_GetAttrString(value, "offset");
        PyObject *msg = PyObject_GetAttrString(value, "msg");
        PyErr_Clear();
        if (lineno && PyLong_Check(lineno))
            line = int(PyLong_AsLong(lineno));
        if (offset && PyLong_Check(offset))
            detail.insert(key(Key::Offset), int(PyLong_AsLong(offset)));
        if (msg && PyUnicode_Check(msg))
            detail.insert(key(Key::Message), toQString(msg));
        Py_XDECREF(lineno);
        Py_XDECREF(offset);
        Py_XDECREF(msg);
    }
    for (auto *tb = reinterpret_cast<PyTracebackObject *>(traceback); tb; tb = tb->tb_next) {
        PyCodeObject *code = PyFrame_GetCode(tb->tb_frame);
        if (isLearnerCode(reinterpret_cast<PyObject *>(code)))
            line = tb->tb_lineno;
        Py_DECREF(code);
    }
    detail.insert(key(Key::Line), line);
    detail.insert(key(Key::Traceback), tracebackText);
    return detail;
}

PyObject *makeWriter(const char *name, qint64 cap)
{
    PyObject *writerClass = PyDict_GetItemString(g.bootstrap, "CappedWriter");
    return PyObject_CallFunction(writerClass, "sL", name, static_cast<long long>(cap));
}

/** What WRITER (the run's sys.stdout or sys.stderr) holds, and whether it had to cut it. */
void collectWriter(PyObject *writer, QString *text, bool *truncated)
{
    PyObject *value = PyObject_CallMethod(writer, "getvalue", nullptr);
    PyObject *cut = PyObject_GetAttrString(writer, "truncated");
    *text = value ? toQString(value) : QString();
    *truncated = cut && PyObject_IsTrue(cut) == 1;
    Py_XDECREF(value);
    Py_XDECREF(cut);
    PyErr_Clear();
}

/** Every code object of the learner's file: CODE and the ones in its constants, recursively. */
void collectCode(PyObject *code)
{
    if (!code || !PyCode_Check(code) || g.learnerCodes.count(code))
        return;
    g.learnerCodes.insert(code);
    PyObject *consts = reinterpret_cast<PyCodeObject *>(code)->co_consts;
    for (Py_ssize_t i = 0; consts && i < PyTuple_GET_SIZE(consts); ++i)
        collectCode(PyTuple_GET_ITEM(consts, i));
}

int opcodeNumber(PyObject *opmap, const char *name, int fallback)
{
    PyObject *value = opmap ? PyDict_GetItemString(opmap, name) : nullptr;
    return value && PyLong_Check(value) ? int(PyLong_AsLong(value)) : fallback;
}

} // namespace

namespace Session {

bool initialise(QString *error)
{
    g.bootstrap = PyDict_New();
    PyDict_SetItemString(g.bootstrap, "__builtins__", PyEval_GetBuiltins());
    PyObject *result = PyRun_String(BootstrapSource, Py_file_input, g.bootstrap, g.bootstrap);
    if (!result) {
        PyErr_Print();
        if (error)
            *error = QStringLiteral("the runner's bootstrap code failed");
        return false;
    }
    Py_DECREF(result);
    g.originalBuildClass = PyDict_GetItemString(PyEval_GetBuiltins(), "__build_class__");
    Py_XINCREF(g.originalBuildClass);
    PyObject *opmap = PyDict_GetItemString(g.bootstrap, "OPMAP");
    g.storeName = opcodeNumber(opmap, "STORE_NAME", g.storeName);
    g.deleteName = opcodeNumber(opmap, "DELETE_NAME", g.deleteName);
    g.extendedArg = opcodeNumber(opmap, "EXTENDED_ARG", g.extendedArg);
    if (!ThreadRecorder::initialise(g.bootstrap, error))
        return false;
    ClassProtocol::install();
    return true;
}

namespace {

std::function<void(const QJsonObject &)> endNowWriter;
PyObject *realExit = nullptr; // os._exit as CPython has it
PyObject *realFork = nullptr; // os.fork as CPython has it
long exitCode = -1;           // os._exit's status, once called

/** Where a forked child's own story starts: the steps and output it inherited. */
struct ForkMark
{
    qsizetype steps = 0;
    qint64 stdoutChars = 0;
    qint64 stderrChars = 0;
};
ForkMark forkMark;

qint64 writerSize(PyObject *writer)
{
    PyObject *size = writer ? PyObject_GetAttrString(writer, "_size") : nullptr;
    const qint64 value = size && PyLong_Check(size) ? PyLong_AsLongLong(size) : 0;
    Py_XDECREF(size);
    PyErr_Clear();
    return value;
}

/** The answer from what the run holds now, ending with ERROR (none: it ended well). */
QJsonObject answerNow(QJsonObject error, const TraceLimits &limits)
{
    releaseMemoryReserve(); // the room held back for the answer
    // Stopped inside a thread: the main program ended well, but the trace did not.
    if (error.isEmpty() && g.stopRequested)
        error = stopError();
    if (!error.isEmpty())
        addErrorStep(error);
    RunResult answer;
    answer.steps = g.steps;
    answer.stepsOmitted = g.stepCount - g.steps.size();
    if (!error.isEmpty())
        answer.error = error;
    collectWriter(g.stdoutWriter, &answer.stdoutText, &answer.stdoutTruncated);
    collectWriter(g.stderrWriter, &answer.stderrText, &answer.stderrTruncated);
    // As python3 does, a program that dies of an exception prints its traceback on stderr.
    // SystemExit prints no traceback: only its message, when that is text (sys.exit("bye")).
    QString traceback = error.value(key(Key::Traceback)).toString();
    if (error.value(key(Key::Type)).toString() == QLatin1String("SystemExit")) {
        static const QStringList silent{
            QStringLiteral("None"), QStringLiteral("True"), QStringLiteral("False"), QString()};
        const QString message = error.value(key(Key::Message)).toString();
        bool number = false;
        message.toLongLong(&number);
        traceback = number || silent.contains(message) ? QString() : message;
    }
    if (!traceback.isEmpty())
        answer.stderrText
            += traceback
               + (traceback.endsWith(QLatin1Char('\n')) ? QString() : QStringLiteral("\n"));
    if (limits.threads)
        answer.threads = ThreadRecorder::result();
    return answer.toMessage();
}

/** os._exit(N) in a class trace: the answer so far goes out first, then the process, at once
 *  as under python3 (no finally, no atexit). */
PyObject *exitNow(PyObject *, PyObject *status)
{
    const long code = status && PyLong_Check(status) ? PyLong_AsLong(status) : -1;
    PyErr_Clear();
    exitCode = code;
    if (endNowWriter && code >= 0) {
        ClassProtocol::stop();
        QJsonObject error;
        if (code != 0) {
            error = {{key(Key::Type), QLatin1String(ErrorType::ProcessExit)},
                     {key(Key::Message), QString::number(code)},
                     {key(Key::Line), learnerLine()},
                     {key(Key::Traceback), QString()}};
        }
        endNowWriter(answerNow(error, g.limits));
    }
    return PyObject_CallOneArg(realExit, status);
}

PyMethodDef exitNowDef{"_exit", exitNow, METH_O, "os._exit, as Curtain's class trace sees it"};

/** os.fork() in a class trace: the parent records a "forked" step at the learner's line (the
 *  runner adds what the child did, from the child's report); the child marks where its own
 *  story starts. */
PyObject *forkNow(PyObject *, PyObject *)
{
    const int line = learnerLine();
    PyObject *pid = PyObject_CallNoArgs(realFork);
    if (!pid || !PyLong_Check(pid))
        return pid;
    const long value = PyLong_AsLong(pid);
    if (value == 0) {
        forkMark = {g.steps.size(), writerSize(g.stdoutWriter), writerSize(g.stderrWriter)};
        exitCode = -1;
    } else if (value > 0) {
        addStep(StepKind::Forked, QString(), line, {{QStringLiteral("pid"), qint64(value)}});
    }
    PyErr_Clear();
    return pid;
}

PyMethodDef forkNowDef{"fork", forkNow, METH_NOARGS, "os.fork, as Curtain's class trace sees it"};

/** Replaces os.NAME (kept in *REAL) with DEF. */
void wrapOs(PyObject *os, const char *name, PyObject **real, PyMethodDef *def)
{
    if (!*real)
        *real = PyObject_GetAttrString(os, name);
    PyObject *wrapper = *real ? PyCFunction_New(def, nullptr) : nullptr;
    if (wrapper)
        PyObject_SetAttrString(os, name, wrapper);
    Py_XDECREF(wrapper);
    PyErr_Clear();
}

/** os._exit answers before it ends the process; os.fork is told as a step. */
void watchExit()
{
    PyObject *os = PyImport_ImportModule("os");
    if (!os) {
        PyErr_Clear();
        return;
    }
    wrapOs(os, "_exit", &realExit, &exitNowDef);
    wrapOs(os, "fork", &realFork, &forkNowDef);
    Py_DECREF(os);
}

/** The names of the classes STEPS (from index FROM) made (KIND class_created) or called for an
 *  instance (instance_call), each once, in order. */
QJsonArray classesOf(const QJsonArray &steps, qsizetype from, StepKind kind)
{
    QJsonArray names;
    for (qsizetype i = from; i < steps.size(); ++i) {
        const QJsonObject step = steps.at(i).toObject();
        const QJsonValue name = step.value(key(Key::Class));
        if (step.value(key(Key::Kind)).toString() == QLatin1String(stepKindId(kind))
            && !names.contains(name))
            names.append(name);
    }
    return names;
}

} // namespace

void setEndNow(std::function<void(const QJsonObject &answer)> write)
{
    endNowWriter = std::move(write);
}

QJsonObject forkedChildReport(const QJsonObject &answer)
{
    const QJsonArray steps = answer.value(key(Key::Steps)).toArray();
    const QJsonValue error = answer.value(key(Key::Error));
    const bool failed = error.isObject()
                        && error.toObject().value(key(Key::Type)).toString()
                               != QLatin1String(ErrorType::ProcessExit);
    QJsonObject report{
        {QStringLiteral("pid"), qint64(::getpid())},
        {QStringLiteral("stdout"),
         answer.value(key(Key::Stdout)).toString().mid(forkMark.stdoutChars)},
        {QStringLiteral("stderr"),
         answer.value(key(Key::Stderr)).toString().mid(forkMark.stderrChars)},
        {QStringLiteral("ended"),
         exitCode >= 0 ? QStringLiteral("os._exit")
         : failed      ? QStringLiteral("error")
                       : QStringLiteral("end")},
        {QStringLiteral("classes"), classesOf(steps, forkMark.steps, StepKind::ClassCreated)},
        {QStringLiteral("instances"), classesOf(steps, forkMark.steps, StepKind::InstanceCall)}};
    if (exitCode >= 0)
        report.insert(QStringLiteral("exit_code"), qint64(exitCode));
    if (failed)
        report.insert(QStringLiteral("error"), error);
    return report;
}

namespace {

/**
 * The program's threads get 2 MiB stacks instead of glibc's 8 MiB: a thread's stack counts
 * whole against the run's address-space limit, so 8 MiB stacks let only about 30 threads start
 * under 512 MiB, where python3 starts hundreds. 2 MiB holds Python's default recursion limit
 * with room to spare (CPython 3.11 calls Python from Python without C recursion). A program
 * that sets threading.stack_size() itself has its own.
 */
void smallerThreadStacks()
{
    if (PyObject *threading = PyImport_ImportModule("threading")) {
        Py_XDECREF(PyObject_CallMethod(threading, "stack_size", "n", Py_ssize_t(2) << 20));
        Py_DECREF(threading);
    }
    PyErr_Clear();
}

/**
 * The class trace's own deadline is kept by its trace hook, which only runs while Python runs.
 * A program waiting inside C with the GIL let go (time.sleep, a blocking read, a lock) would
 * otherwise be killed from outside with everything it did lost: this thread answers for it, a
 * moment after the deadline, with the steps and the output so far, and ends the process. (C code
 * that holds the GIL all along is still ended from outside.)
 */
class Watchdog
{
public:
    Watchdog(qint64 deadlineNs, unsigned long mainThread)
        : m_deadlineNs(deadlineNs)
        , m_mainThread(mainThread)
        , m_process(::getpid())
    {
        m_started = ::pthread_create(&m_thread, nullptr, &Watchdog::entry, this) == 0;
    }
    /** Called by the main thread, holding the GIL, when the run is over. */
    ~Watchdog()
    {
        // A process the program forked has no watchdog thread (only the forking thread is
        // copied): nothing to end there.
        // (Its mutex and condition variable are left as they are there, never destroyed: the
        // copy may show the parent's thread still waiting on them.)
        if (::getpid() != m_process)
            return;
        if (m_started) {
            {
                const std::lock_guard lock(m_shared->mutex);
                m_shared->done = true;
            }
            m_shared->wake.notify_all();
            Py_BEGIN_ALLOW_THREADS // the watchdog may be waiting for the GIL
                ::pthread_join(m_thread, nullptr);
            Py_END_ALLOW_THREADS
        }
        delete m_shared;
    }
    Watchdog(const Watchdog &) = delete;
    Watchdog &operator=(const Watchdog &) = delete;

private:
    static void *entry(void *self)
    {
        auto *watchdog = static_cast<Watchdog *>(self);
        watchdog->watch(watchdog->m_deadlineNs, watchdog->m_mainThread);
        return nullptr;
    }

    void watch(qint64 deadlineNs, unsigned long mainThread)
    {
        // Past the trace hook's own deadline, so a program still running Python is stopped by
        // the hook (with its traceback), not here.
        const auto at
            = std::chrono::steady_clock::time_point(std::chrono::nanoseconds(deadlineNs + GraceNs));
        {
            std::unique_lock lock(m_shared->mutex);
            if (m_shared->wake.wait_until(lock, at, [this] { return m_shared->done; }))
                return;
        }
        const PyGILState_STATE state = PyGILState_Ensure();
        bool done = false;
        {
            const std::lock_guard lock(m_shared->mutex);
            done = m_shared->done;
        }
        if (done || !endNowWriter) {
            PyGILState_Release(state);
            return;
        }
        // Where the program waits: its own line in the main thread's frames.
        int line = 0;
        for (PyThreadState *t = PyInterpreterState_ThreadHead(PyInterpreterState_Main()); t;
             t = PyThreadState_Next(t)) {
            if (PyThreadState_GetID(t) != mainThread)
                continue;
            if (PyFrameObject *frame = PyThreadState_GetFrame(t)) {
                line = learnerLineFrom(frame);
                Py_DECREF(frame);
            }
        }
        ClassProtocol::stop();
        const double seconds = double(g.limits.timeoutMs) / 1000.0;
        if (g.limits.threads)
            ThreadRecorder::finish(); // the recording ends here, every thread's stretch closed
        const QJsonObject error{
            {key(Key::Type), QLatin1String(ErrorType::Timeout)},
            {key(Key::Message),
             g.limits.threads
                 ? QStringLiteral("the program ran longer than %1 s and was stopped: its threads "
                                  "had not all ended (the main thread waits at line %2); what "
                                  "every thread did until then is kept")
                       .arg(seconds)
                       .arg(line)
                 : QStringLiteral("the program ran longer than %1 s, waiting inside Python's C "
                                  "code (a sleep, a read or a lock that did not return in time), "
                                  "and was stopped; what it did before is kept")
                       .arg(seconds)},
            {key(Key::Line), line},
            {key(Key::Traceback), QString()}};
        endNowWriter(answerNow(error, g.limits)); // ends the process
        PyGILState_Release(state);
    }

    static constexpr qint64 GraceNs = 200'000'000;
    const qint64 m_deadlineNs;
    const unsigned long m_mainThread;
    const pid_t m_process;
    struct Shared
    {
        std::mutex mutex;
        std::condition_variable wake;
        bool done = false;
    };
    Shared *m_shared = new Shared; // left alone in a forked copy (see the destructor)
    pthread_t m_thread{};
    bool m_started = false;
};

/**
 * Runs CODE with every thread and the GIL recorded (no class tracing): the program's own
 * switch interval if it sets one, ours otherwise; python3's ending (non-daemon threads joined,
 * atexit) is recorded too. Returns what PyEval_EvalCode returned.
 */
PyObject *runThreads(PyObject *code, PyObject *globals, const TraceLimits &limits)
{
    if (limits.switchIntervalMs > 0) {
        PyObject *sys = PyImport_ImportModule("sys");
        Py_XDECREF(
            PyObject_CallMethod(sys, "setswitchinterval", "d", limits.switchIntervalMs / 1000.0));
        Py_XDECREF(sys);
        PyErr_Clear();
    }
    smallerThreadStacks();
    ThreadRecorder::Limits recorderLimits;
    recorderLimits.deadlineNs = nowNs() + limits.timeoutMs * 1000000;
    recorderLimits.maxChanges = limits.maxChanges;
    recorderLimits.switchIntervalMs = limits.switchIntervalMs;
    // The program's process is named after its file, as a process list shows python3's.
    const QString program = QFileInfo(toQString(g.filename)).fileName();
    ThreadRecorder::start(program, recorderLimits, [] {
        requestTimeout();
        raiseStop();
    });
    // Threads that go on computing (or wait) past the deadline are answered for by the
    // watchdog: what every thread did until then is kept.
    PyObject *result = nullptr;
    {
        const Watchdog watchdog(recorderLimits.deadlineNs,
                                PyThreadState_GetID(PyThreadState_Get()));
        result = evalToTheEnd(code, globals);
    }
    ThreadRecorder::finish();
    return result;
}

} // namespace

QJsonObject run(const RunRequest &request)
{
    TraceLimits limits;
    limits.maxSteps = request.classes.maxSteps;
    limits.keepSteps = request.classes.keepSteps;
    limits.timeoutMs = request.timeoutMs;
    limits.maxOutputChars = request.maxOutputChars;
    limits.memoryMb = request.memoryMb;
    limits.threads = request.mode == Mode::Threads;
    limits.switchIntervalMs = request.threads.switchIntervalMs;
    limits.maxChanges = request.threads.maxChanges;
    const QByteArray &source = request.source;
    const QString &filename = request.filename;
    g.limits = limits;
    g.filename = PyUnicode_FromString(filename.toUtf8().constData());

    // Fresh globals as a fresh __main__ module (pickle finds the learner's classes through it).
    PyObject *mainModule = PyModule_New("__main__");
    PyObject *globals = PyModule_GetDict(mainModule);
    PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins());
    PyDict_SetItemString(globals, "__file__", g.filename);
    PyDict_SetItem(PyImport_GetModuleDict(), PyUnicode_FromString("__main__"), mainModule);
    PyObject *argv = Py_BuildValue("[O]", g.filename);
    PySys_SetObject("argv", argv);
    Py_DECREF(argv);

    PyObject *stdoutWriter = makeWriter("<stdout>", limits.maxOutputChars);
    PyObject *stderrWriter = makeWriter("<stderr>", limits.maxOutputChars);
    PySys_SetObject("stdout", stdoutWriter);
    PySys_SetObject("stderr", stderrWriter);
    g.stdoutWriter = stdoutWriter;
    g.stderrWriter = stderrWriter;

    PyObject *sourceBytes = PyBytes_FromStringAndSize(source.constData(), source.size());
    // Tracebacks quote the code being run (an edited lesson, not the file on disk).
    PyObject *remember = PyDict_GetItemString(g.bootstrap, "remember_source");
    Py_XDECREF(PyObject_CallFunctionObjArgs(remember, g.filename, sourceBytes, nullptr));
    PyErr_Clear();
    g.decorators
        = PyObject_CallOneArg(PyDict_GetItemString(g.bootstrap, "class_decorators"), sourceBytes);
    PyErr_Clear();

    QJsonObject error;
    PyObject *compile = PyDict_GetItemString(PyEval_GetBuiltins(), "compile");
    PyObject *code = nullptr;
    if (const qsizetype nul = source.indexOf('\0'); nul >= 0) {
        // compile() raises ValueError here; python3 reading the file says SyntaxError: match it.
        const int line = int(source.left(nul).count('\n')) + 1;
        const int column = int(nul - source.lastIndexOf('\n', nul - 1));
        PyObject *error = PyObject_CallFunction(PyExc_SyntaxError,
                                                "s(Oiis)",
                                                "source code cannot contain null bytes",
                                                g.filename,
                                                line,
                                                column,
                                                "");
        PyErr_SetObject(PyExc_SyntaxError, error);
        Py_XDECREF(error);
    } else {
        code = PyObject_CallFunction(compile, "OOsii", sourceBytes, g.filename, "exec", 0, 1);
        collectCode(code);
    }
    PyObject *result = nullptr;
    if (code && limits.threads) {
        result = runThreads(code, globals, limits);
    } else if (code) {
        g.deadlineNs = nowNs() + limits.timeoutMs * 1000000;
        watchExit();
        ClassProtocol::start();
        smallerThreadStacks();
        {
            const Watchdog watchdog(g.deadlineNs, PyThreadState_GetID(PyThreadState_Get()));
            result = evalToTheEnd(code, globals); // the ending is traced too (atexit, threads)
        }
        ClassProtocol::stop();
    }
    releaseMemoryReserve(); // the program is over: the room held back is for the answer
    if (!result) {
        PyObject *type = nullptr, *value = nullptr, *traceback = nullptr;
        PyErr_Fetch(&type, &value, &traceback);
        PyErr_NormalizeException(&type, &value, &traceback);
        if (value && traceback)
            PyException_SetTraceback(value, traceback);
        if (type)
            error = errorDetail(type, value, traceback);
        // sys.exit(), sys.exit(0), sys.exit(None): the program ended well, as under python3.
        if (error.value(key(Key::Type)).toString() == QLatin1String("SystemExit")) {
            static const QStringList success{
                QString(), QStringLiteral("0"), QStringLiteral("None"), QStringLiteral("False")};
            if (success.contains(error.value(key(Key::Message)).toString()))
                error = {};
        }
        Py_XDECREF(type);
        Py_XDECREF(value);
        Py_XDECREF(traceback);
    }
    Py_XDECREF(result);
    Py_XDECREF(code);
    Py_DECREF(sourceBytes);

    return answerNow(error, limits);
}

} // namespace Session
} // namespace PyRunner
