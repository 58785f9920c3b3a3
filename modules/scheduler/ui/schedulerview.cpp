#include "schedulerview.h"

#include "replayscene.h"
#include "timelineview.h"

#include <actions.h>
#include <appearance.h>
#include <plotstyle.h>

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QSaveFile>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextStream>
#include <QVBoxLayout>

#include <qcustomplot.h>

namespace {

/** One bar per core, filled by how busy it is. */
class CoreBars final : public QWidget
{
public:
    using QWidget::QWidget;
    void setBusy(std::vector<double> busy)
    {
        m_busy = std::move(busy);
        update();
    }
    QSize sizeHint() const override { return {160, fontMetrics().height() * 2}; }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        const int n = std::max<int>(1, int(m_busy.size()));
        const double w = double(width()) / n;
        const bool dark = palette().color(QPalette::Base).lightness() < 128;
        for (int i = 0; i < int(m_busy.size()); ++i) {
            const QRectF cell(i * w + 2, 0, w - 4, height());
            p.fillRect(cell, palette().color(QPalette::Base));
            const double h = cell.height() * std::clamp(m_busy[std::size_t(i)], 0.0, 1.0);
            p.fillRect(QRectF(cell.left(), cell.bottom() - h, cell.width(), h),
                       TimelineView::colour(WorkerState::Running, dark));
            p.setPen(palette().color(QPalette::Text));
            p.drawText(cell,
                       Qt::AlignCenter,
                       tr("core %1: %2 %").arg(i + 1).arg(qRound(m_busy[std::size_t(i)] * 100)));
        }
    }

private:
    std::vector<double> m_busy;
};

const QStringList RunColumns{QStringLiteral("model"),
                             QStringLiteral("workload"),
                             QStringLiteral("workers"),
                             QStringLiteral("wall ms"),
                             QStringLiteral("cpu ms"),
                             QStringLiteral("tasks/s"),
                             QStringLiteral("p50 ms"),
                             QStringLiteral("io p50 ms"),
                             QStringLiteral("lock wait ms"),
                             QStringLiteral("GIL hand-offs"),
                             QStringLiteral("spawn ms"),
                             QStringLiteral("bytes")};

QStringList runRow(const RunResult &r)
{
    return {modelId(r.options.model),
            workloadId(r.options.workload),
            QString::number(r.options.workers),
            QString::number(r.wallMs, 'f', 1),
            QString::number(r.cpuMs, 'f', 1),
            QString::number(r.throughput, 'f', 1),
            QString::number(r.taskLatency.p50, 'f', 2),
            r.hasIo ? QString::number(r.ioLatency.p50, 'f', 2) : QStringLiteral("–"),
            QString::number(r.lockWaitMs, 'f', 1),
            QString::number(r.gilHandoffs),
            r.options.model == Model::Processes ? QString::number(r.spawnMeanMs, 'f', 1)
                                                : QStringLiteral("–"),
            QString::number(r.encodedBytes)};
}

} // namespace

SchedulerView::SchedulerView(QString workerPath, QWidget *parent)
    : QWidget(parent)
    , m_workerPath(std::move(workerPath))
{
    setObjectName(QStringLiteral("scheduler.view"));
    createActions();
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(buildSetup());
    splitter->addWidget(buildCentre());
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(&m_controller, &RunController::runFinished, this, &SchedulerView::onRunFinished);
    connect(&m_controller, &RunController::batchFinished, this, &SchedulerView::onBatchFinished);
    m_liveTimer.setInterval(100); // about ten updates a second
    connect(&m_liveTimer, &QTimer::timeout, this, &SchedulerView::updateLive);
    m_replayTimer.setInterval(33);
    connect(&m_replayTimer, &QTimer::timeout, this, &SchedulerView::stepReplay);
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
    QAction *traceAction = makeAction(
        this, QStringLiteral("scheduler.exportTrace"), tr("Export &Trace (Chrome JSON)…"));
    connect(traceAction, &QAction::triggered, this, &SchedulerView::exportTrace);
    QAction *csvAction
        = makeAction(this, QStringLiteral("scheduler.exportCsv"), tr("Export &Numbers (CSV)…"));
    connect(csvAction, &QAction::triggered, this, &SchedulerView::exportCsv);
    m_actions = {runAction, stopAction, compareAction, traceAction, csvAction};
}

QWidget *SchedulerView::buildSetup()
{
    auto *box = new QGroupBox(tr("Set-up"));
    auto *form = new QFormLayout(box);
    m_workload = new QComboBox(box);
    m_workload->setObjectName(QStringLiteral("scheduler.workload"));
    for (Workload w :
         {Workload::Cpu, Workload::Io, Workload::Mixed, Workload::SharedDict, Workload::Pipeline}) {
        m_workload->addItem(workloadId(w), int(w));
    }
    form->addRow(tr("Workload"), m_workload);
    auto *models = new QVBoxLayout;
    for (Model m : {Model::Threads, Model::Gil, Model::Processes, Model::Coroutines}) {
        auto *check = new QCheckBox(modelId(m), box);
        check->setObjectName(QStringLiteral("scheduler.model.") + modelId(m));
        check->setChecked(m == Model::Threads || m == Model::Gil);
        check->setProperty("model", int(m));
        m_models.append(check);
        models->addWidget(check);
    }
    form->addRow(tr("Models"), models);
    m_workers = new QSpinBox(box);
    m_workers->setObjectName(QStringLiteral("scheduler.workers"));
    m_workers->setRange(1, 16);
    m_workers->setValue(2);
    form->addRow(tr("Workers"), m_workers);
    m_tasks = new QSpinBox(box);
    m_tasks->setRange(1, 1000);
    m_tasks->setValue(16);
    form->addRow(tr("Tasks"), m_tasks);
    m_taskMs = new QDoubleSpinBox(box);
    m_taskMs->setRange(0.1, 1000);
    m_taskMs->setValue(10);
    m_taskMs->setSuffix(tr(" ms"));
    form->addRow(tr("Task size"), m_taskMs);
    m_interval = new QSlider(Qt::Horizontal, box);
    m_interval->setObjectName(QStringLiteral("scheduler.switchInterval"));
    m_interval->setRange(1, 50);
    m_interval->setValue(5);
    m_intervalLabel = new QLabel(tr("5 ms"), box);
    connect(m_interval, &QSlider::valueChanged, this, [this](int ms) {
        m_intervalLabel->setText(tr("%1 ms").arg(ms));
    });
    auto *interval = new QHBoxLayout;
    interval->addWidget(m_interval);
    interval->addWidget(m_intervalLabel);
    form->addRow(tr("GIL switch interval"), interval);
    m_blocking = new QCheckBox(tr("Blocking I/O in coroutines"), box);
    form->addRow(QString(), m_blocking);
    m_runButton = new QPushButton(tr("Run"), box);
    m_runButton->setObjectName(QStringLiteral("scheduler.runButton"));
    connect(m_runButton, &QPushButton::clicked, this, &SchedulerView::run);
    m_stopButton = new QPushButton(tr("Stop"), box);
    m_stopButton->setObjectName(QStringLiteral("scheduler.stopButton"));
    m_stopButton->setEnabled(false);
    connect(m_stopButton, &QPushButton::clicked, this, &SchedulerView::stop);
    auto *compareButton = new QPushButton(tr("Compare 1…N workers"), box);
    connect(compareButton, &QPushButton::clicked, this, &SchedulerView::compare);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_runButton);
    buttons->addWidget(m_stopButton);
    form->addRow(buttons);
    form->addRow(compareButton);
    return box;
}

QWidget *SchedulerView::buildCentre()
{
    auto *centre = new QWidget;
    auto *column = new QVBoxLayout(centre);
    column->setContentsMargins(4, 4, 4, 4);
    auto *liveRow = new QHBoxLayout;
    m_live = new QLabel(tr("Ready. Pick a workload and models, then Run."), centre);
    m_live->setObjectName(QStringLiteral("scheduler.live"));
    liveRow->addWidget(m_live, 1);
    auto *cores = new CoreBars(centre);
    cores->setObjectName(QStringLiteral("scheduler.cores"));
    cores->setMinimumWidth(220);
    m_cores = cores;
    liveRow->addWidget(m_cores);
    column->addLayout(liveRow);

    m_tabs = new QTabWidget(centre);
    auto *timelinePage = new QWidget;
    auto *timelineColumn = new QVBoxLayout(timelinePage);
    m_scene = new ReplayScene(timelinePage);
    m_scene->setMinimumHeight(fontMetrics().height() * 5);
    timelineColumn->addWidget(m_scene);
    m_timeline = new TimelineView(timelinePage);
    timelineColumn->addWidget(m_timeline, 1);
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
    m_replaySpeed->addItem(tr("1/100 speed"), 0.01);
    m_replaySpeed->addItem(tr("1/20 speed"), 0.05);
    m_replaySpeed->addItem(tr("1/5 speed"), 0.2);
    m_replaySpeed->addItem(tr("real time"), 1.0);
    m_replaySpeed->setCurrentIndex(1);
    replay->addWidget(m_replaySpeed);
    m_scrubber = new QSlider(Qt::Horizontal, timelinePage);
    m_scrubber->setObjectName(QStringLiteral("scheduler.scrubber"));
    m_scrubber->setRange(0, 1000);
    connect(m_scrubber, &QSlider::valueChanged, this, [this](int value) {
        seekReplay(value / 1000.0);
    });
    replay->addWidget(m_scrubber, 1);
    timelineColumn->addLayout(replay);
    m_narration = new QLabel(timelinePage);
    m_narration->setObjectName(QStringLiteral("scheduler.narration"));
    m_narration->setWordWrap(true);
    m_narration->setMinimumHeight(fontMetrics().height() * 3);
    timelineColumn->addWidget(m_narration);
    m_tabs->addTab(timelinePage, tr("Timeline"));

    m_runs = new QTableWidget(0, int(RunColumns.size()));
    m_runs->setObjectName(QStringLiteral("scheduler.runs"));
    m_runs->setHorizontalHeaderLabels(RunColumns);
    m_runs->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_runs->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_runs->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(m_runs, &QTableWidget::currentCellChanged, this, [this](int row) { showRun(row); });
    m_tabs->addTab(m_runs, tr("Runs"));

    auto *comparePage = new QWidget;
    auto *compareColumn = new QVBoxLayout(comparePage);
    m_plot = new QCustomPlot(comparePage);
    m_plot->setObjectName(QStringLiteral("scheduler.comparePlot"));
    m_plot->xAxis->setLabel(tr("workers"));
    m_plot->yAxis->setLabel(tr("speed-up over one worker"));
    m_plot->legend->setVisible(true);
    QSharedPointer<QCPAxisTickerFixed> whole(new QCPAxisTickerFixed);
    whole->setTickStep(1.0); // workers come in whole numbers
    m_plot->xAxis->setTicker(whole);
    m_plot->setMinimumHeight(220);
    PlotStyle::attach(m_plot);
    compareColumn->addWidget(m_plot, 2);
    m_compareTable = new QTableWidget(0, 4, comparePage);
    m_compareTable->setHorizontalHeaderLabels(
        {tr("model"), tr("workers"), tr("wall ms"), tr("speed-up")});
    m_compareTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_compareTable->horizontalHeader()->setStretchLastSection(true);
    compareColumn->addWidget(m_compareTable, 1);
    m_tabs->addTab(comparePage, tr("Compare"));
    column->addWidget(m_tabs, 1);
    return centre;
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
    const int from = Workload(m_workload->currentData().toInt()) == Workload::Mixed ? 2 : 1;
    for (Model model : checkedModels()) {
        for (int workers = from; workers <= std::max(from, m_workers->value()); ++workers) {
            if (Workload(m_workload->currentData().toInt()) == Workload::Pipeline && workers == 2)
                continue;
            runs.append(optionsFor(model, workers));
        }
    }
    m_compareResults.clear();
    startBatch(runs, true);
}

void SchedulerView::startBatch(const QList<MeasureOptions> &runs, bool comparing)
{
    if (runs.isEmpty()) {
        emit statusMessage(tr("Tick at least one model to run."));
        return;
    }
    for (const MeasureOptions &o : runs) {
        if (const QString problem = o.problem(); !problem.isEmpty()) {
            m_live->setText(tr("Cannot run %1: %2").arg(modelId(o.model), problem));
            emit statusMessage(problem);
            return;
        }
    }
    if (!m_controller.start(runs))
        return;
    m_comparing = comparing;
    m_runButton->setEnabled(false);
    m_stopButton->setEnabled(true);
    m_runClock.start();
    m_cpu.sample();
    m_liveTimer.start();
    emit statusMessage(tr("Running %n measurement(s) on real cores…", nullptr, int(runs.size())));
}

void SchedulerView::stop()
{
    m_controller.stop();
}

void SchedulerView::updateLive()
{
    const double seconds = std::max(m_runClock.elapsed() / 1000.0, 0.001);
    const LiveCounters &live = m_controller.live();
    const double waitShare
        = double(live.waitNs.load()) / 1e9 / (seconds * std::max(1, m_workers->value()));
    m_live->setText(tr("Run %1 · %2 tasks done · %3 tasks/s · %4 % of worker time waiting for "
                       "locks or the GIL")
                        .arg(m_controller.current() + 1)
                        .arg(live.completed.load())
                        .arg(live.completed.load() / seconds, 0, 'f', 1)
                        .arg(qRound(std::min(1.0, waitShare) * 100)));
    static_cast<CoreBars *>(m_cores)->setBusy(m_cpu.sample());
}

void SchedulerView::onRunFinished(int, const RunResult &result)
{
    if (!result.error.isEmpty()) {
        m_live->setText(tr("The run failed: %1").arg(result.error));
        return;
    }
    if (m_comparing) {
        m_compareResults.push_back(result);
        updateCompare();
    }
    m_results.push_back(result);
    const int row = m_runs->rowCount();
    m_runs->insertRow(row);
    const QStringList cells = runRow(result);
    for (int c = 0; c < cells.size(); ++c)
        m_runs->setItem(row, c, new QTableWidgetItem(cells.at(c)));
    m_runs->setCurrentCell(row, 0);
}

void SchedulerView::onBatchFinished(bool stopped)
{
    m_liveTimer.stop();
    static_cast<CoreBars *>(m_cores)->setBusy(m_cpu.sample());
    m_live->setText(stopped
                        ? tr("Stopped after %1 ms.").arg(m_runClock.elapsed())
                        : tr("Done in %1 ms: %n run(s) measured.", nullptr, int(m_results.size()))
                              .arg(m_runClock.elapsed()));
    m_runButton->setEnabled(true);
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
    m_timeline->setTimeline(Timeline::build(m_results[std::size_t(row)]));
    m_scrubber->blockSignals(true);
    m_scrubber->setValue(0);
    m_scrubber->blockSignals(false);
    seekReplay(0.35);
}

void SchedulerView::seekReplay(double fraction)
{
    const Timeline &t = m_timeline->timeline();
    if (t.lanes == 0)
        return;
    fraction = std::clamp(fraction, 0.0, 1.0);
    const std::int64_t at = t.start + std::int64_t(double(t.end - t.start) * fraction);
    m_timeline->setPlayhead(at);
    if (m_shown >= 0) {
        const RunResult &run = m_results[std::size_t(m_shown)];
        m_scene->setFrame(ReplayFrame::at(t, at, run.cores), run.options.model, run.cores);
    }
    m_narration->setText(
        tr("At %1 ms: %2").arg(double(at - t.start) / 1e6, 0, 'f', 2).arg(t.narrate(at)));
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
    m_plot->clearGraphs();
    m_compareTable->setRowCount(0);
    QMap<int, QVector<double>> xs, ys;
    QMap<int, double> oneWorker;
    for (const RunResult &r : m_compareResults) {
        const int model = int(r.options.model);
        if (!oneWorker.contains(model))
            oneWorker.insert(model, r.wallMs); // the smallest worker count comes first
        const double speedup = oneWorker.value(model) / std::max(r.wallMs, 1e-9);
        xs[model].append(r.options.workers);
        ys[model].append(speedup);
        const int row = m_compareTable->rowCount();
        m_compareTable->insertRow(row);
        const QStringList cells{modelId(r.options.model),
                                QString::number(r.options.workers),
                                QString::number(r.wallMs, 'f', 1),
                                QString::number(speedup, 'f', 2)};
        for (int c = 0; c < cells.size(); ++c)
            m_compareTable->setItem(row, c, new QTableWidgetItem(cells.at(c)));
    }
    double maxX = 1, maxY = 1;
    for (auto it = xs.cbegin(); it != xs.cend(); ++it) {
        QCPGraph *graph = m_plot->addGraph();
        graph->setName(modelId(Model(it.key())));
        graph->setData(it.value(), ys.value(it.key()));
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 7));
        maxX = std::max(maxX, *std::max_element(it.value().begin(), it.value().end()));
        const auto &y = ys.value(it.key());
        maxY = std::max(maxY, *std::max_element(y.begin(), y.end()));
    }
    m_plot->xAxis->setRange(0.5, maxX + 0.5);
    m_plot->yAxis->setRange(0, maxY * 1.15);
    PlotStyle::apply(m_plot,
                     Appearance::instance()->palette(),
                     Appearance::instance()->baseFont(),
                     Appearance::instance()->fontScale());
    m_plot->replot();
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
    out << RunColumns.join(QLatin1Char(',')) << '\n';
    for (const RunResult &r : m_results)
        out << runRow(r).join(QLatin1Char(',')) << '\n';
    out.flush();
    if (!file.commit())
        QMessageBox::warning(
            this, tr("Export Numbers"), tr("%1: %2").arg(path, file.errorString()));
}

QVariantMap SchedulerView::saveState() const
{
    QStringList models;
    for (Model m : checkedModels())
        models.append(modelId(m));
    return {{QStringLiteral("workload"), m_workload->currentText()},
            {QStringLiteral("models"), models},
            {QStringLiteral("workers"), m_workers->value()},
            {QStringLiteral("tasks"), m_tasks->value()},
            {QStringLiteral("taskMs"), m_taskMs->value()},
            {QStringLiteral("switchIntervalMs"), m_interval->value()},
            {QStringLiteral("blockingIo"), m_blocking->isChecked()}};
}

void SchedulerView::restoreState(const QVariantMap &state)
{
    if (state.contains(QStringLiteral("workload")))
        m_workload->setCurrentText(state.value(QStringLiteral("workload")).toString());
    if (state.contains(QStringLiteral("models"))) {
        const QStringList models = state.value(QStringLiteral("models")).toStringList();
        for (QCheckBox *check : std::as_const(m_models))
            check->setChecked(models.contains(check->text()));
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
}
