// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "engine.h"

#include <kit/backgroundjob.h>

#include <QList>
#include <QObject>

namespace Scheduler {

/**
 * Runs measurements off the GUI thread, one after another, and can stop them at once (on the
 * kit's BackgroundJob). The view polls live() about ten times a second; results arrive as
 * signals on the controller's thread.
 */
class RunController final : public QObject
{
    Q_OBJECT

public:
    explicit RunController(QObject *parent = nullptr);

    /** Starts RUNS in order; false if a batch is still going. */
    bool start(const QList<MeasureOptions> &runs);
    /** Asks the current batch to stop; the engine notices within a check point. */
    void stop() { m_job.stop(); }
    bool isRunning() const { return m_job.isRunning(); }
    /** The counters of the run going on now. */
    const LiveCounters &live() const { return m_live; }
    /** Index of the run going on now. */
    int current() const { return m_current.load(); }

signals:
    void runFinished(int index, const RunRecord &result);
    void batchFinished(bool stopped);

private:
    Kit::BackgroundJob m_job;
    std::atomic<int> m_current{-1};
    LiveCounters m_live;
};

} // namespace Scheduler
