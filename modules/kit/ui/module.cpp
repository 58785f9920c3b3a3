#include "module.h"

#include <QRegularExpression>
#include <QWidget>

Module::Module(QObject *parent)
    : QObject(parent)
{}

Module::~Module()
{
    // A view the shell never adopted is still ours.
    if (m_view && !m_view->parent())
        delete m_view;
}

QWidget *Module::view()
{
    if (!m_view) {
        m_view = createView();
        Q_ASSERT_X(m_view, "Module::view", "createView() returned nullptr");
        m_view->setObjectName(id() + QStringLiteral(".view"));
    }
    return m_view;
}

bool Module::isValidId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z][a-z0-9-]*$"));
    return pattern.match(id).hasMatch();
}
