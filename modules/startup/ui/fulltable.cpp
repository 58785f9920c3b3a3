// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "fulltable.h"

#include <kit/fittable.h>
#include <kit/typography.h>

#include <QHeaderView>
#include <QScrollBar>

namespace Startup {

using namespace Kit;

namespace {

QString quote(QString cell)
{
    if (cell.contains(QLatin1Char(',')) || cell.contains(QLatin1Char('"'))
        || cell.contains(QLatin1Char('\n'))) {
        cell.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        cell = QLatin1Char('"') + cell + QLatin1Char('"');
    }
    return cell;
}

} // namespace

FullTable::FullTable(const QString &name, const QString &accessible, QWidget *parent)
    : QTableWidget(parent)
{
    setObjectName(name);
    setAccessibleName(accessible);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    verticalHeader()->hide();
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Minimum);
    // A column that takes a new width wraps its cells anew: the rows' heights follow, then the
    // table's (once the header is done resizing).
    connect(
        horizontalHeader(),
        &QHeaderView::sectionResized,
        this,
        [this] {
            resizeRowsToContents();
            updateGeometry();
        },
        Qt::QueuedConnection);
}

void FullTable::setTable(const Narration::Table &table)
{
    clear();
    setRowCount(0);
    if (table.headers.isEmpty()) {
        setColumnCount(0);
        updateGeometry();
        return;
    }
    FitTable::setUp(this, table.headers);
    setRowCount(int(table.rows.size()));
    for (int r = 0; r < int(table.rows.size()); ++r) {
        const QStringList &cells = table.rows.at(r);
        for (int c = 0; c < int(cells.size()) && c < columnCount(); ++c) {
            auto *cell = new QTableWidgetItem(bindUnits(cells.at(c)));
            if (r == table.chosen) {
                QFont bold = font();
                bold.setBold(true);
                cell->setFont(bold);
            }
            setItem(r, c, cell);
        }
    }
    FitTable::fitWidth(this);
    resizeRowsToContents();
    updateGeometry();
}

int FullTable::fullHeight() const
{
    int height = horizontalHeader()->isHidden() ? 0 : horizontalHeader()->sizeHint().height();
    for (int r = 0; r < rowCount(); ++r)
        height += rowHeight(r);
    if (horizontalScrollBar()->isVisible())
        height += horizontalScrollBar()->sizeHint().height();
    return height + 2 * frameWidth();
}

QSize FullTable::sizeHint() const
{
    return {QTableWidget::sizeHint().width(), fullHeight()};
}

QSize FullTable::minimumSizeHint() const
{
    return {QTableWidget::minimumSizeHint().width(), fullHeight()};
}

QString FullTable::csv() const
{
    QStringList header;
    for (int c = 0; c < columnCount(); ++c)
        header.append(
            quote(horizontalHeaderItem(c)->text().replace(QLatin1Char('\n'), QLatin1Char(' '))));
    QString text = header.join(QLatin1Char(',')) + QLatin1Char('\n');
    for (int r = 0; r < rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < columnCount(); ++c)
            // As written in the result: plain spaces (the no-break ones are for the screen).
            cells.append(quote(item(r, c) ? item(r, c)
                                                ->text()
                                                .replace(QLatin1Char('\n'), QLatin1Char(' '))
                                                .replace(QChar(0x00a0), QLatin1Char(' '))
                                          : QString()));
        text += cells.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return text;
}

void FullTable::resizeEvent(QResizeEvent *event)
{
    QTableWidget::resizeEvent(event);
    // A new width shares the columns out anew and wraps the cells: the rows' heights, and so
    // the table's, follow.
    const int before = fullHeight();
    FitTable::fitWidth(this);
    resizeRowsToContents();
    if (fullHeight() != before || height() < fullHeight())
        updateGeometry();
}

} // namespace Startup
