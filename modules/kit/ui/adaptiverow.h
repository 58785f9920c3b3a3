// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QWidget>

class QBoxLayout;

namespace Kit {

/**
 * Widgets side by side while each can have at least a set width (in lines of text, so it follows
 * the zoom), one under the other when the row is narrower: two plots at 100 %, stacked at 200 %.
 */
class AdaptiveRow final : public QWidget
{
    Q_OBJECT

public:
    /** ITEMWIDTH is the least width of an item side by side, in multiples of the font's height. */
    explicit AdaptiveRow(double itemWidth, QWidget *parent = nullptr);

    void addWidget(QWidget *widget);
    /** Whether the items are side by side now. */
    bool isSideBySide() const;

    QSize minimumSizeHint() const override;

protected:
    bool event(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void arrange(int width);
    /** The items not hidden. */
    int shownCount() const;

    double m_itemWidth;
    QBoxLayout *m_layout;
};

} // namespace Kit
