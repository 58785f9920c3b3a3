// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "module.h"

#include "stage.h"

#include <QRegularExpression>
#include <QWidget>

namespace Kit {

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

QList<PresetProblem> Module::checkPreset(const DemoPreset &preset) const
{
    QList<PresetProblem> problems;
    for (const PresetEntry &e : preset.entries)
        problems.append({e.line, tr("%1 takes no demo settings (\"%2\")").arg(title(), e.key)});
    return problems;
}

QList<PresetProblem> Module::applyPreset(const DemoPreset &preset)
{
    QList<PresetProblem> problems = checkPreset(preset);
    if (!problems.isEmpty())
        return problems;
    cancelToEnd();
    return presentChecked(preset);
}

void Module::setStaged(bool staged)
{
    Kit::setStaged(view(), staged);
}

bool Module::showNextPanel()
{
    return showNextPage(view());
}

} // namespace Kit
