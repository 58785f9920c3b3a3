// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include <kit/stage.h>
#include <kit/wholelines.h>

#include <QHeaderView>
#include <QScrollBar>
#include <QTableWidget>
#include <QTest>
#include <QTextEdit>
#include <QVBoxLayout>

using namespace Kit;

class TestWholeLines : public QObject
{
    Q_OBJECT

private:
    /** The bottom of every line EDIT shows that its viewport's top cuts nothing of, in viewport
     *  coordinates: whatever the cover leaves must end at one of them. */
    static QList<int> lineBottoms(const QTextEdit *edit)
    {
        QList<int> bottoms;
        QTextCursor cursor(edit->document());
        do {
            const QRect r = edit->cursorRect(cursor);
            if (!bottoms.contains(r.bottom()))
                bottoms.append(r.bottom());
        } while (cursor.movePosition(QTextCursor::Down));
        return bottoms;
    }

private slots:
    void theRoomSeesWholeLinesOnly_data()
    {
        QTest::addColumn<double>("linesHigh");
        QTest::addColumn<int>("scroll");
        QTest::newRow("half a line cut") << 6.5 << 0;
        QTest::newRow("a third cut, scrolled") << 8.33 << 37;
        QTest::newRow("nearly a whole line cut") << 5.9 << 0;
    }
    void theRoomSeesWholeLinesOnly()
    {
        QFETCH(double, linesHigh);
        QFETCH(int, scroll);
        QWidget view;
        auto *column = new QVBoxLayout(&view);
        column->setContentsMargins(0, 0, 0, 0);
        auto *edit = new QTextEdit;
        column->addWidget(edit);
        QStringList text;
        for (int i = 1; i <= 60; ++i)
            text.append(QStringLiteral("line %1").arg(i));
        edit->setPlainText(text.join(QLatin1Char('\n')));
        showWholeLinesOnStage(edit);
        const int line = edit->fontMetrics().lineSpacing();
        view.resize(400, int(linesHigh * line) + 2 * edit->frameWidth());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        edit->verticalScrollBar()->setValue(scroll);
        auto *cover = edit->viewport()->findChild<QWidget *>(QStringLiteral("kit.wholeLinesCover"));
        QVERIFY(cover);
        QTest::qWait(20);
        QVERIFY(cover->isHidden()); // off the stage: as it was
        QVERIFY(edit->verticalScrollBar()->isVisible());

        setStaged(&view, true);
        showWholeLinesOnStage(edit);
        QTRY_VERIFY(!cover->isHidden());
        QVERIFY(!edit->verticalScrollBar()->isVisible());
        QCOMPARE(cover->geometry().bottom(), edit->viewport()->height() - 1);
        // What the cover leaves ends with a whole line, and less than a line is covered.
        const int shown = cover->geometry().top();
        QCOMPARE(shown, wholeLinesHeight(edit));
        QVERIFY(edit->viewport()->height() - shown <= line);
        bool endsAtALine = false;
        for (const int bottom : lineBottoms(edit))
            endsAtALine = endsAtALine || (bottom < shown && shown - bottom <= line / 2);
        QVERIFY2(endsAtALine, qPrintable(QString::number(shown)));

        setStaged(&view, false);
        showWholeLinesOnStage(edit);
        QTRY_VERIFY(cover->isHidden());
        QTRY_VERIFY(edit->verticalScrollBar()->isVisible());
    }

    void theRoomSeesWholeRowsOnly()
    {
        QWidget view;
        auto *column = new QVBoxLayout(&view);
        column->setContentsMargins(0, 0, 0, 0);
        auto *table = new QTableWidget(40, 2);
        column->addWidget(table);
        for (int r = 0; r < 40; ++r)
            table->setItem(r, 0, new QTableWidgetItem(QStringLiteral("row %1").arg(r)));
        table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
        table->verticalHeader()->setDefaultSectionSize(30);
        showWholeRowsOnStage(table);
        view.resize(300,
                    table->horizontalHeader()->sizeHint().height() + 30 * 5 + 17
                        + 2 * table->frameWidth());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto *cover
            = table->viewport()->findChild<QWidget *>(QStringLiteral("kit.wholeLinesCover"));
        QVERIFY(cover);
        QTest::qWait(20);
        QVERIFY(cover->isHidden());
        setStaged(&view, true);
        showWholeRowsOnStage(table);
        QTRY_VERIFY(!cover->isHidden());
        // Five whole rows of 30 px, the sixth covered; scrolled a row, still whole rows.
        QCOMPARE(cover->geometry().top(), 150);
        table->verticalScrollBar()->setValue(3);
        QTRY_COMPARE(table->rowAt(0), 3);
        QTRY_COMPARE(cover->geometry().top(), wholeRowsHeight(table));
        QCOMPARE(cover->geometry().top() % 30, 0);
        QCOMPARE(cover->geometry().bottom(), table->viewport()->height() - 1);
        setStaged(&view, false);
        showWholeRowsOnStage(table);
        QTRY_VERIFY(cover->isHidden());
    }
};

QTEST_MAIN(TestWholeLines)
#include "tst_wholelines.moc"
