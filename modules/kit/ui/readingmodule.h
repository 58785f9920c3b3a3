// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "module.h"

namespace Kit {

/** What the navigator and the Home page show of a module. */
struct ModuleInfo
{
    QString id;
    QString title;
    QString summary;
    QString description;
    QString iconPath; // a resource path, ":/icons/classforge.svg"
};

/**
 * A module whose view is one ReadingPage (an HTML fragment from PAGEPATH). Presenting steps page
 * by page; the scroll position is its saved state. Modules start here before their lab arrives.
 */
class ReadingModule : public Module
{
    Q_OBJECT

public:
    ReadingModule(ModuleInfo info, QString pagePath, QObject *parent = nullptr);

    QString id() const override { return m_info.id; }
    QString title() const override { return m_info.title; }
    QString summary() const override { return m_info.summary; }
    QString description() const override { return m_info.description; }
    QIcon icon() const override;

    QVariantMap saveState() const override;
    void restoreState(const QVariantMap &state) override;
    bool stepForward() override;
    bool stepBack() override;
    void reset() override;

protected:
    QWidget *createView() override;

private:
    bool scrollBy(int pages);

    ModuleInfo m_info;
    QString m_pagePath;
    int m_pendingScroll = 0;
};

} // namespace Kit
