// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Each module's deck preset: every key and value checked by name and line without a view, and a
// good preset applied to the real module (the runner, the workers, the simulation).

#include <app/builtins.h>
#include <classforge/classforgeview.h>
#include <kit/module.h>
#include <kit/moduleregistry.h>
#include <scheduler/replayscene.h>
#include <scheduler/schedulerview.h>
#include <scheduler/timelineview.h>
#include <startup/startupview.h>

#include <QElapsedTimer>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>

using namespace ClassForge;
using namespace Kit;
using namespace Scheduler;
using namespace Shell;
using namespace Startup;

namespace {

DemoPreset presetOf(const QStringList &lines, const QString &code = {})
{
    DemoPreset preset;
    int line = 10;
    for (const QString &text : lines) {
        const int colon = int(text.indexOf(QLatin1Char(':')));
        preset.entries.append({text.left(colon).trimmed(), text.mid(colon + 1).trimmed(), line++});
    }
    preset.deckDir = QStringLiteral(CURTAIN_TEST_DATA_DIR "/present");
    preset.slideCode = code;
    return preset;
}

} // namespace

class TestPresets : public QObject
{
    Q_OBJECT

private:
    ModuleRegistry m_registry;

    bool waitIdle(Module *module)
    {
        QElapsedTimer clock;
        clock.start();
        while (module->isBusy() && clock.elapsed() < 60000)
            QTest::qWait(20);
        QTest::qWait(50); // what the finished run sends is delivered
        return !module->isBusy();
    }

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("CURTAIN_LIBEXEC_DIR", QByteArrayLiteral(CURTAIN_BUILD_LIBEXEC_DIR));
        qputenv("CURTAIN_DATA_DIR", QByteArrayLiteral(CURTAIN_BUILD_DATA_DIR));
        registerBuiltInModules(m_registry);
    }

    void everyKeyAndValueIsChecked_data()
    {
        QTest::addColumn<QString>("module");
        QTest::addColumn<QStringList>("lines");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("problem"); // empty: sound
        QTest::addColumn<int>("line");
        const QString code = QStringLiteral("class A:\n    pass\n");
        const auto row = [](const char *name,
                            const char *module,
                            const QStringList &lines,
                            const QString &slideCode,
                            const char *problem,
                            int line) {
            QTest::newRow(name) << QString::fromLatin1(module) << lines << slideCode
                                << QString::fromUtf8(problem) << line;
        };
        row("forge lesson",
            "classforge",
            QStringList{QStringLiteral("lesson: 04_enforcer.py"),
                        QStringLiteral("step: meta_init")},
            QString(),
            "",
            0);
        row("forge lesson by stem",
            "classforge",
            QStringList{QStringLiteral("lesson: 04_enforcer"), QStringLiteral("run: false")},
            QString(),
            "",
            0);
        row("forge slide code",
            "classforge",
            QStringList{QStringLiteral("source: slide"),
                        QStringLiteral("step: 3"),
                        QStringLiteral("predict: true")},
            code,
            "",
            0);
        row("forge no lesson",
            "classforge",
            QStringList{QStringLiteral("lesson: 99_nothing.py")},
            QString(),
            "neither a built-in lesson",
            10);
        row("forge slide without code",
            "classforge",
            QStringList{QStringLiteral("source: slide")},
            QString(),
            "```python",
            10);
        row("forge both",
            "classforge",
            QStringList{QStringLiteral("lesson: 01_person.py"), QStringLiteral("source: slide")},
            code,
            "exactly one",
            10);
        row("forge step zero",
            "classforge",
            QStringList{QStringLiteral("lesson: 01_person.py"), QStringLiteral("step: 0")},
            QString(),
            "step number",
            11);
        row("forge step kind",
            "classforge",
            QStringList{QStringLiteral("lesson: 01_person.py"), QStringLiteral("step: meta_dance")},
            QString(),
            "meta_dance",
            11);
        row("forge predict",
            "classforge",
            QStringList{QStringLiteral("lesson: 01_person.py"), QStringLiteral("predict: maybe")},
            QString(),
            "true, false",
            11);
        row("forge unknown",
            "classforge",
            QStringList{QStringLiteral("lesson: 01_person.py"), QStringLiteral("colour: red")},
            QString(),
            "unknown key \"colour\"",
            11);
        row("python lesson",
            "scheduler",
            QStringList{QStringLiteral("python: 03_convoy.py"), QStringLiteral("beside: true")},
            QString(),
            "",
            0);
        row("python no lesson",
            "scheduler",
            QStringList{QStringLiteral("python: 99_nothing.py")},
            QString(),
            "not one of Your Python's lessons",
            10);
        row("beside without a lesson",
            "scheduler",
            QStringList{QStringLiteral("beside: true")},
            QString(),
            "name the lesson",
            10);
        row("scheduler defaults", "scheduler", QStringList{}, QString(), "", 0);
        row("scheduler full",
            "scheduler",
            QStringList{QStringLiteral("models: threads, gil, processes"),
                        QStringLiteral("workload: io"),
                        QStringLiteral("workers: 4"),
                        QStringLiteral("tasks: 8"),
                        QStringLiteral("task_ms: 5"),
                        QStringLiteral("switch_interval_ms: 1"),
                        QStringLiteral("blocking_io: false"),
                        QStringLiteral("run: compare"),
                        QStringLiteral("show: compare"),
                        QStringLiteral("repetitions: 2")},
            QString(),
            "",
            0);
        row("scheduler model",
            "scheduler",
            QStringList{QStringLiteral("models: threads, fibres")},
            QString(),
            "\"fibres\" is not one of",
            10);
        row("scheduler workers",
            "scheduler",
            QStringList{QStringLiteral("workers: 1e300")},
            QString(),
            "whole number from 1 to 16",
            10);
        row("scheduler mixed",
            "scheduler",
            QStringList{QStringLiteral("workload: mixed"), QStringLiteral("workers: 1")},
            QString(),
            "mixed workload",
            10);
        row("scheduler runs file",
            "scheduler",
            QStringList{QStringLiteral("runs: missing-runs.json")},
            QString(),
            "missing-runs.json",
            10);
        row("startup override",
            "startup",
            QStringList{QStringLiteral("scenario: transcoding"),
                        QStringLiteral("set: pool.instances=4, broker.prefetch_multiplier=1"),
                        QStringLiteral("speed: 240")},
            QString(),
            "",
            0);
        row("startup new section",
            "startup",
            QStringList{QStringLiteral("set: outsourcing.above_queue=4")},
            QString(),
            "",
            0);
        row("startup feed",
            "startup",
            QStringList{QStringLiteral("scenario: feed"),
                        QStringLiteral("replications: 3"),
                        QStringLiteral("run: false")},
            QString(),
            "",
            0);
        row("startup no scenario",
            "startup",
            QStringList{QStringLiteral("scenario: weather")},
            QString(),
            "neither a built-in scenario",
            10);
        row("startup no field",
            "startup",
            QStringList{QStringLiteral("set: pool.nothing=1")},
            QString(),
            "has no field \"pool.nothing\"",
            10);
        row("startup out of range",
            "startup",
            QStringList{QStringLiteral("set: pool.instances=100000")},
            QString(),
            "pool.instances",
            10);
        row("startup speed",
            "startup",
            QStringList{QStringLiteral("speed: 7")},
            QString(),
            "10, 60, 240",
            10);
        row("startup say",
            "startup",
            QStringList{QStringLiteral("say: machines, losses, cost")},
            QString(),
            "",
            0);
        row("startup say unknown",
            "startup",
            QStringList{QStringLiteral("say: hoarding")},
            QString(),
            "hoarding",
            10);
        row("startup say beside no playback",
            "startup",
            QStringList{QStringLiteral("scenario: feed"), QStringLiteral("say: cost")},
            QString(),
            "only a transcoding scenario",
            11);
    }

    void everyKeyAndValueIsChecked()
    {
        QFETCH(QString, module);
        QFETCH(QStringList, lines);
        QFETCH(QString, code);
        QFETCH(QString, problem);
        QFETCH(int, line);
        Module *m = m_registry.find(module);
        QVERIFY(m);
        const QList<PresetProblem> problems = m->checkPreset(presetOf(lines, code));
        QVERIFY(!m->hasView()); // checked without a view
        if (problem.isEmpty()) {
            for (const PresetProblem &p : problems)
                qWarning("%d: %s", p.line, qPrintable(p.message));
            QVERIFY(problems.isEmpty());
            return;
        }
        QVERIFY(!problems.isEmpty());
        QVERIFY2(problems.first().message.contains(problem), qPrintable(problems.first().message));
        QCOMPARE(problems.first().line, line);
    }

    void classForgeOpensTheTraceWhereTheDeckSays()
    {
        Module *forge = m_registry.find(QStringLiteral("classforge"));
        QVERIFY(forge
                    ->applyPreset(presetOf({QStringLiteral("lesson: 04_enforcer.py"),
                                            QStringLiteral("step: class_created")}))
                    .isEmpty());
        auto *view = static_cast<ClassForgeView *>(forge->view());
        QVERIFY(waitIdle(forge));
        QCOMPARE(view->player()->currentStep()->kind, Protocol::StepKind::ClassCreated);
        QVERIFY(forge->stepForward());
        // The slide's own code, named as the slide in a traceback.
        QVERIFY(forge
                    ->applyPreset(presetOf(
                        {QStringLiteral("source: slide"), QStringLiteral("step: 2")},
                        QStringLiteral("class A:\n    x = 1\nraise ValueError('on the slide')\n")))
                    .isEmpty());
        QVERIFY(waitIdle(forge));
        QCOMPARE(view->player()->current(), 1);
        view->player()->last(); // the traceback is the program's last word
        QVERIFY(view->outputText().contains(QStringLiteral("slide.py")));
        QVERIFY(view->source().contains(QStringLiteral("on the slide")));
    }

    void aDemoEnteredGoingBackOpensAtItsEnd_data()
    {
        QTest::addColumn<QString>("module");
        QTest::addColumn<QStringList>("lines");
        QTest::newRow("classforge")
            << QStringLiteral("classforge")
            << QStringList{QStringLiteral("lesson: 01_person.py"), QStringLiteral("step: 2")};
        QTest::newRow("scheduler") << QStringLiteral("scheduler")
                                   << QStringList{QStringLiteral("models: gil"),
                                                  QStringLiteral("workload: cpu"),
                                                  QStringLiteral("workers: 2"),
                                                  QStringLiteral("tasks: 4"),
                                                  QStringLiteral("task_ms: 2")};
        QTest::newRow("startup") << QStringLiteral("startup")
                                 << QStringList{QStringLiteral("scenario: transcoding"),
                                                QStringLiteral("set: hours=4")};
    }

    void aDemoEnteredGoingBackOpensAtItsEnd()
    {
        // The presenter steps back into a demo slide: its run on entry is still going, and the
        // demo must come up at its end, not at the step the deck opens it on going forward.
        QFETCH(QString, module);
        QFETCH(QStringList, lines);
        Module *m = m_registry.find(module);
        QVERIFY(m->applyPreset(presetOf(lines)).isEmpty());
        QVERIFY(m->isBusy());
        m->stepToEnd();
        QVERIFY(waitIdle(m));
        QVERIFY2(!m->stepForward(), "not at the end");
        QVERIFY(m->stepBack());
        // A later preset forgets the pending end: it opens where it says.
        QVERIFY(m->applyPreset(presetOf(lines)).isEmpty());
        QVERIFY(waitIdle(m));
        QVERIFY(m->stepForward());
    }

    void schedulerRunsThenStepsTheReplay()
    {
        Module *lab = m_registry.find(QStringLiteral("scheduler"));
        QVERIFY(lab->applyPreset(presetOf({QStringLiteral("models: gil"),
                                           QStringLiteral("workload: cpu"),
                                           QStringLiteral("workers: 2"),
                                           QStringLiteral("tasks: 4"),
                                           QStringLiteral("task_ms: 2")}))
                    .isEmpty());
        auto *view = static_cast<SchedulerView *>(lab->view());
        QVERIFY(waitIdle(lab));
        QTRY_COMPARE_WITH_TIMEOUT(int(view->results().size()), 1, 20000);
        QCOMPARE(view->results().front().options.model, Model::Gil);
        view->seekReplay(0);
        QCOMPARE(lab->stepPosition()->index, 0);
        QVERIFY(lab->stepForward());
        QCOMPARE(lab->stepPosition()->index, 1); // the console's "step 1 of N"
        // By default a press lands on the run's events, a clicker's worth of them.
        QVERIFY(lab->stepPosition()->count <= StepRule::MaxStops + 1);
        QVERIFY(lab->stepBack());
        QVERIFY(!lab->stepBack()); // at the start of the replay
        lab->stepToEnd();
        QVERIFY(!lab->stepForward()); // at its end: the talk moves on
        // A new demo starts clean.
        QVERIFY(lab->applyPreset(presetOf({QStringLiteral("run: false")})).isEmpty());
        QCOMPARE(int(view->results().size()), 0);
    }

    void schedulerStepsFromOneHandOffToTheNext()
    {
        // `step: handoff`: each press shows the GIL in another thread's hands than the last.
        Module *lab = m_registry.find(QStringLiteral("scheduler"));
        QVERIFY(lab->applyPreset(presetOf({QStringLiteral("models: gil"),
                                           QStringLiteral("workload: cpu"),
                                           QStringLiteral("workers: 2"),
                                           QStringLiteral("tasks: 4"),
                                           QStringLiteral("task_ms: 4"),
                                           QStringLiteral("switch_interval_ms: 1"),
                                           QStringLiteral("step: handoff")}))
                    .isEmpty());
        auto *view = static_cast<SchedulerView *>(lab->view());
        QVERIFY(waitIdle(lab));
        QTRY_COMPARE_WITH_TIMEOUT(int(view->results().size()), 1, 20000);
        view->seekReplay(0);
        const int count = lab->stepPosition()->count;
        QVERIFY2(count >= 3, "a GIL run of two threads hands the GIL over");
        int presses = 0;
        while (lab->stepForward()) {
            ++presses;
            QCOMPARE(lab->stepPosition()->index, presses);
            if (presses == count)
                break; // the run's end
            // The GIL is in other hands than an instant before: a hand-off is what is shown.
            const Timeline &shown = view->timelineView()->timeline();
            const std::int64_t at = view->timelineView()->playhead();
            const int now = ReplayFrame::at(shown, at).gilHolder;
            QVERIFY2(now >= 0 && now != ReplayFrame::at(shown, at - 1).gilHolder,
                     qPrintable(view->narration()));
            QCOMPARE(view->replayScene()->frame().gilHolder, now);
        }
        QCOMPARE(presses, count);
        QVERIFY(!lab->stepForward());
        // A bad way to step loses that key only: the demo still runs, stepping by events.
        QCOMPARE(lab->checkPreset(presetOf({QStringLiteral("step: sometimes")})).size(), 1);
    }

    void compareHasNoInvisibleSteps()
    {
        // The Compare page shows a chart: a press would step the hidden replay, so it moves on.
        Module *lab = m_registry.find(QStringLiteral("scheduler"));
        QVERIFY(lab->applyPreset(presetOf({QStringLiteral("models: threads"),
                                           QStringLiteral("workload: cpu"),
                                           QStringLiteral("workers: 2"),
                                           QStringLiteral("tasks: 2"),
                                           QStringLiteral("task_ms: 1"),
                                           QStringLiteral("repetitions: 1"),
                                           QStringLiteral("run: compare"),
                                           QStringLiteral("show: compare")}))
                    .isEmpty());
        QVERIFY(waitIdle(lab));
        auto *view = static_cast<SchedulerView *>(lab->view());
        // One model, one and two workers, once each: two runs, then the batch is done.
        QTRY_VERIFY_WITH_TIMEOUT(view->compareResults().size() == 2 && !lab->isBusy(), 20000);
        QVERIFY(!lab->stepPosition());
        QVERIFY(!lab->stepForward());
        QVERIFY(!lab->stepBack());
    }

    void schedulerRunsAPythonLessonAndItsModelBeside()
    {
        // A deck's demo of Your Python: the lesson in real CPython, its model drawn under it.
        Module *lab = m_registry.find(QStringLiteral("scheduler"));
        QVERIFY(lab->applyPreset(presetOf({QStringLiteral("python: 01_two_threads_computing.py"),
                                           QStringLiteral("beside: true")}))
                    .isEmpty());
        QVERIFY(lab->isBusy());
        auto *view = static_cast<SchedulerView *>(lab->view());
        QSignalSpy done(view, &SchedulerView::batchDone);
        QVERIFY(done.wait(60000));
        QCOMPARE(done.count(), 1); // once, when the model beside it has run too
        QCOMPARE(int(view->results().size()), 2);
        QVERIFY(view->results().front().program.startsWith(QStringLiteral("01_two_threads")));
        QCOMPARE(view->timelineView()->timelines().size(), std::size_t(2));
        QVERIFY(lab->stepForward()); // the replay
    }

    void startupRunsTheScenarioWithItsOverrides()
    {
        Module *sim = m_registry.find(QStringLiteral("startup"));
        QVERIFY(sim->applyPreset(presetOf({QStringLiteral("scenario: transcoding"),
                                           QStringLiteral("set: pool.instances=3, hours=6"),
                                           QStringLiteral("speed: 240")}))
                    .isEmpty());
        auto *view = static_cast<StartupView *>(sim->view());
        QVERIFY(waitIdle(sim));
        QCOMPARE(view->currentModel(), QStringLiteral("transcoding"));
        QTRY_VERIFY_WITH_TIMEOUT(!view->lastResult().isEmpty(), 20000);
        QVERIFY2(!view->lastResult().isEmpty(),
                 qPrintable(view->findChild<QLabel *>(QStringLiteral("startup.message"))->text()));
        QVERIFY(sim->stepForward());             // the playback, an hour on
        QCOMPARE(sim->stepPosition()->count, 6); // the console's "step n of 6": its hours
        QVERIFY(sim->stepPosition()->index >= 1);
        QVERIFY(sim->stepBack());
        QVERIFY(!sim->stepBack());
        // A bad preset changes nothing and says why.
        const QList<PresetProblem> problems = sim->applyPreset(
            presetOf({QStringLiteral("scenario: feed"), QStringLiteral("set: nope=1")}));
        QCOMPARE(problems.size(), 1);
        QCOMPARE(view->currentModel(), QStringLiteral("transcoding"));
    }
};

QTEST_MAIN(TestPresets)
#include "tst_presets.moc"
