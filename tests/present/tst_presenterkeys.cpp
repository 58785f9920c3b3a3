// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The one table of presenter mode's keys: every row complete, the clicker keys where a clicker
// expects them, a key shared only where one row applies only sometimes, and docs/decks.md's
// list of keys made from the table (so the two cannot drift).

#include <present/presenterkeys.h>

#include <QFile>
#include <QMultiHash>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Present;

namespace {

const char *const ListStart = "<!-- The list of keys";
const char *const ListEnd = "<!-- End of the list of keys -->";

/** The rows KEY is a key of. */
QStringList rowsOf(const QString &key)
{
    QStringList ids;
    for (const PresenterKey &row : PresenterKeys::all()) {
        if (row.keys.contains(key))
            ids.append(row.id);
    }
    return ids;
}

} // namespace

class TestPresenterKeys : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyRowIsComplete()
    {
        static const QRegularExpression dotted(QStringLiteral("^present\\.[a-z][A-Za-z]*$"));
        QSet<QString> ids;
        for (const PresenterKey &row : PresenterKeys::all()) {
            QVERIFY2(dotted.match(row.id).hasMatch(), qPrintable(row.id));
            QVERIFY2(!ids.contains(row.id), qPrintable(row.id));
            ids.insert(row.id);
            QVERIFY(!row.text.isEmpty());
            QVERIFY(!row.description.isEmpty());
            QVERIFY(!row.keys.isEmpty());
            // A Markdown table's cell: no bar, no line break.
            for (const QString &words : {row.text, row.description, row.when})
                QVERIFY2(!words.contains(QLatin1Char('|')) && !words.contains(QLatin1Char('\n')),
                         qPrintable(words));
            QCOMPARE(PresenterKeys::find(row.id), &row);
        }
        QCOMPARE(PresenterKeys::find(QStringLiteral("present.none")), nullptr);
    }

    void clickerKeysDoWhatClickersMean_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("id");
        QTest::newRow("Page Down") << QStringLiteral("PgDown") << QStringLiteral("present.next");
        QTest::newRow("Right") << QStringLiteral("Right") << QStringLiteral("present.next");
        QTest::newRow("Space") << QStringLiteral("Space") << QStringLiteral("present.next");
        QTest::newRow("Page Up") << QStringLiteral("PgUp") << QStringLiteral("present.previous");
        QTest::newRow("Left") << QStringLiteral("Left") << QStringLiteral("present.previous");
        QTest::newRow("B") << QStringLiteral("B") << QStringLiteral("present.blackout");
        QTest::newRow("period, a clicker's blank")
            << QStringLiteral(".") << QStringLiteral("present.blackout");
        QTest::newRow("F5, a clicker's start")
            << QStringLiteral("F5") << QStringLiteral("present.start");
        QTest::newRow("Escape") << QStringLiteral("Esc") << QStringLiteral("present.leave");
    }

    void clickerKeysDoWhatClickersMean()
    {
        QFETCH(QString, key);
        QFETCH(QString, id);
        QVERIFY2(rowsOf(key).contains(id), qPrintable(rowsOf(key).join(QLatin1Char(' '))));
    }

    void aSharedKeyHasOneRowForAlways()
    {
        // Enter goes to a typed slide, or on; Escape forgets the number, uncovers, or leaves:
        // all but one of a key's rows apply only sometimes, so a press means one thing.
        QMultiHash<QString, const PresenterKey *> rows;
        for (const PresenterKey &row : PresenterKeys::all()) {
            for (const QString &key : row.keys)
                rows.insert(key, &row);
        }
        for (const QString &key : rows.uniqueKeys()) {
            int always = 0;
            for (const PresenterKey *row : rows.values(key))
                always += row->when.isEmpty() ? 1 : 0;
            QVERIFY2(always == 1, qPrintable(key));
        }
        QCOMPARE(rowsOf(QStringLiteral("Return")),
                 QStringList({QStringLiteral("present.next"), QStringLiteral("present.goTo")}));
    }

    void keysReadAsWords()
    {
        QCOMPARE(PresenterKeys::words(QStringLiteral("PgDown")), QStringLiteral("Page Down"));
        QCOMPARE(PresenterKeys::words(QStringLiteral("Esc")), QStringLiteral("Escape"));
        QCOMPARE(PresenterKeys::words(QStringLiteral("B")), QStringLiteral("B"));
        QCOMPARE(PresenterKeys::keysText(*PresenterKeys::find(QStringLiteral("present.type"))),
                 QStringLiteral("`0` … `9`"));
        QCOMPARE(PresenterKeys::keysText(*PresenterKeys::find(QStringLiteral("present.goTo"))),
                 QStringLiteral("`Enter`, `keypad Enter` (after a number)"));
        const QString brief = PresenterKeys::brief();
        QVERIFY2(brief.startsWith(QStringLiteral("Page Down: next · Page Up: back · 0–9: ")),
                 qPrintable(brief));
        QVERIFY2(brief.endsWith(QStringLiteral("Escape: leave")), qPrintable(brief));
    }

    void theDocsListTheTablesKeys()
    {
        QFile file(QStringLiteral(CURTAIN_SOURCE_DIR "/docs/decks.md"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString doc = QString::fromUtf8(file.readAll());
        const qsizetype marker = doc.indexOf(QLatin1String(ListStart));
        QVERIFY2(marker >= 0, "docs/decks.md has no list of keys");
        const qsizetype start = doc.indexOf(QLatin1Char('\n'), marker) + 1;
        const qsizetype end = doc.indexOf(QLatin1String(ListEnd), start);
        QVERIFY2(end >= start, "docs/decks.md's list of keys has no end marker");
        const QString listed = doc.mid(start, end - start);
        const QString table = PresenterKeys::markdown();
        if (listed != table) {
            // The list as it should be, beside the test, for the doc.
            QFile expected(QStringLiteral("decks-keys.md"));
            if (expected.open(QIODevice::WriteOnly | QIODevice::Truncate))
                expected.write(table.toUtf8());
        }
        QVERIFY2(listed == table,
                 "docs/decks.md's list of keys is not the table's: put decks-keys.md (written "
                 "beside this test) between its markers");
    }
};

QTEST_GUILESS_MAIN(TestPresenterKeys)
#include "tst_presenterkeys.moc"
