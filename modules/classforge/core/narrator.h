// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <protocol/protocol.h>

#include <QString>
#include <QStringList>

namespace ClassForge {

struct TraceStep;

/** Plain English for each step, written for a learner (and readable from the back of a room). */
namespace Narrator {

/** What STEP means, in one or two sentences. */
QString narrate(const TraceStep &step);
/** "an" before a name that begins with a vowel (Interned), else "a" (the last dotted part). */
QString article(const QString &noun);

/** The classes a library_classes step folded, one line per library ("django: Options, ..."). */
QString libraryClassList(const TraceStep &step);
/** A step kind in a few words for a label or a list ("the body binds a name"), never the id. */
QString kindName(Protocol::StepKind kind);

} // namespace Narrator

} // namespace ClassForge
