// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "fittable.h"

#include <QHeaderView>
#include <QTableWidget>

#include <cstdlib>

namespace Kit {

namespace FitTable {

QString twoLines(const QString &header)
{
    constexpr int Long = 12; // characters: shorter headers are as narrow as their numbers
    if (header.size() < Long)
        return header;
    const int middle = int(header.size()) / 2;
    int best = -1;
    for (int i = 0; i < header.size(); ++i) {
        if (header.at(i) == QLatin1Char(' ')
            && (best < 0 || std::abs(i - middle) < std::abs(best - middle)))
            best = i;
    }
    if (best < 0)
        return header;
    QString broken = header;
    broken[best] = QLatin1Char('\n');
    return broken;
}

void setUp(QTableWidget *table, const QStringList &headers)
{
    QStringList labels;
    for (const QString &h : headers)
        labels.append(twoLines(h));
    table->setColumnCount(int(labels.size()));
    table->setHorizontalHeaderLabels(labels);
    table->setWordWrap(true);
    QHeaderView *columns = table->horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::ResizeToContents);
    columns->setSectionResizeMode(0, QHeaderView::Stretch);
    columns->setStretchLastSection(false);
    // The first column wraps between words, never inside one ("coroutines", "processes").
    columns->setMinimumSectionSize(
        table->fontMetrics().horizontalAdvance(QStringLiteral("coroutines")) + 12);
    table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
}

} // namespace FitTable

} // namespace Kit
