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

/** The Sweep tab: vary one field of the scenario over a range, chart one metric with 95 % bars,
 *  and say in words what the curve shows. */
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
    /** The scenario the sweep runs: SCENARIO, made fit for the sweep (a note says how). */
    QJsonObject prepare(QJsonObject scenario);
    /** Shows the points of RESULT (partial while it runs). */
    void showResult(const QJsonObject &result, bool partial);
    QString note() const;
    QPushButton *runButton() const { return m_run; }

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
    QString m_prepared; // what prepare() changed, in words
};

} // namespace Startup
