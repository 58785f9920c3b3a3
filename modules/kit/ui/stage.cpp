// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "stage.h"

#include "pagetabs.h"

#include <QQueue>
#include <QWidget>

namespace Kit {

namespace {

constexpr char OffStage[] = "curtainOffStage";
constexpr char HiddenBeforeStage[] = "curtainHiddenBeforeStage";
constexpr char Staged[] = "curtainStaged";

} // namespace

void markOffStage(QWidget *widget)
{
    if (widget)
        widget->setProperty(OffStage, true);
}

bool isOffStage(const QWidget *widget)
{
    return widget && widget->property(OffStage).toBool();
}

void setStaged(QWidget *view, bool staged)
{
    if (!view || isStaged(view) == staged)
        return;
    view->setProperty(Staged, staged);
    for (QWidget *widget : view->findChildren<QWidget *>()) {
        if (!isOffStage(widget))
            continue;
        if (staged) {
            widget->setProperty(HiddenBeforeStage, widget->isHidden());
            widget->hide();
        } else if (!widget->property(HiddenBeforeStage).toBool()) {
            widget->show();
        }
    }
}

bool isStaged(const QWidget *view)
{
    return view && view->property(Staged).toBool();
}

bool showNextPage(QWidget *view)
{
    if (!view)
        return false;
    // Breadth first: the view's own pages before the pages inside one of them.
    QQueue<QWidget *> queue;
    queue.enqueue(view);
    while (!queue.isEmpty()) {
        QWidget *widget = queue.dequeue();
        if (auto *tabs = qobject_cast<PageTabs *>(widget); tabs && tabs != view) {
            if (tabs->count() < 2)
                continue;
            tabs->setCurrentIndex((tabs->currentIndex() + 1) % tabs->count());
            return true;
        }
        for (QWidget *child : widget->findChildren<QWidget *>(Qt::FindDirectChildrenOnly))
            queue.enqueue(child);
    }
    return false;
}

} // namespace Kit
