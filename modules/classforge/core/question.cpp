// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "question.h"

#include "traceplayer.h"

#include <QJsonArray>

#include <random>

namespace ClassForge {

std::optional<Question> Question::forStep(const Trace &trace, int index)
{
    if (index < 0 || index >= trace.steps.size())
        return std::nullopt;
    const TraceStep &step = trace.steps.at(index);
    if (!TracePlayer::isKeyKind(step.kind))
        return std::nullopt;

    const bool metaclass = step.kind == Protocol::StepKind::DetermineMetaclass;
    const char *key = metaclass ? "metaclass" : "function";
    const QString correct = step.text(key);

    // Distractors come from what exists before this step (nothing the program has not made yet),
    // plus the defaults every class meets.
    QStringList pool = metaclass ? QStringList{QStringLiteral("type")}
                                 : QStringList{QStringLiteral("type.__new__"),
                                               QStringLiteral("type.__init__"),
                                               QStringLiteral("type.__call__"),
                                               QStringLiteral("object.__new__"),
                                               QStringLiteral("object.__init__")};
    for (int i = 0; i < index; ++i) {
        const TraceStep &other = trace.steps.at(i);
        const bool sameQuestion = metaclass
                                      ? other.kind == Protocol::StepKind::DetermineMetaclass
                                      : TracePlayer::isKeyKind(other.kind)
                                            && other.kind != Protocol::StepKind::DetermineMetaclass;
        if (sameQuestion && !other.text(key).isEmpty())
            pool.append(other.text(key));
        if (other.kind != Protocol::StepKind::ClassCreated)
            continue;
        // A metaclass made before this step: a fair wrong answer (and its methods).
        const bool isMetaclass = other.detail.value(QStringLiteral("mro"))
                                     .toArray()
                                     .contains(QJsonValue(QStringLiteral("type")));
        if (metaclass) {
            pool.append(other.text("metaclass"));
            if (isMetaclass)
                pool.append(other.className);
        } else if (isMetaclass) {
            for (const char *method : {"__new__", "__init__", "__call__"})
                pool.append(other.className + QLatin1Char('.') + QLatin1String(method));
        }
    }
    pool.removeDuplicates();
    pool.removeAll(correct);
    pool.sort();

    std::mt19937 random(unsigned(index) * 2654435761U + 7U); // the same question every time
    std::shuffle(pool.begin(), pool.end(), random);
    QStringList choices = pool.mid(0, 3);
    if (choices.isEmpty())
        return std::nullopt;
    choices.append(correct);
    std::shuffle(choices.begin(), choices.end(), random);

    Question question;
    question.stepIndex = index;
    question.choices = choices;
    question.answer = int(choices.indexOf(correct));
    question.prompt = metaclass
                          ? QStringLiteral("Which metaclass will build %1?").arg(step.className)
                          : QStringLiteral("%1: what runs next?").arg(step.className);
    return question;
}

} // namespace ClassForge
