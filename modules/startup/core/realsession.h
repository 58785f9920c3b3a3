// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "feed.h"
#include "realrun.h"
#include "realservices.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cstddef>
#include <functional>

namespace Startup {

namespace Real {

/**
 * Removes the folders in ROOT of real runs whose Curtain is gone (killed: it could not remove its
 * own), named "curtain-real-PID-..." after the Curtain that made them; a live Curtain's stay.
 * Returns how many went.
 */
int removeAbandonedFolders(const QString &root);

/**
 * One real run's place and processes: a temporary folder of its own (removed with it, unless
 * CURTAIN_REAL_KEEP is set in the environment, for debugging), the
 * service group, the interpreter, and the clock of its time-out. What the three real runs share.
 */
class Session final
{
public:
    Session(const Request &request, const Simulation::Control &control);
    ~Session();

    /** Empty when the folder could be made; else why not. */
    QString problem() const { return m_problem; }
    QString folder() const { return m_folder.path(); }
    QString path(const QString &name) const { return m_folder.filePath(name); }
    ServiceGroup &group() { return m_group; }
    const Request &request() const { return m_request; }

    /** Starts python3 with ARGUMENTS in the run's folder, Curtain's realstack on its path and
     *  ENVIRONMENT added; its log is NAME's. */
    pid_t startPython(const QString &name,
                      const QStringList &arguments,
                      const QStringList &environment,
                      bool readOutput,
                      QString *error);
    /** The log file of the service NAME. */
    QString logOf(const QString &name) const;
    /** WHAT went wrong, with the last lines SERVICE logged when there are any. */
    QString failure(const QString &what, const QString &service) const;

    /** How a wait for a service ended. */
    enum class Wait { Done, Ended, Stopped, TimedOut };
    /**
     * Reads PID's lines and hands each to ONLINE until it returns true (Done), PID's output
     * ends (Ended), Stop is pressed (Stopped) or TIMEOUTMS pass, or the run's own time-out
     * (TimedOut). EACHROUND, when given, runs between reads (progress, health checks); a
     * non-empty answer from it ends the wait as Ended, with that as *WHY.
     */
    Wait readUntil(pid_t pid,
                   const std::function<bool(const QByteArray &)> &onLine,
                   qint64 timeoutMs,
                   const std::function<QString()> &eachRound = {},
                   QString *why = nullptr);
    /** Sets the run's time-out: SECONDS from now. */
    void setDeadline(double seconds);
    bool stopped() const;
    void progress(double fraction) const;
    /** Ends every process and says whether any was left: a note, or empty. */
    QString endAll();

private:
    Request m_request;
    Simulation::Control m_control;
    QTemporaryDir m_folder;
    ServiceGroup m_group;
    QString m_problem;
    QElapsedTimer m_clock;
    qint64 m_deadlineMs = -1;
};

/** Closes REAL, a real run's measured result: the NOTES it heard (each once), LEFTOVER (what
 *  endAll() said, if anything), and whether HOW says it was stopped or timed out. */
void finishReal(QJsonObject &real, QStringList notes, const QString &leftOver, Session::Wait how);

/** The real transcoding day, for VALIDATED (the scenario checked, with its seed); MODEL is the
 *  model's result for it. The "real" object, or empty and *ERROR. */
QJsonObject runTranscoding(Session &session,
                           const QJsonObject &validated,
                           const QJsonObject &model,
                           QString *error);
/** The most real seconds a feed run writes posts for: the scenario's first minutes, at its time
 *  scale (the model's figures over the same posts stand beside it). */
constexpr double FeedWindowSeconds = 60;
/** The most users a real feed run makes clients of: one asyncio process holds them. */
constexpr std::size_t MaxFeedClients = 1000;
/** The real seconds a feed run of P writes posts for at time scale SCALE. */
double feedPostSeconds(const FeedParams &p, double scale);
/** The real seconds a feed run of P waits after its last post for the users to hear of it. */
double feedDrainSeconds(const FeedParams &p, double scale);

/** The feed on a real Tornado server, for VALIDATED (checked, with its seed); MODEL is the
 *  model's result for it. The "real" object and *MODELSAMEPOSTS (the model's figures over the
 *  same posts and users, measured as the real run is), or empty and *ERROR. */
QJsonObject runFeed(Session &session,
                    const QJsonObject &validated,
                    const QJsonObject &model,
                    QJsonObject *modelSamePosts,
                    QString *error);
/** The ORM lab's page through the real Django ORM, on the lab's file that MODEL (the lab's result)
 *  names, and Django's signals against a trigger. The "real" object, or empty and *ERROR. */
QJsonObject
runOrm(Session &session, const QJsonObject &validated, const QJsonObject &model, QString *error);
} // namespace Real

} // namespace Startup
