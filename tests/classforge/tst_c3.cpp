// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include <classforge/c3.h>

#include <QHash>
#include <QTest>

using namespace ClassForge;

class TestC3 : public QObject
{
    Q_OBJECT

private:
    // MROs as CPython computes them for the classes below (checked with python3).
    const QHash<QString, QStringList> m_known{
        {QStringLiteral("object"), {QStringLiteral("object")}},
        {QStringLiteral("A"), {QStringLiteral("A"), QStringLiteral("object")}},
        {QStringLiteral("B"), {QStringLiteral("B"), QStringLiteral("A"), QStringLiteral("object")}},
        {QStringLiteral("C"), {QStringLiteral("C"), QStringLiteral("A"), QStringLiteral("object")}},
        {QStringLiteral("X"), {QStringLiteral("X"), QStringLiteral("object")}},
        {QStringLiteral("Y"), {QStringLiteral("Y"), QStringLiteral("object")}},
    };

private slots:
    void merges_data()
    {
        QTest::addColumn<QStringList>("bases");
        QTest::addColumn<QStringList>("mro");
        QTest::addColumn<QStringList>("conflicting");
        // class D(B, C): D, B, C, A, object -- the diamond
        QTest::newRow("diamond") << QStringList{QStringLiteral("B"), QStringLiteral("C")}
                                 << QStringList{QStringLiteral("D"),
                                                QStringLiteral("B"),
                                                QStringLiteral("C"),
                                                QStringLiteral("A"),
                                                QStringLiteral("object")}
                                 << QStringList{};
        QTest::newRow("single") << QStringList{QStringLiteral(
            "A")} << QStringList{QStringLiteral("D"), QStringLiteral("A"), QStringLiteral("object")}
                                << QStringList{};
        QTest::newRow("two roots") << QStringList{QStringLiteral("X"), QStringLiteral("Y")}
                                   << QStringList{QStringLiteral("D"),
                                                  QStringLiteral("X"),
                                                  QStringLiteral("Y"),
                                                  QStringLiteral("object")}
                                   << QStringList{};
        // class D(A, B) with B(A): "Cannot create a consistent method resolution order"
        QTest::newRow("impossible") << QStringList{QStringLiteral("A"), QStringLiteral("B")}
                                    << QStringList{QStringLiteral("D")}
                                    << QStringList{QStringLiteral("A"), QStringLiteral("B")};
    }

    void merges()
    {
        QFETCH(QStringList, bases);
        QFETCH(QStringList, mro);
        QFETCH(QStringList, conflicting);
        const C3Merge merge
            = C3Merge::compute(QStringLiteral("D"), bases, [this](const QString &name) {
                  return m_known.value(name);
              });
        QCOMPARE(merge.ok, conflicting.isEmpty());
        QCOMPARE(merge.mro, mro);
        QCOMPARE(merge.conflicting, conflicting);
        if (merge.ok)
            QCOMPARE(merge.rows.size(), mro.size() - 1); // one pick per row
        else
            QVERIFY(merge.rows.last().picked.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestC3)
#include "tst_c3.moc"
