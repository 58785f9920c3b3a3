// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "startupview.h"

#include "poolanimationview.h"

#include "realrunpanel.h"
#include "resultpages.h"
#include "scenarioform.h"
#include "sweeppage.h"

#include <kit/actions.h>
#include <kit/jsonio.h>
#include <kit/stage.h>
#include <startup/report.h>
#include <startup/schema.h>
#include <startup/simulation.h>
#include <startup/sweep.h>

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QVBoxLayout>
#include <kit/columnscrollarea.h>
#include <kit/pagetabs.h>

#include <algorithm>

namespace Startup {

using namespace Kit;

namespace {

/** PAGE in a panel that scrolls when the zoom makes it taller or wider than the room it has. */
QScrollArea *scrolling(QWidget *page)
{
    auto *area = new QScrollArea;
    area->setWidget(page);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    return area;
}

/** The models in the order the picker offers them: the schema's (the talk's own first). */
const QStringList &order()
{
    static const QStringList models = Schema::modelIds();
    return models;
}

} // namespace

StartupView::StartupView(QString dataFolder, QString examples, QWidget *parent)
    : QWidget(parent)
    , m_dataFolder(std::move(dataFolder))
    , m_examples(std::move(examples))
{
    setObjectName(QStringLiteral("startup.view"));
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);

    auto *setup = new QGroupBox(tr("Scenario"));
    auto *column = new QVBoxLayout(setup);
    m_picker = new QComboBox(setup);
    m_picker->setObjectName(QStringLiteral("startup.picker"));
    m_picker->setAccessibleName(tr("Scenario"));
    column->addWidget(m_picker);
    m_forms = new QStackedWidget;
    for (const QString &id : order()) {
        const Schema::Model *model = Schema::model(id);
        m_picker->addItem(model->title, id);
        auto *form = new ScenarioForm(*model);
        // Results of the scenario as it was run stay until the next run: said, once it changes.
        connect(form, &ScenarioForm::edited, this, &StartupView::markResultsStale);
        m_formList.append(form);
        m_forms->addWidget(form);
    }
    // The form scrolls at a large zoom; the buttons stay in sight below it.
    auto *scroll = new ColumnScrollArea(setup);
    scroll->setObjectName(QStringLiteral("startup.formScroll"));
    scroll->setWidget(m_forms);
    column->addWidget(scroll, 1);
    auto *replications = new QHBoxLayout;
    m_replicationsLabel = new QLabel(tr("Replications"), setup);
    m_replications = new QSpinBox(setup);
    m_replications->setObjectName(QStringLiteral("startup.replications"));
    m_replications->setAccessibleName(tr("Replications"));
    m_replications->setRange(1, 100);
    m_replications->setValue(5);
    m_replications->setToolTip(
        tr("Independent runs with different random streams, for 95 % confidence intervals"));
    m_replicationsLabel->setBuddy(m_replications);
    replications->addWidget(m_replicationsLabel);
    replications->addWidget(m_replications, 1);
    column->addLayout(replications);
    auto *buttons = new QHBoxLayout;
    m_runButton = new QPushButton(tr("Run"), setup);
    m_runButton->setObjectName(QStringLiteral("startup.runButton"));
    m_stopButton = new QPushButton(tr("Stop"), setup);
    m_stopButton->setObjectName(QStringLiteral("startup.stopButton"));
    m_stopButton->setEnabled(false);
    buttons->addWidget(m_runButton);
    // The real stack beside the model: its own button, progress and Stop, on a page of its own.
    m_real = new RealRunPanel([this] { return currentForm()->toJson(); }, m_dataFolder);
    buttons->addWidget(m_real->runButton());
    buttons->addWidget(m_stopButton);
    column->addLayout(buttons);
    m_progress = new QProgressBar(setup);
    m_progress->setObjectName(QStringLiteral("startup.progress"));
    m_progress->setAccessibleName(tr("Progress"));
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    column->addWidget(m_progress);
    m_message = new QLabel(setup);
    m_message->setObjectName(QStringLiteral("startup.message"));
    m_message->setWordWrap(true);
    column->addWidget(m_message);
    splitter->addWidget(setup);
    markOffStage(setup); // a presenter's stage shows the results, not the form

    m_results = new QStackedWidget;
    m_results->setObjectName(QStringLiteral("startup.results"));
    for (const QString &id : order()) {
        ResultPage *page = nullptr;
        if (id == QLatin1String("transcoding"))
            page = new TranscodingPage;
        else if (id == QLatin1String("feed"))
            page = new FeedPage;
        else if (id == QLatin1String("orm"))
            page = new OrmPage;
        else
            page = new MmcPage;
        m_pages.append(page);
        m_results->addWidget(scrolling(page));
    }
    m_sweep = new SweepPage;
    m_tabs = new PageTabs;
    m_tabs->setObjectName(QStringLiteral("startup.tabs"));
    m_tabs->addTab(m_results, tr("Results"));
    m_tabs->addTab(scrolling(m_sweep), tr("Sweep"));
    m_tabs->addTab(scrolling(m_real), tr("For real"));
    connect(m_real, &RealRunPanel::started, this, [this] { m_tabs->setCurrentIndex(2); });
    // Shown in the results' place while a run goes on a presenter's stage (started()).
    m_stageRunning = new QLabel;
    m_stageRunning->setObjectName(QStringLiteral("startup.stageRunning"));
    m_stageRunning->setAlignment(Qt::AlignCenter);
    m_stageRunning->setWordWrap(true);
    m_stageRunning->hide();
    auto *results = new QWidget;
    auto *resultsColumn = new QVBoxLayout(results);
    resultsColumn->setContentsMargins(0, 0, 0, 0);
    resultsColumn->addWidget(m_tabs, 1);
    resultsColumn->addWidget(m_stageRunning, 1);
    splitter->addWidget(results);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({0, 4000}); // the form as narrow as it can be, the results the rest
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_picker, &QComboBox::currentIndexChanged, this, [this](int index) {
        selectModel(order().value(index));
    });
    connect(m_runButton, &QPushButton::clicked, this, &StartupView::run);
    connect(m_stopButton, &QPushButton::clicked, this, &StartupView::stop);
    connect(m_sweep, &SweepPage::runRequested, this, &StartupView::runSweep);
    connect(&m_job, &BackgroundJob::progress, this, [this](double f) {
        m_progress->setValue(qRound(f * 1000));
    });
    connect(&m_job, &BackgroundJob::finished, this, &StartupView::ended);
    createActions();

    // Each scenario starts from its example file, when Curtain has it.
    for (ScenarioForm *form : std::as_const(m_formList)) {
        const QString path = QDir(m_examples).filePath(form->model() + QStringLiteral(".json"));
        QString ignored;
        if (const auto object = JsonIo::readObjectFile(path, &ignored, Schema::MaxScenarioBytes)) {
            if (Schema::validate(*object, path, &ignored))
                form->fromJson(*object);
        }
    }
    selectModel(QStringLiteral("transcoding"));
}

StartupView::~StartupView()
{
    m_job.stop();
    m_job.wait();
}

void StartupView::createActions()
{
    QAction *runAction = makeAction(this,
                                    QStringLiteral("startup.run"),
                                    tr("&Run"),
                                    {QKeySequence(tr("Ctrl+R")), QKeySequence(Qt::Key_F5)});
    connect(runAction, &QAction::triggered, this, &StartupView::run);
    QAction *stopAction = makeAction(this,
                                     QStringLiteral("startup.stop"),
                                     tr("&Stop"),
                                     {QKeySequence(tr("Ctrl+.")), QKeySequence(Qt::Key_Escape)});
    connect(stopAction, &QAction::triggered, this, &StartupView::stop);
    QAction *load = makeAction(
        this, QStringLiteral("startup.load"), tr("&Open Scenario…"), {QKeySequence::Open});
    connect(load, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open Scenario"), m_examples, tr("Scenario (*.json)"));
        QString error;
        if (!path.isEmpty() && !loadScenario(path, &error))
            QMessageBox::warning(this, tr("Open Scenario"), error);
    });
    QAction *save = makeAction(
        this, QStringLiteral("startup.save"), tr("&Save Scenario…"), {QKeySequence::Save});
    connect(save, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this,
            tr("Save Scenario"),
            QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + QLatin1Char('/')
                + currentModel() + QStringLiteral(".json"),
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

void StartupView::selectModel(const QString &model)
{
    const int index = int(order().indexOf(model));
    if (index < 0)
        return;
    if (m_picker->currentIndex() != index) {
        const QSignalBlocker block(m_picker);
        m_picker->setCurrentIndex(index);
    }
    m_forms->setCurrentIndex(index);
    m_results->setCurrentIndex(index);
    m_sweep->setModel(model);
    m_real->setModel(model);
    updateReplications();
}

void StartupView::updateReplications()
{
    // Only where replications mean something: the ORM's numbers are timings, measured once.
    const bool replicable = Schema::model(currentModel())->replicable;
    m_replications->setVisible(replicable);
    m_replicationsLabel->setVisible(replicable);
}

QString StartupView::currentModel() const
{
    return order().value(m_forms->currentIndex());
}

ScenarioForm *StartupView::currentForm() const
{
    return m_formList.at(m_forms->currentIndex());
}

ResultPage *StartupView::currentPage() const
{
    return m_pages.at(m_results->currentIndex());
}

TranscodingPage *StartupView::transcodingPage() const
{
    return static_cast<TranscodingPage *>(
        m_pages.at(int(order().indexOf(QStringLiteral("transcoding")))));
}

int StartupView::replications() const
{
    return m_replications->value();
}

void StartupView::setReplications(int replications)
{
    m_replications->setValue(replications);
}

void StartupView::started(const QString &message)
{
    m_progress->setValue(0);
    m_runButton->setEnabled(false);
    m_sweep->runButton()->setEnabled(false);
    m_stopButton->setEnabled(true);
    m_message->setText(message);
    emit statusMessage(message);
    // On the stage the form's progress and message are off it: the room is told a run is
    // going, and does not see the last run's results under this slide's title meanwhile.
    if (isStaged(this)) {
        m_stageRunning->setText(message);
        m_stageRunning->show();
        m_tabs->hide();
    }
}

void StartupView::ended(bool stopped)
{
    m_runButton->setEnabled(true);
    m_sweep->runButton()->setEnabled(true);
    m_stopButton->setEnabled(false);
    if (!stopped)
        m_progress->setValue(1000);
    // The message said what was running; now it says how it ended.
    m_message->setText(stopped ? tr("Stopped: the results show what ran before the stop.")
                               : tr("Done."));
    emit statusMessage(stopped ? tr("Stopped.") : tr("Done."));
    m_stageRunning->hide();
    m_tabs->show();
    emit finished();
}

void StartupView::run()
{
    if (isRunning())
        return;
    Simulation::Request request;
    request.scenario = currentForm()->toJson();
    request.source = tr("the %1 form").arg(Schema::model(currentModel())->title);
    request.replications = Schema::model(currentModel())->replicable ? m_replications->value() : 1;
    request.detail = true;
    request.dataFolder = m_dataFolder;
    if (const QString problem = Simulation::check(request); !problem.isEmpty()) {
        m_message->setText(problem);
        emit statusMessage(problem);
        return;
    }
    // One entry for the page: the run (the feed's three ways of delivering), the what-ifs
    // behind its sentences, and the sentences.
    ResultPage *page = currentPage();
    m_tabs->setCurrentIndex(0);
    m_job.start([this, request, page](const BackgroundJob::Context &c) {
        Simulation::Control control;
        control.stop = &c.stop;
        control.progress = c.progress;
        control.partial = [&c, page](const QJsonObject &partial) {
            c.post([page, partial] { page->showResult(partial, true); });
        };
        QString error;
        const QJsonObject result = Report::run(request, control, &error);
        if (result.isEmpty()) {
            c.post([this, error] { m_message->setText(error); });
            return;
        }
        c.post([this, page, result] {
            m_last = result;
            page->showResult(result, false);
            m_message->clear();
        });
    });
    started(tr("Simulating %1…").arg(Schema::model(currentModel())->title));
}

void StartupView::runSweep()
{
    if (isRunning())
        return;
    const QJsonObject scenario = currentForm()->toJson();
    const Sweep::Spec spec = m_sweep->spec();
    if (const QString problem = Sweep::check(Sweep::prepare(scenario, spec).scenario, spec);
        !problem.isEmpty()) {
        m_message->setText(problem);
        return;
    }
    m_tabs->setCurrentIndex(1);
    m_job.start([this, scenario, spec](const BackgroundJob::Context &c) {
        Simulation::Control control;
        control.stop = &c.stop;
        control.progress = c.progress;
        control.partial = [this, &c](const QJsonObject &partial) {
            c.post([this, partial] { m_sweep->showResult(partial, true); });
        };
        const QJsonObject result = Sweep::run(scenario, spec, control);
        c.post([this, result] {
            m_last = result;
            m_sweep->showResult(result, false);
        });
    });
    const Schema::Field *f = Schema::model(currentModel())->field(spec.parameter);
    started(tr("Sweeping %1…").arg(f ? f->label : spec.parameter));
}

void StartupView::markResultsStale()
{
    if (m_last.isEmpty())
        return; // no run's results on the page
    m_message->setText(tr("The results shown are of the scenario as it was when it last ran, not "
                          "of this one: press Run to see this one's."));
}

void StartupView::stop()
{
    m_job.stop();
}

bool StartupView::setScenario(const QJsonObject &scenario, const QString &source, QString *error)
{
    // Checked in full before anything changes: a bad file leaves the form as it was.
    if (!Schema::validate(scenario, source, error))
        return false;
    const QString model = scenario.value(QStringLiteral("model")).toString();
    selectModel(model);
    currentForm()->fromJson(scenario);
    markResultsStale();
    // A sweep on the page was of the scenario before this one.
    m_sweep->clearResult(tr("A scenario was opened: the sweep shown before was of another. Run "
                            "one for this scenario."));
    return true;
}

bool StartupView::loadScenario(const QString &path, QString *error)
{
    const auto object = JsonIo::readObjectFile(path, error, Schema::MaxScenarioBytes);
    if (!object || !setScenario(*object, path, error))
        return false;
    emit statusMessage(tr("Opened %1").arg(path));
    return true;
}

QString StartupView::present(const QJsonObject &scenario,
                             const QString &source,
                             int replications,
                             const QString &run,
                             double speed,
                             const QString &show)
{
    if (isRunning())
        stop();
    QString error;
    if (!setScenario(scenario, source, &error))
        return error;
    if (m_replications->isEnabled())
        setReplications(replications);
    if (TranscodingPage *page = transcodingPage()) {
        page->animation()->pause();
        page->setSpeed(speed);
    }
    m_tabs->setCurrentIndex(show == QLatin1String("sweep") ? 1 : 0);
    if (run == QLatin1String("true"))
        this->run();
    else if (run == QLatin1String("sweep"))
        runSweep();
    return {};
}

void StartupView::setStageSentences(const QStringList &rules)
{
    for (ResultPage *page : std::as_const(m_pages)) {
        if (auto *transcoding = qobject_cast<TranscodingPage *>(page))
            transcoding->setStageRules(rules);
    }
}

void StartupView::setStaged(bool staged)
{
    Kit::setStaged(this, staged);
    if (!staged) {
        m_stageRunning->hide();
        m_tabs->show();
    }
    for (ResultPage *page : std::as_const(m_pages))
        page->setStaged(staged);
}

std::vector<std::size_t> StartupView::presentStops() const
{
    TranscodingPage *page = transcodingPage();
    // Only the results' playback steps: on the Sweep page a press would move nothing in sight.
    if (currentModel() != QLatin1String("transcoding") || !page || m_tabs->currentIndex() != 0)
        return {};
    return playbackStops(page->animation()->frames(), m_stepMinutes);
}

bool StartupView::presentStep(bool forward)
{
    if (isRunning())
        return forward; // a press while it runs waits for it, on this slide
    if (OrmPage *orm = shownOrmPage())
        return orm->turnPage(forward); // the plans and why, a screenful a press
    const std::vector<std::size_t> stops = presentStops();
    if (stops.empty())
        return false;
    PoolAnimationView *animation = transcodingPage()->animation();
    animation->pause();
    const std::size_t now = animation->currentFrame();
    if (forward) {
        const auto next = std::upper_bound(stops.begin(), stops.end(), now);
        if (next == stops.end())
            return false;
        animation->showFrame(*next);
        return true;
    }
    if (now == 0)
        return false;
    const auto here = std::lower_bound(stops.begin(), stops.end(), now);
    animation->showFrame(here == stops.begin() ? 0 : *std::prev(here));
    return true;
}

OrmPage *StartupView::shownOrmPage() const
{
    if (currentModel() != QLatin1String("orm") || m_tabs->currentIndex() != 0)
        return nullptr;
    return static_cast<OrmPage *>(m_pages.at(int(order().indexOf(QStringLiteral("orm")))));
}

std::optional<Kit::StepPosition> StartupView::presentPosition() const
{
    if (const OrmPage *orm = shownOrmPage()) {
        const auto [passed, pages] = orm->pagePosition();
        if (pages < 2)
            return std::nullopt;
        return Kit::StepPosition{passed, pages - 1};
    }
    const std::vector<std::size_t> stops = presentStops();
    if (stops.empty())
        return std::nullopt;
    const std::size_t now = transcodingPage()->animation()->currentFrame();
    const auto passed = std::upper_bound(stops.begin(), stops.end(), now) - stops.begin();
    return Kit::StepPosition{int(passed), int(stops.size())};
}

void StartupView::playbackToEnd()
{
    if (TranscodingPage *page = transcodingPage(); page && page->animation()->frameCount() > 0) {
        page->animation()->pause();
        page->animation()->showFrame(page->animation()->frameCount() - 1);
    }
}

void StartupView::pausePlayback()
{
    if (TranscodingPage *page = transcodingPage())
        page->animation()->pause();
}

QString StartupView::resultsCsv() const
{
    return currentPage()->csv();
}

bool StartupView::saveScenario(const QString &path, QString *error) const
{
    return JsonIo::writeObjectFile(path, currentForm()->toJson(), error);
}

QVariantMap StartupView::saveState() const
{
    QVariantMap scenarios;
    for (const ScenarioForm *form : m_formList) {
        scenarios.insert(
            form->model(),
            QString::fromUtf8(QJsonDocument(form->toJson()).toJson(QJsonDocument::Compact)));
    }
    const Sweep::Spec spec = m_sweep->spec();
    return {{QStringLiteral("model"), currentModel()},
            {QStringLiteral("scenarios"), scenarios},
            {QStringLiteral("replications"), m_replications->value()},
            {QStringLiteral("playbackSpeed"), transcodingPage()->speed()},
            {QStringLiteral("sweep"),
             QVariantMap{{QStringLiteral("parameter"), spec.parameter},
                         {QStringLiteral("from"), spec.from},
                         {QStringLiteral("to"), spec.to},
                         {QStringLiteral("points"), spec.points},
                         {QStringLiteral("metric"), spec.metric},
                         {QStringLiteral("replications"), spec.replications}}}};
}

void StartupView::restoreState(const QVariantMap &state)
{
    // Saved scenarios are checked like files: a stale or damaged one is dropped, not shown.
    const QVariantMap scenarios = state.value(QStringLiteral("scenarios")).toMap();
    for (ScenarioForm *form : std::as_const(m_formList)) {
        const QByteArray text = scenarios.value(form->model()).toString().toUtf8();
        QString ignored;
        if (const auto object = JsonIo::parseObject(text, QStringLiteral("settings"), &ignored)) {
            if (Schema::validate(*object, QStringLiteral("settings"), &ignored))
                form->fromJson(*object);
        }
    }
    if (state.contains(QStringLiteral("replications")))
        m_replications->setValue(state.value(QStringLiteral("replications")).toInt());
    if (state.contains(QStringLiteral("playbackSpeed")))
        transcodingPage()->setSpeed(state.value(QStringLiteral("playbackSpeed")).toDouble());
    if (state.contains(QStringLiteral("model")))
        selectModel(state.value(QStringLiteral("model")).toString());
    const QVariantMap sweep = state.value(QStringLiteral("sweep")).toMap();
    if (!sweep.isEmpty()) {
        m_sweep->setSpec({sweep.value(QStringLiteral("parameter")).toString(),
                          sweep.value(QStringLiteral("from")).toDouble(),
                          sweep.value(QStringLiteral("to")).toDouble(),
                          sweep.value(QStringLiteral("points")).toInt(),
                          sweep.value(QStringLiteral("metric")).toString(),
                          sweep.value(QStringLiteral("replications")).toInt()});
    }
}

} // namespace Startup
