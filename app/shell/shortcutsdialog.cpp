// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "shortcutsdialog.h"

#include <kit/actions.h>

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QScreen>
#include <QScrollBar>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace Shell {

using namespace Kit;

namespace {

void collect(const QMenu *menu, QList<QAction *> *into, QSet<QAction *> *seen)
{
    for (QAction *action : menu->actions()) {
        if (action->menu()) {
            collect(action->menu(), into, seen);
        } else if (!action->isSeparator() && !action->shortcuts().isEmpty()
                   && !seen->contains(action)) {
            seen->insert(action);
            into->append(action);
        }
    }
}

} // namespace

QList<ShortcutsDialog::Group> ShortcutsDialog::groupsOf(const QMenuBar *menus,
                                                        const QList<QAction *> &actions)
{
    QList<Group> groups;
    QSet<QAction *> seen;
    if (menus) {
        for (const QAction *top : menus->actions()) {
            if (!top->menu())
                continue;
            Group group{withoutMnemonic(top->text()), {}};
            collect(top->menu(), &group.actions, &seen);
            if (!group.actions.isEmpty())
                groups.append(group);
        }
    }
    Group other{tr("Other"), {}};
    for (QAction *action : actions) {
        if (!action->shortcuts().isEmpty() && !seen.contains(action)) {
            seen.insert(action);
            other.actions.append(action);
        }
    }
    std::sort(other.actions.begin(), other.actions.end(), [](const QAction *a, const QAction *b) {
        return a->objectName() < b->objectName();
    });
    if (!other.actions.isEmpty())
        groups.append(other);
    return groups;
}

ShortcutsDialog::ShortcutsDialog(const QList<Group> &groups, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Keyboard Shortcuts"));
    setObjectName(QStringLiteral("shell.shortcutsDialog"));

    m_table = new QTableWidget(0, 2, this);
    m_table->setObjectName(QStringLiteral("shell.shortcutsTable"));
    m_table->setAccessibleName(tr("Keyboard shortcuts"));
    m_table->setHorizontalHeaderLabels({tr("Action"), tr("Shortcut")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    QFont titleFont = font();
    titleFont.setBold(true);
    int widest = 0;
    for (const Group &group : groups) {
        const int title = m_table->rowCount();
        m_table->insertRow(title);
        auto *heading = new QTableWidgetItem(group.title);
        heading->setFont(titleFont);
        heading->setFlags(Qt::ItemIsEnabled);
        m_table->setItem(title, 0, heading);
        m_table->setSpan(title, 0, 1, 2);
        for (const QAction *action : group.actions) {
            QStringList keys;
            for (const QKeySequence &key : action->shortcuts())
                keys.append(key.toString(QKeySequence::NativeText));
            const int row = m_table->rowCount();
            m_table->insertRow(row);
            const QString name = withoutMnemonic(action->text());
            const QString shortcut = keys.join(QStringLiteral("  or  "));
            m_table->setItem(row, 0, new QTableWidgetItem(name));
            m_table->setItem(row, 1, new QTableWidgetItem(shortcut));
            widest = std::max(widest,
                              fontMetrics().horizontalAdvance(name)
                                  + fontMetrics().horizontalAdvance(shortcut));
        }
    }

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(buttons);

    m_table->setCurrentCell(-1, -1); // no row picked out until the reader moves

    // As large as its text needs at this zoom, within the screen it opens on: then it scrolls.
    m_table->resizeRowsToContents();
    const int em = fontMetrics().averageCharWidth();
    int rowsHeight = m_table->horizontalHeader()->sizeHint().height();
    for (int row = 0; row < m_table->rowCount(); ++row)
        rowsHeight += m_table->rowHeight(row);
    const QSize wanted(widest + em * 12 + m_table->verticalScrollBar()->sizeHint().width(),
                       rowsHeight + buttons->sizeHint().height() + fontMetrics().height() * 3);
    QScreen *screen = parent ? parent->screen() : this->screen();
    const QSize room = screen ? screen->availableGeometry().size() * 0.9 : QSize(1280, 720);
    resize(wanted.boundedTo(room));
}

} // namespace Shell
