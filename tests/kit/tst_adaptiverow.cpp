// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// AdaptiveRow: side by side when there is room for each, one under the other when there is not.

#include <kit/adaptiverow.h>

#include <QLabel>
#include <QLayout>
#include <QPushButton>
#include <QTest>
#include <QVBoxLayout>

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

    void aRowSideBySideIsOneItemTall()
    {
        // In a column, a row of three buttons side by side takes one button's height, not the
        // three it takes stacked (no empty bands above and below it).
        QWidget page;
        auto *column = new QVBoxLayout(&page);
        auto *row = new AdaptiveRow(5);
        QList<QPushButton *> buttons;
        for (const char *text : {"Run", "Beside", "Compare"}) {
            buttons.append(new QPushButton(QString::fromLatin1(text)));
            row->addWidget(buttons.last());
        }
        column->addWidget(row);
        auto *below = new QLabel(QStringLiteral("below"));
        column->addWidget(below, 1);
        const int line = page.fontMetrics().height();
        const int button = buttons.first()->sizeHint().height();
        page.resize(40 * line, 30 * line);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTRY_VERIFY(row->isSideBySide());
        QVERIFY2(row->height() >= button && row->height() < 2 * button,
                 qPrintable(QString::number(row->height())));
        QCOMPARE(row->minimumSizeHint().height(), button);
        // Narrower, it stacks and asks for the three buttons' height.
        page.resize(12 * line, 30 * line);
        QTRY_VERIFY(!row->isSideBySide());
        QTRY_VERIFY(row->height() >= 3 * button);
        for (QPushButton *b : std::as_const(buttons))
            QVERIFY(b->height() >= b->minimumSizeHint().height());
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

    void aHiddenItemTakesNoRoom()
    {
        // A plot taken off a presenter's stage: the other has the row's width, and the stacked
        // row asks for one item's height, not two.
        QWidget page;
        auto *column = new QVBoxLayout(&page);
        auto *row = new AdaptiveRow(20);
        auto *kept = new QPushButton(QStringLiteral("kept"));
        auto *hidden = new QPushButton(QStringLiteral("hidden"));
        row->addWidget(kept);
        row->addWidget(hidden);
        column->addWidget(row);
        column->addStretch(1);
        const int line = page.fontMetrics().height();
        page.resize(30 * line, 30 * line); // too narrow for two, wide enough for one
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTRY_VERIFY(!row->isSideBySide());
        const int button = kept->minimumSizeHint().height();
        QVERIFY(row->minimumSizeHint().height() >= 2 * button);
        hidden->hide();
        QTRY_VERIFY(row->isSideBySide());
        QTRY_COMPARE(row->minimumSizeHint().height(), button);
        QTRY_VERIFY(kept->width() > 25 * line);
        hidden->show();
        QTRY_VERIFY(!row->isSideBySide());
    }
};

QTEST_MAIN(TestAdaptiveRow)
#include "tst_adaptiverow.moc"
