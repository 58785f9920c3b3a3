// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "reprtext.h"

#include <QRegularExpression>
#include <QStringList>

namespace PyRunner {

QString cut(QString text)
{
    // Addresses change from run to run; a learner needs the kind of object, not where it is.
    static const QRegularExpression address(QStringLiteral(" at 0x[0-9a-fA-F]+"));
    text.remove(address);
    constexpr int limit = 80;
    if (text.size() > limit)
        text = text.left(limit - 1) + QChar(0x2026);
    return text;
}

bool isImplicitName(const QString &name)
{
    static const QStringList implicit{QStringLiteral("__module__"),
                                      QStringLiteral("__qualname__"),
                                      QStringLiteral("__classcell__"),
                                      QStringLiteral("__doc__"),
                                      QStringLiteral("__annotations__")};
    return implicit.contains(name);
}

} // namespace PyRunner
