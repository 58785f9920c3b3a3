// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "readability.h"

#include <qcustomplot.h>

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractScrollArea>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QCheckBox>
#include <QComboBox>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QRadioButton>
#include <QStyleOptionButton>
#include <QStyleOptionComboBox>
#include <QTabBar>
#include <QTextDocument>
#include <QToolButton>

#include <cmath>

namespace Readability {

namespace {

double luminance(const QColor &c)
{
    const auto channel = [](double v) {
        v /= 255.0;
        return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue());
}

/** The plain text a widget shows, without mnemonics. */
QString plain(QString text)
{
    text.remove(QLatin1Char('&'));
    return text;
}

bool inScrollingViewport(const QWidget *widget)
{
    for (const QWidget *w = widget->parentWidget(); w; w = w->parentWidget()) {
        if (qobject_cast<const QAbstractScrollArea *>(w))
            return true;
    }
    return false;
}

/** Whether WIDGET is on screen at all (shown, and not entirely hidden by its parents). */
bool onScreen(const QWidget *widget)
{
    return widget->isVisible() && !widget->visibleRegion().isEmpty();
}

/** The colour covering most of RECT in IMAGE and the colour there that contrasts most with it. */
std::pair<QColor, QColor> backgroundAndInk(const QImage &image, const QRect &rect)
{
    const QRect r = rect.intersected(image.rect());
    QHash<QRgb, int> counts;
    for (int y = r.top(); y <= r.bottom(); ++y) {
        for (int x = r.left(); x <= r.right(); ++x)
            ++counts[image.pixel(x, y) | 0xff000000u];
    }
    QRgb background = 0;
    int most = -1;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        if (it.value() > most) {
            most = it.value();
            background = it.key();
        }
    }
    QColor ink = QColor::fromRgb(background);
    double best = 1;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        const double ratio = contrast(QColor::fromRgb(background), QColor::fromRgb(it.key()));
        // A couple of stray pixels are anti-aliasing or a border, not the text.
        if (ratio > best && it.value() >= 2) {
            best = ratio;
            ink = QColor::fromRgb(it.key());
        }
    }
    return {QColor::fromRgb(background), ink};
}

QString problem(const QWidget *widget, const QString &what)
{
    return describe(widget) + QStringLiteral(": ") + what;
}

void checkLabel(QLabel *label, QStringList &out)
{
    if (label->text().isEmpty() || !label->pixmap().isNull())
        return;
    const QRect box = label->contentsRect();
    if (label->wordWrap()) {
        const int need = label->heightForWidth(label->width());
        if (need > label->height() + 1)
            out << problem(
                label,
                QStringLiteral("needs %1 px of height, has %2").arg(need).arg(label->height()));
    } else {
        const QSize need = label->sizeHint();
        if (need.width() > label->width() + 1 || need.height() > label->height() + 1)
            out << problem(label,
                           QStringLiteral("needs %1x%2, has %3x%4")
                               .arg(need.width())
                               .arg(need.height())
                               .arg(box.width())
                               .arg(box.height()));
    }
}

void checkButton(QAbstractButton *button, QStringList &out)
{
    const QString text = plain(button->text());
    if (text.isEmpty())
        return;
    const QFontMetrics metrics = button->fontMetrics();
    int need = metrics.horizontalAdvance(text);
    if (!button->icon().isNull())
        need += button->iconSize().width() + 4;
    int has = button->width();
    if (qobject_cast<QCheckBox *>(button) || qobject_cast<QRadioButton *>(button)
        || qobject_cast<QToolButton *>(button)) {
        need = button->sizeHint().width();
    } else {
        // The room the style leaves for the label inside the bevel.
        QStyleOptionButton option;
        option.initFrom(button);
        option.text = button->text();
        option.icon = button->icon();
        option.iconSize = button->iconSize();
        has = button->style()
                  ->subElementRect(QStyle::SE_PushButtonContents, &option, button)
                  .width();
    }
    if (need > has + 1)
        out << problem(button, QStringLiteral("needs %1 px of width, has %2").arg(need).arg(has));
    if (metrics.height() > button->height())
        out << problem(button, QStringLiteral("text taller than the button"));
}

void checkTabs(QTabBar *bar, QStringList &out)
{
    for (int i = 0; i < bar->count(); ++i) {
        if (!bar->isTabVisible(i))
            continue;
        const QRect tab = bar->tabRect(i);
        const QString text = plain(bar->tabText(i));
        if (!bar->rect().contains(tab))
            out << problem(bar, QStringLiteral("tab \"%1\" is outside the bar").arg(text));
        else if (tab.width() < bar->fontMetrics().horizontalAdvance(text))
            out << problem(bar, QStringLiteral("tab \"%1\" is cut").arg(text));
    }
}

void checkHeader(QHeaderView *header, QStringList &out)
{
    if (!header->model())
        return;
    const QFontMetrics metrics = header->fontMetrics();
    for (int i = 0; i < header->count(); ++i) {
        if (header->isSectionHidden(i))
            continue;
        const QString text
            = header->model()->headerData(i, header->orientation(), Qt::DisplayRole).toString();
        const int size = header->sectionSize(i);
        const int need = header->orientation() == Qt::Horizontal
                             ? metrics.horizontalAdvance(text) + 6
                             : metrics.height();
        if (!text.isEmpty() && need > size)
            out << problem(
                header,
                QStringLiteral("heading \"%1\" needs %2 px, has %3").arg(text).arg(need).arg(size));
    }
}

void checkCombo(QComboBox *combo, QStringList &out)
{
    QStyleOptionComboBox option;
    option.initFrom(combo);
    option.editable = combo->isEditable();
    const QRect field = combo->style()->subControlRect(
        QStyle::CC_ComboBox, &option, QStyle::SC_ComboBoxEditField, combo);
    const int need = combo->fontMetrics().horizontalAdvance(combo->currentText());
    if (need > field.width() + 1)
        out << problem(combo,
                       QStringLiteral("\"%1\" needs %2 px, has %3")
                           .arg(combo->currentText())
                           .arg(need)
                           .arg(field.width()));
}

void checkList(QListView *list, QStringList &out)
{
    if (list->wordWrap() || !list->model())
        return;
    const QRect viewport = list->viewport()->rect();
    for (int row = 0; row < list->model()->rowCount(list->rootIndex()); ++row) {
        const QModelIndex index = list->model()->index(row, list->modelColumn(), list->rootIndex());
        const QRect rect = list->visualRect(index);
        if (!rect.intersects(viewport))
            continue;
        QStyleOptionViewItem option;
        option.initFrom(list);
        option.font = list->font();
        option.decorationSize = list->iconSize();
        const QSize need = list->itemDelegateForIndex(index)->sizeHint(option, index);
        if (need.width() > std::min(rect.width(), viewport.width()) + 1)
            out << problem(list,
                           QStringLiteral("item \"%1\" needs %2 px, has %3")
                               .arg(index.data().toString())
                               .arg(need.width())
                               .arg(std::min(rect.width(), viewport.width())));
    }
}

} // namespace

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QString describe(const QWidget *widget)
{
    if (!widget->objectName().isEmpty() && !widget->objectName().startsWith(QLatin1String("qt_")))
        return widget->objectName();
    QString text;
    if (auto *label = qobject_cast<const QLabel *>(widget))
        text = label->text();
    else if (auto *button = qobject_cast<const QAbstractButton *>(widget))
        text = plain(button->text());
    QString parent;
    for (const QWidget *w = widget->parentWidget(); w; w = w->parentWidget()) {
        if (!w->objectName().isEmpty() && !w->objectName().startsWith(QLatin1String("qt_"))) {
            parent = w->objectName() + QLatin1Char('/');
            break;
        }
    }
    return parent + QString::fromLatin1(widget->metaObject()->className())
           + (text.isEmpty() ? QString() : QStringLiteral(" \"%1\"").arg(text.left(40)));
}

QStringList clippedTexts(QWidget *window)
{
    QStringList out;
    for (QWidget *widget : window->findChildren<QWidget *>()) {
        if (!onScreen(widget))
            continue;
        if (auto *label = qobject_cast<QLabel *>(widget))
            checkLabel(label, out);
        else if (auto *button = qobject_cast<QAbstractButton *>(widget))
            checkButton(button, out);
        else if (auto *bar = qobject_cast<QTabBar *>(widget))
            checkTabs(bar, out);
        else if (auto *header = qobject_cast<QHeaderView *>(widget))
            checkHeader(header, out);
        else if (auto *combo = qobject_cast<QComboBox *>(widget))
            checkCombo(combo, out);
        else if (auto *list = qobject_cast<QListView *>(widget))
            checkList(list, out);
        // Inside a panel that scrolls only up and down, a control cut at the side cannot be
        // scrolled into view.
        QAbstractScrollArea *area = nullptr;
        for (QWidget *w = widget->parentWidget(); w && !area; w = w->parentWidget())
            area = qobject_cast<QAbstractScrollArea *>(w);
        if (area && area->horizontalScrollBarPolicy() == Qt::ScrollBarAlwaysOff
            && !qobject_cast<QAbstractItemView *>(area) && area->viewport()->isAncestorOf(widget)) {
            const QRect viewport(area->viewport()->mapTo(window, QPoint()),
                                 area->viewport()->size());
            const QRect mine(widget->mapTo(window, QPoint()), widget->size());
            if (mine.right() > viewport.right() + 1 && mine.left() < viewport.right())
                out << problem(
                    widget,
                    QStringLiteral("cut at the side of a panel that does not scroll sideways"));
        }
        // Cut off by a parent that does not scroll: part of it is simply not there.
        if ((qobject_cast<QLabel *>(widget) || qobject_cast<QAbstractButton *>(widget))
            && !inScrollingViewport(widget)
            && widget->visibleRegion().boundingRect() != widget->rect()) {
            out << problem(widget, QStringLiteral("partly hidden by its parent"));
        }
    }
    return out;
}

QStringList lowContrastTexts(QWidget *window, const QImage &image)
{
    QStringList out;
    const auto check = [&](const QWidget *widget, QRect local, const QString &what) {
        // Only what is on screen: a field half scrolled out of its panel shows its other half,
        // and one scrolled so far that the middle of its line is gone shows none of its text.
        const int middle = local.center().y();
        local &= widget->visibleRegion().boundingRect();
        if (local.height() < widget->fontMetrics().height() / 2 || local.width() < 4
            || middle < local.top() || middle > local.bottom())
            return;
        const QRect rect(widget->mapTo(window, local.topLeft()), local.size());
        const auto [background, ink] = backgroundAndInk(image, rect);
        const double ratio = contrast(background, ink);
        if (ratio < 4.5) {
            out << problem(widget,
                           QStringLiteral("%1: %2 on %3 is %4:1")
                               .arg(what, ink.name(), background.name())
                               .arg(ratio, 0, 'f', 2));
        }
    };
    for (QWidget *widget : window->findChildren<QWidget *>()) {
        if (!onScreen(widget) || !widget->isEnabled())
            continue;
        if (auto *label = qobject_cast<QLabel *>(widget)) {
            if (!label->text().trimmed().isEmpty() && label->pixmap().isNull())
                check(label, label->contentsRect(), QStringLiteral("text"));
        } else if (auto *button = qobject_cast<QAbstractButton *>(widget)) {
            if (!button->text().isEmpty())
                check(button, button->rect(), QStringLiteral("text"));
        } else if (auto *bar = qobject_cast<QTabBar *>(widget)) {
            for (int i = 0; i < bar->count(); ++i) {
                if (bar->isTabVisible(i) && bar->isTabEnabled(i))
                    check(bar,
                          bar->tabRect(i),
                          QStringLiteral("tab \"%1\"").arg(plain(bar->tabText(i))));
            }
        } else if (auto *list = qobject_cast<QListView *>(widget)) {
            if (!list->model())
                continue;
            for (int row = 0; row < list->model()->rowCount(list->rootIndex()); ++row) {
                const QModelIndex index
                    = list->model()->index(row, list->modelColumn(), list->rootIndex());
                const QRect rect = list->visualRect(index).intersected(list->viewport()->rect());
                if (rect.height() > 4 && !index.data().toString().isEmpty())
                    check(list->viewport(),
                          rect,
                          QStringLiteral("item \"%1\"").arg(index.data().toString().left(30)));
            }
        } else if (auto *combo = qobject_cast<QComboBox *>(widget)) {
            check(combo, combo->rect(), QStringLiteral("text"));
        } else if (auto *spin = qobject_cast<QAbstractSpinBox *>(widget)) {
            check(spin, spin->rect(), QStringLiteral("text"));
        }
    }
    return out;
}

QStringList lowContrastPlots(QWidget *window)
{
    QStringList out;
    for (QCustomPlot *plot : window->findChildren<QCustomPlot *>()) {
        if (!onScreen(plot))
            continue;
        const QColor background
            = plot->axisRect() && plot->axisRect()->backgroundBrush().style() != Qt::NoBrush
                  ? plot->axisRect()->backgroundBrush().color()
                  : plot->palette().color(QPalette::Base);
        const auto need = [&](const QColor &colour, double minimum, const QString &what) {
            if (colour.alpha() == 0)
                return;
            const double ratio = contrast(colour, background);
            if (ratio < minimum)
                out << problem(plot,
                               QStringLiteral("%1 %2 on %3 is %4:1")
                                   .arg(what, colour.name(), background.name())
                                   .arg(ratio, 0, 'f', 2));
        };
        for (int i = 0; i < plot->plottableCount(); ++i) {
            QCPAbstractPlottable *p = plot->plottable(i);
            if (!p->visible())
                continue;
            const QString name
                = p->name().isEmpty() ? QStringLiteral("series %1").arg(i) : p->name();
            // A series must stand out by its line or by its fill, whichever it is drawn with.
            const bool line = p->pen().style() != Qt::NoPen;
            const bool fill = p->brush().style() != Qt::NoBrush;
            const double lineRatio = line ? contrast(p->pen().color(), background) : 0;
            const double fillRatio = fill ? contrast(p->brush().color(), background) : 0;
            if ((line || fill) && std::max(lineRatio, fillRatio) < 3.0) {
                out << problem(plot,
                               QStringLiteral("%1: line %2 / fill %3 on %4 below 3:1")
                                   .arg(name,
                                        line ? p->pen().color().name() : QStringLiteral("none"),
                                        fill ? p->brush().color().name() : QStringLiteral("none"),
                                        background.name()));
            }
            if (auto *bars = qobject_cast<QCPErrorBars *>(p))
                need(bars->pen().color(), 3.0, QStringLiteral("error bars"));
        }
        for (QCPAxis *axis : plot->axisRect()->axes()) {
            if (!axis->visible())
                continue;
            need(axis->tickLabelColor(), 4.5, QStringLiteral("tick labels"));
            need(axis->labelColor(), 4.5, QStringLiteral("axis label"));
            need(axis->basePen().color(), 3.0, QStringLiteral("axis line"));
        }
        if (plot->legend && plot->legend->visible())
            need(plot->legend->textColor(), 4.5, QStringLiteral("legend text"));
        for (int i = 0; i < plot->itemCount(); ++i) {
            if (auto *text = qobject_cast<QCPItemText *>(plot->item(i))) {
                if (!text->visible() || text->text().isEmpty())
                    continue;
                const QColor behind
                    = text->brush().style() != Qt::NoBrush ? text->brush().color() : background;
                const double ratio = contrast(text->color(), behind);
                if (ratio < 4.5)
                    out << problem(
                        plot,
                        QStringLiteral("label \"%1\" %2 on %3 is %4:1")
                            .arg(text->text().left(30), text->color().name(), behind.name())
                            .arg(ratio, 0, 'f', 2));
            }
        }
    }
    return out;
}

QStringList clippedPlots(QWidget *window)
{
    QStringList out;
    for (QCustomPlot *plot : window->findChildren<QCustomPlot *>()) {
        if (!onScreen(plot))
            continue;
        const QRect viewport = plot->viewport();
        if (plot->legend && plot->legend->visible() && plot->legend->itemCount() > 0
            && !viewport.contains(plot->legend->outerRect()))
            out << problem(plot, QStringLiteral("the legend does not fit in the plot"));
        for (QCPAxisRect *rect : plot->axisRects()) {
            for (QCPAxis *axis : rect->axes()) {
                if (!axis->visible() || axis->label().isEmpty())
                    continue;
                const int length
                    = axis->orientation() == Qt::Horizontal ? rect->width() : rect->height();
                const int need = QFontMetrics(axis->labelFont()).horizontalAdvance(axis->label());
                if (need > length)
                    out << problem(plot,
                                   QStringLiteral("axis label \"%1\" needs %2 px, the axis is %3")
                                       .arg(axis->label())
                                       .arg(need)
                                       .arg(length));
            }
        }
        QList<std::pair<QRectF, QString>> labels;
        for (int i = 0; i < plot->itemCount(); ++i) {
            auto *text = qobject_cast<QCPItemText *>(plot->item(i));
            if (!text || !text->visible() || text->text().isEmpty())
                continue;
            const QRectF box
                = QRectF(text->topLeft->pixelPosition(), text->bottomRight->pixelPosition())
                      .normalized();
            if (!QRectF(viewport).contains(box))
                out << problem(plot,
                               QStringLiteral("label \"%1\" sticks out of the plot")
                                   .arg(text->text().left(30)));
            for (const auto &[other, name] : std::as_const(labels)) {
                if (other.intersects(box))
                    out << problem(plot,
                                   QStringLiteral("labels \"%1\" and \"%2\" overlap")
                                       .arg(text->text().left(30), name.left(30)));
            }
            labels.append({box, text->text()});
        }
    }
    return out;
}

QStringList unnamedControls(QWidget *window)
{
    QStringList out;
    for (QWidget *widget : window->findChildren<QWidget *>()) {
        if (!widget->isVisible())
            continue;
        const bool control
            = qobject_cast<QAbstractButton *>(widget) || qobject_cast<QComboBox *>(widget)
              || qobject_cast<QAbstractSpinBox *>(widget) || qobject_cast<QAbstractSlider *>(widget)
              || qobject_cast<QLineEdit *>(widget) || qobject_cast<QAbstractItemView *>(widget)
              || qobject_cast<QTabBar *>(widget);
        if (!control || widget->objectName().startsWith(QLatin1String("qt_")))
            continue;
        // Scroll bars of views and spin box line edits are parts of a named control.
        if (qobject_cast<QAbstractSlider *>(widget)
            && qobject_cast<QAbstractScrollArea *>(
                widget->parentWidget() ? widget->parentWidget()->parentWidget() : nullptr))
            continue;
        if (qobject_cast<QLineEdit *>(widget)
            && qobject_cast<QAbstractSpinBox *>(widget->parentWidget()))
            continue;
        if (qobject_cast<QLineEdit *>(widget) && qobject_cast<QComboBox *>(widget->parentWidget()))
            continue;
        QAccessibleInterface *face = QAccessible::queryAccessibleInterface(widget);
        const QString name = face ? face->text(QAccessible::Name) : QString();
        if (name.trimmed().isEmpty())
            out << problem(widget, QStringLiteral("no accessible name"));
    }
    return out;
}

} // namespace Readability
