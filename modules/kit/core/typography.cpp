// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "typography.h"

#include <QRegularExpression>

namespace Kit {

QString bindUnits(QString text)
{
    // A digit, one plain space, then a unit that ends there (not the start of a longer word).
    static const QRegularExpression unit(
        QStringLiteral("(\\d) (%|ms|s|min|h|x|KiB|MiB|GiB|px)(?![\\w])"));
    return text.replace(unit, QStringLiteral("\\1\u00a0\\2"));
}

} // namespace Kit
