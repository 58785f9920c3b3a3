// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "deck.h"

#include <kit/preset.h>

#include <QString>
#include <QStringList>

#include <functional>

namespace Present {

/**
 * `curtain deck check` without a window: a deck's own problems and each demo's preset checked by
 * the module it names. Which modules exist and how each checks a preset is the caller's to say
 * (the app's module registry), so the check is tested with a stand-in.
 */
namespace DeckCheck {

/** Checks PRESET for the module MODULEID (one of the known ones). */
using PresetCheck = std::function<QList<Kit::PresetProblem>(const QString &moduleId,
                                                            const Kit::DemoPreset &preset)>;

/** What was found: every problem as "FILE:LINE: message" in line order, and a summary. */
struct Report
{
    QStringList problems;
    QString summary; // FILE: "TITLE", N slides, N demos, N pictures: sound | N problems
};

/** "unknown demo module "MODULE" (Curtain has IDS)": a demo naming no module of MODULEIDS. */
QString unknownModule(const QString &module, const QStringList &moduleIds);

/** PRESET without its entries at the lines PROBLEMS name: a bad key is lost, not its demo. */
Kit::DemoPreset withoutProblems(const Kit::DemoPreset &preset,
                                const QList<Kit::PresetProblem> &problems);

/** What is wrong with how SLIDE shows (it does not fit the screen), or an empty string. */
using SlideCheck = std::function<QString(const Slide &slide)>;

/** Every problem of DECK: its own, a demo naming none of MODULEIDS, what CHECK finds in each
 *  demo's preset, and what SLIDECHECK (if given) finds in each slide. */
Report check(const Deck &deck,
             const QStringList &moduleIds,
             const PresetCheck &check,
             const SlideCheck &slideCheck = {});

} // namespace DeckCheck

} // namespace Present
