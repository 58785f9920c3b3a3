// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "trace.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QProcess>
#include <QQueue>
#include <QTimer>

/** One program to trace, with its limits. */
struct TraceRequest
{
    /** The largest program Class Forge traces: a lesson is a few kilobytes. */
    static constexpr qint64 MaxSourceBytes = 8 << 20;

    QByteArray source; // the file's bytes, exactly
    QString filename;
    int timeoutMs = 3000;
    int maxSteps = 20000;  // the trace stops after this many
    int keepSteps = 20000; // kept in full; past it, counted only
    int maxOutputChars = 64 * 1024;
    int memoryMb = 512;
    /** Threads and the GIL recorded instead of classes (Scheduler Lab's "your Python"). */
    bool threads = false;
    double switchIntervalMs = 0; // threads: sys.setswitchinterval before the program (0: leave)
    int maxChanges = 500000;     // threads: state changes kept
    QJsonObject env;             // names to values set in the program's os.environ
};

/**
 * The app's side of curtain-runner: starts it in the background, keeps it warm, sends programs
 * and turns every way a run can go wrong (timeout, crash, a runner that will not start) into a
 * Trace that ends with an error step. The runner dies with this object, and with the app.
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

    /** Queues REQUEST and returns its id; finished(id, trace) follows. */
    int trace(const TraceRequest &request);
    /** Runs REQUEST and waits for its trace (for the command line and tests). */
    Trace traceAndWait(const TraceRequest &request);

signals:
    void ready(const QString &python);
    void finished(int id, const Trace &trace);

private:
    struct Pending
    {
        int id;
        TraceRequest request;
    };

    void onReadyRead();
    void onProcessFinished();
    void onProcessError(QProcess::ProcessError error);
    void sendNext();
    void finishCurrent(const Trace &trace);
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
