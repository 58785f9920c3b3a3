// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "schedulermodule.h"

#include "schedulerview.h"

#include <kit/module.h>
#include <kit/paths.h>

#include <kit/lessons.h>
#include <kit/preset.h>
#include <scheduler/engine.h>
#include <scheduler/presentstops.h>
#include <scheduler/runfile.h>

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace Scheduler {

using namespace Kit;

namespace {

class SchedulerModule final : public Module
{
public:
    QString id() const override { return QStringLiteral("scheduler"); }
    QString title() const override { return tr("Scheduler Lab"); }
    QString summary() const override { return tr("Threads, processes, coroutines and the GIL"); }
    QString description() const override
    {
        return tr("Threads or processes? Why does a second thread not make Python code faster? "
                  "Run real work on your own cores and see every lock wait, GIL hand-off, process "
                  "spawn and message, as the async talk at the meetup described them.");
    }
    QIcon icon() const override { return QIcon(QStringLiteral(":/icons/scheduler.svg")); }

    QList<QAction *> actions() override { return lab() ? lab()->actions() : QList<QAction *>(); }
    QVariantMap saveState() const override { return lab() ? lab()->saveState() : m_state; }
    void restoreState(const QVariantMap &state) override
    {
        m_state = state;
        if (lab())
            lab()->restoreState(state);
    }

    bool showNextPanel() override { return lab() && lab()->showNextPanel(); }
    bool stepForward() override { return lab() && lab()->presentStep(true); }
    bool stepBack() override { return lab() && lab()->presentStep(false); }
    std::optional<Kit::StepPosition> stepPosition() const override
    {
        return lab() ? lab()->presentPosition() : std::nullopt;
    }
    QString stepHint(bool forward) const override
    {
        if (!lab() || lab()->results().empty())
            return tr("Press Run first (Ctrl+R): there is no run to replay yet.");
        return forward ? tr("The replay is at its end: Run again, or step back")
                       : tr("The replay is at its start");
    }
    void stepToEnd() override
    {
        if (SchedulerView *view = lab())
            toEndWhenDone(view,
                          &SchedulerView::batchDone,
                          view->isRunning() || view->isTracing(),
                          [view] { view->replayToEnd(); });
    }
    void pause() override
    {
        if (lab())
            lab()->pauseReplay();
    }
    bool isBusy() const override { return lab() && (lab()->isRunning() || lab()->isTracing()); }

    QList<PresetProblem> checkPreset(const DemoPreset &preset) const override
    {
        QStringList models;
        for (const Model m : {Model::Threads, Model::Gil, Model::Processes, Model::Coroutines})
            models.append(modelId(m));
        QStringList workloads;
        for (const Workload w : {Workload::Cpu,
                                 Workload::Io,
                                 Workload::Mixed,
                                 Workload::SharedDict,
                                 Workload::Pipeline})
            workloads.append(workloadId(w));
        PresetRules rules;
        rules.choice(QStringLiteral("models"), models, true)
            .choice(QStringLiteral("workload"), workloads)
            .number(QStringLiteral("workers"), 1, 16, true)
            .number(QStringLiteral("tasks"), 1, 1000, true)
            .number(QStringLiteral("task_ms"), 0.1, 1000)
            .number(QStringLiteral("switch_interval_ms"), 1, 50, true)
            .boolean(QStringLiteral("blocking_io"))
            .number(QStringLiteral("repetitions"), 1, 10, true)
            .choice(QStringLiteral("run"),
                    {QStringLiteral("true"), QStringLiteral("compare"), QStringLiteral("false")})
            .custom(QStringLiteral("runs"),
                    [&preset](const QString &value) {
                        QString error;
                        return RunFile::load(QDir(preset.deckDir).absoluteFilePath(value), &error)
                                   ? QString()
                                   : error;
                    })
            .choice(QStringLiteral("show"),
                    {QStringLiteral("timeline"), QStringLiteral("runs"), QStringLiteral("compare")})
            .custom(QStringLiteral("python"),
                    [](const QString &value) -> QString {
                        const QStringList lessons = pythonLessons();
                        if (lessons.contains(value))
                            return {};
                        return tr("\"%1\" is not one of Your Python's lessons (%2)")
                            .arg(value.left(60), lessons.join(QStringLiteral(", ")));
                    })
            .boolean(QStringLiteral("beside"))
            .custom(QStringLiteral("step"), [](const QString &value) {
                QString error;
                StepRule::parse(value, &error);
                return error;
            });
        QList<PresetProblem> problems = rules.check(preset);
        if (!problems.isEmpty())
            return problems;
        if (preset.has(QStringLiteral("beside")) && !preset.has(QStringLiteral("python"))) {
            return {{preset.entries.first().line,
                     tr("\"beside\" draws a model beside a \"python\" lesson: name the lesson")}};
        }
        // The engine's own rules across options (mixed needs two workers, ...), for each model.
        const QVariantMap setup = setupOf(preset);
        const auto workload = workloadFromId(setup.value(QStringLiteral("workload")).toString());
        for (const QString &id : setup.value(QStringLiteral("models")).toStringList()) {
            MeasureOptions options;
            options.model = *modelFromId(id);
            options.workload = *workload;
            options.workers = setup.value(QStringLiteral("workers")).toInt();
            options.tasks = setup.value(QStringLiteral("tasks")).toInt();
            options.taskMs = setup.value(QStringLiteral("taskMs")).toDouble();
            options.switchIntervalMs = setup.value(QStringLiteral("switchIntervalMs")).toDouble();
            options.workerPath = QStringLiteral("curtain-worker");
            if (const QString problem = options.problem(); !problem.isEmpty()) {
                problems.append(
                    {preset.entries.isEmpty() ? 0 : preset.entries.first().line, problem});
                break;
            }
        }
        return problems;
    }

    QList<PresetProblem> presentChecked(const DemoPreset &preset) override
    {
        QList<PresetProblem> problems;
        auto *view = static_cast<SchedulerView *>(this->view());
        view->setPresentStep(
            StepRule::parse(preset.value(QStringLiteral("step"), QStringLiteral("events")))
                .value_or(StepRule{}));
        const QString runs = preset.value(QStringLiteral("runs"));
        const QString python = preset.value(QStringLiteral("python"));
        // A Python lesson runs in CPython instead of the models (and, with beside, then its model).
        QString error = view->present(
            setupOf(preset),
            runs.isEmpty() ? QString() : QDir(preset.deckDir).absoluteFilePath(runs),
            python.isEmpty() ? preset.value(QStringLiteral("run"), QStringLiteral("true"))
                             : QStringLiteral("false"),
            preset.value(QStringLiteral("show"), QStringLiteral("timeline")));
        if (error.isEmpty() && !python.isEmpty())
            error = view->presentPython(
                python, preset.value(QStringLiteral("beside")) == QLatin1String("true"));
        if (!error.isEmpty())
            problems.append({preset.entries.isEmpty() ? 0 : preset.entries.first().line, error});
        return problems;
    }

    /** Your Python's built-in lessons, by file name. */
    static QStringList pythonLessons()
    {
        QStringList names;
        for (const Kit::Lesson &l :
             Kit::loadLessons(Paths::dataDir() + QStringLiteral("/lessons/threads")))
            names.append(QFileInfo(l.path).fileName());
        return names;
    }

protected:
    QWidget *createView() override
    {
        QString path = Paths::helperPath(
            QCoreApplication::applicationDirPath(), QStringLiteral("curtain-worker"), nullptr);
        const QString runner = Paths::helperPath(
            QCoreApplication::applicationDirPath(), QStringLiteral("curtain-runner"), nullptr);
        auto *view = new SchedulerView(path, runner);
        connect(view, &SchedulerView::statusMessage, this, &Module::statusMessage);
        view->restoreState(m_state);
        return view;
    }

private:
    /** A checked preset as the view's set-up (saveState()'s keys), with the documented defaults. */
    static QVariantMap setupOf(const DemoPreset &preset)
    {
        QStringList models;
        for (const QString &m :
             preset.value(QStringLiteral("models"), QStringLiteral("threads, gil"))
                 .split(QLatin1Char(','), Qt::SkipEmptyParts))
            models.append(m.trimmed());
        return {{QStringLiteral("workload"),
                 preset.value(QStringLiteral("workload"), QStringLiteral("cpu"))},
                {QStringLiteral("models"), models},
                {QStringLiteral("workers"),
                 preset.value(QStringLiteral("workers"), QStringLiteral("2")).toInt()},
                {QStringLiteral("tasks"),
                 preset.value(QStringLiteral("tasks"), QStringLiteral("16")).toInt()},
                {QStringLiteral("taskMs"),
                 preset.value(QStringLiteral("task_ms"), QStringLiteral("10")).toDouble()},
                {QStringLiteral("switchIntervalMs"),
                 preset.value(QStringLiteral("switch_interval_ms"), QStringLiteral("5")).toInt()},
                {QStringLiteral("blockingIo"),
                 preset.value(QStringLiteral("blocking_io")) == QLatin1String("true")},
                {QStringLiteral("repetitions"),
                 preset.value(QStringLiteral("repetitions"), QStringLiteral("3")).toInt()}};
    }

    SchedulerView *lab() const { return static_cast<SchedulerView *>(viewIfCreated()); }

    QVariantMap m_state;
};

} // namespace

std::unique_ptr<Module> createSchedulerModule()
{
    return std::make_unique<SchedulerModule>();
}

} // namespace Scheduler
