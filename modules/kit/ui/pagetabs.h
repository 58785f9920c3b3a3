// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QWidget>

class QButtonGroup;
class QStackedWidget;

namespace Kit {

/**
 * Pages with a row of tabs above them, like QTabWidget, except that the tabs wrap onto more rows
 * when the width is short (at a large zoom) instead of hiding behind scroll arrows: every tab is
 * always in sight, whole. The current tab is drawn in the palette's highlight colours.
 */
class PageTabs final : public QWidget
{
    Q_OBJECT

public:
    explicit PageTabs(QWidget *parent = nullptr);

    /** Adds PAGE with the tab LABEL ("&" marks a mnemonic); returns its index. */
    int addTab(QWidget *page, const QString &label);
    int count() const;
    int currentIndex() const;
    QWidget *currentWidget() const;
    QWidget *widget(int index) const;
    int indexOf(const QWidget *page) const;
    QString tabText(int index) const;
    void setTabText(int index, const QString &label);

public Q_SLOTS:
    void setCurrentIndex(int index);
    void setCurrentWidget(QWidget *page);

Q_SIGNALS:
    void currentChanged(int index);

private:
    QWidget *m_bar = nullptr;
    QButtonGroup *m_buttons = nullptr;
    QStackedWidget *m_pages = nullptr;
};

} // namespace Kit
