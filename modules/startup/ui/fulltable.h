// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <startup/narration.h>

#include <QTableWidget>

namespace Startup {

/**
 * A table of results that never hides a row behind its own scroll bar: it asks for the height of
 * all its rows (at any zoom, whatever the wrapping), and the page around it scrolls instead. Its
 * headers and cells come from Narration, as they are.
 */
class FullTable final : public QTableWidget
{
    Q_OBJECT

public:
    /** NAME: the object name; ACCESSIBLE: what a screen reader calls it. */
    FullTable(const QString &name, const QString &accessible, QWidget *parent = nullptr);

    /** Shows TABLE: its headers (long ones on two lines) and every row. */
    void setTable(const Narration::Table &table);
    /** The height that shows every row and the header. */
    int fullHeight() const;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    /** The table as CSV (RFC 4180), headers first. */
    QString csv() const;

protected:
    void resizeEvent(QResizeEvent *event) override;
};

} // namespace Startup
