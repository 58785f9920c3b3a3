// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <subcommand.h>

#include <QList>

class ModuleRegistry;

/** Registers Curtain's modules, in navigator order. Explicit on purpose: no static magic. */
void registerBuiltInModules(ModuleRegistry &registry);

/** Every headless subcommand `curtain` offers, the shell's own and the modules'. */
QList<Subcommand> builtInSubcommands(const ModuleRegistry &registry);
