#include "navigator.h"

#include <appearance.h>
#include <module.h>
#include <moduleregistry.h>

#include <QApplication>
#include <QEvent>
#include <QPainter>
#include <QScrollBar>

#include <QStyledItemDelegate>
#include <algorithm>

namespace {

constexpr int IdRole = Qt::UserRole;
constexpr int SummaryRole = Qt::UserRole + 1;

/** Paints an entry as icon, bold title and a dimmer summary line beneath it. */
class EntryDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    static QFont titleFont(const QFont &base) { return scaledFont(base, 1.1, true); }

    static int padding(const QFont &base) { return QFontMetrics(base).height() / 2; }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        Q_UNUSED(index)
        const QFontMetrics title(titleFont(option.font));
        const QFontMetrics summary(option.font);
        const int pad = padding(option.font);
        const int height = title.height() + summary.height() + 2 * pad + pad / 2;
        return {option.rect.width() > 0 ? option.rect.width() : 280, height};
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
        QColor summaryColour = textColour;
        summaryColour.setAlphaF(selected ? 0.85 : 0.65);

        const int pad = padding(option.font);
        const QRect inner = option.rect.adjusted(pad, pad, -pad, -pad);
        const int iconSide = inner.height();
        const QRect iconRect(inner.left(), inner.top(), iconSide, iconSide);
        index.data(Qt::DecorationRole).value<QIcon>().paint(painter, iconRect);

        const QRect textRect = inner.adjusted(iconSide + pad, 0, 0, 0);
        const QFont title = titleFont(option.font);
        const QFontMetrics titleMetrics(title);
        painter->save();
        painter->setFont(title);
        painter->setPen(textColour);
        painter->drawText(textRect.adjusted(0, 0, 0, -textRect.height() + titleMetrics.height()),
                          Qt::AlignLeft | Qt::AlignVCenter,
                          titleMetrics.elidedText(index.data(Qt::DisplayRole).toString(),
                                                  Qt::ElideRight,
                                                  textRect.width()));
        painter->setFont(option.font);
        painter->setPen(summaryColour);
        const QFontMetrics summaryMetrics(option.font);
        painter->drawText(textRect.adjusted(0, titleMetrics.height() + pad / 2, 0, 0),
                          Qt::AlignLeft | Qt::AlignTop,
                          summaryMetrics.elidedText(index.data(SummaryRole).toString(),
                                                    Qt::ElideRight,
                                                    textRect.width()));
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
    setUniformItemSizes(true);
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
    const QFontMetrics title(EntryDelegate::titleFont(font()));
    const QFontMetrics summary(font());
    const int pad = EntryDelegate::padding(font());
    const int iconSide = title.height() + summary.height() + pad / 2;
    int text = 0;
    for (int row = 0; row < count(); ++row) {
        const QListWidgetItem *entry = item(row);
        text = std::max({text,
                         title.horizontalAdvance(entry->text()),
                         std::min(summary.horizontalAdvance(entry->data(SummaryRole).toString()),
                                  summary.averageCharWidth() * 30)});
    }
    return iconSide + text + 4 * pad + verticalScrollBar()->sizeHint().width();
}

void Navigator::changeEvent(QEvent *event)
{
    QListWidget::changeEvent(event);
    // Item heights come from the font: recompute them when the zoom changes it.
    if (event->type() == QEvent::FontChange)
        doItemsLayout();
}
