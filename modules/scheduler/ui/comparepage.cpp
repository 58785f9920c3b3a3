// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "comparepage.h"

#include <kit/appearance.h>
#include <kit/fittable.h>
#include <kit/plotstyle.h>
#include <kit/stage.h>
#include <scheduler/runbatches.h>

#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <qcustomplot.h>

namespace Scheduler {

using namespace Kit;

ComparePage::ComparePage(QWidget *parent)
    : QScrollArea(parent)
{
    auto *page = new QWidget;
    auto *column = new QVBoxLayout(page);
    m_plot = new QCustomPlot(page);
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
    column->addWidget(m_plot, 2);
    m_note = new QLabel(page);
    m_note->setObjectName(QStringLiteral("scheduler.compareNote"));
    m_note->setWordWrap(true);
    column->addWidget(m_note);
    m_table = new QTableWidget(page);
    m_table->setObjectName(QStringLiteral("scheduler.compareTable"));
    m_table->setAccessibleName(tr("Compare numbers"));
    FitTable::setUp(
        m_table,
        {tr("model"), tr("workers"), tr("median"), tr("lowest"), tr("highest"), tr("runs")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    column->addWidget(m_table, 1);
    // On a presenter's stage the chart and its note: the table's same numbers are for a learner
    // to read up close (with it the page would scroll at 1280x800).
    markOffStage(m_table);
    // The chart keeps a readable size; the page scrolls when the zoom makes it taller.
    setWidget(page);
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
}

void ComparePage::showSummary(const CompareSummary &summary)
{
    m_plot->clearPlottables();
    m_table->setRowCount(0);
    sayWithAdvice(m_note, summary.note, summary.advice);
    if (summary.note.isEmpty()) { // no runs
        m_plot->replot();
        return;
    }
    m_plot->yAxis->setLabel(compareMetricLabel(summary.metric));
    double maxX = 1, maxY = 1;
    for (const CompareSeries &s : summary.series) {
        QVector<double> x, y, low, high;
        for (const ComparePoint &p : s.points) {
            x.append(p.workers);
            y.append(p.median);
            low.append(p.median - p.low);
            high.append(p.high - p.median);
            maxX = std::max(maxX, double(p.workers));
            maxY = std::max(maxY, p.high);
            const int row = m_table->rowCount();
            m_table->insertRow(row);
            const QStringList cells{s.name(),
                                    QString::number(p.workers),
                                    QString::number(p.median, 'f', 2),
                                    QString::number(p.low, 'f', 2),
                                    QString::number(p.high, 'f', 2),
                                    p.disturbed > 0
                                        ? tr("%1 (%2 disturbed)").arg(p.runs).arg(p.disturbed)
                                        : QString::number(p.runs)};
            for (int c = 0; c < cells.size(); ++c)
                m_table->setItem(row, c, new QTableWidgetItem(cells.at(c)));
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
}

} // namespace Scheduler
