// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "engine.h"

#include <vector>

namespace Scheduler {

/** What Compare charts for a workload. */
enum class CompareMetric {
    Speedup,  // how many times faster than one worker (median wall time of one / of N)
    IoLatency // how long an I/O task takes to come back beside computing workers (ms)
};

/** Speed-up for everything but mixed, where the lesson is the I/O latency (the convoy). */
CompareMetric compareMetricFor(Workload workload);
/** The metric's axis label in words. */
QString compareMetricLabel(CompareMetric metric);

/** One model at one worker count over its repetitions. */
struct ComparePoint
{
    int workers = 0;
    double median = 0;
    double low = 0;  // the smallest value of the repetitions
    double high = 0; // the largest
    int runs = 0;
    int disturbed = 0; // runs other programs disturbed (RunRecord::loadWarning())
};

struct CompareSeries
{
    Model model = Model::Threads;
    QString program; // a Python program's series (its runs' RunRecord::program), or empty
    /** The series' name for people: the program, or the model in words. */
    QString name() const { return program.isEmpty() ? modelName(model) : program; }
    std::vector<ComparePoint> points; // by worker count
};

/**
 * Compare's chart from its runs (any order, any number of repetitions): per model and worker
 * count the median and the spread of METRIC. A speed-up divides the median wall time at the
 * smallest worker count by each repetition's wall time; stopped or failed runs are left out.
 */
std::vector<CompareSeries> summarizeCompare(const std::vector<RunRecord> &runs,
                                            CompareMetric metric);

/** The median of VALUES (0 when empty). */
double median(std::vector<double> values);

} // namespace Scheduler
