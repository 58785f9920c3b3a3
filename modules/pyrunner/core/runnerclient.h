// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "runrequest.h"
#include "runresult.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QProcess>
#include <QQueue>
#include <QTimer>

namespace PyRunner {

/**
 * The app's side of curtain-runner: starts it in the background, keeps it warm, sends programs
 * and turns every way a run can go wrong (timeout, crash, a runner that will not start) into a
 * RunResult that ends with an error step. The runner dies with this object, and with the app.
 */
class RunnerClient final : public QObject
{
    Q_OBJECT

public:
    explicit RunnerClient(QString runnerPath, QObject *parent = nullptr);
    ~RunnerClient() override;

    /** Starts the runner if it is not running; returns at once. */
    void start();
    /** Whether the runner has said it is ready. */
    bool isReady() const { return m_ready; }
    /** The runner's Python version once ready ("3.11.2"). */
    QString pythonVersion() const { return m_python; }
    /** How many times the runner was restarted after a timeout or crash. */
    int restarts() const { return m_restarts; }

    /** Queues REQUEST and returns its id; finished(id, result) follows. */
    int run(const RunRequest &request);
    /** Runs REQUEST and waits for its result (for the command line and tests). */
    RunResult runAndWait(const RunRequest &request);

signals:
    void ready(const QString &python);
    void finished(int id, const PyRunner::RunResult &result);

private:
    struct Pending
    {
        int id;
        RunRequest request;
    };

    void onReadyRead();
    void onProcessFinished();
    void onProcessError(QProcess::ProcessError error);
    void sendNext();
    void finishCurrent(const RunResult &answer);
    void restart(const QString &why);
    void failEverything(const QString &type, const QString &message);

    QString m_runnerPath;
    QProcess *m_process = nullptr;
    QByteArray m_buffer;
    bool m_ready = false;
    QString m_python;
    QQueue<Pending> m_queue;
    std::optional<Pending> m_current;
    QTimer m_watchdog;
    int m_nextId = 1;
    int m_restarts = 0;
};

} // namespace PyRunner
