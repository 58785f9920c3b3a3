// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The background job: results in order on the owner's thread, running until they have arrived,
// one job at a time, stop.
#include <kit/backgroundjob.h>

#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace Kit;

class TestBackgroundJob : public QObject
{
    Q_OBJECT

private slots:
    void runningUntilItsResultsArrive()
    {
        // A job that ends at once: its thread is done long before the loop runs again, yet
        // isRunning() holds until the posted results and finished() have arrived.
        BackgroundJob job;
        QList<int> seen;
        bool runningAtFinish = true;
        connect(&job, &BackgroundJob::finished, this, [&] { runningAtFinish = job.isRunning(); });
        QVERIFY(job.start([&seen](const BackgroundJob::Context &c) {
            for (int i = 0; i < 3; ++i)
                c.post([&seen, i] { seen.append(i); });
        }));
        job.wait(); // the thread has ended
        QVERIFY(job.isRunning());
        QVERIFY(seen.isEmpty());
        QVERIFY(!job.start([](const BackgroundJob::Context &) {})); // one at a time
        QSignalSpy finished(&job, &BackgroundJob::finished);
        QVERIFY(finished.wait(5000));
        QCOMPARE(seen, (QList<int>{0, 1, 2}));
        QVERIFY(!job.isRunning());
        QVERIFY(!runningAtFinish);
        QCOMPARE(finished.first().first().toBool(), false);
        // And the next one may start.
        QVERIFY(job.start([](const BackgroundJob::Context &) {}));
        QVERIFY(finished.wait(5000));
    }

    void stopEndsTheWorkAtItsNextCheck()
    {
        BackgroundJob job;
        std::atomic<bool> started{false};
        QSignalSpy finished(&job, &BackgroundJob::finished);
        QVERIFY(job.start([&started](const BackgroundJob::Context &c) {
            started = true;
            while (!c.stop.load())
                QThread::msleep(1);
        }));
        QTRY_VERIFY(started.load());
        job.stop();
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.first().first().toBool(), true);
    }
};

QTEST_GUILESS_MAIN(TestBackgroundJob)
#include "tst_backgroundjob.moc"
