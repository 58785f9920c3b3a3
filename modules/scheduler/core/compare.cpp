// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "compare.h"

#include <algorithm>
#include <map>

namespace Scheduler {

CompareMetric compareMetricFor(Workload workload)
{
    return workload == Workload::Mixed ? CompareMetric::IoLatency : CompareMetric::Speedup;
}

QString compareMetricLabel(CompareMetric metric)
{
    return metric == CompareMetric::Speedup
               ? QStringLiteral(
                   "speed-up vs 1 worker") // short: an upright label sets the least height
               : QStringLiteral("time an I/O task takes to come back (ms, median)");
}

double median(std::vector<double> values)
{
    return Percentiles::of(std::move(values)).p50;
}

std::vector<CompareSeries> summarizeCompare(const std::vector<RunRecord> &runs,
                                            CompareMetric metric)
{
    // A series per model, and one per Python program (its runs carry the program's name).
    std::map<std::pair<QString, Model>, std::map<int, std::vector<const RunRecord *>>> grouped;
    for (const RunRecord &r : runs) {
        if (r.error.isEmpty() && !r.stopped && r.wallMs > 0)
            grouped[{r.program, r.options.model}][r.options.workers].push_back(&r);
    }
    std::vector<CompareSeries> series;
    for (const auto &[key, byWorkers] : grouped) {
        CompareSeries s;
        s.program = key.first;
        s.model = key.second;
        double baseline = 0;
        if (!byWorkers.empty()) {
            std::vector<double> walls;
            for (const RunRecord *r : byWorkers.begin()->second)
                walls.push_back(r->wallMs);
            baseline = median(walls);
        }
        for (const auto &[workers, group] : byWorkers) {
            std::vector<double> values;
            ComparePoint p;
            p.workers = workers;
            for (const RunRecord *r : group) {
                values.push_back(metric == CompareMetric::Speedup ? baseline / r->wallMs
                                                                  : r->ioLatency.p50);
                p.disturbed += !r->loadWarning().isEmpty();
            }
            p.runs = int(values.size());
            p.median = median(values);
            p.low = *std::min_element(values.begin(), values.end());
            p.high = *std::max_element(values.begin(), values.end());
            s.points.push_back(p);
        }
        series.push_back(std::move(s));
    }
    return series;
}

} // namespace Scheduler
