// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "breakdownview.h"

#include "fulltable.h"

#include <startup/narration.h>
#include <startup/schema.h>

#include <QComboBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

namespace Startup {

BreakdownView::BreakdownView(const QString &name, QWidget *parent)
    : QWidget(parent)
{
    setObjectName(name);
    auto *column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    m_toggle = new QToolButton(this);
    m_toggle->setObjectName(name + QStringLiteral(".toggle"));
    m_toggle->setCheckable(true);
    m_toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toggle->setArrowType(Qt::RightArrow);
    m_toggle->setAutoRaise(true);
    m_toggle->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    connect(m_toggle, &QToolButton::toggled, this, &BreakdownView::setOpen);
    column->addWidget(m_toggle);
    m_body = new QWidget(this);
    auto *body = new QVBoxLayout(m_body);
    body->setContentsMargins(0, 0, 0, 0);
    auto *pickers = new QHBoxLayout;
    m_where = new QComboBox(m_body);
    m_where->setObjectName(name + QStringLiteral(".where"));
    m_where->setAccessibleName(tr("Where the what-ifs ran"));
    m_metric = new QComboBox(m_body);
    m_metric->setObjectName(name + QStringLiteral(".metric"));
    m_metric->setAccessibleName(tr("What the table compares"));
    for (QComboBox *box : {m_where, m_metric}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        connect(box, &QComboBox::currentIndexChanged, this, &BreakdownView::showPicked);
        pickers->addWidget(box);
    }
    pickers->addStretch(1);
    body->addLayout(pickers);
    m_table = new FullTable(name + QStringLiteral(".table"), tr("What-if runs"), m_body);
    body->addWidget(m_table);
    m_method = new QLabel(m_body);
    m_method->setObjectName(name + QStringLiteral(".method"));
    m_method->setWordWrap(true);
    body->addWidget(m_method);
    column->addWidget(m_body);
    m_body->setVisible(false);
    setVisible(false);
}

void BreakdownView::setBreakdowns(const QString &model,
                                  const QList<std::pair<QString, QJsonObject>> &breakdowns)
{
    m_model = model;
    m_breakdowns.clear();
    const QSignalBlocker blockWhere(m_where);
    const QSignalBlocker blockMetric(m_metric);
    m_where->clear();
    m_metric->clear();
    for (const auto &[words, breakdown] : breakdowns) {
        m_where->addItem(tr("at %1").arg(words));
        m_breakdowns.append(breakdown);
    }
    m_toggle->setText(Narration::breakdownTitle(model));
    if (!m_breakdowns.isEmpty()) {
        const Schema::Model *m = Schema::model(model);
        for (const QJsonValue v : m_breakdowns.first().value(QStringLiteral("metrics")).toArray()) {
            const Schema::Metric *metric = m ? m->metric(v.toString()) : nullptr;
            m_metric->addItem(metric ? metric->label : v.toString());
        }
    }
    // The metric is always named; a choice of places only when there is one.
    m_where->setVisible(m_where->count() > 1);
    m_metric->setEnabled(m_metric->count() > 1);
    setVisible(!m_breakdowns.isEmpty());
    showPicked();
}

bool BreakdownView::isOpen() const
{
    return m_body->isVisibleTo(this);
}

void BreakdownView::setOpen(bool open)
{
    const QSignalBlocker block(m_toggle);
    m_toggle->setChecked(open);
    m_toggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
    m_body->setVisible(open);
}

void BreakdownView::pick(int index, int metric)
{
    m_where->setCurrentIndex(index);
    m_metric->setCurrentIndex(metric);
    showPicked();
}

QString BreakdownView::method() const
{
    return m_method->text();
}

void BreakdownView::showPicked()
{
    const int index = m_where->currentIndex();
    if (index < 0 || index >= m_breakdowns.size()) {
        m_table->setTable({});
        m_method->clear();
        return;
    }
    const QJsonObject &breakdown = m_breakdowns.at(index);
    m_table->setTable(
        Narration::breakdownTable(breakdown, m_model, std::max(0, m_metric->currentIndex())));
    m_method->setText(Narration::lines(Narration::breakdownMethod(breakdown)));
}

} // namespace Startup
