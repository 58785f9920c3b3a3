// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <cpuload.h>
#include <engine.h>
#include <runcontroller.h>
#include <runfile.h>
#include <timeline.h>

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

class QAction;
class QCheckBox;
class QComboBox;
class QCustomPlot;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QScrollArea;
class PythonPage;
struct PythonTrace;
class QSlider;
class QSpinBox;
class PageTabs;
class QTableWidget;
class ReplayScene;
class TimelineView;

/**
 * Scheduler Lab's window: set up a run, watch it live (with what other programs do to the
 * machine meanwhile), read the runs' timelines stacked on one axis, replay one in slow motion on
 * the cores it really ran on, compare the models across worker counts with repetitions, save and
 * open runs, export plots, traces and numbers.
 */
class SchedulerView final : public QWidget
{
    Q_OBJECT

public:
    /**
     * WORKERPATH is curtain-worker, for the process model; RUNNERPATH curtain-runner, for "Your
     * Python" (empty: that page says it is missing).
     */
    explicit SchedulerView(QString workerPath, QString runnerPath = {}, QWidget *parent = nullptr);
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
    const std::vector<RunResult> &results() const { return m_results; }
    /** The Compare chart's runs. */
    const std::vector<RunResult> &compareResults() const { return m_compareResults; }
    TimelineView *timelineView() const { return m_timeline; }
    /** The "Your Python" page. */
    PythonPage *pythonPage() const { return m_python; }
    /** Adds a Python program's recorded run to the runs and shows it on the timeline. */
    void addPythonRun(const PythonTrace &trace);
    /** Runs OPTIONS (a C++ model) into the last run's batch: drawn beside it on one axis. */
    void runBeside(const MeasureOptions &options);
    /**
     * A deck's demo: Your Python's lesson FILE run in CPython and shown on the timeline, then
     * (BESIDE) the lesson's model drawn under it. Returns a problem, or an empty string.
     */
    QString presentPython(const QString &file, bool beside);
    /** Whether a Python program is running. */
    bool isTracing() const;
    ReplayScene *replayScene() const { return m_scene; }
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
    /** Presenting: one step. With no run shown, forward runs; then the replay moves a frame
     *  (a fortieth of the run) forward or back. False when there is nowhere to go. */
    bool presentStep(bool forward);
    /** Presenting: the replay at its end. */
    void replayToEnd();
    /** Stops the replay (a blackout), leaving the playhead where it is. */
    void pauseReplay();

    /** Replay steps a presenter's press moves through a run. */
    static constexpr int PresentFrames = 40;

signals:
    void statusMessage(const QString &message);
    void batchDone();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    /** Scrolls the timeline to the lanes of the run being replayed. */
    void showCurrentRun();
    QWidget *buildSetup();
    QWidget *buildCentre();
    void createActions();
    void startBatch(const QList<MeasureOptions> &runs, bool comparing, bool sameBatch = false);
    void onRunFinished(int index, const RunResult &result);
    void onBatchFinished(bool stopped);
    void addRunRow(const RunResult &result);
    void showRun(int row);
    void updateLive();
    void sampleMachine();
    void updateCompare();
    void updateWorkloadHelp();
    void stepReplay();
    void exportTrace();
    void exportCsv();
    void saveRunsDialog();
    void openRunsDialog();
    QList<Model> checkedModels() const;

    QString m_workerPath;
    RunController m_controller;
    CpuSampler m_cpu;
    QTimer m_liveTimer;
    QTimer m_machineTimer;
    QTimer m_replayTimer;
    QElapsedTimer m_runClock;
    std::vector<RunResult> m_results;
    std::vector<int> m_batchOf; // per result: the batch it belongs to
    int m_batches = 0;
    std::vector<RunResult> m_compareResults;
    int m_compareRepetitions = 0;
    int m_batchSize = 0;
    bool m_comparing = false;
    int m_shown = -1;
    double m_othersPeak = 0; // during the batch, cores' worth of other programs' CPU

    QList<QAction *> m_actions;
    QComboBox *m_workload = nullptr;
    QLabel *m_workloadHelp = nullptr;
    QList<QCheckBox *> m_models;
    QSpinBox *m_workers = nullptr;
    QSpinBox *m_tasks = nullptr;
    QDoubleSpinBox *m_taskMs = nullptr;
    QSlider *m_interval = nullptr;
    QLabel *m_intervalLabel = nullptr;
    QCheckBox *m_blocking = nullptr;
    QSpinBox *m_repetitions = nullptr;
    QPushButton *m_runButton = nullptr;
    QPushButton *m_stopButton = nullptr;
    QPushButton *m_compareButton = nullptr;
    QLabel *m_live = nullptr;
    QWidget *m_cores = nullptr;
    QLabel *m_machine = nullptr;
    PageTabs *m_tabs = nullptr;
    TimelineView *m_timeline = nullptr;
    PythonPage *m_python = nullptr;
    QString m_runnerPath;
    bool m_besideAfterTrace = false; // a deck's demo: the model follows the program
    QScrollArea *m_timelineScroll = nullptr;
    ReplayScene *m_scene = nullptr;
    QLabel *m_narration = nullptr;
    QSlider *m_scrubber = nullptr;
    QComboBox *m_replaySpeed = nullptr;
    QPushButton *m_play = nullptr;
    QTableWidget *m_runs = nullptr;
    QCustomPlot *m_plot = nullptr;
    QLabel *m_compareNote = nullptr;
    QTableWidget *m_compareTable = nullptr;
};
