// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// "Run it for real" in Startup Sim: beside Run, refused with a tooltip that says why for a model
// without a real run (M/M/c); a real answer is drawn
// model beside real on the same axes, with the comparison's table and exactly its sentences, and
// its day plays back from the real run's frames.

#include <kit/appearance.h>
#include <startup/narration.h>
#include <startup/poolanimation.h>
#include <startup/poolanimationview.h>
#include <startup/realcomparison.h>
#include <startup/realrun.h>
#include <startup/realrunpanel.h>
#include <startup/startupview.h>

#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QTest>

#include <qcustomplot.h>

using namespace Startup;

namespace {

/** An answer as Real::run gives it, for the model and a real run that differ. */
QJsonObject answer()
{
    auto result = [](double p50, double p95, double utilization, double hoarded) {
        return QJsonObject{{QStringLiteral("model"), QStringLiteral("transcoding")},
                           {QStringLiteral("arrived"), 100},
                           {QStringLiteral("completed"), 99},
                           {QStringLiteral("utilization"), utilization},
                           {QStringLiteral("hoarded_jobs"), hoarded},
                           {QStringLiteral("workers_started"), 4},
                           {QStringLiteral("turnaround_minutes"),
                            QJsonObject{{QStringLiteral("p50"), p50},
                                        {QStringLiteral("p95"), p95},
                                        {QStringLiteral("p99"), p95 + 5}}}};
    };
    QJsonObject real = result(11, 33, 0.65, 1.2);
    PoolFrame frame;
    frame.minute = 60;
    frame.machines.push_back({0, PoolFrame::Machine::State::Running, 2, 3});
    real.insert(QStringLiteral("frames"), framesToJson({frame, frame}));
    real.insert(QStringLiteral("slots_per_instance"), 2);
    QJsonObject a{{QStringLiteral("model"), result(10, 30, 0.6, 1.5)},
                  {QStringLiteral("real"), real},
                  {QStringLiteral("time_scale"), 960.0},
                  {QStringLiteral("wall_ms"), 95000.0},
                  {QStringLiteral("input"), QJsonObject{}}};
    QJsonObject comparison = Real::compare(a);
    a.insert(QStringLiteral("comparison"), comparison);
    comparison.insert(QStringLiteral("summary"), Narration::toJson(Real::sentences(a)));
    a.insert(QStringLiteral("comparison"), comparison);
    return a;
}

/** A feed answer: the model over the same posts beside the real run, which was slower. */
QJsonObject feedAnswer()
{
    auto result = [](double p50, double p95, double requests, double missed) {
        QJsonArray percentiles;
        for (int q = 0; q <= 100; ++q)
            percentiles.append(p50 + (p95 - p50) * q / 100.0);
        return QJsonObject{
            {QStringLiteral("model"), QStringLiteral("feed")},
            {QStringLiteral("posts"), 20},
            {QStringLiteral("delivered"), 400},
            {QStringLiteral("missed_events"), missed},
            {QStringLiteral("requests_per_second"), requests},
            {QStringLiteral("open_connections"), 600},
            {QStringLiteral("latency_percentiles"), percentiles},
            {QStringLiteral("latency_seconds"),
             QJsonObject{{QStringLiteral("p50"), p50}, {QStringLiteral("p95"), p95}}}};
    };
    QJsonObject real = result(0.066, 0.08, 12, 57);
    real.insert(QStringLiteral("clients"), 600);
    real.insert(QStringLiteral("post_minutes"), 1);
    real.insert(QStringLiteral("bulk_writes"), 3);
    QJsonObject a{{QStringLiteral("model"), result(0.05, 0.05, 14, 57)},
                  {QStringLiteral("model_same_posts"), result(0.05, 0.05, 14, 57)},
                  {QStringLiteral("real"), real},
                  {QStringLiteral("time_scale"), 1.0},
                  {QStringLiteral("wall_ms"), 64000.0},
                  {QStringLiteral("input"),
                   QJsonObject{{QStringLiteral("delivery"), QStringLiteral("long_polling")},
                               {QStringLiteral("capture"), QStringLiteral("signal")}}}};
    QJsonObject comparison = Real::compare(a);
    a.insert(QStringLiteral("comparison"), comparison);
    comparison.insert(QStringLiteral("summary"), Narration::toJson(Real::sentences(a)));
    a.insert(QStringLiteral("comparison"), comparison);
    return a;
}

} // namespace

class TestRealRunPanel : public QObject
{
    Q_OBJECT

private slots:
    void theButtonSaysWhyItCannotRun()
    {
        QTemporaryDir data;
        StartupView view(data.path());
        auto *button = view.findChild<QPushButton *>(QStringLiteral("startup.realRunButton"));
        QVERIFY(button);
        QCOMPARE(
            button->parentWidget(),
            view.findChild<QPushButton *>(QStringLiteral("startup.runButton"))->parentWidget());
        view.selectModel(QStringLiteral("mmc"));
        QVERIFY(!button->isEnabled());
        for (const QString &model :
             {QStringLiteral("transcoding"), QStringLiteral("feed"), QStringLiteral("orm")}) {
            view.selectModel(model);
            const QStringList missing = Real::missingPackages(Real::packagesFor(model));
            QCOMPARE(button->isEnabled(), missing.isEmpty());
            for (const QString &package : missing)
                QVERIFY(button->toolTip().contains(package));
        }
    }

    void anAnswerIsDrawnBesideTheModel()
    {
        RealRunPanel panel([] { return QJsonObject{}; }, QString());
        panel.resize(1000, 900);
        const QJsonObject a = answer();
        panel.showAnswer(a);
        auto *plot = panel.findChild<QCustomPlot *>(QStringLiteral("startup.realTurnaround"));
        QVERIFY(plot);
        QCOMPARE(plot->plottableCount(), 2); // model and real, on the same axes
        auto *real = qobject_cast<QCPBars *>(plot->plottable(1));
        QVERIFY(real);
        QCOMPARE(real->data()->size(), 3);
        QCOMPARE(real->data()->at(1)->value, 33.0); // the real p95
        auto *pool = panel.findChild<QCustomPlot *>(QStringLiteral("startup.realPool"));
        QCOMPARE(qobject_cast<QCPBars *>(pool->plottable(0))->data()->at(0)->value, 60.0);
        // Hoarding is a count, not a share: its own plot, its own axis.
        QCOMPARE(qobject_cast<QCPBars *>(pool->plottable(0))->data()->size(), 1);
        auto *hoarding = panel.findChild<QCustomPlot *>(QStringLiteral("startup.realHoarding"));
        QVERIFY(hoarding);
        QCOMPARE(hoarding->plottableCount(), 2);
        QCOMPARE(qobject_cast<QCPBars *>(hoarding->plottable(1))->data()->at(0)->value,
                 a.value(QStringLiteral("real"))
                     .toObject()
                     .value(QStringLiteral("hoarded_jobs"))
                     .toDouble());
        const QString said
            = panel.findChild<QLabel *>(QStringLiteral("startup.realSentences"))->text();
        QCOMPARE(said,
                 Narration::lines(Narration::fromJson(a.value(QStringLiteral("comparison"))
                                                          .toObject()
                                                          .value(QStringLiteral("summary"))
                                                          .toArray())));
        // Read as words: a number and its unit are joined by a no-break space on the screen.
        QVERIFY(QString(said)
                    .replace(QChar(0x00a0), QLatin1Char(' '))
                    .contains(QLatin1String("within the 25.0 %")));
        // The real day plays back from its frames: a busy worker holding three.
        auto *playback
            = panel.findChild<PoolAnimationView *>(QStringLiteral("startup.realPlayback"));
        QCOMPARE(playback->frameCount(), std::size_t(2));
        QCOMPARE(playback->frames().front().machines.front().reserved, 3);
        QVERIFY(panel.findChild<QPushButton *>(QStringLiteral("startup.realPlay"))->isEnabled());
        auto *table = panel.findChild<QTableWidget *>(QStringLiteral("startup.realTable"));
        QCOMPARE(table->rowCount(),
                 a.value(QStringLiteral("comparison"))
                     .toObject()
                     .value(QStringLiteral("metrics"))
                     .toArray()
                     .size());
    }

    void aFeedAnswerIsDrawnBesideTheModel()
    {
        RealRunPanel panel([] { return QJsonObject{}; }, QString());
        panel.resize(1000, 900);
        panel.showAnswer(answer()); // a transcoding answer first: the feed's replaces it whole
        const QJsonObject a = feedAnswer();
        panel.showAnswer(a);
        // The latency as curves: the share delivered within each time, model and real.
        auto *latency = panel.findChild<QCustomPlot *>(QStringLiteral("startup.realTurnaround"));
        QCOMPARE(latency->graphCount(), 2);
        QCOMPARE(latency->plottableCount(), 2);
        QCOMPARE(latency->graph(1)->data()->size(), 101);
        QCOMPARE(latency->graph(1)->data()->at(50)->key, 0.073);
        QCOMPARE(latency->graph(0)->data()->at(50)->key, 0.05);
        auto *requests = panel.findChild<QCustomPlot *>(QStringLiteral("startup.realPool"));
        QCOMPARE(qobject_cast<QCPBars *>(requests->plottable(1))->data()->at(0)->value, 12.0);
        auto *notifications
            = panel.findChild<QCustomPlot *>(QStringLiteral("startup.realHoarding"));
        QCOMPARE(qobject_cast<QCPBars *>(notifications->plottable(1))->data()->size(), 2);
        // No real day to play: the playback is not offered.
        QVERIFY(panel.findChild<QPushButton *>(QStringLiteral("startup.realPlay"))->isHidden());
        // Read as words (on the screen a no-break space joins a number to its unit).
        const QString said = panel.findChild<QLabel *>(QStringLiteral("startup.realSentences"))
                                 ->text()
                                 .replace(QChar(0x00a0), QLatin1Char(' '));
        QVERIFY2(said.contains(QLatin1String("Median delivery latency: model 0.050 s, real "
                                             "0.066 s")),
                 qPrintable(said));
        QVERIFY(said.contains(QLatin1String("bulk_create")));
    }

    void thePageFitsANarrowWindowAtTwiceTheText()
    {
        // At 200 % on 1280x800 the page is some 700 px wide: nothing in it may ask for more,
        // or its sentences and table are cut at the right.
        Kit::Appearance::instance()->setFontScale(2);
        RealRunPanel panel([] { return QJsonObject{}; }, QString());
        // The ORM's sentences quote Django code: long words with no space in them.
        const QString code = QStringLiteral("Video.objects.select_related('user').annotate("
                                            "count=Count('comments')).order_by('-created')[:50]");
        const QJsonObject way{{QStringLiteral("strategy"), QStringLiteral("orm-join")},
                              {QStringLiteral("name"), QStringLiteral("the ORM's JOIN")},
                              {QStringLiteral("code"), code},
                              {QStringLiteral("queries"), 1},
                              {QStringLiteral("ms"), 200.0}};
        QJsonObject orm{{QStringLiteral("model"),
                         QJsonObject{{QStringLiteral("model"), QStringLiteral("orm")},
                                     {QStringLiteral("strategies"), QJsonArray{way}}}},
                        {QStringLiteral("real"),
                         QJsonObject{{QStringLiteral("model"), QStringLiteral("orm")},
                                     {QStringLiteral("page_size"), 50},
                                     {QStringLiteral("same_page_as_lab"), true},
                                     {QStringLiteral("strategies"), QJsonArray{way}}}}};
        QJsonObject comparison = Real::compare(orm);
        orm.insert(QStringLiteral("comparison"), comparison);
        comparison.insert(QStringLiteral("summary"), Narration::toJson(Real::sentences(orm)));
        orm.insert(QStringLiteral("comparison"), comparison);
        panel.showAnswer(orm);
        panel.resize(700, 2000);
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("startup.realSentences"))
                    ->text()
                    .remove(QChar(0x200B))
                    .contains(code));
        QStringList wide;
        for (QWidget *child : panel.findChildren<QWidget *>()) {
            if (child->isVisibleTo(&panel) && child->parentWidget() == &panel
                && child->minimumSizeHint().width() > 680)
                wide.append(QStringLiteral("%1 %2 (%3)")
                                .arg(QString::fromLatin1(child->metaObject()->className()),
                                     child->objectName())
                                .arg(child->minimumSizeHint().width()));
        }
        Kit::Appearance::instance()->setFontScale(1);
        QVERIFY2(wide.isEmpty(), qPrintable(wide.join(QStringLiteral(", "))));
        QVERIFY(panel.minimumSizeHint().width() <= 700);
    }
};

QTEST_MAIN(TestRealRunPanel)
#include "tst_realrunpanel.moc"
