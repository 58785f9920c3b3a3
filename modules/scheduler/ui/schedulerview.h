// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <scheduler/engine.h>
#include <scheduler/presentstops.h>
#include <scheduler/runbatches.h>
#include <scheduler/runcontroller.h>

#include <kit/module.h>

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

namespace Kit {
class PageTabs;
} // namespace Kit
class QAction;
class QLabel;

namespace Scheduler {

class ComparePage;
class MachineMeter;
class PythonPage;
struct PythonTrace;
class ReplayPage;
class ReplayScene;
class RunsTable;
class SetupPanel;
class TimelineView;

/**
 * Scheduler Lab's window: set up a run, watch it live (with what other programs do to the
 * machine meanwhile), read the runs' timelines stacked on one axis, replay one in slow motion on
 * the cores it really ran on, compare the models across worker counts with repetitions, save and
 * open runs, export plots, traces and numbers.
 *
 * The view composes its pieces and wires them; each owns its part:
 * - SetupPanel (left): the set-up form and the Run, Stop and Compare buttons; turns the fields
 *   into the runs a press makes, and saves and restores them (saveState()).
 * - MachineMeter (top): the whole machine's cores, sampled between runs and during them.
 * - the live line (top): this batch's own counters while it runs, then how it went.
 * - PageTabs with four pages: ReplayPage ("Timeline": the stacked timelines, the replay scene,
 *   its controls and narration), RunsTable ("Runs": one row per run; choosing a row replays it),
 *   ComparePage ("Compare": the chart, its note and numbers) and PythonPage ("Your Python").
 * - RunBatches (core): which run belongs to which batch and what Compare holds and summarises;
 *   saved and opened as a whole (RunFile). RunTable (core) writes Export Numbers' CSV.
 * - RunController (core): runs a batch off the GUI thread.
 * The view keeps the actions, the batch's life (start, each run, the end), the file dialogs and
 * presenting a deck's demo.
 */
class SchedulerView final : public QWidget
{
    Q_OBJECT

public:
    /**
     * WORKERPATH is curtain-worker, for the process model; RUNNERPATH curtain-runner, for "Your
     * Python" (empty: that page says it is missing).
     */
    explicit SchedulerView(QString workerPath,
                           const QString &runnerPath = {},
                           QWidget *parent = nullptr);
    ~SchedulerView() override;

    QList<QAction *> actions() const { return m_actions; }

    /** Runs every checked model with the current settings. */
    void run();
    /** Runs every checked model for 1..workers workers, repetitions times each, and charts it. */
    void compare();
    void stop();
    bool isRunning() const { return m_controller.isRunning(); }
    /** The settings of the set-up panel as options for MODEL. */
    MeasureOptions optionsFor(Model model, int workers) const;
    /** Finished runs, in order. */
    const std::vector<RunRecord> &results() const { return m_batches.runs(); }
    /** The Compare chart's runs. */
    const std::vector<RunRecord> &compareResults() const { return m_batches.compareRuns(); }
    TimelineView *timelineView() const;
    /** The "Your Python" page. */
    PythonPage *pythonPage() const { return m_python; }
    /** Adds a Python program's recorded run to the runs and shows it on the timeline. */
    /** A traced program, in a batch of its own, or (BESIDE) under the last one. */
    void addPythonRun(const PythonTrace &trace, bool beside = false);
    /** Runs OPTIONS (a C++ model) into the last run's batch: drawn beside it on one axis. */
    void runBeside(const MeasureOptions &options);
    /**
     * A deck's demo: Your Python's lesson FILE run in CPython and shown on the timeline, then
     * (BESIDE) the lesson's model drawn under it. Returns a problem, or an empty string.
     */
    QString presentPython(const QString &file, bool beside);
    /** Whether a Python program is running. */
    bool isTracing() const;
    ReplayScene *replayScene() const;
    /** Replay: moves the playhead to FRACTION (0..1) of the shown run. */
    void seekReplay(double fraction);
    QString narration() const;

    /** Saves the runs and the Compare chart's runs to PATH; an error message, or empty. */
    QString saveRuns(const QString &path) const;
    /** Opens runs saved by saveRuns(), replacing the ones shown; an error message, or empty. */
    QString openRuns(const QString &path);

    QVariantMap saveState() const;
    void restoreState(const QVariantMap &state);

    /**
     * Presenting a deck's demo: the set-up from SETUP (saveState()'s keys), the runs shown so far
     * forgotten, then RUNSFILE opened (when given) or RUN done: "true" runs, "compare" compares,
     * "false" waits; SHOW picks the tab ("timeline", "runs", "compare"). An error, or empty.
     */
    QString present(const QVariantMap &setup,
                    const QString &runsFile,
                    const QString &run,
                    const QString &show);
    /** Presenting: how a press steps through the replay (a deck's `step:`; events by default). */
    void setPresentStep(const StepRule &rule) { m_stepRule = rule; }
    /** Presenting: the next page the room can read (Timeline, Runs, Compare once it ran). */
    bool showNextPanel();
    /** Presenting: one step. With no run shown, forward runs; then the replay moves to the next
     *  (or previous) of presentStops(). Nothing steps while the Runs or Compare page is shown
     *  (nothing on it would change). False when there is nowhere to go. */
    bool presentStep(bool forward);
    /** Presenting: how many of the replay's stops are behind the playhead, of how many; nothing
     *  before a run, or on the Runs or Compare page. */
    std::optional<Kit::StepPosition> presentPosition() const;
    /** Presenting: the replay at its end. */
    void replayToEnd();
    /** Stops the replay (a blackout), leaving the playhead where it is. */
    void pauseReplay();

signals:
    void statusMessage(const QString &message);
    void batchDone();

private:
    /** The pages, in their tabs' order. */
    enum Tab { TimelineTab, RunsTab, CompareTab, PythonTab };

    /** The replayed run's stops for the presenter's clicker (empty: nothing to step through). */
    std::vector<std::int64_t> presentStopsShown() const;
    StepRule m_stepRule;

    QWidget *buildCentre(const QString &runnerPath);
    void connectPython();
    void createActions();
    void startBatch(const QList<MeasureOptions> &runs, bool comparing, bool sameBatch = false);
    void onRunFinished(int index, const RunRecord &result);
    void onBatchFinished(bool stopped);
    void showRun(int row);
    void updateLive();
    void updateCompare();
    void exportTrace();
    void exportCsv();
    void saveRunsDialog();
    void openRunsDialog();

    QString m_workerPath;
    RunController m_controller;
    RunBatches m_batches;
    QTimer m_liveTimer;
    QElapsedTimer m_runClock;
    int m_batchSize = 0;
    bool m_comparing = false;
    int m_shown = -1;                // the run replayed, an index of results()
    bool m_besideAfterTrace = false; // a deck's demo: the model follows the program

    QList<QAction *> m_actions;
    SetupPanel *m_setup = nullptr;
    QLabel *m_live = nullptr;
    MachineMeter *m_machine = nullptr;
    Kit::PageTabs *m_tabs = nullptr;
    ReplayPage *m_replay = nullptr;
    RunsTable *m_runs = nullptr;
    ComparePage *m_compare = nullptr;
    PythonPage *m_python = nullptr;
};

} // namespace Scheduler
