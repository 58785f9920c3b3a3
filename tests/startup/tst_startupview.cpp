// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Startup Sim's view offscreen: it opens on the talk's scenario; each scenario runs and fills its
// page; scenarios keep every field through load, edit, run and save; a bad file changes nothing;
// the playback, the sweep and the view's state.
#include <startup/breakdownview.h>
#include <startup/fulltable.h>
#include <startup/narration.h>
#include <startup/poolanimationview.h>
#include <startup/resultpages.h>
#include <startup/scenarioform.h>
#include <startup/startupview.h>
#include <startup/sweeppage.h>

#include <kit/appearance.h>
#include <kit/jsonio.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

#include <qcustomplot.h>

using namespace Kit;
using namespace Startup;

namespace {

const QString Examples = QStringLiteral(CURTAIN_SOURCE_DIR "/resources/scenarios");

} // namespace

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
        const bool ok = done.wait(60000);
        if (!ok)
            qWarning() << m_view->findChild<QLabel *>(QStringLiteral("startup.message"))->text();
        return ok;
    }

    void shot(const char *name)
    {
        if (!qEnvironmentVariableIsSet("CURTAIN_SCREENSHOT_DIR"))
            return;
        QTest::qWait(100); // the layouts settle as the window would before it is seen
        if (qEnvironmentVariableIsSet("CURTAIN_SCREENSHOT_DIR"))
            m_view->grab().save(qEnvironmentVariable("CURTAIN_SCREENSHOT_DIR") + QLatin1Char('/')
                                + QLatin1String(name) + QStringLiteral(".png"));
    }

    template<typename T>
    T *field(const char *key) const
    {
        return qobject_cast<T *>(m_view->currentForm()->editor(QLatin1String(key)));
    }

private slots:
    void init()
    {
        m_view = std::make_unique<StartupView>(m_dir.path(), Examples);
        m_view->resize(1200, 760);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }
    void cleanup() { m_view.reset(); }

    void opensOnTheTalksTranscodingScenario()
    {
        QCOMPARE(m_view->currentModel(), QStringLiteral("transcoding"));
        // The example file, with what the form does not show kept.
        const QJsonObject scenario = m_view->currentForm()->toJson();
        QCOMPARE(JsonIo::valueAt(scenario, QStringLiteral("arrivals.daily_curve")).toArray().size(),
                 24);
        QVERIFY(field<QCheckBox>("pool.autoscale")->isChecked());
        QVERIFY(m_view->findChild<QLabel *>(QStringLiteral("startup.form.kept.transcoding"))
                    ->text()
                    .contains(QStringLiteral("Daily curve")));
    }

    void loadRunSaveKeepsEveryField()
    {
        QString error;
        QVERIFY2(m_view->loadScenario(Examples + QStringLiteral("/transcoding.json"), &error),
                 qPrintable(error));
        field<QSpinBox>("pool.instances")->setValue(3); // one edit through the form
        QVERIFY(runAndWait());
        const QString path = m_dir.filePath(QStringLiteral("saved.json"));
        QVERIFY2(m_view->saveScenario(path, &error), qPrintable(error));
        QJsonObject expected
            = *JsonIo::readObjectFile(Examples + QStringLiteral("/transcoding.json"), &error);
        JsonIo::setPath(expected, QStringLiteral("pool.instances"), 3);
        QCOMPARE(*JsonIo::readObjectFile(path, &error), expected);
    }

    void aBadFileIsNamedAndChangesNothing_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("named");
        QTest::newRow("out of range")
            << QByteArray(R"({"model":"transcoding","pool":{"instances":0}})")
            << QStringLiteral("pool.instances");
        QTest::newRow("unknown field")
            << QByteArray(R"({"model":"transcoding","pool":{"machines":3}})")
            << QStringLiteral("pool.machines");
        QTest::newRow("duplicate key")
            << QByteArray(R"({"model":"feed","users":3,"users":4})") << QStringLiteral("twice");
    }

    void aBadFileIsNamedAndChangesNothing()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, named);
        const QJsonObject before = m_view->currentForm()->toJson();
        const QString bad = m_dir.filePath(QStringLiteral("bad.json"));
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(json);
        file.close();
        QString error;
        QVERIFY(!m_view->loadScenario(bad, &error));
        QVERIFY2(error.contains(named), qPrintable(error));
        QCOMPARE(m_view->currentModel(), QStringLiteral("transcoding"));
        QCOMPARE(m_view->currentForm()->toJson(), before);
    }

    void mmcSitsBesideTheTheory()
    {
        m_view->selectModel(QStringLiteral("mmc"));
        field<QSpinBox>("jobs")->setValue(20000);
        m_view->setReplications(4);
        QVERIFY(runAndWait());
        auto *table = m_view->findChild<QTableWidget *>(QStringLiteral("startup.mmcTable"));
        QCOMPARE(table->item(0, 0)->text(), QStringLiteral("mean wait in queue")); // words
        QCOMPARE(table->item(3, 1)->text(), QStringLiteral("%"));                  // utilisation
        const double simulated = table->item(3, 2)->text().toDouble();
        const double theory = table->item(3, 4)->text().toDouble();
        QVERIFY(std::abs(simulated - theory) < 5);
        // The words under the table are the run's own, from the narration.
        QCOMPARE(static_cast<MmcPage *>(m_view->currentPage())->note(),
                 Narration::lines(Narration::fromJson(
                     m_view->lastResult().value(QStringLiteral("summary")).toArray())));
        QCOMPARE(m_view->lastResult().value(QStringLiteral("replications")).toInt(), 4);
        QVERIFY(m_view->findChild<QProgressBar *>(QStringLiteral("startup.progress"))->value()
                == 1000);
        shot("startup-mmc");
    }

    void transcodingPlaysEveryJobWhereItIs()
    {
        m_view->setReplications(1);
        QVERIFY(runAndWait());
        auto *overTime = m_view->findChild<QCustomPlot *>(QStringLiteral("startup.overTime"));
        QCOMPARE(overTime->graphCount(), 2);
        QVERIFY(overTime->graph(0)->dataCount() > 100);
        PoolAnimationView *animation = m_view->transcodingPage()->animation();
        QVERIFY(animation->frameCount() > 100);
        // Every job of a frame is somewhere: arrived = done + queued + held + in slots + away,
        // give or take those lost or unfinished; none drawn twice.
        for (const PoolFrame &f : animation->frames()) {
            long long held = 0, busy = 0;
            for (const auto &m : f.machines) {
                held += m.reserved;
                busy += m.busySlots;
            }
            QVERIFY(f.completed + f.queue + held + busy + f.outsourced <= f.arrived);
        }
        animation->setSpeed(240);
        animation->play();
        QTRY_VERIFY_WITH_TIMEOUT(animation->currentFrame() > 2, 5000);
        animation->pause();
        animation->showFrame(animation->frameCount() - 1);
        auto *play = m_view->findChild<QPushButton *>(QStringLiteral("startup.play"));
        QCOMPARE(play->text(), QStringLiteral("Play again"));
        QVERIFY(m_view->transcodingPage()->summary().contains(QStringLiteral("kept the promise")));
        animation->showFrame(150);
        shot("startup-transcoding");
    }

    void theStageShowsThePlaybackThePlotAndTheChosenSentences()
    {
        // A presenter's stage at 1280x800 at the room's zoom: the playback, the plot of the day
        // and, beside them, whole sentences of the summary (the deck's `say:`), with nothing to
        // scroll; the full summary, the breakdown and the histogram stay with the module.
        m_view->setReplications(1);
        QVERIFY(runAndWait());
        TranscodingPage *page = m_view->transcodingPage();
        const QStringList lines = page->summary().split(QLatin1Char('\n'));
        m_view->resize(1280, 689); // a slide's title takes the rest of 800
        QFont room = m_view->font();
        room.setPixelSize(28); // a 32-px line, as the presenter's default zoom makes it
        m_view->setFont(room);
        m_view->setStaged(true);
        auto *summary = m_view->findChild<QLabel *>(QStringLiteral("startup.transcodingSummary"));
        auto *turnaround = m_view->findChild<QCustomPlot *>(QStringLiteral("startup.turnaround"));
        auto *overTime = m_view->findChild<QCustomPlot *>(QStringLiteral("startup.overTime"));
        auto *stage
            = m_view->findChild<QLabel *>(QStringLiteral("startup.transcodingStageSummary"));
        QVERIFY(summary->isHidden());
        QVERIFY(turnaround->isHidden());
        QVERIFY(page->breakdown()->isHidden());
        QVERIFY(!stage->isHidden());
        QVERIFY(!overTime->isHidden());
        QVERIFY(!page->animation()->isHidden());
        // The default: the promise, the turnaround and the cost, whole, as the summary says them.
        QStringList stageLines = page->stageSummary().split(QStringLiteral("\n\n"));
        QCOMPARE(stageLines.size(), 3);
        for (const QString &line : std::as_const(stageLines))
            QVERIFY2(lines.contains(line), qPrintable(line));
        QVERIFY(stageLines.at(0).contains(QStringLiteral("kept the promise")));
        QVERIFY(stageLines.at(1).startsWith(QStringLiteral("Turnaround")));
        QVERIFY(stageLines.at(2).contains(QStringLiteral("per video minute")));
        // Nothing the room cannot scroll to: the page fits its area.
        auto *area = qobject_cast<QScrollArea *>(page->parentWidget()->parentWidget());
        QVERIFY(area);
        QTRY_COMPARE(area->verticalScrollBar()->maximum(), 0);
        QVERIFY(overTime->height() >= overTime->minimumHeight());
        shot("startup-transcoding-staged");
        // A deck's `say: losses`: that sentence alone.
        m_view->setStageSentences({QStringLiteral("losses")});
        stageLines = page->stageSummary().split(QStringLiteral("\n\n"));
        QCOMPARE(stageLines.size(), 1);
        QVERIFY(lines.contains(stageLines.first()));
        QVERIFY(stageLines.first().contains(QStringLiteral("redelivered")));
        // Back in the main window: the summary and the rest as they were, the headline gone.
        m_view->setStaged(false);
        QVERIFY(!summary->isHidden());
        QVERIFY(!turnaround->isHidden());
        QVERIFY(stage->isHidden());
    }

    void theProgressBarStartsAfreshForEachRun()
    {
        m_view->setReplications(1);
        QVERIFY(runAndWait());
        auto *progress = m_view->findChild<QProgressBar *>(QStringLiteral("startup.progress"));
        QCOMPARE(progress->value(), 1000);
        QSignalSpy done(m_view.get(), &StartupView::finished);
        m_view->run();
        QCOMPARE(progress->value(), 0);
        QVERIFY(done.wait(60000));
    }

    void feedComparesDeliveriesInWords()
    {
        m_view->selectModel(QStringLiteral("feed"));
        m_view->setReplications(1);
        QVERIFY(runAndWait());
        auto *table = m_view->findChild<QTableWidget *>(QStringLiteral("startup.feedTable"));
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->item(1, 0)->text(), QStringLiteral("long polling (Tornado)"));
        // The scenario's own delivery (long polling by default) is the row in bold.
        for (int r = 0; r < table->rowCount(); ++r)
            QCOMPARE(table->item(r, 0)->font().bold(), r == 1);
        // Signals miss bulk writes: how many, of how many, and the share of them, the share
        // kept on one line with its unit (a no-break space).
        const QRegularExpressionMatch missed
            = QRegularExpression(
                  QStringLiteral("^(\\d+)\\x{00a0}of (\\d+)\\x{00a0}\\(([\\d.]+)\\x{00a0}%\\)$"))
                  .match(table->item(0, 5)->text());
        QVERIFY2(missed.hasMatch(), qPrintable(table->item(0, 5)->text()));
        QVERIFY(missed.captured(1).toInt() > 0);
        QCOMPARE(missed.captured(3),
                 QString::number(
                     100.0 * missed.captured(1).toInt() / missed.captured(2).toInt(), 'f', 1));
        // Units on every column of numbers.
        for (int c = 1; c < table->columnCount(); ++c)
            QVERIFY2(table->horizontalHeaderItem(c)->text().contains(QLatin1Char('(')),
                     qPrintable(table->horizontalHeaderItem(c)->text()));
        const QStringList csv = m_view->resultsCsv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(csv.size(), 4);
        shot("startup-feed");
        auto *note = m_view->findChild<QLabel *>(QStringLiteral("startup.feedNote"));
        QVERIFY(note->text().contains(QStringLiteral("up to its slowest")));
        // The what-ifs' sentence reads the breakdown: on the stage, where neither it nor the
        // curves are shown, neither sentence is said; the table's are.
        const QString whatIfs = QStringLiteral("what-if");
        QVERIFY(note->text().contains(whatIfs));
        m_view->setStaged(true);
        QVERIFY2(!note->text().contains(whatIfs), qPrintable(note->text()));
        QVERIFY(!note->text().contains(QStringLiteral("up to its slowest")));
        QVERIFY(note->text().contains(QStringLiteral("never sent")));
        m_view->setStaged(false);
        QVERIFY(note->text().contains(whatIfs));
    }

    void theFeedStops()
    {
        m_view->selectModel(QStringLiteral("feed"));
        field<QSpinBox>("users")->setValue(100000);
        field<QDoubleSpinBox>("minutes")->setValue(1000);
        m_view->setReplications(1);
        QSignalSpy done(m_view.get(), &StartupView::finished);
        m_view->run();
        QVERIFY(m_view->isRunning());
        m_view->stop();
        QVERIFY(done.wait(20000));
        QCOMPARE(done.first().size(), 0);
        QVERIFY(!m_view->isRunning());
    }

    void ormShowsItsPlansAndWhy()
    {
        m_view->selectModel(QStringLiteral("orm"));
        // Replications do not apply to one measured page: the control is not offered.
        QVERIFY(
            !m_view->findChild<QSpinBox *>(QStringLiteral("startup.replications"))->isVisible());
        field<QSpinBox>("users")->setValue(200);
        field<QSpinBox>("videos")->setValue(2000);
        field<QSpinBox>("comments")->setValue(20000);
        QVERIFY(runAndWait());
        auto *table = m_view->findChild<QTableWidget *>(QStringLiteral("startup.ormTable"));
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->item(0, 2)->text(), QStringLiteral("101"));
        QVERIFY(table->item(2, 0)->text().contains(QStringLiteral(".extra()")));
        auto *why = m_view->findChild<QTextBrowser *>(QStringLiteral("startup.ormWhy"));
        QVERIFY(why->toPlainText().contains(QStringLiteral("GROUP BY")));
        QVERIFY(why->toPlainText().contains(QStringLiteral("SEARCH")));
        QVERIFY(m_view->findChild<QPlainTextEdit *>(QStringLiteral("startup.ormLog"))
                    ->toPlainText()
                    .contains(QStringLiteral("SELECT COUNT(*) FROM comments WHERE video_id =")));
        shot("startup-orm");
        // Without the index, N+1's counts scan the comments table, and the words say so.
        field<QCheckBox>("comment_index")->setChecked(false);
        QVERIFY(runAndWait());
        QVERIFY2(why->toPlainText().contains(QStringLiteral("SCAN comments")),
                 qPrintable(why->toPlainText()));
        // What to do at the form is said beside the form; a stage, where the form is not
        // shown, says the fact alone, and the advice comes back with the form.
        const QString advice = QStringLiteral("Tick it in the form and run again.");
        QVERIFY(why->toPlainText().contains(advice));
        m_view->setStaged(true);
        QVERIFY(!why->toPlainText().contains(advice));
        QVERIFY(why->toPlainText().contains(QStringLiteral("Without the index")));
        m_view->setStaged(false);
        QVERIFY(why->toPlainText().contains(advice));
    }

    void onTheStageARunHidesTheLastRunsResults()
    {
        // Entering the next slide starts its run: until it ends, the room is told a run is
        // going and does not see the last slide's numbers under the new title.
        m_view->setReplications(1);
        QVERIFY(runAndWait());
        m_view->setStaged(true);
        auto *tabs = m_view->findChild<QWidget *>(QStringLiteral("startup.tabs"));
        auto *running = m_view->findChild<QLabel *>(QStringLiteral("startup.stageRunning"));
        QVERIFY(tabs->isVisible());
        QVERIFY(running->isHidden());
        QSignalSpy done(m_view.get(), &StartupView::finished);
        m_view->run();
        QVERIFY(m_view->isRunning());
        QVERIFY(tabs->isHidden());
        QVERIFY(!running->isHidden());
        QVERIFY(running->text().contains(QStringLiteral("Simulating")));
        QVERIFY(done.wait(60000));
        QVERIFY(tabs->isVisible());
        QVERIFY(running->isHidden());
        // Off the stage a run leaves the page as it was (the form's progress says it runs).
        m_view->setStaged(false);
        m_view->run();
        QVERIFY(tabs->isVisible());
        QVERIFY(done.wait(60000));
    }

    void onTheStageAPressTurnsTheOrmPlansAScreenful()
    {
        // The plans and why do not fit a stage: a press turns them a screenful, the table stays,
        // and at their end a press moves on (false); the feed has no steps at all.
        m_view->selectModel(QStringLiteral("orm"));
        field<QSpinBox>("users")->setValue(200);
        field<QSpinBox>("videos")->setValue(2000);
        field<QSpinBox>("comments")->setValue(20000);
        QVERIFY(runAndWait());
        m_view->setStaged(true);
        QVERIFY(m_view->findChild<QPlainTextEdit *>(QStringLiteral("startup.ormLog"))->isHidden());
        m_view->resize(1280, 420);
        QFont room = m_view->font();
        room.setPixelSize(28);
        m_view->setFont(room);
        auto *why = m_view->findChild<QTextBrowser *>(QStringLiteral("startup.ormWhy"));
        QTRY_VERIFY(why->verticalScrollBar()->maximum() > 0);
        const std::optional<Kit::StepPosition> start = m_view->presentPosition();
        QVERIFY(start);
        QCOMPARE(start->index, 0);
        QVERIFY(start->count >= 1);
        int presses = 0;
        while (m_view->presentStep(true)) {
            ++presses;
            QCOMPARE(m_view->presentPosition()->index, presses);
            QVERIFY(presses <= start->count);
        }
        QCOMPARE(presses, start->count);
        QCOMPARE(why->verticalScrollBar()->value(), why->verticalScrollBar()->maximum());
        QVERIFY(m_view->presentStep(false));
        QVERIFY(why->verticalScrollBar()->value() < why->verticalScrollBar()->maximum());
        m_view->setStaged(false);
        QVERIFY(!m_view->findChild<QPlainTextEdit *>(QStringLiteral("startup.ormLog"))->isHidden());
    }

    void theDefaultSweepSaysWhatItsPointsShow()
    {
        SweepPage *sweep = m_view->sweepPage();
        QCOMPARE(sweep->spec().parameter, QStringLiteral("pool.instances"));
        Sweep::Spec spec = sweep->spec();
        spec.points = 6;
        spec.to = 6;
        spec.replications = 2;
        QVERIFY(sweep->setSpec(spec));
        QSignalSpy done(m_view.get(), &StartupView::finished);
        m_view->runSweep();
        QVERIFY(done.wait(120000));
        const QJsonObject result = m_view->lastResult();
        const QJsonArray points = result.value(QStringLiteral("points")).toArray();
        QCOMPARE(points.size(), 6);
        // The words under the plot are the sweep's summary, as `simulate --sweep` prints it.
        QCOMPARE(sweep->note(),
                 Narration::lines(
                     Narration::fromJson(result.value(QStringLiteral("summary")).toArray())));
        // The example has autoscaling on: the sweep says it turned it off.
        QVERIFY(sweep->note().contains(QStringLiteral("Autoscaling is off")));
        auto *plot = m_view->findChild<QCustomPlot *>(QStringLiteral("startup.sweepPlot"));
        QCOMPARE(plot->graph(0)->dataCount(), int(points.size()));
        QVERIFY(!plot->xAxis->label().contains(QLatin1Char('.'))); // words, not pool.instances
        // The table beside the plot has every point; the what-ifs open on the last one.
        QCOMPARE(sweep->table()->rowCount(), 6);
        BreakdownView *breakdown = sweep->breakdown();
        QVERIFY(breakdown->isVisible());
        QVERIFY(!breakdown->isOpen());
        breakdown->setOpen(true);
        const QJsonObject last
            = result.value(QStringLiteral("breakdowns")).toArray().last().toObject();
        QCOMPARE(breakdown->table()->rowCount(),
                 int(last.value(QStringLiteral("rows")).toArray().size()));
        QVERIFY(breakdown->method().contains(QStringLiteral("paired")));
        shot("startup-sweep");
        // On a presenter's stage: the sentences on the curve (its ends, at least), none on the
        // method, every one of them the summary's own; the table and the what-ifs off it.
        const QString full = sweep->note();
        m_view->setStaged(true);
        QVERIFY(sweep->table()->isHidden());
        QVERIFY(breakdown->isHidden());
        QList<Narration::Sentence> onCurve;
        for (const Narration::Sentence &sentence :
             Narration::fromJson(result.value(QStringLiteral("summary")).toArray())) {
            if (QStringList{QStringLiteral("ends"),
                            QStringLiteral("plateau"),
                            QStringLiteral("best"),
                            QStringLiteral("cause-headline")}
                    .contains(sentence.rule))
                onCurve.append(sentence);
        }
        QVERIFY(!onCurve.isEmpty());
        QCOMPARE(sweep->note(), Narration::lines(onCurve));
        QVERIFY(!sweep->note().contains(QStringLiteral("Autoscaling is off")));
        for (const QString &line : sweep->note().split(QLatin1Char('\n')))
            QVERIFY2(full.contains(line), qPrintable(line));
        m_view->setStaged(false);
        QCOMPARE(sweep->note(), full);
        // Another model, or another scenario opened: the sweep of the one before leaves the
        // page (issue 20: a feed's controls sat over a transcoding sweep's plot and words).
        m_view->selectModel(QStringLiteral("feed"));
        QCOMPARE(plot->graphCount(), 0);
        QCOMPARE(sweep->table()->rowCount(), 0);
        QVERIFY(sweep->note().contains(QStringLiteral("another model")));
        m_view->selectModel(QStringLiteral("transcoding"));
    }

    void everyTableShowsEveryRow_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("table");
        QTest::addColumn<double>("scale");
        for (const double scale : {1.0, 2.0}) {
            const QByteArray at = QByteArray::number(int(scale * 100)) + " %";
            QTest::newRow("feed, " + at)
                << QStringLiteral("feed") << QStringLiteral("startup.feedTable") << scale;
            QTest::newRow("orm, " + at)
                << QStringLiteral("orm") << QStringLiteral("startup.ormTable") << scale;
            QTest::newRow("mmc, " + at)
                << QStringLiteral("mmc") << QStringLiteral("startup.mmcTable") << scale;
        }
    }

    void everyTableShowsEveryRow()
    {
        QFETCH(QString, model);
        QFETCH(QString, table);
        QFETCH(double, scale);
        Appearance::instance()->setFontScale(scale);
        m_view->resize(1280, 800);
        m_view->selectModel(model);
        m_view->setReplications(2);
        if (model == QLatin1String("orm")) {
            field<QSpinBox>("users")->setValue(200);
            field<QSpinBox>("videos")->setValue(2000);
            field<QSpinBox>("comments")->setValue(20000);
        } else if (model == QLatin1String("mmc")) {
            field<QSpinBox>("jobs")->setValue(20000);
        }
        QVERIFY(runAndWait());
        auto *t = m_view->findChild<FullTable *>(table);
        QTRY_VERIFY(t->isVisible());
        QCoreApplication::processEvents();
        QVERIFY(t->rowCount() >= 3);
        // No row hides behind the table's own edge: the page scrolls instead.
        const QRect last = t->visualRect(t->model()->index(t->rowCount() - 1, 0));
        QVERIFY2(last.bottom() < t->viewport()->height(),
                 qPrintable(QStringLiteral("row %1 ends at %2 of %3")
                                .arg(t->rowCount())
                                .arg(last.bottom())
                                .arg(t->viewport()->height())));
        shot(qPrintable(QStringLiteral("startup-%1-%2").arg(model).arg(int(scale * 100))));
        Appearance::instance()->setFontScale(1.0);
    }

    // A learner's day: a run and the default sweep, each with its what-ifs opened, at 100 % in
    // the light theme and at 200 % in the dark one, in the window's 1280x800.
    void theWhatIfsOpenWholeAtAnyZoom_data()
    {
        QTest::addColumn<double>("scale");
        QTest::addColumn<bool>("dark");
        QTest::newRow("100 %, light") << 1.0 << false;
        QTest::newRow("200 %, dark") << 2.0 << true;
    }

    void theWhatIfsOpenWholeAtAnyZoom()
    {
        QFETCH(double, scale);
        QFETCH(bool, dark);
        Appearance::instance()->setFontScale(scale);
        Appearance::instance()->setTheme(dark ? Appearance::Theme::Dark : Appearance::Theme::Light);
        m_view->resize(1280, 800);
        m_view->setReplications(3);
        QVERIFY(runAndWait());
        auto wholeTable = [](FullTable *t) {
            QCoreApplication::processEvents();
            const QRect last = t->visualRect(t->model()->index(t->rowCount() - 1, 0));
            return t->rowCount() > 1 && last.bottom() < t->viewport()->height();
        };
        BreakdownView *late = m_view->transcodingPage()->breakdown();
        QVERIFY(late->isVisible());
        late->setOpen(true);
        QTRY_VERIFY(wholeTable(late->table()));
        const QString suffix = dark ? QStringLiteral("-200-dark") : QStringLiteral("-100");
        shot(qPrintable(QStringLiteral("startup-transcoding-whatif") + suffix));
        SweepPage *sweep = m_view->sweepPage();
        Sweep::Spec spec = sweep->spec();
        spec.replications = 3;
        QVERIFY(sweep->setSpec(spec));
        QSignalSpy done(m_view.get(), &StartupView::finished);
        m_view->runSweep();
        QVERIFY(done.wait(120000));
        QTRY_VERIFY(wholeTable(sweep->table()));
        sweep->breakdown()->setOpen(true);
        QTRY_VERIFY(wholeTable(sweep->breakdown()->table()));
        shot(qPrintable(QStringLiteral("startup-sweep") + suffix));
        // The what-ifs, scrolled into sight.
        auto *area = qobject_cast<QScrollArea *>(sweep->parentWidget()->parentWidget());
        QVERIFY(area);
        area->ensureWidgetVisible(sweep->breakdown()->table());
        shot(qPrintable(QStringLiteral("startup-sweep-whatif") + suffix));
        Appearance::instance()->setFontScale(1.0);
        Appearance::instance()->setTheme(Appearance::Theme::Light);
    }

    // An M/M/c sweep draws queueing theory's line beside the runs, named in a legend, and the
    // table holds its values (issue 20).
    void anMmcSweepDrawsTheTheoryBesideTheRuns()
    {
        m_view->resize(1280, 800);
        m_view->selectModel(QStringLiteral("mmc"));
        field<QSpinBox>("jobs")->setValue(2000);
        SweepPage *sweep = m_view->sweepPage();
        Sweep::Spec spec = sweep->spec();
        spec.parameter = QStringLiteral("arrival_rate");
        spec.from = 0.3;
        spec.to = 0.9;
        spec.points = 4;
        spec.metric = QStringLiteral("mean_wait");
        spec.replications = 2;
        QVERIFY(sweep->setSpec(spec));
        QSignalSpy done(m_view.get(), &StartupView::finished);
        m_view->runSweep();
        QVERIFY(done.wait(120000));
        const QJsonArray points = m_view->lastResult().value(QStringLiteral("points")).toArray();
        QCOMPARE(points.size(), 4);
        auto *plot = m_view->findChild<QCustomPlot *>(QStringLiteral("startup.sweepPlot"));
        QCOMPARE(plot->graphCount(), 2);
        QCOMPARE(plot->graph(1)->dataCount(), 4);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(plot->graph(1)->data()->at(i)->value,
                     points.at(i).toObject().value(QStringLiteral("theory")).toDouble());
        QVERIFY(plot->legend->visible());
        QVERIFY(sweep->note().contains(QStringLiteral("Erlang C")));
        QCOMPARE(sweep->table()->model()->columnCount(), 4);
        shot("startup-sweep-mmc");
    }

    void stopAnswers()
    {
        m_view->selectModel(QStringLiteral("mmc"));
        field<QSpinBox>("jobs")->setValue(100000000);
        m_view->setReplications(1);
        QSignalSpy done(m_view.get(), &StartupView::finished);
        m_view->run();
        QTest::qWait(100);
        m_view->stop();
        QVERIFY(done.wait(20000));
        QVERIFY(!m_view->isRunning());
    }

    void stateIsSavedAndRestored()
    {
        m_view->selectModel(QStringLiteral("feed"));
        field<QSpinBox>("users")->setValue(1234);
        m_view->setReplications(7);
        const QVariantMap state = m_view->saveState();
        StartupView other(m_dir.path(), Examples);
        other.restoreState(state);
        QCOMPARE(other.currentModel(), QStringLiteral("feed"));
        QCOMPARE(other.currentForm()->toJson().value(QStringLiteral("users")).toInt(), 1234);
        QCOMPARE(other.replications(), 7);
    }
};

QTEST_MAIN(TestStartupView)
#include "tst_startupview.moc"
