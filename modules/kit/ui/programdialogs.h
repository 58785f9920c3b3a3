// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QString>

class QWidget;

namespace Kit {

/** Asks for a Python program to open (SAVE false) or a name to save one under (SAVE true),
 *  starting at SUGGESTED; empty when the learner cancels. */
QString chooseProgramFile(QWidget *parent, bool save, const QString &suggested);

} // namespace Kit
