// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "timeline.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <vector>

namespace Scheduler {

/**
 * How a presenter's clicker steps through a replayed run (a deck's `step:` key): from one event
 * worth seeing to the next, or every so many milliseconds of the run.
 */
struct StepRule
{
    enum class By : std::uint8_t {
        Events,  // hand-offs, lock waits and task starts
        Handoff, // each time a GIL passes from one thread to another
        Lock,    // each time a worker starts waiting for a lock
        Task,    // each time a task starts
        Every,   // every everyNs of the run
    };
    By by = By::Events;
    std::int64_t everyNs = 0;

    /** The stops any rule keeps at most (the first of events closer than a MaxStops-th of the
     *  run): a clicker's worth for one demo. */
    static constexpr int MaxStops = 24;

    /** Reads "events", "handoff", "lock", "task" or "ms:N"; nullopt and *ERROR when it is none. */
    static std::optional<StepRule> parse(const QString &text, QString *error = nullptr);
    /** The values parse() takes, for a message. */
    static QStringList choices();
};

/**
 * The moments of TIMELINE a press stops at, by RULE: sorted, each once, at most about
 * StepRule::MaxStops of them (the first of events closer together), after the run's start and
 * ending with its end (so the last press shows the whole run). A rule the run has no event for
 * (hand-offs in a run without a GIL) steps by a twentieth of the run instead; *FELLBACK says so.
 */
std::vector<std::int64_t>
presentStops(const Timeline &timeline, const StepRule &rule, bool *fellBack = nullptr);

/** The GIL hand-offs of TIMELINE: when a process's GIL is taken by another thread than the last. */
std::vector<std::int64_t> gilHandoffs(const Timeline &timeline);

} // namespace Scheduler
