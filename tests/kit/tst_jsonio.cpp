// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include <kit/jsonio.h>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Kit;

class TestJsonIo : public QObject
{
    Q_OBJECT

private slots:
    void lineAndColumn_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("offset");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::newRow("start") << QByteArray("{}") << 0 << 1 << 1;
        QTest::newRow("first line") << QByteArray("{\"a\": 1}") << 5 << 1 << 6;
        QTest::newRow("third line") << QByteArray("{\n  \"a\": 1,\n  \"b\" 2\n}") << 18 << 3 << 7;
        QTest::newRow("past the end") << QByteArray("ab\ncd") << 99 << 2 << 3;
    }

    void lineAndColumn()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, offset);
        QFETCH(int, line);
        QFETCH(int, column);
        const auto [l, c] = JsonIo::lineAndColumn(text, offset);
        QCOMPARE(l, line);
        QCOMPARE(c, column);
    }

    void parseErrorsNameSourceAndLine_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expectedPrefix");
        QTest::newRow("missing colon")
            << QByteArray("{\n  \"seed\" 42\n}") << QStringLiteral("scenario.json:2:");
        QTest::newRow("not an object")
            << QByteArray("[1, 2]") << QStringLiteral("scenario.json:1:1: expected a JSON object");
        QTest::newRow("empty") << QByteArray("")
                               << QStringLiteral("scenario.json: the file is empty");
        QTest::newRow("duplicate key")
            << QByteArray("{\"a\": 1,\n \"b\": {\"c\": 1, \"c\": 2}}")
            << QStringLiteral("scenario.json:2:16: key \"c\" appears twice");
    }

    void parseErrorsNameSourceAndLine()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expectedPrefix);
        QString error;
        QVERIFY(!JsonIo::parseObject(text, QStringLiteral("scenario.json"), &error));
        QVERIFY2(error.startsWith(expectedPrefix), qPrintable(error));
    }

    void syntaxErrorsSayWhatToDo_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("hint");
        QTest::newRow("comment") << QByteArray("{\"model\":\"mmc\", // the queue\n\"seed\":1}")
                                 << QStringLiteral("JSON has no comments");
        QTest::newRow("block comment")
            << QByteArray("{\"a\":1, /* why */ \"b\":2}") << QStringLiteral("JSON has no comments");
        QTest::newRow("NaN") << QByteArray("{\"rate\":NaN,\"seed\":1}")
                             << QStringLiteral("JSON has no NaN");
        QTest::newRow("Infinity") << QByteArray("{\"rate\":Infinity}")
                                  << QStringLiteral("JSON has no Infinity");
        QTest::newRow("too large") << QByteArray("{\"rate\":1e999,\"seed\":1}")
                                   << QStringLiteral("1e999 is too large for a number");
        QTest::newRow("single quotes")
            << QByteArray("{'model':'mmc'}") << QStringLiteral("double quotes");
        QTest::newRow("trailing comma")
            << QByteArray("{\"a\":1,\"b\":2,}") << QStringLiteral("a comma just before");
        QTest::newRow("trailing comma in a list")
            << QByteArray("{\"a\":[1,2,\n]}") << QStringLiteral("a comma just before");
        QTest::newRow("cut short")
            << QByteArray("{\"a\":1,\"b\":2") << QStringLiteral("the file ends too early");
        QTest::newRow("UTF-16") << QByteArray("\xff\xfe{\0\"\0a\0\"\0:\x001\0}\0", 16)
                                << QStringLiteral("save it as UTF-8");
        QTest::newRow("missing comma")
            << QByteArray("{\"a\":1\n \"b\":2}") << QStringLiteral("look for a missing comma");
    }

    void syntaxErrorsSayWhatToDo()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, hint);
        QString error;
        QVERIFY(!JsonIo::parseObject(text, QStringLiteral("scenario.json"), &error));
        QVERIFY2(error.startsWith(QStringLiteral("scenario.json:")), qPrintable(error));
        QVERIFY2(error.contains(hint), qPrintable(error));
    }

    void duplicateKeysAreFoundWhereverTheyAre_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("key");
        QTest::newRow("none") << QByteArray(R"({"a": 1, "b": [{"a": 2}, {"a": 3}]})") << QString();
        QTest::newRow("top") << QByteArray(R"({"a": 1, "a": 2})") << QStringLiteral("a");
        QTest::newRow("in a list")
            << QByteArray(R"({"l": [{"x": 1, "x": 1}]})") << QStringLiteral("x");
        QTest::newRow("a value that looks like a key")
            << QByteArray("{\"a\": \"a\", \"b\": \"\\\"a\\\"\"}") << QString();
    }

    void duplicateKeysAreFoundWhereverTheyAre()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, key);
        const auto found = JsonIo::findDuplicateKey(text);
        QCOMPARE(found ? found->first : QString(), key);
    }

    void excerptsNeverEchoAHugeValue()
    {
        const QString huge(5000000, QLatin1Char('x'));
        QVERIFY(JsonIo::excerpt(huge).size() < 50);
        QCOMPARE(JsonIo::excerpt(QJsonValue(5)), QStringLiteral("5"));
        QCOMPARE(JsonIo::excerpt(QJsonValue()), QStringLiteral("null"));
        QCOMPARE(JsonIo::excerpt(QJsonValue(true)), QStringLiteral("true"));
    }

    void anEndlessFileIsRefusedAtTheLimit()
    {
        QString error;
        QVERIFY(!JsonIo::readFile(QStringLiteral("/dev/zero"), &error, 1 << 16));
        QVERIFY2(error.contains(QStringLiteral("/dev/zero"))
                     && error.contains(QStringLiteral("larger than")),
                 qPrintable(error));
    }

    void parsesAnObject()
    {
        QString error;
        const auto object = JsonIo::parseObject("{\"seed\": 42}", QStringLiteral("x"), &error);
        QVERIFY(object);
        QCOMPARE(object->value(QStringLiteral("seed")).toInt(), 42);
    }

    void writesAtomicallyAndReadsBack()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("state.json"));
        QString error;
        QVERIFY(JsonIo::writeObjectFile(path, {{QStringLiteral("a"), 1}}, &error));
        QVERIFY(JsonIo::writeObjectFile(path, {{QStringLiteral("a"), 2}}, &error));
        const auto back = JsonIo::readObjectFile(path, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->value(QStringLiteral("a")).toInt(), 2);
    }

    void failedWriteNamesTheFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("missing-folder/state.json"));
        QString error;
        QVERIFY(!JsonIo::writeObjectFile(path, {{QStringLiteral("a"), 1}}, &error));
        QVERIFY2(error.startsWith(path), qPrintable(error));
    }

    void unreadableFileIsNamed()
    {
        QString error;
        QVERIFY(!JsonIo::readObjectFile(QStringLiteral("/nonexistent/x.json"), &error));
        QVERIFY2(error.startsWith(QStringLiteral("/nonexistent/x.json: cannot read")),
                 qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestJsonIo)
#include "tst_jsonio.moc"
