// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <cstdint>

namespace Scheduler {

/** The real work workers do: computation on a core, and blocking calls into the kernel. */
namespace Work {

/** Iterations of spin() per millisecond on this machine, measured once per process. */
std::uint64_t iterationsPerMs();
/** Real computation: ITERATIONS steps of a hash chain from SEED. Its result defeats the optimiser.
 */
std::uint64_t spin(std::uint64_t iterations, std::uint64_t seed) noexcept;
/** A real blocking call: the thread sleeps in ppoll() on a pipe nobody writes to, for MS. */
void blockingWait(double ms);

} // namespace Work

} // namespace Scheduler
