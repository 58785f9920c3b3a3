// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "adaptiverow.h"

#include <QBoxLayout>
#include <QEvent>
#include <QResizeEvent>

namespace Kit {

AdaptiveRow::AdaptiveRow(double itemWidth, QWidget *parent)
    : QWidget(parent)
    , m_itemWidth(itemWidth)
    , m_layout(new QBoxLayout(QBoxLayout::LeftToRight, this))
{
    m_layout->setContentsMargins(0, 0, 0, 0);
}

void AdaptiveRow::addWidget(QWidget *widget)
{
    m_layout->addWidget(widget, 1);
    arrange(width());
}

bool AdaptiveRow::isSideBySide() const
{
    return m_layout->direction() == QBoxLayout::LeftToRight;
}

QSize AdaptiveRow::minimumSizeHint() const
{
    // As wide as the widest item (narrower, the row stacks); as tall as the arrangement it has:
    // side by side, its tallest item (no empty bands above and below the row); stacked, all of
    // them. arrange() asks the layout again when the arrangement changes.
    // A hidden item (off a presenter's stage, say) takes no room.
    const bool side = isSideBySide();
    QSize size;
    int shown = 0;
    for (int i = 0; i < m_layout->count(); ++i) {
        const QWidget *widget = m_layout->itemAt(i)->widget();
        if (!widget || widget->isHidden())
            continue;
        const QSize item = widget->minimumSizeHint().expandedTo(widget->minimumSize());
        size.setWidth(std::max(size.width(), item.width()));
        size.setHeight(side
                           ? std::max(size.height(), item.height())
                           : size.height() + item.height() + (shown > 0 ? m_layout->spacing() : 0));
        ++shown;
    }
    return size;
}

int AdaptiveRow::shownCount() const
{
    int shown = 0;
    for (int i = 0; i < m_layout->count(); ++i) {
        const QWidget *widget = m_layout->itemAt(i)->widget();
        shown += widget && !widget->isHidden() ? 1 : 0;
    }
    return shown;
}

bool AdaptiveRow::event(QEvent *event)
{
    // An item shown or hidden changes what the row needs: arranged again, asked again.
    if (event->type() == QEvent::LayoutRequest) {
        arrange(width());
        updateGeometry();
    }
    return QWidget::event(event);
}

void AdaptiveRow::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    arrange(event->size().width());
}

void AdaptiveRow::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        arrange(width());
}

void AdaptiveRow::arrange(int width)
{
    const int least = int(m_itemWidth * fontMetrics().height()) * std::max(1, shownCount());
    const auto direction = width >= least ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom;
    if (direction != m_layout->direction()) {
        m_layout->setDirection(direction);
        updateGeometry(); // the minimum height changes with the arrangement
    }
}

} // namespace Kit
