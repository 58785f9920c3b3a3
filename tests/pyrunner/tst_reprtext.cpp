// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// How the class tracer shortens what it shows of a value, and which names Python puts in a
// class namespace by itself: in process.

#include <pyrunner/reprtext.h>

#include <QTest>

using namespace PyRunner;

class TestReprText : public QObject
{
    Q_OBJECT

private slots:
    void cut_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("shown");
        QTest::newRow("short") << QStringLiteral("42") << QStringLiteral("42");
        QTest::newRow("address") << QStringLiteral("<object object at 0x7f3a2c1b0e40>")
                                 << QStringLiteral("<object object>");
        QTest::newRow("two addresses")
            << QStringLiteral("<a at 0xABCDEF> and <b at 0x1>") << QStringLiteral("<a> and <b>");
        QTest::newRow("80 exactly")
            << QString(80, QLatin1Char('x')) << QString(80, QLatin1Char('x'));
        QTest::newRow("81") << QString(81, QLatin1Char('x'))
                            << QString(79, QLatin1Char('x')) + QChar(0x2026);
        QTest::newRow("not an address")
            << QStringLiteral("at 0x12 apart") << QStringLiteral("at 0x12 apart");
    }

    void cut()
    {
        QFETCH(QString, text);
        QFETCH(QString, shown);
        QCOMPARE(PyRunner::cut(text), shown);
        QVERIFY(PyRunner::cut(text).size() <= 80);
    }

    void implicitNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("implicit");
        for (const char *name :
             {"__module__", "__qualname__", "__classcell__", "__doc__", "__annotations__"})
            QTest::newRow(name) << QString::fromLatin1(name) << true;
        for (const char *name : {"__init__", "__slots__", "name", "module", "__module"})
            QTest::newRow(name) << QString::fromLatin1(name) << false;
    }

    void implicitNames()
    {
        QFETCH(QString, name);
        QFETCH(bool, implicit);
        QCOMPARE(isImplicitName(name), implicit);
    }
};

QTEST_GUILESS_MAIN(TestReprText)
#include "tst_reprtext.moc"
