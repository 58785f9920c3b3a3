// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "navigator.h"

#include <kit/appearance.h>
#include <kit/ink.h>
#include <kit/module.h>
#include <kit/moduleregistry.h>

#include <QApplication>
#include <QEvent>
#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>

#include <QStyledItemDelegate>
#include <algorithm>

namespace Shell {

using namespace Kit;

namespace {

constexpr int IdRole = Qt::UserRole;
constexpr int SummaryRole = Qt::UserRole + 1;

/**
 * Paints an entry as icon, bold title and a dimmer summary beneath it, wrapped, never cut. When
 * the list is too narrow for the title, the entry is its icon alone (the name is in the tooltip
 * and the accessible name): whole words or none.
 */
class EntryDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    static QFont titleFont(const QFont &base) { return scaledFont(base, 1.1, true); }

    static int padding(const QFont &base) { return QFontMetrics(base).height() / 2; }

    static int iconSide(const QFont &base)
    {
        return QFontMetrics(titleFont(base)).height() + QFontMetrics(base).height()
               + padding(base) / 2;
    }

    /** Where the entry's parts go in an entry of WIDTH: the text column, or nothing (icon only). */
    struct Layout
    {
        bool iconOnly = false;
        int textWidth = 0;
        int summaryHeight = 0;
        int height = 0;
    };

    static Layout layout(const QFont &font, int width, const QModelIndex &index)
    {
        const int pad = padding(font);
        const int icon = iconSide(font);
        Layout l;
        l.textWidth = width - icon - 3 * pad;
        const QFontMetrics title(titleFont(font));
        // All entries alike: text for all when every title fits, else icons for all.
        int widest = 0;
        for (int row = 0; row < index.model()->rowCount(); ++row)
            widest = std::max(
                widest, title.horizontalAdvance(index.model()->index(row, 0).data().toString()));
        if (l.textWidth < widest) {
            l.iconOnly = true;
            l.height = icon + 2 * pad;
            return l;
        }
        l.summaryHeight = QFontMetrics(font)
                              .boundingRect(QRect(0, 0, l.textWidth, 100000),
                                            Qt::TextWordWrap,
                                            index.data(SummaryRole).toString())
                              .height();
        l.height = std::max(icon, title.height() + pad / 2 + l.summaryHeight) + 2 * pad;
        return l;
    }

    static int widthOf(const QStyleOptionViewItem &option)
    {
        if (auto *view = qobject_cast<const QAbstractItemView *>(option.widget))
            return view->viewport()->width();
        return option.rect.width() > 0 ? option.rect.width() : 280;
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const int width = widthOf(option);
        return {width, layout(option.font, width, index).height};
    }

    void paint(QPainter *painter,
               const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        QStyleOptionViewItem background = option;
        initStyleOption(&background, index);
        background.text.clear();
        background.icon = QIcon();
        const QWidget *widget = option.widget;
        QStyle *style = widget ? widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

        const bool selected = option.state & QStyle::State_Selected;
        const QPalette::ColorGroup group
            = option.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
        const QColor textColour
            = option.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
        // Dimmer than the title, yet 4.5:1 against what is behind it.
        const QColor behind
            = option.palette.color(group, selected ? QPalette::Highlight : QPalette::Base);
        QColor summaryColour = Ink::tint(textColour, behind, 0.75);
        summaryColour = Ink::atLeast(summaryColour, behind, Ink::Text);

        const int pad = padding(option.font);
        const Layout l = layout(option.font, option.rect.width(), index);
        const int icon = iconSide(option.font);
        const QRect inner = option.rect.adjusted(pad, pad, -pad, -pad);
        const QRect iconRect(l.iconOnly ? option.rect.center().x() - icon / 2 : inner.left(),
                             inner.top(),
                             icon,
                             icon);
        index.data(Qt::DecorationRole).value<QIcon>().paint(painter, iconRect);
        if (l.iconOnly)
            return;

        const QRect textRect(inner.left() + icon + pad, inner.top(), l.textWidth, inner.height());
        const QFont title = titleFont(option.font);
        const QFontMetrics titleMetrics(title);
        painter->save();
        painter->setFont(title);
        painter->setPen(textColour);
        painter->drawText(
            QRect(textRect.left(), textRect.top(), textRect.width(), titleMetrics.height()),
            Qt::AlignLeft | Qt::AlignVCenter,
            index.data(Qt::DisplayRole).toString());
        painter->setFont(option.font);
        painter->setPen(summaryColour);
        painter->drawText(textRect.adjusted(0, titleMetrics.height() + pad / 2, 0, 0),
                          Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
                          index.data(SummaryRole).toString());
        painter->restore();
    }
};

} // namespace

Navigator::Navigator(const ModuleRegistry &registry, QWidget *parent)
    : QListWidget(parent)
{
    setObjectName(QStringLiteral("shell.navigator"));
    setAccessibleName(tr("Modules"));
    setItemDelegate(new EntryDelegate(this));
    // Entries grow with their wrapped summaries, and are laid out again when the width changes.
    setResizeMode(QListView::Adjust);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setFrameShape(QFrame::NoFrame);

    addEntry(HomeId,
             QIcon(QStringLiteral(":/icons/home.svg")),
             tr("Home"),
             tr("What Curtain shows, and where to start"));
    for (const Module *module : registry.modules())
        addEntry(module->id(), module->icon(), module->title(), module->summary());

    connect(this, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *current) {
        if (current)
            emit currentIdChanged(current->data(IdRole).toString());
    });
}

void Navigator::addEntry(const QString &id,
                         const QIcon &icon,
                         const QString &title,
                         const QString &summary)
{
    auto *item = new QListWidgetItem(icon, title, this);
    item->setData(IdRole, id);
    item->setData(SummaryRole, summary);
    item->setToolTip(summary);
    item->setData(Qt::AccessibleDescriptionRole, summary);
}

QString Navigator::currentId() const
{
    const QListWidgetItem *item = currentItem();
    return item ? item->data(IdRole).toString() : QString();
}

bool Navigator::selectId(const QString &id)
{
    for (int row = 0; row < count(); ++row) {
        if (item(row)->data(IdRole).toString() == id) {
            setCurrentRow(row);
            return true;
        }
    }
    return false;
}

int Navigator::preferredWidth() const
{
    // Every title whole on one line, summaries wrapped at about 30 characters.
    const QFontMetrics title(EntryDelegate::titleFont(font()));
    const QFontMetrics summary(font());
    const int pad = EntryDelegate::padding(font());
    int text = summary.averageCharWidth() * 24;
    for (int row = 0; row < count(); ++row)
        text = std::max(text, title.horizontalAdvance(item(row)->text()));
    return EntryDelegate::iconSide(font()) + text + 4 * pad
           + verticalScrollBar()->sizeHint().width();
}

int Navigator::compactWidth() const
{
    return EntryDelegate::iconSide(font()) + 3 * EntryDelegate::padding(font())
           + verticalScrollBar()->sizeHint().width();
}

bool Navigator::event(QEvent *event)
{
    // Page Up / Page Down / Home / End are the presenter's step keys everywhere in the window:
    // the list does not take them for its own scrolling.
    if (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress) {
        switch (static_cast<QKeyEvent *>(event)->key()) {
        case Qt::Key_PageUp:
        case Qt::Key_PageDown:
        case Qt::Key_Home:
        case Qt::Key_End:
            event->ignore();
            return event->type() == QEvent::KeyPress;
        default:
            break;
        }
    }
    return QListWidget::event(event);
}

void Navigator::changeEvent(QEvent *event)
{
    QListWidget::changeEvent(event);
    // Item heights come from the font: recompute them when the zoom changes it.
    if (event->type() == QEvent::FontChange)
        doItemsLayout();
}

} // namespace Shell
