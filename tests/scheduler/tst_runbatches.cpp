// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Scheduler Lab's bookkeeping of runs: which runs are one batch (drawn stacked), which one is
// replayed, what Compare keeps and summarises, and saving and opening it all.

#include <scheduler/cpuload.h>
#include <scheduler/runbatches.h>

#include <QTest>

using namespace Scheduler;

namespace {

RunRecord run(Model model, int workers = 2, double wallMs = 10)
{
    RunRecord r;
    r.options.model = model;
    r.options.workers = workers;
    r.wallMs = wallMs;
    r.cores = 4;
    return r;
}

RunRecord program(int workers = 1, double wallMs = 10)
{
    RunRecord r = run(Model::Gil, workers, wallMs);
    r.program = QStringLiteral("01_two_threads_computing.py in CPython 3.11");
    return r;
}

RunRecord disturbed(RunRecord r)
{
    r.otherLoadCores = CpuLoad::UnreliableAbove + 1;
    return r;
}

} // namespace

class TestRunBatches : public QObject
{
    Q_OBJECT

private slots:
    void theRunsOfAPressAreOneBatch()
    {
        RunBatches b;
        QCOMPARE(b.replayedOfLastBatch(), -1);
        b.beginBatch();
        QCOMPARE(b.add(run(Model::Threads)), 0);
        QCOMPARE(b.add(run(Model::Gil)), 1);
        b.beginBatch();
        QCOMPARE(b.add(run(Model::Processes)), 2);
        QCOMPARE(b.batchRuns(0), (std::vector<int>{0, 1}));
        QCOMPARE(b.batchRuns(1), (std::vector<int>{0, 1}));
        QCOMPARE(b.batchRuns(2), (std::vector<int>{2}));
        QVERIFY(b.batchOf(0) != b.batchOf(2));
        QCOMPARE(b.replayedOfLastBatch(), 2); // no program: the last run
    }

    void aModelBesideAProgramJoinsItsBatch()
    {
        RunBatches b;
        b.beginBatch();
        b.add(run(Model::Threads));
        b.beginBatch(); // a Python program's run: a batch of its own
        QCOMPARE(b.add(program()), 1);
        QCOMPARE(b.replayedOfLastBatch(), 1);
        b.beginBatch(true); // its model, beside it
        QCOMPARE(b.add(run(Model::Gil)), 2);
        QCOMPARE(b.batchRuns(2), (std::vector<int>{1, 2}));
        QCOMPARE(b.replayedOfLastBatch(), 1); // the real run stays the one replayed
        b.beginBatch();
        b.add(run(Model::Gil));
        QCOMPARE(b.replayedOfLastBatch(), 3);
    }

    void continuingWithNoRunsStartsABatch()
    {
        RunBatches b;
        b.beginBatch(true);
        b.add(run(Model::Threads));
        b.beginBatch(true);
        b.add(run(Model::Gil));
        QCOMPARE(b.batchRuns(0), (std::vector<int>{0, 1}));
        b.clear();
        QVERIFY(b.runs().empty());
        b.beginBatch(true);
        QCOMPARE(b.add(run(Model::Gil)), 0);
        QCOMPARE(b.batchRuns(0), (std::vector<int>{0}));
    }

    void aModelsCompareKeepsTheProgramsRuns()
    {
        RunBatches b;
        b.addCompare(program(1));
        b.addCompare(program(2));
        b.setCompareRepetitions(1);
        b.beginCompare(3);
        QCOMPARE(b.compareRuns().size(), std::size_t(2));
        for (int rep = 0; rep < 3; ++rep)
            b.addCompare(run(Model::Threads, 1));
        QCOMPARE(b.compareRepetitions(), 3);
        b.beginCompare(2); // a new compare: the models' old runs go
        QCOMPARE(b.compareRuns().size(), std::size_t(2));
        for (const RunRecord &r : b.compareRuns())
            QVERIFY(!r.program.isEmpty());
        QVERIFY(b.runs().empty()); // Compare's runs are not the runs'
    }

    void theSummaryChartsAndSaysWhatItCounts()
    {
        RunBatches b;
        QCOMPARE(b.compareSummary().note, QString()); // nothing to chart
        QVERIFY(b.compareSummary().series.empty());
        b.beginCompare(3);
        for (int rep = 0; rep < 3; ++rep) {
            b.addCompare(run(Model::Threads, 1, 100));
            b.addCompare(rep == 0 ? disturbed(run(Model::Threads, 2, 50))
                                  : run(Model::Threads, 2, 50));
        }
        const CompareSummary s = b.compareSummary();
        QCOMPARE(s.metric, CompareMetric::Speedup);
        QCOMPARE(s.series.size(), std::size_t(1));
        QCOMPARE(s.series.front().points.size(), std::size_t(2));
        QCOMPARE(s.series.front().points.back().median, 2.0);
        QCOMPARE(s.runs, 6);
        QCOMPARE(s.disturbed, 1);
        QVERIFY2(s.note.contains(QStringLiteral("median of 3")), qPrintable(s.note));
        QVERIFY2(s.note.contains(QStringLiteral("during 1 of the 6 runs")), qPrintable(s.note));
        // What to do about it is advice apart (a stage, without the form, leaves it out).
        QVERIFY(!s.advice.isEmpty());
        QVERIFY(!s.note.contains(s.advice));
    }

    void aProgramIsChartedOnlyBesideASpeedup_data()
    {
        QTest::addColumn<Workload>("workload");
        QTest::addColumn<CompareMetric>("metric");
        QTest::addColumn<int>("series");
        QTest::newRow("cpu") << Workload::Cpu << CompareMetric::Speedup << 2;
        QTest::newRow("io") << Workload::Io << CompareMetric::Speedup << 2;
        QTest::newRow("mixed") << Workload::Mixed << CompareMetric::IoLatency << 1;
    }

    void aProgramIsChartedOnlyBesideASpeedup()
    {
        QFETCH(Workload, workload);
        QFETCH(CompareMetric, metric);
        QFETCH(int, series);
        RunBatches b;
        b.addCompare(program(1, 100));
        b.addCompare(program(2, 60));
        b.beginCompare(1);
        for (int workers : {2, 3}) {
            RunRecord r = run(Model::Gil, workers, 80);
            r.options.workload = workload;
            r.hasIo = true;
            r.ioLatency.p50 = 4;
            b.addCompare(r);
        }
        const CompareSummary s = b.compareSummary();
        QCOMPARE(s.metric, metric);
        QCOMPARE(int(s.series.size()), series);
        QVERIFY(!s.note.isEmpty());
        QCOMPARE(s.disturbed, 0);
        QVERIFY(!s.note.contains(QStringLiteral("Other programs")));
        QVERIFY(s.advice.isEmpty());
    }

    void savedBatchesComeAfterTheOnesMade()
    {
        RunBatches made;
        made.beginBatch();
        made.add(run(Model::Threads));
        made.add(run(Model::Gil));
        made.beginBatch();
        made.add(program());
        made.beginCompare(2);
        made.addCompare(run(Model::Threads, 1));
        const SavedRuns saved = made.saved();
        QCOMPARE(saved.runs.size(), std::size_t(3));
        QCOMPARE(saved.batches.size(), std::size_t(3));
        QCOMPARE(saved.compare.size(), std::size_t(1));
        QCOMPARE(saved.compareRepetitions, 2);

        RunBatches opened;
        opened.beginBatch();
        opened.add(run(Model::Processes));
        const int before = opened.batchOf(0);
        opened.restore(saved);
        QCOMPARE(opened.runs().size(), std::size_t(3)); // replaced, not added to
        QCOMPARE(opened.compareRuns().size(), std::size_t(1));
        QCOMPARE(opened.compareRepetitions(), 2);
        QCOMPARE(opened.batchRuns(0), (std::vector<int>{0, 1}));
        QCOMPARE(opened.batchRuns(2), (std::vector<int>{2}));
        QVERIFY(opened.batchOf(0) > before);
        // A run made after opening is a batch of its own, not one of the saved ones.
        opened.beginBatch();
        QCOMPARE(opened.batchRuns(opened.add(run(Model::Gil))), (std::vector<int>{3}));
        // A run saved without its batch is a batch of its own.
        SavedRuns partial = saved;
        partial.batches.pop_back();
        opened.restore(partial);
        QCOMPARE(opened.batchRuns(2), (std::vector<int>{2}));
        QCOMPARE(opened.batchRuns(0), (std::vector<int>{0, 1}));
    }

    void disturbedAmongTheLastRuns_data()
    {
        QTest::addColumn<QList<bool>>("disturbedRuns");
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("expected");
        QTest::newRow("none") << QList<bool>{} << 3 << 0;
        QTest::newRow("all of the batch") << QList<bool>{true, false, true} << 3 << 2;
        QTest::newRow("only the last") << QList<bool>{true, true, false} << 1 << 0;
        QTest::newRow("last two") << QList<bool>{true, false, true} << 2 << 1;
        QTest::newRow("more than there are") << QList<bool>{true, true} << 5 << 2;
        QTest::newRow("zero") << QList<bool>{true} << 0 << 0;
    }

    void disturbedAmongTheLastRuns()
    {
        QFETCH(QList<bool>, disturbedRuns);
        QFETCH(int, count);
        QFETCH(int, expected);
        std::vector<RunRecord> runs;
        for (const bool d : disturbedRuns)
            runs.push_back(d ? disturbed(run(Model::Threads)) : run(Model::Threads));
        QCOMPARE(disturbedAmongLast(runs, count), expected);
    }
};

QTEST_GUILESS_MAIN(TestRunBatches)
#include "tst_runbatches.moc"
