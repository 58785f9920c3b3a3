// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <kit/subcommand.h>

#include <QList>

namespace Kit {
class ModuleRegistry;
} // namespace Kit

namespace Present {

/**
 * `curtain present DECK [--slide N] [--screenshot FILE [--console]]`, `curtain deck check DECK`
 * and `curtain deck export DECK OUT.pdf [--notes] [--run-python]`.
 */
QList<Kit::Subcommand> deckSubcommands(const Kit::ModuleRegistry &registry);

/** Every problem of the deck at PATH, the deck's own, each demo preset's (checked by its
 *  module) and each slide that does not fit SlideView::CheckSize, as "FILE:LINE: message"; *SUMMARY
 * gets a one-line description. *ERROR when the file cannot be read (then the list is empty). */
QStringList checkDeck(const Kit::ModuleRegistry &registry,
                      const QString &path,
                      QString *summary,
                      QString *error);

} // namespace Present
