// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Ink: the colours for meaning made readable on any background.

#include <kit/appearance.h>
#include <kit/ink.h>

#include <QApplication>
#include <QTest>

using namespace Kit;

class TestInk : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void contrastFollowsWcag_data()
    {
        QTest::addColumn<QColor>("a");
        QTest::addColumn<QColor>("b");
        QTest::addColumn<double>("ratio");
        QTest::newRow("black on white") << QColor(Qt::black) << QColor(Qt::white) << 21.0;
        QTest::newRow("same") << QColor(0x80, 0x80, 0x80) << QColor(0x80, 0x80, 0x80) << 1.0;
        QTest::newRow("order does not matter") << QColor(Qt::white) << QColor(Qt::black) << 21.0;
        QTest::newRow("#767676 on white") << QColor(0x76, 0x76, 0x76) << QColor(Qt::white) << 4.54;
    }

    void contrastFollowsWcag()
    {
        QFETCH(QColor, a);
        QFETCH(QColor, b);
        QFETCH(double, ratio);
        QVERIFY2(std::abs(Ink::contrast(a, b) - ratio) < 0.01,
                 qPrintable(QString::number(Ink::contrast(a, b))));
    }

    void seriesStandOutOnEveryBackground_data()
    {
        QTest::addColumn<QColor>("background");
        QTest::newRow("white") << QColor(Qt::white);
        QTest::newRow("light grey") << QColor(0xef, 0xef, 0xef);
        QTest::newRow("dark base") << QColor(0x1c, 0x1e, 0x22);
        QTest::newRow("black") << QColor(Qt::black);
        QTest::newRow("mid grey") << QColor(0x77, 0x77, 0x77);
    }

    void seriesStandOutOnEveryBackground()
    {
        QFETCH(QColor, background);
        for (int i = 0; i < 8; ++i)
            QVERIFY2(Ink::contrast(Ink::series(i, background), background) >= Ink::Graphics,
                     qPrintable(QStringLiteral("series %1").arg(i)));
        for (const double minimum : {Ink::Graphics, Ink::Text}) {
            const QColor yellow = Ink::atLeast(QColor(0xf0, 0xe4, 0x42), background, minimum);
            QVERIFY(Ink::contrast(yellow, background) >= minimum);
        }
    }

    void aColourThatAlreadyReadsIsKept()
    {
        const QColor blue(0x00, 0x40, 0xa0);
        QCOMPARE(Ink::atLeast(blue, Qt::white), blue);
    }

    void textOnAFillReads_data()
    {
        QTest::addColumn<QColor>("fill");
        for (const QColor &fill : {QColor(0xff, 0xc8, 0x3d),
                                   QColor(0x00, 0x9e, 0x73),
                                   QColor(0x2f, 0x6b, 0xd0),
                                   QColor(0x33, 0x33, 0x33),
                                   QColor(0xee, 0xee, 0xee)})
            QTest::newRow(qPrintable(fill.name())) << fill;
    }

    void textOnAFillReads()
    {
        QFETCH(QColor, fill);
        for (const auto theme : {Appearance::Theme::Light, Appearance::Theme::Dark}) {
            const QPalette palette = Appearance::instance()->paletteFor(theme);
            QVERIFY(Ink::contrast(Ink::textOn(fill, palette), fill) >= Ink::Text);
        }
    }

    void thePalettesReadAsTheySay()
    {
        for (const auto theme : {Appearance::Theme::Light, Appearance::Theme::Dark}) {
            const QPalette p = Appearance::instance()->paletteFor(theme);
            QCOMPARE(Ink::isDark(p), theme == Appearance::Theme::Dark);
            QVERIFY(Ink::contrast(p.color(QPalette::Text), p.color(QPalette::Base)) >= Ink::Text);
            QVERIFY(Ink::contrast(p.color(QPalette::PlaceholderText), p.color(QPalette::Base))
                    >= Ink::Text);
            QVERIFY(Ink::contrast(p.color(QPalette::HighlightedText), p.color(QPalette::Highlight))
                    >= Ink::Text);
            QVERIFY(Ink::contrast(p.color(QPalette::ButtonText), p.color(QPalette::Button))
                    >= Ink::Text);
        }
    }
};

QTEST_MAIN(TestInk)
#include "tst_ink.moc"
