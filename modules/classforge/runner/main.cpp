// curtain-runner: a warm CPython that traces learner programs for Class Forge.
//
// Protocol (JSON lines): the runner says {"ready": true, "python": "3.11.2"} on start, then
// answers each request {"id", "source_base64", "filename", "timeout_ms", "max_steps",
// "max_output", "memory_mb"} with {"id", "python", "steps", "stdout", "stderr", "error", ...}.
// Each request runs in a fork of the warm interpreter: fresh state every time, and a crash, a
// memory bomb or a runaway loop takes down only that fork.

#include "tracer.h" // Python.h first

#include <fdio.h>

#include <QByteArray>
#include <QJsonDocument>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool Sanitized = true; // their shadow memory does not fit under RLIMIT_AS
#else
constexpr bool Sanitized = false;
#endif

namespace {

int protocolFd = -1;
QString pythonVersion;

void send(const QJsonObject &message)
{
    if (!FdIo::writeAll(protocolFd, QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n'))
        _exit(1); // the app is gone
}

QJsonObject errorResult(const QString &type, const QString &message)
{
    const QJsonObject error{{QStringLiteral("type"), type},
                            {QStringLiteral("message"), message},
                            {QStringLiteral("line"), 0},
                            {QStringLiteral("traceback"), QString()}};
    const QJsonObject step{{QStringLiteral("index"), 0},
                           {QStringLiteral("kind"), QStringLiteral("error")},
                           {QStringLiteral("class"), QString()},
                           {QStringLiteral("line"), 0},
                           {QStringLiteral("detail"), error}};
    return {{QStringLiteral("steps"), QJsonArray{step}},
            {QStringLiteral("stdout"), QString()},
            {QStringLiteral("stderr"), QString()},
            {QStringLiteral("error"), error}};
}

qint64 monotonicMs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

[[noreturn]] void runChild(const QJsonObject &request, int resultFd)
{
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    PyOS_AfterFork_Child();
    const int devNull = ::open("/dev/null", O_RDWR);
    ::dup2(devNull, STDIN_FILENO); // input() sees end of file, never the protocol
    if (!Sanitized) {
        const rlim_t bytes = rlim_t(request.value(QStringLiteral("memory_mb")).toInt(512)) << 20;
        const rlimit limit{bytes, bytes};
        ::setrlimit(RLIMIT_AS, &limit);
    }
    TraceLimits limits;
    limits.maxSteps = request.value(QStringLiteral("max_steps")).toInt(limits.maxSteps);
    limits.timeoutMs = request.value(QStringLiteral("timeout_ms")).toInteger(limits.timeoutMs);
    limits.maxOutputChars
        = request.value(QStringLiteral("max_output")).toInteger(limits.maxOutputChars);
    limits.memoryMb = request.value(QStringLiteral("memory_mb")).toInt(limits.memoryMb);
    const QByteArray source = QByteArray::fromBase64(
        request.value(QStringLiteral("source_base64")).toString().toLatin1());
    const QJsonObject result
        = Tracer::run(source, request.value(QStringLiteral("filename")).toString(), limits);
    _exit(FdIo::writeAll(resultFd, QJsonDocument(result).toJson(QJsonDocument::Compact)) ? 0 : 3);
}

QJsonObject runInFork(const QJsonObject &request)
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return errorResult(QStringLiteral("RunnerCrashed"), QStringLiteral("pipe() failed"));
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return errorResult(QStringLiteral("RunnerCrashed"), QStringLiteral("fork() failed"));
    }
    if (pid == 0) {
        ::close(fds[0]);
        runChild(request, fds[1]);
    }
    ::close(fds[1]);

    // The child stops itself at its deadline; this is for code stuck inside C, where it cannot.
    const qint64 timeoutMs = request.value(QStringLiteral("timeout_ms")).toInteger(3000);
    const qint64 deadline = monotonicMs() + timeoutMs + 1000;
    QByteArray output;
    bool timedOut = false;
    for (;;) {
        const qint64 left = deadline - monotonicMs();
        if (left <= 0) {
            timedOut = true;
            break;
        }
        pollfd pfd{fds[0], POLLIN, 0};
        const int ready = ::poll(&pfd, 1, int(left));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            continue;
        char buffer[65536];
        const ssize_t got = ::read(fds[0], buffer, sizeof buffer);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        output.append(buffer, got);
    }
    ::close(fds[0]);
    if (timedOut)
        ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (timedOut) {
        return errorResult(QStringLiteral("Timeout"),
                           QStringLiteral("the program ran longer than %1 s inside Python's C code "
                                          "and was stopped")
                               .arg(double(timeoutMs) / 1000.0));
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(output, &parseError);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && document.isObject())
        return document.object();
    const QString how = WIFSIGNALED(status)
                            ? QStringLiteral("signal %1, %2")
                                  .arg(WTERMSIG(status))
                                  .arg(QString::fromLocal8Bit(strsignal(WTERMSIG(status))))
                            : QStringLiteral("exit code %1").arg(WEXITSTATUS(status));
    return errorResult(QStringLiteral("RunnerCrashed"),
                       QStringLiteral("the Python interpreter running the program crashed (%1). "
                                      "Curtain is fine; the next run starts a fresh one.")
                           .arg(how));
}

} // namespace

int main(int argc, char **argv)
{
    Q_UNUSED(argc)
    ::prctl(PR_SET_PDEATHSIG, SIGKILL); // never outlive the app
    if (::getppid() == 1)
        return 1;
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
    if (!Tracer::initialise(&error)) {
        std::fprintf(stderr, "curtain-runner: %s\n", qPrintable(error));
        return 1;
    }
    send({{QStringLiteral("ready"), true}, {QStringLiteral("python"), pythonVersion}});

    char *line = nullptr;
    size_t capacity = 0;
    while (::getline(&line, &capacity, stdin) > 0) {
        const QJsonDocument document = QJsonDocument::fromJson(QByteArray(line));
        if (!document.isObject()) {
            send({{QStringLiteral("id"), -1},
                  {QStringLiteral("fatal"), QStringLiteral("the request was not a JSON object")}});
            continue;
        }
        const QJsonObject request = document.object();
        QJsonObject result = runInFork(request);
        result.insert(QStringLiteral("id"), request.value(QStringLiteral("id")));
        result.insert(QStringLiteral("python"), pythonVersion);
        send(result);
    }
    std::free(line);
    Py_FinalizeEx();
    return 0;
}
