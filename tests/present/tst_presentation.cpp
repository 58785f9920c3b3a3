// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The navigation a clicker drives: items, demo steps, slides, back across slides, jumps.

#include <present/deck.h>
#include <present/presentation.h>

#include <QDir>
#include <QTest>

using namespace Present;

using Move = Presentation::Move;
using Stop = Presentation::Stop;

class TestPresentation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aDecksStopsAreItsItemsAndSoundDemos()
    {
        // A demo with a bad line is still a demo: the line is lost, not the demo.
        const Deck deck = Deck::parse(QStringLiteral("# One\n\n+ a\n+ b\n---\n"
                                                     "# Two\n\n```demo fake\n```\n---\n"
                                                     "# Three\n\n```demo fake\nnot a line\n```\n"),
                                      QDir::tempPath());
        Presentation talk = Presentation::of(deck);
        QCOMPARE(talk.count(), 3);
        QCOMPARE(talk.forward(), Move::Reveal);
        QCOMPARE(talk.forward(), Move::Reveal);
        QCOMPARE(talk.forward(), Move::EnterSlide);
        QVERIFY(talk.atDemo());
        QCOMPARE(talk.forward([] { return true; }), Move::DemoStep);
        talk.goTo(2);
        QVERIFY(talk.atDemo());
        talk.goTo(0);
        QVERIFY(!talk.atDemo());
    }

    void forwardThroughItemsDemoAndSlides()
    {
        // Slide 0: 2 items. Slide 1: 1 item and a demo of 3 steps. Slide 2: nothing.
        Presentation talk({2, 1, 0}, {false, true, false});
        int demo = 0;
        const auto demoForward = [&] {
            return demo < 3 ? (++demo, true) : false;
        };
        QList<Move> moves;
        QList<Stop> stops;
        for (Move m = talk.forward(demoForward); m != Move::None; m = talk.forward(demoForward)) {
            moves.append(m);
            stops.append(talk.stop());
        }
        const QList<Move> expected{Move::Reveal,
                                   Move::Reveal,
                                   Move::EnterSlide,
                                   Move::Reveal,
                                   Move::DemoStep,
                                   Move::DemoStep,
                                   Move::DemoStep,
                                   Move::EnterSlide};
        QCOMPARE(moves, expected);
        QCOMPARE(stops.at(2), (Stop{1, 0}));
        QCOMPARE(stops.at(6), (Stop{1, 1}));
        QCOMPARE(talk.stop(), (Stop{2, 0}));
        QCOMPARE(talk.forward(demoForward), Move::None); // the end stays the end
    }

    void backRetracesAcrossSlides()
    {
        Presentation talk({2, 1, 0}, {false, true, false});
        talk.goTo(2);
        int demo = 3;
        const auto demoBack = [&] {
            return demo > 0 ? (--demo, true) : false;
        };
        QList<Move> moves;
        for (Move m = talk.back(demoBack); m != Move::None; m = talk.back(demoBack))
            moves.append(m);
        // Into slide 1 at its end: its demo steps back, then its item hides, then slide 0's items.
        const QList<Move> expected{Move::EnterSlide,
                                   Move::DemoStep,
                                   Move::DemoStep,
                                   Move::DemoStep,
                                   Move::Hide,
                                   Move::EnterSlide,
                                   Move::Hide,
                                   Move::Hide};
        QCOMPARE(moves, expected);
        QCOMPARE(talk.stop(), (Stop{0, 0}));
    }

    void demoStepsBackOnlyAsFarAsTheyWent()
    {
        Presentation talk({0}, {true});
        int demo = 0;
        QCOMPARE(talk.forward([&] { return ++demo, true; }), Move::DemoStep);
        QCOMPARE(talk.demoSteps(), 1);
        QCOMPARE(talk.back([&] { return --demo, true; }), Move::DemoStep);
        QCOMPARE(talk.demoSteps(), 0);
        bool asked = false;
        QCOMPARE(talk.back([&] { return asked = true; }), Move::None);
        QVERIFY(!asked); // at the demo's first step there is nothing to take back
    }

    void jumpsAreClampedAndStartAtTheFirstStop_data()
    {
        QTest::addColumn<int>("target");
        QTest::addColumn<bool>("atEnd");
        QTest::addColumn<int>("slide");
        QTest::addColumn<int>("revealed");
        QTest::newRow("third") << 2 << false << 2 << 0;
        QTest::newRow("past the end") << 99 << false << 3 << 0;
        QTest::newRow("before the start") << -4 << false << 0 << 0;
        QTest::newRow("at the end of a slide") << 1 << true << 1 << 4;
    }

    void jumpsAreClampedAndStartAtTheFirstStop()
    {
        QFETCH(int, target);
        QFETCH(bool, atEnd);
        QFETCH(int, slide);
        QFETCH(int, revealed);
        Presentation talk({1, 4, 0, 2}, {});
        talk.forward();
        talk.goTo(target, atEnd);
        QCOMPARE(talk.stop(), (Stop{slide, revealed}));
    }

    void nextStopPreviewsWithoutMoving()
    {
        Presentation talk({1, 0}, {false, false});
        QCOMPARE(talk.nextStop(), (Stop{0, 1}));
        talk.forward();
        QCOMPARE(talk.nextStop(), (Stop{1, 0}));
        QCOMPARE(talk.stop(), (Stop{0, 1}));
        talk.forward();
        QCOMPARE(talk.nextStop(), (Stop{1, 0})); // the last stop previews itself
    }

    void anEmptyTalkGoesNowhere()
    {
        Presentation talk({}, {});
        QCOMPARE(talk.forward(), Move::None);
        QCOMPARE(talk.back(), Move::None);
        talk.goTo(3);
        QCOMPARE(talk.slide(), 0);
    }
};

QTEST_MAIN(TestPresentation)
#include "tst_presentation.moc"
