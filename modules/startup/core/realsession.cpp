// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "realsession.h"

#include <QJsonArray>

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <unistd.h>

namespace Startup {

namespace Real {

namespace {

QString temporaryRoot(const Request &request)
{
    return request.temporaryRoot.isEmpty() ? QDir::tempPath() : request.temporaryRoot;
}

QString temporaryTemplate(const Request &request)
{
    return temporaryRoot(request) + QStringLiteral("/curtain-real-%1-XXXXXX").arg(::getpid());
}

/** The folder for REQUEST's run, once the abandoned ones are gone. */
QString freshTemplate(const Request &request)
{
    if (!qEnvironmentVariableIsSet("CURTAIN_REAL_KEEP"))
        removeAbandonedFolders(temporaryRoot(request));
    return temporaryTemplate(request);
}

} // namespace

int removeAbandonedFolders(const QString &root)
{
    static const QRegularExpression named(QStringLiteral("^curtain-real-(\\d+)-"));
    int removed = 0;
    const QFileInfoList folders = QDir(root).entryInfoList({QStringLiteral("curtain-real-*")},
                                                           QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QFileInfo &folder : folders) {
        const QRegularExpressionMatch match = named.match(folder.fileName());
        bool ok = false;
        const long long pid = match.hasMatch() ? match.captured(1).toLongLong(&ok) : 0;
        if (!ok || pid <= 0 || pid == ::getpid() || folder.ownerId() != ::getuid())
            continue;
        if (::kill(pid_t(pid), 0) == 0 || errno != ESRCH)
            continue; // its Curtain lives (or is not ours to ask about)
        if (QDir(folder.filePath()).removeRecursively())
            ++removed;
    }
    return removed;
}

Session::Session(const Request &request, const Simulation::Control &control)
    : m_request(request)
    , m_control(control)
    , m_folder(freshTemplate(request))
{
    m_clock.start();
    // For whoever debugs a real run: the folder (logs, plan, the operator's lines) stays.
    if (qEnvironmentVariableIsSet("CURTAIN_REAL_KEEP"))
        m_folder.setAutoRemove(false);
    if (!m_folder.isValid()) {
        m_problem = QStringLiteral("cannot make a folder for the real run in %1: %2")
                        .arg(QFileInfo(temporaryTemplate(request)).absolutePath(),
                             m_folder.errorString());
    }
}

Session::~Session()
{
    m_group.endAll();
}

QString Session::logOf(const QString &name) const
{
    QString file = name.toLower();
    file.replace(QLatin1Char(' '), QLatin1Char('-'));
    return path(file + QStringLiteral(".log"));
}

pid_t Session::startPython(const QString &name,
                           const QStringList &arguments,
                           const QStringList &environment,
                           bool readOutput,
                           QString *error)
{
    ServiceSpec spec;
    spec.name = name;
    spec.program = pythonOf(m_request.machine);
    spec.arguments = arguments;
    // No bytecode files in Curtain's folders; every module of the realstack importable.
    spec.environment = QStringList{QStringLiteral("PYTHONPATH=") + m_request.realstackDir,
                                   QStringLiteral("PYTHONDONTWRITEBYTECODE=1"),
                                   QStringLiteral("PYTHONUNBUFFERED=1")}
                       + environment;
    spec.workingDirectory = folder();
    spec.readOutput = readOutput;
    spec.logFile = logOf(name);
    return m_group.start(spec, error);
}

QString Session::failure(const QString &what, const QString &service) const
{
    const QString tail = ServiceGroup::tailOf(logOf(service));
    return tail.isEmpty() ? what : QStringLiteral("%1: %2").arg(what, tail);
}

void Session::setDeadline(double seconds)
{
    m_deadlineMs = m_clock.elapsed() + qint64(seconds * 1000);
}

bool Session::stopped() const
{
    return m_control.stop && m_control.stop->load(std::memory_order_relaxed);
}

void Session::progress(double fraction) const
{
    if (m_control.progress)
        m_control.progress(std::clamp(fraction, 0.0, 1.0));
}

Session::Wait Session::readUntil(pid_t pid,
                                 const std::function<bool(const QByteArray &)> &onLine,
                                 qint64 timeoutMs,
                                 const std::function<QString()> &eachRound,
                                 QString *why)
{
    const qint64 until = m_clock.elapsed() + timeoutMs;
    for (;;) {
        bool ended = false;
        for (const QByteArray &line : m_group.readLines(pid, 50, &ended)) {
            if (onLine(line))
                return Wait::Done;
        }
        if (ended)
            return Wait::Ended;
        if (stopped())
            return Wait::Stopped;
        const qint64 now = m_clock.elapsed();
        if (now > until || (m_deadlineMs >= 0 && now > m_deadlineMs))
            return Wait::TimedOut;
        if (eachRound) {
            if (const QString problem = eachRound(); !problem.isEmpty()) {
                if (why)
                    *why = problem;
                return Wait::Ended;
            }
        }
    }
}

QString Session::endAll()
{
    if (m_group.endAll())
        return {};
    QStringList pids;
    for (const pid_t pid : m_group.members())
        pids.append(QString::number(pid));
    return QStringLiteral("processes %1 of the run could not be ended")
        .arg(pids.join(QStringLiteral(", ")));
}

void finishReal(QJsonObject &real, QStringList notes, const QString &leftOver, Session::Wait how)
{
    notes.removeDuplicates();
    if (!leftOver.isEmpty())
        notes.append(leftOver);
    real.insert(QStringLiteral("notes"), QJsonArray::fromStringList(notes));
    if (how == Session::Wait::Stopped)
        real.insert(QStringLiteral("stopped"), true);
    if (how == Session::Wait::TimedOut)
        real.insert(QStringLiteral("timed_out"), true);
}

} // namespace Real

} // namespace Startup
