// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "realrunpanel.h"

#include "fulltable.h"
#include "poolanimationview.h"

#include <kit/adaptiverow.h>
#include <kit/appearance.h>
#include <kit/paths.h>
#include <kit/plotstyle.h>
#include <kit/typography.h>
#include <startup/narration.h>
#include <startup/poolanimation.h>
#include <startup/realcomparison.h>
#include <startup/realrun.h>
#include <startup/schema.h>
#include <startup/sentencebuilder.h>

#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <qcustomplot.h>

namespace Startup {

using namespace Kit;

namespace {

QCustomPlot *makePlot(const char *name, const QString &accessible, QWidget *parent)
{
    auto *plot = new QCustomPlot(parent);
    plot->setObjectName(QLatin1String(name));
    plot->setAccessibleName(accessible);
    plot->setMinimumHeight(plot->fontMetrics().height() * 12);
    PlotStyle::attach(plot);
    PlotStyle::showLegendBelow(plot);
    return plot;
}

/** Where the model's figures held against the real run are: the feed's are over the same
 *  posts the real run played. */
QString modelKey(const QJsonObject &answer)
{
    return answer.contains(QStringLiteral("model_same_posts")) ? QStringLiteral("model_same_posts")
                                                               : QStringLiteral("model");
}

/** Model and real bars, side by side at each of LABELS, from PATHS of the two results; a
 *  metric's SCALE (100 for a share, drawn in %). */
void drawPairs(QCustomPlot *plot,
               const QJsonObject &answer,
               const QStringList &labels,
               const QStringList &paths,
               const QList<double> &scales,
               const QString &axis,
               const QStringList &names = {})
{
    plot->clearPlottables();
    auto *group = new QCPBarsGroup(plot);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int i = 0; i < labels.size(); ++i)
        ticker->addTick(i + 1, labels.at(i));
    const QList<std::pair<QString, QString>> runs{
        {modelKey(answer), names.value(0, QObject::tr("model"))},
        {QStringLiteral("real"), names.value(1, QObject::tr("real run"))}};
    for (const auto &[key, name] : runs) {
        auto *bars = new QCPBars(plot->xAxis, plot->yAxis);
        bars->setName(name);
        bars->setWidth(0.35);
        bars->setBarsGroup(group);
        QVector<double> x, y;
        const QJsonObject result = answer.value(key).toObject();
        for (int i = 0; i < paths.size(); ++i) {
            x.append(i + 1);
            y.append(Narration::numberAt(result, paths.at(i)) * scales.value(i, 1));
        }
        bars->setData(x, y);
    }
    plot->rescaleAxes(true);
    plot->xAxis->setTicker(ticker);
    plot->xAxis->setRange(0.4, double(labels.size()) + 0.6); // the groups' side bars too
    plot->yAxis->setLabel(axis);
    plot->yAxis->setRangeLower(0);
    plot->yAxis->setRangeUpper(plot->yAxis->range().upper * 1.1 + 1e-9);
    const Appearance *a = Appearance::instance();
    PlotStyle::apply(plot, a->palette(), a->baseFont(), a->fontScale());
    plot->replot();
}

/** The share of notifications delivered within each latency, model and real, as the feed's
 *  Results page draws the model's: each run's percentiles (or, where it has few, each latency). */
void drawLatencyCurves(QCustomPlot *plot, const QJsonObject &answer)
{
    plot->clearPlottables();
    const QList<std::pair<QString, QString>> runs{
        {modelKey(answer), QObject::tr("model")},
        {QStringLiteral("real"), QObject::tr("real run")}};
    for (const auto &[key, name] : runs) {
        const QJsonObject result = answer.value(key).toObject();
        QVector<double> x, y;
        const QJsonArray each = result.value(QStringLiteral("latencies")).toArray();
        if (!each.isEmpty()) {
            for (int i = 0; i < each.size(); ++i) {
                x.append(each.at(i).toDouble());
                y.append(100.0 * (i + 1) / each.size());
            }
        } else {
            const QJsonArray percentiles
                = result.value(QStringLiteral("latency_percentiles")).toArray();
            for (int q = 0; q < percentiles.size(); ++q) {
                x.append(percentiles.at(q).toDouble());
                y.append(q);
            }
        }
        auto *graph = plot->addGraph();
        graph->setName(name);
        graph->setLineStyle(QCPGraph::lsStepLeft);
        graph->setData(x, y, true);
    }
    plot->rescaleAxes(true);
    plot->xAxis->setLabel(QObject::tr("delivery latency (simulated s)"));
    plot->yAxis->setLabel(QObject::tr("delivered within (%)"));
    plot->xAxis->setRangeLower(0);
    plot->yAxis->setRange(0, 102);
    const Appearance *a = Appearance::instance();
    PlotStyle::apply(plot, a->palette(), a->baseFont(), a->fontScale());
    plot->replot();
}

} // namespace

RealRunPanel::RealRunPanel(std::function<QJsonObject()> scenario,
                           QString dataFolder,
                           QWidget *parent)
    : QWidget(parent)
    , m_scenario(std::move(scenario))
    , m_dataFolder(std::move(dataFolder))
{
    m_run = new QPushButton(tr("Run it for real"));
    m_run->setObjectName(QStringLiteral("startup.realRunButton"));
    auto *column = new QVBoxLayout(this);
    auto *controls = new QHBoxLayout;
    m_stop = new QPushButton(tr("Stop the real run"), this);
    m_stop->setObjectName(QStringLiteral("startup.realStopButton"));
    m_stop->setEnabled(false);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("startup.realProgress"));
    m_progress->setAccessibleName(tr("Progress of the real run"));
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    controls->addWidget(m_progress, 1);
    controls->addWidget(m_stop);
    column->addLayout(controls);
    m_message = new QLabel(tr("Press “Run it for real” to run the scenario on Curtain's own "
                              "Redis, Celery workers and ffmpeg, beside the model."),
                           this);
    m_message->setObjectName(QStringLiteral("startup.realMessage"));
    m_message->setWordWrap(true);
    column->addWidget(m_message);
    m_turnaround = makePlot("startup.realTurnaround", tr("Turnaround, model and real run"), this);
    // A share and a count: each on an axis of its own.
    m_pool = makePlot("startup.realPool", tr("Utilisation, model and real run"), this);
    m_hoarding = makePlot("startup.realHoarding", tr("Hoarding, model and real run"), this);
    // Side by side where they fit, one under another where they would not (a large zoom).
    auto *plots = new AdaptiveRow(14, this);
    plots->addWidget(m_turnaround);
    plots->addWidget(m_pool);
    plots->addWidget(m_hoarding);
    column->addWidget(plots);
    m_sentences = new QLabel(this);
    m_sentences->setObjectName(QStringLiteral("startup.realSentences"));
    m_sentences->setWordWrap(true);
    m_sentences->setTextInteractionFlags(Qt::TextSelectableByMouse);
    column->addWidget(m_sentences);
    // The real day as Celery's events tell it: each worker's prefetched and running videos.
    auto *playRow = new QHBoxLayout;
    m_play = new QPushButton(tr("Play the real day"), this);
    m_play->setObjectName(QStringLiteral("startup.realPlay"));
    m_play->setEnabled(false);
    playRow->addWidget(m_play);
    playRow->addStretch(1);
    column->addLayout(playRow);
    m_playback = new PoolAnimationView(this);
    m_playback->setObjectName(QStringLiteral("startup.realPlayback"));
    column->addWidget(m_playback);
    connect(m_play, &QPushButton::clicked, this, [this] {
        if (m_playback->isPlaying()) {
            m_playback->pause();
            return;
        }
        if (m_playback->atEnd())
            m_playback->showFrame(0);
        m_playback->play();
    });
    connect(m_playback, &PoolAnimationView::playingChanged, this, [this](bool playing) {
        m_play->setText(playing ? tr("Pause") : tr("Play the real day"));
    });
    m_table
        = new FullTable(QStringLiteral("startup.realTable"), tr("Model beside the real run"), this);
    column->addWidget(m_table);
    m_log = new QPlainTextEdit(this);
    m_log->setObjectName(QStringLiteral("startup.realLog"));
    m_log->setAccessibleName(tr("Django's query log"));
    m_log->setReadOnly(true);
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_log->setMinimumHeight(m_log->fontMetrics().height() * 10);
    m_log->hide();
    column->addWidget(m_log);
    column->addStretch(1);

    connect(m_run, &QPushButton::clicked, this, &RealRunPanel::run);
    connect(m_stop, &QPushButton::clicked, this, &RealRunPanel::stop);
    connect(&m_job, &BackgroundJob::progress, this, [this](double f) {
        m_progress->setValue(qRound(f * 1000));
    });
    connect(&m_job, &BackgroundJob::finished, this, &RealRunPanel::ended);
}

RealRunPanel::~RealRunPanel()
{
    m_job.stop();
    m_job.wait();
}

void RealRunPanel::setModel(const QString &model)
{
    m_model = model;
    if (!m_refusal.contains(model)) {
        QString why;
        if (Real::packagesFor(model).isEmpty())
            why = tr("%1 has no real stack to run: it is queueing theory's own queue")
                      .arg(Schema::model(model) ? Schema::model(model)->title : model);
        if (why.isEmpty()) {
            if (const QStringList missing = Real::missingPackages(Real::packagesFor(model));
                !missing.isEmpty())
                why = Real::missingMessage(missing);
        }
        m_refusal.insert(model, why);
    }
    // Until this model's real run has an answer, the page says what the button would do.
    if (!isRunning()
        && m_answer.value(QStringLiteral("model")).toObject().value(QStringLiteral("model"))
               != QJsonValue(model)) {
        m_message->setText(
            model == QLatin1String("feed")
                ? tr("Press “Run it for real” to play the scenario's first minute on a real "
                     "Tornado server, with real connections for its users and Django writing "
                     "its posts, beside the model.")
            : model == QLatin1String("orm")
                ? tr("Press “Run it for real” to fetch the lab's page through the real Django "
                     "ORM, with Django's query log, and to hold Django's signals against an "
                     "SQLite trigger.")
            : model == QLatin1String("transcoding")
                ? tr("Press “Run it for real” to run the scenario on Curtain's own Redis, "
                     "Celery workers and ffmpeg, beside the model.")
                : tr("This scenario is queueing theory's own queue: it has no real stack to run."));
    }
    // Only the transcoding day has a pool to play back; the ORM's log shows with its answer.
    const bool transcoding = model == QLatin1String("transcoding");
    m_play->setVisible(transcoding);
    m_playback->setVisible(transcoding);
    if (m_answer.value(QStringLiteral("model")).toObject().value(QStringLiteral("model"))
        != QJsonValue(model))
        m_log->hide();
    const QString why = m_refusal.value(model);
    m_run->setEnabled(why.isEmpty() && !isRunning());
    const QString what
        = model == QLatin1String("feed")
              ? tr("Run this scenario's first minute on a real Tornado server with real clients "
                   "and Django writing the posts, beside the model")
          : model == QLatin1String("orm")
              ? tr("Fetch the lab's page through the real Django ORM, with Django's query log, "
                   "and hold Django's signals against an SQLite trigger")
              : tr("Run this scenario on Curtain's own Redis, Celery 5 workers and ffmpeg, "
                   "beside the model");
    m_run->setToolTip(why.isEmpty() ? what : why);
}

void RealRunPanel::run()
{
    if (isRunning())
        return;
    Real::Request request;
    request.scenario = m_scenario();
    request.source = tr("the form");
    request.realstackDir = Paths::dataDir() + QStringLiteral("/realstack");
    request.dataFolder = m_dataFolder;
    request.detail = true; // the frames of the playback
    if (const QString problem = Real::check(request); !problem.isEmpty()) {
        m_message->setText(problem);
        return;
    }
    m_job.start([this, request](const BackgroundJob::Context &c) {
        Simulation::Control control;
        control.stop = &c.stop;
        control.progress = c.progress;
        QString error;
        const QJsonObject answer = Real::run(request, control, &error);
        c.post([this, answer, error] {
            if (answer.isEmpty())
                m_message->setText(error);
            else
                showAnswer(answer);
        });
    });
    m_progress->setValue(0);
    m_run->setEnabled(false);
    m_stop->setEnabled(true);
    if (m_model == QLatin1String("orm"))
        m_message->setText(tr("Fetching the lab's page through Django…"));
    else if (m_model == QLatin1String("feed"))
        m_message->setText(tr("Starting the Tornado server, connecting the users, then writing "
                              "the hour's first posts through Django, in real time…"));
    else
        m_message->setText(tr("Starting Redis and the Celery workers, calibrating ffmpeg, then "
                              "the day at %1 times its speed…")
                               .arg(Real::defaultTimeScale(request.scenario)));
    emit started();
}

void RealRunPanel::stop()
{
    m_job.stop();
}

void RealRunPanel::ended(bool stopped)
{
    m_stop->setEnabled(false);
    setModel(m_model);
    if (stopped)
        m_message->setText(tr("Stopped: every process of the real run has ended."));
    emit finished();
}

void RealRunPanel::showAnswer(const QJsonObject &answer)
{
    m_answer = answer;
    const bool cut = answer.value(QStringLiteral("stopped")).toBool()
                     || answer.value(QStringLiteral("timed_out")).toBool();
    m_message->setText(
        cut ? tr("The real run was cut short: its numbers cover what ran.")
            : tr("The real run took %1 s of wall time.")
                  .arg(qRound(answer.value(QStringLiteral("wall_ms")).toDouble() / 1000)));
    const QString model = answer.value(QStringLiteral("model"))
                              .toObject()
                              .value(QStringLiteral("model"))
                              .toString();
    const bool feed = model == QLatin1String("feed");
    const bool orm = model == QLatin1String("orm");
    m_play->setVisible(!feed && !orm);
    m_playback->setVisible(!feed && !orm);
    m_log->setVisible(orm);
    if (orm) {
        showOrm(answer);
    } else if (feed) {
        drawLatencyCurves(m_turnaround, answer);
        m_turnaround->setAccessibleName(tr("Delivery latency, model and real run"));
        drawPairs(m_pool,
                  answer,
                  {tr("requests")},
                  {QStringLiteral("requests_per_second")},
                  {1},
                  tr("requests / simulated s"));
        m_pool->setAccessibleName(tr("Requests per second, model and real run"));
        drawPairs(m_hoarding,
                  answer,
                  {tr("delivered"), tr("missed")},
                  {QStringLiteral("delivered"), QStringLiteral("missed_events")},
                  {},
                  tr("notifications"));
        m_hoarding->setAccessibleName(tr("Notifications, model and real run"));
    } else {
        showTranscoding(answer);
    }
    m_sentences->setText(breakableWords(
        Narration::lines(Narration::fromJson(answer.value(QStringLiteral("comparison"))
                                                 .toObject()
                                                 .value(QStringLiteral("summary"))
                                                 .toArray()))));
    if (answer.contains(QStringLiteral("comparison")))
        m_table->setTable(Real::table(answer));
}

void RealRunPanel::showOrm(const QJsonObject &answer)
{
    const QJsonObject real = answer.value(QStringLiteral("real")).toObject();
    QStringList labels, ms, queries;
    const QJsonArray strategies = real.value(QStringLiteral("strategies")).toArray();
    for (int i = 0; i < strategies.size(); ++i) {
        const QString strategy
            = strategies.at(i).toObject().value(QStringLiteral("strategy")).toString();
        labels.append(strategy == QLatin1String("orm-n-plus-1") ? tr("N+1")
                      : strategy == QLatin1String("orm-join")   ? tr("JOIN")
                                                                : tr(".extra()"));
        ms.append(QStringLiteral("strategies.%1.ms").arg(i));
        queries.append(QStringLiteral("strategies.%1.queries").arg(i));
    }
    const QStringList names{tr("the lab (QtSql)"), tr("Django")};
    drawPairs(m_turnaround, answer, labels, ms, {}, tr("page time (ms)"), names);
    m_turnaround->setAccessibleName(tr("Time per way, the lab and Django"));
    drawPairs(m_pool, answer, labels, queries, {}, tr("queries"), names);
    m_pool->setAccessibleName(tr("Queries per way, the lab and Django"));
    // The capture: what the signal heard and what the trigger saw, for each way of writing.
    m_hoarding->clearPlottables();
    auto *group = new QCPBarsGroup(m_hoarding);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    const QJsonArray captures = real.value(QStringLiteral("captures")).toArray();
    const QMap<QString, QString> shortNames{{QStringLiteral("save"), tr("save")},
                                            {QStringLiteral("update"), tr("update")},
                                            {QStringLiteral("bulk_create"), tr("bulk")},
                                            {QStringLiteral("raw_sql"), tr("raw")}};
    for (int i = 0; i < captures.size(); ++i) {
        const QString way = captures.at(i).toObject().value(QStringLiteral("way")).toString();
        ticker->addTick(i + 1, shortNames.value(way, way));
    }
    for (const auto &[key, name] : {std::pair{QStringLiteral("signals"), tr("post_save signal")},
                                    std::pair{QStringLiteral("trigger"), tr("SQLite trigger")}}) {
        auto *bars = new QCPBars(m_hoarding->xAxis, m_hoarding->yAxis);
        bars->setName(name);
        bars->setWidth(0.35);
        bars->setBarsGroup(group);
        QVector<double> x, y;
        for (int i = 0; i < captures.size(); ++i) {
            x.append(i + 1);
            y.append(captures.at(i).toObject().value(key).toDouble());
        }
        bars->setData(x, y);
    }
    m_hoarding->rescaleAxes(true);
    m_hoarding->xAxis->setTicker(ticker);
    m_hoarding->xAxis->setRange(0.4, double(captures.size()) + 0.6);
    m_hoarding->yAxis->setLabel(tr("rows seen"));
    m_hoarding->yAxis->setRange(0, m_hoarding->yAxis->range().upper * 1.15 + 1);
    m_hoarding->setAccessibleName(tr("Writes seen by Django's signal and by a trigger"));
    const Appearance *a = Appearance::instance();
    PlotStyle::apply(m_hoarding, a->palette(), a->baseFont(), a->fontScale());
    m_hoarding->replot();
    // Django's own query log, as it sent each statement.
    QStringList log;
    for (const QJsonValue v : strategies) {
        const QJsonObject way = v.toObject();
        const QJsonArray queriesSent = way.value(QStringLiteral("log")).toArray();
        log.append(tr("— %1: %2 queries")
                       .arg(way.value(QStringLiteral("name")).toString())
                       .arg(queriesSent.size()));
        for (int i = 0; i < queriesSent.size(); ++i) {
            if (i == 3 && queriesSent.size() > 4) {
                log.append(tr("  … %1 more like those").arg(queriesSent.size() - 4));
                i = int(queriesSent.size()) - 1;
            }
            const QJsonObject q = queriesSent.at(i).toObject();
            // Django times a statement to the millisecond.
            log.append(QStringLiteral("  [%1 s] %2")
                           .arg(q.value(QStringLiteral("seconds")).toDouble(), 0, 'f', 3)
                           .arg(q.value(QStringLiteral("sql")).toString()));
        }
    }
    m_log->setPlainText(log.join(QLatin1Char('\n')));
}

void RealRunPanel::showTranscoding(const QJsonObject &answer)
{
    m_turnaround->setAccessibleName(tr("Turnaround, model and real run"));
    m_pool->setAccessibleName(tr("Utilisation, model and real run"));
    m_hoarding->setAccessibleName(tr("Hoarding, model and real run"));
    drawPairs(m_turnaround,
              answer,
              {tr("median"), tr("95th percentile"), tr("99th percentile")},
              {QStringLiteral("turnaround_minutes.p50"),
               QStringLiteral("turnaround_minutes.p95"),
               QStringLiteral("turnaround_minutes.p99")},
              {},
              tr("turnaround (simulated min)"));
    drawPairs(m_pool,
              answer,
              {tr("utilisation")},
              {QStringLiteral("utilization")},
              {100},
              tr("share of machine time busy (%)"));
    drawPairs(m_hoarding,
              answer,
              {tr("hoarded (time average)")},
              {QStringLiteral("hoarded_jobs")},
              {1},
              tr("videos held by a busy worker while a slot idles"));
    const QJsonObject real = answer.value(QStringLiteral("real")).toObject();
    m_playback->pause();
    m_playback->setFrames(framesFromJson(real.value(QStringLiteral("frames")).toArray()),
                          real.value(QStringLiteral("slots_per_instance")).toInt(1));
    m_playback->showFrame(0);
    m_play->setEnabled(m_playback->frameCount() > 0);
}

} // namespace Startup
