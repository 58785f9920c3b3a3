// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "stopsignals.h"

namespace Kit {

namespace {

std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};

extern "C" void onStopSignal(int signal)
{
    // Async-signal-safe: two lock-free stores; the work notices at its next check point.
    g_signal.store(signal);
    g_stop.store(true);
}

} // namespace

StopOnSignals::StopOnSignals()
{
    g_stop = false;
    g_signal = 0;
    struct sigaction action = {};
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &m_int);
    sigaction(SIGTERM, &action, &m_term);
}

StopOnSignals::~StopOnSignals()
{
    sigaction(SIGINT, &m_int, nullptr);
    sigaction(SIGTERM, &m_term, nullptr);
}

const std::atomic<bool> &StopOnSignals::flag() const
{
    return g_stop;
}

int StopOnSignals::signal() const
{
    return g_signal.load();
}

} // namespace Kit
