// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <scheduler/engine.h>

#include <QList>
#include <QVariantMap>
#include <QWidget>

namespace Kit {
class ColumnScrollArea;
} // namespace Kit
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;

namespace Scheduler {

/**
 * Scheduler Lab's set-up: the workload, the models, the counts and sizes, the GIL's switch
 * interval, Compare's repetitions (a form that scrolls at a large zoom), and the Run, Stop and
 * Compare buttons always in sight under it. It turns its fields into the runs a press makes.
 */
class SetupPanel final : public QWidget
{
    Q_OBJECT

public:
    /** WORKERPATH is curtain-worker: the options it makes run the process model with it. */
    explicit SetupPanel(QString workerPath, QWidget *parent = nullptr);

    /** The set-up as options for MODEL with WORKERS workers. */
    MeasureOptions optionsFor(Model model, int workers) const;
    /** What Run runs: each ticked model at the chosen worker count. */
    QList<MeasureOptions> runOptions() const;
    /** What Compare runs: each ticked model at 1..workers workers (those the workload allows),
     *  the whole set once per repetition. */
    QList<MeasureOptions> compareOptions() const;
    /** Compare's runs per point. */
    int repetitions() const;
    /** Run and Compare wait while a batch runs; Stop is there for it. */
    void setRunning(bool running);
    /** STATUS (what the last press did) under Run, Stop and Compare, where the eye is after a
     *  press; it leaves the pictures' column their height at a large zoom. */
    void addStatus(QWidget *status);
    /** The narrowest the panel can be without cutting a field (it scrolls up and down). */
    int narrowestWidth() const;

    QVariantMap saveState() const;
    void restoreState(const QVariantMap &state);

signals:
    void runRequested();
    void stopRequested();
    void compareRequested();

private:
    QWidget *buildForm();
    Workload workload() const;
    QList<Model> checkedModels() const;
    void updateWorkloadHelp();

    QString m_workerPath;
    Kit::ColumnScrollArea *m_scroll = nullptr;
    QComboBox *m_workload = nullptr;
    QLabel *m_workloadHelp = nullptr;
    QList<QCheckBox *> m_models;
    QSpinBox *m_workers = nullptr;
    QSpinBox *m_tasks = nullptr;
    QDoubleSpinBox *m_taskMs = nullptr;
    QSlider *m_interval = nullptr;
    QLabel *m_intervalLabel = nullptr;
    QCheckBox *m_blocking = nullptr;
    QSpinBox *m_repetitions = nullptr;
    QPushButton *m_runButton = nullptr;
    QPushButton *m_stopButton = nullptr;
    QPushButton *m_compareButton = nullptr;
};

} // namespace Scheduler
