// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <kit/subcommand.h>

#include <QList>

namespace Kit {
class ModuleRegistry;
} // namespace Kit

namespace Shell {

/** Registers Curtain's modules, in navigator order. Explicit on purpose: no static magic. */
void registerBuiltInModules(Kit::ModuleRegistry &registry);

/** Every headless subcommand `curtain` offers, the shell's own and the modules'. */
QList<Kit::Subcommand> builtInSubcommands(const Kit::ModuleRegistry &registry);

} // namespace Shell
