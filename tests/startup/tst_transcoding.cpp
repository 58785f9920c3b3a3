// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include <startup/poolanimation.h>
#include <startup/transcoding.h>
#include <startup/transcodingschema.h>

#include <QFile>
#include <QJsonDocument>
#include <QTest>

#include <cmath>
#include <set>

using namespace Startup;

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
    // A crash timer set beyond the end used to keep the run going past its horizon, billing and
    // averaging to that point.
    void theRunEndsAtItsHorizon_data()
    {
        QTest::addColumn<double>("crashRate");
        QTest::addColumn<int>("instances");
        QTest::newRow("no crashes") << 0.0 << 2;
        QTest::newRow("one per million hours") << 1e-6 << 2;
        QTest::newRow("one in twenty hours") << 0.05 << 4;
        QTest::newRow("one an hour, eight machines") << 1.0 << 8;
        QTest::newRow("many") << 20.0 << 3;
    }

    void theRunEndsAtItsHorizon()
    {
        QFETCH(double, crashRate);
        QFETCH(int, instances);
        TranscodingParams p = base();
        p.crashesPerInstanceHour = crashRate;
        p.instances = instances;
        const TranscodingResult r = simulateTranscoding(p);
        QCOMPARE(r.endMinute, p.hours * 60);
        // A fixed pool never bills more than its machines for the day, whatever crashes.
        QVERIFY2(r.instanceHours <= instances * p.hours + 1e-9,
                 qPrintable(QString::number(r.instanceHours)));
        QVERIFY(r.frames.back().minute <= p.hours * 60);
        QVERIFY(r.utilization >= 0 && r.utilization <= 1);
    }

    void aCrashTimerBeyondTheEndChangesNothing()
    {
        // One crash per million instance-hours: in practice never within the day, so the day
        // must look exactly like the same day without crashes.
        TranscodingParams rare = base();
        rare.crashesPerInstanceHour = 1e-6;
        TranscodingParams none = base();
        const TranscodingResult a = simulateTranscoding(rare);
        const TranscodingResult b = simulateTranscoding(none);
        QCOMPARE(a.crashes, 0);
        QCOMPARE(a.instanceHours, b.instanceHours);
        QCOMPARE(a.instanceHours, none.instances * none.hours);
    }

    void lateAcksLoseNothingUnderCrashes()
    {
        TranscodingParams p = base();
        p.crashesPerInstanceHour = 0.5;
        p.lateAcks = true;
        const TranscodingResult r = simulateTranscoding(p);
        QVERIFY(r.crashes > 5);
        QCOMPARE(r.lostJobs, 0);
        QVERIFY(r.redelivered > 0);
        QVERIFY(r.workDoneTwiceMinutes > 0);             // the price of late acks
        QCOMPARE(r.completed + r.unfinished, r.arrived); // nothing lost; some still on the way
    }

    void earlyAcksCanLoseJobs()
    {
        TranscodingParams p = base();
        p.crashesPerInstanceHour = 0.5;
        p.lateAcks = false;
        const TranscodingResult r = simulateTranscoding(p);
        QVERIFY(r.lostJobs > 0);
        QCOMPARE(r.completed + r.lostJobs + r.unfinished, r.arrived);
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

    // A run that finished no video has no turnaround, no cost per video minute and, with no
    // video overdue either, no share kept: null in the JSON, not 0 (h20c).
    void aDayThatFinishedNothingHasNoTurnaround_data()
    {
        QTest::addColumn<double>("uploadsPerHour");
        QTest::addColumn<double>("speed"); // video minutes per minute
        QTest::addColumn<double>("hours");
        QTest::addColumn<bool>("judged"); // some video overdue: the share is 0, not null
        QTest::newRow("no upload") << 1e-6 << 1.5 << 1.0 << false;
        // Videos of about an hour, the day 24 minutes: none can be overdue yet.
        QTest::newRow("slow machines, nothing overdue") << 600.0 << 0.01 << 0.4 << false;
        QTest::newRow("slow machines, videos overdue") << 600.0 << 0.01 << 2.0 << true;
    }

    void aDayThatFinishedNothingHasNoTurnaround()
    {
        QFETCH(double, uploadsPerHour);
        QFETCH(double, speed);
        QFETCH(double, hours);
        QFETCH(bool, judged);
        TranscodingParams p = base();
        p.hours = hours;
        p.warmupHours = 0;
        p.uploadsPerHour = uploadsPerHour;
        p.speed = speed;
        p.medianVideoMinutes = 60;
        p.videoSigma = 0.1;
        const TranscodingResult r = simulateTranscoding(p);
        QCOMPARE(r.completed, 0);
        const QJsonObject json = r.toJson();
        const QJsonObject turnaround = json.value(QStringLiteral("turnaround_minutes")).toObject();
        for (const QString &q :
             {QStringLiteral("p50"), QStringLiteral("p95"), QStringLiteral("p99")})
            QVERIFY2(turnaround.value(q).isNull(), qPrintable(q));
        QVERIFY(json.value(QStringLiteral("cost_per_video_minute")).isNull());
        QCOMPARE(json.value(QStringLiteral("sla_share")).isNull(), !judged);
        if (judged)
            QCOMPARE(r.slaShare, 0.0);
        // The unfinished ones still have an age: at least that long.
        QCOMPARE(json.value(QStringLiteral("turnaround_at_least_minutes"))
                     .toObject()
                     .value(QStringLiteral("p50"))
                     .isDouble(),
                 r.unfinished > 0);
    }

    // Counting the unfinished videos at their ages: with none, the same quantiles as the
    // finished ones'; with a queue that grew all day, a higher p99 (the real one is higher still).
    void unfinishedVideosCountedAtTheirAges_data()
    {
        QTest::addColumn<int>("instances");
        QTest::addColumn<bool>("left");
        QTest::newRow("enough machines") << 8 << false;
        QTest::newRow("too few machines") << 1 << true;
    }

    void unfinishedVideosCountedAtTheirAges()
    {
        QFETCH(int, instances);
        QFETCH(bool, left);
        TranscodingParams p = base();
        p.instances = instances;
        p.prefetchMultiplier = 1;
        p.uploadsPerHour = 40;
        p.dailyCurve = std::vector<double>(24, 1.0);
        for (int h = 22; h < 24; ++h)
            p.dailyCurve[std::size_t(h)] = 0; // nothing arrives in the last hours
        const TranscodingResult r = simulateTranscoding(p);
        if (!left) {
            QCOMPARE(r.unfinished, 0);
            QCOMPARE(r.turnaroundAtLeastP50, r.turnaroundP50);
            QCOMPARE(r.turnaroundAtLeastP99, r.turnaroundP99);
        } else {
            QVERIFY(r.unfinished > 0);
            QVERIFY2(
                r.turnaroundAtLeastP99 > r.turnaroundP99,
                qPrintable(
                    QStringLiteral("%1 vs %2").arg(r.turnaroundAtLeastP99).arg(r.turnaroundP99)));
        }
        // What the machines had prefetched is among the unfinished.
        QVERIFY(r.prefetchedAtEnd <= r.unfinished);
    }

    // The what-if behind "too few machines": nothing ever waits in the broker. With prefetch 1
    // every video starts the moment it arrives, so its turnaround is its own transcoding time.
    void unlimitedMachinesLeaveNothingWaiting_data()
    {
        QTest::addColumn<int>("prefetch");
        QTest::newRow("prefetch 1") << 1;
        QTest::newRow("prefetch 4") << 4;
    }

    void unlimitedMachinesLeaveNothingWaiting()
    {
        QFETCH(int, prefetch);
        TranscodingParams p = base();
        p.uploadsPerHour = 200; // far beyond two machines
        p.instances = 1;
        p.prefetchMultiplier = prefetch;
        p.unlimitedMachines = true;
        const TranscodingResult r = simulateTranscoding(p);
        QVERIFY(r.completed > 1000);
        for (const double q : r.queueLength)
            QCOMPARE(q, 0.0);
        if (prefetch == 1) {
            for (const double ratio : r.turnaroundRatios)
                QVERIFY2(std::abs(ratio - 1 / p.speed) < 1e-9, qPrintable(QString::number(ratio)));
            QCOMPARE(r.slaShare, 1.0);
        }
        // The same scenario with its one machine falls behind.
        p.unlimitedMachines = false;
        QVERIFY(simulateTranscoding(p).slaShare < r.slaShare);
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

    // The budget's work comes from the engine's own rates: what it expects is what runs count.
    void theCostModelCountsWhatTheEngineDoes()
    {
        QFile file(QStringLiteral(CURTAIN_SOURCE_DIR "/resources/scenarios/transcoding.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QString error;
        auto p = Scenario::parseTranscoding(
            QJsonDocument::fromJson(file.readAll()).object(), file.fileName(), &error);
        QVERIFY2(p, qPrintable(error));
        p->burstStartHour = 17.5; // a burst that starts and ends inside an hour
        const TranscodingWork work = transcodingWork(*p);
        // 40 uploads an hour along the daily curve, and two hours (half of 17, 18, half of 19)
        // at three times that.
        const std::vector<double> &curve = p->dailyCurve;
        double expected = 0;
        for (const double c : curve)
            expected += 40 * c;
        expected += 2 * 40 * (0.5 * curve[17] + curve[18] + 0.5 * curve[19]);
        QVERIFY2(std::abs(work.uploads - expected) < 1e-9 * expected,
                 qPrintable(QStringLiteral("%1 vs %2").arg(work.uploads).arg(expected)));
        QCOMPARE(work.instances, 20.0); // autoscaling's most
        QCOMPARE(work.samples, 24 * 60 / 5.0);
        double arrived = 0;
        const int runs = 8;
        for (int k = 0; k < runs; ++k) {
            p->seed = 100 + std::uint64_t(k);
            const TranscodingResult r = simulateTranscoding(*p);
            arrived += double(r.arrived);
            QVERIFY(std::abs(double(r.frames.size()) - work.samples) <= 1);
            QVERIFY2(double(r.events) <= work.events,
                     qPrintable(QStringLiteral("%1 > %2").arg(r.events).arg(work.events)));
        }
        // Poisson: the mean of the runs is within four standard errors of the expectation.
        const double mean = arrived / runs;
        QVERIFY2(std::abs(mean - work.uploads) < 4 * std::sqrt(work.uploads / runs),
                 qPrintable(QStringLiteral("%1 vs %2").arg(mean).arg(work.uploads)));
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

    // Common random numbers: a what-if that changes only how work is handed out sees the same
    // uploads, and the first machines die at the same minutes, whatever the crashes did to the
    // order of events (the breakdown pairs each replication with its original).
    void aWhatIfDrawsTheSameUploadsAndLives_data()
    {
        QTest::addColumn<int>("prefetch");
        QTest::addColumn<int>("instances");
        QTest::newRow("prefetch 1") << 1 << 2;
        QTest::newRow("more machines") << 4 << 4;
    }

    void aWhatIfDrawsTheSameUploadsAndLives()
    {
        QFETCH(int, prefetch);
        QFETCH(int, instances);
        TranscodingParams p = base();
        p.crashesPerInstanceHour = 0.5;
        p.uploadsPerHour = 70;
        TranscodingDraws original;
        const TranscodingResult a = simulateTranscoding(p, nullptr, &original);
        TranscodingParams q = p;
        q.prefetchMultiplier = prefetch;
        q.instances = instances;
        TranscodingDraws whatIf;
        const TranscodingResult b = simulateTranscoding(q, nullptr, &whatIf);
        QVERIFY(a.crashes > 0 && b.crashes > 0);
        QCOMPARE(whatIf.uploads.size(), original.uploads.size());
        for (std::size_t i = 0; i < original.uploads.size(); ++i) {
            QCOMPARE(whatIf.uploads[i].minute, original.uploads[i].minute);
            QCOMPARE(whatIf.uploads[i].videoMinutes, original.uploads[i].videoMinutes);
        }
        // Machine 0 booted at the start in both: its first death is at the same minute.
        auto firstDeath = [](const TranscodingDraws &d) {
            for (const TranscodingDraws::Crash &c : d.crashes) {
                if (c.machine == 0)
                    return c.minute;
            }
            return -1.0;
        };
        QCOMPARE(firstDeath(whatIf), firstDeath(original));
    }

    // The burst is the day's uploads plus its own extra ones: without it, every other upload is
    // the same (minute and length), and a burst outside the day changes nothing at all.
    void withoutTheBurstEveryOtherUploadStays_data()
    {
        QTest::addColumn<double>("startHour");
        QTest::addColumn<double>("multiplier");
        QTest::newRow("a burst") << 8.0 << 3.0;
        QTest::newRow("a lull") << 8.0 << 0.5;
        QTest::newRow("after the day") << 30.0 << 3.0;
    }

    void withoutTheBurstEveryOtherUploadStays()
    {
        QFETCH(double, startHour);
        QFETCH(double, multiplier);
        TranscodingParams p = base();
        p.videoSigma = 0.6;
        p.burstStartHour = startHour;
        p.burstHours = 3;
        p.burstMultiplier = multiplier;
        TranscodingParams q = p;
        q.burstStartHour = -1;
        TranscodingDraws with, without;
        simulateTranscoding(p, nullptr, &with);
        simulateTranscoding(q, nullptr, &without);
        auto key = [](const TranscodingDraws::Upload &u) {
            return std::pair{u.minute, u.videoMinutes};
        };
        std::set<std::pair<double, double>> a, b;
        for (const auto &u : with.uploads)
            a.insert(key(u));
        for (const auto &u : without.uploads)
            b.insert(key(u));
        const double from = startHour * 60, to = (startHour + 3) * 60;
        for (const auto &u : b) { // the day's own: all kept, but those a lull thinned
            if (u.first < from || u.first >= to || multiplier > 1)
                QVERIFY2(a.count(u), qPrintable(QString::number(u.first)));
        }
        for (const auto &u : a) { // and nothing new outside the burst
            if (u.first < from || u.first >= to)
                QVERIFY2(b.count(u), qPrintable(QString::number(u.first)));
        }
        if (startHour >= p.hours)
            QCOMPARE(a, b);
        else if (multiplier > 1)
            QVERIFY(a.size() > b.size());
        else
            QVERIFY(a.size() < b.size());
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

    void everyJobIsDrawnOrCounted_data()
    {
        QTest::addColumn<int>("queue");
        QTest::addColumn<int>("held");
        QTest::addColumn<int>("away");
        QTest::addColumn<QSizeF>("size");
        QTest::newRow("few") << 3 << 2 << 1 << QSizeF(600, 220);
        QTest::newRow("hoarding") << 0 << 40 << 0 << QSizeF(600, 220);
        QTest::newRow("crowded, small") << 500 << 100 << 300 << QSizeF(300, 150);
    }

    void everyJobIsDrawnOrCounted()
    {
        QFETCH(int, queue);
        QFETCH(int, held);
        QFETCH(int, away);
        QFETCH(QSizeF, size);
        PoolFrame frame;
        frame.queue = queue;
        frame.outsourced = away;
        for (int i = 0; i < 4; ++i)
            frame.machines.push_back({i, PoolFrame::Machine::State::Running, 2, held});
        const PoolLayout layout = PoolLayout::of(frame, size, 2, true);
        QCOMPARE(int(layout.queueCells.size()) + layout.hiddenQueue, queue);
        QCOMPARE(int(layout.serviceCells.size()) + layout.hiddenService, away);
        for (std::size_t i = 0; i < layout.machines.size(); ++i) {
            QCOMPARE(int(layout.reservedCells[i].size()) + layout.hiddenReserved[i], held);
            for (const QRectF &cell : layout.reservedCells[i]) {
                QVERIFY(layout.machines[i].contains(cell));
                for (const QRectF &slot : layout.slotCells[i])
                    QVERIFY(!cell.intersects(slot)); // held jobs never sit on a slot
            }
        }
        for (const QRectF &cell : layout.serviceCells)
            QVERIFY(layout.serviceArea.contains(cell));
        QVERIFY(!layout.serviceArea.intersects(layout.queueArea));
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

    void aClickerStepsThePlaybackByThePeriod_data()
    {
        QTest::addColumn<double>("period");
        QTest::addColumn<std::vector<std::size_t>>("stops");
        // Frames every 5 minutes from 0 to 120: a press lands on the last frame at or before each
        // period's minute, and the last press on the day's end.
        QTest::newRow("an hour") << 60.0 << std::vector<std::size_t>{12, 24};
        QTest::newRow("half an hour") << 30.0 << std::vector<std::size_t>{6, 12, 18, 24};
        QTest::newRow("seven minutes")
            << 7.0
            << std::vector<std::size_t>{
                   1, 2, 4, 5, 7, 8, 9, 11, 12, 14, 15, 16, 18, 19, 21, 22, 23, 24};
        QTest::newRow("longer than the day") << 600.0 << std::vector<std::size_t>{24};
    }
    void aClickerStepsThePlaybackByThePeriod()
    {
        QFETCH(double, period);
        QFETCH(std::vector<std::size_t>, stops);
        std::vector<PoolFrame> frames(25);
        for (int i = 0; i < 25; ++i)
            frames[std::size_t(i)].minute = i * 5.0;
        QCOMPARE(playbackStops(frames, period), stops);
        QVERIFY(playbackStops({}, 60).empty());
    }

    void theStepPeriodIsReadWithItsUnit_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("minutes"); // 0: refused
        QTest::newRow("minutes") << "30m" << 30.0;
        QTest::newRow("hours") << "2h" << 120.0;
        QTest::newRow("a fraction of an hour") << "0.5h" << 30.0;
        QTest::newRow("a day") << "24h" << 1440.0;
        QTest::newRow("no unit") << "30" << 0.0;
        QTest::newRow("too short") << "0.5m" << 0.0;
        QTest::newRow("too long") << "25h" << 0.0;
        QTest::newRow("words") << "hourly" << 0.0;
    }
    void theStepPeriodIsReadWithItsUnit()
    {
        QFETCH(QString, text);
        QFETCH(double, minutes);
        QString error;
        const std::optional<double> read = parseStepPeriod(text, &error);
        QCOMPARE(read.value_or(0.0), minutes);
        QCOMPARE(error.isEmpty(), minutes > 0);
        if (minutes == 0)
            QVERIFY2(error.contains(QStringLiteral("30m")), qPrintable(error));
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
            << QStringLiteral("24 numbers");
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
