// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include <kit/pagetabs.h>
#include <kit/stage.h>

#include <QLabel>
#include <QPushButton>
#include <QTest>
#include <QVBoxLayout>

using namespace Kit;

class TestStage : public QObject
{
    Q_OBJECT

private slots:
    void offStageWidgetsLeaveAndComeBackAsTheyWere()
    {
        QWidget view;
        auto *column = new QVBoxLayout(&view);
        auto *form = new QPushButton(QStringLiteral("Run"));
        auto *stop = new QPushButton(QStringLiteral("Stop"));
        auto *picture = new QLabel(QStringLiteral("the run"));
        for (QWidget *w : std::initializer_list<QWidget *>{form, stop, picture})
            column->addWidget(w);
        markOffStage(form);
        markOffStage(stop);
        stop->hide(); // hidden by its module before the talk: it stays hidden after
        view.show();
        QVERIFY(!isStaged(&view));

        setStaged(&view, true);
        QVERIFY(isStaged(&view));
        QVERIFY(form->isHidden());
        QVERIFY(stop->isHidden());
        QVERIFY(!picture->isHidden());
        setStaged(&view, true); // twice changes nothing
        QVERIFY(form->isHidden());

        setStaged(&view, false);
        QVERIFY(!isStaged(&view));
        QVERIFY(!form->isHidden());
        QVERIFY(stop->isHidden());
        QVERIFY(!picture->isHidden());
        setStaged(&view, false);
        QVERIFY(stop->isHidden());
    }

    void aWidgetThatShowsItselfOnStageStaysOff()
    {
        // A breakdown that appears once a run has one, while the view is on the stage: it keeps
        // off it, and is there once the view leaves the stage.
        QWidget view;
        auto *column = new QVBoxLayout(&view);
        auto *breakdown = new QLabel(QStringLiteral("breakdown"));
        column->addWidget(breakdown);
        markOffStage(breakdown);
        breakdown->hide();
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        setStaged(&view, true);
        breakdown->show(); // the run answered
        QTRY_VERIFY(breakdown->isHidden());
        setStaged(&view, false);
        QVERIFY(!breakdown->isHidden());
        // Off the stage, its own code is obeyed at once.
        breakdown->hide();
        QTest::qWait(20);
        QVERIFY(breakdown->isHidden());
        breakdown->show();
        QTest::qWait(20);
        QVERIFY(!breakdown->isHidden());
    }

    void adviceOnTheFormIsSaidOffTheStageOnly_data()
    {
        QTest::addColumn<QString>("words");
        QTest::addColumn<QString>("advice");
        QTest::addColumn<QString>("off");
        QTest::newRow("both") << QStringLiteral("Busy during 3 runs.")
                              << QStringLiteral("Close them and run again.")
                              << QStringLiteral("Busy during 3 runs. Close them and run again.");
        QTest::newRow("no advice") << QStringLiteral("Busy during 3 runs.") << QString()
                                   << QStringLiteral("Busy during 3 runs.");
        QTest::newRow("advice alone")
            << QString() << QStringLiteral("Press Run.") << QStringLiteral("Press Run.");
    }
    void adviceOnTheFormIsSaidOffTheStageOnly()
    {
        QFETCH(QString, words);
        QFETCH(QString, advice);
        QFETCH(QString, off);
        QWidget view;
        auto *column = new QVBoxLayout(&view);
        auto *page = new QWidget;
        column->addWidget(page);
        auto *note = new QLabel(page);
        sayWithAdvice(note, words, advice);
        QCOMPARE(note->text(), off);
        setStaged(&view, true);
        QCOMPARE(note->text(), words);
        // Said anew while on the stage: still without the advice.
        sayWithAdvice(note, words + QStringLiteral(" Again."), advice);
        QCOMPARE(note->text(), words + QStringLiteral(" Again."));
        setStaged(&view, false);
        QCOMPARE(note->text().startsWith(words + QStringLiteral(" Again.")), true);
        QCOMPARE(note->text().endsWith(advice), true);
    }

    void tabRowsAreOffStageAndThePagesGoRound()
    {
        QWidget view;
        auto *column = new QVBoxLayout(&view);
        auto *outer = new PageTabs;
        column->addWidget(outer);
        auto *first = new QWidget;
        auto *inner = new PageTabs(first);
        inner->addTab(new QLabel(QStringLiteral("a")), QStringLiteral("A"));
        inner->addTab(new QLabel(QStringLiteral("b")), QStringLiteral("B"));
        outer->addTab(first, QStringLiteral("First"));
        outer->addTab(new QLabel(QStringLiteral("second")), QStringLiteral("Second"));
        outer->addTab(new QLabel(QStringLiteral("third")), QStringLiteral("Third"));
        view.show();

        setStaged(&view, true);
        const auto bars = view.findChildren<QWidget *>();
        int hiddenRows = 0;
        for (QWidget *w : bars)
            hiddenRows += isOffStage(w) && w->isHidden() ? 1 : 0;
        QCOMPARE(hiddenRows, 2); // both rows of tabs

        // The outermost pages turn, not the ones inside the first page.
        QCOMPARE(outer->currentIndex(), 0);
        QVERIFY(showNextPage(&view));
        QCOMPARE(outer->currentIndex(), 1);
        QVERIFY(showNextPage(&view));
        QVERIFY(showNextPage(&view));
        QCOMPARE(outer->currentIndex(), 0);
        QCOMPARE(inner->currentIndex(), 0);

        QWidget plain;
        QVERIFY(!showNextPage(&plain));
        QVERIFY(!showNextPage(nullptr));
    }
};

QTEST_MAIN(TestStage)
#include "tst_stage.moc"
