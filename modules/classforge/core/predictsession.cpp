// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "predictsession.h"

#include <QCoreApplication>

namespace ClassForge {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PredictSession", text);
}
} // namespace

void PredictSession::reset()
{
    m_question.reset();
    m_answered.clear();
    m_feedback.clear();
    m_feedbackStep = -1;
}

PredictSession::Move PredictSession::forward(const Trace &trace, int current)
{
    if (m_question) {
        const Question question = *m_question;
        m_question.reset();
        m_answered.insert(question.stepIndex);
        m_feedback
            = tr("%1 It was %2.").arg(question.prompt, question.choices.value(question.answer));
        m_feedbackStep = question.stepIndex;
        return Move::Revealed;
    }
    const int next = current + 1;
    if (m_enabled && next < trace.steps.size() && !m_answered.contains(next)) {
        if (auto question = Question::forStep(trace, next)) {
            m_question = question;
            m_feedback.clear();
            m_feedbackStep = next;
            return Move::Ask;
        }
    }
    return Move::Step;
}

int PredictSession::answer(int choice)
{
    if (!m_question)
        return -1;
    const Question question = *m_question;
    m_question.reset();
    m_answered.insert(question.stepIndex);
    ++m_asked;
    const bool right = choice == question.answer;
    m_correct += right ? 1 : 0;
    m_feedback
        = tr("You said %1. %2 Score: %3 of %4.")
              .arg(question.choices.value(choice),
                   right ? tr("Right!")
                         : tr("Not quite: it was %1.").arg(question.choices.value(question.answer)))
              .arg(m_correct)
              .arg(m_asked);
    m_feedbackStep = question.stepIndex;
    return question.stepIndex;
}

QString PredictSession::feedbackAt(int index) const
{
    return index == m_feedbackStep && !m_question ? m_feedback : QString();
}

void PredictSession::moved(int index)
{
    if (!m_question && index != m_feedbackStep) {
        m_feedback.clear();
        m_feedbackStep = -1;
    }
}

} // namespace ClassForge
