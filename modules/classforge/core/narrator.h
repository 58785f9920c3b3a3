#pragma once

#include <QString>

struct TraceStep;

/** Plain English for each step, written for a learner (and readable from the back of a room). */
namespace Narrator {

/** What STEP means, in one or two sentences. */
QString narrate(const TraceStep &step);

} // namespace Narrator
