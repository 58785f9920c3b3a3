// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "schedulerview.h"

#include "pythonpage.h"
#include "replayscene.h"
#include "timelineview.h"

#include <actions.h>
#include <appearance.h>
#include <compare.h>
#include <plotstyle.h>

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QScrollBar>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTextStream>
#include <QVBoxLayout>
#include <columnscrollarea.h>
#include <fittable.h>
#include <pagetabs.h>
#include <paths.h>

#include <qcustomplot.h>

#include <set>

namespace {

/** One bar per core, filled by how busy it is (every program on the machine, not only ours). */
class CoreBars final : public QWidget
{
public:
    explicit CoreBars(QWidget *parent)
        : QWidget(parent)
    {
        setAccessibleName(tr("Busy share of each core of the machine"));
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    }
    void setBusy(std::vector<double> busy)
    {
        const bool relayout = busy.size() != m_busy.size();
        m_busy = std::move(busy);
        if (relayout)
            updateGeometry();
        update();
    }
    QSize sizeHint() const override
    {
        const int n = std::max<int>(1, int(m_busy.size()));
        return {n * (cellWidth() + 4), fontMetrics().height() + 8};
    }
    QSize minimumSizeHint() const override { return {cellWidth() + 4, sizeHint().height()}; }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        const int n = std::max<int>(1, int(m_busy.size()));
        const double w = double(width()) / n;
        const bool dark = palette().color(QPalette::Base).lightness() < 128;
        const QColor fill = TimelineView::colour(WorkerState::Running, dark);
        for (int i = 0; i < int(m_busy.size()); ++i) {
            const QRectF cell(i * w + 2, 0, w - 4, height());
            p.fillRect(cell, palette().color(QPalette::Base));
            const double busy = std::clamp(m_busy[std::size_t(i)], 0.0, 1.0);
            p.fillRect(QRectF(cell.left(), cell.top(), cell.width() * busy, cell.height()), fill);
            p.setPen(palette().color(QPalette::Mid));
            p.drawRect(cell.adjusted(0, 0, -1, -1));
            // The words sit on a plate of the base colour: readable over any fill.
            const QString label = w >= cellWidth()
                                      ? tr("core %1: %2 %").arg(i + 1).arg(qRound(busy * 100))
                                      : tr("%1 %").arg(qRound(busy * 100));
            const QRectF plate = QRectF(p.fontMetrics().boundingRect(label)).adjusted(-3, 0, 3, 0);
            QRectF placed(0, 0, plate.width(), plate.height());
            placed.moveCenter(cell.center());
            p.fillRect(placed, palette().color(QPalette::Base));
            p.setPen(palette().color(QPalette::Text));
            p.drawText(placed, Qt::AlignCenter, label);
        }
    }

private:
    int cellWidth() const { return fontMetrics().horizontalAdvance(tr("core 16: 100 %")) + 12; }

    std::vector<double> m_busy;
};

struct Column
{
    QString title;
    QString id; // the CSV header
};

const std::vector<Column> &runColumns()
{
    // What the run measured first (it is what a learner compares), then how it was set up.
    static const std::vector<Column> columns{
        {QObject::tr("model"), QStringLiteral("model")},
        {QObject::tr("workers"), QStringLiteral("workers")},
        {QObject::tr("wall ms"), QStringLiteral("wall_ms")},
        {QObject::tr("tasks/s"), QStringLiteral("tasks_per_s")},
        {QObject::tr("CPU ms"), QStringLiteral("cpu_ms")},
        {QObject::tr("GIL wait ms"), QStringLiteral("gil_wait_ms")},
        {QObject::tr("GIL hand-offs"), QStringLiteral("gil_handoffs")},
        {QObject::tr("lock wait ms"), QStringLiteral("lock_wait_ms")},
        {QObject::tr("task p50 ms"), QStringLiteral("task_p50_ms")},
        {QObject::tr("I/O p50 ms"), QStringLiteral("io_p50_ms")},
        {QObject::tr("spawn ms"), QStringLiteral("spawn_ms")},
        {QObject::tr("bytes sent"), QStringLiteral("encoded_bytes")},
        {QObject::tr("workload"), QStringLiteral("workload")},
        {QObject::tr("tasks"), QStringLiteral("tasks")},
        {QObject::tr("task size ms"), QStringLiteral("task_ms")},
        {QObject::tr("switch interval ms"), QStringLiteral("switch_interval_ms")},
        {QObject::tr("blocking I/O"), QStringLiteral("blocking_io")},
        {QObject::tr("other programs (cores)"), QStringLiteral("other_load_cores")},
        {QObject::tr("stopped"), QStringLiteral("stopped")},
    };
    return columns;
}

/** A run as table cells: words for people (FORPEOPLE), ids for a CSV file. */
QStringList runRow(const RunResult &r, bool forPeople)
{
    const QString none = forPeople ? QStringLiteral("–") : QString();
    const bool gil = r.options.model == Model::Gil;
    // A Python program's run: its threads, what was measured of them; the C++ models' settings
    // do not apply.
    const bool python = !r.program.isEmpty();
    const QString model = forPeople ? modelName(r.options.model) : modelId(r.options.model);
    return {python ? r.program : model,
            QString::number(r.options.workers),
            QString::number(r.wallMs, 'f', 1),
            python ? none : QString::number(r.throughput, 'f', 1),
            QString::number(r.cpuMs, 'f', 1),
            gil ? QString::number(r.gilWaitMs, 'f', 1) : none,
            gil ? QString::number(r.gilHandoffs) : none,
            python ? none : QString::number(r.lockWaitMs, 'f', 1),
            python ? none : QString::number(r.taskLatency.p50, 'f', 2),
            r.hasIo ? QString::number(r.ioLatency.p50, 'f', 2) : none,
            r.options.model == Model::Processes ? QString::number(r.spawnMeanMs, 'f', 1) : none,
            r.options.model == Model::Processes ? QString::number(r.encodedBytes) : none,
            python
                ? (forPeople ? QObject::tr("your Python") : QStringLiteral("python"))
                : (forPeople ? workloadName(r.options.workload) : workloadId(r.options.workload)),
            python ? none : QString::number(r.tasks),
            python ? none : QString::number(r.options.effectiveTaskMs()),
            gil && !python ? QString::number(r.options.switchIntervalMs) : none,
            r.options.model == Model::Coroutines
                ? (r.options.blockingIo ? QObject::tr("yes") : QObject::tr("no"))
                : none,
            QString::number(r.otherLoadCores, 'f', 2),
            r.stopped ? QObject::tr("yes") : QObject::tr("no")};
}

/** The cores a replay draws: all of a small machine, else the ones the run used. */
std::vector<int> coresToDraw(const Timeline &t)
{
    std::vector<int> cores;
    if (t.cores <= 8) {
        for (int c = 0; c < t.cores; ++c)
            cores.push_back(c);
        return cores;
    }
    std::set<int> used;
    for (const Segment &s : t.segments) {
        if (s.state == WorkerState::Running && s.cpu >= 0 && s.cpu < t.cores)
            used.insert(s.cpu);
    }
    return {used.begin(), used.end()};
}

} // namespace

SchedulerView::SchedulerView(QString workerPath, QString runnerPath, QWidget *parent)
    : QWidget(parent)
    , m_workerPath(std::move(workerPath))
    , m_runnerPath(std::move(runnerPath))
{
    setObjectName(QStringLiteral("scheduler.view"));
    createActions();
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    // The set-up scrolls at a large zoom; Run, Stop and Compare stay in sight under it.
    auto *setupColumn = new QWidget(splitter);
    auto *setupLayout = new QVBoxLayout(setupColumn);
    setupLayout->setContentsMargins(0, 0, 0, 0);
    auto *setupScroll = new ColumnScrollArea(setupColumn);
    setupScroll->setWidget(buildSetup());
    setupLayout->addWidget(setupScroll, 1);
    auto *buttons = new QGridLayout;
    buttons->setContentsMargins(8, 0, 8, 8);
    buttons->addWidget(m_runButton, 0, 0);
    buttons->addWidget(m_stopButton, 0, 1);
    buttons->addWidget(m_compareButton, 1, 0, 1, 2);
    setupLayout->addLayout(buttons);
    splitter->addWidget(setupColumn);
    splitter->addWidget(buildCentre());
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    // The set-up as narrow as it can be without cutting a field (it scrolls up and down, never
    // sideways); the pictures get the rest.
    splitter->setSizes({setupScroll->minimumSizeHint().width(), 4000});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(&m_controller, &RunController::runFinished, this, &SchedulerView::onRunFinished);
    connect(&m_controller, &RunController::batchFinished, this, &SchedulerView::onBatchFinished);
    m_liveTimer.setInterval(100); // about ten updates a second during a run
    connect(&m_liveTimer, &QTimer::timeout, this, &SchedulerView::updateLive);
    m_machineTimer.setInterval(1000); // between runs: what the machine is doing anyway
    connect(&m_machineTimer, &QTimer::timeout, this, &SchedulerView::sampleMachine);
    m_replayTimer.setInterval(33);
    connect(&m_replayTimer, &QTimer::timeout, this, &SchedulerView::stepReplay);
    updateWorkloadHelp();
}

SchedulerView::~SchedulerView()
{
    m_controller.stop();
}

void SchedulerView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_cpu.sample();
    if (!isRunning())
        m_machineTimer.start();
}

void SchedulerView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_machineTimer.stop();
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

QWidget *SchedulerView::buildSetup()
{
    auto *box = new QGroupBox(tr("Set-up"));
    auto *form = new QFormLayout(box);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_workload = new QComboBox(box);
    m_workload->setObjectName(QStringLiteral("scheduler.workload"));
    m_workload->setAccessibleName(tr("Workload"));
    for (Workload w :
         {Workload::Cpu, Workload::Io, Workload::Mixed, Workload::SharedDict, Workload::Pipeline}) {
        m_workload->addItem(workloadName(w), int(w));
    }
    connect(m_workload, &QComboBox::currentIndexChanged, this, &SchedulerView::updateWorkloadHelp);
    form->addRow(tr("Workload"), m_workload);
    m_workloadHelp = new QLabel(box);
    m_workloadHelp->setObjectName(QStringLiteral("scheduler.workloadHelp"));
    m_workloadHelp->setWordWrap(true);
    form->addRow(m_workloadHelp);
    auto *models = new QVBoxLayout;
    for (Model m : {Model::Threads, Model::Gil, Model::Processes, Model::Coroutines}) {
        auto *check = new QCheckBox(modelName(m), box);
        check->setObjectName(QStringLiteral("scheduler.model.") + modelId(m));
        check->setChecked(m == Model::Threads || m == Model::Gil);
        check->setProperty("model", int(m));
        m_models.append(check);
        models->addWidget(check);
    }
    form->addRow(tr("Models"), models);
    m_workers = new QSpinBox(box);
    m_workers->setObjectName(QStringLiteral("scheduler.workers"));
    m_workers->setAccessibleName(tr("Workers"));
    m_workers->setRange(1, 16);
    m_workers->setValue(2);
    form->addRow(tr("Workers"), m_workers);
    m_tasks = new QSpinBox(box);
    m_tasks->setObjectName(QStringLiteral("scheduler.tasks"));
    m_tasks->setAccessibleName(tr("Tasks"));
    m_tasks->setRange(1, 1000);
    m_tasks->setValue(16);
    form->addRow(tr("Tasks"), m_tasks);
    m_taskMs = new QDoubleSpinBox(box);
    m_taskMs->setObjectName(QStringLiteral("scheduler.taskMs"));
    m_taskMs->setAccessibleName(tr("Task size"));
    m_taskMs->setRange(0.1, 1000);
    m_taskMs->setValue(10);
    m_taskMs->setSuffix(tr(" ms"));
    form->addRow(tr("Task size"), m_taskMs);
    m_interval = new QSlider(Qt::Horizontal, box);
    m_interval->setObjectName(QStringLiteral("scheduler.switchInterval"));
    m_interval->setAccessibleName(tr("GIL switch interval"));
    m_interval->setRange(1, 50);
    m_interval->setValue(5);
    m_interval->setMinimumWidth(fontMetrics().averageCharWidth() * 14); // a slider, not a dot
    m_intervalLabel = new QLabel(tr("5 ms"), box);
    connect(m_interval, &QSlider::valueChanged, this, [this](int ms) {
        m_intervalLabel->setText(tr("%1 ms").arg(ms));
    });
    auto *interval = new QHBoxLayout;
    interval->addWidget(m_interval, 1);
    interval->addWidget(m_intervalLabel);
    form->addRow(tr("GIL switch interval"), interval);
    m_blocking = new QCheckBox(tr("Blocking I/O in coroutines"), box);
    m_blocking->setObjectName(QStringLiteral("scheduler.blockingIo"));
    form->addRow(m_blocking);
    m_repetitions = new QSpinBox(box);
    m_repetitions->setObjectName(QStringLiteral("scheduler.repetitions"));
    m_repetitions->setAccessibleName(tr("Repetitions per Compare point"));
    m_repetitions->setRange(1, 10);
    m_repetitions->setValue(3);
    form->addRow(tr("Compare repetitions"), m_repetitions);
    m_runButton = new QPushButton(tr("Run"), box);
    m_runButton->setObjectName(QStringLiteral("scheduler.runButton"));
    connect(m_runButton, &QPushButton::clicked, this, &SchedulerView::run);
    m_stopButton = new QPushButton(tr("Stop"), box);
    m_stopButton->setObjectName(QStringLiteral("scheduler.stopButton"));
    m_stopButton->setEnabled(false);
    connect(m_stopButton, &QPushButton::clicked, this, &SchedulerView::stop);
    m_compareButton = new QPushButton(tr("Compare 1…N workers"), box);
    m_compareButton->setObjectName(QStringLiteral("scheduler.compareButton"));
    connect(m_compareButton, &QPushButton::clicked, this, &SchedulerView::compare);
    // The buttons are placed under the scrolling form by the constructor: always in sight.
    return box;
}

QWidget *SchedulerView::buildCentre()
{
    auto *centre = new QWidget;
    auto *column = new QVBoxLayout(centre);
    column->setContentsMargins(4, 4, 4, 4);
    m_live = new QLabel(tr("Ready. Pick a workload and models, then Run."), centre);
    m_live->setObjectName(QStringLiteral("scheduler.live"));
    m_live->setWordWrap(true);
    column->addWidget(m_live);
    // The meters' caption on its own line, the meters under it across the whole width.
    m_machine = new QLabel(tr("Whole machine, every program:"), centre);
    m_machine->setObjectName(QStringLiteral("scheduler.machine"));
    m_machine->setWordWrap(true);
    column->addWidget(m_machine);
    auto *cores = new CoreBars(centre);
    cores->setObjectName(QStringLiteral("scheduler.cores"));
    m_cores = cores;
    column->addWidget(m_cores);

    m_tabs = new PageTabs(centre);
    m_tabs->setObjectName(QStringLiteral("scheduler.tabs"));
    auto *timelinePage = new QWidget;
    auto *timelineColumn = new QVBoxLayout(timelinePage);
    m_scene = new ReplayScene(timelinePage);
    timelineColumn->addWidget(m_scene);
    m_timeline = new TimelineView;
    m_timelineScroll = new QScrollArea(timelinePage);
    m_timelineScroll->setObjectName(QStringLiteral("scheduler.timelineScroll"));
    m_timelineScroll->setWidgetResizable(true);
    m_timelineScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_timelineScroll->setWidget(m_timeline);
    timelineColumn->addWidget(m_timelineScroll, 1);
    m_timelineScroll->viewport()->installEventFilter(this);
    auto *replay = new QHBoxLayout;
    m_play = new QPushButton(tr("Replay"), timelinePage);
    m_play->setObjectName(QStringLiteral("scheduler.replay"));
    connect(m_play, &QPushButton::clicked, this, [this] {
        if (m_replayTimer.isActive()) {
            m_replayTimer.stop();
            m_play->setText(tr("Replay"));
        } else if (m_shown >= 0) {
            if (m_scrubber->value() >= m_scrubber->maximum())
                seekReplay(0);
            m_replayTimer.start();
            m_play->setText(tr("Pause"));
        }
    });
    replay->addWidget(m_play);
    m_replaySpeed = new QComboBox(timelinePage);
    m_replaySpeed->setObjectName(QStringLiteral("scheduler.replaySpeed"));
    m_replaySpeed->setAccessibleName(tr("Replay speed"));
    m_replaySpeed->addItem(tr("1/100 speed"), 0.01);
    m_replaySpeed->addItem(tr("1/20 speed"), 0.05);
    m_replaySpeed->addItem(tr("1/5 speed"), 0.2);
    m_replaySpeed->addItem(tr("real time"), 1.0);
    m_replaySpeed->setCurrentIndex(1);
    replay->addWidget(m_replaySpeed);
    m_scrubber = new QSlider(Qt::Horizontal, timelinePage);
    m_scrubber->setObjectName(QStringLiteral("scheduler.scrubber"));
    m_scrubber->setAccessibleName(tr("Replay position"));
    m_scrubber->setRange(0, 1000);
    connect(m_scrubber, &QSlider::valueChanged, this, [this](int value) {
        seekReplay(value / 1000.0);
    });
    replay->addWidget(m_scrubber, 1);
    timelineColumn->addLayout(replay);
    m_narration = new QLabel(timelinePage);
    m_narration->setObjectName(QStringLiteral("scheduler.narration"));
    m_narration->setWordWrap(true);
    m_narration->setMinimumHeight(fontMetrics().height() * 2);
    timelineColumn->addWidget(m_narration);
    m_tabs->addTab(timelinePage, tr("Timeline"));

    m_runs = new QTableWidget;
    m_runs->setObjectName(QStringLiteral("scheduler.runs"));
    m_runs->setAccessibleName(tr("Runs"));
    QStringList headers;
    for (const Column &c : runColumns())
        headers.append(c.title);
    FitTable::setUp(m_runs, headers);
    m_runs->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_runs->setSelectionBehavior(QAbstractItemView::SelectRows);
    connect(m_runs, &QTableWidget::currentCellChanged, this, [this](int row) { showRun(row); });
    m_tabs->addTab(m_runs, tr("Runs"));

    auto *comparePage = new QWidget;
    auto *compareColumn = new QVBoxLayout(comparePage);
    m_plot = new QCustomPlot(comparePage);
    m_plot->setObjectName(QStringLiteral("scheduler.comparePlot"));
    m_plot->setAccessibleName(tr("Compare chart"));
    m_plot->xAxis->setLabel(tr("workers"));
    m_plot->yAxis->setLabel(compareMetricLabel(CompareMetric::Speedup));
    PlotStyle::showLegendBelow(m_plot);
    QSharedPointer<QCPAxisTickerFixed> whole(new QCPAxisTickerFixed);
    whole->setTickStep(1.0); // workers come in whole numbers
    m_plot->xAxis->setTicker(whole);
    m_plot->setMinimumHeight(fontMetrics().height() * 10);
    PlotStyle::attach(m_plot);
    compareColumn->addWidget(m_plot, 2);
    m_compareNote = new QLabel(comparePage);
    m_compareNote->setObjectName(QStringLiteral("scheduler.compareNote"));
    m_compareNote->setWordWrap(true);
    compareColumn->addWidget(m_compareNote);
    m_compareTable = new QTableWidget(comparePage);
    m_compareTable->setObjectName(QStringLiteral("scheduler.compareTable"));
    m_compareTable->setAccessibleName(tr("Compare numbers"));
    FitTable::setUp(
        m_compareTable,
        {tr("model"), tr("workers"), tr("median"), tr("lowest"), tr("highest"), tr("runs")});
    m_compareTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    compareColumn->addWidget(m_compareTable, 1);
    // The chart keeps a readable size; the page scrolls when the zoom makes it taller.
    auto *compareScroll = new QScrollArea;
    compareScroll->setWidget(comparePage);
    compareScroll->setWidgetResizable(true);
    compareScroll->setFrameShape(QFrame::NoFrame);
    m_tabs->addTab(compareScroll, tr("Compare"));
    m_python = new PythonPage(m_runnerPath, Paths::dataDir() + QStringLiteral("/lessons/threads"));
    connect(m_python, &PythonPage::traced, this, &SchedulerView::addPythonRun);
    connect(m_python, &PythonPage::besideRequested, this, &SchedulerView::runBeside);
    connect(m_python, &PythonPage::compareRequested, this, [this] {
        m_python->compare(m_repetitions->value());
    });
    connect(m_python, &PythonPage::compared, this, [this](const RunResult &run) {
        m_compareResults.push_back(run);
        m_compareRepetitions = m_repetitions->value();
        updateCompare();
    });
    connect(m_python, &PythonPage::compareDone, this, [this](bool stopped) {
        if (!stopped)
            m_tabs->setCurrentIndex(2);
    });
    connect(m_python, &PythonPage::statusMessage, this, &SchedulerView::statusMessage);
    m_tabs->addTab(m_python, tr("Your Python"));
    column->addWidget(m_tabs, 1);
    return centre;
}

void SchedulerView::updateWorkloadHelp()
{
    const auto workload = Workload(m_workload->currentData().toInt());
    m_workloadHelp->setText(workloadDescription(workload));
}

QList<Model> SchedulerView::checkedModels() const
{
    QList<Model> models;
    for (const QCheckBox *check : m_models) {
        if (check->isChecked())
            models.append(Model(check->property("model").toInt()));
    }
    return models;
}

MeasureOptions SchedulerView::optionsFor(Model model, int workers) const
{
    MeasureOptions o;
    o.model = model;
    o.workload = Workload(m_workload->currentData().toInt());
    o.workers = workers;
    o.tasks = m_tasks->value();
    o.taskMs = m_taskMs->value();
    o.switchIntervalMs = m_interval->value();
    o.blockingIo = m_blocking->isChecked();
    o.workerPath = m_workerPath;
    return o;
}

void SchedulerView::run()
{
    QList<MeasureOptions> runs;
    for (Model model : checkedModels())
        runs.append(optionsFor(model, m_workers->value()));
    startBatch(runs, false);
}

void SchedulerView::compare()
{
    QList<MeasureOptions> runs;
    const Workload workload = Workload(m_workload->currentData().toInt());
    const int from = workload == Workload::Mixed ? 2 : 1;
    // Repetitions go round the whole set, so a passing disturbance spreads over every point
    // instead of spoiling one.
    for (int rep = 0; rep < m_repetitions->value(); ++rep) {
        for (Model model : checkedModels()) {
            for (int workers = from; workers <= std::max(from, m_workers->value()); ++workers) {
                if (workload == Workload::Pipeline && workers == 2)
                    continue;
                runs.append(optionsFor(model, workers));
            }
        }
    }
    startBatch(runs, true);
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
    if (comparing) {
        // A Python program's compare stays on the chart beside the models'.
        std::erase_if(m_compareResults, [](const RunResult &r) { return r.program.isEmpty(); });
        m_compareRepetitions = m_repetitions->value();
    } else if (!sameBatch || m_results.empty()) {
        ++m_batches;
    }
    m_othersPeak = 0;
    m_runButton->setEnabled(false);
    m_compareButton->setEnabled(false);
    m_stopButton->setEnabled(true);
    m_runClock.start();
    m_machineTimer.stop();
    m_cpu.sample();
    m_liveTimer.start();
    emit statusMessage(tr("Running %n measurement(s) on real cores…", nullptr, m_batchSize));
}

void SchedulerView::stop()
{
    m_controller.stop();
}

void SchedulerView::sampleMachine()
{
    static_cast<CoreBars *>(m_cores)->setBusy(m_cpu.sample());
    const double others = m_cpu.others();
    m_othersPeak = std::max(m_othersPeak, isRunning() ? others : 0.0);
    QString text = tr("Whole machine, every program. Other programs: %1 cores' worth.")
                       .arg(others, 0, 'f', 1);
    if (others > CpuLoad::UnreliableAbove)
        text += QLatin1Char(' ') + tr("That is enough to make timings unreliable.");
    m_machine->setText(text);
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
    sampleMachine();
}

void SchedulerView::onRunFinished(int, const RunResult &result)
{
    if (!result.error.isEmpty()) {
        m_live->setText(tr("The run failed: %1").arg(result.error));
        emit statusMessage(result.error);
        return;
    }
    if (m_comparing) {
        m_compareResults.push_back(result);
        updateCompare();
        return;
    }
    m_results.push_back(result);
    m_batchOf.push_back(m_batches);
    addRunRow(result);
    // A model run beside a Python program (in its batch): the program's run stays the one
    // replayed, with the model now under it.
    int shown = int(m_results.size()) - 1;
    for (int i = shown; i >= 0 && m_batchOf[std::size_t(i)] == m_batches; --i) {
        if (!m_results[std::size_t(i)].program.isEmpty())
            shown = i;
    }
    m_runs->setCurrentCell(shown, 0);
    if (shown != int(m_results.size()) - 1)
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

void SchedulerView::addPythonRun(const PythonTrace &trace)
{
    // A batch of its own: its timeline is drawn alone, lanes named after its threads.
    ++m_batches;
    m_results.push_back(trace.run);
    m_batchOf.push_back(m_batches);
    addRunRow(trace.run);
    m_tabs->setCurrentIndex(0);
    m_runs->setCurrentCell(m_runs->rowCount() - 1, 0);
    m_live->setText(tr("%1: %n thread(s), %2 GIL hand-offs.", nullptr, int(trace.threads.size()))
                        .arg(trace.run.program)
                        .arg(trace.run.gilHandoffs));
    // Done, unless a deck's demo wants the model beside it first.
    if (std::exchange(m_besideAfterTrace, false) && m_python->beside())
        runBeside(*m_python->beside());
    else
        emit batchDone();
}

void SchedulerView::addRunRow(const RunResult &result)
{
    const int row = m_runs->rowCount();
    m_runs->insertRow(row);
    const QStringList cells = runRow(result, true);
    for (int c = 0; c < cells.size(); ++c) {
        auto *item = new QTableWidgetItem(cells.at(c));
        if (!result.loadWarning().isEmpty())
            item->setToolTip(result.loadWarning());
        m_runs->setItem(row, c, item);
    }
}

void SchedulerView::onBatchFinished(bool stopped)
{
    m_liveTimer.stop();
    sampleMachine();
    if (isVisible())
        m_machineTimer.start();
    int disturbed = 0;
    const std::vector<RunResult> &batch = m_comparing ? m_compareResults : m_results;
    for (std::size_t i
         = batch.size() - std::min<std::size_t>(batch.size(), std::size_t(m_batchSize));
         i < batch.size();
         ++i)
        disturbed += !batch[i].loadWarning().isEmpty();
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
    m_runButton->setEnabled(true);
    m_compareButton->setEnabled(true);
    m_stopButton->setEnabled(false);
    if (m_comparing)
        m_tabs->setCurrentIndex(2);
    emit statusMessage(stopped ? tr("Stopped.")
                               : tr("Done: see the timeline, the runs and the numbers."));
    emit batchDone();
}

void SchedulerView::showRun(int row)
{
    if (row < 0 || row >= int(m_results.size()))
        return;
    m_shown = row;
    // The runs of one Run press, stacked on one time axis; the chosen one is replayed.
    std::vector<Timeline> stacked;
    int current = 0;
    for (int i = 0; i < int(m_results.size()); ++i) {
        if (m_batchOf[std::size_t(i)] != m_batchOf[std::size_t(row)])
            continue;
        if (i == row)
            current = int(stacked.size());
        stacked.push_back(Timeline::build(m_results[std::size_t(i)]));
    }
    m_timeline->setTimelines(std::move(stacked), current);
    // What the replay scene says of this run, once for all its frames.
    const Timeline &t = m_timeline->timeline();
    const Workload w = m_results[std::size_t(row)].options.workload;
    m_scene->setDoesIo(w == Workload::Io || w == Workload::Mixed);
    QStringList names;
    if (!t.names.empty() || (t.workload == Workload::Pipeline && t.lanes >= 3)) {
        // Short in the core boxes: "Thread-1 (count)" is "Thread-1" there.
        for (int lane = 0; lane < t.lanes; ++lane)
            names.append(t.laneName(lane).section(QStringLiteral(" ("), 0, 0));
    }
    m_scene->setLaneNames(names);
    // The replayed run's lanes in sight: the narration speaks of them (once the stack is laid out).
    QTimer::singleShot(0, m_timelineScroll, [this] { showCurrentRun(); });
    m_scrubber->blockSignals(true);
    m_scrubber->setValue(0);
    m_scrubber->blockSignals(false);
    seekReplay(0.35);
}

void SchedulerView::showCurrentRun()
{
    const auto [top, bottom] = m_timeline->currentRows();
    if (bottom - top > m_timelineScroll->viewport()->height())
        m_timelineScroll->verticalScrollBar()->setValue(top);
    else
        m_timelineScroll->ensureVisible(0, (top + bottom) / 2, 0, (bottom - top) / 2);
}

bool SchedulerView::eventFilter(QObject *watched, QEvent *event)
{
    // The narration's lines change the timeline's height: the replayed run stays in sight.
    if (watched == m_timelineScroll->viewport() && event->type() == QEvent::Resize)
        showCurrentRun();
    return QWidget::eventFilter(watched, event);
}

void SchedulerView::seekReplay(double fraction)
{
    const Timeline &t = m_timeline->timeline();
    if (t.lanes == 0)
        return;
    fraction = std::clamp(fraction, 0.0, 1.0);
    const std::int64_t at = t.start + std::int64_t(double(t.end - t.start) * fraction);
    m_timeline->setPlayhead(at);
    if (m_shown >= 0)
        m_scene->setFrame(ReplayFrame::at(t, at), t.model, coresToDraw(t));
    m_narration->setText(tr("%1 at %2 ms: %3")
                             .arg(t.title)
                             .arg(double(at - t.start) / 1e6, 0, 'f', 2)
                             .arg(t.narrate(at)));
    m_scrubber->blockSignals(true);
    m_scrubber->setValue(qRound(fraction * 1000));
    m_scrubber->blockSignals(false);
}

QString SchedulerView::narration() const
{
    return m_narration->text();
}

void SchedulerView::stepReplay()
{
    const Timeline &t = m_timeline->timeline();
    const double span = double(std::max<std::int64_t>(t.end - t.start, 1));
    const double speed = m_replaySpeed->currentData().toDouble();
    const double fraction = double(m_timeline->playhead() - t.start) / span
                            + m_replayTimer.interval() * 1e6 * speed / span;
    seekReplay(fraction);
    if (fraction >= 1.0) {
        m_replayTimer.stop();
        m_play->setText(tr("Replay"));
    }
}

void SchedulerView::updateCompare()
{
    m_plot->clearPlottables();
    m_compareTable->setRowCount(0);
    if (m_compareResults.empty()) {
        m_compareNote->clear();
        m_plot->replot();
        return;
    }
    // The models' workload decides the metric; a Python program's runs chart a speed-up, and
    // only beside a speed-up.
    Workload workload = Workload::Cpu;
    for (const RunResult &r : m_compareResults) {
        if (r.program.isEmpty()) {
            workload = r.options.workload;
            break;
        }
    }
    const CompareMetric metric = compareMetricFor(workload);
    m_plot->yAxis->setLabel(compareMetricLabel(metric));
    std::vector<RunResult> charted;
    for (const RunResult &r : m_compareResults) {
        if (r.program.isEmpty() || metric == CompareMetric::Speedup)
            charted.push_back(r);
    }
    const std::vector<CompareSeries> series = summarizeCompare(charted, metric);
    double maxX = 1, maxY = 1;
    int disturbed = 0, runs = 0;
    for (std::size_t i = 0; i < series.size(); ++i) {
        const CompareSeries &s = series[i];
        QVector<double> x, y, low, high;
        for (const ComparePoint &p : s.points) {
            x.append(p.workers);
            y.append(p.median);
            low.append(p.median - p.low);
            high.append(p.high - p.median);
            maxX = std::max(maxX, double(p.workers));
            maxY = std::max(maxY, p.high);
            disturbed += p.disturbed;
            runs += p.runs;
            const int row = m_compareTable->rowCount();
            m_compareTable->insertRow(row);
            const QStringList cells{s.name(),
                                    QString::number(p.workers),
                                    QString::number(p.median, 'f', 2),
                                    QString::number(p.low, 'f', 2),
                                    QString::number(p.high, 'f', 2),
                                    p.disturbed > 0
                                        ? tr("%1 (%2 disturbed)").arg(p.runs).arg(p.disturbed)
                                        : QString::number(p.runs)};
            for (int c = 0; c < cells.size(); ++c)
                m_compareTable->setItem(row, c, new QTableWidgetItem(cells.at(c)));
        }
        QCPGraph *graph = m_plot->addGraph();
        graph->setName(s.name());
        graph->setData(x, y);
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 8));
        auto *bars = new QCPErrorBars(m_plot->xAxis, m_plot->yAxis);
        bars->removeFromLegend();
        bars->setDataPlottable(graph);
        bars->setData(low, high);
    }
    m_plot->xAxis->setRange(0.5, maxX + 0.5);
    m_plot->yAxis->setRange(0, maxY * 1.15);
    PlotStyle::apply(m_plot,
                     Appearance::instance()->palette(),
                     Appearance::instance()->baseFont(),
                     Appearance::instance()->fontScale());
    m_plot->replot();
    QString note = tr("Each point is the median of %n run(s); the bars reach the lowest and the "
                      "highest.",
                      nullptr,
                      m_compareRepetitions);
    if (disturbed > 0) {
        note += QLatin1Char(' ')
                + tr("Other programs were busy during %1 of the %2 runs: expect a wide spread, and "
                     "close them before trusting the shape.")
                      .arg(disturbed)
                      .arg(runs);
    }
    m_compareNote->setText(note);
}

void SchedulerView::exportTrace()
{
    if (m_shown < 0) {
        emit statusMessage(tr("Run something first: there is no trace to export."));
        return;
    }
    const QString path = QFileDialog::getSaveFileName(
        this,
        tr("Export Trace"),
        QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
            + QStringLiteral("/curtain-trace.json"),
        tr("Chrome trace (*.json)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)
        || file.write(chromeTrace(m_results[std::size_t(m_shown)])) < 0 || !file.commit()) {
        QMessageBox::warning(this, tr("Export Trace"), tr("%1: %2").arg(path, file.errorString()));
        return;
    }
    emit statusMessage(tr("Saved %1: open it in the Perfetto UI").arg(path));
}

void SchedulerView::exportCsv()
{
    const QString path = QFileDialog::getSaveFileName(
        this,
        tr("Export Numbers"),
        QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
            + QStringLiteral("/curtain-runs.csv"),
        tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        QMessageBox::warning(
            this, tr("Export Numbers"), tr("%1: %2").arg(path, file.errorString()));
        return;
    }
    QTextStream out(&file);
    QStringList ids;
    for (const Column &c : runColumns())
        ids.append(c.id);
    out << ids.join(QLatin1Char(',')) << '\n';
    for (const RunResult &r : m_results)
        out << runRow(r, false).join(QLatin1Char(',')) << '\n';
    out.flush();
    if (!file.commit())
        QMessageBox::warning(
            this, tr("Export Numbers"), tr("%1: %2").arg(path, file.errorString()));
}

QString SchedulerView::saveRuns(const QString &path) const
{
    SavedRuns saved;
    saved.runs = m_results;
    saved.batches = m_batchOf;
    saved.compare = m_compareResults;
    saved.compareRepetitions = m_compareRepetitions;
    QString error;
    RunFile::save(path, saved, &error);
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
    m_results = std::move(saved->runs);
    m_compareResults = std::move(saved->compare);
    m_compareRepetitions = saved->compareRepetitions;
    m_batchOf.clear();
    for (const int batch : saved->batches)
        m_batchOf.push_back(m_batches + 1 + batch);
    m_batches
        = m_batchOf.empty() ? m_batches : *std::max_element(m_batchOf.begin(), m_batchOf.end());
    m_runs->setRowCount(0);
    for (const RunResult &r : m_results)
        addRunRow(r);
    updateCompare();
    if (!m_results.empty())
        m_runs->setCurrentCell(0, 0);
    m_live->setText(tr("Opened %1: %n saved run(s), as they ran.", nullptr, int(m_results.size()))
                        .arg(QFileInfo(path).fileName()));
    return {};
}

void SchedulerView::saveRunsDialog()
{
    if (m_results.empty() && m_compareResults.empty()) {
        emit statusMessage(tr("Run something first: there are no runs to save."));
        return;
    }
    const QString path = QFileDialog::getSaveFileName(
        this,
        tr("Save Runs"),
        QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
            + QStringLiteral("/scheduler-runs.json"),
        tr("Curtain runs (*.json)"));
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
    m_replayTimer.stop();
    m_play->setText(tr("Replay"));
    restoreState(setup);
    // A demo starts clean: the runs of the slide before are not this slide's.
    m_results.clear();
    m_batchOf.clear();
    m_compareResults.clear();
    m_runs->setRowCount(0);
    m_shown = -1;
    m_timeline->setTimelines({}, -1);
    m_scene->setFrame({}, Model::Threads, {});
    m_narration->clear();
    updateCompare();
    const int tab = show == QLatin1String("runs") ? 1 : show == QLatin1String("compare") ? 2 : 0;
    m_tabs->setCurrentIndex(tab);
    if (!runsFile.isEmpty()) {
        const QString error = openRuns(runsFile);
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

bool SchedulerView::presentStep(bool forward)
{
    if (isRunning() || isTracing())
        return forward; // a press while it runs waits for it, on this slide
    if (m_shown < 0 || m_timeline->timeline().lanes == 0) {
        if (!forward)
            return false;
        run();
        return isRunning();
    }
    m_replayTimer.stop();
    m_play->setText(tr("Replay"));
    const Timeline &t = m_timeline->timeline();
    const double span = double(std::max<std::int64_t>(t.end - t.start, 1));
    const double now = double(m_timeline->playhead() - t.start) / span;
    const double frame = 1.0 / PresentFrames;
    if (forward ? now >= 1.0 - 1e-9 : now <= 1e-9)
        return false;
    seekReplay(std::round(now / frame + (forward ? 1 : -1)) * frame);
    return true;
}

void SchedulerView::replayToEnd()
{
    m_replayTimer.stop();
    m_play->setText(tr("Replay"));
    seekReplay(1.0);
}

void SchedulerView::pauseReplay()
{
    if (m_replayTimer.isActive()) {
        m_replayTimer.stop();
        m_play->setText(tr("Replay"));
    }
}

QVariantMap SchedulerView::saveState() const
{
    QStringList models;
    for (Model m : checkedModels())
        models.append(modelId(m));
    return {{QStringLiteral("workload"), workloadId(Workload(m_workload->currentData().toInt()))},
            {QStringLiteral("models"), models},
            {QStringLiteral("workers"), m_workers->value()},
            {QStringLiteral("tasks"), m_tasks->value()},
            {QStringLiteral("taskMs"), m_taskMs->value()},
            {QStringLiteral("switchIntervalMs"), m_interval->value()},
            {QStringLiteral("blockingIo"), m_blocking->isChecked()},
            {QStringLiteral("repetitions"), m_repetitions->value()}};
}

void SchedulerView::restoreState(const QVariantMap &state)
{
    if (const auto w = workloadFromId(state.value(QStringLiteral("workload")).toString())) {
        const int index = m_workload->findData(int(*w));
        if (index >= 0)
            m_workload->setCurrentIndex(index);
    }
    if (state.contains(QStringLiteral("models"))) {
        const QStringList models = state.value(QStringLiteral("models")).toStringList();
        for (QCheckBox *check : std::as_const(m_models))
            check->setChecked(models.contains(modelId(Model(check->property("model").toInt()))));
    }
    if (state.contains(QStringLiteral("workers")))
        m_workers->setValue(state.value(QStringLiteral("workers")).toInt());
    if (state.contains(QStringLiteral("tasks")))
        m_tasks->setValue(state.value(QStringLiteral("tasks")).toInt());
    if (state.contains(QStringLiteral("taskMs")))
        m_taskMs->setValue(state.value(QStringLiteral("taskMs")).toDouble());
    if (state.contains(QStringLiteral("switchIntervalMs")))
        m_interval->setValue(state.value(QStringLiteral("switchIntervalMs")).toInt());
    if (state.contains(QStringLiteral("blockingIo")))
        m_blocking->setChecked(state.value(QStringLiteral("blockingIo")).toBool());
    if (state.contains(QStringLiteral("repetitions")))
        m_repetitions->setValue(state.value(QStringLiteral("repetitions")).toInt());
}
