// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QString>

namespace Kit {

/**
 * TEXT with a no-break space between each number and the unit after it ("10.6 %", "28.5 s",
 * "41 ms", "3 MiB"), so that a line never wraps a number away from its unit ("(10.6" / "%)").
 * Words after a number ("3 runs") may still wrap; nothing else changes.
 */
QString bindUnits(QString text);

} // namespace Kit
