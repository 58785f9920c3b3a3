// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "columnscrollarea.h"

#include <QEvent>
#include <QScrollBar>

namespace Kit {

ColumnScrollArea::ColumnScrollArea(QWidget *parent)
    : QScrollArea(parent)
{
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
}

QSize ColumnScrollArea::minimumSizeHint() const
{
    const QSize base = QScrollArea::minimumSizeHint();
    if (!widget())
        return base;
    const int width = widget()->minimumSizeHint().width() + verticalScrollBar()->sizeHint().width()
                      + 2 * frameWidth();
    return {std::max(base.width(), width), base.height()};
}

QSize ColumnScrollArea::sizeHint() const
{
    const QSize base = QScrollArea::sizeHint();
    return {std::max(base.width(), minimumSizeHint().width()), base.height()};
}

bool ColumnScrollArea::event(QEvent *event)
{
    // The column's needs change with the zoom: let the splitter or layout around us know.
    if (event->type() == QEvent::LayoutRequest || event->type() == QEvent::FontChange)
        updateGeometry();
    return QScrollArea::event(event);
}

} // namespace Kit
