// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include <startup/ormlab.h>

#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Startup;

class TestOrmLab : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    const OrmLab::Size m_size{200, 2000, 20000, 7};

private slots:
    void generatesOnFirstUseAndReusesAfter()
    {
        const QString path = m_dir.filePath(QStringLiteral("orm.sqlite"));
        QString error;
        QList<double> progress;
        QVERIFY2(OrmLab::open(path,
                              QStringLiteral("a"),
                              m_size,
                              &error,
                              [&progress](double p) { progress.append(p); }),
                 qPrintable(error));
        QVERIFY(QFileInfo::exists(path));
        QVERIFY(!QFileInfo::exists(path + QStringLiteral(".part")));
        QCOMPARE(progress.last(), 1.0);
        QSqlDatabase db = QSqlDatabase::database(QStringLiteral("a"));
        QSqlQuery q(db);
        for (const auto &[table, count] :
             {std::pair{"users", 200}, {"videos", 2000}, {"comments", 20000}}) {
            QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(QLatin1String(table))));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toInt(), count);
        }
        const QDateTime made = QFileInfo(path).lastModified();
        progress.clear();
        QVERIFY(OrmLab::open(path, QStringLiteral("b"), m_size, &error, [&progress](double p) {
            progress.append(p);
        }));
        QVERIFY(progress.isEmpty()); // not generated again
        QCOMPARE(QFileInfo(path).lastModified(), made);
    }

    void threeStrategiesOnePage()
    {
        QSqlDatabase db = QSqlDatabase::database(QStringLiteral("a"));
        const OrmLab::Fetch n = OrmLab::nPlusOne(db, 50);
        const OrmLab::Fetch j = OrmLab::join(db, 50);
        const OrmLab::Fetch r = OrmLab::rawSql(db, 50);
        QCOMPARE(n.rows.size(), 50);
        QVERIFY(n.rows == j.rows); // the same page, whichever way it was fetched
        QVERIFY(n.rows == r.rows);
        QCOMPARE(n.queries, 1 + 2 * 50);
        QCOMPARE(j.queries, 1);
        QCOMPARE(r.queries, 1);
        QCOMPARE(n.log.size(), n.queries);
        QVERIFY(n.log.at(1).startsWith(QStringLiteral("SELECT id, name FROM users WHERE id =")));
        QVERIFY(n.rows.first().comments > 0); // newer videos have comments
        QVERIFY(!n.rows.first().uploader.isEmpty());
        QVERIFY(n.ms > 0 && j.ms > 0 && r.ms > 0);
    }

    void sameSeedSameDatabase()
    {
        QString error;
        const QString other = m_dir.filePath(QStringLiteral("again.sqlite"));
        QVERIFY(OrmLab::open(other, QStringLiteral("c"), m_size, &error));
        QSqlDatabase a = QSqlDatabase::database(QStringLiteral("a"));
        QSqlDatabase c = QSqlDatabase::database(QStringLiteral("c"));
        QVERIFY(OrmLab::rawSql(a).rows == OrmLab::rawSql(c).rows);
    }

    void unwritablePlaceIsNamed()
    {
        QString error;
        QVERIFY(!OrmLab::open(
            QStringLiteral("/proc/curtain/orm.sqlite"), QStringLiteral("d"), m_size, &error));
        QVERIFY2(error.contains(QStringLiteral("/proc/curtain")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestOrmLab)
#include "tst_ormlab.moc"
