#pragma once

#include <module.h>

#include <QAction>
#include <QLabel>

/** A module for tests: counts views created and steps taken, keeps a counter as its state. */
class FakeModule final : public Module
{
    Q_OBJECT

public:
    explicit FakeModule(QString id, QString title = QStringLiteral("Fake"))
        : m_id(std::move(id))
        , m_title(std::move(title))
    {}

    QString id() const override { return m_id; }
    QString title() const override { return m_title; }
    QString summary() const override { return QStringLiteral("A module for tests"); }
    QIcon icon() const override { return {}; }

    QList<QAction *> actions() override
    {
        if (!m_action) {
            m_action = new QAction(QStringLiteral("Poke"), this);
            m_action->setObjectName(m_id + QStringLiteral(".poke"));
        }
        return {m_action};
    }

    QVariantMap saveState() const override { return {{QStringLiteral("steps"), steps}}; }
    void restoreState(const QVariantMap &state) override
    {
        steps = state.value(QStringLiteral("steps")).toInt();
    }
    bool stepForward() override
    {
        ++steps;
        return true;
    }
    bool stepBack() override
    {
        if (steps == 0)
            return false;
        --steps;
        return true;
    }
    void reset() override { steps = 0; }
    void setFontScale(double scale) override { fontScale = scale; }

    int viewsCreated = 0;
    int steps = 0;
    double fontScale = 0.0;

protected:
    QWidget *createView() override
    {
        ++viewsCreated;
        return new QLabel(m_title);
    }

private:
    QString m_id;
    QString m_title;
    QAction *m_action = nullptr;
};
