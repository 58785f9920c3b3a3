// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// CSV as RFC 4180 writes it: quoted when a field has a comma, a quote or a line break.

#include <scheduler/csv.h>

#include <QTest>

using namespace Scheduler;

class TestCsv : public QObject
{
    Q_OBJECT

private slots:
    void field_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("written");
        const auto row = [](const char *name, const QString &field, const QString &written) {
            QTest::newRow(name) << field << written;
        };
        row("plain", QStringLiteral("threads"), QStringLiteral("threads"));
        row("empty", QString(), QString());
        row("number", QStringLiteral("12.5"), QStringLiteral("12.5"));
        row("spaces kept", QStringLiteral(" two words "), QStringLiteral(" two words "));
        row("comma", QStringLiteral("a,b.py"), QStringLiteral("\"a,b.py\""));
        row("quote", QStringLiteral("say \"hi\".py"), QStringLiteral("\"say \"\"hi\"\".py\""));
        row("only a quote", QStringLiteral("\""), QStringLiteral("\"\"\"\""));
        row("newline", QStringLiteral("two\nlines"), QStringLiteral("\"two\nlines\""));
        row("carriage return", QStringLiteral("a\rb"), QStringLiteral("\"a\rb\""));
        row("crlf", QStringLiteral("a\r\nb"), QStringLiteral("\"a\r\nb\""));
        row("everything", QStringLiteral("\"x\", y\nz"), QStringLiteral("\"\"\"x\"\", y\nz\""));
        row("not ascii", QStringLiteral("fil_é–😀.py"), QStringLiteral("fil_é–😀.py"));
        row("semicolon and tab", QStringLiteral("a;b\tc"), QStringLiteral("a;b\tc"));
    }

    void field()
    {
        QFETCH(QString, field);
        QFETCH(QString, written);
        QCOMPARE(Csv::field(field), written);
    }

    void record_data()
    {
        QTest::addColumn<QStringList>("fields");
        QTest::addColumn<QString>("written");
        QTest::newRow("one") << QStringList{QStringLiteral("a")} << QStringLiteral("a\r\n");
        QTest::newRow("empty fields")
            << QStringList{QString(), QString()} << QStringLiteral(",\r\n");
        QTest::newRow("mixed") << QStringList{QStringLiteral("gil"),
                                              QStringLiteral("a,b"),
                                              QStringLiteral("2")}
                               << QStringLiteral("gil,\"a,b\",2\r\n");
        QTest::newRow("quoted line break")
            << QStringList{QStringLiteral("x\ny"), QStringLiteral("z")}
            << QStringLiteral("\"x\ny\",z\r\n");
    }

    void record()
    {
        QFETCH(QStringList, fields);
        QFETCH(QString, written);
        QCOMPARE(Csv::record(fields), written);
    }
};

QTEST_GUILESS_MAIN(TestCsv)
#include "tst_csv.moc"
