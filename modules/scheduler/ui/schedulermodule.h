// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <memory>

namespace Kit {
class Module;
} // namespace Kit

namespace Scheduler {

/** The Scheduler Lab module, ready to register with the shell. */
std::unique_ptr<Kit::Module> createSchedulerModule();

} // namespace Scheduler
