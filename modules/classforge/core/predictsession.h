// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "question.h"

#include <QSet>
#include <QString>

#include <optional>

namespace ClassForge {

/**
 * Predict mode over one trace: which key steps are asked before they are shown, the open
 * question, the score, and the feedback that stays on screen until the learner moves on. A
 * pending question never traps a clicker: the next step forward reveals its answer.
 */
class PredictSession final
{
public:
    /** What the view does after a step forward. */
    enum class Move {
        Ask,      // a question is open: show it, do not move
        Revealed, // an open question was answered by moving on: seek to its step
        Step,     // nothing to ask: step forward as usual
    };

    /** Forgets the trace's questions and answers (a new run); the score stays for the talk. */
    void reset();
    void setEnabled(bool on) { m_enabled = on; }
    bool isEnabled() const { return m_enabled; }

    /** A step forward from step CURRENT of TRACE: asks before a key step not yet answered. */
    Move forward(const Trace &trace, int current);
    /** Answers the open question with CHOICE; returns the step it was about (-1: none open). */
    int answer(int choice);

    /** The open question, if any. */
    const std::optional<Question> &question() const { return m_question; }
    /** The step the open or last answered question is about (seek there after a reveal). */
    int questionStep() const { return m_feedbackStep; }
    /** The feedback to show at step INDEX: the last answer's, only at the step it answered. */
    QString feedbackAt(int index) const;
    /** Forgets feedback that no longer belongs to the step INDEX on screen. */
    void moved(int index);

    int correct() const { return m_correct; }
    int asked() const { return m_asked; }

private:
    bool m_enabled = false;
    std::optional<Question> m_question;
    QSet<int> m_answered;
    QString m_feedback;
    int m_feedbackStep = -1;
    int m_correct = 0;
    int m_asked = 0;
};

} // namespace ClassForge
