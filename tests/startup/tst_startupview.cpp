// Startup Sim's view offscreen: each scenario runs and fills its results; scenarios save and
// load; a bad file changes nothing.
#include <poolanimationview.h>
#include <scenarioform.h>
#include <startupview.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <qcustomplot.h>

class TestStartupView : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<StartupView> m_view;

    bool runAndWait()
    {
        QSignalSpy done(m_view.get(), &StartupView::finished);
        m_view->run();
        return done.wait(60000);
    }

    void shot(const char *name)
    {
        if (qEnvironmentVariableIsSet("CURTAIN_SCREENSHOT_DIR"))
            m_view->grab().save(qEnvironmentVariable("CURTAIN_SCREENSHOT_DIR") + QLatin1Char('/')
                                + QLatin1String(name) + QStringLiteral(".png"));
    }

private slots:
    void init()
    {
        m_view = std::make_unique<StartupView>(m_dir.filePath(QStringLiteral("orm.sqlite")));
        m_view->resize(1200, 760);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }
    void cleanup() { m_view.reset(); }

    void mmcSitsBesideTheTheory()
    {
        m_view->selectScenario(0);
        static_cast<QSpinBox *>(m_view->currentForm()->editor(QStringLiteral("jobs")))
            ->setValue(20000);
        QVERIFY(runAndWait());
        auto *table = m_view->findChild<QTableWidget *>(QStringLiteral("startup.mmcTable"));
        QCOMPARE(table->item(0, 0)->text(), QStringLiteral("mean wait in queue"));
        const double simulated = table->item(3, 1)->text().toDouble(); // utilisation
        const double theory = table->item(3, 3)->text().toDouble();
        QVERIFY(std::abs(simulated - theory) < 0.05);
        QCOMPARE(m_view->lastResult().value(QStringLiteral("replications")).toInt(), 10);
        shot("startup-mmc");
    }

    void transcodingDrawsItsCharts()
    {
        m_view->selectScenario(1);
        QVERIFY(runAndWait());
        auto *overTime = m_view->findChild<QCustomPlot *>(QStringLiteral("startup.overTime"));
        QCOMPARE(overTime->graphCount(), 2);
        QVERIFY(overTime->graph(0)->dataCount() > 100);
        auto *animation
            = m_view->findChild<PoolAnimationView *>(QStringLiteral("startup.animation"));
        QVERIFY(animation->frameCount() > 100);
        animation->setSpeed(240);
        animation->play();
        QTRY_VERIFY_WITH_TIMEOUT(animation->currentFrame() > 2, 5000);
        animation->pause();
        animation->showFrame(150);
        auto *summary = m_view->findChild<QLabel *>(QStringLiteral("startup.transcodingSummary"));
        QVERIFY(summary->text().contains(QStringLiteral("met the promise")));
        shot("startup-transcoding");
    }

    void feedComparesDeliveries()
    {
        m_view->selectScenario(2);
        QVERIFY(runAndWait());
        auto *table = m_view->findChild<QTableWidget *>(QStringLiteral("startup.feedTable"));
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->item(0, 0)->text(), QStringLiteral("polling"));
        QVERIFY(table->item(0, 5)->text().toDouble() > 0); // signals miss bulk writes
        const QStringList csv = m_view->resultsCsv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(csv.size(), 4);
        QVERIFY(csv.first().startsWith(QStringLiteral("delivery,")));
        QVERIFY(csv.at(1).startsWith(QStringLiteral("polling,")));
    }

    void ormShowsTheThreeWaysAndTheLog()
    {
        m_view->selectScenario(3);
        QVERIFY(runAndWait());
        auto *table = m_view->findChild<QTableWidget *>(QStringLiteral("startup.ormTable"));
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->item(0, 2)->text(), QStringLiteral("101"));
        QCOMPARE(table->item(2, 2)->text(), QStringLiteral("1"));
        QVERIFY(m_view->findChild<QPlainTextEdit *>(QStringLiteral("startup.ormLog"))
                    ->toPlainText()
                    .contains(QStringLiteral("SELECT COUNT(*) FROM comments WHERE video_id =")));
        shot("startup-orm");
    }

    void scenariosSaveAndLoadAndABadFileChangesNothing()
    {
        m_view->selectScenario(1);
        auto *instances = static_cast<QSpinBox *>(
            m_view->currentForm()->editor(QStringLiteral("pool.instances")));
        instances->setValue(7);
        const QString path = m_dir.filePath(QStringLiteral("saved.json"));
        QString error;
        QVERIFY2(m_view->saveScenario(path, &error), qPrintable(error));
        instances->setValue(3);
        QVERIFY2(m_view->loadScenario(path, &error), qPrintable(error));
        QCOMPARE(instances->value(), 7);

        const QString bad = m_dir.filePath(QStringLiteral("bad.json"));
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"model":"transcoding","pool":{"instances":0}})");
        file.close();
        QVERIFY(!m_view->loadScenario(bad, &error));
        QVERIFY2(error.contains(QStringLiteral("pool.instances")), qPrintable(error));
        QCOMPARE(instances->value(), 7);
    }

    void sweepChartsPointsWithErrorBars()
    {
        m_view->selectScenario(1);
        // Instances from 1 to 4 without autoscaling: more instances, shorter waits.
        static_cast<QCheckBox *>(m_view->currentForm()->editor(QStringLiteral("pool.autoscale")))
            ->setChecked(false);
        m_view->setSweep(
            QStringLiteral("pool.instances"), 1, 4, 4, QStringLiteral("turnaround_minutes.p95"), 3);
        QSignalSpy done(m_view.get(), &StartupView::finished);
        m_view->runSweep();
        QVERIFY(done.wait(60000));
        const QJsonArray points = m_view->lastResult().value(QStringLiteral("points")).toArray();
        QVERIFY2(points.size() == 4, QJsonDocument(m_view->lastResult()).toJson().constData());
        QVERIFY2(points.first().toArray().at(1).toDouble()
                     > points.last().toArray().at(1).toDouble(),
                 "p95 turnaround falls as instances are added");
        auto *plot = m_view->findChild<QCustomPlot *>(QStringLiteral("startup.sweepPlot"));
        QCOMPARE(plot->graphCount(), 1);
        QCOMPARE(plot->graph(0)->dataCount(), int(points.size()));
        shot("startup-sweep");
    }

    void stopAnswersAtOnce()
    {
        m_view->selectScenario(0);
        static_cast<QSpinBox *>(m_view->currentForm()->editor(QStringLiteral("jobs")))
            ->setValue(200000000);
        QSignalSpy done(m_view.get(), &StartupView::finished);
        m_view->run();
        QTest::qWait(100);
        QElapsedTimer clock;
        clock.start();
        m_view->stop();
        QVERIFY(done.wait(5000));
        QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
    }
};

QTEST_MAIN(TestStartupView)
#include "tst_startupview.moc"
