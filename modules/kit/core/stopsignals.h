// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <atomic>
#include <csignal>

namespace Kit {

/**
 * While it lives, SIGINT and SIGTERM set a flag instead of ending the process, so a long
 * headless command stops at its next check point and still prints what it has. One at a time.
 */
class StopOnSignals final
{
public:
    StopOnSignals();
    ~StopOnSignals();
    StopOnSignals(const StopOnSignals &) = delete;
    StopOnSignals &operator=(const StopOnSignals &) = delete;

    /** The flag to hand to the work: true once a signal came. */
    const std::atomic<bool> &flag() const;
    bool stopped() const { return flag().load(); }
    /** The signal that came (SIGINT or SIGTERM), or 0. */
    int signal() const;

private:
    struct sigaction m_int = {};
    struct sigaction m_term = {};
};

} // namespace Kit
