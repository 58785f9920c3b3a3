// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "classforgemodule.h"
#include <QDir>
#include <QFileInfo>
#include <classforge/narrator.h>
#include <kit/preset.h>

#include "classforgeview.h"
#include "tracepanels.h"

#include <kit/lessons.h>
#include <kit/module.h>
#include <kit/paths.h>
#include <pyrunner/runnerclient.h>

#include <QCoreApplication>

namespace ClassForge {

using namespace Kit;

namespace {

const QString LessonKey = QStringLiteral("lesson");
const QString SourceKey = QStringLiteral("source");
const QString ProgramKey = QStringLiteral("program");
const QString TimeLimitKey = QStringLiteral("timeLimit");

class ClassForgeModule final : public Module
{
public:
    QString id() const override { return QStringLiteral("classforge"); }
    QString title() const override { return tr("Class Forge"); }
    QString summary() const override { return tr("How Python builds a class, step by step"); }
    QString description() const override
    {
        return tr("A class statement is a program that runs. Watch CPython resolve the "
                  "metaclass, prepare the namespace, run the body, call __new__ and __init__, and "
                  "bind the name, using the examples from the talk “Metaclasses: look behind the "
                  "curtain”.");
    }
    QIcon icon() const override { return QIcon(QStringLiteral(":/icons/classforge.svg")); }

    QList<QAction *> actions() override
    {
        return view() ? static_cast<ClassForgeView *>(view())->actions() : QList<QAction *>();
    }
    QList<QAction *> fileActions() override
    {
        return view() ? static_cast<ClassForgeView *>(view())->fileActions() : QList<QAction *>();
    }
    QString documentTitle() const override { return forge() ? forge()->programTitle() : QString(); }

    QVariantMap saveState() const override
    {
        auto *forge = static_cast<ClassForgeView *>(viewIfCreated());
        if (!forge)
            return m_state;
        return {{LessonKey, forge->currentLesson()},
                {ProgramKey, forge->programPath()},
                {SourceKey, forge->source()},
                {TimeLimitKey, forge->timeLimit()}};
    }

    void restoreState(const QVariantMap &state) override
    {
        m_state = state;
        if (auto *forge = static_cast<ClassForgeView *>(viewIfCreated()))
            apply(forge);
    }

    bool stepForward() override { return forge() && forge()->stepForward(); }
    bool stepBack() override { return forge() && forge()->stepBack(); }
    std::optional<Kit::StepPosition> stepPosition() const override
    {
        if (!forge() || forge()->player()->count() == 0)
            return std::nullopt;
        return Kit::StepPosition{forge()->player()->current() + 1, forge()->player()->count()};
    }
    QString stepHint(bool forward) const override
    {
        return forge() ? forge()->stepHint(forward) : Module::stepHint(forward);
    }
    void reset() override
    {
        cancelToEnd();
        if (forge())
            forge()->reset();
    }
    void stepToEnd() override
    {
        if (ClassForgeView *view = forge())
            toEndWhenDone(
                view, &ClassForgeView::traced, view->isBusy(), [view] { view->player()->last(); });
    }
    void pause() override
    {
        if (forge())
            forge()->pause();
    }
    bool isBusy() const override { return forge() && forge()->isBusy(); }

    bool presetRunsCode(const DemoPreset &preset) const override
    {
        return preset.value(QStringLiteral("run"), QStringLiteral("true")) == QLatin1String("true");
    }

    QList<PresetProblem> checkPreset(const DemoPreset &preset) const override
    {
        const QList<Kit::Lesson> lessons = builtInLessons();
        PresetRules rules;
        rules
            .custom(QStringLiteral("lesson"),
                    [&](const QString &value) -> QString {
                        if (lessonRow(lessons, value) >= 0)
                            return {};
                        if (value.endsWith(QLatin1String(".py"))
                            && QFileInfo(QDir(preset.deckDir).absoluteFilePath(value)).isFile())
                            return {};
                        QStringList names;
                        for (const Kit::Lesson &l : lessons)
                            names.append(QFileInfo(l.path).fileName());
                        return tr("\"%1\" is neither a built-in lesson (%2) nor a .py file beside "
                                  "the deck")
                            .arg(value, names.join(QStringLiteral(", ")));
                    })
            .choice(QStringLiteral("source"), {QStringLiteral("slide")})
            .custom(QStringLiteral("step"),
                    [](const QString &value) -> QString {
                        bool number = false;
                        const int n = value.toInt(&number);
                        if ((number && n >= 1) || Protocol::stepKindIdList().contains(value))
                            return {};
                        return tr("\"%1\" is neither a step number (1 is the first) nor a step "
                                  "kind (%2)")
                            .arg(value.left(40),
                                 Protocol::stepKindIdList().join(QStringLiteral(", ")));
                    })
            .boolean(QStringLiteral("run"))
            .boolean(QStringLiteral("predict"))
            .choice(QStringLiteral("show"), TracePanels::panelIds());
        QList<PresetProblem> problems = rules.check(preset);
        const bool lesson = preset.has(QStringLiteral("lesson"));
        const bool slide = preset.has(QStringLiteral("source"));
        if (lesson == slide) {
            problems.append({preset.entries.isEmpty() ? 0 : preset.entries.first().line,
                             tr("a Class Forge demo names exactly one of \"lesson\" and "
                                "\"source: slide\"")});
        } else if (slide && preset.slideCode.trimmed().isEmpty()) {
            problems.append({preset.entries.first().line,
                             tr("\"source: slide\" needs a ```python block on the slide")});
        }
        return problems;
    }

    QList<PresetProblem> presentChecked(const DemoPreset &preset) override
    {
        auto *view = static_cast<ClassForgeView *>(this->view());
        const bool runNow
            = preset.value(QStringLiteral("run"), QStringLiteral("true")) == QLatin1String("true");
        const bool predict = preset.value(QStringLiteral("predict")) == QLatin1String("true");
        const QString start = preset.value(QStringLiteral("step"));
        // The panel the room sees beside the code (the namespace filling, unless the deck says).
        view->showPanel(preset.value(QStringLiteral("show"), QStringLiteral("namespace")));
        if (preset.has(QStringLiteral("source"))) {
            view->present(preset.slideCode, QStringLiteral("slide.py"), runNow, start, predict);
            return {};
        }
        const QString name = preset.value(QStringLiteral("lesson"));
        const int row = lessonRow(view->lessons(), name);
        if (row >= 0) {
            view->openLesson(row, false);
            view->present(QString::fromUtf8(view->lessons().at(row).source),
                          QFileInfo(name).fileName(),
                          runNow,
                          start,
                          predict);
            return {};
        }
        QString error;
        const std::optional<Kit::Lesson> file
            = Kit::Lesson::load(QDir(preset.deckDir).absoluteFilePath(name), &error);
        if (!file)
            return {{preset.entries.first().line, error}};
        view->present(
            QString::fromUtf8(file->source), QFileInfo(name).fileName(), runNow, start, predict);
        return {};
    }

protected:
    QWidget *createView() override
    {
        QString error;
        const QString runnerPath = Paths::helperPath(
            QCoreApplication::applicationDirPath(), QStringLiteral("curtain-runner"), &error);
        // A missing runner still gets a client: its first run explains what is missing.
        m_runner = std::make_unique<PyRunner::RunnerClient>(
            runnerPath.isEmpty() ? Paths::libexecDir() + QStringLiteral("/curtain-runner")
                                 : runnerPath);
        QStringList problems;
        const QList<Kit::Lesson> lessons
            = Kit::loadLessons(Paths::dataDir() + QStringLiteral("/lessons/classforge"), &problems);
        auto *forge = new ClassForgeView(m_runner.get(), lessons);
        connect(forge, &ClassForgeView::statusMessage, this, &Module::statusMessage);
        connect(forge, &ClassForgeView::programChanged, this, &Module::documentTitleChanged);
        apply(forge);
        return forge;
    }

private:
    static QList<Kit::Lesson> builtInLessons()
    {
        return Kit::loadLessons(Paths::dataDir() + QStringLiteral("/lessons/classforge"));
    }
    /** The row of the built-in lesson NAME ("04_enforcer.py" or "04_enforcer"), or -1. */
    static int lessonRow(const QList<Kit::Lesson> &lessons, const QString &name)
    {
        for (int i = 0; i < lessons.size(); ++i) {
            const QFileInfo file(lessons.at(i).path);
            if (file.fileName() == name || file.completeBaseName() == name)
                return i;
        }
        return -1;
    }

    ClassForgeView *forge() const { return static_cast<ClassForgeView *>(viewIfCreated()); }

    void apply(ClassForgeView *forge) const
    {
        if (m_state.contains(LessonKey))
            forge->openLesson(m_state.value(LessonKey).toInt(), false);
        // The learner's own program, where it was saved (gone: the lesson and the text stay).
        if (const QString path = m_state.value(ProgramKey).toString();
            !path.isEmpty() && QFileInfo::exists(path))
            forge->openProgram(path);
        if (m_state.contains(SourceKey))
            forge->setSource(m_state.value(SourceKey).toString());
        if (m_state.contains(TimeLimitKey))
            forge->setTimeLimit(m_state.value(TimeLimitKey).toDouble());
    }

    std::unique_ptr<PyRunner::RunnerClient> m_runner;
    QVariantMap m_state;
};

} // namespace

std::unique_ptr<Module> createClassForgeModule()
{
    return std::make_unique<ClassForgeModule>();
}

} // namespace ClassForge
