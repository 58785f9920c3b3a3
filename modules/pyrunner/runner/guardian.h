// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <sys/types.h>
#include <vector>

/**
 * The runner's guardian: a small process forked before Python starts that outlives the runner by
 * a moment. The kernel kills the runner and a run's own process when the app dies
 * (PR_SET_PDEATHSIG), but not what the learner's program started (multiprocessing's children,
 * python3 from subprocess): with the runner gone they would be handed to init and live on. The
 * runner tells the guardian each run's session over a pipe; while a run lives the guardian looks at
 * its processes every few tens of milliseconds and knows each by its parent, so that one that
 * left the session (setsid, start_new_session) is still the run's. When the pipe closes without
 * the run's end (the runner was killed), the guardian stops and kills every process of the run.
 */
namespace PyRunner::Guardian {

/** Forks the guardian. Call first thing in main, before any thread starts. */
void start();
/** The run in session SESSION began / ended (and left nothing behind). */
void runStarted(pid_t session);
void runEnded(pid_t session);
/** In a run's fork: lets go of the pipe, so that only the runner's death closes it. */
void release();

/** The pids of the processes in process group or session GROUP, or whose parent is PARENT
 *  (from /proc), with or without ZOMBIES; never the guardian. */
std::vector<pid_t> processesOf(pid_t group, pid_t parent, bool zombies = true);

} // namespace PyRunner::Guardian
