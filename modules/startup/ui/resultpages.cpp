// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "resultpages.h"

#include <kit/adaptiverow.h>

#include "poolanimationview.h"

#include <kit/appearance.h>
#include <kit/fittable.h>
#include <kit/jsonio.h>
#include <kit/plotstyle.h>
#include <startup/poolanimation.h>
#include <startup/schema.h>

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSlider>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <qcustomplot.h>

namespace Startup {

using namespace Kit;

namespace {

QTableWidget *makeTable(const QStringList &headers, const char *name, const QString &accessible)
{
    auto *table = new QTableWidget;
    table->setObjectName(QLatin1String(name));
    table->setAccessibleName(accessible);
    FitTable::setUp(table, headers);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->hide();
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

QString quote(QString cell)
{
    if (cell.contains(QLatin1Char(',')) || cell.contains(QLatin1Char('"'))) {
        cell.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        cell = QLatin1Char('"') + cell + QLatin1Char('"');
    }
    return cell;
}

QString tableCsv(const QTableWidget *table)
{
    QStringList header;
    for (int c = 0; c < table->columnCount(); ++c)
        header.append(quote(
            table->horizontalHeaderItem(c)->text().replace(QLatin1Char('\n'), QLatin1Char(' '))));
    QString csv = header.join(QLatin1Char(',')) + QLatin1Char('\n');
    for (int r = 0; r < table->rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < table->columnCount(); ++c)
            cells.append(quote(table->item(r, c) ? table->item(r, c)->text() : QString()));
        csv += cells.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return csv;
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

QString deliveryWords(const QString &id)
{
    const Schema::Field *f
        = Schema::model(QStringLiteral("feed"))->field(QStringLiteral("delivery"));
    const qsizetype i = f->choices.indexOf(id);
    return i < 0 ? id : f->choiceLabels.at(i);
}

} // namespace

// ---- M/M/c ---------------------------------------------------------------------------------

MmcPage::MmcPage(QWidget *parent)
    : ResultPage(parent)
{
    auto *column = new QVBoxLayout(this);
    auto *note = new QLabel(tr("The simulation beside queueing theory (Erlang C and Little's "
                               "law). With more replications the interval narrows around the "
                               "theory."),
                            this);
    note->setWordWrap(true);
    column->addWidget(note);
    m_table = makeTable({tr("quantity"), tr("simulated"), tr("± 95 %"), tr("theory")},
                        "startup.mmcTable",
                        tr("Simulation beside theory"));
    column->addWidget(m_table, 1);
}

void MmcPage::showResult(const QJsonObject &result, bool)
{
    const QJsonObject theory = result.value(QStringLiteral("theory")).toObject();
    const QJsonObject ci = result.value(QStringLiteral("ci95")).toObject();
    const Schema::Model *model = Schema::model(QStringLiteral("mmc"));
    int row = 0;
    for (const Schema::Metric &m : model->metrics) {
        setRow(m_table,
               row++,
               {m.label,
                number(JsonIo::valueAt(result, m.path).toDouble()),
                ci.contains(m.path) ? number(ci.value(m.path).toDouble()) : QStringLiteral("–"),
                number(theory.value(m.path).toDouble())});
    }
    setRow(m_table,
           row,
           {tr("replications"),
            QString::number(result.value(QStringLiteral("replications")).toInt()),
            QString(),
            QString()});
}

QString MmcPage::csv() const
{
    return tableCsv(m_table);
}

// ---- transcoding -------------------------------------------------------------------------------

TranscodingPage::TranscodingPage(QWidget *parent)
    : ResultPage(parent)
{
    auto *column = new QVBoxLayout(this);
    m_summary = new QLabel(tr("Press Run: a day of uploads goes through the queue."), this);
    m_summary->setObjectName(QStringLiteral("startup.transcodingSummary"));
    m_summary->setWordWrap(true);
    m_summary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    column->addWidget(m_summary);
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
    m_overTime->yAxis->setLabel(tr("videos, machines"));
    PlotStyle::showLegendBelow(m_overTime);
    m_cursor = new QCPItemStraightLine(m_overTime);
    m_cursor->setVisible(false);
    plotRow->addWidget(m_overTime);
    m_turnaround = makePlot("startup.turnaround", tr("How late each video was"), plots);
    m_turnaround->xAxis->setLabel(tr("turnaround ÷ video length"));
    PlotStyle::showLegendBelow(m_turnaround);
    m_turnaround->yAxis->setLabel(tr("videos"));
    plotRow->addWidget(m_turnaround);
    splitter->addWidget(top);
    splitter->addWidget(plots);
    column->addWidget(splitter, 1);
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
    const QJsonObject turnaround = result.value(QStringLiteral("turnaround_minutes")).toObject();
    const QJsonObject ci = result.value(QStringLiteral("ci95")).toObject();
    const int replications = result.value(QStringLiteral("replications")).toInt(1);
    const double sla = result.value(QStringLiteral("sla_share")).toDouble();
    QString promise = tr("<b>%1 %</b> of videos kept the promise (done within their own "
                         "length; lost ones, and those still waiting past their length when "
                         "the day ended, missed it).")
                          .arg(qRound(sla * 100));
    if (replications > 1) {
        promise += QLatin1Char(' ')
                   + tr("Mean of %1 runs, ± %2 points.")
                         .arg(replications)
                         .arg(ci.value(QStringLiteral("sla_share")).toDouble() * 100, 0, 'f', 1);
    }
    m_summary->setText(
        promise + QLatin1Char(' ')
        + tr("Turnaround: median %1, p95 %2, p99 %3 min. Machines busy %4 % of their slot time. "
             "Jobs hoarded by busy machines while a slot idled: %5 on average. Lost %6, "
             "redelivered %7, work done twice %8 video-min, %9 unfinished at the end. "
             "%10 instance-hours, %11 $ per video minute.")
              .arg(number(turnaround.value(QStringLiteral("p50")).toDouble(), 1))
              .arg(number(turnaround.value(QStringLiteral("p95")).toDouble(), 1))
              .arg(number(turnaround.value(QStringLiteral("p99")).toDouble(), 1))
              .arg(qRound(result.value(QStringLiteral("utilization")).toDouble() * 100))
              .arg(number(result.value(QStringLiteral("hoarded_jobs")).toDouble(), 2))
              .arg(result.value(QStringLiteral("lost_jobs")).toDouble())
              .arg(result.value(QStringLiteral("redelivered")).toDouble())
              .arg(number(result.value(QStringLiteral("work_done_twice_minutes")).toDouble(), 1))
              .arg(result.value(QStringLiteral("unfinished")).toDouble())
              .arg(number(result.value(QStringLiteral("instance_hours")).toDouble(), 1))
              .arg(number(result.value(QStringLiteral("cost_per_video_minute")).toDouble(), 4)));
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
    for (const QJsonValue &v : ratios)
        y[std::min(bins - 1, int(v.toDouble() / width))] += 1;
    m_turnaround->clearPlottables();
    m_turnaround->clearItems();
    auto *bars = new QCPBars(m_turnaround->xAxis, m_turnaround->yAxis);
    bars->setWidth(width * 0.9);
    bars->setData(x, y);
    // What the picture needs to be read lives in the legend, under the plot: no label in the
    // plot can cover a bar or another label.
    bars->setName(y.last() > 0 ? tr("videos (the last bar: %1 at 6× or more)").arg(y.last())
                               : tr("videos"));
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
    m_table = makeTable({tr("delivery"),
                         tr("latency, median s"),
                         tr("latency p95 s"),
                         tr("requests / s"),
                         tr("open connections"),
                         tr("missed notifications")},
                        "startup.feedTable",
                        tr("Delivery methods compared"));
    column->addWidget(m_table, 1);
    m_plot = makePlot("startup.feedPlot", tr("Delivery latency per method"), this);
    m_plot->xAxis->setLabel(tr("delivery latency, s"));
    m_plot->yAxis->setLabel(tr("share of deliveries"));
    PlotStyle::showLegendBelow(m_plot);
    column->addWidget(m_plot, 2);
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("startup.feedNote"));
    m_note->setWordWrap(true);
    column->addWidget(m_note);
}

void FeedPage::showResult(const QJsonObject &result, bool)
{
    const QJsonArray methods = result.value(QStringLiteral("methods")).toArray();
    m_table->setRowCount(0);
    m_plot->clearGraphs();
    QStringList overflow;
    for (const QJsonValue &v : methods) {
        const QJsonObject histogram
            = v.toObject().value(QStringLiteral("latency_histogram")).toObject();
        const double bin = histogram.value(QStringLiteral("bin_seconds")).toDouble();
        QVector<double> x, y;
        const QJsonArray shares = histogram.value(QStringLiteral("share")).toArray();
        // The last bin holds the slowest 1 %: it is said in words, not drawn as a spike.
        for (int b = 0; b + 1 < shares.size(); ++b) {
            x.append((b + 0.5) * bin);
            y.append(shares.at(b).toDouble());
        }
        const QString name
            = deliveryWords(v.toObject().value(QStringLiteral("delivery")).toString());
        overflow.append(
            tr("%1 from %2 s on")
                .arg(name)
                .arg(histogram.value(QStringLiteral("overflow_from_seconds")).toDouble(),
                     0,
                     'g',
                     3));
        QCPGraph *graph = m_plot->addGraph();
        graph->setName(name);
        graph->setData(x, y);
        graph->setLineStyle(QCPGraph::lsStepCenter);
    }
    m_plot->rescaleAxes();
    restyle(m_plot);
    m_plot->replot();
    m_note->setText(
        tr("Each curve stops at its 99th percentile; the slowest 1 % is left out of the "
           "picture (%1).")
            .arg(overflow.join(QStringLiteral("; "))));
    for (int i = 0; i < methods.size(); ++i) {
        const QJsonObject m = methods.at(i).toObject();
        const QJsonObject latency = m.value(QStringLiteral("latency_seconds")).toObject();
        setRow(m_table,
               i,
               {deliveryWords(m.value(QStringLiteral("delivery")).toString()),
                number(latency.value(QStringLiteral("p50")).toDouble()),
                number(latency.value(QStringLiteral("p95")).toDouble()),
                number(m.value(QStringLiteral("requests_per_second")).toDouble(), 1),
                QString::number(m.value(QStringLiteral("open_connections")).toDouble()),
                QString::number(m.value(QStringLiteral("missed_events")).toDouble())});
    }
}

QString FeedPage::csv() const
{
    return tableCsv(m_table);
}

// ---- ORM -------------------------------------------------------------------------------------

OrmPage::OrmPage(QWidget *parent)
    : ResultPage(parent)
{
    auto *column = new QVBoxLayout(this);
    m_table = makeTable({tr("strategy"), tr("time ms"), tr("queries"), tr("rows")},
                        "startup.ormTable",
                        tr("Three ways to fetch one page"));
    column->addWidget(m_table);
    m_why = new QTextBrowser(this);
    m_why->setObjectName(QStringLiteral("startup.ormWhy"));
    m_why->setAccessibleName(tr("Why each took the time it did"));
    column->addWidget(m_why, 1);
    auto *logLabel = new QLabel(tr("Query log"), this);
    column->addWidget(logLabel);
    m_log = new QPlainTextEdit(this);
    m_log->setObjectName(QStringLiteral("startup.ormLog"));
    m_log->setAccessibleName(tr("Query log"));
    m_log->setReadOnly(true);
    column->addWidget(m_log, 1);
}

void OrmPage::showResult(const QJsonObject &result, bool)
{
    const QJsonArray strategies = result.value(QStringLiteral("strategies")).toArray();
    QString log;
    QString why;
    if (result.contains(QStringLiteral("note"))) {
        // The database by its name, not by the folder it sits in (that is the JSON's business).
        QString note = result.value(QStringLiteral("note")).toString();
        static const QRegularExpression path(
            QStringLiteral("/\\S*/(startup-orm-[^\\s/]+\\.sqlite)"));
        note.replace(path, QStringLiteral("\\1"));
        why += QStringLiteral("<p><i>%1</i></p>").arg(note.toHtmlEscaped());
    }
    why += result.value(QStringLiteral("comment_index")).toBool()
               ? tr("<p>With the index on comments(video_id). Untick it in the form and run again "
                    "to see what it was doing.</p>")
               : tr(
                   "<p><b>Without</b> the index on comments(video_id): tick it in the form and run "
                   "again.</p>");
    m_table->setRowCount(0);
    for (int i = 0; i < strategies.size(); ++i) {
        const QJsonObject s = strategies.at(i).toObject();
        setRow(m_table,
               i,
               {s.value(QStringLiteral("name")).toString(),
                number(s.value(QStringLiteral("ms")).toDouble(), 2),
                QString::number(s.value(QStringLiteral("queries")).toInt()),
                QString::number(s.value(QStringLiteral("rows")).toInt())});
        why += QStringLiteral("<p><b>%1</b>: %2</p><pre>%3</pre>")
                   .arg(s.value(QStringLiteral("name")).toString().toHtmlEscaped(),
                        s.value(QStringLiteral("why")).toString().toHtmlEscaped(),
                        s.value(QStringLiteral("plan"))
                            .toVariant()
                            .toStringList()
                            .join(QLatin1Char('\n'))
                            .toHtmlEscaped());
        log += QStringLiteral("-- %1\n").arg(s.value(QStringLiteral("name")).toString());
        for (const QJsonValue &line : s.value(QStringLiteral("log")).toArray())
            log += line.toString() + QLatin1Char('\n');
    }
    m_why->setHtml(why);
    m_log->setPlainText(log);
}

QString OrmPage::csv() const
{
    return tableCsv(m_table);
}

QString OrmPage::explanation() const
{
    return m_why->toPlainText();
}

} // namespace Startup
