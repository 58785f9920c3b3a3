// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "presenteractions.h"

#include <kit/actions.h>
#include <present/presenterkeys.h>

#include <QAction>
#include <QKeyEvent>
#include <QWidget>

namespace Present {

using namespace Kit;

namespace {

QList<QKeySequence> sequences(const QStringList &keys)
{
    QList<QKeySequence> list;
    for (const QString &key : keys)
        list.append(QKeySequence::fromString(key, QKeySequence::PortableText));
    return list;
}

} // namespace

PresenterActions::PresenterActions(QObject *parent)
    : QObject(parent)
{
    QList<QAction *> sometimes;
    QList<QAction *> always;
    for (const PresenterKey &row : PresenterKeys::all()) {
        QList<QAction *> made;
        if (row.eachKey) {
            for (const QString &key : row.keys) {
                QAction *action = makeAction(this,
                                             row.id + QLatin1Char('.') + key,
                                             QStringLiteral("%1 (%2)").arg(row.text, key),
                                             sequences({key}));
                action->setData(key);
                made.append(action);
            }
        } else {
            made.append(makeAction(this, row.id, row.text, sequences(row.keys)));
        }
        for (QAction *action : std::as_const(made)) {
            action->setToolTip(row.description);
            action->setProperty("presentRow", row.id);
        }
        m_actions += made;
        (row.when.isEmpty() ? always : sometimes) += made;
    }
    m_matching = sometimes + always;
}

QAction *PresenterActions::action(const QString &id) const
{
    for (QAction *action : m_actions) {
        if (action->objectName() == id)
            return action;
    }
    return nullptr;
}

QList<QAction *> PresenterActions::actionsOf(const QString &rowId) const
{
    QList<QAction *> list;
    for (QAction *action : m_actions) {
        if (action->property("presentRow").toString() == rowId)
            list.append(action);
    }
    return list;
}

void PresenterActions::addTo(QWidget *widget) const
{
    widget->addActions(m_actions);
}

QAction *PresenterActions::actionFor(const QKeyEvent *event) const
{
    const Qt::KeyboardModifiers modifiers = event->modifiers() & ~Qt::KeypadModifier;
    const auto key = Qt::Key(event->key());
    QList<QKeyCombination> tries{QKeyCombination(modifiers, key)};
    if (modifiers & Qt::ShiftModifier)
        tries.append(QKeyCombination(modifiers & ~Qt::ShiftModifier, key));
    for (const QKeyCombination &combination : std::as_const(tries)) {
        const QKeySequence pressed(combination);
        for (QAction *action : m_matching) {
            if (action->isEnabled() && action->shortcuts().contains(pressed))
                return action;
        }
    }
    return nullptr;
}

} // namespace Present
