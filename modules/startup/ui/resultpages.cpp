// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "resultpages.h"

#include "breakdownview.h"
#include "fulltable.h"
#include "poolanimationview.h"

#include <kit/adaptiverow.h>
#include <kit/appearance.h>
#include <kit/fittext.h>
#include <kit/plotstyle.h>
#include <kit/stage.h>
#include <kit/wholelines.h>
#include <startup/narration.h>
#include <startup/poolanimation.h>

#include <QComboBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSlider>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <qcustomplot.h>

namespace Startup {

using namespace Kit;

namespace {

/** The sentences of a Report::run result, one a line. */
QString summaryOf(const QJsonObject &result)
{
    return Narration::lines(Narration::fromJson(result.value(QStringLiteral("summary")).toArray()));
}

QCustomPlot *makePlot(const char *name, const QString &accessible, QWidget *parent)
{
    auto *plot = new QCustomPlot(parent);
    plot->setObjectName(QLatin1String(name));
    plot->setAccessibleName(accessible);
    plot->setMinimumHeight(plot->fontMetrics().height() * 9);
    PlotStyle::attach(plot);
    return plot;
}

void restyle(QCustomPlot *plot)
{
    const Appearance *a = Appearance::instance();
    PlotStyle::apply(plot, a->palette(), a->baseFont(), a->fontScale());
}

} // namespace

// ---- M/M/c ---------------------------------------------------------------------------------

MmcPage::MmcPage(QWidget *parent)
    : ResultPage(parent)
{
    auto *column = new QVBoxLayout(this);
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("startup.mmcNote"));
    m_note->setWordWrap(true);
    column->addWidget(m_note);
    m_table
        = new FullTable(QStringLiteral("startup.mmcTable"), tr("Simulation beside theory"), this);
    column->addWidget(m_table);
    column->addStretch(1);
}

void MmcPage::showResult(const QJsonObject &result, bool)
{
    m_table->setTable(Narration::mmcTable(result));
    // A partial result has no sentences yet: they are read off it as it stands.
    m_note->setText(result.contains(QStringLiteral("summary"))
                        ? summaryOf(result)
                        : Narration::lines(Narration::mmc(result)));
}

QString MmcPage::csv() const
{
    return m_table->csv();
}

QString MmcPage::note() const
{
    return m_note->text();
}

// ---- transcoding -------------------------------------------------------------------------------

TranscodingPage::TranscodingPage(QWidget *parent)
    : ResultPage(parent)
{
    // The page is a row: the summary, breakdown, playback and plots on the left; on a presenter's
    // stage, the run's headline sentences on the right (hidden off it).
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    auto *column = new QVBoxLayout;
    row->addLayout(column, 3);
    m_summary = new QLabel(tr("Press Run: a day of uploads goes through the queue."), this);
    m_summary->setObjectName(QStringLiteral("startup.transcodingSummary"));
    m_summary->setWordWrap(true);
    m_summary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    column->addWidget(m_summary);
    m_breakdown = new BreakdownView(QStringLiteral("startup.transcodingBreakdown"), this);
    column->addWidget(m_breakdown);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    auto *top = new QWidget(splitter);
    auto *topColumn = new QVBoxLayout(top);
    topColumn->setContentsMargins(0, 0, 0, 0);
    m_animation = new PoolAnimationView(top);
    topColumn->addWidget(m_animation, 1);
    auto *playback = new QHBoxLayout;
    m_play = new QPushButton(tr("Play"), top);
    m_play->setObjectName(QStringLiteral("startup.play"));
    connect(m_play, &QPushButton::clicked, this, [this] {
        if (m_animation->isPlaying())
            m_animation->pause();
        else
            m_animation->play();
    });
    playback->addWidget(m_play);
    m_speed = new QComboBox(top);
    m_speed->setObjectName(QStringLiteral("startup.playbackSpeed"));
    m_speed->setAccessibleName(tr("Playback speed"));
    m_speed->addItem(tr("10 min a second"), 10.0);
    m_speed->addItem(tr("1 hour a second"), 60.0);
    m_speed->addItem(tr("4 hours a second"), 240.0);
    m_speed->setCurrentIndex(1);
    connect(m_speed, &QComboBox::currentIndexChanged, this, [this] {
        m_animation->setSpeed(m_speed->currentData().toDouble());
    });
    playback->addWidget(m_speed);
    m_scrub = new QSlider(Qt::Horizontal, top);
    m_scrub->setObjectName(QStringLiteral("startup.scrub"));
    m_scrub->setAccessibleName(tr("Playback position"));
    connect(m_scrub, &QSlider::valueChanged, this, [this](int v) {
        m_animation->showFrame(std::size_t(v));
    });
    playback->addWidget(m_scrub, 1);
    topColumn->addLayout(playback);
    for (QWidget *control : std::initializer_list<QWidget *>{m_play, m_speed, m_scrub})
        markOffStage(control); // a presenter steps the playback with the clicker
    connect(m_animation, &PoolAnimationView::frameChanged, this, &TranscodingPage::followPlayback);
    connect(m_animation, &PoolAnimationView::playingChanged, this, [this](bool playing) {
        m_play->setText(playing                ? tr("Pause")
                        : m_animation->atEnd() ? tr("Play again")
                                               : tr("Play"));
    });

    // Side by side when each plot gets about 30 lines of width; stacked at a large zoom.
    auto *plotRow = new AdaptiveRow(30, splitter);
    auto *plots = plotRow;
    m_overTime = makePlot("startup.overTime", tr("Queue and machines over the day"), plots);
    m_overTime->xAxis->setLabel(tr("hour of the run"));
    m_overTime->yAxis->setLabel(tr("how many")); // the legend says of what
    PlotStyle::showLegendBelow(m_overTime);
    m_cursor = new QCPItemStraightLine(m_overTime);
    m_cursor->setVisible(false);
    plotRow->addWidget(m_overTime);
    m_turnaround = makePlot("startup.turnaround", tr("How late each video was"), plots);
    m_turnaround->xAxis->setLabel(tr("turnaround ÷ video length"));
    PlotStyle::showLegendBelow(m_turnaround);
    m_turnaround->yAxis->setLabel(tr("videos"));
    plotRow->addWidget(m_turnaround);
    // On a presenter's stage (1280x800 at the room's zoom) the playback, the plot with its time
    // cursor and the summary the notes point at; the histogram and the breakdown stay here.
    markOffStage(m_turnaround);
    markOffStage(m_breakdown);
    markOffStage(m_summary);
    splitter->addWidget(top);
    splitter->addWidget(plots);
    column->addWidget(splitter, 1);
    m_stageSummary = new QLabel(this);
    m_stageSummary->setObjectName(QStringLiteral("startup.transcodingStageSummary"));
    m_stageSummary->setWordWrap(true);
    m_stageSummary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_stageSummary->setContentsMargins(0, 0, m_stageSummary->fontMetrics().height() / 2, 0);
    m_stageSummary->hide();
    row->addWidget(m_stageSummary, 2);
}

QStringList TranscodingPage::sentenceRules()
{
    // The rules of Narration's transcoding summary, in its order.
    return {QStringLiteral("promise"),
            QStringLiteral("turnaround"),
            QStringLiteral("machines"),
            QStringLiteral("losses"),
            QStringLiteral("cost"),
            QStringLiteral("queue"),
            QStringLiteral("cause")};
}

void TranscodingPage::setStageRules(const QStringList &rules)
{
    m_stageRules = rules;
    showStageSummary();
}

QStringList TranscodingPage::defaultStageRules()
{
    // The three numbers the talk compares from slide to slide: the promise kept, the turnaround
    // and the cost (the playback beside them shows the machines and what they hoard).
    return {QStringLiteral("promise"), QStringLiteral("turnaround"), QStringLiteral("cost")};
}

int TranscodingPage::heightForWidth(int width) const
{
    // A scroll area gives a page with wrapping words its preferred height for the width; on the
    // stage the page takes the room it has (the playback and plot shrink to their least), so the
    // room sees all of it without a scroll bar nobody can use.
    // The headline's sentences are never cut: when they need more, the page scrolls.
    if (m_stageSummary->isVisibleTo(this)) {
        const int words
            = textHeight(m_stageSummary,
                         m_stageSummary->font(),
                         m_stageSummary->width() > 1 ? m_stageSummary->width() : width * 2 / 5)
              + layout()->contentsMargins().top() + layout()->contentsMargins().bottom();
        return std::max(minimumSizeHint().height(), words);
    }
    return ResultPage::heightForWidth(width);
}

void TranscodingPage::resizeEvent(QResizeEvent *event)
{
    ResultPage::resizeEvent(event);
    fitStageSummary();
}

void TranscodingPage::changeEvent(QEvent *event)
{
    ResultPage::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        fitStageSummary();
}

void TranscodingPage::fitStageSummary()
{
    // The room cannot scroll: long sentences (a turnaround with its caveats) are set smaller, to
    // a floor, as a slide's text is; past the floor the page asks for their height and scrolls.
    if (!m_stageSummary->isVisibleTo(this))
        return;
    const QWidget *area = parentWidget() ? parentWidget() : this;
    const QMargins margins = layout()->contentsMargins();
    // A margin on the right, as the slide's own text has, at the size it is set in.
    m_stageSummary->setContentsMargins(0, 0, m_stageSummary->fontMetrics().height(), 0);
    fitText(m_stageSummary,
            QSize(m_stageSummary->width(), area->height() - margins.top() - margins.bottom()));
}

void TranscodingPage::setStaged(bool staged)
{
    // Kit::setStaged hides the summary, the breakdown and the histogram; the headline takes
    // their place beside the playback, so the stage holds what the room is shown at 1280x800.
    m_stageSummary->setVisible(staged);
    if (staged)
        QMetaObject::invokeMethod(this, &TranscodingPage::fitStageSummary, Qt::QueuedConnection);
    else
        unfitText(m_stageSummary);
}

void TranscodingPage::showStageSummary()
{
    // Whole sentences of the summary, in its order: the rules chosen, nothing reworded.
    QList<Narration::Sentence> said;
    for (const Narration::Sentence &sentence :
         Narration::fromJson(m_result.value(QStringLiteral("summary")).toArray())) {
        if (m_stageRules.contains(sentence.rule))
            said.append(sentence);
    }
    m_stageSummary->setText(
        Narration::lines(said).replace(QLatin1Char('\n'), QStringLiteral("\n\n")));
    fitStageSummary();
}

QString TranscodingPage::stageSummary() const
{
    return m_stageSummary->text();
}

void TranscodingPage::setSpeed(double minutesPerSecond)
{
    const int index = m_speed->findData(minutesPerSecond);
    if (index >= 0)
        m_speed->setCurrentIndex(index);
    m_animation->setSpeed(minutesPerSecond);
}

double TranscodingPage::speed() const
{
    return m_speed->currentData().toDouble();
}

QString TranscodingPage::summary() const
{
    return m_summary->text();
}

void TranscodingPage::followPlayback(std::size_t frame)
{
    const QSignalBlocker block(m_scrub);
    m_scrub->setRange(0, int(std::max<std::size_t>(m_animation->frameCount(), 1) - 1));
    m_scrub->setValue(int(frame));
    if (!m_animation->isPlaying())
        m_play->setText(m_animation->atEnd() ? tr("Play again") : tr("Play"));
    // The plot's time cursor stands where the playback is.
    if (frame < m_animation->frames().size()) {
        const double hour = m_animation->frames()[frame].minute / 60.0;
        m_cursor->point1->setCoords(hour, 0);
        m_cursor->point2->setCoords(hour, 1);
        m_cursor->setVisible(true);
        m_overTime->replot(QCustomPlot::rpQueuedReplot);
    }
}

void TranscodingPage::showResult(const QJsonObject &result, bool partial)
{
    if (partial)
        return;
    m_result = result;
    m_summary->setText(summaryOf(result));
    showStageSummary();
    QList<std::pair<QString, QJsonObject>> breakdowns;
    if (result.contains(QStringLiteral("breakdown")))
        breakdowns.append(
            {tr("this scenario"), result.value(QStringLiteral("breakdown")).toObject()});
    m_breakdown->setBreakdowns(QStringLiteral("transcoding"), breakdowns);
    const std::vector<PoolFrame> frames
        = framesFromJson(result.value(QStringLiteral("frames")).toArray());
    bool service = false;
    for (const PoolFrame &f : frames)
        service |= f.outsourced > 0;
    m_animation->setSpeed(speed());
    m_animation->setFrames(
        frames, result.value(QStringLiteral("slots_per_instance")).toInt(1), service);
    m_play->setText(tr("Play"));

    const QJsonObject overTime = result.value(QStringLiteral("over_time")).toObject();
    QVector<double> hours, queue, instances;
    const QJsonArray minutes = overTime.value(QStringLiteral("minute")).toArray();
    const QJsonArray queueValues = overTime.value(QStringLiteral("queue_length")).toArray();
    const QJsonArray instanceValues = overTime.value(QStringLiteral("instances")).toArray();
    for (int i = 0; i < minutes.size(); ++i) {
        hours.append(minutes.at(i).toDouble() / 60.0);
        queue.append(queueValues.at(i).toDouble());
        instances.append(instanceValues.at(i).toDouble());
    }
    m_overTime->clearGraphs();
    m_overTime->addGraph()->setData(hours, queue);
    m_overTime->graph(0)->setName(tr("videos waiting in the queue"));
    m_overTime->addGraph()->setData(hours, instances);
    m_overTime->graph(1)->setName(tr("machines up"));
    m_overTime->rescaleAxes();
    m_overTime->yAxis->setRangeLower(0);
    restyle(m_overTime);

    // The turnaround distribution, with the promise at 1 and a last bar for everything slower.
    const QJsonArray ratios = result.value(QStringLiteral("turnaround_ratios")).toArray();
    constexpr int bins = 60;
    constexpr double width = 0.1;
    QVector<double> x(bins), y(bins, 0);
    for (int b = 0; b < bins; ++b)
        x[b] = (b + 0.5) * width;
    for (const QJsonValue v : ratios)
        y[std::min(bins - 1, int(v.toDouble() / width))] += 1;
    m_turnaround->clearPlottables();
    m_turnaround->clearItems();
    auto *bars = new QCPBars(m_turnaround->xAxis, m_turnaround->yAxis);
    bars->setWidth(width * 0.9);
    bars->setData(x, y);
    // What the picture needs to be read lives in the legend, under the plot: no label in the
    // plot can cover a bar or another label.
    // Which videos it counts: the finished ones (an unfinished one has no turnaround), of the
    // run the page draws (the first, when there were replications).
    const bool first = result.value(QStringLiteral("replications")).toInt(1) > 1;
    const bool unfinished = result.value(QStringLiteral("unfinished")).toDouble() > 0;
    QString name = first ? tr("finished videos of the first run") : tr("finished videos");
    if (y.last() > 0)
        name += tr(" (the last bar: %1 at 6× or more)").arg(y.last());
    if (unfinished)
        name += tr("; the unfinished have no turnaround");
    bars->setName(name);
    m_turnaround->rescaleAxes();
    m_turnaround->xAxis->setRange(0, bins * width);
    m_turnaround->yAxis->setRangeUpper(m_turnaround->yAxis->range().upper * 1.15);
    QCPGraph *promiseLine = m_turnaround->addGraph();
    promiseLine->setProperty(PlotStyle::TextColourProperty, true);
    promiseLine->setPen(QPen(m_turnaround->palette().color(QPalette::WindowText), 2, Qt::DashLine));
    promiseLine->setData(QVector<double>{1, 1},
                         QVector<double>{0, m_turnaround->yAxis->range().upper});
    promiseLine->setName(tr("the promise: ≤ 1 is on time"));
    restyle(m_turnaround);
    m_turnaround->replot();
}

QString TranscodingPage::csv() const
{
    const QJsonObject overTime = m_result.value(QStringLiteral("over_time")).toObject();
    QString csv = QStringLiteral("minute,queue_length,instances\n");
    const QJsonArray minutes = overTime.value(QStringLiteral("minute")).toArray();
    for (int i = 0; i < minutes.size(); ++i) {
        csv += QStringLiteral("%1,%2,%3\n")
                   .arg(minutes.at(i).toDouble())
                   .arg(overTime.value(QStringLiteral("queue_length")).toArray().at(i).toDouble())
                   .arg(overTime.value(QStringLiteral("instances")).toArray().at(i).toDouble());
    }
    return csv;
}

// ---- feed ------------------------------------------------------------------------------------

FeedPage::FeedPage(QWidget *parent)
    : ResultPage(parent)
{
    auto *column = new QVBoxLayout(this);
    m_table
        = new FullTable(QStringLiteral("startup.feedTable"), tr("Delivery methods compared"), this);
    column->addWidget(m_table);
    m_plot = makePlot("startup.feedPlot", tr("Delivery latency per method"), this);
    // The share delivered within a time, on a logarithmic time axis: polling's tens of seconds
    // and push's fifty milliseconds read on one picture, every curve to its slowest delivery.
    m_plot->xAxis->setLabel(tr("delivered within (s, logarithmic)"));
    // Short: an upright label sets the plot's least height (the x label says "delivered within").
    m_plot->yAxis->setLabel(tr("delivered (%)"));
    m_plot->xAxis->setScaleType(QCPAxis::stLogarithmic);
    m_plot->xAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    m_plot->yAxis->setRange(0, 102);
    PlotStyle::showLegendBelow(m_plot);
    column->addWidget(m_plot, 1);
    // On a presenter's stage the table and its sentences: what the notes point at, in sight at
    // 1280x800 (the curves need the height the table and sentences take).
    markOffStage(m_plot);
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("startup.feedNote"));
    m_note->setWordWrap(true);
    m_note->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    column->addWidget(m_note);
    m_breakdown = new BreakdownView(QStringLiteral("startup.feedBreakdown"), this);
    column->addWidget(m_breakdown);
    markOffStage(m_breakdown);
    column->addStretch(0);
}

void FeedPage::setStaged(bool)
{
    showNote(); // the curves have just left the page, or come back
}

void FeedPage::showNote()
{
    // The sentence that reads the curves is said only where they are drawn (not on the stage);
    // on the stage, too, not the one on the what-ifs (their breakdown is off it) nor advice on
    // the form (the room has none).
    const bool staged = isOnStage(this);
    QList<Narration::Sentence> said;
    for (const Narration::Sentence &sentence : Narration::fromJson(m_summary)) {
        if (sentence.rule == QLatin1String("curves") && m_plot->isHidden())
            continue;
        if (staged && (sentence.advice || sentence.rule == QLatin1String("cause")))
            continue;
        said.append(sentence);
    }
    m_note->setText(Narration::lines(said));
}

void FeedPage::showResult(const QJsonObject &result, bool)
{
    const QJsonArray methods = result.value(QStringLiteral("methods")).toArray();
    m_plot->clearGraphs();
    const QStringList names = [&result] {
        QStringList words;
        for (const QStringList &row : Narration::feedTable(result).rows)
            words.append(row.value(0));
        return words;
    }();
    double fastest = 0, slowest = 0;
    for (qsizetype i = 0; i < methods.size(); ++i) {
        const QJsonArray seconds
            = methods.at(i).toObject().value(QStringLiteral("latency_percentiles")).toArray();
        if (seconds.isEmpty())
            continue; // it delivered nothing: said in the table and the text
        QVector<double> x, y;
        // Few notifications: the share within each time steps at each one (what happened),
        // not a line interpolated between a handful of values.
        const QJsonArray each
            = methods.at(i).toObject().value(QStringLiteral("latencies")).toArray();
        if (!each.isEmpty()) {
            x.append(std::max(each.first().toDouble(), 1e-4));
            y.append(0);
            for (qsizetype k = 0; k < each.size(); ++k) {
                x.append(std::max(each.at(k).toDouble(), 1e-4)); // a log axis has no 0
                y.append(100.0 * double(k + 1) / double(each.size()));
            }
        } else {
            for (qsizetype q = 0; q < seconds.size(); ++q) {
                x.append(std::max(seconds.at(q).toDouble(), 1e-4)); // a log axis has no 0
                y.append(double(q));
            }
        }
        fastest = fastest > 0 ? std::min(fastest, x.first()) : x.first();
        slowest = std::max(slowest, x.last());
        QCPGraph *graph = m_plot->addGraph();
        graph->setName(names.value(i));
        graph->setData(x, y, true);
        if (!each.isEmpty())
            graph->setLineStyle(QCPGraph::lsStepLeft);
        // Curves that coincide stay visible: the first drawn widest, the later ones narrower
        // and dashed on top of it.
        QPen pen = graph->pen();
        pen.setWidthF(std::max(2.0, 4.5 - 1.25 * double(i)));
        pen.setStyle(i == 0 ? Qt::SolidLine : i == 1 ? Qt::DashLine : Qt::DotLine);
        graph->setPen(pen);
    }
    if (slowest > 0)
        m_plot->xAxis->setRange(fastest / 1.5, slowest * 1.5);
    m_plot->yAxis->setRange(0, 102);
    restyle(m_plot);
    m_plot->replot();
    m_table->setTable(Narration::feedTable(result));
    m_summary = result.value(QStringLiteral("summary")).toArray();
    showNote();
    QList<std::pair<QString, QJsonObject>> breakdowns;
    if (result.contains(QStringLiteral("breakdown")))
        breakdowns.append(
            {tr("this scenario"), result.value(QStringLiteral("breakdown")).toObject()});
    m_breakdown->setBreakdowns(QStringLiteral("feed"), breakdowns);
}

QString FeedPage::csv() const
{
    return m_table->csv();
}

QString FeedPage::note() const
{
    return m_note->text();
}

// ---- ORM -------------------------------------------------------------------------------------

OrmPage::OrmPage(QWidget *parent)
    : ResultPage(parent)
{
    auto *column = new QVBoxLayout(this);
    m_table = new FullTable(
        QStringLiteral("startup.ormTable"), tr("Three ways to fetch one page"), this);
    column->addWidget(m_table);
    m_why = new QTextBrowser(this);
    m_why->setObjectName(QStringLiteral("startup.ormWhy"));
    m_why->setAccessibleName(tr("Why each took the time it did"));
    column->addWidget(m_why, 1);
    // The room reads whole lines: a press turns the plans to the next (turnPage()).
    showWholeLinesOnStage(m_why);
    auto *logLabel = new QLabel(tr("Query log"), this);
    column->addWidget(logLabel);
    m_log = new QPlainTextEdit(this);
    m_log->setObjectName(QStringLiteral("startup.ormLog"));
    m_log->setAccessibleName(tr("Query log"));
    m_log->setReadOnly(true);
    column->addWidget(m_log, 1);
    // On a presenter's stage the table and the plans with why: the log of 100-odd statements
    // is for a learner to read, not for the room.
    markOffStage(logLabel);
    markOffStage(m_log);
}

bool OrmPage::turnPage(bool forward)
{
    QScrollBar *bar = m_why->verticalScrollBar();
    const int before = bar->value();
    // A screenful less a line: the last line of one is the first of the next, to read on from.
    const int step = std::max(1, bar->pageStep() - m_why->fontMetrics().height());
    bar->setValue(before + (forward ? step : -step));
    // The top of the box on a whole line: the line cut at the top comes whole into sight.
    const QRect top = m_why->cursorRect(m_why->cursorForPosition(QPoint(4, 1)));
    if (top.top() < 0 && bar->value() < bar->maximum())
        bar->setValue(bar->value() + top.top());
    return bar->value() != before;
}

std::pair<int, int> OrmPage::pagePosition() const
{
    const QScrollBar *bar = m_why->verticalScrollBar();
    const int step = std::max(1, bar->pageStep() - m_why->fontMetrics().height());
    const int pages = 1 + (bar->maximum() + step - 1) / step;
    const int passed = bar->value() >= bar->maximum() && bar->maximum() > 0
                           ? pages - 1
                           : (bar->value() + step - 1) / step;
    return {passed, pages};
}

void OrmPage::setStaged(bool)
{
    showWhy(); // the advice on the form leaves with the form, or comes back
    showWholeLinesOnStage(m_why);
}

void OrmPage::showResult(const QJsonObject &result, bool)
{
    m_result = result;
    m_table->setTable(Narration::ormTable(result));
    QString log;
    for (const QJsonValue strategy : result.value(QStringLiteral("strategies")).toArray()) {
        const QJsonObject s = strategy.toObject();
        log += QStringLiteral("-- %1\n").arg(s.value(QStringLiteral("name")).toString());
        for (const QJsonValue line : s.value(QStringLiteral("log")).toArray())
            log += line.toString() + QLatin1Char('\n');
    }
    m_log->setPlainText(log);
    showWhy();
}

void OrmPage::showWhy()
{
    QList<Narration::Sentence> summary
        = Narration::fromJson(m_result.value(QStringLiteral("summary")).toArray());
    if (isOnStage(this))
        summary = Narration::withoutAdvice(summary);
    // A sentence a paragraph; advice goes on in its fact's paragraph.
    QStringList paragraphs;
    for (const Narration::Sentence &sentence : summary) {
        const QString text = Narration::lines({sentence});
        if (sentence.advice && !paragraphs.isEmpty())
            paragraphs.last() += QLatin1Char(' ') + text;
        else
            paragraphs.append(text);
    }
    QString why;
    for (const QString &paragraph : std::as_const(paragraphs))
        why += QStringLiteral("<p>%1</p>").arg(paragraph.toHtmlEscaped());
    const QJsonArray strategies = m_result.value(QStringLiteral("strategies")).toArray();
    for (const QJsonValue strategy : strategies) {
        const QJsonObject s = strategy.toObject();
        why += QStringLiteral("<p><b>%1</b>: %2</p><pre>%3</pre>")
                   .arg(s.value(QStringLiteral("name")).toString().toHtmlEscaped(),
                        s.value(QStringLiteral("why")).toString().toHtmlEscaped(),
                        s.value(QStringLiteral("plan"))
                            .toVariant()
                            .toStringList()
                            .join(QLatin1Char('\n'))
                            .toHtmlEscaped());
    }
    m_why->setHtml(why);
}

QString OrmPage::csv() const
{
    return m_table->csv();
}

QString OrmPage::explanation() const
{
    return m_why->toPlainText();
}

} // namespace Startup
