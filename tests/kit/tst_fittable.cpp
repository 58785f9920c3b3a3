// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Tables that fit a narrow column: long headers on two lines, the first column wrapping, the
// numbers whole.
#include <kit/fittable.h>

#include <QHeaderView>
#include <QTableWidget>
#include <QTest>

using namespace Kit;

class TestFitTable : public QObject
{
    Q_OBJECT

private slots:
    void twoLines_data()
    {
        QTest::addColumn<QString>("header");
        QTest::addColumn<QString>("shown");
        QTest::newRow("short") << QStringLiteral("wall ms") << QStringLiteral("wall ms");
        QTest::newRow("one word") << QStringLiteral("transcodings")
                                  << QStringLiteral("transcodings");
        QTest::newRow("middle space")
            << QStringLiteral("missed notifications") << QStringLiteral("missed\nnotifications");
        QTest::newRow("nearest the middle")
            << QStringLiteral("switch interval ms") << QStringLiteral("switch\ninterval ms");
        QTest::newRow("three words") << QStringLiteral("other programs (cores)")
                                     << QStringLiteral("other programs\n(cores)");
    }

    void twoLines()
    {
        QFETCH(QString, header);
        QFETCH(QString, shown);
        QCOMPARE(FitTable::twoLines(header), shown);
    }

    void theNumbersFitAndTheFirstColumnWraps()
    {
        QTableWidget table;
        FitTable::setUp(&table,
                        {QStringLiteral("delivery"),
                         QStringLiteral("latency, median s"),
                         QStringLiteral("requests / s"),
                         QStringLiteral("missed notifications")});
        table.setRowCount(1);
        const QStringList cells{QStringLiteral("long polling (Tornado) with held connections"),
                                QStringLiteral("0.512"),
                                QStringLiteral("1234.5"),
                                QStringLiteral("17")};
        for (int c = 0; c < cells.size(); ++c)
            table.setItem(0, c, new QTableWidgetItem(cells.at(c)));
        table.resize(420, 300);
        table.show();
        QVERIFY(QTest::qWaitForWindowExposed(&table));
        QCOMPARE(table.columnCount(), 4);
        QCOMPARE(table.horizontalHeaderItem(3)->text(), QStringLiteral("missed\nnotifications"));
        const QFontMetrics metrics = table.fontMetrics();
        int used = 0;
        for (int c = 0; c < table.columnCount(); ++c)
            used += table.columnWidth(c);
        QVERIFY2(used <= table.viewport()->width() + 1, "the table scrolls sideways");
        for (int c = 1; c < cells.size(); ++c)
            QVERIFY(table.columnWidth(c) >= metrics.horizontalAdvance(cells.at(c)));
        // The long first cell wraps onto more lines instead of being cut.
        QVERIFY(table.columnWidth(0) < metrics.horizontalAdvance(cells.at(0)));
        QVERIFY(table.rowHeight(0) >= 2 * metrics.lineSpacing());
    }
};

QTEST_MAIN(TestFitTable)
#include "tst_fittable.moc"
