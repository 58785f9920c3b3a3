// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QDialog>
#include <QList>

class QAction;
class QTableWidget;

/** Lists every action that has a shortcut, made from the actions themselves so it never lies. */
class ShortcutsDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit ShortcutsDialog(const QList<QAction *> &actions, QWidget *parent = nullptr);

    /** The table of actions and shortcuts. */
    QTableWidget *table() const { return m_table; }

private:
    QTableWidget *m_table = nullptr;
};
