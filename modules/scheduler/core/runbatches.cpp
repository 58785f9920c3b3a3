// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "runbatches.h"

#include <QObject>

#include <algorithm>

namespace Scheduler {

void RunBatches::beginBatch(bool continueLast)
{
    if (!continueLast || m_runs.empty())
        ++m_batches;
}

int RunBatches::add(RunRecord run)
{
    m_runs.push_back(std::move(run));
    m_batchOf.push_back(m_batches);
    return int(m_runs.size()) - 1;
}

std::vector<int> RunBatches::batchRuns(int index) const
{
    std::vector<int> indexes;
    const int batch = batchOf(index);
    for (int i = 0; i < int(m_runs.size()); ++i) {
        if (m_batchOf[std::size_t(i)] == batch)
            indexes.push_back(i);
    }
    return indexes;
}

int RunBatches::replayedOfLastBatch() const
{
    const int last = int(m_runs.size()) - 1;
    if (last < 0)
        return -1;
    int replayed = last;
    for (int i = last; i >= 0 && m_batchOf[std::size_t(i)] == m_batchOf.back(); --i) {
        if (!m_runs[std::size_t(i)].program.isEmpty())
            replayed = i;
    }
    return replayed;
}

void RunBatches::beginCompare(int repetitions)
{
    std::erase_if(m_compare, [](const RunRecord &r) { return r.program.isEmpty(); });
    m_compareRepetitions = repetitions;
}

void RunBatches::addCompare(RunRecord run)
{
    m_compare.push_back(std::move(run));
}

CompareSummary RunBatches::compareSummary() const
{
    CompareSummary summary;
    if (m_compare.empty())
        return summary;
    // The models' workload decides the metric; a Python program's runs chart a speed-up, and
    // only beside a speed-up.
    Workload workload = Workload::Cpu;
    for (const RunRecord &r : m_compare) {
        if (r.program.isEmpty()) {
            workload = r.options.workload;
            break;
        }
    }
    summary.metric = compareMetricFor(workload);
    std::vector<RunRecord> charted;
    for (const RunRecord &r : m_compare) {
        if (r.program.isEmpty() || summary.metric == CompareMetric::Speedup)
            charted.push_back(r);
    }
    summary.series = summarizeCompare(charted, summary.metric);
    for (const CompareSeries &s : summary.series) {
        for (const ComparePoint &p : s.points) {
            summary.runs += p.runs;
            summary.disturbed += p.disturbed;
        }
    }
    summary.note = QObject::tr("Each point is the median of %n run(s); the bars reach the lowest "
                               "and the highest.",
                               nullptr,
                               m_compareRepetitions);
    if (summary.disturbed > 0) {
        summary.note += QLatin1Char(' ')
                        + QObject::tr("Other programs were busy during %1 of the %2 runs: expect a "
                                      "wide spread.")
                              .arg(summary.disturbed)
                              .arg(summary.runs);
        summary.advice = QObject::tr("Close them and compare again before trusting the shape.");
    }
    return summary;
}

void RunBatches::clear()
{
    m_runs.clear();
    m_batchOf.clear();
    m_compare.clear();
}

SavedRuns RunBatches::saved() const
{
    SavedRuns saved;
    saved.runs = m_runs;
    saved.batches = m_batchOf;
    saved.compare = m_compare;
    saved.compareRepetitions = m_compareRepetitions;
    return saved;
}

void RunBatches::restore(SavedRuns saved)
{
    m_runs = std::move(saved.runs);
    m_compare = std::move(saved.compare);
    m_compareRepetitions = saved.compareRepetitions;
    m_batchOf.clear();
    for (const int batch : saved.batches)
        m_batchOf.push_back(m_batches + 1 + batch);
    if (!m_batchOf.empty())
        m_batches = *std::max_element(m_batchOf.begin(), m_batchOf.end());
    // A run saved without its batch is a batch of its own.
    while (m_batchOf.size() < m_runs.size())
        m_batchOf.push_back(++m_batches);
    m_batchOf.resize(m_runs.size());
}

int disturbedAmongLast(const std::vector<RunRecord> &runs, int count)
{
    const std::size_t from = runs.size() - std::min(runs.size(), std::size_t(std::max(count, 0)));
    return int(std::count_if(runs.begin() + std::ptrdiff_t(from),
                             runs.end(),
                             [](const RunRecord &r) { return !r.loadWarning().isEmpty(); }));
}

} // namespace Scheduler
