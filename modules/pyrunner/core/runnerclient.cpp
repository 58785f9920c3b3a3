// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "runnerclient.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QJsonDocument>

#include <utility>

namespace PyRunner {

using namespace Protocol;

namespace {
// The runner stops a program at its deadline by itself; this margin is for a runner that cannot.
constexpr int WatchdogGraceMs = 3000;
} // namespace

RunnerClient::RunnerClient(QString runnerPath, QObject *parent)
    : QObject(parent)
    , m_runnerPath(std::move(runnerPath))
{
    qRegisterMetaType<RunResult>();
    m_watchdog.setSingleShot(true);
    connect(&m_watchdog, &QTimer::timeout, this, [this] {
        const int timeoutMs = m_current ? m_current->request.timeoutMs : 0;
        finishCurrent(RunResult::failure(
            QLatin1String(ErrorType::Timeout),
            QStringLiteral("the program did not finish within %1 s; the runner was restarted")
                .arg(double(timeoutMs) / 1000.0)));
        restart(QStringLiteral("timeout"));
    });
}

RunnerClient::~RunnerClient()
{
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(2000);
    }
}

void RunnerClient::start()
{
    if (m_process)
        return;
    if (!QFileInfo(m_runnerPath).isExecutable()) {
        failEverything(QLatin1String(ErrorType::RunnerMissing),
                       QStringLiteral("The Python runner %1 is missing: build Curtain again "
                                      "(cmake --build build) or reinstall it.")
                           .arg(m_runnerPath));
        return;
    }
    m_ready = false;
    m_buffer.clear();
    m_process = new QProcess(this);
    m_process->setProgram(m_runnerPath);
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    connect(m_process, &QProcess::readyReadStandardOutput, this, &RunnerClient::onReadyRead);
    connect(m_process, &QProcess::finished, this, &RunnerClient::onProcessFinished);
    connect(m_process, &QProcess::errorOccurred, this, &RunnerClient::onProcessError);
    m_process->start();
}

int RunnerClient::run(const RunRequest &request)
{
    const int id = m_nextId++;
    m_queue.enqueue({id, request});
    start();
    sendNext();
    return id;
}

RunResult RunnerClient::runAndWait(const RunRequest &request)
{
    QEventLoop loop;
    RunResult result;
    const int id = m_nextId; // known before run(): a missing runner answers at once
    bool done = false;
    auto connection = connect(
        this, &RunnerClient::finished, &loop, [&](int finishedId, const RunResult &answer) {
            if (finishedId != id)
                return;
            result = answer;
            done = true;
            loop.quit();
        });
    run(request);
    if (!done)
        loop.exec();
    disconnect(connection);
    return result;
}

void RunnerClient::sendNext()
{
    if (!m_ready || m_current || m_queue.isEmpty() || !m_process)
        return;
    m_current = m_queue.dequeue();
    const RunRequest &r = m_current->request;
    const QJsonObject message = r.toMessage(m_current->id);
    m_process->write(QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n');
    m_watchdog.start(r.timeoutMs + WatchdogGraceMs);
}

void RunnerClient::onReadyRead()
{
    // A long answer comes in many reads: each is searched for the line's end once.
    const qsizetype searched = m_buffer.size();
    m_buffer += m_process->readAllStandardOutput();
    for (qsizetype newline = m_buffer.indexOf('\n', searched); newline >= 0;
         newline = m_buffer.indexOf('\n')) {
        QByteArray line;
        if (newline + 1 == m_buffer.size()) {
            line = std::exchange(m_buffer, QByteArray()); // the last line (a long answer): as is
            line.chop(1);
        } else {
            line = m_buffer.left(newline);
            m_buffer.remove(0, newline + 1);
        }
        QByteArray changes;
        const QJsonObject message = RunResult::readAnswer(line, &changes);
        if (message.value(QLatin1String(Key::Ready)).toBool()) {
            m_ready = true;
            m_python = message.value(QLatin1String(Key::Python)).toString();
            emit ready(m_python);
            sendNext();
        } else if (m_current && message.value(QLatin1String(Key::Id)).toInt() == m_current->id) {
            RunResult result = RunResult::fromMessage(message);
            result.threadChanges = changes;
            finishCurrent(result);
            sendNext();
        }
    }
}

void RunnerClient::finishCurrent(const RunResult &answer)
{
    m_watchdog.stop();
    if (!m_current)
        return;
    const int id = m_current->id;
    m_current.reset();
    RunResult result = answer;
    if (result.python.isEmpty())
        result.python = m_python;
    emit finished(id, result);
}

void RunnerClient::onProcessFinished()
{
    // The runner forks for every program, so only a fault in the runner itself lands here.
    if (m_current) {
        finishCurrent(
            RunResult::failure(QLatin1String(ErrorType::RunnerCrashed),
                               QStringLiteral("The Python runner stopped unexpectedly. "
                                              "Curtain is fine; the next run starts a new "
                                              "one.")));
    }
    restart(QStringLiteral("runner exited"));
}

void RunnerClient::onProcessError(QProcess::ProcessError error)
{
    if (error == QProcess::FailedToStart) {
        const QString reason = m_process->errorString();
        m_process->deleteLater();
        m_process = nullptr;
        failEverything(
            QLatin1String(ErrorType::RunnerMissing),
            QStringLiteral("The Python runner %1 could not start: %2").arg(m_runnerPath, reason));
    }
}

void RunnerClient::restart(const QString &why)
{
    Q_UNUSED(why)
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(2000);
        m_process->deleteLater();
        m_process = nullptr;
    }
    m_ready = false;
    ++m_restarts;
    if (!m_queue.isEmpty() || m_current)
        start();
    else
        QTimer::singleShot(0, this, &RunnerClient::start); // stay warm for the next run
}

void RunnerClient::failEverything(const QString &type, const QString &message)
{
    if (m_current)
        finishCurrent(RunResult::failure(type, message));
    while (!m_queue.isEmpty())
        emit finished(m_queue.dequeue().id, RunResult::failure(type, message));
}

} // namespace PyRunner
