// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "compare.h"
#include "engine.h"
#include "runfile.h"

#include <QString>

#include <vector>

namespace Scheduler {

/** What Compare's chart shows of its runs, and the sentence under it. */
struct CompareSummary
{
    CompareMetric metric = CompareMetric::Speedup; // decided by the models' workload
    std::vector<CompareSeries> series;
    int runs = 0;      // runs in the points
    int disturbed = 0; // of them, runs other programs disturbed
    QString note;      // empty when Compare has no runs
    QString advice;    // what to do about a disturbed run, at the form; empty when none was
};

/**
 * Scheduler Lab's runs as they were made: the runs of one Run press form a batch (drawn stacked
 * on one time axis), a Python program's run is a batch of its own, a model run beside it joins
 * its batch; Compare's runs (every model, worker count and repetition) are kept apart and
 * summarised for the chart. No widgets: the view shows what this holds.
 */
class RunBatches
{
public:
    /** The runs, in the order they finished. */
    const std::vector<RunRecord> &runs() const { return m_runs; }
    /** The batch of the run at INDEX: runs of one batch share the number. */
    int batchOf(int index) const { return m_batchOf.at(std::size_t(index)); }
    /** Starts a batch for the runs added next; CONTINUELAST adds them to the last batch instead
     *  (a model beside a Python program), when there is one. */
    void beginBatch(bool continueLast = false);
    /** Adds RUN to the current batch; returns its index. */
    int add(RunRecord run);
    /** The indexes of the runs in the batch of the run at INDEX, in order. */
    std::vector<int> batchRuns(int index) const;
    /** The run of the last batch to replay: its first Python program's run (the real run stays
     *  the one replayed, with the model under it), else its last run; -1 with no runs. */
    int replayedOfLastBatch() const;

    /** Compare's runs: a Python program's and the models'. */
    const std::vector<RunRecord> &compareRuns() const { return m_compare; }
    /** The repetitions per point of the last compare. */
    int compareRepetitions() const { return m_compareRepetitions; }
    /** Starts a models' compare of REPETITIONS: their old runs go, a Python program's stay. */
    void beginCompare(int repetitions);
    /** Adds a run to Compare's. */
    void addCompare(RunRecord run);
    /** A Python program's compare is measured REPETITIONS times a point. */
    void setCompareRepetitions(int repetitions) { m_compareRepetitions = repetitions; }
    /** Compare's chart: per model (or program) and worker count, the median and the spread. */
    CompareSummary compareSummary() const;

    /** Forgets every run and Compare's runs (a deck's demo starts clean). */
    void clear();
    /** Everything held, to save. */
    SavedRuns saved() const;
    /** Replaces everything by SAVED; its batches come after the ones made so far. */
    void restore(SavedRuns saved);

private:
    std::vector<RunRecord> m_runs;
    std::vector<int> m_batchOf; // per run: the batch it belongs to
    int m_batches = 0;          // the batch numbers given so far
    std::vector<RunRecord> m_compare;
    int m_compareRepetitions = 0;
};

/** How many of the last COUNT of RUNS other programs disturbed (RunRecord::loadWarning()). */
int disturbedAmongLast(const std::vector<RunRecord> &runs, int count);

} // namespace Scheduler
