// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// ClassGraph::route: edges of the object graph go around boxes, never through one, so no arrow
// reads as a relation it is not.

#include <classforge/classgraph.h>

#include <QLineF>
#include <QTest>

using namespace ClassForge;

namespace {

/** Whether the segment A-B passes through the inside of BOX (touching its border is fine). */
bool crosses(QPointF a, QPointF b, const QRectF &box)
{
    const QRectF inside = box.adjusted(1, 1, -1, -1);
    for (int i = 0; i <= 200; ++i) {
        const QPointF p = a + (b - a) * (i / 200.0);
        if (inside.contains(p))
            return true;
    }
    return false;
}

} // namespace

class TestClassGraph : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void routesAvoidEveryOtherBox_data()
    {
        QTest::addColumn<QRectF>("from");
        QTest::addColumn<QRectF>("to");
        QTest::addColumn<QList<QRectF>>("others");
        QTest::addColumn<bool>("straight");
        // Rows 100 apart, boxes 120 x 40, lanes of 60 between rows.
        const QRectF top(200, 0, 120, 40);
        const QRectF middle(200, 100, 120, 40);
        const QRectF bottom(200, 200, 120, 40);
        const QRectF left(0, 0, 120, 40);
        const QRectF right(400, 0, 120, 40);
        QTest::newRow("nothing between: straight") << bottom << middle << QList<QRectF>{} << true;
        QTest::newRow("a box between rows (Enforcer -> object past Field)")
            << bottom << top << QList<QRectF>{middle} << false;
        QTest::newRow("a box between in one row") << left << right << QList<QRectF>{top} << false;
        QTest::newRow("downwards past a box") << top << bottom << QList<QRectF>{middle} << false;
        QTest::newRow("diagonal past a box") << QRectF(0, 200, 120, 40) << right
                                             << QList<QRectF>{QRectF(200, 100, 120, 40)} << false;
    }

    void routesAvoidEveryOtherBox()
    {
        QFETCH(QRectF, from);
        QFETCH(QRectF, to);
        QFETCH(QList<QRectF>, others);
        QFETCH(bool, straight);
        const QList<QPointF> path = ClassGraph::route(from, to, others, 60);
        QVERIFY(path.size() >= 2);
        QCOMPARE(path.size() == 2, straight);
        for (int i = 0; i + 1 < path.size(); ++i) {
            for (const QRectF &box : others)
                QVERIFY2(!crosses(path.at(i), path.at(i + 1), box),
                         qPrintable(QStringLiteral("segment %1 crosses a box").arg(i)));
        }
        // It starts on FROM's border and ends on TO's (the arrowhead touches the target).
        const auto onBorder = [](QPointF p, const QRectF &box) {
            return box.adjusted(-0.5, -0.5, 0.5, 0.5).contains(p)
                   && !box.adjusted(1, 1, -1, -1).contains(p);
        };
        QVERIFY(onBorder(path.first(), from));
        QVERIFY(onBorder(path.last(), to));
    }

    void edgesSharingALaneAreApart()
    {
        const QRectF from(200, 200, 120, 40);
        const QRectF to(200, 0, 120, 40);
        const QList<QRectF> others{QRectF(200, 100, 120, 40)};
        const QList<QPointF> a = ClassGraph::route(from, to, others, 60, 0);
        const QList<QPointF> b = ClassGraph::route(from, to, others, 60, 12);
        QVERIFY(a != b);
    }
};

QTEST_MAIN(TestClassGraph)
#include "tst_classgraph.moc"
