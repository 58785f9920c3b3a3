// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The ORM lab through the real Django ORM, end to end on a small generated database: each way's
// page is the lab's row for row, the queries Django sent are what each way promises (1 + 2N for
// N+1, one for the JOIN and for .extra()), its query log holds them, the lab's file is left as it
// was (opened read-only), and post_save hears only save() while the trigger sees every write;
// every quoted number is in the answer; nothing is left running or on disk. Skipped, naming the
// package, where Django is not installed.

#include <startup/narration.h>
#include <startup/realrun.h>
#include <startup/realservices.h>
#include <startup/sentencebuilder.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace Startup;

namespace {

QByteArray hashOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result();
}

} // namespace

class TestRealOrm : public QObject
{
    Q_OBJECT

private slots:
    void djangoFetchesTheLabsPage()
    {
        const QStringList absent = Real::missingPackages(Real::packagesFor(QStringLiteral("orm")));
        if (!absent.isEmpty())
            QSKIP(qPrintable(Real::missingMessage(absent)));
        QTemporaryDir data, root;
        Real::Request r;
        r.scenario = QJsonObject{{QStringLiteral("model"), QStringLiteral("orm")},
                                 {QStringLiteral("users"), 200},
                                 {QStringLiteral("videos"), 1000},
                                 {QStringLiteral("comments"), 5000},
                                 {QStringLiteral("page_size"), 20}};
        r.source = QStringLiteral("small-orm.json");
        r.realstackDir = QStringLiteral(CURTAIN_SOURCE_DIR "/resources/realstack");
        r.dataFolder = data.path();
        r.temporaryRoot = root.path();
        QString error;
        const QJsonObject answer = Real::run(r, {}, &error);
        QVERIFY2(!answer.isEmpty(), qPrintable(error));
        const QJsonObject model = answer.value(QStringLiteral("model")).toObject();
        const QJsonObject real = answer.value(QStringLiteral("real")).toObject();
        const QString database = model.value(QStringLiteral("database")).toString();
        QVERIFY(database.startsWith(data.path()));
        QCOMPARE(real.value(QStringLiteral("database")).toString(), database);

        const QJsonArray ways = real.value(QStringLiteral("strategies")).toArray();
        QCOMPARE(ways.size(), 3);
        const QList<std::pair<QString, int>> promised{{QStringLiteral("orm-n-plus-1"), 1 + 2 * 20},
                                                      {QStringLiteral("orm-join"), 1},
                                                      {QStringLiteral("raw-sql"), 1}};
        for (int i = 0; i < 3; ++i) {
            const QJsonObject way = ways.at(i).toObject();
            QCOMPARE(way.value(QStringLiteral("strategy")).toString(), promised.at(i).first);
            QCOMPARE(way.value(QStringLiteral("queries")).toInt(), promised.at(i).second);
            QCOMPARE(way.value(QStringLiteral("log")).toArray().size(), promised.at(i).second);
            QCOMPARE(way.value(QStringLiteral("rows")).toInt(), 20);
            QVERIFY(way.value(QStringLiteral("same_page_as_lab")).toBool());
            QVERIFY(way.value(QStringLiteral("ms")).toDouble() > 0);
        }
        QVERIFY(real.value(QStringLiteral("same_page_as_lab")).toBool());
        // The N+1 log asks for a user and a count per video, as the lab's does.
        const QJsonArray log = ways.at(0).toObject().value(QStringLiteral("log")).toArray();
        QVERIFY(log.at(1)
                    .toObject()
                    .value(QStringLiteral("sql"))
                    .toString()
                    .contains(QLatin1String("\"users\"")));
        QVERIFY(log.at(2)
                    .toObject()
                    .value(QStringLiteral("sql"))
                    .toString()
                    .contains(QLatin1String("COUNT(*)")));

        // Signals hear save() only; the trigger sees every write.
        const QJsonArray captures = real.value(QStringLiteral("captures")).toArray();
        QCOMPARE(captures.size(), 4);
        for (const QJsonValue v : captures) {
            const QJsonObject c = v.toObject();
            const int rows = c.value(QStringLiteral("rows")).toInt();
            QVERIFY(rows > 0);
            QCOMPARE(c.value(QStringLiteral("trigger")).toInt(), rows);
            QCOMPARE(c.value(QStringLiteral("signals")).toInt(),
                     c.value(QStringLiteral("way")).toString() == QLatin1String("save") ? rows : 0);
        }

        // Every quoted number is the answer's.
        const QJsonArray summary = answer.value(QStringLiteral("comparison"))
                                       .toObject()
                                       .value(QStringLiteral("summary"))
                                       .toArray();
        QCOMPARE(summary.size(), 5); // the set-up, a sentence a way, the capture
        for (const Narration::Sentence &s : Narration::fromJson(summary)) {
            for (const Narration::Quote &q : s.quotes) {
                const double value = Narration::numberAt(answer, q.source);
                QVERIFY2(qFuzzyCompare(1 + value, 1 + q.value),
                         qPrintable(q.source + QStringLiteral(" in: ") + s.text));
            }
        }

        // Read-only: a second real run leaves the lab's file byte for byte.
        const QByteArray before = hashOf(database);
        QVERIFY(!Real::run(r, {}, &error).isEmpty());
        QCOMPARE(hashOf(database), before);
        QVERIFY(Real::ServiceGroup::processesWith(QFile::encodeName(root.path())).empty());
        QVERIFY(QDir(root.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRealOrm)
#include "tst_realorm.moc"
