#include "startupmodule.h"

#include "startupview.h"

#include <module.h>
#include <ormlab.h>
#include <paths.h>

namespace {

class StartupModule final : public Module
{
public:
    QString id() const override { return QStringLiteral("startup"); }
    QString title() const override { return tr("Startup Sim"); }
    QString summary() const override
    {
        return tr("A startup's video queue, live feed and slow queries");
    }
    QString description() const override
    {
        return tr("“One minute of video must be done in one minute.” Simulate the startup's "
                  "transcoding queue and real-time feed, check the simulation against queueing "
                  "theory, and find out why 5 % of its ORM queries are slow, on a real SQLite "
                  "database.");
    }
    QIcon icon() const override { return QIcon(QStringLiteral(":/icons/startup.svg")); }
    QList<QAction *> actions() override { return sim() ? sim()->actions() : QList<QAction *>(); }
    QVariantMap saveState() const override { return sim() ? sim()->saveState() : m_state; }
    void restoreState(const QVariantMap &state) override
    {
        m_state = state;
        if (sim())
            sim()->restoreState(state);
    }

protected:
    QWidget *createView() override
    {
        auto *view = new StartupView(OrmLab::dataFolder(),
                                     Paths::dataDir() + QStringLiteral("/scenarios"));
        connect(view, &StartupView::statusMessage, this, &Module::statusMessage);
        view->restoreState(m_state);
        return view;
    }

private:
    StartupView *sim() const { return static_cast<StartupView *>(viewIfCreated()); }

    QVariantMap m_state;
};

} // namespace

std::unique_ptr<Module> createStartupModule()
{
    return std::make_unique<StartupModule>();
}
