// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QString>
#include <QStringList>

class QTableWidget;

namespace Kit {

/**
 * Tables of results that read in a narrow column at a large zoom: the numbers keep the width they
 * need, the first column (what each row is) takes the rest and wraps, long headers take two
 * lines. Whatever still does not fit scrolls sideways, the results first.
 */
namespace FitTable {

/** HEADER on two lines, broken at the space nearest its middle, when it is long. */
QString twoLines(const QString &header);
/** Sets HEADERS (long ones on two lines) and the fitting column and row sizes on TABLE. */
void setUp(QTableWidget *table, const QStringList &headers);
/**
 * Fits TABLE (set up by setUp()) to its width again: while every column's contents fit side by
 * side, each number keeps its width and the first column takes the rest; when they do not (a
 * large zoom, a presenter's stage), each column keeps its longest word and the rest of the width
 * is shared out by what each column lacks, so cells wrap between words instead of the table
 * being cut at the right. Call it when the table's width or contents change.
 */
void fitWidth(QTableWidget *table);

} // namespace FitTable

} // namespace Kit
