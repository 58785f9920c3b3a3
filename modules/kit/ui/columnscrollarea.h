// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QScrollArea>

namespace Kit {

/**
 * A scroll area for a column of controls (a set-up form): it scrolls up and down when the zoom
 * makes the column tall, and is never narrower than the column needs, so no field is cut at the
 * side. Its minimum width follows the zoom.
 */
class ColumnScrollArea final : public QScrollArea
{
    Q_OBJECT

public:
    explicit ColumnScrollArea(QWidget *parent = nullptr);

    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    bool event(QEvent *event) override;
};

} // namespace Kit
