// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QPointer>
#include <QRect>
#include <QSizePolicy>

class QLayout;
class QWidget;

namespace Present {

/**
 * A module's view lent to presenter mode's audience window. Made before the view moves, it
 * records where the view is: its parent, its place in the parent's layout (a box's index and
 * stretch, a grid's cell, a stack's page and whether it was the current one, a splitter's
 * index; a layout of another kind takes it back at its end), its size policy, geometry and
 * visibility. giveBack() puts all of it back, and so does the end of the loan. The host (the
 * main window) may be gone by then: the view is then left hidden and parentless, for its owner.
 */
class ViewLoan final
{
public:
    explicit ViewLoan(QWidget *view);
    ~ViewLoan();
    ViewLoan(const ViewLoan &) = delete;
    ViewLoan &operator=(const ViewLoan &) = delete;

    QWidget *view() const { return m_view; }
    /** Whether the view had no parent when it was lent (nobody hosted it). */
    bool wasParentless() const { return !m_hadParent; }
    /** Puts the view back where it was; once (later calls do nothing). */
    void giveBack();
    bool isOut() const { return m_out; }

private:
    enum class Place { None, Box, Grid, Stack, Splitter, Other };

    QPointer<QWidget> m_view;
    QPointer<QWidget> m_parent;
    QPointer<QLayout> m_layout;
    bool m_hadParent = false;
    Place m_place = Place::None;
    int m_index = -1;
    int m_stretch = 0;
    Qt::Alignment m_alignment;
    int m_row = 0;
    int m_column = 0;
    int m_rowSpan = 1;
    int m_columnSpan = 1;
    bool m_current = false;
    QSizePolicy m_sizePolicy;
    QRect m_geometry;
    bool m_hidden = true;
    bool m_out = true;
};

} // namespace Present
