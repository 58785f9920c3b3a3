// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "runstable.h"

#include <kit/fittable.h>
#include <scheduler/runtable.h>

namespace Scheduler {

using namespace Kit;

RunsTable::RunsTable(QWidget *parent)
    : QTableWidget(parent)
{
    setObjectName(QStringLiteral("scheduler.runs"));
    setAccessibleName(tr("Runs"));
    QStringList headers;
    for (const RunColumn &c : RunTable::columns())
        headers.append(c.title);
    FitTable::setUp(this, headers);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionBehavior(QAbstractItemView::SelectRows);
}

void RunsTable::addRun(const RunRecord &run)
{
    const int row = rowCount();
    insertRow(row);
    const QStringList cells = RunTable::cells(run, true);
    for (int c = 0; c < cells.size(); ++c) {
        auto *item = new QTableWidgetItem(cells.at(c));
        if (!run.loadWarning().isEmpty())
            item->setToolTip(run.loadWarning());
        setItem(row, c, item);
    }
}

void RunsTable::setRuns(const std::vector<RunRecord> &runs)
{
    setRowCount(0);
    for (const RunRecord &r : runs)
        addRun(r);
}

} // namespace Scheduler
