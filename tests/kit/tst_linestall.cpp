// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// keepLinesTall: a widget reserves lines of its own font, and keeps doing so as the font changes.

#include <kit/linestall.h>

#include <QFontMetricsF>
#include <QLabel>
#include <QTest>
#include <QVBoxLayout>

#include <cmath>

using namespace Kit;

namespace {

int expected(const QFont &font, double lines)
{
    return int(std::ceil(QFontMetricsF(font).lineSpacing() * lines));
}

} // namespace

class TestLinesTall : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsTheFont_data()
    {
        QTest::addColumn<double>("lines");
        QTest::addColumn<double>("zoom");
        QTest::newRow("three lines, twice the size") << 3.0 << 2.0;
        QTest::newRow("two lines, the room's zoom") << 2.0 << 1.75;
        QTest::newRow("one and a half lines, smaller") << 1.5 << 0.75;
    }

    void followsTheFont()
    {
        QFETCH(double, lines);
        QFETCH(double, zoom);
        QLabel label(QStringLiteral("words"));
        keepLinesTall(&label, lines);
        QCOMPARE(label.minimumHeight(), expected(label.font(), lines));
        QFont bigger = label.font();
        bigger.setPointSizeF(bigger.pointSizeF() * zoom);
        label.setFont(bigger);
        QCOMPARE(label.minimumHeight(), expected(bigger, lines));
        QVERIFY(label.minimumHeight() != expected(QFont(), lines) || zoom == 1.0);
    }

    void followsAFontSetOnAParent()
    {
        // Presenter mode sets the room's font on its window, not on each widget.
        QWidget window;
        auto *column = new QVBoxLayout(&window);
        auto *label = new QLabel(QStringLiteral("narration"));
        column->addWidget(label);
        keepLinesTall(label, 3);
        const int before = label->minimumHeight();
        QFont room = window.font();
        room.setPointSizeF(room.pointSizeF() * 2);
        window.setFont(room);
        QCOMPARE(label->minimumHeight(), expected(label->font(), 3));
        QVERIFY(label->minimumHeight() > before * 3 / 2);
    }

    void callingAgainReplacesTheLines()
    {
        QLabel label;
        keepLinesTall(&label, 2);
        keepLinesTall(&label, 4);
        QCOMPARE(label.minimumHeight(), expected(label.font(), 4));
        QCOMPARE(label.findChildren<QObject *>(QStringLiteral("kit.linesTall")).size(), 1);
        QFont bigger = label.font();
        bigger.setPointSizeF(bigger.pointSizeF() * 2);
        label.setFont(bigger);
        QCOMPARE(label.minimumHeight(), expected(bigger, 4));
    }
};

QTEST_MAIN(TestLinesTall)
#include "tst_linestall.moc"
