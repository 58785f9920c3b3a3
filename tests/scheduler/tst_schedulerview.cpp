// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Scheduler Lab's view offscreen: run, stop, replay stepping, compare.
#include <kit/pagetabs.h>
#include <scheduler/pythonpage.h>
#include <scheduler/pythontrace.h>
#include <scheduler/replayscene.h>
#include <scheduler/schedulerview.h>
#include <scheduler/timelineview.h>

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QSet>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <qcustomplot.h>

using namespace Kit;
using namespace Scheduler;

class TestSchedulerView : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SchedulerView> m_view;

    void setModels(const QStringList &models)
    {
        for (QCheckBox *check : m_view->findChildren<QCheckBox *>()) {
            const QString prefix = QStringLiteral("scheduler.model.");
            if (check->objectName().startsWith(prefix))
                check->setChecked(models.contains(check->objectName().mid(prefix.size())));
        }
    }

private slots:
    void initTestCase() { qputenv("CURTAIN_DATA_DIR", QByteArrayLiteral(CURTAIN_BUILD_DATA_DIR)); }

    void init()
    {
        m_view = std::make_unique<SchedulerView>(QStringLiteral(CURTAIN_WORKER),
                                                 QStringLiteral(CURTAIN_RUNNER));
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
        QCOMPARE(runs->item(0, 0)->text(), QStringLiteral("threads under a GIL")); // words, not ids
        QCOMPARE(m_view->timelineView()->timeline().lanes, 2);
        // Both runs of the press are drawn, stacked on one axis.
        QCOMPARE(m_view->timelineView()->timelines().size(), std::size_t(2));
        QVERIFY(!m_view->timelineView()->timeline().segments.empty());
        // The legend names the states drawn, each once, and no state nothing was in.
        QStringList drawn;
        for (const Timeline &t : m_view->timelineView()->timelines()) {
            for (const Segment &segment : t.segments) {
                if (!drawn.contains(stateName(segment.state)))
                    drawn.append(stateName(segment.state));
            }
        }
        const QStringList legend = m_view->timelineView()->legendLabels();
        QVERIFY(!legend.isEmpty());
        for (const QString &label : legend)
            QVERIFY2(drawn.contains(label) || label == QLatin1String("starting")
                         || label == QLatin1String("ready")
                         || label == QLatin1String("encoding or decoding")
                         || label == QLatin1String("holds the lock"),
                     qPrintable(label + QStringLiteral(" is in the legend but not drawn")));
        QCOMPARE(legend.size(), QSet<QString>(legend.begin(), legend.end()).size());
        QVERIFY(!legend.contains(QStringLiteral("blocked on I/O"))); // CPU-bound: never drawn

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
        // (In the middle of worker 1's longest state: its states' times depend on the machine.)
        const Timeline &hovered = timeline->timeline();
        const Segment *first = nullptr;
        for (const Segment &s : hovered.segments) {
            if (s.lane == 0 && (!first || s.end - s.start > first->end - first->start))
                first = &s;
        }
        QVERIFY(first);
        const QString hover = timeline->describeAt(
            QPoint(int(timeline->axis().x((first->start + first->end) / 2 - hovered.start)),
                   timeline->laneCentre(timeline->currentIndex(), 0)));
        QVERIFY2(hover.contains(QStringLiteral("ms")), qPrintable(hover));
    }

    void aCrowdedLaneIsDrawnAndDescribedAsDensity()
    {
        // 20,000 stretches of 1 µs, running and waiting for the GIL in turn, on a 1000 px axis:
        // twenty to a pixel. Each pixel column holds both colours, about half each, and
        // hovering names the pixel's shares, not one stretch of a microsecond.
        RunRecord run;
        run.options.model = Model::Gil;
        run.options.workers = 1;
        run.startNs = 1000;
        for (int i = 0; i < 20000; ++i)
            run.events.push_back({run.startNs + i * 1000,
                                  0,
                                  i % 2 ? WorkerState::WaitingGil : WorkerState::Running,
                                  0,
                                  -1,
                                  -1});
        run.events.push_back({run.startNs + 20000 * 1000, 0, WorkerState::Done, 0, -1, -1});
        TimelineView view;
        view.resize(1200, 300);
        view.setTimeline(Timeline::build(run));
        QImage image(view.size(), QImage::Format_ARGB32_Premultiplied);
        view.render(&image);
        const QColor running = TimelineView::colour(WorkerState::Running, false);
        const QColor waiting = TimelineView::colour(WorkerState::WaitingGil, false);
        const int x = int(view.axis().left + view.axis().width / 2);
        const int centre = view.laneCentre(0, 0);
        QSet<QRgb> column;
        for (int y = centre - 12; y <= centre + 12; ++y)
            column.insert(image.pixel(x, y) & 0xffffff);
        QVERIFY(column.contains(running.rgb() & 0xffffff));
        QVERIFY(column.contains(waiting.rgb() & 0xffffff));
        const QString hover = view.describeAt(QPoint(x, centre));
        QVERIFY2(hover.contains(QStringLiteral("a pixel")), qPrintable(hover));
        // (A pixel's edges fall between stretches: 19 or 20 of them, about half each.)
        QVERIFY2(hover.contains(QRegularExpression(QStringLiteral("running (4[5-9]|5[0-5]) %"))),
                 qPrintable(hover));
        QVERIFY2(hover.contains(
                     QRegularExpression(QStringLiteral("waiting for the GIL (4[5-9]|5[0-5]) %"))),
                 qPrintable(hover));
    }

    void theReplayedRunIsInSight()
    {
        // A short window (200 % on a projector): the stacked runs do not all fit, and the one the
        // narration speaks of is scrolled into view, whichever row of the Runs table is chosen.
        m_view->resize(900, 420);
        setModels({QStringLiteral("threads"), QStringLiteral("gil"), QStringLiteral("processes")});
        m_view->findChild<QSpinBox *>(QStringLiteral("scheduler.workers"))->setValue(3);
        m_view->findChild<QSpinBox *>(QStringLiteral("scheduler.tasks"))->setValue(6);
        QSignalSpy done(m_view.get(), &SchedulerView::batchDone);
        m_view->run();
        QVERIFY(done.wait(30000));
        auto *runs = m_view->findChild<QTableWidget *>(QStringLiteral("scheduler.runs"));
        auto *scroll = m_view->findChild<QScrollArea *>(QStringLiteral("scheduler.timelineScroll"));
        QVERIFY(m_view->timelineView()->height() > scroll->viewport()->height());
        for (int row : {2, 0, 1}) {
            runs->setCurrentCell(row, 0);
            QCOMPARE(m_view->timelineView()->currentIndex(), row);
            QTest::qWait(20);
            const auto [top, bottom] = m_view->timelineView()->currentRows();
            const int from = scroll->verticalScrollBar()->value();
            const int to = from + scroll->viewport()->height();
            QVERIFY2(top >= from && (bottom <= to || top == from),
                     qPrintable(QStringLiteral("run %1 at %2..%3, view %4..%5")
                                    .arg(row)
                                    .arg(top)
                                    .arg(bottom)
                                    .arg(from)
                                    .arg(to)));
        }
    }

    void yourPythonIsDrawnOnTheTimeline()
    {
        // A lesson from the talk, run in the real CPython: its threads become the timeline's
        // lanes, by name, with the GIL held by one of them at a time.
        PythonPage *page = m_view->pythonPage();
        QVERIFY(page);
        auto *lessons = page->findChild<QComboBox *>(QStringLiteral("scheduler.python.lesson"));
        QVERIFY(lessons->count() >= 5);
        page->openLesson(0);
        QVERIFY(page->source().contains(QStringLiteral("threading")));
        QSignalSpy traced(page, &PythonPage::traced);
        page->trace();
        QVERIFY(page->isBusy());
        QVERIFY(traced.wait(30000));
        QCOMPARE(m_view->results().size(), std::size_t(1));
        const RunRecord &run = m_view->results().front();
        QVERIFY(run.program.startsWith(QStringLiteral("01_two_threads_computing.py in CPython")));
        const Timeline &t = m_view->timelineView()->timeline();
        QCOMPARE(t.laneName(0), QStringLiteral("MainThread"));
        QVERIFY(t.laneName(1).startsWith(QStringLiteral("Thread-1")));
        QVERIFY(!t.gilSegments.empty());
        for (std::size_t i = 1; i < t.gilSegments.size(); ++i)
            QVERIFY(t.gilSegments[i].start >= t.gilSegments[i - 1].end); // one holder at a time
        auto *runs = m_view->findChild<QTableWidget *>(QStringLiteral("scheduler.runs"));
        QCOMPARE(runs->item(0, 0)->text(), run.program);
        QVERIFY(page->output().contains(QStringLiteral("2 threads shared the work")));
        // The replay speaks of the threads by name.
        m_view->seekReplay(0.6);
        QVERIFY2(m_view->narration().contains(QStringLiteral("Thread-")),
                 qPrintable(m_view->narration()));
        // The lesson's own model run, drawn beside it on one axis: real CPython over the model.
        QVERIFY(page->beside());
        QCOMPARE(page->beside()->model, Model::Gil);
        QVERIFY(!page->findChild<QLabel *>(QStringLiteral("scheduler.python.intro"))
                     ->text()
                     .contains(QStringLiteral("--model")));
        QSignalSpy done(m_view.get(), &SchedulerView::batchDone);
        page->runBeside();
        QVERIFY(done.wait(30000));
        QCOMPARE(m_view->results().size(), std::size_t(2));
        QCOMPARE(m_view->timelineView()->timelines().size(), std::size_t(2));
        QVERIFY(m_view->timelineView()->timelines().front().title.startsWith(
            QStringLiteral("01_two_threads_computing.py")));
        QCOMPARE(m_view->timelineView()->timelines().back().model, Model::Gil);
        QCOMPARE(m_view->timelineView()->currentIndex(), 0); // the real run is the one replayed
        if (qEnvironmentVariableIsSet("CURTAIN_SCREENSHOT_DIR")) {
            const QString dir = qEnvironmentVariable("CURTAIN_SCREENSHOT_DIR");
            m_view->grab().save(dir + QStringLiteral("/scheduler-python.png"));
            m_view->findChild<PageTabs *>()->setCurrentIndex(3);
            m_view->grab().save(dir + QStringLiteral("/scheduler-python-code.png"));
        }
    }

    void yourPythonGivesEachProcessItsGil()
    {
        // A multiprocessing pool: each process is drawn with its own GIL, the workers never on
        // the program's; the replay gives each process its token and speaks of each GIL apart.
        PythonPage *page = m_view->pythonPage();
        QVERIFY(page->openLesson(QStringLiteral("06_multiprocessing_pickles.py")));
        QSignalSpy traced(page, &PythonPage::traced);
        page->trace();
        QVERIFY(traced.wait(60000));
        const Timeline &t = m_view->timelineView()->timeline();
        QVERIFY(t.processCount() >= 3);
        for (const Segment &g : t.gilSegments)
            QVERIFY(!t.isTask(g.lane));
        // A moment when both workers compute: each holds its own process's GIL.
        std::int64_t both = -1;
        for (const Segment &a : t.segments) {
            if (both >= 0 || a.state != WorkerState::Running || t.processOf(a.lane) != 1)
                continue;
            for (const Segment &b : t.segments) {
                if (b.state == WorkerState::Running && t.processOf(b.lane) == 2 && a.start < b.end
                    && b.start < a.end) {
                    both = std::max(a.start, b.start) + 1;
                    break;
                }
            }
        }
        QVERIFY(both > 0);
        m_view->seekReplay(double(both - t.start) / double(t.end - t.start));
        const ReplayFrame &frame = m_view->replayScene()->frame();
        QVERIFY(frame.gilHolders.size() >= 3);
        QVERIFY(frame.gilHolders[1] >= 0 && frame.gilHolders[2] >= 0);
        QVERIFY(t.processOf(frame.gilHolders[1]) == 1 && t.processOf(frame.gilHolders[2]) == 2);
        const QString narration = m_view->narration();
        QVERIFY2(narration.contains(QStringLiteral("ForkPoolWorker-1's GIL")),
                 qPrintable(narration));
        QVERIFY2(!narration.contains(QStringLiteral("holding the GIL")), qPrintable(narration));
        // The GIL rows say whose they are.
        const int top = m_view->timelineView()->laneCentre(0, t.laneOrder().front());
        QVERIFY(top > 0);
        if (qEnvironmentVariableIsSet("CURTAIN_SCREENSHOT_DIR")) {
            const QString dir = qEnvironmentVariable("CURTAIN_SCREENSHOT_DIR");
            m_view->grab().save(dir + QStringLiteral("/python-processes.png"));
            for (const QString &lesson : {QStringLiteral("05_asyncio_blocking_sleep.py"),
                                          QStringLiteral("07_gevent_monkey_patch.py"),
                                          QStringLiteral("04_shared_dict_lock.py")}) {
                QVERIFY(page->openLesson(lesson));
                QSignalSpy again(page, &PythonPage::traced);
                page->trace();
                QVERIFY(again.wait(60000));
                if (!page->besideLesson().isEmpty()) {
                    QSignalSpy done(m_view.get(), &SchedulerView::batchDone);
                    page->runBeside();
                    QVERIFY(done.wait(60000));
                }
                m_view->seekReplay(0.75);
                m_view->grab().save(dir + QStringLiteral("/python-") + lesson.left(2)
                                    + QStringLiteral(".png"));
            }
        }
    }

    void yourOwnPythonProgramIsYours()
    {
        // Opened from a file: named as yours (picker, Runs table), no lesson's text beside it.
        PythonPage *page = m_view->pythonPage();
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("workers.py"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("import threading\nt = threading.Thread(target=sum, args=([1, 2],))\n"
                   "t.start()\nt.join()\nprint('done')\n");
        file.close();
        page->openLesson(0);
        QVERIFY(page->openProgram(path));
        QVERIFY(page->isOwnProgram());
        auto *lessons = page->findChild<QComboBox *>(QStringLiteral("scheduler.python.lesson"));
        QCOMPARE(lessons->currentIndex(), -1);
        QVERIFY(lessons->placeholderText().contains(QStringLiteral("workers.py")));
        const QString intro
            = page->findChild<QLabel *>(QStringLiteral("scheduler.python.intro"))->text();
        QCOMPARE(intro, QStringLiteral("Your program, workers.py."));
        QVERIFY(!page->beside()); // no lesson's model to run beside it
        const std::size_t before = m_view->results().size();
        QSignalSpy traced(page, &PythonPage::traced);
        page->trace();
        QVERIFY(traced.wait(30000));
        QCOMPARE(m_view->results().size(), before + 1);
        QVERIFY2(m_view->results().back().program.startsWith(
                     QStringLiteral("your program workers.py in CPython")),
                 qPrintable(m_view->results().back().program));
        // Saved where the learner says, atomically; a file that cannot be read is named.
        const QString copy = dir.filePath(QStringLiteral("copy.py"));
        QVERIFY(page->saveProgram(copy));
        QVERIFY(QFile::exists(copy));
        QString error;
        QVERIFY(!page->openProgram(dir.filePath(QStringLiteral("missing.py")), &error));
        QVERIFY2(error.contains(QStringLiteral("missing.py")), qPrintable(error));
        QVERIFY(page->source().contains(QStringLiteral("print('done')"))); // nothing lost
        page->openLesson(0);
        QVERIFY(!page->isOwnProgram());
    }

    void yourPythonComparesWorkerCounts()
    {
        // The lesson names its variable and counts; each run's wall time joins Compare's chart
        // as the program's own series, beside the models' (how fast is the benchmark's to say).
        PythonPage *page = m_view->pythonPage();
        page->openLesson(0);
        QCOMPARE(page->compareCounts(), (QList<int>{1, 2, 3, 4}));
        QSignalSpy done(page, &PythonPage::compareDone);
        page->compare(1);
        QVERIFY(done.wait(60000));
        QCOMPARE(done.first().first().toBool(), false);
        const std::vector<RunRecord> &runs = m_view->compareResults();
        QCOMPARE(runs.size(), std::size_t(4));
        for (std::size_t i = 0; i < runs.size(); ++i) {
            QCOMPARE(runs[i].options.workers, int(i) + 1);
            QVERIFY(runs[i].program.startsWith(QStringLiteral("01_two_threads_computing.py")));
            QVERIFY(runs[i].wallMs > 0);
        }
        auto *plot = m_view->findChild<QCustomPlot *>(QStringLiteral("scheduler.comparePlot"));
        QCOMPARE(plot->graphCount(), 1);
        QCOMPARE(plot->graph(0)->name(), runs.front().program);
        QCOMPARE(plot->graph(0)->dataCount(), 4);
        QCOMPARE(plot->graph(0)->data()->at(0)->value, 1.0); // one worker is the baseline
        // A models' compare keeps the program's series beside its own.
        setModels({QStringLiteral("gil")});
        m_view->findChild<QSpinBox *>(QStringLiteral("scheduler.workers"))->setValue(2);
        QSignalSpy batch(m_view.get(), &SchedulerView::batchDone);
        m_view->compare();
        QVERIFY(batch.wait(60000));
        QCOMPARE(plot->graphCount(), 2);
    }

    void stopEndsTheBatchEarly()
    {
        setModels({QStringLiteral("threads")});
        m_view->findChild<QSpinBox *>(QStringLiteral("scheduler.workers"))->setValue(2);
        m_view->findChild<QSpinBox *>(QStringLiteral("scheduler.tasks"))->setValue(1000);
        QSignalSpy done(m_view.get(), &SchedulerView::batchDone);
        m_view->run();
        QTest::qWait(150);
        m_view->stop();
        QVERIFY(done.wait(20000));
        QVERIFY(!m_view->isRunning());
        QCOMPARE(m_view->results().size(), std::size_t(1));
        QVERIFY(m_view->results().front().stopped);
        QVERIFY(m_view->results().front().completed < 1000);
    }

    void savedRunsOpenAsTheyRan()
    {
        setModels({QStringLiteral("gil"), QStringLiteral("threads")});
        m_view->findChild<QSpinBox *>(QStringLiteral("scheduler.tasks"))->setValue(4);
        QSignalSpy done(m_view.get(), &SchedulerView::batchDone);
        m_view->run();
        QVERIFY(done.wait(30000));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("runs.json"));
        QCOMPARE(m_view->saveRuns(path), QString());
        const std::vector<RunRecord> before = m_view->results();

        SchedulerView other(QStringLiteral(CURTAIN_WORKER));
        QCOMPARE(other.openRuns(path), QString());
        QCOMPARE(other.results().size(), before.size());
        for (std::size_t i = 0; i < before.size(); ++i)
            QVERIFY(other.results()[i].events == before[i].events);
        QCOMPARE(other.timelineView()->timelines().size(), std::size_t(2)); // one press: stacked
        other.seekReplay(0.5);
        m_view->findChild<QTableWidget *>(QStringLiteral("scheduler.runs"))->setCurrentCell(0, 0);
        m_view->seekReplay(0.5);
        QCOMPARE(other.narration(), m_view->narration()); // the replay tells the same story

        QString error = other.openRuns(dir.filePath(QStringLiteral("missing.json")));
        QVERIFY2(error.contains(QStringLiteral("missing.json")), qPrintable(error));
        QCOMPARE(other.results().size(), before.size()); // a bad file loses nothing
    }

    void compareChartsSpeedupPerModel()
    {
        setModels({QStringLiteral("threads"), QStringLiteral("gil")});
        m_view->findChild<QSpinBox *>(QStringLiteral("scheduler.workers"))->setValue(2);
        m_view->findChild<QSpinBox *>(QStringLiteral("scheduler.tasks"))->setValue(4);
        m_view->findChild<QSpinBox *>(QStringLiteral("scheduler.repetitions"))->setValue(3);
        QSignalSpy done(m_view.get(), &SchedulerView::batchDone);
        m_view->compare();
        QVERIFY(done.wait(60000));
        QCOMPARE(m_view->compareResults().size(), std::size_t(2 * 2 * 3)); // models, workers, reps
        auto *plot = m_view->findChild<QCustomPlot *>(QStringLiteral("scheduler.comparePlot"));
        QCOMPARE(plot->graphCount(), 2);
        QCOMPARE(plot->graph(0)->dataCount(), 2);            // 1 and 2 workers
        QCOMPARE(plot->graph(0)->data()->at(0)->value, 1.0); // one worker is the baseline
        QCOMPARE(plot->plottableCount(), 4);                 // each graph with its spread
        QVERIFY(m_view->findChild<QLabel *>(QStringLiteral("scheduler.compareNote"))
                    ->text()
                    .contains(QStringLiteral("median of 3")));
        if (qEnvironmentVariableIsSet("CURTAIN_SCREENSHOT_DIR")) {
            const QString dir = qEnvironmentVariable("CURTAIN_SCREENSHOT_DIR");
            m_view->grab().save(dir + QStringLiteral("/scheduler-compare.png"));
            auto *workload = m_view->findChild<QComboBox *>(QStringLiteral("scheduler.workload"));
            workload->setCurrentIndex(workload->findData(int(Workload::SharedDict)));
            m_view->findChild<QSpinBox *>(QStringLiteral("scheduler.workers"))->setValue(3);
            m_view->run();
            QVERIFY(done.wait(60000));
            m_view->findChild<PageTabs *>()->setCurrentIndex(0);
            m_view->seekReplay(0.4);
            m_view->grab().save(dir + QStringLiteral("/scheduler.png"));
        }
    }

    void aMicrosecondRunBetweenWaitsIsDrawn()
    {
        // Worker 2 waits for the GIL, runs for 2 µs of a 100 ms run, then blocks in I/O: under
        // a pixel wide, and its neighbours' bars must not hide it (the convoy slide's I/O worker
        // looked as if it never ran).
        RunRecord run;
        run.options.model = Model::Gil;
        run.options.workers = 2;
        run.cores = 2;
        run.wallMs = 100;
        run.events = {{0, 0, WorkerState::Running, 0, 0, -1},
                      {0, 1, WorkerState::WaitingGil, 0, 1, -1},
                      {50000000, 1, WorkerState::Running, 0, 1, -1},
                      {50002000, 1, WorkerState::BlockedIo, 0, 1, -1},
                      {100000000, 0, WorkerState::Done, 0, 0, -1},
                      {100000000, 1, WorkerState::Done, 0, 1, -1}};
        TimelineView view;
        view.setTimeline(Timeline::build(run));
        view.resize(800, view.sizeHint().height());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QImage image = view.grab().toImage();
        const QColor running = TimelineView::colour(WorkerState::Running, false);
        const int y = view.laneCentre(0, 1);
        // Where 50 ms falls: the running colour within a couple of pixels of it.
        const double x = view.axis().x(50000000);
        bool seen = false;
        for (int dx = -2; dx <= 2 && !seen; ++dx)
            seen = image.pixelColor(int(std::round(x)) + dx, y) == running;
        QVERIFY2(seen, "a 2 µs run is not drawn");
        // Elsewhere on its lane, before and after, it is not running.
        QVERIFY(image.pixelColor(int(view.axis().x(25000000)), y) != running);
        QVERIFY(image.pixelColor(int(view.axis().x(75000000)), y) != running);
    }

    void impossibleSettingsAreExplained()
    {
        setModels({QStringLiteral("processes")});
        auto *workload = m_view->findChild<QComboBox *>(QStringLiteral("scheduler.workload"));
        workload->setCurrentIndex(workload->findData(int(Workload::Pipeline)));
        m_view->run();
        QVERIFY(!m_view->isRunning());
        QVERIFY(m_view->findChild<QLabel *>(QStringLiteral("scheduler.live"))
                    ->text()
                    .contains(QStringLiteral("pipeline")));
    }
};

QTEST_MAIN(TestSchedulerView)
#include "tst_schedulerview.moc"
