#include "classforgemodule.h"

#include "classforgeview.h"

#include <lessons.h>
#include <module.h>
#include <paths.h>
#include <runnerclient.h>

#include <QCoreApplication>

namespace {

const QString LessonKey = QStringLiteral("lesson");
const QString SourceKey = QStringLiteral("source");
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

    QVariantMap saveState() const override
    {
        auto *forge = static_cast<ClassForgeView *>(viewIfCreated());
        if (!forge)
            return m_state;
        return {{LessonKey, forge->currentLesson()},
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
    QString stepHint(bool forward) const override
    {
        return forge() ? forge()->stepHint(forward) : Module::stepHint(forward);
    }
    void reset() override
    {
        if (forge())
            forge()->reset();
    }

protected:
    QWidget *createView() override
    {
        QString error;
        const QString runnerPath = Paths::helperPath(
            QCoreApplication::applicationDirPath(), QStringLiteral("curtain-runner"), &error);
        // A missing runner still gets a client: its first run explains what is missing.
        m_runner = std::make_unique<RunnerClient>(
            runnerPath.isEmpty() ? Paths::libexecDir() + QStringLiteral("/curtain-runner")
                                 : runnerPath);
        QStringList problems;
        const QList<Lesson> lessons
            = loadLessons(Paths::dataDir() + QStringLiteral("/lessons/classforge"), &problems);
        auto *forge = new ClassForgeView(m_runner.get(), lessons);
        connect(forge, &ClassForgeView::statusMessage, this, &Module::statusMessage);
        apply(forge);
        return forge;
    }

private:
    ClassForgeView *forge() const { return static_cast<ClassForgeView *>(viewIfCreated()); }

    void apply(ClassForgeView *forge) const
    {
        if (m_state.contains(LessonKey))
            forge->openLesson(m_state.value(LessonKey).toInt());
        if (m_state.contains(SourceKey))
            forge->setSource(m_state.value(SourceKey).toString());
        if (m_state.contains(TimeLimitKey))
            forge->setTimeLimit(m_state.value(TimeLimitKey).toDouble());
    }

    std::unique_ptr<RunnerClient> m_runner;
    QVariantMap m_state;
};

} // namespace

std::unique_ptr<Module> createClassForgeModule()
{
    return std::make_unique<ClassForgeModule>();
}
