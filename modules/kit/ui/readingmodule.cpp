// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "readingmodule.h"

#include "readingpage.h"

#include <QScrollBar>
#include <QTimer>

namespace Kit {

namespace {
const QString ScrollKey = QStringLiteral("scroll");
}

ReadingModule::ReadingModule(ModuleInfo info, QString pagePath, QObject *parent)
    : Module(parent)
    , m_info(std::move(info))
    , m_pagePath(std::move(pagePath))
{}

QIcon ReadingModule::icon() const
{
    return QIcon(m_info.iconPath);
}

QWidget *ReadingModule::createView()
{
    auto *page = new ReadingPage;
    page->setBodyFromFile(m_pagePath);
    page->setAccessibleName(m_info.title);
    if (m_pendingScroll > 0) {
        // The scroll range is known only once the page has been laid out.
        QTimer::singleShot(0, page, [page, scroll = m_pendingScroll] {
            page->verticalScrollBar()->setValue(scroll);
        });
    }
    return page;
}

QVariantMap ReadingModule::saveState() const
{
    auto *page = qobject_cast<ReadingPage *>(viewIfCreated());
    const int scroll = page ? page->verticalScrollBar()->value() : m_pendingScroll;
    return {{ScrollKey, scroll}};
}

void ReadingModule::restoreState(const QVariantMap &state)
{
    m_pendingScroll = qMax(0, state.value(ScrollKey).toInt());
    if (auto *page = qobject_cast<ReadingPage *>(viewIfCreated()))
        page->verticalScrollBar()->setValue(m_pendingScroll);
}

bool ReadingModule::scrollBy(int pages)
{
    auto *page = qobject_cast<ReadingPage *>(viewIfCreated());
    if (!page)
        return false;
    QScrollBar *bar = page->verticalScrollBar();
    const int before = bar->value();
    bar->setValue(before + pages * bar->pageStep());
    return bar->value() != before;
}

bool ReadingModule::stepForward()
{
    return scrollBy(1);
}

bool ReadingModule::stepBack()
{
    return scrollBy(-1);
}

void ReadingModule::reset()
{
    if (auto *page = qobject_cast<ReadingPage *>(viewIfCreated()))
        page->verticalScrollBar()->setValue(0);
}

} // namespace Kit
