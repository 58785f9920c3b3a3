// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "trace.h"

#include <QStringList>

#include <optional>

namespace ClassForge {

/** A prediction asked before a key step: what runs next, or which metaclass Python picks. */
struct Question
{
    int stepIndex = -1;
    QString prompt;
    QStringList choices;
    int answer = -1; // index into choices

    /** The question for step INDEX of TRACE, or none when that step is not worth predicting. */
    static std::optional<Question> forStep(const Trace &trace, int index);
};

} // namespace ClassForge
