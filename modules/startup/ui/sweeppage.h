// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <startup/sweep.h>

#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QCustomPlot;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace Startup {

class BreakdownView;
class FullTable;

/** The Sweep tab: vary one field of the scenario over a range, chart one metric with 95 % bars,
 *  and show what Narration says the curve shows, the points' table beside it, and the what-if
 *  runs behind any sentence about causes. */
class SweepPage final : public QWidget
{
    Q_OBJECT

public:
    explicit SweepPage(QWidget *parent = nullptr);

    /** Offers MODEL's fields and metrics, with defaults that show its lesson. */
    void setModel(const QString &model);
    QString model() const { return m_model; }
    Sweep::Spec spec() const;
    /** Sets the sweep up; false (and *error) when a key or metric is not the model's. */
    bool setSpec(const Sweep::Spec &spec, QString *error = nullptr);
    /** Shows RESULT, Sweep::run's (partial while it runs: the points so far, no words). */
    void showResult(const QJsonObject &result, bool partial);
    /** Takes the last sweep off the page (another model or scenario: it is not of this one),
     *  saying WHY in its place. */
    void clearResult(const QString &why);
    /** The words under the plot, as shown. */
    QString note() const;
    QPushButton *runButton() const { return m_run; }
    FullTable *table() const { return m_table; }
    BreakdownView *breakdown() const { return m_breakdown; }

signals:
    void runRequested();

private:
    void updateRange();

    QString m_model;
    QComboBox *m_parameter = nullptr;
    QDoubleSpinBox *m_from = nullptr;
    QDoubleSpinBox *m_to = nullptr;
    QSpinBox *m_points = nullptr;
    QComboBox *m_metric = nullptr;
    QSpinBox *m_replications = nullptr;
    QPushButton *m_run = nullptr;
    QCustomPlot *m_plot = nullptr;
    QLabel *m_note = nullptr;
    FullTable *m_table = nullptr;
    BreakdownView *m_breakdown = nullptr;
    bool m_shown = false; // a sweep's result is on the page
};

} // namespace Startup
