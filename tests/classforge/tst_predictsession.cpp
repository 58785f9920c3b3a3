// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Predict mode as a session: asked before key steps only, never twice, a clicker moves on past
// an open question, the score counts answers, feedback stays at its step only.

#include "../support/classtrace.h"

#include <classforge/predictsession.h>

#include <QTest>

using namespace ClassForge;

namespace {

/** class Meta(type); class Person(metaclass=Meta): the metaclass is picked, then __new__ runs. */
Trace sample()
{
    Trace trace;
    trace.steps = {
        step("class_created",
             "Meta",
             {{QStringLiteral("mro"), list({"Meta", "type", "object"})},
              {QStringLiteral("metaclass"), QStringLiteral("type")}}),
        step("class_statement", "Person"),
        step("determine_metaclass",
             "Person",
             {{QStringLiteral("metaclass"), QStringLiteral("Meta")}}),
        step("namespace_set", "Person", {{QStringLiteral("name"), QStringLiteral("x")}}),
        step("meta_new", "Person", {{QStringLiteral("function"), QStringLiteral("type.__new__")}}),
    };
    for (int i = 0; i < trace.steps.size(); ++i)
        trace.steps[i].index = i;
    return trace;
}

} // namespace

class TestPredictSession : public QObject
{
    Q_OBJECT

private slots:
    void offAsksNothing()
    {
        PredictSession session;
        const Trace trace = sample();
        for (int i = 0; i < trace.steps.size(); ++i)
            QCOMPARE(session.forward(trace, i), PredictSession::Move::Step);
    }

    void asksBeforeKeyStepsOnly()
    {
        PredictSession session;
        session.setEnabled(true);
        const Trace trace = sample();
        QCOMPARE(session.forward(trace, 0), PredictSession::Move::Step); // class_statement
        QCOMPARE(session.forward(trace, 1), PredictSession::Move::Ask);  // determine_metaclass
        QVERIFY(session.question());
        QCOMPARE(session.question()->stepIndex, 2);
        QVERIFY(session.question()->choices.contains(QStringLiteral("Meta")));
    }

    void aRightAnswerScoresAndIsNotAskedAgain()
    {
        PredictSession session;
        session.setEnabled(true);
        const Trace trace = sample();
        QCOMPARE(session.forward(trace, 1), PredictSession::Move::Ask);
        const Question question = *session.question();
        QCOMPARE(session.answer(question.answer), 2);
        QVERIFY(!session.question());
        QCOMPARE(session.correct(), 1);
        QCOMPARE(session.asked(), 1);
        QVERIFY(session.feedbackAt(2).contains(QStringLiteral("Right!")));
        QVERIFY(session.feedbackAt(3).isEmpty());
        // Back and forward again over the same step: answered, not asked again.
        QCOMPARE(session.forward(trace, 1), PredictSession::Move::Step);
        QCOMPARE(session.answer(0), -1); // nothing open
    }

    void aWrongAnswerSaysTheRightOne()
    {
        PredictSession session;
        session.setEnabled(true);
        const Trace trace = sample();
        QCOMPARE(session.forward(trace, 1), PredictSession::Move::Ask);
        const Question question = *session.question();
        const int wrong = question.answer == 0 ? 1 : 0;
        session.answer(wrong);
        QCOMPARE(session.correct(), 0);
        QCOMPARE(session.asked(), 1);
        QVERIFY(session.feedbackAt(2).contains(question.choices.at(question.answer)));
    }

    void aClickerRevealsAnOpenQuestion()
    {
        PredictSession session;
        session.setEnabled(true);
        const Trace trace = sample();
        QCOMPARE(session.forward(trace, 1), PredictSession::Move::Ask);
        QCOMPARE(session.forward(trace, 1), PredictSession::Move::Revealed);
        QCOMPARE(session.questionStep(), 2);
        QCOMPARE(session.asked(), 0); // not answered: not scored
        QVERIFY(session.feedbackAt(2).contains(QStringLiteral("It was Meta")));
    }

    void feedbackGoesWhenTheLearnerMovesOn()
    {
        PredictSession session;
        session.setEnabled(true);
        const Trace trace = sample();
        session.forward(trace, 1);
        session.answer(session.question()->answer);
        session.moved(2);
        QVERIFY(!session.feedbackAt(2).isEmpty());
        session.moved(3);
        QVERIFY(session.feedbackAt(2).isEmpty());
    }

    void resetForgetsAnswersButKeepsTheScore()
    {
        PredictSession session;
        session.setEnabled(true);
        const Trace trace = sample();
        session.forward(trace, 1);
        session.answer(session.question()->answer);
        session.reset();
        QCOMPARE(session.correct(), 1);
        QCOMPARE(session.forward(trace, 1), PredictSession::Move::Ask); // a new run asks again
    }
};

QTEST_GUILESS_MAIN(TestPredictSession)
#include "tst_predictsession.moc"
