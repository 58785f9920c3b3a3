// Scheduler Lab's view offscreen: run, stop, replay stepping, compare.
#include <replayscene.h>
#include <schedulerview.h>
#include <timelineview.h>

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>

#include <qcustomplot.h>

class TestSchedulerView : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SchedulerView> m_view;

    void setModels(const QStringList &models)
    {
        for (QCheckBox *check : m_view->findChildren<QCheckBox *>()) {
            if (check->objectName().startsWith(QLatin1String("scheduler.model.")))
                check->setChecked(models.contains(check->text()));
        }
    }

private slots:
    void init()
    {
        m_view = std::make_unique<SchedulerView>(QStringLiteral(CURTAIN_WORKER));
        m_view->resize(1200, 700);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }
    void cleanup() { m_view.reset(); }

    void runFillsTheTimelineAndTheTable()
    {
        setModels({QStringLiteral("gil"), QStringLiteral("processes")});
        m_view->findChild<QSpinBox *>(QStringLiteral("scheduler.workers"))->setValue(2);
        QSignalSpy done(m_view.get(), &SchedulerView::batchDone);
        m_view->run();
        QVERIFY(m_view->isRunning());
        QVERIFY(done.wait(30000));
        QCOMPARE(m_view->results().size(), std::size_t(2));
        auto *runs = m_view->findChild<QTableWidget *>(QStringLiteral("scheduler.runs"));
        QCOMPARE(runs->rowCount(), 2);
        QCOMPARE(runs->item(0, 0)->text(), QStringLiteral("gil"));
        QCOMPARE(m_view->timelineView()->timeline().lanes, 2);
        QVERIFY(!m_view->timelineView()->timeline().segments.empty());

        // Replay: moving through the run changes what the narration says.
        runs->setCurrentCell(0, 0); // the gil run
        QVERIFY(!m_view->timelineView()->timeline().gilSegments.empty());
        m_view->seekReplay(0.5);
        const QString middle = m_view->narration();
        QVERIFY(middle.contains(QStringLiteral("ms:")));
        QVERIFY(middle.contains(QStringLiteral("GIL")));
        // The scene puts the GIL holder on a core, as the timeline's GIL lane says.
        const Timeline &shown = m_view->timelineView()->timeline();
        const std::int64_t at = m_view->timelineView()->playhead();
        for (const Segment &s : shown.gilSegments) {
            if (at >= s.start && at < s.end)
                QCOMPARE(m_view->replayScene()->frame().gilHolder, s.lane);
        }
        m_view->seekReplay(1.0);
        QVERIFY(m_view->narration() != middle);
        // Hovering a lane names the state.
        TimelineView *timeline = m_view->timelineView();
        const QString hover = timeline->describeAt(
            QPoint(int(timeline->axis().x(timeline->timeline().start + 1000000)),
                   timeline->fontMetrics().height() * 3 / 2));
        QVERIFY2(hover.contains(QStringLiteral("ms")), qPrintable(hover));
    }

    void stopAnswersQuickly()
    {
        setModels({QStringLiteral("threads")});
        m_view->findChild<QSpinBox *>(QStringLiteral("scheduler.workers"))->setValue(2);
        auto *tasks = m_view->findChildren<QSpinBox *>().at(1);
        tasks->setValue(1000);
        QSignalSpy done(m_view.get(), &SchedulerView::batchDone);
        m_view->run();
        QTest::qWait(150);
        QElapsedTimer clock;
        clock.start();
        m_view->stop();
        QVERIFY(done.wait(5000));
        QVERIFY2(clock.elapsed() < 500,
                 qPrintable(QString::number(clock.elapsed()))); // 200 ms promised, room for CI
        QVERIFY(!m_view->isRunning());
    }

    void compareChartsSpeedupPerModel()
    {
        setModels({QStringLiteral("threads"), QStringLiteral("gil")});
        m_view->findChild<QSpinBox *>(QStringLiteral("scheduler.workers"))->setValue(2);
        m_view->findChildren<QSpinBox *>().at(1)->setValue(4);
        QSignalSpy done(m_view.get(), &SchedulerView::batchDone);
        m_view->compare();
        QVERIFY(done.wait(30000));
        auto *plot = m_view->findChild<QCustomPlot *>(QStringLiteral("scheduler.comparePlot"));
        QCOMPARE(plot->graphCount(), 2);
        QCOMPARE(plot->graph(0)->dataCount(), 2);            // 1 and 2 workers
        QCOMPARE(plot->graph(0)->data()->at(0)->value, 1.0); // one worker is the baseline
        if (qEnvironmentVariableIsSet("CURTAIN_SCREENSHOT_DIR")) {
            const QString dir = qEnvironmentVariable("CURTAIN_SCREENSHOT_DIR");
            m_view->grab().save(dir + QStringLiteral("/scheduler-compare.png"));
            m_view->findChild<QTabWidget *>()->setCurrentIndex(0);
            m_view->seekReplay(0.4);
            m_view->grab().save(dir + QStringLiteral("/scheduler.png"));
        }
    }

    void impossibleSettingsAreExplained()
    {
        setModels({QStringLiteral("processes")});
        auto *workload = m_view->findChild<QComboBox *>(QStringLiteral("scheduler.workload"));
        workload->setCurrentText(QStringLiteral("pipeline"));
        m_view->run();
        QVERIFY(!m_view->isRunning());
        QVERIFY(m_view->findChild<QLabel *>(QStringLiteral("scheduler.live"))
                    ->text()
                    .contains(QStringLiteral("pipeline")));
    }
};

QTEST_MAIN(TestSchedulerView)
#include "tst_schedulerview.moc"
