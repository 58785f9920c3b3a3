// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QJsonObject>
#include <QList>
#include <QWidget>

#include <utility>

class QComboBox;
class QLabel;
class QToolButton;

namespace Startup {

class FullTable;

/**
 * "What made it late?", closed until the learner opens it: the what-if runs behind a sentence
 * about causes (Counterfactual::breakdown), one table per place and metric, and how to read it.
 * Words and cells come from Narration.
 */
class BreakdownView final : public QWidget
{
    Q_OBJECT

public:
    /** NAME prefixes the object names of its parts ("startup.sweepBreakdown"). */
    explicit BreakdownView(const QString &name, QWidget *parent = nullptr);

    /** Shows MODEL's BREAKDOWNS, each with the words its picker names it by ("instances 8");
     *  none hides the whole. */
    void setBreakdowns(const QString &model,
                       const QList<std::pair<QString, QJsonObject>> &breakdowns);
    bool isOpen() const;
    void setOpen(bool open);
    /** Picks the place INDEX and the metric METRIC. */
    void pick(int index, int metric);
    FullTable *table() const { return m_table; }
    /** How to read the table, as shown. */
    QString method() const;

private:
    void showPicked();

    QString m_model;
    QList<QJsonObject> m_breakdowns;
    QToolButton *m_toggle = nullptr;
    QWidget *m_body = nullptr;
    QComboBox *m_where = nullptr;
    QComboBox *m_metric = nullptr;
    FullTable *m_table = nullptr;
    QLabel *m_method = nullptr;
};

} // namespace Startup
