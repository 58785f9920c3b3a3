// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "engine.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <vector>

namespace Scheduler {

/** One column of the runs' table: its title for people and its id (the CSV header). */
struct RunColumn
{
    QString title;
    QString id;
};

/**
 * Scheduler Lab's runs as a table: the Runs page shows it in words, Export Numbers writes it as
 * CSV with ids. What a run measured comes first (it is what a learner compares), then its set-up.
 */
namespace RunTable {

/** The columns, in order. */
const std::vector<RunColumn> &columns();
/** RUN's cells, one per column: words for people (FORPEOPLE), ids for a CSV file. A setting that
 *  does not apply to the run is "–" for people and empty in a file. */
QStringList cells(const RunRecord &run, bool forPeople);
/** RUNS as an RFC 4180 CSV document (UTF-8): a header of the columns' ids, then a record a run. */
QByteArray csv(const std::vector<RunRecord> &runs);

} // namespace RunTable

} // namespace Scheduler
