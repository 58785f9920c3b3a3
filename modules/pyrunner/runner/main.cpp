// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// curtain-runner: a warm CPython that runs learner programs for Class Forge and Scheduler Lab.
//
// Protocol (JSON lines, keys in <protocol/protocol.h>): the runner says {"ready": true, "python":
// "3.11.2"} on start, then answers each request (PyRunner::RunRequest::toMessage) with an answer
// (PyRunner::RunResult::toMessage) and the request's "id". A request with mode "threads" records
// the program's threads and the GIL instead of its classes: the answer adds "threads".
// Each request runs in a fork of the warm interpreter: fresh state every time, and a crash, a
// memory bomb or a runaway loop takes down only that fork. The fork leads a session of its own:
// every process the learner's program starts (os.fork, multiprocessing, subprocess) is in it,
// and the whole session is killed when the run ends, however it ends. A program that starts
// more than MaxProcesses processes is stopped.

#include "session.h" // Python.h first

#include "guardian.h"
#include "steps.h"
#include "threadrecorder.h"

#include <kit/fdio.h>
#include <kit/monotonicclock.h>
#include <protocol/protocol.h>
#include <pyrunner/runrequest.h>
#include <pyrunner/runresult.h>

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

namespace PyRunner {

using namespace Protocol;

using namespace Kit;

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool Sanitized = true; // their shadow memory does not fit under RLIMIT_AS
#else
constexpr bool Sanitized = false;
#endif

namespace {

int protocolFd = -1;
QString pythonVersion;
pid_t runProcess = 0; // in a run's fork: its own pid (a learner's forked child is not it)

/** The most processes one run may have at once, the run itself included. */
constexpr int MaxProcesses = 32;
/** The most threads and processes together: Session::MaxRunTasks. */
constexpr int MaxTasks = Session::MaxRunTasks;

/**
 * A pids cgroup for one run where the system lets us make one (cgroup v1's pids hierarchy, or a
 * v2 subtree with the pids controller): a hard cap on the run's processes that a fork loop
 * cannot outrun. Where there is none, the watcher in runInFork counts and stops the run. This is
 * Linux; a port replaces this class.
 */
class ProcessCap
{
public:
    explicit ProcessCap(int limit)
    {
        static int serial = 0;
        const QString name = QStringLiteral("curtain-run-%1-%2").arg(::getpid()).arg(++serial);
        for (const QString &root : candidates()) {
            const QString dir = root + QLatin1Char('/') + name;
            if (::mkdir(QFile::encodeName(dir).constData(), 0755) != 0)
                continue;
            if (write(dir + QStringLiteral("/pids.max"), QByteArray::number(limit))) {
                m_dir = dir;
                return;
            }
            ::rmdir(QFile::encodeName(dir).constData());
        }
    }
    ~ProcessCap()
    {
        if (!m_dir.isEmpty())
            ::rmdir(QFile::encodeName(m_dir).constData());
    }
    ProcessCap(const ProcessCap &) = delete;
    ProcessCap &operator=(const ProcessCap &) = delete;

    /** In the run's process: puts it (and so all it starts) under the cap. */
    void enter() const
    {
        if (!m_dir.isEmpty())
            write(m_dir + QStringLiteral("/cgroup.procs"), QByteArray::number(::getpid()));
    }
    /** Whether a fork was refused because the cap was reached. */
    bool reached() const
    {
        if (m_dir.isEmpty())
            return false;
        QFile events(m_dir + QStringLiteral("/pids.events"));
        if (!events.open(QIODevice::ReadOnly))
            return false;
        const QByteArray text = events.readAll();
        const qsizetype at = text.indexOf("max ");
        return at >= 0 && text.mid(at + 4).trimmed().toLongLong() > 0;
    }

private:
    static QStringList candidates()
    {
        QStringList roots{QStringLiteral("/sys/fs/cgroup/pids")};
        QFile self(QStringLiteral("/proc/self/cgroup"));
        if (self.open(QIODevice::ReadOnly)) {
            for (const QByteArray &line : self.readAll().split('\n')) {
                if (line.startsWith("0::"))
                    roots.append(QStringLiteral("/sys/fs/cgroup") + QString::fromUtf8(line.mid(3)));
            }
        }
        return roots;
    }
    static bool write(const QString &path, const QByteArray &value)
    {
        const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CLOEXEC);
        if (fd < 0)
            return false;
        const bool ok = ::write(fd, value.constData(), size_t(value.size())) == value.size();
        ::close(fd);
        return ok;
    }

    QString m_dir;
};

void send(const QJsonObject &message)
{
    if (!FdIo::writeAll(protocolFd, QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n'))
        _exit(1); // the app is gone
}

/**
 * Writes RESULT to FD as compact JSON, a part at a time: a class trace of a large program holds
 * tens of thousands of steps, and one QByteArray of all of them (grown by doubling) would take
 * as much memory again as the result, under the run's memory limit. A threads run's packed
 * changes (ThreadRecorder::takeChangesPacked(), tens of megabytes) are written from where they
 * are, into its "threads".
 */
bool writeResult(int fd, const QJsonObject &result)
{
    const QByteArray changes = PyRunner::ThreadRecorder::takeChangesPacked();
    QByteArray buffer;
    bool ok = true;
    auto flush = [&](bool always) {
        if (ok && (always || buffer.size() > (1 << 20)))
            ok = FdIo::writeAll(fd, buffer);
        if (always || buffer.size() > (1 << 20))
            buffer.clear();
    };
    auto whole = [&](const QJsonValue &value) {
        // One value as compact JSON: inside an array of one, brackets taken off.
        const QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
        buffer.append(text.constData() + 1, text.size() - 2);
        flush(false);
    };
    buffer.append('{');
    bool first = true;
    for (auto it = result.begin(); it != result.end(); ++it) {
        if (!first)
            buffer.append(',');
        first = false;
        whole(it.key());
        buffer.append(':');
        if (it.key() == key(Key::Threads) && !changes.isEmpty()
            && !it.value().toObject().isEmpty()) {
            whole(it.value());
            buffer.chop(1); // its '}': the changes go last
            buffer.append(",\"");
            buffer.append(ThreadsKey::ChangesPacked);
            buffer.append("\":\"");
            flush(true);
            ok = ok && FdIo::writeAll(fd, changes); // base64: nothing to escape
            buffer.append("\"}");
            continue;
        }
        if (!it.value().isArray()) {
            whole(it.value());
            continue;
        }
        buffer.append('[');
        const QJsonArray list = it.value().toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            if (i > 0)
                buffer.append(',');
            whole(list.at(i));
        }
        buffer.append(']');
    }
    buffer.append('}');
    flush(true);
    return ok;
}

QJsonObject errorResult(const char *type, const QString &message)
{
    return PyRunner::RunResult::failure(QLatin1String(type), message).toMessage();
}

qint64 monotonicMs()
{
    return Clock::monotonicNs() / 1000000;
}

/** In a process the learner's program forked: what it did, one line on REPORTSFD (appended:
 *  every child of the run shares it) for the run's "forked" step. */
void reportForkedChild(int reportsFd, const QJsonObject &answer)
{
    if (reportsFd < 0)
        return;
    const QByteArray line
        = QJsonDocument(PyRunner::Session::forkedChildReport(answer)).toJson(QJsonDocument::Compact)
          + '\n';
    FdIo::writeAll(reportsFd, line);
}

/** Each "forked" step of RESULT gets "child": what that child reported on REPORTSFD, or
 *  {"reported": false} when it never did (it was still running when the run ended, or was
 *  killed), so nothing is said about it that it did not say. */
void addForkedChildren(QJsonObject &result, int reportsFd)
{
    using Protocol::key;
    namespace Key = Protocol::Key;
    std::map<qint64, QJsonObject> reports;
    QByteArray all;
    char buffer[65536];
    off_t at = 0;
    for (ssize_t got; reportsFd >= 0 && (got = ::pread(reportsFd, buffer, sizeof buffer, at)) > 0;
         at += got)
        all.append(buffer, got);
    for (const QByteArray &line : all.split('\n')) {
        const QJsonObject report = QJsonDocument::fromJson(line).object();
        if (!report.isEmpty())
            reports[report.value(QStringLiteral("pid")).toInteger()] = report;
    }
    QJsonArray steps = result.value(key(Key::Steps)).toArray();
    bool changed = false;
    // What the children printed goes where python3 would have shown it too: in the program's
    // output (after the parent's: the two processes' order on a terminal is the scheduler's).
    QString out = result.value(key(Key::Stdout)).toString();
    QString err = result.value(key(Key::Stderr)).toString();
    for (qsizetype i = 0; i < steps.size(); ++i) {
        QJsonObject step = steps.at(i).toObject();
        if (step.value(key(Key::Kind)).toString()
            != QLatin1String(stepKindId(Protocol::StepKind::Forked)))
            continue;
        QJsonObject detail = step.value(key(Key::Detail)).toObject();
        const auto found = reports.find(detail.value(QStringLiteral("pid")).toInteger());
        QJsonObject child = found != reports.end() ? found->second : QJsonObject();
        child.insert(QStringLiteral("reported"), found != reports.end());
        out += child.value(key(Key::Stdout)).toString();
        err += child.value(key(Key::Stderr)).toString();
        detail.insert(QStringLiteral("child"), child);
        step.insert(key(Key::Detail), detail);
        steps.replace(i, step);
        changed = true;
    }
    if (changed) {
        result.insert(key(Key::Steps), steps);
        result.insert(key(Key::Stdout), out);
        result.insert(key(Key::Stderr), err);
    }
}

[[noreturn]] void
runChild(const PyRunner::RunRequest &request, int resultFd, int reportsFd, const ProcessCap &cap)
{
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    ::setsid(); // a session and process group of its own: killed whole when the run ends
    cap.enter();
    runProcess = ::getpid();
    PyOS_AfterFork_Child();
    // The request's environment for the program (Compare's WORKERS), in os.environ as in a shell.
    const QJsonObject &env = request.env;
    if (!env.isEmpty()) {
        PyObject *os = PyImport_ImportModule("os");
        PyObject *environ = os ? PyObject_GetAttrString(os, "environ") : nullptr;
        for (auto it = env.begin(); environ && it != env.end(); ++it) {
            PyObject *key = PyUnicode_FromString(it.key().toUtf8().constData());
            PyObject *value = PyUnicode_FromString(it.value().toString().toUtf8().constData());
            if (key && value)
                PyObject_SetItem(environ, key, value);
            Py_XDECREF(key);
            Py_XDECREF(value);
        }
        Py_XDECREF(environ);
        Py_XDECREF(os);
        PyErr_Clear();
    }
    const int devNull = ::open("/dev/null", O_RDWR);
    ::dup2(devNull, STDIN_FILENO); // input() sees end of file, never the protocol
    if (!Sanitized) {
        // glibc gives each new thread a malloc arena of its own, reserving 64 MiB of address
        // space each: under the cap that, not memory used, stopped a program at its 13th
        // thread. Two arenas for all threads: a thread costs its stack, as in a terminal.
        ::mallopt(M_ARENA_MAX, 2);
        const rlim_t bytes = rlim_t(request.memoryMb) << 20;
        const rlimit limit{bytes, bytes};
        ::setrlimit(RLIMIT_AS, &limit);
        PyRunner::holdMemoryReserve();
    }
    // os._exit in the run's own process: the answer so far, then the end the runner expects.
    PyRunner::Session::setEndNow([resultFd, reportsFd](const QJsonObject &answer) {
        if (::getpid() != runProcess) {
            reportForkedChild(reportsFd, answer); // a forked child ends as it asked
            return;
        }
        _exit(writeResult(resultFd, answer) ? 0 : 3);
    });
    const QJsonObject result = PyRunner::Session::run(request);
    // A process the learner's program forked ran the rest of the program too: as under python3
    // it just ends; only the run's own process answers, and the child says what it did.
    if (::getpid() != runProcess) {
        reportForkedChild(reportsFd, result);
        _exit(0);
    }
    _exit(writeResult(resultFd, result) ? 0 : 3);
}

/** Ends every process the run in GROUP started, and reaps them: nothing outlives its run, even
 *  a process that left the run's session (we are the subreaper of whatever it abandoned). */
void endEverything(pid_t group)
{
    const pid_t me = ::getpid();
    for (int round = 0; round < 100; ++round) {
        ::kill(-group, SIGKILL);
        const std::vector<pid_t> left = Guardian::processesOf(group, me);
        for (const pid_t pid : left)
            ::kill(pid, SIGKILL);
        while (::waitpid(-1, nullptr, WNOHANG) > 0) {
        }
        if (left.empty())
            return;
        ::usleep(2000); // a killed process takes a moment to become a zombie we can reap
    }
}

QJsonObject runInFork(const PyRunner::RunRequest &request)
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return errorResult(Protocol::ErrorType::RunnerCrashed, QStringLiteral("pipe() failed"));
    const ProcessCap cap(MaxTasks);
    // What each process the program forks reports at its end: a file in memory every one of
    // them appends to, read once the run is over.
    const int reportsFd = ::memfd_create("curtain-forked", MFD_CLOEXEC);
    if (reportsFd >= 0)
        ::fcntl(reportsFd, F_SETFL, O_APPEND);
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        if (reportsFd >= 0)
            ::close(reportsFd);
        return errorResult(Protocol::ErrorType::RunnerCrashed, QStringLiteral("fork() failed"));
    }
    if (pid == 0) {
        ::close(fds[0]);
        Guardian::release();
        runChild(request, fds[1], reportsFd, cap);
    }
    ::close(fds[1]);
    Guardian::runStarted(pid);

    // The child stops itself at its deadline; this is for code stuck inside C, where it cannot.
    const qint64 timeoutMs = request.timeoutMs;
    const qint64 deadline = monotonicMs() + timeoutMs + 2000;
    QByteArray output;
    bool timedOut = false;
    bool tooManyProcesses = false;
    bool exited = false;
    int status = 0;
    ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
    auto drain = [&] {
        char buffer[65536];
        for (;;) {
            const ssize_t got = ::read(fds[0], buffer, sizeof buffer);
            if (got > 0)
                output.append(buffer, got);
            else if (!(got < 0 && errno == EINTR))
                return got == 0; // end of file
        }
    };
    for (;;) {
        const qint64 left = deadline - monotonicMs();
        if (left <= 0) {
            timedOut = true;
            break;
        }
        pollfd pfd{fds[0], POLLIN, 0};
        ::poll(&pfd, 1, int(std::min<qint64>(left, 20)));
        if (drain())
            break;
        // The run's process is done: what it wrote is all in the pipe, even when a process it
        // forked still holds the pipe open.
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) {
            exited = true;
            drain();
            break;
        }
        if (int(Guardian::processesOf(pid, -1).size()) > MaxProcesses) {
            tooManyProcesses = true;
            break;
        }
    }
    ::close(fds[0]);
    // However the run ended, nothing it started lives on: the whole session goes.
    ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL);
    while (!exited && ::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    endEverything(pid);
    Guardian::runEnded(pid);
    if (tooManyProcesses) {
        return errorResult(Protocol::ErrorType::ProcessLimit,
                           QStringLiteral("the program started more than %1 processes at once "
                                          "and was stopped, with every process it started")
                               .arg(MaxProcesses));
    }
    if (timedOut) {
        return errorResult(Protocol::ErrorType::Timeout,
                           QStringLiteral("the program ran longer than %1 s inside Python's C code "
                                          "and was stopped")
                               .arg(double(timeoutMs) / 1000.0));
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(output, &parseError);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && document.isObject()) {
        QJsonObject result = document.object();
        addForkedChildren(result, reportsFd);
        if (reportsFd >= 0)
            ::close(reportsFd);
        if (cap.reached()) {
            // The cap refused some of the program's forks: the program saw them fail.
            using Protocol::key;
            namespace Key = Protocol::Key;
            QJsonArray steps = result.value(key(Key::Steps)).toArray();
            steps.append(QJsonObject{
                {key(Key::Index), int(steps.size())},
                {key(Key::Kind), QLatin1String(stepKindId(Protocol::StepKind::ProcessLimit))},
                {key(Key::Class), QString()},
                {key(Key::Line), 0},
                {key(Key::Detail),
                 QJsonObject{{QStringLiteral("limit"), MaxTasks},
                             {QStringLiteral("message"),
                              QStringLiteral("the program tried to have more than %1 threads and "
                                             "processes at once: the run's limit refused the ones "
                                             "past it")
                                  .arg(MaxTasks)}}}});
            result.insert(key(Key::Steps), steps);
        }
        return result;
    }
    const QString how = WIFSIGNALED(status)
                            ? QStringLiteral("signal %1, %2")
                                  .arg(WTERMSIG(status))
                                  .arg(QString::fromLocal8Bit(strsignal(WTERMSIG(status))))
                            : QStringLiteral("exit code %1").arg(WEXITSTATUS(status));
    return errorResult(Protocol::ErrorType::RunnerCrashed,
                       QStringLiteral("the Python interpreter running the program crashed (%1). "
                                      "Curtain is fine; the next run starts a fresh one.")
                           .arg(how));
}

} // namespace

} // namespace PyRunner

using namespace PyRunner;

int main(int argc, char **argv)
{
    // A process a threads run started (multiprocessing's spawn or forkserver, python3 from
    // subprocess): python3 with the run's recorder, in the run's session, ended with it.
    if (ThreadRecorder::isChildCommand(argc, argv))
        return ThreadRecorder::runChild(argc, argv);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL); // never outlive the app
    if (::getppid() == 1)
        return 1;
    Guardian::start();
    // A process a run starts and leaves behind comes back to us, not to init.
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    std::signal(SIGPIPE, SIG_IGN);
    protocolFd = ::dup(STDOUT_FILENO);
    ::fcntl(protocolFd, F_SETFD, FD_CLOEXEC);
    const int devNull = ::open("/dev/null", O_WRONLY);
    ::dup2(devNull, STDOUT_FILENO); // a learner's os.write(1, ...) cannot corrupt the protocol

    PyConfig config;
    PyConfig_InitPythonConfig(&config);
    config.parse_argv = 0;
    config.install_signal_handlers = 0;
    PyConfig_SetBytesString(&config, &config.program_name, argv[0]);
    PyStatus status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status)) {
        std::fprintf(stderr,
                     "curtain-runner: cannot start Python: %s\n",
                     status.err_msg ? status.err_msg : "unknown error");
        return 1;
    }
    pythonVersion = QString::fromLatin1(Py_GetVersion()).section(QLatin1Char(' '), 0, 0);
    QString error;
    if (!PyRunner::Session::initialise(&error)) {
        std::fprintf(stderr, "curtain-runner: %s\n", qPrintable(error));
        return 1;
    }
    send({{Protocol::key(Protocol::Key::Ready), true},
          {Protocol::key(Protocol::Key::Python), pythonVersion}});

    // The protocol is read from the descriptor with a buffer of our own: Python's settings
    // (PYTHONUNBUFFERED makes stdin unbuffered) must not make a 20 MB request a million reads.
    QByteArray pending;
    for (;;) {
        qsizetype newline = pending.indexOf('\n');
        while (newline < 0) {
            char chunk[1 << 16];
            const ssize_t got = ::read(STDIN_FILENO, chunk, sizeof chunk);
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0)
                break;
            pending.append(chunk, got);
            newline = pending.indexOf('\n');
        }
        if (newline < 0)
            break; // the app closed the pipe
        const QByteArray line = pending.left(newline);
        pending.remove(0, newline + 1);
        const QJsonDocument document = QJsonDocument::fromJson(line);
        if (!document.isObject()) {
            send({{Protocol::key(Protocol::Key::Id), -1},
                  {Protocol::key(Protocol::Key::Fatal),
                   QStringLiteral("the request was not a JSON object")}});
            continue;
        }
        const QJsonObject message = document.object();
        QJsonObject result = runInFork(PyRunner::RunRequest::fromMessage(message));
        result.insert(Protocol::key(Protocol::Key::Id),
                      message.value(Protocol::key(Protocol::Key::Id)));
        result.insert(Protocol::key(Protocol::Key::Python), pythonVersion);
        send(result);
    }
    Py_FinalizeEx();
    return 0;
}
