// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "shortcutsdialog.h"

#include <actions.h>

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

ShortcutsDialog::ShortcutsDialog(const QList<QAction *> &actions, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Keyboard Shortcuts"));
    setObjectName(QStringLiteral("shell.shortcutsDialog"));

    QList<QAction *> withShortcuts;
    std::copy_if(actions.cbegin(),
                 actions.cend(),
                 std::back_inserter(withShortcuts),
                 [](const QAction *a) { return !a->shortcuts().isEmpty(); });
    std::sort(withShortcuts.begin(), withShortcuts.end(), [](const QAction *a, const QAction *b) {
        return a->objectName() < b->objectName();
    });

    m_table = new QTableWidget(int(withShortcuts.size()), 2, this);
    m_table->setHorizontalHeaderLabels({tr("Action"), tr("Shortcut")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    for (int row = 0; row < withShortcuts.size(); ++row) {
        const QAction *action = withShortcuts.at(row);
        QStringList keys;
        for (const QKeySequence &key : action->shortcuts())
            keys.append(key.toString(QKeySequence::NativeText));
        m_table->setItem(row, 0, new QTableWidgetItem(withoutMnemonic(action->text())));
        m_table->setItem(row, 1, new QTableWidgetItem(keys.join(QStringLiteral("  or  "))));
    }

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    resize(560, 520);
}
