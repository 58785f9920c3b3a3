// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QString>

class QWidget;

namespace Shell {

/** The About Curtain text (rich text): what it is and the versions it runs with. */
QString aboutText();

/** Shows the About Curtain box over PARENT. */
void showAboutDialog(QWidget *parent);

} // namespace Shell
