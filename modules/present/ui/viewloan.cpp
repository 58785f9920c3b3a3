// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "viewloan.h"

#include <QBoxLayout>
#include <QGridLayout>
#include <QSplitter>
#include <QStackedLayout>
#include <QWidget>

#include <algorithm>

namespace Present {

ViewLoan::ViewLoan(QWidget *view)
    : m_view(view)
{
    if (!view)
        return;
    m_parent = view->parentWidget();
    m_hadParent = m_parent != nullptr;
    m_sizePolicy = view->sizePolicy();
    m_geometry = view->geometry();
    m_hidden = view->isHidden();
    if (!m_parent)
        return;
    if (auto *splitter = qobject_cast<QSplitter *>(m_parent.data())) {
        m_place = Place::Splitter;
        m_index = splitter->indexOf(view);
        return;
    }
    m_layout = m_parent->layout();
    m_index = m_layout ? m_layout->indexOf(view) : -1;
    if (m_index < 0) {
        m_place = Place::Other; // placed by hand: its geometry says where
        return;
    }
    if (auto *stack = qobject_cast<QStackedLayout *>(m_layout.data())) {
        m_place = Place::Stack;
        m_current = stack->currentWidget() == view;
    } else if (auto *box = qobject_cast<QBoxLayout *>(m_layout.data())) {
        m_place = Place::Box;
        m_stretch = box->stretch(m_index);
        m_alignment = box->itemAt(m_index)->alignment();
    } else if (auto *grid = qobject_cast<QGridLayout *>(m_layout.data())) {
        m_place = Place::Grid;
        grid->getItemPosition(m_index, &m_row, &m_column, &m_rowSpan, &m_columnSpan);
        m_alignment = grid->itemAt(m_index)->alignment();
    } else {
        m_place = Place::Other;
    }
}

ViewLoan::~ViewLoan()
{
    giveBack();
}

void ViewLoan::giveBack()
{
    if (!m_out)
        return;
    m_out = false;
    QWidget *view = m_view;
    if (!view)
        return;
    // Out of the borrower's layout first, hidden so that nothing flashes on the way.
    view->hide();
    if (QWidget *borrower = view->parentWidget(); borrower && borrower->layout())
        borrower->layout()->removeWidget(view);
    view->setSizePolicy(m_sizePolicy);
    if (!m_parent) {
        // Nobody hosted it, or its host has gone: hidden and parentless (never a window of its
        // own), for its owner to host or delete.
        view->setParent(nullptr);
        view->setGeometry(m_geometry);
        return;
    }
    // A layout replaced while the view was out cannot take it back at its place.
    const bool layoutKept = m_layout && m_layout->parentWidget() == m_parent;
    const Place place = m_place == Place::Splitter || layoutKept ? m_place : Place::Other;
    const int index = m_layout ? std::min(m_index, m_layout->count()) : m_index;
    switch (place) {
    case Place::Splitter:
        static_cast<QSplitter *>(m_parent.data())->insertWidget(m_index, view);
        break;
    case Place::Stack: {
        auto *stack = static_cast<QStackedLayout *>(m_layout.data());
        stack->insertWidget(index, view);
        if (m_current)
            stack->setCurrentWidget(view);
        break;
    }
    case Place::Box:
        static_cast<QBoxLayout *>(m_layout.data())
            ->insertWidget(index, view, m_stretch, m_alignment);
        break;
    case Place::Grid:
        static_cast<QGridLayout *>(m_layout.data())
            ->addWidget(view, m_row, m_column, m_rowSpan, m_columnSpan, m_alignment);
        break;
    case Place::Other:
    case Place::None:
        // A layout of another kind takes it at its end; a hand-placed view gets its geometry.
        view->setParent(m_parent);
        if (layoutKept && m_index >= 0)
            m_layout->addWidget(view);
        else
            view->setGeometry(m_geometry);
        break;
    }
    view->setVisible(!m_hidden);
}

} // namespace Present
