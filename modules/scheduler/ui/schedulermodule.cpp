#include "schedulermodule.h"

#include "schedulerview.h"

#include <module.h>
#include <paths.h>

#include <QCoreApplication>

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

protected:
    QWidget *createView() override
    {
        QString path = Paths::helperPath(
            QCoreApplication::applicationDirPath(), QStringLiteral("curtain-worker"), nullptr);
        auto *view = new SchedulerView(path);
        connect(view, &SchedulerView::statusMessage, this, &Module::statusMessage);
        view->restoreState(m_state);
        return view;
    }

private:
    SchedulerView *lab() const { return static_cast<SchedulerView *>(viewIfCreated()); }

    QVariantMap m_state;
};

} // namespace

std::unique_ptr<Module> createSchedulerModule()
{
    return std::make_unique<SchedulerModule>();
}
