// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "pagetabs.h"

#include "ink.h"
#include "stage.h"

#include <QAbstractButton>
#include <QButtonGroup>
#include <QLayout>
#include <QPainter>
#include <QStackedWidget>
#include <QStyle>
#include <QStyleOptionFocusRect>
#include <QVBoxLayout>

#include <algorithm>

namespace Kit {

namespace {

/** Lays its items out left to right and starts a new row when the next does not fit. */
class WrappingLayout final : public QLayout
{
public:
    explicit WrappingLayout(QWidget *parent)
        : QLayout(parent)
    {
        setContentsMargins(0, 0, 0, 0);
    }
    ~WrappingLayout() override
    {
        while (QLayoutItem *item = takeAt(0))
            delete item;
    }

    void addItem(QLayoutItem *item) override { m_items.append(item); }
    int count() const override { return int(m_items.size()); }
    QLayoutItem *itemAt(int index) const override { return m_items.value(index); }
    QLayoutItem *takeAt(int index) override
    {
        return index >= 0 && index < m_items.size() ? m_items.takeAt(index) : nullptr;
    }
    Qt::Orientations expandingDirections() const override { return {}; }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override { return place(QRect(0, 0, width, 0), false); }
    void setGeometry(const QRect &rect) override
    {
        QLayout::setGeometry(rect);
        place(rect, true);
    }
    QSize sizeHint() const override { return minimumSize(); }
    QSize minimumSize() const override
    {
        // As narrow as the widest tab: everything else wraps.
        QSize size;
        for (const QLayoutItem *item : m_items)
            size = size.expandedTo(item->minimumSize());
        const QMargins m = contentsMargins();
        return size + QSize(m.left() + m.right(), m.top() + m.bottom());
    }

private:
    int gap() const { return spacing() >= 0 ? spacing() : 4; }

    /** Places the items in RECT (when APPLY) and returns the height they take. */
    int place(const QRect &rect, bool apply) const
    {
        const QRect area = rect.marginsRemoved(contentsMargins());
        int x = area.x();
        int y = area.y();
        int rowHeight = 0;
        for (QLayoutItem *item : m_items) {
            const QSize size = item->sizeHint();
            if (x > area.x() && x + size.width() > area.right() + 1) {
                x = area.x();
                y += rowHeight + gap();
                rowHeight = 0;
            }
            if (apply)
                item->setGeometry(QRect(QPoint(x, y), size));
            x += size.width() + gap();
            rowHeight = std::max(rowHeight, size.height());
        }
        return y + rowHeight - rect.y() + contentsMargins().bottom();
    }

    QList<QLayoutItem *> m_items;
};

/** One tab: the current one in highlight colours, the others as quiet buttons. */
class TabButton final : public QAbstractButton
{
public:
    explicit TabButton(const QString &label, QWidget *parent)
        : QAbstractButton(parent)
    {
        setText(label);
        setCheckable(true);
        setFocusPolicy(Qt::TabFocus);
        setAccessibleName(QString(label).remove(QLatin1Char('&')));
    }

    QSize sizeHint() const override
    {
        const QFontMetrics metrics = fontMetrics();
        const int pad = metrics.height() / 2;
        return {metrics.horizontalAdvance(QString(text()).remove(QLatin1Char('&'))) + 3 * pad,
                metrics.height() + pad};
    }
    QSize minimumSizeHint() const override { return sizeHint(); }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter painter(this);
        painter.setRenderHint(QPainter::Antialiasing);
        const QPalette pal = palette();
        const bool current = isChecked();
        const QColor fill = current ? pal.color(QPalette::Highlight) : pal.color(QPalette::Button);
        const QColor ink = current ? Ink::textOn(fill, pal) : pal.color(QPalette::ButtonText);
        const QColor edge = Ink::atLeast(pal.color(QPalette::Mid), pal.color(QPalette::Window));
        painter.setPen(QPen(current ? fill : edge, 1));
        painter.setBrush(fill);
        painter.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
        QFont font = this->font();
        font.setBold(current);
        painter.setFont(font);
        painter.setPen(ink);
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextShowMnemonic, text());
        if (hasFocus()) {
            QStyleOptionFocusRect focus;
            focus.initFrom(this);
            focus.rect = rect().adjusted(2, 2, -2, -2);
            style()->drawPrimitive(QStyle::PE_FrameFocusRect, &focus, &painter, this);
        }
    }
};

} // namespace

PageTabs::PageTabs(QWidget *parent)
    : QWidget(parent)
    , m_bar(new QWidget(this))
    , m_buttons(new QButtonGroup(this))
    , m_pages(new QStackedWidget(this))
{
    auto *column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    auto *wrapping = new WrappingLayout(m_bar);
    wrapping->setSpacing(4);
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    m_bar->setSizePolicy(policy);
    column->addWidget(m_bar);
    column->addWidget(m_pages, 1);
    // On a presenter's stage the room sees the page the demo chose, not the row of tabs.
    markOffStage(m_bar);
    m_buttons->setExclusive(true);
    connect(m_buttons, &QButtonGroup::idClicked, this, &PageTabs::setCurrentIndex);
    connect(m_pages, &QStackedWidget::currentChanged, this, [this](int index) {
        if (QAbstractButton *button = m_buttons->button(index))
            button->setChecked(true);
        emit currentChanged(index);
    });
}

int PageTabs::addTab(QWidget *page, const QString &label)
{
    const int index = m_pages->addWidget(page);
    auto *button = new TabButton(label, m_bar);
    if (!objectName().isEmpty())
        button->setObjectName(objectName() + QStringLiteral(".tab%1").arg(index));
    m_buttons->addButton(button, index);
    m_bar->layout()->addWidget(button);
    if (index == m_pages->currentIndex())
        button->setChecked(true);
    return index;
}

int PageTabs::count() const
{
    return m_pages->count();
}

int PageTabs::currentIndex() const
{
    return m_pages->currentIndex();
}

QWidget *PageTabs::currentWidget() const
{
    return m_pages->currentWidget();
}

QWidget *PageTabs::widget(int index) const
{
    return m_pages->widget(index);
}

int PageTabs::indexOf(const QWidget *page) const
{
    return m_pages->indexOf(page);
}

QString PageTabs::tabText(int index) const
{
    const QAbstractButton *button = m_buttons->button(index);
    return button ? button->text() : QString();
}

void PageTabs::setTabText(int index, const QString &label)
{
    if (QAbstractButton *button = m_buttons->button(index)) {
        button->setText(label);
        button->setAccessibleName(QString(label).remove(QLatin1Char('&')));
        m_bar->layout()->invalidate();
    }
}

void PageTabs::setCurrentIndex(int index)
{
    if (index >= 0 && index < count())
        m_pages->setCurrentIndex(index);
}

void PageTabs::setCurrentWidget(QWidget *page)
{
    setCurrentIndex(indexOf(page));
}

} // namespace Kit
