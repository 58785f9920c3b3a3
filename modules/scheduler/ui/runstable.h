// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <scheduler/engine.h>

#include <QTableWidget>

#include <vector>

namespace Scheduler {

/**
 * Scheduler Lab's Runs page: a row per finished run, in words (RunTable's columns), a run other
 * programs disturbed saying so in its tooltip. Choosing a row is how a run is chosen to replay.
 */
class RunsTable final : public QTableWidget
{
    Q_OBJECT

public:
    explicit RunsTable(QWidget *parent = nullptr);

    /** Adds RUN's row at the bottom. */
    void addRun(const RunRecord &run);
    /** Shows RUNS only. */
    void setRuns(const std::vector<RunRecord> &runs);
};

} // namespace Scheduler
