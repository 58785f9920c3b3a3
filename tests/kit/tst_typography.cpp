// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include <kit/typography.h>

#include <QTest>

class TestTypography : public QObject
{
    Q_OBJECT

private slots:
    void bindsUnits_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("bound");
        const QString nb(QChar(0x00a0));
        QTest::newRow("share") << QStringLiteral("1749 of 16543 (10.6 %)")
                               << QStringLiteral("1749") + nb + QStringLiteral("of 16543") + nb
                                      + QStringLiteral("(10.6") + nb + QStringLiteral("%)");
        QTest::newRow("seconds") << QStringLiteral("polling 28.505 s, push 0.050 s;")
                                 << QStringLiteral("polling 28.505") + nb
                                        + QStringLiteral("s, push 0.050") + nb
                                        + QStringLiteral("s;");
        QTest::newRow("ms at the end") << QStringLiteral("took 41 ms")
                                       << QStringLiteral("took 41") + nb + QStringLiteral("ms");
        QTest::newRow("what it counts")
            << QStringLiteral("3 runs, 2 slots")
            << QStringLiteral("3") + nb + QStringLiteral("runs, 2") + nb + QStringLiteral("slots");
        QTest::newRow("at the end of a line")
            << QStringLiteral("after 3\nruns") << QStringLiteral("after 3\nruns");
        QTest::newRow("no number")
            << QStringLiteral("a % sign, s and ms") << QStringLiteral("a % sign, s and ms");
        QTest::newRow("two spaces kept") << QStringLiteral("5  %") << QStringLiteral("5  %");
        QTest::newRow("every one")
            << QStringLiteral("1 %\n2 %")
            << QStringLiteral("1") + nb + QStringLiteral("%\n2") + nb + QStringLiteral("%");
    }
    void bindsUnits()
    {
        QFETCH(QString, text);
        QFETCH(QString, bound);
        QCOMPARE(Kit::bindUnits(text), bound);
    }

    void longWordsGetPlacesToBreak_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("longer");
        QTest::addColumn<QString>("broken");
        const QString zw(QChar(0x200B));
        QTest::newRow("a long word")
            << QStringLiteral("<function Innocent.__reduce__>") << 8
            << QStringLiteral("<function Innocent.") + zw + QStringLiteral("__reduce__>");
        QTest::newRow("short words kept")
            << QStringLiteral("a.b c.d") << 8 << QStringLiteral("a.b c.d");
        QTest::newRow("calls and lists")
            << QStringLiteral("Post.objects.filter(author=user)") << 30
            << QStringLiteral("Post.") + zw + QStringLiteral("objects.") + zw
                   + QStringLiteral("filter(") + zw + QStringLiteral("author=user)");
    }
    void longWordsGetPlacesToBreak()
    {
        QFETCH(QString, text);
        QFETCH(int, longer);
        QFETCH(QString, broken);
        QCOMPARE(Kit::breakableWords(text, longer), broken);
        QCOMPARE(Kit::breakableWords(text, longer).remove(QChar(0x200B)), text);
    }
};

QTEST_GUILESS_MAIN(TestTypography)
#include "tst_typography.moc"
