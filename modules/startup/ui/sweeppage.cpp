// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "sweeppage.h"

#include "breakdownview.h"
#include "fulltable.h"

#include <kit/appearance.h>
#include <kit/plotstyle.h>
#include <kit/stage.h>
#include <startup/narration.h>
#include <startup/schema.h>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <cmath>

namespace Startup {

using namespace Kit;

namespace {

/** The summary's rules a presenter's stage says: the curve's ends and plateau, the best point
 *  and the headline cause. */
const QStringList StageRules{QStringLiteral("ends"),
                             QStringLiteral("plateau"),
                             QStringLiteral("best"),
                             QStringLiteral("cause-headline")};

/** LABEL says TEXT on the stage and off it. */
void sayAll(QLabel *label, const QString &text)
{
    sayOnStage(label, text, text);
}

QString withUnit(const QString &label, const QString &unit)
{
    return unit.isEmpty() ? label : QStringLiteral("%1 (%2)").arg(label, unit);
}

} // namespace

SweepPage::SweepPage(QWidget *parent)
    : QWidget(parent)
{
    auto *column = new QVBoxLayout(this);
    // The sweep's form and its button: off a presenter's stage, where the room sees the plot.
    auto *formBox = new QWidget(this);
    markOffStage(formBox);
    auto *form = new QFormLayout(formBox);
    form->setContentsMargins(0, 0, 0, 0);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_parameter = new QComboBox(this);
    m_parameter->setObjectName(QStringLiteral("startup.sweepParameter"));
    m_parameter->setAccessibleName(tr("Field to vary"));
    connect(m_parameter, &QComboBox::currentIndexChanged, this, &SweepPage::updateRange);
    form->addRow(tr("Vary"), m_parameter);
    auto *range = new QHBoxLayout;
    m_from = new QDoubleSpinBox(this);
    m_from->setObjectName(QStringLiteral("startup.sweepFrom"));
    m_from->setAccessibleName(tr("From"));
    m_to = new QDoubleSpinBox(this);
    m_to->setObjectName(QStringLiteral("startup.sweepTo"));
    m_to->setAccessibleName(tr("To"));
    for (QDoubleSpinBox *box : {m_from, m_to}) {
        box->setDecimals(3);
        range->addWidget(box, 1);
    }
    form->addRow(tr("From … to"), range);
    m_points = new QSpinBox(this);
    m_points->setObjectName(QStringLiteral("startup.sweepPoints"));
    m_points->setAccessibleName(tr("Points"));
    m_points->setRange(2, 40);
    m_points->setValue(8);
    form->addRow(tr("Points"), m_points);
    m_metric = new QComboBox(this);
    m_metric->setObjectName(QStringLiteral("startup.sweepMetric"));
    m_metric->setAccessibleName(tr("What to measure"));
    form->addRow(tr("Measure"), m_metric);
    m_replications = new QSpinBox(this);
    m_replications->setObjectName(QStringLiteral("startup.sweepReplications"));
    m_replications->setAccessibleName(tr("Replications per point"));
    m_replications->setRange(2, 100);
    m_replications->setValue(5);
    form->addRow(tr("Replications per point"), m_replications);
    column->addWidget(formBox);
    m_run = new QPushButton(tr("Run Sweep"), this);
    markOffStage(m_run);
    m_run->setObjectName(QStringLiteral("startup.runSweep"));
    connect(m_run, &QPushButton::clicked, this, &SweepPage::runRequested);
    column->addWidget(m_run);
    m_plot = new QCustomPlot(this);
    m_plot->setObjectName(QStringLiteral("startup.sweepPlot"));
    m_plot->setAccessibleName(tr("Sweep chart"));
    m_plot->setMinimumHeight(m_plot->fontMetrics().height() * 10);
    PlotStyle::attach(m_plot);
    PlotStyle::showLegendBelow(m_plot);
    column->addWidget(m_plot, 1);
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("startup.sweepNote"));
    m_note->setWordWrap(true);
    m_note->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_note->setMinimumHeight(m_note->fontMetrics().height() * 4);
    column->addWidget(m_note);
    m_table = new FullTable(QStringLiteral("startup.sweepTable"), tr("The points plotted"), this);
    column->addWidget(m_table);
    m_breakdown = new BreakdownView(QStringLiteral("startup.sweepBreakdown"), this);
    column->addWidget(m_breakdown);
    // On a presenter's stage the curve and its sentences: the table of the same points and
    // the what-if runs behind the causes are for a learner to read up close (with them the
    // sentences ran off a 1280x800 stage).
    markOffStage(m_table);
    markOffStage(m_breakdown);
}

void SweepPage::setModel(const QString &model)
{
    if (model != m_model && m_shown)
        clearResult(tr("The sweep shown before was of another model: run one for this."));
    else if (model != m_model)
        sayOnStage(m_note, {}, {}); // a note about a sweep no longer shown
    m_model = model;
    const Schema::Model *m = Schema::model(model);
    {
        const QSignalBlocker block(m_parameter);
        m_parameter->clear();
        m_metric->clear();
        if (m) {
            for (const QString &key : Sweep::parameters(model)) {
                const Schema::Field *f = m->field(key);
                m_parameter->addItem(withUnit(f->label, f->unit), key);
            }
            for (const Schema::Metric &metric : m->metrics)
                m_metric->addItem(withUnit(metric.label, metric.unit), metric.path);
        }
    }
    m_run->setEnabled(m_parameter->count() > 0);
    // Defaults that show the lesson: for the transcoding queue, the knee in machines.
    if (const Sweep::Spec defaults = Sweep::defaults(model); !defaults.parameter.isEmpty())
        setSpec(defaults);
    updateRange();
}

void SweepPage::updateRange()
{
    const Schema::Model *m = Schema::model(m_model);
    if (!m || m_parameter->currentIndex() < 0)
        return;
    const Schema::Field *f = m->field(m_parameter->currentData().toString());
    for (QDoubleSpinBox *box : {m_from, m_to}) {
        box->setRange(f->min, f->max);
        box->setDecimals(f->kind == Schema::Kind::Whole ? 0 : 3);
    }
}

Sweep::Spec SweepPage::spec() const
{
    return {m_parameter->currentData().toString(),
            m_from->value(),
            m_to->value(),
            m_points->value(),
            m_metric->currentData().toString(),
            m_replications->value()};
}

bool SweepPage::setSpec(const Sweep::Spec &spec, QString *error)
{
    const int parameter = m_parameter->findData(spec.parameter);
    const int metric = m_metric->findData(spec.metric);
    if (parameter < 0 || metric < 0) {
        if (error) {
            *error = parameter < 0 ? tr("'%1' is not a field a sweep can vary").arg(spec.parameter)
                                   : tr("'%1' is not a metric of this scenario").arg(spec.metric);
        }
        return false;
    }
    m_parameter->setCurrentIndex(parameter);
    updateRange();
    m_from->setValue(spec.from);
    m_to->setValue(spec.to);
    m_points->setValue(spec.points);
    m_metric->setCurrentIndex(metric);
    m_replications->setValue(spec.replications);
    return true;
}

void SweepPage::showResult(const QJsonObject &result, bool partial)
{
    if (result.contains(QStringLiteral("error"))) {
        sayAll(m_note, result.value(QStringLiteral("error")).toString());
        return;
    }
    QVector<double> x, y, below, above, theoryX, theoryY;
    for (const QJsonValue v : result.value(QStringLiteral("points")).toArray()) {
        const QJsonObject point = v.toObject();
        if (point.value(QStringLiteral("theory")).isDouble()) {
            theoryX.append(point.value(QStringLiteral("x")).toDouble());
            theoryY.append(point.value(QStringLiteral("theory")).toDouble());
        }
        if (!point.value(QStringLiteral("low")).isDouble())
            continue; // fewer than two runs measured it there: said under the plot, not drawn
        const double mean = point.value(QStringLiteral("mean")).toDouble();
        x.append(point.value(QStringLiteral("x")).toDouble());
        y.append(mean);
        below.append(mean - point.value(QStringLiteral("low")).toDouble());
        above.append(point.value(QStringLiteral("high")).toDouble() - mean);
    }
    m_shown = true;
    m_plot->clearPlottables();
    QCPGraph *graph = m_plot->addGraph();
    graph->setData(x, y);
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 8));
    auto *bars = new QCPErrorBars(m_plot->xAxis, m_plot->yAxis);
    bars->setDataPlottable(graph);
    bars->setData(below, above);
    m_plot->xAxis->setLabel(m_parameter->currentText());
    m_plot->yAxis->setLabel(m_metric->currentText());
    graph->setName(tr("mean of the runs"));
    bars->setName(tr("95 % confidence interval"));
    double low = 0, high = 0;
    for (int i = 0; i < y.size(); ++i) {
        low = std::min(low, y[i] - below[i]);
        high = std::max(high, y[i] + above[i]);
    }
    if (!theoryX.isEmpty()) {
        // M/M/c: queueing theory's value at each point, the line the runs are held against.
        QCPGraph *theory = m_plot->addGraph();
        theory->setData(theoryX, theoryY);
        theory->setName(tr("queueing theory (Erlang C)"));
        QPen dashed = theory->pen();
        dashed.setStyle(Qt::DashLine);
        theory->setPen(dashed);
        for (const double t : theoryY)
            high = std::max(high, t);
    }
    if (!x.isEmpty()) {
        const double span = std::max(x.last() - x.first(), 1e-9);
        m_plot->xAxis->setRange(x.first() - span * 0.05, x.last() + span * 0.05);
    }
    m_plot->yAxis->setRange(low, high * 1.1 + 1e-9);
    // Which line is which, where there are two.
    m_plot->legend->setVisible(!theoryX.isEmpty());
    if (theoryX.isEmpty())
        m_plot->legend->clearItems(); // a hidden legend's entries would still take their rows
    const Appearance *a = Appearance::instance();
    PlotStyle::apply(m_plot, a->palette(), a->baseFont(), a->fontScale());
    m_plot->replot();

    m_table->setTable(Narration::sweepTable(result));
    if (partial) {
        sayAll(m_note, tr("Running: %n point(s) so far.", nullptr, int(x.size())));
        m_breakdown->setBreakdowns(m_model, {});
        return;
    }
    // On a presenter's stage the sentences on the curve itself: its ends, its plateau, the
    // headline cause; the method, the queue and the what-ifs' details stay in the module.
    const QList<Narration::Sentence> summary
        = Narration::fromJson(result.value(QStringLiteral("summary")).toArray());
    QList<Narration::Sentence> staged;
    for (const Narration::Sentence &sentence : summary) {
        if (StageRules.contains(sentence.rule) && !sentence.advice)
            staged.append(sentence);
    }
    sayOnStage(m_note, Narration::lines(summary), Narration::lines(staged));
    QList<std::pair<QString, QJsonObject>> breakdowns;
    for (const QJsonValue v : result.value(QStringLiteral("breakdowns")).toArray()) {
        const QJsonObject b = v.toObject();
        breakdowns.append(
            {Narration::pointName(result, b.value(QStringLiteral("point")).toInt()), b});
    }
    m_breakdown->setBreakdowns(m_model, breakdowns);
    // The last point first: where more of the field swept no longer helps, what still holds it.
    if (!breakdowns.isEmpty())
        m_breakdown->pick(int(breakdowns.size()) - 1, 0);
}

void SweepPage::clearResult(const QString &why)
{
    if (!m_shown)
        return; // nothing of another scenario's to take off
    m_shown = false;
    m_plot->clearPlottables();
    m_plot->legend->setVisible(false);
    m_plot->xAxis->setLabel(QString());
    m_plot->yAxis->setLabel(QString());
    m_plot->replot();
    m_table->setTable({});
    m_breakdown->setBreakdowns(m_model, {});
    sayAll(m_note, why);
}

QString SweepPage::note() const
{
    return m_note->text();
}

} // namespace Startup
