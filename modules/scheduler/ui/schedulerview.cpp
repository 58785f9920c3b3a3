// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "schedulerview.h"

#include "comparepage.h"
#include "machinemeter.h"
#include "pythonpage.h"
#include "replaypage.h"
#include "runstable.h"
#include "setuppanel.h"

#include <kit/actions.h>
#include <kit/pagetabs.h>
#include <kit/paths.h>
#include <kit/stage.h>
#include <scheduler/pythonnarration.h>
#include <scheduler/runtable.h>

#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QSaveFile>
#include <QSplitter>
#include <QStandardPaths>
#include <QVBoxLayout>

#include <algorithm>

namespace Scheduler {

using namespace Kit;

namespace {

/** Asks where to save a file named FILENAME (in the Documents folder at first); empty: not. */
QString
askSavePath(QWidget *parent, const QString &title, const QString &fileName, const QString &filter)
{
    return QFileDialog::getSaveFileName(
        parent,
        title,
        QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + QLatin1Char('/')
            + fileName,
        filter);
}

/** Writes BYTES to PATH atomically; says why not in a message box titled TITLE. */
bool writeFile(QWidget *parent, const QString &title, const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) < 0 || !file.commit()) {
        QMessageBox::warning(parent, title, QObject::tr("%1: %2").arg(path, file.errorString()));
        return false;
    }
    return true;
}

} // namespace

SchedulerView::SchedulerView(QString workerPath, const QString &runnerPath, QWidget *parent)
    : QWidget(parent)
    , m_workerPath(std::move(workerPath))
{
    setObjectName(QStringLiteral("scheduler.view"));
    createActions();
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    m_setup = new SetupPanel(m_workerPath, splitter);
    connect(m_setup, &SetupPanel::runRequested, this, &SchedulerView::run);
    connect(m_setup, &SetupPanel::stopRequested, this, &SchedulerView::stop);
    connect(m_setup, &SetupPanel::compareRequested, this, &SchedulerView::compare);
    splitter->addWidget(m_setup);
    splitter->addWidget(buildCentre(runnerPath));
    m_setup->addStatus(m_live);
    // On a presenter's stage: the timeline, the cores and the narration, not the forms and
    // the lines that come and go.
    for (QWidget *offStage : std::initializer_list<QWidget *>{m_setup, m_live, m_machine})
        markOffStage(offStage);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    // The set-up as narrow as it can be without cutting a field (it scrolls up and down, never
    // sideways); the pictures get the rest.
    splitter->setSizes({m_setup->narrowestWidth(), 4000});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(&m_controller, &RunController::runFinished, this, &SchedulerView::onRunFinished);
    connect(&m_controller, &RunController::batchFinished, this, &SchedulerView::onBatchFinished);
    m_liveTimer.setInterval(100); // about ten updates a second during a run
    connect(&m_liveTimer, &QTimer::timeout, this, &SchedulerView::updateLive);
}

SchedulerView::~SchedulerView()
{
    m_controller.stop();
}

void SchedulerView::createActions()
{
    QAction *runAction = makeAction(this,
                                    QStringLiteral("scheduler.run"),
                                    tr("&Run"),
                                    {QKeySequence(tr("Ctrl+R")), QKeySequence(Qt::Key_F5)});
    connect(runAction, &QAction::triggered, this, &SchedulerView::run);
    QAction *stopAction = makeAction(this,
                                     QStringLiteral("scheduler.stop"),
                                     tr("&Stop"),
                                     {QKeySequence(tr("Ctrl+.")), QKeySequence(Qt::Key_Escape)});
    connect(stopAction, &QAction::triggered, this, &SchedulerView::stop);
    QAction *compareAction = makeAction(this,
                                        QStringLiteral("scheduler.compare"),
                                        tr("&Compare Models"),
                                        {QKeySequence(tr("Ctrl+Shift+C"))});
    connect(compareAction, &QAction::triggered, this, &SchedulerView::compare);
    QAction *saveAction = makeAction(this, QStringLiteral("scheduler.saveRuns"), tr("S&ave Runs…"));
    connect(saveAction, &QAction::triggered, this, &SchedulerView::saveRunsDialog);
    QAction *openAction
        = makeAction(this, QStringLiteral("scheduler.openRuns"), tr("&Open Saved Runs…"));
    connect(openAction, &QAction::triggered, this, &SchedulerView::openRunsDialog);
    QAction *traceAction = makeAction(
        this, QStringLiteral("scheduler.exportTrace"), tr("Export &Trace (Chrome JSON)…"));
    connect(traceAction, &QAction::triggered, this, &SchedulerView::exportTrace);
    QAction *csvAction
        = makeAction(this, QStringLiteral("scheduler.exportCsv"), tr("Export &Numbers (CSV)…"));
    connect(csvAction, &QAction::triggered, this, &SchedulerView::exportCsv);
    m_actions
        = {runAction, stopAction, compareAction, saveAction, openAction, traceAction, csvAction};
}

QWidget *SchedulerView::buildCentre(const QString &runnerPath)
{
    auto *centre = new QWidget;
    auto *column = new QVBoxLayout(centre);
    column->setContentsMargins(4, 4, 4, 4);
    m_live = new QLabel(tr("Ready. Pick a workload and models, then Run."), centre);
    m_live->setObjectName(QStringLiteral("scheduler.live"));
    m_live->setWordWrap(true); // under the set-up's buttons (SetupPanel::addStatus)
    m_machine = new MachineMeter(centre);
    column->addWidget(m_machine);

    m_tabs = new PageTabs(centre);
    m_tabs->setObjectName(QStringLiteral("scheduler.tabs"));
    m_replay = new ReplayPage;
    m_tabs->addTab(m_replay, tr("Timeline"));
    m_runs = new RunsTable;
    connect(m_runs, &QTableWidget::currentCellChanged, this, [this](int row) { showRun(row); });
    m_tabs->addTab(m_runs, tr("Runs"));
    m_compare = new ComparePage;
    m_tabs->addTab(m_compare, tr("Compare"));
    m_python = new PythonPage(runnerPath, Paths::dataDir() + QStringLiteral("/lessons/threads"));
    connectPython();
    m_tabs->addTab(m_python, tr("Your Python"));
    column->addWidget(m_tabs, 1);
    // Your Python runs the learner's program, not the set-up's models: the set-up and the
    // models' status line step aside and the program gets the room they took.
    connect(m_tabs, &PageTabs::currentChanged, this, [this](int index) {
        if (!Kit::isStaged(this)) {
            m_setup->setVisible(index != PythonTab);
            m_live->setVisible(index != PythonTab); // the models' line: Your Python has its own
        }
    });
    return centre;
}

void SchedulerView::connectPython()
{
    connect(m_python, &PythonPage::traced, this, [this](const PythonTrace &trace) {
        addPythonRun(trace);
    });
    connect(m_python, &PythonPage::besideTraced, this, [this](const PythonTrace &trace) {
        addPythonRun(trace, true);
    });
    connect(m_python, &PythonPage::besideRequested, this, &SchedulerView::runBeside);
    connect(m_python, &PythonPage::compareRequested, this, [this] {
        m_python->compare(m_setup->repetitions());
    });
    connect(m_python, &PythonPage::compared, this, [this](const RunRecord &run) {
        m_batches.addCompare(run);
        m_batches.setCompareRepetitions(m_setup->repetitions());
        updateCompare();
    });
    connect(m_python, &PythonPage::compareDone, this, [this](bool stopped) {
        if (!stopped)
            m_tabs->setCurrentIndex(CompareTab);
    });
    connect(m_python, &PythonPage::statusMessage, this, &SchedulerView::statusMessage);
}

TimelineView *SchedulerView::timelineView() const
{
    return m_replay->timelineView();
}

ReplayScene *SchedulerView::replayScene() const
{
    return m_replay->scene();
}

MeasureOptions SchedulerView::optionsFor(Model model, int workers) const
{
    return m_setup->optionsFor(model, workers);
}

void SchedulerView::run()
{
    startBatch(m_setup->runOptions(), false);
}

void SchedulerView::compare()
{
    startBatch(m_setup->compareOptions(), true);
}

void SchedulerView::runBeside(const MeasureOptions &options)
{
    MeasureOptions o = options;
    o.workerPath = m_workerPath;
    startBatch({o}, false, true);
}

void SchedulerView::startBatch(const QList<MeasureOptions> &runs, bool comparing, bool sameBatch)
{
    if (runs.isEmpty()) {
        m_live->setText(tr("Tick at least one model to run."));
        emit statusMessage(tr("Tick at least one model to run."));
        return;
    }
    for (const MeasureOptions &o : runs) {
        if (const QString problem = o.problem(); !problem.isEmpty()) {
            m_live->setText(tr("Cannot run %1: %2").arg(modelName(o.model), problem));
            emit statusMessage(problem);
            return;
        }
    }
    if (!m_controller.start(runs))
        return;
    m_comparing = comparing;
    m_batchSize = int(runs.size());
    if (comparing) // a Python program's compare stays on the chart beside the models'
        m_batches.beginCompare(m_setup->repetitions());
    else
        m_batches.beginBatch(sameBatch);
    m_setup->setRunning(true);
    m_runClock.start();
    m_machine->setRunning(true);
    m_liveTimer.start();
    emit statusMessage(tr("Running %n measurement(s) on real cores…", nullptr, m_batchSize));
}

void SchedulerView::stop()
{
    m_controller.stop();
}

void SchedulerView::updateLive()
{
    // This run's own counters over this run's own time and workers.
    const LiveCounters &live = m_controller.live();
    const double seconds = std::max(double(monotonicNs() - live.startNs.load()) / 1e9, 0.001);
    const double waitShare
        = double(live.waitNs.load()) / 1e9 / (seconds * std::max(1, live.workers.load()));
    m_live->setText(tr("Run %1 of %2 · %3 tasks done · %4 tasks/s · %5 % of worker time "
                       "waiting for locks or the GIL")
                        .arg(m_controller.current() + 1)
                        .arg(m_batchSize)
                        .arg(live.completed.load())
                        .arg(live.completed.load() / seconds, 0, 'f', 1)
                        .arg(qRound(std::min(1.0, waitShare) * 100)));
    m_machine->sample();
}

void SchedulerView::onRunFinished(int, const RunRecord &result)
{
    if (!result.error.isEmpty()) {
        m_live->setText(tr("The run failed: %1").arg(result.error));
        emit statusMessage(result.error);
        return;
    }
    if (m_comparing) {
        m_batches.addCompare(result);
        updateCompare();
        return;
    }
    const int last = m_batches.add(result);
    m_runs->addRun(result);
    // A model run beside a Python program (in its batch): the program's run stays the one
    // replayed, with the model now under it.
    const int shown = m_batches.replayedOfLastBatch();
    m_runs->setCurrentCell(shown, 0);
    if (shown != last)
        showRun(shown);
}

QString SchedulerView::presentPython(const QString &file, bool beside)
{
    if (!m_python->openLesson(file))
        return tr("\"%1\" is not one of Your Python's lessons").arg(file);
    m_besideAfterTrace = beside && m_python->beside();
    m_python->trace();
    if (!m_python->isBusy())
        return tr("Your Python cannot run: curtain-runner was not found");
    return {};
}

bool SchedulerView::isTracing() const
{
    return m_python->isBusy();
}

void SchedulerView::addPythonRun(const PythonTrace &trace, bool beside)
{
    // A batch of its own: its timeline is drawn alone, lanes named after its threads. Beside
    // the last one: drawn under it, which stays the one replayed.
    m_batches.beginBatch(beside);
    m_batches.add(trace.run);
    m_runs->addRun(trace.run);
    m_tabs->setCurrentIndex(TimelineTab);
    m_runs->setCurrentCell(beside ? m_batches.replayedOfLastBatch() : m_runs->rowCount() - 1, 0);
    if (beside)
        showRun(m_batches.replayedOfLastBatch());
    m_live->setText(tr("%1: %2").arg(trace.run.program, runSummary(trace)));
    // Done, unless a deck's demo wants the model beside it first.
    if (std::exchange(m_besideAfterTrace, false) && m_python->beside())
        runBeside(*m_python->beside());
    else
        emit batchDone();
}

void SchedulerView::onBatchFinished(bool stopped)
{
    m_liveTimer.stop();
    m_machine->setRunning(false);
    const int disturbed
        = disturbedAmongLast(m_comparing ? m_batches.compareRuns() : m_batches.runs(), m_batchSize);
    QString text = stopped ? tr("Stopped after %1 ms.").arg(m_runClock.elapsed())
                           : tr("Done in %1 ms: %n run(s) measured.", nullptr, m_batchSize)
                                 .arg(m_runClock.elapsed());
    if (disturbed > 0) {
        text += QLatin1Char(' ')
                + tr("Other programs were busy during %n of them: their timings are unreliable. "
                     "Close them and run again.",
                     nullptr,
                     disturbed);
    }
    if (!m_live->text().startsWith(tr("The run failed")))
        m_live->setText(text);
    m_setup->setRunning(false);
    if (m_comparing && !stopped) // a Compare stopped for the next demo leaves its page alone
        m_tabs->setCurrentIndex(CompareTab);
    emit statusMessage(stopped ? tr("Stopped.")
                               : tr("Done: see the timeline, the runs and the numbers."));
    emit batchDone();
}

void SchedulerView::showRun(int row)
{
    const std::vector<RunRecord> &runs = m_batches.runs();
    if (row < 0 || row >= int(runs.size()))
        return;
    m_shown = row;
    // The runs of one Run press, stacked on one time axis; the chosen one is replayed.
    std::vector<Timeline> stacked;
    int current = 0;
    for (const int i : m_batches.batchRuns(row)) {
        if (i == row)
            current = int(stacked.size());
        stacked.push_back(Timeline::build(runs[std::size_t(i)]));
    }
    m_replay->showRuns(std::move(stacked), current);
    // On a presenter's stage the replay waits at its start: the clicker steps it from there.
    if (Kit::isStaged(this))
        m_replay->seekTime(m_replay->replayed().start);
}

void SchedulerView::seekReplay(double fraction)
{
    m_replay->seek(fraction);
}

QString SchedulerView::narration() const
{
    return m_replay->narration();
}

void SchedulerView::updateCompare()
{
    m_compare->showSummary(m_batches.compareSummary());
}

void SchedulerView::exportTrace()
{
    // (Opening a file without runs keeps the replay of the runs before, no longer in results().)
    if (m_shown < 0 || m_shown >= int(m_batches.runs().size())) {
        emit statusMessage(tr("Run something first: there is no trace to export."));
        return;
    }
    const QString path = askSavePath(this,
                                     tr("Export Trace"),
                                     QStringLiteral("curtain-trace.json"),
                                     tr("Chrome trace (*.json)"));
    if (path.isEmpty())
        return;
    // Written as it is made: a run of a million changes is never whole in memory as text.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)
        || !writeChromeTrace(m_batches.runs()[std::size_t(m_shown)], &file) || !file.commit()) {
        QMessageBox::warning(this, tr("Export Trace"), tr("%1: %2").arg(path, file.errorString()));
        return;
    }
    emit statusMessage(tr("Saved %1: open it in the Perfetto UI").arg(path));
}

void SchedulerView::exportCsv()
{
    const QString path = askSavePath(
        this, tr("Export Numbers"), QStringLiteral("curtain-runs.csv"), tr("CSV (*.csv)"));
    if (!path.isEmpty())
        writeFile(this, tr("Export Numbers"), path, RunTable::csv(m_batches.runs()));
}

QString SchedulerView::saveRuns(const QString &path) const
{
    QString error;
    RunFile::save(path, m_batches.saved(), &error);
    return error;
}

QString SchedulerView::openRuns(const QString &path)
{
    if (isRunning())
        return tr("Stop the run first, then open saved runs.");
    QString error;
    std::optional<SavedRuns> saved = RunFile::load(path, &error);
    if (!saved)
        return error;
    m_batches.restore(std::move(*saved));
    m_runs->setRuns(m_batches.runs());
    updateCompare();
    if (!m_batches.runs().empty())
        m_runs->setCurrentCell(0, 0);
    m_live->setText(
        tr("Opened %1: %n saved run(s), as they ran.", nullptr, int(m_batches.runs().size()))
            .arg(QFileInfo(path).fileName()));
    return {};
}

void SchedulerView::saveRunsDialog()
{
    if (m_batches.runs().empty() && m_batches.compareRuns().empty()) {
        emit statusMessage(tr("Run something first: there are no runs to save."));
        return;
    }
    const QString path = askSavePath(
        this, tr("Save Runs"), QStringLiteral("scheduler-runs.json"), tr("Curtain runs (*.json)"));
    if (path.isEmpty())
        return;
    if (const QString error = saveRuns(path); !error.isEmpty()) {
        QMessageBox::warning(this, tr("Save Runs"), error);
        return;
    }
    emit statusMessage(tr("Saved the runs to %1").arg(path));
}

void SchedulerView::openRunsDialog()
{
    const QString path = QFileDialog::getOpenFileName(
        this,
        tr("Open Saved Runs"),
        QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation),
        tr("Curtain runs (*.json)"));
    if (path.isEmpty())
        return;
    if (const QString error = openRuns(path); !error.isEmpty())
        QMessageBox::warning(this, tr("Open Saved Runs"), error);
}

QString SchedulerView::present(const QVariantMap &setup,
                               const QString &runsFile,
                               const QString &run,
                               const QString &show)
{
    if (isRunning())
        stop();
    restoreState(setup);
    // A demo starts clean: the runs of the slide before are not this slide's.
    m_batches.clear();
    m_runs->setRowCount(0);
    m_shown = -1;
    m_replay->clear();
    updateCompare();
    const int tab = show == QLatin1String("runs")      ? RunsTab
                    : show == QLatin1String("compare") ? CompareTab
                                                       : TimelineTab;
    m_tabs->setCurrentIndex(tab);
    if (!runsFile.isEmpty()) {
        QString error = openRuns(runsFile);
        if (!error.isEmpty())
            return error;
        m_tabs->setCurrentIndex(tab);
        return {};
    }
    if (run == QLatin1String("true"))
        this->run();
    else if (run == QLatin1String("compare"))
        compare();
    m_tabs->setCurrentIndex(tab);
    return {};
}

bool SchedulerView::showNextPanel()
{
    // The pages a room can read: the timeline, the runs, and the comparison once there is one
    // (Your Python is a form and an editor: for the keyboard, not the stage).
    QList<int> pages{TimelineTab, RunsTab};
    if (!m_batches.compareRuns().empty())
        pages.append(CompareTab);
    const qsizetype at = pages.indexOf(m_tabs->currentIndex());
    m_tabs->setCurrentIndex(pages.at((at + 1) % pages.size()));
    return true;
}

std::vector<std::int64_t> SchedulerView::presentStopsShown() const
{
    if (m_shown < 0 || m_replay->isEmpty() || m_tabs->currentIndex() != TimelineTab)
        return {};
    return presentStops(m_replay->replayed(), m_stepRule);
}

bool SchedulerView::presentStep(bool forward)
{
    if (isRunning() || isTracing())
        return forward; // a press while it runs waits for it, on this slide
    if (m_tabs->currentIndex() != TimelineTab)
        return false; // the Runs or Compare page: a press would change nothing in sight
    if (m_shown < 0 || m_replay->isEmpty()) {
        if (!forward)
            return false;
        run();
        return isRunning();
    }
    const std::vector<std::int64_t> stops = presentStopsShown();
    if (stops.empty())
        return false;
    const std::int64_t now = m_replay->playhead();
    if (forward) {
        const auto next = std::upper_bound(stops.begin(), stops.end(), now);
        if (next == stops.end())
            return false;
        m_replay->seekTime(*next);
        return true;
    }
    const auto here = std::lower_bound(stops.begin(), stops.end(), now);
    if (here != stops.begin())
        m_replay->seekTime(*std::prev(here));
    else if (now > m_replay->replayed().start)
        m_replay->seekTime(m_replay->replayed().start);
    else
        return false;
    return true;
}

std::optional<Kit::StepPosition> SchedulerView::presentPosition() const
{
    const std::vector<std::int64_t> stops = presentStopsShown();
    if (stops.empty())
        return std::nullopt;
    const std::int64_t now = m_replay->playhead();
    const auto passed = std::upper_bound(stops.begin(), stops.end(), now) - stops.begin();
    return Kit::StepPosition{int(passed), int(stops.size())};
}

void SchedulerView::replayToEnd()
{
    m_replay->toEnd();
}

void SchedulerView::pauseReplay()
{
    m_replay->pause();
}

QVariantMap SchedulerView::saveState() const
{
    return m_setup->saveState();
}

void SchedulerView::restoreState(const QVariantMap &state)
{
    m_setup->restoreState(state);
}

} // namespace Scheduler
