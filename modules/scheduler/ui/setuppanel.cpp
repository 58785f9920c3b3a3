// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "setuppanel.h"

#include <kit/columnscrollarea.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Scheduler {

using namespace Kit;

SetupPanel::SetupPanel(QString workerPath, QWidget *parent)
    : QWidget(parent)
    , m_workerPath(std::move(workerPath))
{
    // The form scrolls at a large zoom; Run, Stop and Compare stay in sight under it.
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_scroll = new ColumnScrollArea(this);
    m_scroll->setWidget(buildForm());
    layout->addWidget(m_scroll, 1);
    auto *buttons = new QGridLayout;
    buttons->setContentsMargins(8, 0, 8, 8);
    buttons->addWidget(m_runButton, 0, 0);
    buttons->addWidget(m_stopButton, 0, 1);
    buttons->addWidget(m_compareButton, 1, 0, 1, 2);
    layout->addLayout(buttons);
    updateWorkloadHelp();
}

void SetupPanel::addStatus(QWidget *status)
{
    auto *layout = static_cast<QVBoxLayout *>(this->layout());
    status->setContentsMargins(8, 0, 8, 8);
    layout->addWidget(status);
}

QWidget *SetupPanel::buildForm()
{
    auto *box = new QGroupBox(tr("Set-up"));
    auto *form = new QFormLayout(box);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_workload = new QComboBox(box);
    m_workload->setObjectName(QStringLiteral("scheduler.workload"));
    m_workload->setAccessibleName(tr("Workload"));
    for (Workload w :
         {Workload::Cpu, Workload::Io, Workload::Mixed, Workload::SharedDict, Workload::Pipeline}) {
        m_workload->addItem(workloadName(w), int(w));
    }
    connect(m_workload, &QComboBox::currentIndexChanged, this, &SetupPanel::updateWorkloadHelp);
    form->addRow(tr("Workload"), m_workload);
    m_workloadHelp = new QLabel(box);
    m_workloadHelp->setObjectName(QStringLiteral("scheduler.workloadHelp"));
    m_workloadHelp->setWordWrap(true);
    form->addRow(m_workloadHelp);
    auto *models = new QVBoxLayout;
    for (Model m : {Model::Threads, Model::Gil, Model::Processes, Model::Coroutines}) {
        auto *check = new QCheckBox(modelName(m), box);
        check->setObjectName(QStringLiteral("scheduler.model.") + modelId(m));
        check->setChecked(m == Model::Threads || m == Model::Gil);
        check->setProperty("model", int(m));
        m_models.append(check);
        models->addWidget(check);
    }
    form->addRow(tr("Models"), models);
    m_workers = new QSpinBox(box);
    m_workers->setObjectName(QStringLiteral("scheduler.workers"));
    m_workers->setAccessibleName(tr("Workers"));
    m_workers->setRange(1, 16);
    m_workers->setValue(2);
    form->addRow(tr("Workers"), m_workers);
    m_tasks = new QSpinBox(box);
    m_tasks->setObjectName(QStringLiteral("scheduler.tasks"));
    m_tasks->setAccessibleName(tr("Tasks"));
    m_tasks->setRange(1, 1000);
    m_tasks->setValue(16);
    form->addRow(tr("Tasks"), m_tasks);
    m_taskMs = new QDoubleSpinBox(box);
    m_taskMs->setObjectName(QStringLiteral("scheduler.taskMs"));
    m_taskMs->setAccessibleName(tr("Task size"));
    m_taskMs->setRange(0.1, 1000);
    m_taskMs->setValue(10);
    m_taskMs->setSuffix(tr(" ms"));
    form->addRow(tr("Task size"), m_taskMs);
    m_interval = new QSlider(Qt::Horizontal, box);
    m_interval->setObjectName(QStringLiteral("scheduler.switchInterval"));
    m_interval->setAccessibleName(tr("GIL switch interval"));
    m_interval->setRange(1, 50);
    m_interval->setValue(5);
    m_interval->setMinimumWidth(fontMetrics().averageCharWidth() * 14); // a slider, not a dot
    m_intervalLabel = new QLabel(tr("5 ms"), box);
    connect(m_interval, &QSlider::valueChanged, this, [this](int ms) {
        m_intervalLabel->setText(tr("%1 ms").arg(ms));
    });
    auto *interval = new QHBoxLayout;
    interval->addWidget(m_interval, 1);
    interval->addWidget(m_intervalLabel);
    form->addRow(tr("GIL switch interval"), interval);
    m_blocking = new QCheckBox(tr("Blocking I/O in coroutines"), box);
    m_blocking->setObjectName(QStringLiteral("scheduler.blockingIo"));
    form->addRow(m_blocking);
    m_repetitions = new QSpinBox(box);
    m_repetitions->setObjectName(QStringLiteral("scheduler.repetitions"));
    m_repetitions->setAccessibleName(tr("Repetitions per Compare point"));
    m_repetitions->setRange(1, 10);
    m_repetitions->setValue(3);
    form->addRow(tr("Compare repetitions"), m_repetitions);
    m_runButton = new QPushButton(tr("Run"), box);
    m_runButton->setObjectName(QStringLiteral("scheduler.runButton"));
    connect(m_runButton, &QPushButton::clicked, this, &SetupPanel::runRequested);
    m_stopButton = new QPushButton(tr("Stop"), box);
    m_stopButton->setObjectName(QStringLiteral("scheduler.stopButton"));
    m_stopButton->setEnabled(false);
    connect(m_stopButton, &QPushButton::clicked, this, &SetupPanel::stopRequested);
    m_compareButton = new QPushButton(tr("Compare 1…N workers"), box);
    m_compareButton->setObjectName(QStringLiteral("scheduler.compareButton"));
    connect(m_compareButton, &QPushButton::clicked, this, &SetupPanel::compareRequested);
    // The buttons are placed under the scrolling form by the constructor: always in sight.
    return box;
}

void SetupPanel::updateWorkloadHelp()
{
    m_workloadHelp->setText(workloadDescription(workload()));
}

Workload SetupPanel::workload() const
{
    return Workload(m_workload->currentData().toInt());
}

QList<Model> SetupPanel::checkedModels() const
{
    QList<Model> models;
    for (const QCheckBox *check : m_models) {
        if (check->isChecked())
            models.append(Model(check->property("model").toInt()));
    }
    return models;
}

MeasureOptions SetupPanel::optionsFor(Model model, int workers) const
{
    MeasureOptions o;
    o.model = model;
    o.workload = workload();
    o.workers = workers;
    o.tasks = m_tasks->value();
    o.taskMs = m_taskMs->value();
    o.switchIntervalMs = m_interval->value();
    o.blockingIo = m_blocking->isChecked();
    o.workerPath = m_workerPath;
    return o;
}

QList<MeasureOptions> SetupPanel::runOptions() const
{
    QList<MeasureOptions> runs;
    for (Model model : checkedModels())
        runs.append(optionsFor(model, m_workers->value()));
    return runs;
}

QList<MeasureOptions> SetupPanel::compareOptions() const
{
    QList<MeasureOptions> runs;
    const Workload w = workload();
    const int from = w == Workload::Mixed ? 2 : 1;
    // Repetitions go round the whole set, so a passing disturbance spreads over every point
    // instead of spoiling one.
    for (int rep = 0; rep < m_repetitions->value(); ++rep) {
        for (Model model : checkedModels()) {
            for (int workers = from; workers <= std::max(from, m_workers->value()); ++workers) {
                if (w == Workload::Pipeline && workers == 2)
                    continue;
                runs.append(optionsFor(model, workers));
            }
        }
    }
    return runs;
}

int SetupPanel::repetitions() const
{
    return m_repetitions->value();
}

void SetupPanel::setRunning(bool running)
{
    m_runButton->setEnabled(!running);
    m_compareButton->setEnabled(!running);
    m_stopButton->setEnabled(running);
}

int SetupPanel::narrowestWidth() const
{
    return m_scroll->minimumSizeHint().width();
}

QVariantMap SetupPanel::saveState() const
{
    QStringList models;
    for (Model m : checkedModels())
        models.append(modelId(m));
    return {{QStringLiteral("workload"), workloadId(workload())},
            {QStringLiteral("models"), models},
            {QStringLiteral("workers"), m_workers->value()},
            {QStringLiteral("tasks"), m_tasks->value()},
            {QStringLiteral("taskMs"), m_taskMs->value()},
            {QStringLiteral("switchIntervalMs"), m_interval->value()},
            {QStringLiteral("blockingIo"), m_blocking->isChecked()},
            {QStringLiteral("repetitions"), m_repetitions->value()}};
}

void SetupPanel::restoreState(const QVariantMap &state)
{
    if (const auto w = workloadFromId(state.value(QStringLiteral("workload")).toString())) {
        const int index = m_workload->findData(int(*w));
        if (index >= 0)
            m_workload->setCurrentIndex(index);
    }
    if (state.contains(QStringLiteral("models"))) {
        const QStringList models = state.value(QStringLiteral("models")).toStringList();
        for (QCheckBox *check : std::as_const(m_models))
            check->setChecked(models.contains(modelId(Model(check->property("model").toInt()))));
    }
    if (state.contains(QStringLiteral("workers")))
        m_workers->setValue(state.value(QStringLiteral("workers")).toInt());
    if (state.contains(QStringLiteral("tasks")))
        m_tasks->setValue(state.value(QStringLiteral("tasks")).toInt());
    if (state.contains(QStringLiteral("taskMs")))
        m_taskMs->setValue(state.value(QStringLiteral("taskMs")).toDouble());
    if (state.contains(QStringLiteral("switchIntervalMs")))
        m_interval->setValue(state.value(QStringLiteral("switchIntervalMs")).toInt());
    if (state.contains(QStringLiteral("blockingIo")))
        m_blocking->setChecked(state.value(QStringLiteral("blockingIo")).toBool());
    if (state.contains(QStringLiteral("repetitions")))
        m_repetitions->setValue(state.value(QStringLiteral("repetitions")).toInt());
}

} // namespace Scheduler
