#include "startupview.h"

#include "poolanimationview.h"
#include "scenarioform.h"

#include <actions.h>
#include <feed.h>
#include <jsonio.h>
#include <mmc.h>
#include <ormlab.h>
#include <plotstyle.h>
#include <poolanimation.h>
#include <scenario.h>
#include <simkernel.h>
#include <sweep.h>
#include <transcoding.h>

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QSqlDatabase>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <qcustomplot.h>

namespace {

QTableWidget *makeTable(const QStringList &headers, const char *name)
{
    auto *table = new QTableWidget(0, int(headers.size()));
    table->setObjectName(QLatin1String(name));
    table->setHorizontalHeaderLabels(headers);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    return table;
}

void setRow(QTableWidget *table, int row, const QStringList &cells)
{
    if (table->rowCount() <= row)
        table->setRowCount(row + 1);
    for (int c = 0; c < cells.size(); ++c)
        table->setItem(row, c, new QTableWidgetItem(cells.at(c)));
}

QString number(double value, int decimals = 3)
{
    return QString::number(value, 'f', decimals);
}

/** Runs every replication of an M/M/c scenario, reporting the running means and intervals. */
QJsonObject runMmc(const MmcParams &params, int replications, const JobRunner::Context &context)
{
    std::vector<double> wait, response, length, utilisation, probability;
    QJsonObject last;
    for (int r = 0; r < replications && !context.stop.load(); ++r) {
        MmcParams p = params;
        p.seed = params.seed + 0x9E3779B97F4A7C15ULL * std::uint64_t(r);
        const MmcResult run = simulateMmc(p, &context.stop);
        if (run.stopped)
            break;
        wait.push_back(run.meanWait);
        response.push_back(run.meanResponse);
        length.push_back(run.meanQueueLength);
        utilisation.push_back(run.utilization);
        probability.push_back(run.probWait);
        auto mean = [](const std::vector<double> &v) {
            double s = 0;
            for (const double x : v)
                s += x;
            return s / double(v.size());
        };
        auto pair = [&](const std::vector<double> &v) {
            return QJsonArray{mean(v), Sim::halfWidth95(v)};
        };
        last = QJsonObject{{QStringLiteral("model"), QStringLiteral("mmc")},
                           {QStringLiteral("replications"), r + 1},
                           {QStringLiteral("mean_wait"), pair(wait)},
                           {QStringLiteral("mean_response"), pair(response)},
                           {QStringLiteral("mean_queue_length"), pair(length)},
                           {QStringLiteral("utilization"), pair(utilisation)},
                           {QStringLiteral("prob_wait"), pair(probability)},
                           {QStringLiteral("theory"), MmcTheory::of(params).toJson()}};
        context.partial(last); // the table converges as replications come in
        context.progress(double(r + 1) / replications);
    }
    return last;
}

} // namespace

StartupView::StartupView(QString ormDatabase, QWidget *parent)
    : QWidget(parent)
    , m_ormDatabase(std::move(ormDatabase))
{
    setObjectName(QStringLiteral("startup.view"));
    auto *splitter = new QSplitter(Qt::Horizontal, this);

    auto *setup = new QGroupBox(tr("Scenario"));
    auto *column = new QVBoxLayout(setup);
    m_picker = new QComboBox(setup);
    m_picker->setObjectName(QStringLiteral("startup.picker"));
    m_picker->addItems({tr("Validation: M/M/c queue"),
                        tr("Transcoding queue"),
                        tr("Real-time feed"),
                        tr("Slow ORM page")});
    column->addWidget(m_picker);
    m_forms = new QStackedWidget(setup);
    column->addWidget(m_forms);
    buildForms();
    auto *replications = new QFormLayout;
    m_replications = new QSpinBox(setup);
    m_replications->setRange(1, 100);
    m_replications->setValue(10);
    m_replications->setToolTip(
        tr("Independent runs with different random streams, for 95 % confidence intervals"));
    replications->addRow(tr("Replications"), m_replications);
    column->addLayout(replications);
    auto *buttons = new QHBoxLayout;
    m_runButton = new QPushButton(tr("Run"), setup);
    m_stopButton = new QPushButton(tr("Stop"), setup);
    m_stopButton->setEnabled(false);
    buttons->addWidget(m_runButton);
    buttons->addWidget(m_stopButton);
    column->addLayout(buttons);
    m_progress = new QProgressBar(setup);
    m_progress->setObjectName(QStringLiteral("startup.progress"));
    m_progress->setRange(0, 1000);
    column->addWidget(m_progress);
    column->addStretch(1);
    splitter->addWidget(setup);
    m_tabs = new QTabWidget;
    m_tabs->addTab(buildResults(), tr("Results"));
    m_tabs->addTab(buildSweep(), tr("Sweep"));
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_picker, &QComboBox::currentIndexChanged, this, &StartupView::selectScenario);
    refreshSweepChoices();
    connect(m_runButton, &QPushButton::clicked, this, &StartupView::run);
    connect(m_stopButton, &QPushButton::clicked, this, &StartupView::stop);
    connect(&m_runner, &JobRunner::progress, this, [this](double f) {
        m_progress->setValue(qRound(f * 1000));
    });
    connect(&m_runner, &JobRunner::partial, this, &StartupView::showPartial);
    connect(&m_runner, &JobRunner::finished, this, &StartupView::showResult);

    QAction *runAction = makeAction(this,
                                    QStringLiteral("startup.run"),
                                    tr("&Run"),
                                    {QKeySequence(tr("Ctrl+R")), QKeySequence(Qt::Key_F5)});
    connect(runAction, &QAction::triggered, this, &StartupView::run);
    QAction *stopAction = makeAction(
        this, QStringLiteral("startup.stop"), tr("&Stop"), {QKeySequence(Qt::Key_Escape)});
    connect(stopAction, &QAction::triggered, this, &StartupView::stop);
    QAction *load = makeAction(
        this, QStringLiteral("startup.load"), tr("&Open Scenario…"), {QKeySequence::Open});
    connect(load, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open Scenario"), QString(), tr("Scenario (*.json)"));
        QString error;
        if (!path.isEmpty() && !loadScenario(path, &error))
            QMessageBox::warning(this, tr("Open Scenario"), error);
    });
    QAction *save = makeAction(
        this, QStringLiteral("startup.save"), tr("&Save Scenario…"), {QKeySequence::Save});
    connect(save, &QAction::triggered, this, [this] {
        const QString path
            = QFileDialog::getSaveFileName(this,
                                           tr("Save Scenario"),
                                           currentForm()->model() + QStringLiteral(".json"),
                                           tr("Scenario (*.json)"));
        QString error;
        if (!path.isEmpty() && !saveScenario(path, &error))
            QMessageBox::warning(this, tr("Save Scenario"), error);
    });
    QAction *exportResults
        = makeAction(this, QStringLiteral("startup.exportResults"), tr("Export &Results (JSON)…"));
    connect(exportResults, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export Results"), QStringLiteral("results.json"), tr("JSON (*.json)"));
        QString error;
        if (!path.isEmpty() && !JsonIo::writeObjectFile(path, m_last, &error))
            QMessageBox::warning(this, tr("Export Results"), error);
    });
    QAction *exportCsv
        = makeAction(this, QStringLiteral("startup.exportCsv"), tr("Export Results (&CSV)…"));
    connect(exportCsv, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export Results"), QStringLiteral("results.csv"), tr("CSV (*.csv)"));
        if (path.isEmpty())
            return;
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(resultsCsv().toUtf8()) < 0
            || !file.commit())
            QMessageBox::warning(
                this, tr("Export Results"), tr("%1: %2").arg(path, file.errorString()));
    });
    m_actions = {runAction, stopAction, load, save, exportResults, exportCsv};
}

StartupView::~StartupView()
{
    m_runner.stop();
    m_runner.wait();
}

void StartupView::buildForms()
{
    const QList<QList<FieldSpec>> specs{
        {{QStringLiteral("arrival_rate"),
          tr("Arrivals"),
          tr("per unit"),
          tr("Poisson arrival rate λ"),
          0.001,
          1e6,
          0.9,
          3},
         {QStringLiteral("service_rate"),
          tr("Service"),
          tr("per unit"),
          tr("Each server's exponential service rate μ"),
          0.001,
          1e6,
          1.0,
          3},
         {QStringLiteral("servers"),
          tr("Servers"),
          QString(),
          tr("c identical servers, one FIFO queue"),
          1,
          10000,
          1,
          0},
         {QStringLiteral("jobs"),
          tr("Jobs"),
          QString(),
          tr("Jobs measured per replication"),
          1000,
          1e9,
          100000,
          0},
         {QStringLiteral("warmup_jobs"),
          tr("Warm-up"),
          tr("jobs"),
          tr("Jobs simulated first and then forgotten"),
          0,
          1e8,
          10000,
          0},
         {QStringLiteral("seed"),
          tr("Seed"),
          QString(),
          tr("The same seed gives the same numbers"),
          0,
          2e9,
          2011,
          0}},
        {{QStringLiteral("hours"), tr("Simulated time"), tr("h"), QString(), 1, 24 * 30, 24, 0},
         {QStringLiteral("arrivals.uploads_per_hour"),
          tr("Uploads"),
          tr("/ h"),
          tr("Mean Poisson upload rate"),
          0.1,
          1e5,
          40,
          1},
         {QStringLiteral("videos.median_minutes"),
          tr("Median video"),
          tr("min"),
          tr("Lognormal video length"),
          0.1,
          600,
          4,
          1},
         {QStringLiteral("broker.prefetch_multiplier"),
          tr("Prefetch multiplier"),
          QString(),
          tr("Messages each worker slot reserves (Celery's worker_prefetch_multiplier)"),
          1,
          1000,
          4,
          0},
         {QStringLiteral("broker.acks"),
          tr("Acknowledge"),
          QString(),
          tr("late: after the work (safe); early: before it (lost on a crash)"),
          0,
          1,
          0,
          0,
          {QStringLiteral("late"), QStringLiteral("early")}},
         {QStringLiteral("broker.visibility_timeout_minutes"),
          tr("Visibility timeout"),
          tr("min"),
          tr("When an unacknowledged message is handed out again"),
          0,
          10080,
          30,
          0},
         {QStringLiteral("pool.instances"), tr("Instances"), QString(), QString(), 1, 1000, 2, 0},
         {QStringLiteral("pool.slots_per_instance"),
          tr("Slots per instance"),
          QString(),
          tr("Worker processes per instance"),
          1,
          64,
          2,
          0},
         {QStringLiteral("pool.speed"),
          tr("Speed"),
          tr("× real time"),
          tr("Video minutes transcoded per minute per slot"),
          0.01,
          100,
          1.5,
          2},
         {QStringLiteral("pool.crashes_per_instance_hour"),
          tr("Crashes"),
          tr("/ instance-h"),
          QString(),
          0,
          10,
          0.05,
          3},
         {QStringLiteral("pool.boot_minutes"), tr("Boot time"), tr("min"), QString(), 0, 120, 3, 1},
         {QStringLiteral("pool.price_per_hour"),
          tr("Price"),
          tr("$ / instance-h"),
          QString(),
          0,
          100,
          0.34,
          2},
         {QStringLiteral("pool.autoscale"),
          tr("Autoscaling"),
          QString(),
          tr("Add or remove instances to keep the queue short"),
          0,
          1,
          1,
          0,
          {},
          true},
         {QStringLiteral("pool.autoscale.target_queue_per_instance"),
          tr("Target queue"),
          tr("/ instance"),
          QString(),
          0.1,
          1000,
          4,
          1},
         {QStringLiteral("pool.autoscale.max"),
          tr("Max instances"),
          QString(),
          QString(),
          1,
          1000,
          20,
          0},
         {QStringLiteral("seed"), tr("Seed"), QString(), QString(), 0, 2e9, 2011, 0}},
        {{QStringLiteral("users"), tr("Users"), QString(), QString(), 2, 1e6, 2000, 0},
         {QStringLiteral("median_followers"),
          tr("Median followers"),
          QString(),
          tr("Lognormal: a few users have many"),
          0,
          1e5,
          30,
          0},
         {QStringLiteral("online_share"), tr("Online"), tr("share"), QString(), 0, 1, 0.3, 2},
         {QStringLiteral("posts_per_user_hour"),
          tr("Posts"),
          tr("/ user-h"),
          QString(),
          0.001,
          100,
          0.5,
          3},
         {QStringLiteral("minutes"), tr("Simulated time"), tr("min"), QString(), 1, 10080, 60, 0},
         {QStringLiteral("poll_interval_seconds"),
          tr("Poll interval"),
          tr("s"),
          tr("Periodic polling only"),
          0.1,
          3600,
          30,
          1},
         {QStringLiteral("network_ms"), tr("Network"), tr("ms"), QString(), 0, 10000, 50, 0},
         {QStringLiteral("capture"),
          tr("Change capture"),
          QString(),
          tr("A trigger sees every write; a signal misses bulk updates and raw SQL"),
          0,
          1,
          0,
          0,
          {QStringLiteral("signal"), QStringLiteral("trigger")}},
         {QStringLiteral("bulk_share"),
          tr("Bulk / raw writes"),
          tr("share"),
          tr("Writes that skip Django signals"),
          0,
          1,
          0.1,
          2},
         {QStringLiteral("seed"), tr("Seed"), QString(), QString(), 0, 2e9, 2011, 0}},
        {{QStringLiteral("page_size"),
          tr("Page size"),
          tr("videos"),
          tr("The 50 latest videos, by default"),
          1,
          1000,
          50,
          0}}};
    const QStringList models{QStringLiteral("mmc"),
                             QStringLiteral("transcoding"),
                             QStringLiteral("feed"),
                             QStringLiteral("orm")};
    for (int i = 0; i < specs.size(); ++i) {
        auto *form = new ScenarioForm(models.at(i), specs.at(i));
        m_formList.append(form);
        m_forms->addWidget(form);
    }
}

QWidget *StartupView::buildResults()
{
    m_results = new QStackedWidget;
    m_results->setObjectName(QStringLiteral("startup.results"));

    auto *mmc = new QWidget;
    auto *mmcColumn = new QVBoxLayout(mmc);
    auto *mmcNote
        = new QLabel(tr("The simulation beside queueing theory (Erlang C and Little's law). "
                        "With more replications the interval narrows around the theory."));
    mmcNote->setWordWrap(true);
    mmcColumn->addWidget(mmcNote);
    m_mmcTable = makeTable({tr("quantity"), tr("simulated"), tr("± 95 %"), tr("theory")},
                           "startup.mmcTable");
    mmcColumn->addWidget(m_mmcTable);
    m_results->addWidget(mmc);

    auto *transcoding = new QWidget;
    auto *tColumn = new QVBoxLayout(transcoding);
    m_transcodingSummary = new QLabel;
    m_transcodingSummary->setObjectName(QStringLiteral("startup.transcodingSummary"));
    m_transcodingSummary->setWordWrap(true);
    m_transcodingSummary->setMinimumHeight(fontMetrics().height() * 4);
    m_transcodingSummary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    tColumn->addWidget(m_transcodingSummary);
    m_animation = new PoolAnimationView;
    tColumn->addWidget(m_animation, 1);
    auto *playback = new QHBoxLayout;
    auto *play = new QPushButton(tr("Play"));
    play->setObjectName(QStringLiteral("startup.play"));
    connect(play, &QPushButton::clicked, this, [this, play] {
        if (m_animation->isPlaying()) {
            m_animation->pause();
            play->setText(tr("Play"));
        } else {
            m_animation->play();
            play->setText(tr("Pause"));
        }
    });
    playback->addWidget(play);
    auto *speed = new QComboBox;
    speed->addItem(tr("10 min a second"), 10.0);
    speed->addItem(tr("1 hour a second"), 60.0);
    speed->addItem(tr("4 hours a second"), 240.0);
    speed->setCurrentIndex(1);
    connect(speed, &QComboBox::currentIndexChanged, this, [this, speed] {
        m_animation->setSpeed(speed->currentData().toDouble());
    });
    playback->addWidget(speed);
    auto *scrub = new QSlider(Qt::Horizontal);
    scrub->setObjectName(QStringLiteral("startup.scrub"));
    connect(scrub, &QSlider::valueChanged, this, [this](int v) {
        m_animation->showFrame(std::size_t(v));
    });
    connect(
        m_animation, &PoolAnimationView::frameChanged, scrub, [this, scrub, play](std::size_t i) {
            scrub->blockSignals(true);
            scrub->setRange(0, int(std::max<std::size_t>(m_animation->frameCount(), 1) - 1));
            scrub->setValue(int(i));
            scrub->blockSignals(false);
            if (!m_animation->isPlaying())
                play->setText(tr("Play"));
        });
    playback->addWidget(scrub, 1);
    tColumn->addLayout(playback);
    m_overTime = new QCustomPlot;
    m_overTime->setObjectName(QStringLiteral("startup.overTime"));
    m_overTime->xAxis->setLabel(tr("hours"));
    m_overTime->yAxis->setLabel(tr("queue length / instances"));
    m_overTime->legend->setVisible(true);
    m_overTime->setMinimumHeight(180);
    PlotStyle::attach(m_overTime);
    tColumn->addWidget(m_overTime, 1);
    m_turnaround = new QCustomPlot;
    m_turnaround->setObjectName(QStringLiteral("startup.turnaround"));
    m_turnaround->xAxis->setLabel(tr("turnaround ÷ video length (≤ 1 meets the promise)"));
    m_turnaround->yAxis->setLabel(tr("jobs"));
    m_turnaround->setMinimumHeight(160);
    PlotStyle::attach(m_turnaround);
    tColumn->addWidget(m_turnaround, 1);
    m_results->addWidget(transcoding);

    m_feedTable = makeTable({tr("delivery"),
                             tr("latency p50 s"),
                             tr("latency p95 s"),
                             tr("requests / s"),
                             tr("open connections"),
                             tr("missed events")},
                            "startup.feedTable");
    auto *feed = new QWidget;
    auto *feedColumn = new QVBoxLayout(feed);
    feedColumn->addWidget(m_feedTable, 1);
    m_feedPlot = new QCustomPlot;
    m_feedPlot->setObjectName(QStringLiteral("startup.feedPlot"));
    m_feedPlot->xAxis->setLabel(tr("delivery latency, s"));
    m_feedPlot->yAxis->setLabel(tr("share of deliveries"));
    m_feedPlot->legend->setVisible(true);
    m_feedPlot->setMinimumHeight(200);
    PlotStyle::attach(m_feedPlot);
    feedColumn->addWidget(m_feedPlot, 2);
    m_results->addWidget(feed);

    auto *orm = new QWidget;
    auto *ormColumn = new QVBoxLayout(orm);
    m_ormTable
        = makeTable({tr("strategy"), tr("time ms"), tr("queries"), tr("rows")}, "startup.ormTable");
    ormColumn->addWidget(m_ormTable);
    ormColumn->addWidget(new QLabel(tr("Query log")));
    m_ormLog = new QPlainTextEdit;
    m_ormLog->setObjectName(QStringLiteral("startup.ormLog"));
    m_ormLog->setReadOnly(true);
    ormColumn->addWidget(m_ormLog, 1);
    m_results->addWidget(orm);
    return m_results;
}

void StartupView::selectScenario(int index)
{
    if (m_picker->currentIndex() != index)
        m_picker->setCurrentIndex(index);
    m_forms->setCurrentIndex(index);
    m_results->setCurrentIndex(index);
    m_replications->setEnabled(index == 0);
    refreshSweepChoices();
}

QWidget *StartupView::buildSweep()
{
    auto *page = new QWidget;
    auto *column = new QVBoxLayout(page);
    auto *form = new QFormLayout;
    m_sweepParameter = new QComboBox(page);
    m_sweepParameter->setObjectName(QStringLiteral("startup.sweepParameter"));
    form->addRow(tr("Vary"), m_sweepParameter);
    auto *range = new QHBoxLayout;
    m_sweepFrom = new QDoubleSpinBox(page);
    m_sweepTo = new QDoubleSpinBox(page);
    for (QDoubleSpinBox *box : {m_sweepFrom, m_sweepTo}) {
        box->setRange(0, 1e6);
        box->setDecimals(3);
        range->addWidget(box);
    }
    m_sweepFrom->setValue(1);
    m_sweepTo->setValue(6);
    form->addRow(tr("From … to"), range);
    m_sweepSteps = new QSpinBox(page);
    m_sweepSteps->setRange(2, 40);
    m_sweepSteps->setValue(6);
    form->addRow(tr("Points"), m_sweepSteps);
    m_sweepMetric = new QComboBox(page);
    m_sweepMetric->setObjectName(QStringLiteral("startup.sweepMetric"));
    form->addRow(tr("Measure"), m_sweepMetric);
    m_sweepReplications = new QSpinBox(page);
    m_sweepReplications->setRange(2, 100);
    m_sweepReplications->setValue(5);
    form->addRow(tr("Replications per point"), m_sweepReplications);
    column->addLayout(form);
    auto *runSweep = new QPushButton(tr("Run Sweep"), page);
    runSweep->setObjectName(QStringLiteral("startup.runSweep"));
    connect(runSweep, &QPushButton::clicked, this, &StartupView::runSweep);
    column->addWidget(runSweep);
    m_sweepPlot = new QCustomPlot(page);
    m_sweepPlot->setObjectName(QStringLiteral("startup.sweepPlot"));
    m_sweepPlot->setMinimumHeight(240);
    PlotStyle::attach(m_sweepPlot);
    column->addWidget(m_sweepPlot, 1);
    return page;
}

void StartupView::refreshSweepChoices()
{
    if (!m_sweepParameter)
        return;
    m_sweepParameter->clear();
    for (const QString &key : currentForm()->numericKeys())
        m_sweepParameter->addItem(key);
    m_sweepMetric->clear();
    m_sweepMetric->addItems(Sweep::metrics(currentForm()->model()));
    if (currentForm()->model() == QLatin1String("transcoding"))
        m_sweepParameter->setCurrentText(QStringLiteral("pool.instances"));
}

void StartupView::setSweep(const QString &parameter,
                           double from,
                           double to,
                           int points,
                           const QString &metric,
                           int replications)
{
    m_sweepParameter->setCurrentText(parameter);
    m_sweepFrom->setValue(from);
    m_sweepTo->setValue(to);
    m_sweepSteps->setValue(points);
    m_sweepMetric->setCurrentText(metric);
    m_sweepReplications->setValue(replications);
}

void StartupView::runSweep()
{
    const QString model = currentForm()->model();
    if (Sweep::metrics(model).isEmpty()) {
        emit statusMessage(tr("This scenario has nothing to sweep."));
        return;
    }
    const QJsonObject scenario = currentForm()->toJson();
    const QString parameter = m_sweepParameter->currentText();
    const QString metric = m_sweepMetric->currentText();
    const double from = m_sweepFrom->value();
    const double to = m_sweepTo->value();
    const int steps = m_sweepSteps->value();
    const int reps = m_sweepReplications->value();
    if (!m_runner.start([=](const JobRunner::Context &c) {
            return Sweep::run(scenario, parameter, from, to, steps, metric, reps, c);
        })) {
        return;
    }
    m_tabs->setCurrentIndex(1);
    m_progress->setValue(0);
    m_runButton->setEnabled(false);
    m_stopButton->setEnabled(true);
    emit statusMessage(tr("Sweeping %1…").arg(parameter));
}

void StartupView::showSweep(const QJsonObject &result)
{
    if (result.contains(QStringLiteral("error"))) {
        emit statusMessage(result.value(QStringLiteral("error")).toString());
        return;
    }
    QVector<double> x, y, error;
    for (const QJsonValue &v : result.value(QStringLiteral("points")).toArray()) {
        const QJsonArray point = v.toArray();
        x.append(point.at(0).toDouble());
        y.append(point.at(1).toDouble());
        error.append(point.at(2).toDouble());
    }
    m_sweepPlot->clearPlottables();
    QCPGraph *graph = m_sweepPlot->addGraph();
    graph->setData(x, y);
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 7));
    auto *bars = new QCPErrorBars(m_sweepPlot->xAxis, m_sweepPlot->yAxis);
    bars->setDataPlottable(graph);
    bars->setData(error);
    m_sweepPlot->xAxis->setLabel(m_sweepParameter->currentText());
    m_sweepPlot->yAxis->setLabel(m_sweepMetric->currentText() + tr(" (mean ± 95 %)"));
    m_sweepPlot->rescaleAxes();
    double low = 0, high = 0;
    for (int i = 0; i < y.size(); ++i) {
        low = std::min(low, y[i] - error[i]);
        high = std::max(high, y[i] + error[i]);
    }
    m_sweepPlot->yAxis->setRange(low, high * 1.1 + 1e-9);
    m_sweepPlot->xAxis->scaleRange(1.1);
    PlotStyle::apply(m_sweepPlot, palette(), QApplication::font(), 1.0);
    m_sweepPlot->replot();
}

ScenarioForm *StartupView::currentForm() const
{
    return m_formList.at(m_forms->currentIndex());
}

void StartupView::run()
{
    const QJsonObject scenario = currentForm()->toJson();
    const QString model = currentForm()->model();
    QString error;
    JobRunner::Job job;
    if (model == QLatin1String("mmc")) {
        const auto params = Scenario::parseMmc(scenario, tr("the form"), &error);
        if (params) {
            const int replications = m_replications->value();
            job = [p = *params, replications](const JobRunner::Context &c) {
                return runMmc(p, replications, c);
            };
        }
    } else if (model == QLatin1String("transcoding")) {
        const auto params = Scenario::parseTranscoding(scenario, tr("the form"), &error);
        if (params) {
            job = [p = *params](const JobRunner::Context &c) {
                const TranscodingResult r = simulateTranscoding(p, &c.stop);
                QJsonObject json = r.toJson();
                QJsonArray ratios;
                for (const double x : r.turnaroundRatios)
                    ratios.append(x);
                json.insert(QStringLiteral("turnaround_ratios"), ratios);
                json.insert(QStringLiteral("frames"), framesToJson(r.frames));
                json.insert(QStringLiteral("slots_per_instance"), p.slotsPerInstance);
                json.insert(QStringLiteral("model"), QStringLiteral("transcoding"));
                c.progress(1.0);
                return json;
            };
        }
    } else if (model == QLatin1String("feed")) {
        const auto params = Scenario::parseFeed(scenario, tr("the form"), &error);
        if (params) {
            job = [p = *params](const JobRunner::Context &c) {
                QJsonArray methods;
                int done = 0;
                for (const auto delivery : {FeedParams::Delivery::Polling,
                                            FeedParams::Delivery::LongPolling,
                                            FeedParams::Delivery::Push}) {
                    if (c.stop.load())
                        break;
                    FeedParams q = p;
                    q.delivery = delivery;
                    QJsonObject r = simulateFeed(q).toJson();
                    r.insert(QStringLiteral("delivery"), deliveryId(delivery));
                    methods.append(r);
                    c.progress(++done / 3.0);
                }
                return QJsonObject{{QStringLiteral("model"), QStringLiteral("feed")},
                                   {QStringLiteral("methods"), methods}};
            };
        }
    } else {
        const auto spec = Scenario::parseOrm(scenario, tr("the form"), &error);
        if (spec) {
            job = [spec = *spec, path = m_ormDatabase](const JobRunner::Context &c) {
                // A connection belongs to the thread that opened it: this one, for this job only.
                const QString name = QStringLiteral("startup-view-orm");
                QJsonObject result{{QStringLiteral("model"), QStringLiteral("orm")},
                                   {QStringLiteral("database"), path}};
                {
                    QString problem;
                    if (!OrmLab::open(path, name, spec.size, &problem, [&c](double f) {
                            c.progress(f * 0.9);
                        })) {
                        result.insert(QStringLiteral("error"), problem);
                    } else {
                        QSqlDatabase db = QSqlDatabase::database(name);
                        QJsonArray strategies;
                        for (const OrmLab::Fetch &f : {OrmLab::nPlusOne(db, spec.pageSize),
                                                       OrmLab::join(db, spec.pageSize),
                                                       OrmLab::rawSql(db, spec.pageSize)}) {
                            strategies.append(QJsonObject{
                                {QStringLiteral("strategy"), f.strategy},
                                {QStringLiteral("ms"), f.ms},
                                {QStringLiteral("queries"), f.queries},
                                {QStringLiteral("rows"), int(f.rows.size())},
                                {QStringLiteral("log"), QJsonArray::fromStringList(f.log)}});
                        }
                        result.insert(QStringLiteral("strategies"), strategies);
                        db.close();
                    }
                }
                QSqlDatabase::removeDatabase(name);
                c.progress(1.0);
                return result;
            };
        }
    }
    if (!job) {
        emit statusMessage(error);
        QMessageBox::warning(this, tr("Startup Sim"), error);
        return;
    }
    if (!m_runner.start(std::move(job)))
        return;
    m_progress->setValue(0);
    m_runButton->setEnabled(false);
    m_stopButton->setEnabled(true);
    emit statusMessage(tr("Simulating…"));
}

void StartupView::stop()
{
    m_runner.stop();
}

void StartupView::showPartial(const QJsonObject &partial)
{
    if (partial.contains(QStringLiteral("points"))) {
        showSweep(partial);
        return;
    }
    if (partial.value(QStringLiteral("model")).toString() == QLatin1String("mmc"))
        showMmc(partial);
}

void StartupView::showResult(const QJsonObject &result, bool stopped)
{
    m_runButton->setEnabled(true);
    m_stopButton->setEnabled(false);
    m_last = result;
    const QString model = result.value(QStringLiteral("model")).toString();
    if (result.contains(QStringLiteral("points")) || result.contains(QStringLiteral("error")))
        showSweep(result);
    else if (model == QLatin1String("mmc"))
        showMmc(result);
    else if (model == QLatin1String("transcoding"))
        showTranscoding(result);
    else if (model == QLatin1String("feed"))
        showFeed(result);
    else if (model == QLatin1String("orm"))
        showOrm(result);
    emit statusMessage(stopped ? tr("Stopped.") : tr("Done."));
    emit finished();
}

void StartupView::showMmc(const QJsonObject &result)
{
    const QJsonObject theory = result.value(QStringLiteral("theory")).toObject();
    const QList<std::pair<QString, QString>> rows{
        {QStringLiteral("mean_wait"), tr("mean wait in queue")},
        {QStringLiteral("mean_response"), tr("mean time in system")},
        {QStringLiteral("mean_queue_length"), tr("mean queue length")},
        {QStringLiteral("utilization"), tr("utilisation")},
        {QStringLiteral("prob_wait"), tr("probability of waiting")}};
    for (int r = 0; r < rows.size(); ++r) {
        const QJsonArray pair = result.value(rows.at(r).first).toArray();
        setRow(m_mmcTable,
               r,
               {rows.at(r).second,
                number(pair.at(0).toDouble()),
                number(pair.at(1).toDouble()),
                number(theory.value(rows.at(r).first).toDouble())});
    }
    setRow(m_mmcTable,
           int(rows.size()),
           {tr("replications"),
            QString::number(result.value(QStringLiteral("replications")).toInt()),
            QString(),
            QString()});
}

void StartupView::showTranscoding(const QJsonObject &result)
{
    const QJsonObject turnaround = result.value(QStringLiteral("turnaround_minutes")).toObject();
    m_transcodingSummary->setText(
        tr("<b>%1 %</b> of videos met the promise (done within their own length). Turnaround p50 "
           "%2, "
           "p95 %3, p99 %4 min. Utilisation %5 %. Lost %6, redelivered %7, work done twice %8 "
           "video-min. "
           "Jobs hoarded by busy workers while a slot idled: %9 on average. Cost %10 $ per video "
           "minute.")
            .arg(qRound(result.value(QStringLiteral("sla_share")).toDouble() * 100))
            .arg(number(turnaround.value(QStringLiteral("p50")).toDouble(), 1))
            .arg(number(turnaround.value(QStringLiteral("p95")).toDouble(), 1))
            .arg(number(turnaround.value(QStringLiteral("p99")).toDouble(), 1))
            .arg(qRound(result.value(QStringLiteral("utilization")).toDouble() * 100))
            .arg(result.value(QStringLiteral("lost_jobs")).toInt())
            .arg(result.value(QStringLiteral("redelivered")).toInt())
            .arg(number(result.value(QStringLiteral("work_done_twice_minutes")).toDouble(), 1))
            .arg(number(result.value(QStringLiteral("hoarded_jobs")).toDouble(), 2))
            .arg(number(result.value(QStringLiteral("cost_per_video_minute")).toDouble(), 4)));
    m_animation->setFrames(framesFromJson(result.value(QStringLiteral("frames")).toArray()),
                           result.value(QStringLiteral("slots_per_instance")).toInt(1));
    const QJsonObject overTime = result.value(QStringLiteral("over_time")).toObject();
    QVector<double> hours, queue, instances;
    const QJsonArray minutes = overTime.value(QStringLiteral("minute")).toArray();
    for (int i = 0; i < minutes.size(); ++i) {
        hours.append(minutes.at(i).toDouble() / 60.0);
        queue.append(overTime.value(QStringLiteral("queue_length")).toArray().at(i).toDouble());
        instances.append(overTime.value(QStringLiteral("instances")).toArray().at(i).toDouble());
    }
    m_overTime->clearGraphs();
    m_overTime->addGraph()->setData(hours, queue);
    m_overTime->graph(0)->setName(tr("queue length"));
    m_overTime->addGraph()->setData(hours, instances);
    m_overTime->graph(1)->setName(tr("instances"));
    m_overTime->rescaleAxes();
    // The turnaround distribution, with the promise at 1.
    const QJsonArray ratios = result.value(QStringLiteral("turnaround_ratios")).toArray();
    constexpr int bins = 60; // the last bin also holds everything slower
    constexpr double width = 0.1;
    QVector<double> x(bins), y(bins, 0);
    for (int b = 0; b < bins; ++b)
        x[b] = (b + 0.5) * width;
    for (const QJsonValue &v : ratios)
        y[std::min(bins - 1, int(v.toDouble() / width))] += 1;
    m_turnaround->clearPlottables();
    m_turnaround->clearItems();
    auto *bars = new QCPBars(m_turnaround->xAxis, m_turnaround->yAxis);
    bars->setWidth(width * 0.9);
    bars->setData(x, y);
    auto *promise = new QCPItemStraightLine(m_turnaround);
    promise->point1->setCoords(1, 0);
    promise->point2->setCoords(1, 1);
    promise->setPen(QPen(QColor(0xd5, 0x5e, 0x00), 2, Qt::DashLine));
    m_turnaround->rescaleAxes();
    m_turnaround->xAxis->setRange(0, bins * width);
    PlotStyle::apply(m_overTime, palette(), QApplication::font(), 1.0);
    m_overTime->replot();
    m_turnaround->replot();
}

void StartupView::showFeed(const QJsonObject &result)
{
    const QJsonArray methods = result.value(QStringLiteral("methods")).toArray();
    m_feedTable->setRowCount(0);
    m_feedPlot->clearGraphs();
    for (const QJsonValue &v : methods) {
        const QJsonObject histogram
            = v.toObject().value(QStringLiteral("latency_histogram")).toObject();
        const double bin = histogram.value(QStringLiteral("bin_seconds")).toDouble();
        QVector<double> x, y;
        const QJsonArray shares = histogram.value(QStringLiteral("share")).toArray();
        for (int b = 0; b < shares.size(); ++b) {
            x.append((b + 0.5) * bin);
            y.append(shares.at(b).toDouble());
        }
        QCPGraph *graph = m_feedPlot->addGraph();
        graph->setName(v.toObject().value(QStringLiteral("delivery")).toString());
        graph->setData(x, y);
        graph->setLineStyle(QCPGraph::lsStepCenter);
    }
    m_feedPlot->xAxis->setScaleType(QCPAxis::stLinear);
    m_feedPlot->rescaleAxes();
    PlotStyle::apply(m_feedPlot, palette(), QApplication::font(), 1.0);
    m_feedPlot->replot();
    for (int i = 0; i < methods.size(); ++i) {
        const QJsonObject m = methods.at(i).toObject();
        const QJsonObject latency = m.value(QStringLiteral("latency_seconds")).toObject();
        setRow(m_feedTable,
               i,
               {m.value(QStringLiteral("delivery")).toString(),
                number(latency.value(QStringLiteral("p50")).toDouble()),
                number(latency.value(QStringLiteral("p95")).toDouble()),
                number(m.value(QStringLiteral("requests_per_second")).toDouble(), 1),
                QString::number(m.value(QStringLiteral("open_connections")).toDouble()),
                QString::number(m.value(QStringLiteral("missed_events")).toDouble())});
    }
}

void StartupView::showOrm(const QJsonObject &result)
{
    if (result.contains(QStringLiteral("error"))) {
        m_ormLog->setPlainText(result.value(QStringLiteral("error")).toString());
        return;
    }
    const QJsonArray strategies = result.value(QStringLiteral("strategies")).toArray();
    QString log;
    m_ormTable->setRowCount(0);
    for (int i = 0; i < strategies.size(); ++i) {
        const QJsonObject s = strategies.at(i).toObject();
        setRow(m_ormTable,
               i,
               {s.value(QStringLiteral("strategy")).toString(),
                number(s.value(QStringLiteral("ms")).toDouble(), 2),
                QString::number(s.value(QStringLiteral("queries")).toInt()),
                QString::number(s.value(QStringLiteral("rows")).toInt())});
        log += QStringLiteral("-- %1\n").arg(s.value(QStringLiteral("strategy")).toString());
        for (const QJsonValue &line : s.value(QStringLiteral("log")).toArray())
            log += line.toString() + QLatin1Char('\n');
    }
    m_ormLog->setPlainText(log);
}

bool StartupView::loadScenario(const QString &path, QString *error)
{
    const auto object = JsonIo::readObjectFile(path, error);
    if (!object)
        return false;
    const QString model = object->value(QStringLiteral("model")).toString();
    // Checked in full before anything changes: a bad file leaves the form as it was.
    bool ok = false;
    int index = -1;
    if (model == QLatin1String("mmc")) {
        ok = Scenario::parseMmc(*object, path, error).has_value();
        index = 0;
    } else if (model == QLatin1String("transcoding")) {
        ok = Scenario::parseTranscoding(*object, path, error).has_value();
        index = 1;
    } else if (model == QLatin1String("feed")) {
        ok = Scenario::parseFeed(*object, path, error).has_value();
        index = 2;
    } else if (model == QLatin1String("orm")) {
        ok = Scenario::parseOrm(*object, path, error).has_value();
        index = 3;
    } else if (error) {
        *error = tr("%1: field 'model' must be mmc, transcoding, feed or orm").arg(path);
    }
    if (!ok)
        return false;
    selectScenario(index);
    m_formList.at(index)->fromJson(*object);
    emit statusMessage(tr("Opened %1").arg(path));
    return true;
}

QString StartupView::resultsCsv() const
{
    auto quote = [](QString cell) {
        if (cell.contains(QLatin1Char(',')) || cell.contains(QLatin1Char('"'))) {
            cell.replace(QLatin1Char('"'), QStringLiteral("\"\""));
            cell = QLatin1Char('"') + cell + QLatin1Char('"');
        }
        return cell;
    };
    QString csv;
    if (m_last.value(QStringLiteral("model")).toString() == QLatin1String("transcoding")) {
        const QJsonObject overTime = m_last.value(QStringLiteral("over_time")).toObject();
        csv = QStringLiteral("minute,queue_length,instances\n");
        const QJsonArray minutes = overTime.value(QStringLiteral("minute")).toArray();
        for (int i = 0; i < minutes.size(); ++i) {
            csv += QStringLiteral("%1,%2,%3\n")
                       .arg(minutes.at(i).toDouble())
                       .arg(overTime.value(QStringLiteral("queue_length"))
                                .toArray()
                                .at(i)
                                .toDouble())
                       .arg(overTime.value(QStringLiteral("instances")).toArray().at(i).toDouble());
        }
        return csv;
    }
    const QTableWidget *table = m_results->currentIndex() == 0   ? m_mmcTable
                                : m_results->currentIndex() == 2 ? m_feedTable
                                                                 : m_ormTable;
    QStringList header;
    for (int c = 0; c < table->columnCount(); ++c)
        header.append(quote(table->horizontalHeaderItem(c)->text()));
    csv = header.join(QLatin1Char(',')) + QLatin1Char('\n');
    for (int r = 0; r < table->rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < table->columnCount(); ++c)
            cells.append(quote(table->item(r, c) ? table->item(r, c)->text() : QString()));
        csv += cells.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return csv;
}

bool StartupView::saveScenario(const QString &path, QString *error) const
{
    return JsonIo::writeObjectFile(path, currentForm()->toJson(), error);
}
