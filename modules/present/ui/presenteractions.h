// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QList>
#include <QObject>
#include <QString>

class QAction;
class QKeyEvent;
class QWidget;

namespace Present {

/**
 * Presenter mode's keys as actions, made from the one table of them (PresenterKeys): an action a
 * row, its object name the row's id ("present.next"), its text the row's words, its shortcuts the
 * row's default keys; a row of one action a key (the digits of a slide's number) gives
 * "present.type.0" ... with the key in data(). The Presenter connects them to what they do and
 * says which are enabled; actionFor() says which one a key press in its windows means.
 */
class PresenterActions final : public QObject
{
    Q_OBJECT

public:
    explicit PresenterActions(QObject *parent = nullptr);

    /** The action ID ("present.next", "present.type.3"), or nullptr. */
    QAction *action(const QString &id) const;
    /** The actions of the table's row ROWID (one, or one a key). */
    QList<QAction *> actionsOf(const QString &rowId) const;
    QList<QAction *> actions() const { return m_actions; }
    /** Adds every action to WIDGET (a presenter window): it lists them and their keys. */
    void addTo(QWidget *widget) const;
    /**
     * The action the key press EVENT means, or nullptr when it means none: the first enabled
     * action it is a shortcut of, those that apply only sometimes ("Enter after a number") before
     * the others. Shift and the keypad are let go when the key without them is a shortcut
     * (Shift+B is B, Ctrl+Shift+= is Ctrl++ on a US keyboard, the keypad's 3 is 3).
     */
    QAction *actionFor(const QKeyEvent *event) const;

private:
    QList<QAction *> m_actions;  // in the table's order
    QList<QAction *> m_matching; // the same, those of a row with a `when` first
};

} // namespace Present
