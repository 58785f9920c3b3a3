// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QDialog>
#include <QList>
#include <QString>

class QAction;
class QMenuBar;
class QTableWidget;

namespace Shell {

/**
 * Lists every action that has a shortcut, grouped as the menus group them, made from the actions
 * themselves so it never lies. Sized from its text, so it grows with the zoom (within the screen).
 */
class ShortcutsDialog final : public QDialog
{
    Q_OBJECT

public:
    struct Group
    {
        QString title; // a menu's name, without its mnemonic
        QList<QAction *> actions;
    };

    explicit ShortcutsDialog(const QList<Group> &groups, QWidget *parent = nullptr);

    /**
     * The groups of MENUS (a menu bar's menus, submenus folded into their menu), then whatever
     * of ACTIONS no menu holds, under "Other"; only actions with shortcuts, each once.
     */
    static QList<Group> groupsOf(const QMenuBar *menus, const QList<QAction *> &actions);

    /** The table: a title row per group (column 0 only), then its actions and their keys. */
    QTableWidget *table() const { return m_table; }

private:
    QTableWidget *m_table = nullptr;
};

} // namespace Shell
