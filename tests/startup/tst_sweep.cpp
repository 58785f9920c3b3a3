// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The sweep engine: a spec read from the command line, the points and their intervals, the same
// seeds at every point, what-ifs paired with their point, the scenario made fit to sweep, a stop.

#include <startup/counterfactual.h>
#include <startup/narration.h>
#include <startup/rules.h>
#include <startup/sweep.h>

#include <kit/jsonio.h>

#include <QJsonArray>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <thread>

using namespace Kit;
using namespace Startup;

namespace {

QJsonObject example(const char *model)
{
    QString error;
    return *JsonIo::readObjectFile(
        QStringLiteral(CURTAIN_SOURCE_DIR "/resources/scenarios/%1.json").arg(QLatin1String(model)),
        &error);
}

/** The transcoding example, shorter: a quick day. */
QJsonObject quickDay()
{
    QJsonObject s = example("transcoding");
    s.insert(QStringLiteral("hours"), 8);
    return s;
}

std::vector<double> values(const QJsonObject &scenario, const QString &metric, int replications)
{
    Simulation::Request request;
    request.scenario = scenario;
    request.source = QStringLiteral("test");
    request.replications = replications;
    Counterfactual::Values v;
    QString error;
    Simulation::run(request, Counterfactual::collecting({}, {metric}, &v), &error);
    return v[metric];
}

double mean(const std::vector<double> &v)
{
    double sum = 0;
    for (const double x : v)
        sum += x;
    return sum / double(v.size());
}

} // namespace

class TestSweep : public QObject
{
    Q_OBJECT

private slots:
    void aSpecIsReadFromTheCommandLine()
    {
        Sweep::Spec spec = Sweep::defaults(QStringLiteral("transcoding"));
        QString error;
        QVERIFY(Sweep::parse(QStringLiteral("arrivals.uploads_per_hour=10:80.5:5"), &spec, &error));
        QCOMPARE(spec.parameter, QStringLiteral("arrivals.uploads_per_hour"));
        QCOMPARE(spec.from, 10.0);
        QCOMPARE(spec.to, 80.5);
        QCOMPARE(spec.points, 5);
        QCOMPARE(spec.metric, QStringLiteral("turnaround_minutes.p95")); // left as it was
        QVERIFY(!Sweep::parse(QStringLiteral("x=1:2"), &spec, &error));
        QVERIFY(error.contains(QStringLiteral("FROM:TO:POINTS")));
    }

    void wholeFieldsTakeWholeSteps()
    {
        const Sweep::Spec spec{QStringLiteral("pool.instances"), 1, 8, 5, QString(), 2};
        QCOMPARE(Sweep::xs(example("transcoding"), spec), (QList<double>{1, 3, 5, 6, 8}));
        const Sweep::Spec rate{
            QStringLiteral("arrivals.uploads_per_hour"), 10, 20, 3, QString(), 2};
        QCOMPARE(Sweep::xs(example("transcoding"), rate), (QList<double>{10, 15, 20}));
    }

    void aPointIsTheNumberAsWritten_data()
    {
        QTest::addColumn<double>("from");
        QTest::addColumn<double>("to");
        QTest::addColumn<int>("points");
        QTest::newRow("0 to 3 in 12") << 0.0 << 3.0 << 12;
        QTest::newRow("0.5 to 0.99 in 7") << 0.5 << 0.99 << 7;
        QTest::newRow("1 to 2 in 100") << 1.0 << 2.0 << 100;
        QTest::newRow("0 to 5 in 3") << 0.0 << 5.0 << 3;
    }

    // Points between the ends are rounded to a hundredth of a step, so the value run, plotted
    // and quoted is the number written ("1.636", not 1.63636...), and the steps stay even.
    void aPointIsTheNumberAsWritten()
    {
        QFETCH(double, from);
        QFETCH(double, to);
        QFETCH(int, points);
        const Sweep::Spec spec{QStringLiteral("videos.sigma"), from, to, points, QString(), 2};
        const QList<double> xs = Sweep::xs(example("transcoding"), spec);
        QCOMPARE(xs.size(), points);
        QCOMPARE(xs.first(), from);
        QCOMPARE(xs.last(), to);
        const double step = (to - from) / (points - 1);
        for (qsizetype i = 0; i < xs.size(); ++i) {
            QCOMPARE(Narration::formatInput(xs.at(i)).toDouble(), xs.at(i));
            QVERIFY(std::abs(xs.at(i) - (from + step * double(i))) <= step / 100);
        }
    }

    void theScenarioIsMadeFitToSweep()
    {
        const QJsonObject transcoding = example("transcoding");
        const Sweep::Prepared machines
            = Sweep::prepare(transcoding, Sweep::defaults(QStringLiteral("transcoding")));
        QCOMPARE(machines.changes, QStringList{QStringLiteral("autoscale-off")});
        QVERIFY(JsonIo::valueAt(machines.scenario, QStringLiteral("pool.autoscale")).isUndefined());
        Sweep::Spec other = Sweep::defaults(QStringLiteral("transcoding"));
        other.parameter = QStringLiteral("pool.speed");
        QVERIFY(Sweep::prepare(transcoding, other).changes.isEmpty());
        const Sweep::Prepared feed
            = Sweep::prepare(example("feed"), Sweep::defaults(QStringLiteral("feed")));
        QCOMPARE(feed.changes, QStringList{QStringLiteral("polling")});
        QCOMPARE(feed.scenario.value(QStringLiteral("delivery")).toString(),
                 QStringLiteral("polling"));
    }

    void pointsCarryTheirIntervalsAndTheWhatIfsArePaired()
    {
        const Sweep::Spec spec{
            QStringLiteral("pool.instances"), 1, 4, 4, QStringLiteral("sla_share"), 3};
        const QJsonObject result = Sweep::run(quickDay(), spec, {});
        const QJsonArray points = result.value(QStringLiteral("points")).toArray();
        QCOMPARE(points.size(), 4);
        QJsonObject fixedPool = quickDay();
        JsonIo::removePath(fixedPool, QStringLiteral("pool.autoscale"));
        for (int i = 0; i < points.size(); ++i) {
            const QJsonObject p = points.at(i).toObject();
            const double m = p.value(QStringLiteral("mean")).toDouble();
            const double half = p.value(QStringLiteral("half_width")).toDouble();
            QCOMPARE(p.value(QStringLiteral("low")).toDouble(), std::max(0.0, m - half));
            QCOMPARE(p.value(QStringLiteral("high")).toDouble(), std::min(1.0, m + half));
            // The point is the scenario at x with the scenario's own seeds.
            QJsonObject at = fixedPool;
            JsonIo::setPath(at, spec.parameter, i + 1);
            QCOMPARE(m, mean(values(at, spec.metric, 3)));
        }
        // A what-if at the last point: its scenario without the suspect, the same seeds.
        const QJsonObject last
            = result.value(QStringLiteral("breakdowns")).toArray().last().toObject();
        QCOMPARE(last.value(QStringLiteral("x")).toDouble(), 4.0);
        QJsonObject at = fixedPool;
        JsonIo::setPath(at, spec.parameter, 4);
        const QJsonArray rows = last.value(QStringLiteral("rows")).toArray();
        QCOMPARE(rows.first()
                     .toObject()
                     .value(QStringLiteral("measures"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("mean"))
                     .toDouble(),
                 points.last().toObject().value(QStringLiteral("mean")).toDouble());
        const QList<Counterfactual::Suspect> suspects = Counterfactual::suspects(at);
        QCOMPARE(rows.size(), suspects.size() + 1);
        for (qsizetype i = 0; i < suspects.size(); ++i) {
            const QJsonObject row = rows.at(i + 1).toObject();
            QCOMPARE(row.value(QStringLiteral("id")).toString(), suspects.at(i).id);
            QCOMPARE(row.value(QStringLiteral("measures"))
                         .toArray()
                         .first()
                         .toObject()
                         .value(QStringLiteral("mean"))
                         .toDouble(),
                     mean(values(suspects.at(i).scenario, spec.metric, 3)));
        }
    }

    void theQueueIsSampledAfterEachPointsOwnWarmup()
    {
        // Sweeping the warm-up itself: each point's queue shares are of the samples after that
        // point's warm-up (issue 20: they were after the scenario's, the same at every point).
        const Sweep::Spec spec{
            QStringLiteral("warmup_hours"), 0, 7.99, 3, QStringLiteral("mean_queue_length"), 3};
        const QJsonArray points
            = Sweep::run(quickDay(), spec, {}).value(QStringLiteral("points")).toArray();
        QCOMPARE(points.size(), 3);
        for (const QJsonValue v : points) {
            const QJsonObject p = v.toObject();
            const double warmup = p.value(QStringLiteral("x")).toDouble();
            QJsonObject at = Sweep::prepare(quickDay(), spec).scenario;
            at.insert(QStringLiteral("warmup_hours"), warmup);
            Simulation::Request request;
            request.scenario = at;
            request.source = QStringLiteral("test");
            request.replications = 3;
            Simulation::Control control;
            double samples = 0, empty = 0;
            control.replication = [&](int, const QJsonObject &one) {
                const Rules::QueueFacts facts = Rules::queueFacts(one, warmup * 60);
                samples += facts.samples;
                empty += facts.empty;
            };
            QString error;
            Simulation::run(request, control, &error);
            QVERIFY2(samples > 0, qPrintable(error));
            QCOMPARE(p.value(QStringLiteral("queue_empty_share")).toDouble(), empty / samples);
            // The warm-up the point's turnaround and share leave out, for the sentences.
            if (warmup > 0)
                QCOMPARE(p.value(QStringLiteral("warmup_hours")).toDouble(), warmup);
            else
                QVERIFY(!p.contains(QStringLiteral("warmup_hours")));
        }
    }

    void theSuspectsAreThoseTheScenarioHas()
    {
        QStringList ids;
        for (const Counterfactual::Suspect &s : Counterfactual::suspects(example("transcoding")))
            ids.append(s.id);
        QCOMPARE(ids,
                 (QStringList{QStringLiteral("hoarding"),
                              QStringLiteral("machines"),
                              QStringLiteral("burst"),
                              QStringLiteral("videos"),
                              QStringLiteral("crashes")}));
        QJsonObject calm = example("transcoding");
        JsonIo::setPath(calm, QStringLiteral("broker.prefetch_multiplier"), 1);
        JsonIo::removePath(calm, QStringLiteral("arrivals.burst"));
        JsonIo::setPath(calm, QStringLiteral("pool.crashes_per_instance_hour"), 0);
        ids.clear();
        for (const Counterfactual::Suspect &s : Counterfactual::suspects(calm))
            ids.append(s.id);
        QCOMPARE(ids, (QStringList{QStringLiteral("machines"), QStringLiteral("videos")}));
        // A burst that starts after the run ends never happens: not a suspect.
        QJsonObject shortDay = example("transcoding");
        JsonIo::setPath(shortDay, QStringLiteral("hours"), 6);
        ids.clear();
        for (const Counterfactual::Suspect &s : Counterfactual::suspects(shortDay))
            ids.append(s.id);
        QVERIFY(!ids.contains(QStringLiteral("burst")));
        QCOMPARE(Counterfactual::suspects(example("feed")).size(), 1);
        QVERIFY(Counterfactual::suspects(example("mmc")).isEmpty());
    }

    void aStopEndsTheSweepWithThePointsSoFar()
    {
        std::atomic<bool> stop(false);
        Simulation::Control control;
        control.stop = &stop;
        int partials = 0;
        control.partial = [&](const QJsonObject &) {
            if (++partials == 2)
                stop = true;
        };
        const QJsonObject result
            = Sweep::run(quickDay(), Sweep::defaults(QStringLiteral("transcoding")), control);
        QVERIFY(result.value(QStringLiteral("stopped")).toBool());
        QCOMPARE(result.value(QStringLiteral("points")).toArray().size(), 2);
        QVERIFY(result.value(QStringLiteral("breakdowns")).toArray().isEmpty());
    }

    void pointsRunOnEveryCoreAreReportedInOrder()
    {
        // The points run in parallel; the caller hears of them in the points' order, each
        // partial result the one before it and one more point, progress rising, on its own thread.
        const Sweep::Spec spec{
            QStringLiteral("pool.instances"), 1, 6, 6, QStringLiteral("sla_share"), 2};
        Simulation::Control control;
        QList<QJsonArray> partials;
        QList<double> progress;
        const std::thread::id caller = std::this_thread::get_id();
        bool elsewhere = false;
        control.partial = [&](const QJsonObject &partial) {
            elsewhere = elsewhere || std::this_thread::get_id() != caller;
            partials.append(partial.value(QStringLiteral("points")).toArray());
        };
        control.progress = [&](double f) {
            elsewhere = elsewhere || std::this_thread::get_id() != caller;
            progress.append(f);
        };
        const QJsonArray points
            = Sweep::run(quickDay(), spec, control).value(QStringLiteral("points")).toArray();
        QCOMPARE(points.size(), 6);
        QVERIFY(!elsewhere);
        QCOMPARE(partials.size(), 6);
        for (int i = 0; i < partials.size(); ++i) {
            QCOMPARE(partials.at(i).size(), i + 1);
            QCOMPARE(partials.at(i).last(), points.at(i));
        }
        QVERIFY(std::is_sorted(progress.begin(), progress.end()));
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"
