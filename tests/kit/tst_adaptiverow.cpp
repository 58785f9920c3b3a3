// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// AdaptiveRow: side by side when there is room for each, one under the other when there is not.

#include <kit/adaptiverow.h>

#include <QLabel>
#include <QTest>

using namespace Kit;

class TestAdaptiveRow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void arrangesByWidth_data()
    {
        QTest::addColumn<int>("lines"); // the row's width in font heights
        QTest::addColumn<bool>("sideBySide");
        QTest::newRow("room for both") << 45 << true;
        QTest::newRow("exactly") << 40 << true;
        QTest::newRow("too narrow") << 30 << false;
    }

    void arrangesByWidth()
    {
        QFETCH(int, lines);
        QFETCH(bool, sideBySide);
        AdaptiveRow row(20);
        auto *left = new QLabel(QStringLiteral("left"));
        auto *right = new QLabel(QStringLiteral("right"));
        row.addWidget(left);
        row.addWidget(right);
        row.resize(lines * row.fontMetrics().height() + 2, 300);
        row.show();
        QVERIFY(QTest::qWaitForWindowExposed(&row));
        QCOMPARE(row.isSideBySide(), sideBySide);
        QCOMPARE(left->y() == right->y(), sideBySide);
        QCOMPARE(left->x() == right->x(), !sideBySide);
    }

    void aLargerFontStacksTheRow()
    {
        AdaptiveRow row(20);
        row.addWidget(new QLabel(QStringLiteral("a")));
        row.addWidget(new QLabel(QStringLiteral("b")));
        row.resize(45 * row.fontMetrics().height(), 300);
        row.show();
        QVERIFY(QTest::qWaitForWindowExposed(&row));
        QVERIFY(row.isSideBySide());
        QFont big = row.font();
        big.setPointSizeF(big.pointSizeF() * 2);
        row.setFont(big);
        QVERIFY(!row.isSideBySide());
    }
};

QTEST_MAIN(TestAdaptiveRow)
#include "tst_adaptiverow.moc"
