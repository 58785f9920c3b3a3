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

    void tooNarrowForTheNumbersEveryColumnWrapsBetweenWords()
    {
        // A presenter's stage at the room's zoom: the numbers' columns do not all fit whole.
        // Every column keeps its longest word and its header's longest line, the row fills the
        // width exactly, and the long cells wrap instead of the table being cut at the right.
        QTableWidget table;
        FitTable::setUp(&table,
                        {QStringLiteral("delivery"),
                         QStringLiteral("latency p50 (s)"),
                         QStringLiteral("open connections (count)"),
                         QStringLiteral("missed notifications (of those due)")});
        table.setRowCount(2);
        const QList<QStringList> rows{
            {QStringLiteral("polling every thirty seconds from every browser"),
             QStringLiteral("14.880"),
             QStringLiteral("0"),
             QStringLiteral("1749 of 16543 (10.6 %)")},
            {QStringLiteral("long polling held open by Tornado"),
             QStringLiteral("0.050"),
             QStringLiteral("637.3"),
             QStringLiteral("1749 of 16543 (10.6 %)")}};
        for (int r = 0; r < rows.size(); ++r) {
            for (int c = 0; c < rows.at(r).size(); ++c)
                table.setItem(r, c, new QTableWidgetItem(rows.at(r).at(c)));
        }
        const QFontMetrics metrics = table.fontMetrics();
        QFont boldHeader = table.horizontalHeader()->font();
        boldHeader.setBold(true); // as fitWidth measures a header (a selected column's is bold)
        const QFontMetrics headerMetrics(boldHeader);
        // Each column whole, and at its least (its longest header line or word), roughly.
        int natural = 0;
        int least = 0;
        for (int c = 0; c < table.columnCount(); ++c) {
            int whole = 0;
            int word = 0;
            for (const QString &line : table.horizontalHeaderItem(c)->text().split(u'\n')) {
                whole = std::max(whole, headerMetrics.horizontalAdvance(line));
                word = std::max(word, headerMetrics.horizontalAdvance(line));
            }
            for (const QStringList &row : rows) {
                whole = std::max(whole, metrics.horizontalAdvance(row.at(c)));
                for (const QString &w : row.at(c).split(u' '))
                    word = std::max(word, metrics.horizontalAdvance(w));
            }
            natural += whole + 20;
            least += word + 20;
        }
        QVERIFY(least < natural);
        table.resize((natural + least) / 2 + 4, 400);
        table.show();
        QVERIFY(QTest::qWaitForWindowExposed(&table));
        FitTable::fitWidth(&table);
        QTRY_VERIFY(table.horizontalHeader()->sectionResizeMode(3) == QHeaderView::Fixed);
        int used = 0;
        for (int c = 0; c < table.columnCount(); ++c)
            used += table.columnWidth(c);
        QVERIFY2(std::abs(used - table.viewport()->width()) <= 1,
                 qPrintable(QStringLiteral("%1 of %2").arg(used).arg(table.viewport()->width())));
        for (int c = 0; c < table.columnCount(); ++c) {
            for (const QString &line : table.horizontalHeaderItem(c)->text().split(u'\n'))
                QVERIFY2(table.columnWidth(c) >= headerMetrics.horizontalAdvance(line),
                         qPrintable(line));
            for (const QStringList &row : rows) {
                for (const QString &word : row.at(c).split(u' '))
                    QVERIFY2(table.columnWidth(c) >= metrics.horizontalAdvance(word),
                             qPrintable(word));
            }
        }
        // A cell wider than its column wraps (its row takes two lines or more), not cut.
        bool wrapped = false;
        for (int r = 0; r < rows.size(); ++r) {
            for (int c = 0; c < table.columnCount(); ++c) {
                if (metrics.horizontalAdvance(rows.at(r).at(c)) > table.columnWidth(c)) {
                    QVERIFY(table.rowHeight(r) >= 2 * metrics.lineSpacing());
                    wrapped = true;
                }
            }
        }
        QVERIFY(wrapped); // something had to give: the width is short of every column whole
        // Wide again: the numbers whole and the first column the rest, as set up.
        table.resize(natural * 2, 400);
        QTRY_COMPARE(table.horizontalHeader()->sectionResizeMode(0), QHeaderView::Stretch);
        QTRY_VERIFY(table.rowHeight(0) < 2 * metrics.lineSpacing());
    }

    void tooNarrowEvenSmallerHeadersTakeTwoLines()
    {
        // A dozen short columns of numbers on a stage: their one-line headers alone are wider
        // than the table even at the smallest text, so each header of two words takes two
        // lines; wide again, they are on one line as set up.
        QWidget holder;
        auto *table = new QTableWidget(&holder);
        QStringList headers;
        for (int c = 0; c < 12; ++c)
            headers.append(QStringLiteral("wait %1 ms").arg(c));
        FitTable::setUp(table, headers);
        table->setRowCount(1);
        for (int c = 0; c < 12; ++c)
            table->setItem(0, c, new QTableWidgetItem(QStringLiteral("1.0")));
        QFont bold = table->horizontalHeader()->font();
        bold.setBold(true);
        const int oneLine = QFontMetrics(bold).horizontalAdvance(headers.first());
        // Narrower than 70 % of the one-line headers, wider than their longest words.
        table->resize(int(12 * oneLine * 0.55), 300);
        holder.show();
        QVERIFY(QTest::qWaitForWindowExposed(&holder));
        FitTable::fitWidth(table);
        QTRY_VERIFY(table->horizontalHeaderItem(0)->text().contains(u'\n'));
        for (int c = 0; c < 12; ++c)
            QCOMPARE(table->horizontalHeaderItem(c)->text().count(u'\n'), 1);
        table->resize(12 * oneLine * 3, 300);
        FitTable::fitWidth(table);
        QTRY_COMPARE(table->horizontalHeaderItem(0)->text(), headers.first());
    }
};

QTEST_MAIN(TestFitTable)
#include "tst_fittable.moc"
