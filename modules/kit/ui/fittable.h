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

} // namespace FitTable

} // namespace Kit
