// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Compare's chart from its runs: medians, spreads, the baseline, the metric per workload.

#include <scheduler/compare.h>

#include <QTest>

using namespace Scheduler;

namespace {

RunRecord run(Model model, Workload workload, int workers, double wallMs, double ioP50 = 0)
{
    RunRecord r;
    r.options.model = model;
    r.options.workload = workload;
    r.options.workers = workers;
    r.wallMs = wallMs;
    r.ioLatency.p50 = ioP50;
    r.cores = 2;
    return r;
}

} // namespace

class TestCompare : public QObject
{
    Q_OBJECT

private slots:
    void mediansAndSpreadOverRepetitions()
    {
        std::vector<RunRecord> runs;
        // One worker: 100, 110, 90 ms. Two workers: 50, 60, 100 ms (one disturbed run).
        for (double wall : {100.0, 110.0, 90.0})
            runs.push_back(run(Model::Threads, Workload::Cpu, 1, wall));
        for (double wall : {50.0, 60.0, 100.0})
            runs.push_back(run(Model::Threads, Workload::Cpu, 2, wall));
        runs.back().otherLoadCores = 1.5;
        const auto series = summarizeCompare(runs, CompareMetric::Speedup);
        QCOMPARE(series.size(), std::size_t(1));
        const auto &points = series.front().points;
        QCOMPARE(points.size(), std::size_t(2));
        QCOMPARE(points[0].workers, 1);
        QCOMPARE(points[0].median, 1.0); // the baseline is the median one-worker time
        QCOMPARE(points[0].low, 100.0 / 110.0);
        QCOMPARE(points[0].high, 100.0 / 90.0);
        QCOMPARE(points[1].median, 100.0 / 60.0);
        QCOMPARE(points[1].low, 1.0);
        QCOMPARE(points[1].high, 2.0);
        QCOMPARE(points[1].runs, 3);
        QCOMPARE(points[1].disturbed, 1);
    }

    void failedAndStoppedRunsAreLeftOut()
    {
        std::vector<RunRecord> runs{run(Model::Gil, Workload::Cpu, 1, 100),
                                    run(Model::Gil, Workload::Cpu, 2, 100),
                                    run(Model::Gil, Workload::Cpu, 2, 1)};
        runs.back().stopped = true;
        const auto series = summarizeCompare(runs, CompareMetric::Speedup);
        QCOMPARE(series.front().points[1].runs, 1);
        QCOMPARE(series.front().points[1].median, 1.0);
    }

    void mixedChartsTheIoLatencyNotASpeedup()
    {
        QCOMPARE(compareMetricFor(Workload::Mixed), CompareMetric::IoLatency);
        QCOMPARE(compareMetricFor(Workload::Cpu), CompareMetric::Speedup);
        const std::vector<RunRecord> runs{run(Model::Gil, Workload::Mixed, 2, 50, 5.0),
                                          run(Model::Gil, Workload::Mixed, 2, 50, 4.0),
                                          run(Model::Threads, Workload::Mixed, 2, 50, 1.0)};
        const auto series = summarizeCompare(runs, CompareMetric::IoLatency);
        QCOMPARE(series.size(), std::size_t(2));
        QCOMPARE(series[0].model, Model::Threads);
        QCOMPARE(series[0].points[0].median, 1.0);
        QCOMPARE(series[1].points[0].median, 4.5);
        QVERIFY(!compareMetricLabel(CompareMetric::IoLatency).contains(QStringLiteral("speed-up")));
    }
};

QTEST_GUILESS_MAIN(TestCompare)
#include "tst_compare.moc"
