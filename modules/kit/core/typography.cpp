// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "typography.h"

#include <QRegularExpression>

namespace Kit {

QString bindUnits(QString text)
{
    // A digit, one plain space, then the word or unit it counts.
    static const QRegularExpression counted(QStringLiteral("(\\d) (?=[^\\s])"));
    return text.replace(counted, QStringLiteral("\\1\u00a0"));
}

} // namespace Kit
