#include <poolanimation.h>
#include <scenario.h>
#include <transcoding.h>

#include <QFile>
#include <QJsonDocument>
#include <QTest>

namespace {

TranscodingParams base()
{
    TranscodingParams p;
    p.hours = 24;
    p.warmupHours = 1;
    p.uploadsPerHour = 40;
    p.instances = 2;
    p.slotsPerInstance = 2;
    p.speed = 1.5;
    p.seed = 11;
    return p;
}

} // namespace

class TestTranscoding : public QObject
{
    Q_OBJECT

private slots:
    void lateAcksLoseNothingUnderCrashes()
    {
        TranscodingParams p = base();
        p.crashesPerInstanceHour = 0.5;
        p.lateAcks = true;
        const TranscodingResult r = simulateTranscoding(p);
        QVERIFY(r.crashes > 5);
        QCOMPARE(r.lostJobs, 0);
        QVERIFY(r.redelivered > 0);
        QVERIFY(r.workDoneTwiceMinutes > 0); // the price of late acks
        QCOMPARE(r.completed, r.arrived);
    }

    void earlyAcksCanLoseJobs()
    {
        TranscodingParams p = base();
        p.crashesPerInstanceHour = 0.5;
        p.lateAcks = false;
        const TranscodingResult r = simulateTranscoding(p);
        QVERIFY(r.lostJobs > 0);
        QCOMPARE(r.completed + r.lostJobs, r.arrived);
        QCOMPARE(r.workDoneTwiceMinutes, 0.0);
    }

    void prefetchHoardingIsVisible()
    {
        TranscodingParams low = base();
        low.prefetchMultiplier = 1;
        TranscodingParams high = base();
        high.prefetchMultiplier = 16;
        const TranscodingResult a = simulateTranscoding(low);
        const TranscodingResult b = simulateTranscoding(high);
        QCOMPARE(a.hoardedJobs, 0.0); // one message per slot: nothing held while a slot idles
        QVERIFY(b.hoardedJobs > 0.1);
        QVERIFY2(b.turnaroundP95 > a.turnaroundP95,
                 qPrintable(QStringLiteral("%1 vs %2").arg(b.turnaroundP95).arg(a.turnaroundP95)));
        QVERIFY(b.slaShare < a.slaShare);
    }

    void autoscalingReactsToABurst()
    {
        TranscodingParams p = base();
        p.autoscale = true;
        p.minInstances = 1;
        p.maxInstances = 30;
        p.burstStartHour = 10;
        p.burstHours = 2;
        p.burstMultiplier = 8;
        const TranscodingResult r = simulateTranscoding(p);
        double before = 0;
        double during = 0;
        for (std::size_t i = 0; i < r.sampleTimes.size(); ++i) {
            if (r.sampleTimes[i] < 9 * 60)
                before = std::max(before, r.instancesUp[i]);
            if (r.sampleTimes[i] >= 10 * 60 && r.sampleTimes[i] < 12 * 60)
                during = std::max(during, r.instancesUp[i]);
        }
        QVERIFY2(during > before + 2,
                 qPrintable(QStringLiteral("%1 vs %2").arg(during).arg(before)));
        QVERIFY(during <= 30);
    }

    void outsourcingTakesTheOverflowAtAPrice()
    {
        TranscodingParams p = base();
        p.uploadsPerHour = 150; // more than two instances can do
        p.outsource = true;
        p.outsourceAboveQueue = 5;
        const TranscodingResult with = simulateTranscoding(p);
        p.outsource = false;
        const TranscodingResult without = simulateTranscoding(p);
        QVERIFY(with.outsourced > 0);
        QVERIFY(with.turnaroundP95 < without.turnaroundP95);
        QVERIFY(with.costPerVideoMinute > 0);
    }

    void sameSeedSameRun()
    {
        TranscodingParams p = base();
        p.crashesPerInstanceHour = 0.2;
        const TranscodingResult a = simulateTranscoding(p);
        const TranscodingResult b = simulateTranscoding(p);
        QCOMPARE(a.turnaroundP95, b.turnaroundP95);
        QCOMPARE(a.events, b.events);
        QCOMPARE(a.queueLength, b.queueLength);
    }

    void framesShowThePoolAndItsCrashes()
    {
        TranscodingParams p = base();
        p.crashesPerInstanceHour = 0.5;
        const TranscodingResult r = simulateTranscoding(p);
        QCOMPARE(r.frames.size(), r.sampleTimes.size());
        bool sawCrash = false;
        bool sawBusy = false;
        for (const PoolFrame &f : r.frames) {
            for (const auto &m : f.machines) {
                sawCrash |= m.state == PoolFrame::Machine::State::Crashed;
                sawBusy |= m.busySlots > 0;
                QVERIFY(m.busySlots <= p.slotsPerInstance);
            }
        }
        QVERIFY(sawCrash);
        QVERIFY(sawBusy);
        // The compact JSON form carries everything back.
        const std::vector<PoolFrame> back = framesFromJson(framesToJson(r.frames));
        QCOMPARE(back.size(), r.frames.size());
        QCOMPARE(back[40].queue, r.frames[40].queue);
        QCOMPARE(back[40].machines.size(), r.frames[40].machines.size());
    }

    void layoutKeepsEverythingInside()
    {
        PoolFrame frame;
        frame.queue = 1000;
        for (int i = 0; i < 7; ++i)
            frame.machines.push_back({i, PoolFrame::Machine::State::Running, 1, 2});
        const QSizeF size(600, 220);
        const PoolLayout layout = PoolLayout::of(frame, size, 3);
        QCOMPARE(int(layout.queueCells.size()) + layout.hiddenQueue, 1000);
        QVERIFY(layout.hiddenQueue > 0);
        QCOMPARE(layout.machines.size(), std::size_t(7));
        const QRectF bounds(QPointF(0, 0), size);
        for (std::size_t i = 0; i < layout.machines.size(); ++i) {
            QVERIFY(bounds.contains(layout.machines[i]));
            QCOMPARE(layout.slotCells[i].size(), std::size_t(3));
            for (const QRectF &cell : layout.slotCells[i])
                QVERIFY(layout.machines[i].contains(cell));
        }
        for (const QRectF &cell : layout.queueCells)
            QVERIFY(layout.queueArea.contains(cell));
    }

    void playbackMapsRealTimeToFrames()
    {
        std::vector<PoolFrame> frames(5);
        for (int i = 0; i < 5; ++i)
            frames[std::size_t(i)].minute = i * 5.0;
        QCOMPARE(frameAt(frames, 0, 60), std::size_t(0));
        QCOMPARE(frameAt(frames, 0.1, 60), std::size_t(1)); // 6 simulated minutes in
        QCOMPARE(frameAt(frames, 10, 60), std::size_t(4));  // past the end: the last frame
        QCOMPARE(frameAt({}, 1, 60), std::size_t(0));
    }

    void scenarioErrorsNameTheFieldPath_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("named");
        QTest::newRow("nested unknown")
            << QByteArray(R"({"model":"transcoding","pool":{"slot":2}})")
            << QStringLiteral("'pool.slot'");
        QTest::newRow("bad acks") << QByteArray(
            R"({"model":"transcoding","broker":{"acks":"sometimes"}})")
                                  << QStringLiteral("'broker.acks'");
        QTest::newRow("negative rate")
            << QByteArray(R"({"model":"transcoding","arrivals":{"uploads_per_hour":-3}})")
            << QStringLiteral("'arrivals.uploads_per_hour'");
        QTest::newRow("short curve")
            << QByteArray(R"({"model":"transcoding","arrivals":{"daily_curve":[1,2]}})")
            << QStringLiteral("24 multipliers");
        QTest::newRow("min above max")
            << QByteArray(R"({"model":"transcoding","pool":{"autoscale":{"min":5,"max":2}}})")
            << QStringLiteral("'pool.autoscale.min'");
    }

    void scenarioErrorsNameTheFieldPath()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, named);
        QString error;
        QVERIFY(!Scenario::parseTranscoding(
            QJsonDocument::fromJson(json).object(), QStringLiteral("t.json"), &error));
        QVERIFY2(error.startsWith(QStringLiteral("t.json: ")) && error.contains(named),
                 qPrintable(error));
    }

    void theExampleScenarioParses()
    {
        QFile file(QStringLiteral(CURTAIN_SOURCE_DIR "/resources/scenarios/transcoding.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QString error;
        const auto p = Scenario::parseTranscoding(
            QJsonDocument::fromJson(file.readAll()).object(), file.fileName(), &error);
        QVERIFY2(p, qPrintable(error));
        QVERIFY(p->autoscale);
        QCOMPARE(p->dailyCurve.size(), std::size_t(24));
    }
};

QTEST_GUILESS_MAIN(TestTranscoding)
#include "tst_transcoding.moc"
